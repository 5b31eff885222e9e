"""Cookies: lifetimes over 13 months, longer than the policy says, missing from the
policy's cookie table (compliance-rules.md CNIL-13M, CONSIST)."""
from __future__ import annotations

import re

from auditor.contract import STATED_LIFETIME_MARGIN, THIRTEEN_MONTHS_DAYS
from auditor.policy.durations import describes

from .catalogue import rule, rule_spec
from .context import Context, tracker_info

# A placeholder in a cookie table's name: "_ga_<container-id>", "_pk_id.xxxx", "_hjSession_{id}"
_PLACEHOLDER = re.compile(r"[<{\[#*]|x{3,}", re.I)
_SEPARATORS = re.compile(r"\s*(?:[,;/|]|\s(?:et|and|ou|or|en|und)\s)\s*|\s+", re.I)


def table_names(text: str) -> list[str]:
    """The cookie names a table cell gives: '_ga, _gid' -> ['_ga', '_gid']."""
    return [t.strip("\"'`«» ()") for t in _SEPARATORS.split(text or "") if t.strip("\"'`«» ()")]


def name_matches(pattern: str, name: str) -> bool:
    """Does a name written in a policy cover this cookie? Exact (case-insensitive), a glob
    ('_ga_*'), or a prefix before a placeholder ('_ga_<ID>', '_pk_id.xxxx')."""
    pattern, name = pattern.strip(), name.strip()
    if pattern.lower() == name.lower():
        return True
    placeholder = _PLACEHOLDER.search(pattern)
    if placeholder:
        prefix = pattern[:placeholder.start()]
        if "*" in pattern and placeholder.group(0) == "*":
            regex = "".join(".*" if part == "*" else re.escape(part) for part in re.split(r"(\*)", pattern))
            return re.fullmatch(regex, name, re.I) is not None
        return len(prefix) >= 2 and name.lower().startswith(prefix.lower()) and len(name) > len(prefix)
    return False


def _longest(records: list[tuple[str, dict]]) -> tuple[str, dict]:
    """The record of a cookie (all phases) with the longest lifetime it asked for."""
    return max(records, key=lambda pr: (not pr[1].get("session"), pr[1].get("lifetime_days") or 0))


def _over_13_months(cookie: dict) -> bool:
    return not cookie.get("session") and (cookie.get("lifetime_days") or 0) > THIRTEEN_MONTHS_DAYS


def _capped(cookie: dict) -> float | None:
    """What the browser keeps, when its own cap shortened the lifetime asked for."""
    days, stored = cookie["lifetime_days"], cookie.get("stored_lifetime_days")
    return stored if stored and stored < days - 1 else None


def _unknown_purpose(ctx: Context, name: str, records: list[tuple[str, dict]]) -> dict | None:
    """A cookie of unknown purpose set before any choice for more than 13 months: nothing
    shows it tracks, so the finding (low) asks what it is for rather than calling it a tracker."""
    if any(c.get("tracker") or c.get("exempt") or c.get("known", True) for _p, c in records):
        return None
    initial = [(p, c) for p, c in records if p == "initial" and _over_13_months(c)]
    if not initial:
        return None
    phase, cookie = _longest(initial)
    params = {"cookie": name, "days": cookie["lifetime_days"], "limit_days": THIRTEEN_MONTHS_DAYS,
              "third_party": bool(cookie.get("third_party")), "domain": cookie.get("domain"),
              "capped_days": _capped(cookie),
              # the vendor whose cookie name it matches, though nothing else shows that vendor
              "resembles": (cookie.get("exempt_reason_params") or {}).get("service")}
    return ctx.finding("cookie.lifetime_over_13_months", name, params, [ctx.cookie_record(cookie, phase)],
                       variant="unknown_purpose",
                       severity=rule_spec("cookie.lifetime_over_13_months")["severity_unknown_purpose"])


@rule("cookie.lifetime_over_13_months")
def lifetime_over_13_months(ctx: Context) -> list[dict]:
    """Non-exempt tracking cookies asking for more than 395 days. A cookie of unknown purpose
    is not held to the trackers' benchmark: set before any choice for that long, it gets a
    low finding asking what it is for (_unknown_purpose)."""
    findings = []
    for name, records in sorted(ctx.cookies().items()):
        candidates = [(p, c) for p, c in records if ctx.cookie_needs_consent(c) and _over_13_months(c)]
        if not candidates:
            unknown = _unknown_purpose(ctx, name, records)
            findings += [unknown] if unknown else []
            continue
        phase, cookie = _longest(candidates)
        tracker = cookie["tracker"]
        days = cookie["lifetime_days"]
        service = ctx.knowledge.service(tracker.get("vendor_id") or "")
        audience = (service is not None and service.audience_exemptable and ctx.jurisdiction != "BE"
                    and not cookie.get("third_party"))
        params = {"cookie": name, "tracker": tracker_info(tracker), "days": days,
                  "limit_days": THIRTEEN_MONTHS_DAYS, "audience": audience, "capped_days": _capped(cookie)}
        findings.append(ctx.finding("cookie.lifetime_over_13_months", name, params,
                                    [ctx.cookie_record(cookie, phase)]))
    return findings


