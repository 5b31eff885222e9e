"""Severity counts, the verdict and the worst findings of a report: shared by a site's report
and the index. The words and the verdict's rule are the contract's (auditor.contract)."""
from __future__ import annotations

from auditor.contract import SEVERITIES, severity_of, severity_rank
from auditor.contract import verdict as verdict_of

THEMES = ("consent", "cookie", "policy", "legal_notice", "transport")


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
