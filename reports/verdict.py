"""Severity counts, the verdict and the worst findings: shared by a site's report and the index."""
from __future__ import annotations

SEVERITIES = ("high", "medium", "low", "info")
_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
# Verdicts, worst first; the index sorts by this order.
VERDICTS = ("serious", "error", "to_fix", "minor", "clean")
THEMES = ("consent", "cookie", "policy", "legal_notice", "transport")


def severity_of(finding: dict) -> str:
    severity = finding.get("severity")
    return severity if severity in _RANK else "info"


def severity_counts(findings: list) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[severity_of(finding)] += 1
    return counts


def verdict(report: dict) -> str:
    if report.get("status") == "error":
        return "error"
    counts = severity_counts(findings_of(report))
    if counts["high"]:
        return "serious"
    if counts["medium"]:
        return "to_fix"
    if counts["low"]:
        return "minor"
    return "clean"  # information only, or nothing found by the checks that ran


def findings_of(report: dict) -> list[dict]:
    """The report's findings, ignoring anything that is not a finding object."""
    return [f for f in report.get("findings") or [] if isinstance(f, dict)]


def worst(findings: list[dict], n: int = 3) -> list[dict]:
    """The n most severe findings, report order kept within a severity."""
    return sorted(findings, key=lambda f: _RANK[severity_of(f)])[:n]


def theme_of(rule) -> str:
    """consent / cookie / policy / legal_notice / transport, by the rule id's prefix."""
    prefix = str(rule or "").split(".", 1)[0]
    return prefix if prefix in THEMES else "other"
