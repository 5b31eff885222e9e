"""A site's verdict in words a non-engineer reads: counts by severity and one sentence."""
from __future__ import annotations

from auditor.contract import NEEDS_ATTENTION, NO_ISSUE_FOUND, NON_COMPLIANT, NOT_AUDITED, SEVERITIES, severity_rank
from auditor.contract import verdict as verdict_of
from reports.i18n.wording import summary_sentence

VERDICTS = {
    NON_COMPLIANT: "The site does not comply",
    NEEDS_ATTENTION: "The site needs attention",
    NO_ISSUE_FOUND: "No issue found",
    NOT_AUDITED: "The site could not be audited",
}


def sort_findings(findings: list[dict]) -> list[dict]:
    return sorted(findings, key=lambda f: (severity_rank(f["severity"]), f["rule"], str(f["subject"])))


def summarise(report: dict, findings: list[dict]) -> dict:
    counts = {severity: sum(f["severity"] == severity for f in findings) for severity in SEVERITIES}
    verdict = verdict_of(report.get("status"), counts)
    return {"counts": counts, "total": len(findings), "verdict": verdict,
            "verdict_label": VERDICTS[verdict], "sentence": summary_sentence(report, findings, "en")}
