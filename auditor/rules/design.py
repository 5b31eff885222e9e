"""The banner's design: refusing made harder or less visible than accepting, and purposes
switched on before any choice (compliance-rules.md CNIL-1L, EDPB-DARK), from the figures of
`banner.design` (auditor/consent/design.py) against the thresholds of data/banner_design.yaml.

consent.no_reject_option already says when the refusal is not on the first layer (it takes
more clicks: its `steps`); consent.deceptive_design says `clicks` only when that rule is
silent, so that one fact is one finding."""
from __future__ import annotations

from functools import lru_cache

from auditor.consent.design import design_figures
from auditor.knowledge.datafiles import read_yaml

from .catalogue import rule, rule_spec
from .consent import reject_missing_from_first_layer
from .context import Context

RULE = "consent.deceptive_design"
PRECHECKED = "consent.prechecked_purposes"


@lru_cache(maxsize=1)
def thresholds() -> dict:
    return read_yaml("banner_design.yaml")


def design(ctx: Context) -> dict:
    """`banner.design`, or the figures made again from the phases of a report saved before it."""
    figures = ctx.banner.get("design")
    if isinstance(figures, dict):
        return figures
    phases = [ctx.phase(name).get(key) for name, key in (
        ("initial", "banner_scan"), ("accept", "consent_action"), ("reject", "consent_action"))]
    return design_figures(*phases) or {}


def _number(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def patterns(figures: dict, banner: dict) -> list[tuple[str, dict]]:
    """(subject, params) of each pattern over its threshold."""
    limits = thresholds()
    labels = {"accept": figures.get("accept_label"), "reject": figures.get("reject_label")}
    found = []
    to_accept, to_reject = _number(figures.get("clicks_to_accept")), _number(figures.get("clicks_to_reject"))
    if limits["clicks"]["more_than_accept"] and to_accept and to_reject and to_reject > to_accept \
            and not reject_missing_from_first_layer(banner):
        found.append(("clicks", {**labels, "clicks_to_accept": int(to_accept), "clicks_to_reject": int(to_reject)}))
    if limits["link"]["against_button"] and figures.get("reject_is_link") is True:
        found.append(("link", labels))
    ratio = _number(figures.get("reject_to_accept_area"))
    if ratio is not None and ratio < limits["size"]["max_area_ratio"]:
        found.append(("size", {**labels, "share": round(ratio * 100),
                               "limit": round(limits["size"]["max_area_ratio"] * 100)}))
    reject, accept = _number(figures.get("reject_contrast")), _number(figures.get("accept_contrast"))
    low, high = limits["contrast"]["reject_below"], limits["contrast"]["accept_above"]
    if reject is not None and accept is not None and reject < low and accept > high:
        found.append(("contrast", {**labels, "reject_contrast": reject, "accept_contrast": accept,
                                   "reject_below": low, "accept_above": high}))
    return found


def _figures_evidence(figures: dict, subject: str) -> dict:
    keep = ("clicks_to_accept", "clicks_to_reject", "reject_is_link", "reject_to_accept_area",
            "reject_contrast", "accept_contrast", "accept_label", "reject_label")
    return {"kind": "banner_design", "pattern": subject, **{k: figures.get(k) for k in keep}}


@rule(RULE)
def deceptive_design(ctx: Context) -> list[dict]:
    """One finding per pattern (`clicks`, `link`, `size`, `contrast`), with its figures."""
    if not ctx.banner.get("detected"):
        return []
    figures = design(ctx)
    shots = ctx.banner_screenshot() + ctx.screenshot("initial")
    return [ctx.finding(RULE, subject, params, [_figures_evidence(figures, subject)] + shots, variant=subject)
            for subject, params in patterns(figures, ctx.banner)]


def _layer_evidence(ctx: Context) -> list[dict]:
    scan = ctx.phase("initial").get("banner_scan") or {}
    layer = scan.get("second_layer") or {}
    file = ctx.phase("initial").get("second_layer_screenshot")
    shot = [{"kind": "screenshot", "phase": "initial", "file": file, "part": "second_layer"}] if file else []
    return [{"kind": "switches", "control": layer.get("control"),
             "switches": [s for s in layer.get("switches") or [] if isinstance(s, dict)][:30]}] \
        + shot + ctx.banner_screenshot()


@rule(PRECHECKED)
def prechecked_purposes(ctx: Context) -> list[dict]:
    """One finding per purpose or vendor needing consent whose switch starts on in the settings
    layer. A legitimate-interest switch on (the IAB TCF's objection switch) is a finding of its
    own, at a lower severity: it is not consent, and whether the processing it covers may rest
    on legitimate interest (never for trackers, says the EDPB task force) is for a person to
    assess. Locked strictly necessary switches are lawful: nothing."""
    if not ctx.banner.get("detected"):
        return []
    figures = design(ctx)
    scan = ctx.phase("initial").get("banner_scan") or {}
    control = (scan.get("second_layer") or {}).get("control")
    evidence = _layer_evidence(ctx)
    findings = [ctx.finding(PRECHECKED, label, {"purpose": label, "settings": control}, evidence)
                for label in figures.get("prechecked") or [] if isinstance(label, str)]
    findings += [ctx.finding(PRECHECKED, label, {"purpose": label, "settings": control}, evidence,
                             variant="legitimate_interest",
                             severity=rule_spec(PRECHECKED)["severity_legitimate_interest"])
                 for label in figures.get("legitimate_interest_on") or [] if isinstance(label, str)]
    return findings
