"""The knowledge base applied to a report: each phase's requests and cookies get their tracker,
service and exemption from the facts the capture recorded (url; name, domain, lifetime, who set
it), with the report's jurisdiction and site. A cookie's vendor must be corroborated by the same
visit (its hosts contacted, or its script setting the cookie) unless its name or domain is the
vendor's alone; the cookie the site wrote when the visitor answered its banner is that choice's
storage.

The judge does it first (auditor.rules.apply), so a live crawl and a re-judge of a saved report
go the same way: with the knowledge base of the day, whatever the records said before.

    attribute(report, knowledge)      # fills the records and report["knowledge"], in place
"""
from __future__ import annotations

from auditor.contract import WITHDRAW_PHASE
from auditor.domains import host_of, registrable_domain

from .base import Knowledge
from .corroboration import CHOICE, NOTHING_SEEN, Sightings
from .exemption import choice_storage_verdict


def request_attribution(request: dict, knowledge: Knowledge, site_domain: str) -> dict:
    service = knowledge.classify_request(request["url"], site_domain)
    return {
        "tracker": service.as_tracker() if service and service.tracker else None,
        # Known services that are not trackers (CDN, consent manager...), for readers.
        "service": service.as_tracker() if service and not service.tracker else None,
    }


def cookie_attribution(cookie: dict, knowledge: Knowledge, site_domain: str,
                       jurisdiction: str, seen: Sightings = NOTHING_SEEN) -> dict:
    """seen: the services the same visit's requests went to (Sightings.of(its requests))."""
    verdict = knowledge.classify_cookie(cookie["name"], cookie["domain"], site_domain,
                                        lifetime_days=cookie.get("lifetime_days"),
                                        jurisdiction=jurisdiction, seen=seen,
                                        set_by_url=cookie.get("set_by_url"))
    return {"tracker": verdict.tracker, "exempt": verdict.exempt, "exempt_reason": verdict.reason,
            # the reason as a code and params, worded in the report's language (exemption.<code>)
            "exempt_reason_code": verdict.reason_code, "exempt_reason_params": verdict.reason_params,
            "category": verdict.category, "purpose": verdict.purpose, "known": verdict.known,
            # how the cookie was tied to its vendor or purpose (knowledge.corroboration)
            "attribution": verdict.attribution}


def choice_cookies(phases: dict, knowledge: Knowledge) -> dict[str, list[str]]:
    """{cookie name: [actions]} of the site's own cookies written just after the visitor's
    click on the banner (consent_action.verification.cookies_set_after) whose name says they
    store a choice (data/cookie_names.yaml choice_words)."""
    found: dict[str, list[str]] = {}
    for name, phase in (phases or {}).items():
        action = (phase or {}).get("consent_action") or {}
        if not action.get("performed"):
            continue
        for cookie in (action.get("verification") or {}).get("cookies_set_after") or []:
            if any(word in cookie.lower() for word in knowledge.choice_words):
                found.setdefault(cookie, []).append(action.get("action") or name)
    return found


def choice_storage(actions: list[str], phase_action: str | None) -> dict:
    """The attribution of the cookie that stored the visitor's choice: exempt, and why."""
    reason = choice_storage_verdict(phase_action if phase_action in actions else actions[0])
    return {"tracker": None, "exempt": True, "exempt_reason": reason.words,
            "exempt_reason_code": reason.code, "exempt_reason_params": reason.params,
            "category": "consent_management", "purpose": "consent", "known": True, "attribution": CHOICE}


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
    # the withdrawal's browser records like a phase (report.json `withdrawal`)
    captured = {**(report.get("phases") or {}), WITHDRAW_PHASE: report.get("withdrawal")}
    phases = _phases(captured)
    if any(phase.get("requests") or phase.get("cookies") for phase in phases):
        site_domain = site_domain_of(report)
        jurisdiction = report.get("jurisdiction") or "FR"
        choices = choice_cookies(captured, knowledge)
        for phase in phases:
            for request in phase.get("requests") or []:
                request.update(request_attribution(request, knowledge, site_domain))
            seen = Sightings.of(phase.get("requests"))
            phase_action = (phase.get("consent_action") or {}).get("action")
            for cookie in phase.get("cookies") or []:
                cookie.update(cookie_attribution(cookie, knowledge, site_domain, jurisdiction, seen))
                if _stores_the_choice(cookie, choices, site_domain):
                    cookie.update(choice_storage(choices[cookie["name"]], phase_action))
    report["knowledge"] = {"versions": dict(knowledge.versions),
                           "attribution": knowledge.attribution}
    return report


def _stores_the_choice(cookie: dict, choices: dict[str, list[str]], site_domain: str) -> bool:
    """A site's own cookie named as the choice's storage, that no tracker is known to own
    (a tracker's cookie set just after "accept" records nothing of the choice)."""
    if cookie["name"] not in choices or cookie.get("tracker"):
        return False
    return registrable_domain(cookie.get("domain") or "") == registrable_domain(site_domain)


def tracker_names(phases: dict, knowledge: Knowledge, site_domain: str,
                  jurisdiction: str) -> set[str]:
    """The names of the trackers `knowledge` sees in captured phases, by request or cookie;
    the records are left as they are (the judge attributes them)."""
    names = set()
    for phase in _phases(phases):
        attributed = [{**request, **request_attribution(request, knowledge, site_domain)}
                      for request in phase.get("requests") or []]
        names |= {request["tracker"]["name"] for request in attributed if request["tracker"]}
        seen = Sightings.of(attributed)
        for cookie in phase.get("cookies") or []:
            tracker = cookie_attribution(cookie, knowledge, site_domain, jurisdiction, seen)["tracker"]
            if tracker:
                names.add(tracker["name"])
    return names
