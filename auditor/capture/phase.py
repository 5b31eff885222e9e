"""A phase's records (contract PHASE) from what its recorder kept: facts only. Who is behind
a request or cookie, and whether it is exempt, is the judge's (auditor.knowledge.attribution)."""
from __future__ import annotations

from auditor.capture.cookies import CookieSetting, build_cookie_records
from auditor.contract import iso_ms
from auditor.domains import host_of, is_third_party


def request_records(raw_requests: list[dict], site_domain: str) -> list[dict]:
    records = []
    for raw in raw_requests:
        host = host_of(raw["url"])
        records.append({
            "url": raw["url"],
            "host": host,
            "resource_type": raw["resource_type"],
            "third_party": is_third_party(host, site_domain),
            "at": iso_ms(raw.get("at")),
            "method": raw["method"],
            "status": raw.get("status"),
            "failure": raw.get("failure"),
            "frame": raw.get("frame"),
            "frame_url": raw.get("frame_url"),
            "navigation": raw.get("navigation", False),
            # the names of the cookies it carried, where they were read (the withdrawal)
            **({"cookies_sent": list(raw["cookies_sent"])} if "cookies_sent" in raw else {}),
        })
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
    **extra,
) -> dict:
    """The contract's PHASE; `extra` adds the phase's own facts (pages visited, files...)."""
    return {
        "cookies": build_cookie_records(jar, cookie_settings, site_domain, now),
        "requests": request_records(raw_requests, site_domain),
        "storage": storage_records(storage, site_domain),
        **extra,
    }
