"""A site's verdict in words a non-engineer reads: counts by severity and one sentence."""
from __future__ import annotations

from auditor.contract import (NEEDS_ATTENTION, NO_ISSUE_FOUND, NON_COMPLIANT, NOT_AUDITED, SEVERITIES,
                              severity_rank, verdict as verdict_of)

from .catalogue import rule_spec

VERDICTS = {
    NON_COMPLIANT: "The site does not comply",
    NEEDS_ATTENTION: "The site needs attention",
    NO_ISSUE_FOUND: "No issue found",
    NOT_AUDITED: "The site could not be audited",
}


def sort_findings(findings: list[dict]) -> list[dict]:
    return sorted(findings, key=lambda f: (severity_rank(f["severity"]), f["rule"], str(f["subject"])))


def _about(findings: list[dict]) -> str:
    labels = list(dict.fromkeys(rule_spec(f["rule"]).get("label", f["rule"]) for f in findings))
    shown = labels[:3] + ([f"{len(labels) - 3} more kinds"] if len(labels) > 3 else [])
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def summarise(report: dict, findings: list[dict]) -> dict:
    counts = {severity: sum(f["severity"] == severity for f in findings) for severity in SEVERITIES}
    verdict = verdict_of(report.get("status"), counts)
    if verdict == NOT_AUDITED:
        sentence = f"The site could not be audited: {report.get('error') or 'unknown reason'}."
    elif verdict == NON_COMPLIANT:
        serious = [f for f in findings if f["severity"] == "high"]
        others = counts["medium"] + counts["low"]
        sentence = (f"The site does not comply: {counts['high']} serious issue{'s' * (counts['high'] > 1)} "
                    f"({_about(serious)})" + (f", and {others} other{'s' * (others > 1)} to look at." if others else "."))
    elif verdict == NEEDS_ATTENTION:
        flagged = [f for f in findings if f["severity"] in ("medium", "low")]
        total = len(flagged)
        sentence = (f"No serious issue, but {total} point{'s' * (total > 1)} need{'s' * (total == 1)} attention "
                    f"({_about(flagged)}).")
    else:
        sentence = ("No issue was found in what the audit observed (home page and internal pages, "
                    "before and after the consent choice)"
                    + (f"; {counts['info']} remark{'s' * (counts['info'] > 1)} for information." if counts["info"] else "."))
    return {"counts": counts, "total": len(findings), "verdict": verdict,
            "verdict_label": VERDICTS[verdict], "sentence": sentence}
