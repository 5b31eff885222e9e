"""What changed between two audits of a site, on report dicts alone (no database).

Findings are matched by (rule, subject), trackers by name, cookies by (name, domain). A
snapshot is what an audit observed in that form; the store rebuilds the previous audit's
snapshot from its tables, and tests build both from report.json dicts."""
from __future__ import annotations

from dataclasses import dataclass, field

from auditor.contract import PHASES, severity_rank


def finding_key(finding: dict) -> tuple[str, str]:
    return finding["rule"], str(finding["subject"])


def cookie_key(name: str, domain: str | None) -> tuple[str, str]:
    # ".example.fr" and "example.fr" are the same cookie for a reader of the diff.
    return name, (domain or "").lower().lstrip(".")


def fref(finding: dict) -> dict:
    return {"rule": finding["rule"], "severity": finding["severity"],
            "subject": str(finding["subject"]), "message": finding.get("message") or ""}


def _phase_sorted(phases) -> list[str]:
    known = [p for p in PHASES if p in phases]
    return known + sorted(p for p in phases if p not in PHASES)


@dataclass
class Snapshot:
    """One ok audit as the comparison sees it."""

    findings: dict[tuple[str, str], dict] = field(default_factory=dict)  # key -> FREF
    trackers: dict[str, dict] = field(default_factory=dict)              # name -> TREF
    cookies: dict[tuple[str, str], dict] = field(default_factory=dict)   # key -> CREF


def findings_of(report: dict) -> dict[tuple[str, str], dict]:
    return {finding_key(f): fref(f) for f in report.get("findings") or []}


def trackers_of(report: dict) -> dict[str, dict]:
    """Every tracker seen by request or cookie, with the phases it was seen in."""
    found: dict[str, dict] = {}
    for phase, records in _records(report):
        for record in records:
            tracker = record.get("tracker")
            if not tracker or not tracker.get("name"):
                continue
            entry = found.setdefault(tracker["name"], {
                "name": tracker["name"], "company": tracker.get("company"),
                "category": tracker.get("category"), "country": tracker.get("country"),
                "phases": []})
            if phase not in entry["phases"]:
                entry["phases"].append(phase)
    for entry in found.values():
        entry["phases"] = _phase_sorted(entry["phases"])
    return found


def cookies_of(report: dict) -> dict[tuple[str, str], dict]:
    found: dict[tuple[str, str], dict] = {}
    for phase, cookies in _phase_lists(report, "cookies"):
        for cookie in cookies:
            key = cookie_key(cookie["name"], cookie.get("domain"))
            entry = found.setdefault(key, {"name": cookie["name"], "domain": key[1],
                                           "phases": [], "tracker": None})
            if phase not in entry["phases"]:
                entry["phases"].append(phase)
            if entry["tracker"] is None and cookie.get("tracker"):
                entry["tracker"] = cookie["tracker"].get("name")
    for entry in found.values():
        entry["phases"] = _phase_sorted(entry["phases"])
    return found


def _phase_lists(report: dict, kind: str):
    for phase, content in (report.get("phases") or {}).items():
        if isinstance(content, dict):
            yield phase, content.get(kind) or []


def _records(report: dict):
    for kind in ("requests", "cookies"):
        yield from _phase_lists(report, kind)


def snapshot(report: dict) -> Snapshot:
    return Snapshot(findings_of(report), trackers_of(report), cookies_of(report))


def _severity_order(fref_: dict):
    return severity_rank(fref_["severity"]), fref_["rule"], fref_["subject"]


def _added(before: dict, after: dict, order) -> list[dict]:
    return sorted((after[k] for k in after.keys() - before.keys()), key=order)


def empty_changes() -> dict:
    return {"findings": {"new": [], "resolved": []},
            "trackers": {"new": [], "vanished": []},
            "cookies": {"new": [], "vanished": []}}


def compare(previous: Snapshot | None, current: Snapshot) -> dict:
    """New and resolved findings, new and vanished trackers and cookies. No previous audit:
    nothing to compare, every list is empty."""
    if previous is None:
        return empty_changes()
    by_name = lambda t: t["name"]  # noqa: E731
    by_cookie = lambda c: (c["name"], c["domain"])  # noqa: E731
    return {
        "findings": {"new": _added(previous.findings, current.findings, _severity_order),
                     "resolved": _added(current.findings, previous.findings, _severity_order)},
        "trackers": {"new": [_tref(t) for t in _added(previous.trackers, current.trackers, by_name)],
                     "vanished": [_tref(t) for t in _added(current.trackers, previous.trackers, by_name)]},
        "cookies": {"new": _added(previous.cookies, current.cookies, by_cookie),
                    "vanished": _added(current.cookies, previous.cookies, by_cookie)},
    }


def _tref(tracker: dict) -> dict:
    return {key: tracker.get(key) for key in ("name", "company", "category", "country", "phases")}


def compare_reports(previous: dict | None, current: dict) -> dict:
    """compare() on two report.json dicts; an audit that is not ok is compared with nothing
    (and a previous audit that is not ok is no basis for comparison)."""
    if current.get("status") != "ok" or previous is None or previous.get("status") != "ok":
        return empty_changes()
    return compare(snapshot(previous), snapshot(current))


def carry_first_seen(previous: dict[tuple[str, str], str] | None,
                     current: list[tuple[str, str]], started_at: str) -> dict[tuple[str, str], str]:
    """first_seen of each current finding: the previous ok audit's first_seen when that audit
    had the finding too (the run goes on), else this audit's start (a new run begins)."""
    previous = previous or {}
    return {key: previous.get(key) or started_at for key in current}