def _statements(ctx: Context, cookie: dict) -> tuple[str, list[dict]]:
    """The policy's lifetimes that speak of this cookie, the most specific level only: the
    cookie itself, else its vendor, else a description that fits it ("the login cookie",
    « les cookies de mesure d'audience », matched by the cookie's purpose, category or name;
    each statement then carries `described_by`), else cookies in general."""
    stated = [s for s in ctx.policy.get("stated_lifetimes") or []
              if s.get("days") is not None or s.get("session")]
    own = [s for s in stated if s.get("subject_kind") == "cookie"
           and any(name_matches(p, cookie["name"]) for p in table_names(s.get("subject", "")))]
    if own:
        return "cookie", own
    tracker = cookie.get("tracker")
    if tracker:
        aliases = {a.lower() for a in ctx.knowledge.vendor_policy_names([tracker["name"]]).get(
            tracker["name"], [tracker["name"]])} | {tracker["name"].lower()}
        vendor = [s for s in stated if s.get("subject_kind") == "vendor"
                  and (s.get("subject") or "").lower() in aliases]
        if vendor:
            return "vendor", vendor
    described = []
    for statement in stated:
        if statement.get("subject_kind") == "description":
            match = describes(statement.get("subject") or "", cookie)
            if match:
                described.append({**statement, "described_by": match})
    if described:
        return "description", described
    general = [s for s in stated if s.get("subject_kind") == "cookies"]
    return ("cookies", general) if general else ("", [])


@rule("cookie.lifetime_exceeds_policy")
def lifetime_exceeds_policy(ctx: Context) -> list[dict]:
    findings = []
    for name, records in sorted(ctx.cookies().items()):
        phase, cookie = _longest(records)
        days = cookie.get("lifetime_days")
        if cookie.get("session") or days is None:
            continue  # a session cookie outlives no stated lifetime
        level, statements = _statements(ctx, cookie)
        if not statements:
            continue
        # the most lenient statement of that level: policies round, and may repeat themselves
        limit = max(statements, key=lambda s: 0 if s.get("session") else s["days"])
        if limit.get("session"):
            if days <= 1:  # "session" said of a cookie of a few hours: close enough
                continue
        elif days <= limit["days"] * STATED_LIFETIME_MARGIN:
            continue
        described = limit.get("described_by") or {}
        params = {"cookie": name, "tracker": tracker_info(cookie.get("tracker")), "days": days,
                  "level": level, "subject": limit.get("subject"), "session": bool(limit.get("session")),
                  "stated_days": limit.get("days"), "quote": limit.get("quote"),
                  # how a description was taken to speak of this cookie, for the reader to judge
                  "matched_by": described.get("by"), "matched": described.get("value"),
                  "described_kind": described.get("kind")}
        quoted = {"subject": limit.get("subject"), "subject_kind": limit.get("subject_kind"),
                  "days": limit.get("days"), "session": limit.get("session")}
        if described:
            quoted["described_by"] = described
        findings.append(ctx.finding(
            "cookie.lifetime_exceeds_policy", name, params,
            [ctx.quote(limit, **quoted)] + [ctx.cookie_record(cookie, phase)],
            stated_days=limit.get("days"), observed_days=days))
    return findings


@rule("cookie.undeclared")
def undeclared(ctx: Context) -> list[dict]:
    """Only when the policy has a cookie table. Exempt cookies (session, consent choice,
    language...) are left out: they need no consent, and their absence from the table is
    a matter of completeness, not of a hidden tracker."""
    table = ctx.policy.get("cookie_table") or []
    if not table:
        return []
    written = [n for row in table for n in table_names(row.get("name", ""))]
    urls = sorted({row.get("url") for row in table if row.get("url")})
    findings = []
    for name, records in sorted(ctx.cookies().items()):
        if any(c.get("exempt") for _p, c in records):
            continue
        if any(name_matches(p, name) for p in written):
            continue
        phase, cookie = records[0]
        listed = list(dict.fromkeys(r["name"] for r in table))
        params = {"cookie": name, "tracker": tracker_info(cookie.get("tracker")),
                  "third_party": bool(cookie.get("third_party")), "listed": listed}
        findings.append(ctx.finding(
            "cookie.undeclared", name, params,
            [{"kind": "cookie_table", "url": u, "names": listed}
             for u in urls] + [ctx.cookie_record(c, p) for p, c in records[:1]]))
    return findings
