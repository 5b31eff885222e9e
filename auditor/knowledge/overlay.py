"""The project's own data: services.yaml (who is behind which hosts) and cookies.yaml."""
from __future__ import annotations

from dataclasses import dataclass

from .categories import Categories
from .hosts import HostIndex, make_path_rule
from .model import Service


@dataclass(frozen=True, slots=True)
class CookieRule:
    pattern: str           # exact name or glob, as written (case-insensitive match)
    domain: str | None     # registrable-domain suffix the cookie must belong to
    service: Service | None
    purpose: str | None
    note: str | None
    source: str = "overlay"


def load_services(data: dict, categories: Categories) -> dict[str, Service]:
    services = {}
    for sid, spec in data["services"].items():
        category = categories.check(spec["category"])
        services[sid] = Service(
            id=sid,
            name=spec["name"],
            company=spec.get("company"),
            country=(spec.get("country") or None) and spec["country"].upper(),
            category=category,
            tracker=bool(spec.get("tracker", categories.is_tracker(category))),
            source="overlay",
            legal_name=spec.get("legal_name"),
            audience_exemptable=bool(spec.get("audience_exemptable", False)),
            exemption_note=" ".join((spec.get("exemption_note") or "").split()) or None,
            policy_names=tuple(dict.fromkeys([spec["name"], *(spec.get("policy_names") or ())])),
        )
    return services


def index_services(data: dict, services: dict[str, Service], index: HostIndex):
    for sid, spec in data["services"].items():
        if spec.get("broad"):
            index.broad.add(sid)
        for match in spec.get("match") or ():
            if isinstance(match, str):
                host, _, path = match.partition("/")
                match = {"host": host, "path": "/" + path if path else None}
            host, path, query = match.get("host"), match.get("path"), match.get("query")
            rule = make_path_rule(services[sid], path, query) if (path or query) else None
            index.add(host, rule, services[sid], own=True)


def aliases(data: dict, services: dict[str, Service], key: str) -> dict[str, Service]:
    """trackerdb pattern ids or OCD platforms -> our service (lower-cased for OCD)."""
    out = {}
    for sid, spec in data["services"].items():
        for alias in spec.get(key) or ():
            out.setdefault(alias if key == "trackerdb" else alias.lower(), services[sid])
    return out


def load_cookie_rules(data: dict, services: dict[str, Service], categories: Categories) -> list[CookieRule]:
    rules = []
    for spec in data["cookies"]:
        sid, purpose = spec.get("service"), spec.get("purpose")
        if sid is not None and sid not in services:
            raise ValueError(f"cookies.yaml: {spec['name']}: unknown service {sid!r}")
        if purpose is not None and purpose not in categories.purposes:
            raise ValueError(f"cookies.yaml: {spec['name']}: unknown purpose {purpose!r}")
        rules.append(CookieRule(
            pattern=str(spec["name"]),
            domain=(spec.get("domain") or "").lower().lstrip(".") or None,
            service=services.get(sid) if sid else None,
            purpose=purpose,
            note=spec.get("note"),
        ))
    return rules
