"""Cookie walls and pay-or-accept (compliance-rules.md CNIL-WALL, BE-APD): the content out of
reach until the visitor accepts, with no way to refuse and go on, or access offered only
against acceptance or payment. France judges them case by case (the finding says what a
person must assess); Belgium prohibits them."""
from __future__ import annotations

from auditor.consent.wall import cookie_wall as is_cookie_wall
from auditor.consent.wall import summarise_wall
from auditor.contract import PHASES

from .catalogue import rule
from .context import Context


def _wall(ctx: Context) -> dict:
    """banner.wall read again from the phases' wall scans (a re-judge uses today's
    thresholds); the saved summary when the phases hold no scan."""
    banner, phases = ctx.banner, ctx.report.get("phases") or {}
    scanned = any((phases.get(name) or {}).get("wall_scan") for name in PHASES)
    if scanned or not isinstance(banner.get("wall"), dict):
        return summarise_wall(phases, banner.get("first_layer"), banner.get("reject_found"))
    return banner["wall"]


def _scan(ctx: Context, phase: str, page: str = "home") -> dict:
    scans = ctx.phase(phase).get("wall_scan") or {}
    return scans.get(page) if isinstance(scans.get(page), dict) else {}


def _blocking(ctx: Context, phase: str, reasons: list[str]) -> dict:
    """What kept the content out of reach in a phase, as evidence."""
    scan = _scan(ctx, phase)
    return {"kind": "wall", "phase": phase, "reasons": reasons,
            "overlay_share": scan.get("covered_share"), "scroll_lock": scan.get("scroll_lock") or [],
            "blurred": scan.get("blurred") or [], "inert": scan.get("inert") or []}


@rule("consent.cookie_wall")
def cookie_wall(ctx: Context) -> list[dict]:
    banner = ctx.banner
    if not banner.get("detected"):
        return []
    wall = _wall(ctx)
    if not is_cookie_wall(wall):
        return []
    layer = banner.get("first_layer") or {}
    action = ctx.phase("reject").get("consent_action") or {}
    rejected = bool(action.get("performed"))
    before, after = wall.get("blocked_before") or [], wall.get("blocked_after_reject") or []
    reasons = after or before
    params = {"jurisdiction": ctx.jurisdiction,
              "accept": (layer.get("accept_labels") or [None])[0],
              "reject": action.get("control") if rejected else None,
              "after_reject": bool(after),
              "blocked_by": reasons[0] if reasons else None, "reasons": reasons,
              "overlay": round(100 * (_scan(ctx, "reject" if after else "initial").get("covered_share") or 0))}
    evidence = []
    if before:
        evidence.append(_blocking(ctx, "initial", before))
    if after:
        evidence.append(_blocking(ctx, "reject", after))
    variant = None
    if wall.get("pay_or_accept"):
        variant = "pay"
        params["offer"] = (wall.get("labels") or [None])[0]
        evidence.insert(0, {"kind": "pay_offer", "labels": wall.get("labels") or [],
                            "accept": layer.get("accept_labels") or []})
    evidence += ctx.banner_screenshot() + ctx.screenshot("initial")
    if rejected:
        evidence += ctx.screenshot("reject")
    return [ctx.finding("consent.cookie_wall", "banner", params, evidence, variant=variant)]
