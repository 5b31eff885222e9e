"""A site's verdict in words a non-engineer reads: counts by severity and one sentence."""
from __future__ import annotations

from reports.i18n.wording import summary_sentence

from .catalogue import SEVERITIES

VERDICTS = {
    "non_compliant": "The site does not comply",
    "needs_attention": "The site needs attention",
    "no_issue_found": "No issue found",
    "not_audited": "The site could not be audited",
}


def sort_findings(findings: list[dict]) -> list[dict]:
    return sorted(findings, key=lambda f: (SEVERITIES.index(f["severity"]), f["rule"], str(f["subject"])))


def summarise(report: dict, findings: list[dict]) -> dict:
    counts = {severity: sum(f["severity"] == severity for f in findings) for severity in SEVERITIES}
    if report.get("status") != "ok":
        verdict = "not_audited"
    elif counts["high"]:
        verdict = "non_compliant"
    elif counts["medium"] or counts["low"]:
        verdict = "needs_attention"
    else:
        verdict = "no_issue_found"
    return {"counts": counts, "total": len(findings), "verdict": verdict,
            "verdict_label": VERDICTS[verdict], "sentence": summary_sentence(report, findings, "en")}
