"""The judge: every check of the report contract, run on a report's captured phases,
banner, pages, policy and legal notice — no browser, no I/O.

    from auditor.rules import judge, apply
    findings = judge(report)            # FINDING dicts, sorted by severity
    apply(report)                       # sets report["findings"] and report["summary"]

    python -m auditor.rules REPORT_JSON_OR_DIR... [--language en]   # re-judge saved reports

Messages and the summary are worded in the report's language (REPORT_LANGUAGE: French by
default), from each finding's `message_id` and `params`.

Each rule is a function of auditor/rules/<theme>.py registered in the catalogue under its
contract id; severities and references are in auditor/data/rules.yaml.
"""
from __future__ import annotations

import logging

from auditor.contract import DEFAULT_LANGUAGE
from auditor.knowledge import Knowledge
from auditor.knowledge.attribution import attribute

from . import (  # noqa: F401  (register the rules)
    consent,
    consent_mode,
    cookies,
    design,
    fingerprinting,
    gpc,
    legal_notice,
    policy,
    tcf,
    transport,
    wall,
    withdrawal,
)
from .catalogue import RULES, Rule
from .context import Context
from .summary import sort_findings, summarise

__all__ = ["RULES", "Rule", "judge", "apply", "summarise"]
log = logging.getLogger(__name__)


def judge(report: dict, knowledge: Knowledge | None = None, *, rules=None,
          language: str = DEFAULT_LANGUAGE) -> list[dict]:
    """Every rule's findings for one report, worded in `language`; none for a site that
    could not be audited."""
    if report.get("status") != "ok":
        return []
    ctx = Context.of(report, knowledge, language)
    findings = []
    for rule_id, entry in RULES.items():
        if rules is not None and rule_id not in rules:
            continue
        try:
            findings += entry.check(ctx)
        except Exception:  # one broken rule must not cost the site its other findings
            log.exception("rule %s failed on %s", rule_id, report.get("url"))
    return sort_findings(findings)


def apply(report: dict, knowledge: Knowledge | None = None,
          language: str = DEFAULT_LANGUAGE) -> dict:
    """The report with its records attributed by today's knowledge, its findings and summary
    worded in `language` (in place, and returned)."""
    knowledge = knowledge or Knowledge.default()
    attribute(report, knowledge)
    report["findings"] = judge(report, knowledge, language=language)
    if isinstance(report.get("withdrawal"), dict) and report.get("status") == "ok":
        # what the withdrawal left running, in the contract's keys, from the records
        report["withdrawal"].update(withdrawal.withdrawal_outcome(Context.of(report, knowledge, language)))
    report["summary"] = summarise(report, report["findings"], language)
    return report
