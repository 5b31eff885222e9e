"""The checks that found nothing, so that the reader sees what was tested: every rule of the
catalogue (auditor/data/rules.yaml) that could run on this site and fired no finding, in words;
a rule that could not run says why (no click made, no policy found...)."""
from __future__ import annotations

from auditor.rules.catalogue import spec
from reports.i18n import Translator
from reports.verdict import findings_of

# What a rule needs from the capture to say anything, by rule; any other rule needs the first
# visit. Mirrors the judge's own early returns (auditor/rules/*.py).
REQUIRES = {
    "consent.tracker_after_reject": "reject_click",
    "consent.choice_not_remembered": "reject_click",
    "consent.withdrawal_unavailable": "accept_click",
    "consent.withdrawal_ineffective": "accept_click",
    "consent.no_banner": "banner_analysed",
    "consent.no_reject_option": "banner",
    "consent.cookie_wall": "banner",
    "consent.prechecked_purposes": "banner",
    "consent.deceptive_design": "banner",
    "cookie.lifetime_exceeds_policy": "policy",
    "cookie.undeclared": "cookie_table",
    "policy.undeclared_tracker": "policy",
    "policy.declared_tracker_not_observed": "policy",
    "policy.claims_no_third_parties": "policy",
    "policy.claims_eu_only": "policy",
    "policy.obsolete_privacy_shield": "policy",
    "policy.missing": "pages",
    "policy.missing_element": "privacy_policy",
    "legal_notice.missing": "pages",
    "legal_notice.missing_field": "legal_notice",
}


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _phase(report: dict, name: str) -> dict:
    return _dict(_dict(report.get("phases")).get(name))


def _met(need: str, report: dict) -> bool:
    banner, pages = _dict(report.get("banner")), _dict(report.get("pages"))
    if need in ("reject_click", "accept_click"):
        phase = _phase(report, need.split("_")[0])
        return _dict(phase.get("consent_action")).get("performed") is True and not phase.get("error")
    if need == "banner_analysed":
        return banner.get("analysed") is not False
    if need == "banner":
        return banner.get("detected") is True
    if need == "policy":
        return bool(pages.get("privacy_policy") or pages.get("cookie_policy"))
    if need == "cookie_table":
        return bool(_dict(report.get("policy")).get("cookie_table"))
    if need == "pages":
        return pages.get("analysed") is not False
    if need == "privacy_policy":
        return bool(pages.get("privacy_policy"))
    if need == "legal_notice":
        notice = _dict(report.get("legal_notice"))
        return bool(notice["found"]) if "found" in notice else bool(pages.get("legal_notice"))
    initial = _phase(report, "initial")  # "initial": the first visit ran
    return bool(initial) and not initial.get("error") and not initial.get("skipped")


def _passed(rule: str, t: Translator) -> str:
    if t.has(f"checks.passed.{rule}"):
        return t(f"checks.passed.{rule}")
    return t("checks.passed_generic", title=t.get(f"rules.{rule}", rule))


def checks_view(report: dict, t: Translator) -> dict:
    """{"passed": [{rule, text}], "not_checked": [{rule, text, why}]}, in the catalogue's order;
    nothing for a report the judge never saw (no summary, no findings)."""
    findings = findings_of(report)
    if report.get("status") == "error" or not (findings or isinstance(report.get("summary"), dict)):
        return {"passed": [], "not_checked": []}
    fired = {str(f.get("rule")) for f in findings}
    passed, not_checked = [], []
    for rule in spec()["rules"]:
        if rule in fired:
            continue
        need = REQUIRES.get(rule, "initial")
        entry = {"rule": rule, "text": _passed(rule, t)}
        if _met(need, report):
            passed.append(entry)
        else:
            not_checked.append({**entry, "why": t(f"checks.why.{need}")})
    return {"passed": passed, "not_checked": not_checked}
