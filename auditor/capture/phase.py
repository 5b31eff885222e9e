"""A phase's records (contract PHASE) from what its recorder kept, each cookie and request
attributed by the knowledge base (tracker, exemption)."""
from __future__ import annotations

from auditor.capture.cookies import CookieSetting, build_cookie_records
from auditor.domains import host_of, is_third_party
from auditor.knowledge import Knowledge
from auditor.contract import iso_ms


def request_records(raw_requests: list[dict], site_domain: str,
                    knowledge: Knowledge) -> list[dict]:
    records = []
    for raw in raw_requests:
        host = host_of(raw["url"])
        service = knowledge.classify_request(raw["url"], site_domain)
        records.append({
            "url": raw["url"],
            "host": host,
            "resource_type": raw["resource_type"],
            "third_party": is_third_party(host, site_domain),
            "tracker": service.as_tracker() if service and service.tracker else None,
            # Known services that are not trackers (CDN, consent manager...), for readers.
            "service": service.as_tracker() if service and not service.tracker else None,
            "at": iso_ms(raw.get("at")),
            "method": raw["method"],
            "status": raw.get("status"),
            "failure": raw.get("failure"),
            "frame": raw.get("frame"),
            "frame_url": raw.get("frame_url"),
            "navigation": raw.get("navigation", False),
        })
    return records


def classify_cookies(records: list[dict], site_domain: str, knowledge: Knowledge,
                     jurisdiction: str) -> list[dict]:
    """Fill each cookie record's tracker and exemption from the knowledge base."""
    for record in records:
        verdict = knowledge.classify_cookie(record["name"], record["domain"], site_domain,
                                            lifetime_days=record["lifetime_days"],
                                            jurisdiction=jurisdiction)
        record.update(tracker=verdict.tracker, exempt=verdict.exempt,
                      exempt_reason=verdict.reason, category=verdict.category,
                      purpose=verdict.purpose, known=verdict.known)
    return records


def storage_records(storage: list[dict], site_domain: str) -> list[dict]:
    return [
        {**entry, "third_party": is_third_party(host_of(entry["origin"]), site_domain)}
        for entry in storage
    ]


def build_phase(
    *,
    jar: list[dict],
    cookie_settings: list[CookieSetting],
    raw_requests: list[dict],
    storage: list[dict],
    site_domain: str,
    now: float,
    knowledge: Knowledge,
    jurisdiction: str,
    **extra,
) -> dict:
    """The contract's PHASE; `extra` adds the phase's own facts (pages visited, files...)."""
    cookies = build_cookie_records(jar, cookie_settings, site_domain, now)
    return {
        "cookies": classify_cookies(cookies, site_domain, knowledge, jurisdiction),
        "requests": request_records(raw_requests, site_domain, knowledge),
        "storage": storage_records(storage, site_domain),
        **extra,
    }
