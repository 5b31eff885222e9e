"""The knowledge base applied to a report: each phase's requests and cookies get their tracker,
service and exemption from the facts the capture recorded (url; name, domain, lifetime), with
the report's jurisdiction and site.

The judge does it first (auditor.rules.apply), so a live crawl and a re-judge of a saved report
go the same way: with the knowledge base of the day, whatever the records said before.

    attribute(report, knowledge)      # fills the records and report["knowledge"], in place
"""
from __future__ import annotations

from auditor.domains import host_of, registrable_domain

from .base import Knowledge


def request_attribution(request: dict, knowledge: Knowledge, site_domain: str) -> dict:
    service = knowledge.classify_request(request["url"], site_domain)
    return {
        "tracker": service.as_tracker() if service and service.tracker else None,
        # Known services that are not trackers (CDN, consent manager...), for readers.
        "service": service.as_tracker() if service and not service.tracker else None,
    }


def cookie_attribution(cookie: dict, knowledge: Knowledge, site_domain: str,
                       jurisdiction: str) -> dict:
    verdict = knowledge.classify_cookie(cookie["name"], cookie["domain"], site_domain,
                                        lifetime_days=cookie.get("lifetime_days"),
                                        jurisdiction=jurisdiction)
    return {"tracker": verdict.tracker, "exempt": verdict.exempt, "exempt_reason": verdict.reason,
            # the reason as a code and params, worded in the report's language (exemption.<code>)
            "exempt_reason_code": verdict.reason_code, "exempt_reason_params": verdict.reason_params,
            "category": verdict.category, "purpose": verdict.purpose, "known": verdict.known}


def site_domain_of(report: dict) -> str:
    """The report's site domain; a failed audit has none written, but may have captured
    phases before it failed (their records are attributed as they were captured)."""
    return report.get("site_domain") or registrable_domain(
        host_of(report.get("final_url") or report.get("url") or ""))


def _phases(phases: dict | None):
    return [phase for phase in (phases or {}).values() if phase]


def attribute(report: dict, knowledge: Knowledge) -> dict:
    """Every record of every phase attributed by `knowledge`, and report["knowledge"] saying
    which knowledge that was (in place, and returned)."""
    phases = _phases(report.get("phases"))
    if any(phase.get("requests") or phase.get("cookies") for phase in phases):
        site_domain = site_domain_of(report)
        jurisdiction = report.get("jurisdiction") or "FR"
        for phase in phases:
            for request in phase.get("requests") or []:
                request.update(request_attribution(request, knowledge, site_domain))
            for cookie in phase.get("cookies") or []:
                cookie.update(cookie_attribution(cookie, knowledge, site_domain, jurisdiction))
    report["knowledge"] = {"versions": dict(knowledge.versions),
                           "attribution": knowledge.attribution}
    return report


def tracker_names(phases: dict, knowledge: Knowledge, site_domain: str,
                  jurisdiction: str) -> set[str]:
    """The names of the trackers `knowledge` sees in captured phases, by request or cookie;
    the records are left as they are (the judge attributes them)."""
    names = set()
    for phase in _phases(phases):
        for request in phase.get("requests") or []:
            tracker = request_attribution(request, knowledge, site_domain)["tracker"]
            if tracker:
                names.add(tracker["name"])
        for cookie in phase.get("cookies") or []:
            tracker = cookie_attribution(cookie, knowledge, site_domain, jurisdiction)["tracker"]
            if tracker:
                names.add(tracker["name"])
    return names
