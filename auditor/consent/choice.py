"""Which record keeps the visitor's choice (its cookie or storage entry) and how long it lives,
held against the CNIL's six months (compliance-rules.md CNIL-6M; auditor/data/consent_choice.yaml)."""
from __future__ import annotations

from functools import lru_cache

from auditor.knowledge.datafiles import read_yaml

# A record of the choice, best first: a cookie the knowledge base knows as a consent record,
# then another first-party cookie that is no tracker's, then a storage entry.
STORAGE_KINDS = ("localStorage", "sessionStorage")


def choice_record(action: dict | None, cookies: list[dict], storage: list[dict]) -> dict | None:
    """The cookie or storage entry that recorded a click's choice (`consent_action` of the
    accept or reject phase, and that phase's cookies and storage): `kind` (cookie,
    localStorage, sessionStorage), `name`, `days` (the lifetime the site asked for; None for a
    session cookie or a storage entry). None when no click was made or nothing recorded it."""
    if not action or not action.get("performed"):
        return None
    verification = action.get("verification") or {}
    set_after = set(verification.get("cookies_set_after") or [])
    candidates = [c for c in cookies if c.get("name") in set_after
                  and not c.get("third_party") and not c.get("tracker")]
    candidates.sort(key=lambda c: c.get("purpose") != "consent")
    if candidates:
        cookie = candidates[0]
        days = None if cookie.get("session") else cookie.get("lifetime_days")
        return {"kind": "cookie", "name": cookie["name"], "days": days,
                "stored_days": None if cookie.get("session") else cookie.get("stored_lifetime_days")}
    changed = set(verification.get("storage_changed") or [])
    entries = [e for e in storage if e.get("key") in changed and not e.get("third_party")
               and e.get("kind") in STORAGE_KINDS]
    entries.sort(key=lambda e: STORAGE_KINDS.index(e["kind"]))
    if entries:
        return {"kind": entries[0]["kind"], "name": entries[0]["key"], "days": None,
                "stored_days": None}
    return None


@lru_cache(maxsize=1)
def _limits() -> dict:
    return read_yaml("consent_choice.yaml")


def against_recommendation(record: dict | None) -> str | None:
    """How the record's life compares with the recommended six months: `about`, `shorter`,
    `longer`, `over_ceiling` (over 13 months), `session` (until the browser closes),
    `tab` (this tab only), `no_expiry` (storage kept until the visitor clears it)."""
    if not record:
        return None
    if record["kind"] == "sessionStorage":
        return "tab"
    if record["kind"] == "localStorage":
        return "no_expiry"
    days = record.get("days")
    if days is None:
        return "session"
    limits = _limits()
    recommended, tolerance = limits["recommended_days"], limits["about_tolerance"]
    if days > limits["ceiling_days"]:
        return "over_ceiling"
    if days > recommended * (1 + tolerance):
        return "longer"
    if days < recommended * (1 - tolerance):
        return "shorter"
    return "about"
