"""Ghostery's trackerdb (dist/trackerdb.json of @ghostery/trackerdb, CC-BY-NC-SA-4.0):
its patterns become services, its domains and '||host/path' filters become host rules.

Only network filters anchored to a host are used; generic path filters ('/matomo.js')
and regex filters are left to the project's own data, which handles the ones that matter.
"""
from __future__ import annotations

import json
from pathlib import Path

from .categories import Categories
from .hosts import HostIndex, make_path_rule
from .model import Service

# Filter options that restrict a filter to contexts we do not model: skip those filters.
_SKIP_OPTIONS = ("domain=", "1p", "first-party", "~third-party", "important", "badfilter")


def load(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def build_services(db: dict, categories: Categories, aliases: dict[str, Service]) -> dict[str, Service]:
    """trackerdb pattern id -> Service; patterns the overlay claims become its service."""
    orgs = db.get("organizations") or {}
    services = {}
    for pid, pattern in db["patterns"].items():
        if pid in aliases:
            services[pid] = aliases[pid]
            continue
        org = orgs.get(pattern.get("organization") or "") or {}
        category = categories.from_trackerdb.get(pattern.get("category"), "misc")
        services[pid] = Service(
            id="trackerdb:" + pid,
            name=pattern.get("name") or pid,
            company=org.get("name"),
            country=(org.get("country") or None) and org["country"].upper(),
            category=category,
            tracker=categories.is_tracker(category),
            source="trackerdb",
            policy_names=(pattern.get("name") or pid,),
        )
    return services


def _parse_filter(text: str):
    """'||host/path^$opts' -> (host, path or None), or None when not usable here."""
    if not text.startswith("||"):
        return None
    body, _, options = text[2:].partition("$")
    if any(opt.strip() in _SKIP_OPTIONS or opt.strip().startswith("domain=")
           for opt in options.split(",") if opt):
        return None
    cut = min((i for i in (body.find("/"), body.find("^"), body.find("?")) if i >= 0), default=len(body))
    host, path = body[:cut], body[cut:]
    if not host or "*" in host or host.endswith("."):
        return None
    if path in ("", "^"):
        return host, None
    if path.startswith("^"):
        return None
    return host, path


def index(db: dict, services: dict[str, Service], idx: HostIndex):
    for pid, pattern in db["patterns"].items():
        service = services[pid]
        for domain in pattern.get("domains") or ():
            idx.add(domain, None, service, own=False)
        for text in pattern.get("filters") or ():
            parsed = _parse_filter(text)
            if parsed is None:
                continue
            host, path = parsed
            rule = make_path_rule(service, path, adblock=True) if path else None
            idx.add(host, rule, service, own=False)


def organisations_by_name(db: dict) -> dict[str, dict]:
    """Lower-cased organisation name -> organisation (countries for OCD-only vendors)."""
    return {(o.get("name") or "").lower(): o for o in (db.get("organizations") or {}).values()}
