"""Severity counts, the verdict and the worst findings of a report: shared by a site's report
and the index. The words and the verdict's rule are the contract's (auditor.contract)."""
from __future__ import annotations

from auditor.contract import SEVERITIES, severity_of, severity_rank
from auditor.contract import verdict as verdict_of

THEMES = ("consent", "cookie", "policy", "legal_notice", "transport")
BEFORE_CONSENT = "consent.tracker_before_consent"


def severity_counts(findings: list) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[severity_of(finding.get("severity"))] += 1
    return counts


def verdict(report: dict) -> str:
    """summary.verdict, from the report's own status and findings (a report never judged, or
    hand-edited, reads the same as one the judge summed up)."""
    return verdict_of(report.get("status"), severity_counts(findings_of(report)))


def findings_of(report: dict) -> list[dict]:
    """The report's findings, ignoring anything that is not a finding object."""
    return [f for f in report.get("findings") or [] if isinstance(f, dict)]


def worst(findings: list[dict], n: int = 3) -> list[dict]:
    """The n most severe findings, report order kept within a severity."""
    return sorted(findings, key=lambda f: severity_rank(f.get("severity")))[:n]


def theme_of(rule) -> str:
    """consent / cookie / policy / legal_notice / transport, by the rule id's prefix."""
    prefix = str(rule or "").split(".", 1)[0]
    return prefix if prefix in THEMES else "other"


def _initial(report: dict) -> dict:
    phases = report.get("phases") if isinstance(report.get("phases"), dict) else {}
    initial = phases.get("initial")
    return initial if isinstance(initial, dict) else {}


def before_choice(report: dict) -> dict:
    """What was active before any choice, as the index and the tests count it from report.json:
    `trackers`, the judge's consent.tracker_before_consent findings (each names its company's
    trackers in params.trackers; an exempt audience tool is none of them), and
    `third_party_requests`, the initial phase's third-party requests (requests.csv's rows of
    that phase). A report never judged names every tracker of the initial phase."""
    initial = _initial(report)
    names = set()
    if isinstance(report.get("summary"), dict):
        for finding in findings_of(report):
            if finding.get("rule") == BEFORE_CONSENT:
                params = finding.get("params") if isinstance(finding.get("params"), dict) else {}
                listed = params.get("trackers") if isinstance(params.get("trackers"), list) else []
                names.update(str(name) for name in listed or [finding.get("subject")])
    else:
        for record in [*(initial.get("requests") or []), *(initial.get("cookies") or [])]:
            if isinstance(record, dict) and isinstance(record.get("tracker"), dict):
                names.add(str(record["tracker"].get("name") or record["tracker"].get("company") or "?"))
    third_party = sum(1 for r in initial.get("requests") or [] if isinstance(r, dict) and r.get("third_party"))
    return {"trackers": sorted(names), "third_party_requests": third_party}
