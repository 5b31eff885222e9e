"""A site's verdict in words a non-engineer reads: counts by severity and one sentence."""
from __future__ import annotations

from auditor.contract import DEFAULT_LANGUAGE, SEVERITIES, severity_rank
from auditor.contract import verdict as verdict_of
from reports.i18n.wording import summary_sentence, verdict_label


def sort_findings(findings: list[dict]) -> list[dict]:
    return sorted(findings, key=lambda f: (severity_rank(f["severity"]), f["rule"], str(f["subject"])))


def summarise(report: dict, findings: list[dict], language: str = DEFAULT_LANGUAGE) -> dict:
    counts = {severity: sum(f["severity"] == severity for f in findings) for severity in SEVERITIES}
    verdict = verdict_of(report.get("status"), counts)
    return {"counts": counts, "total": len(findings), "verdict": verdict,
            "verdict_label": verdict_label(verdict, language),
            "sentence": summary_sentence(report, findings, language)}
