"""Pure reading of the wall scans (auditor/consent/js/wall_scan.js): what kept the content
out of reach in each phase, and the report's `banner.wall` summary. A page is compared with
the same page once accepted: what blocks it then too (a paywall, a login) is not the banner's
doing. Thresholds and their source: auditor/data/wall.yaml."""
from __future__ import annotations

from functools import lru_cache

from auditor.knowledge.datafiles import read_yaml

REASONS = ("overlay", "scroll_lock", "blur", "inert", "removed")


@lru_cache(maxsize=1)
def thresholds() -> dict:
    return read_yaml("wall.yaml")


def _reasons(scan: dict, baseline: dict | None) -> list[str]:
    t = thresholds()
    found = []
    covered = scan.get("covered_share") or 0
    overlay = scan.get("overlay") or {}
    if covered >= t["overlay_share"]:
        found.append("overlay")
    viewport = scan.get("viewport") or [0, 0]
    if scan.get("scroll_lock") and (scan.get("scroll_height") or 0) > t["scrollable_ratio"] * viewport[1]:
        found.append("scroll_lock")
    if scan.get("blurred") or (overlay.get("backdrop_blur") and (overlay.get("share") or 0) >= t["overlay_share"]):
        found.append("blur")
    if scan.get("inert"):
        found.append("inert")
    if baseline is not None:
        readable = baseline.get("content_chars") or 0
        if readable >= t["removed_min_chars"] and (scan.get("content_chars") or 0) < t["removed_ratio"] * readable:
            found.append("removed")
    return found


def blocked_by(scan: dict | None, baseline: dict | None = None) -> list[str] | None:
    """What keeps the content of a page out of reach (REASONS), less what blocks the same page
    once accepted (`baseline`); None when the page was not measured."""
    if not isinstance(scan, dict):
        return None
    own = _reasons(scan, baseline)
    if baseline is not None:
        theirs = set(_reasons(baseline, None))
        own = [r for r in own if r not in theirs]
    return own


def pay_or_accept(first_layer: dict | None, reject_found: bool | None) -> bool:
    """The banner offers accept and a paid or subscription way out, and no free refusal."""
    layer = first_layer or {}
    return bool(layer.get("accept_found") and layer.get("wall_labels")) and not reject_found


def _scans(phases: dict, name: str) -> dict:
    phase = phases.get(name) or {}
    return phase.get("wall_scan") if isinstance(phase.get("wall_scan"), dict) else {}


def _clicked(phases: dict, name: str) -> dict | None:
    action = (phases.get(name) or {}).get("consent_action") or {}
    return action if action.get("performed") else None


def summarise_wall(phases: dict, first_layer: dict | None, reject_found: bool | None) -> dict:
    """The report's `banner.wall`: was the content blocked before any choice, still blocked
    after "reject all" (on the home page after the click, or on the next page), and is the
    choice one between accepting and paying."""
    initial, reject = _scans(phases, "initial"), _scans(phases, "reject")
    accepted = _clicked(phases, "accept")
    # the accepted pages are the baseline only where accepting took the banner away
    gone = accepted is not None and (accepted.get("verification") or {}).get("banner_gone") is not False
    baseline = _scans(phases, "accept") if gone else {}
    before = blocked_by(initial.get("home"), baseline.get("home"))
    after = None
    refused = _clicked(phases, "reject")
    # a banner that never left (an inert button, a click lost) is a failed refusal, not a wall
    if refused is not None and (refused.get("verification") or {}).get("banner_gone") is not False:
        home = blocked_by(reject.get("home"), baseline.get("home"))
        following = blocked_by(reject.get("next"), baseline.get("next"))
        measured = [reasons for reasons in (home, following) if reasons is not None]
        if measured:
            # blocked on every page measured after the click: a backdrop still fading out just
            # after it, on the home page alone, is no wall
            after = list(dict.fromkeys(sum(measured, []))) if all(measured) else []
    shown = initial.get("home") or {}
    layer = first_layer or {}
    return {
        "measured": before is not None,
        "content_blocked_before": bool(before) if before is not None else None,
        "blocked_before": before or [],
        "content_blocked_after_reject": bool(after) if after is not None else None,
        "blocked_after_reject": after or [],
        "overlay_share": shown.get("covered_share"),
        "scroll_locked": bool(shown.get("scroll_lock")) if shown else None,
        "scroll_lock": shown.get("scroll_lock") or [],
        "blurred": shown.get("blurred") or [],
        "free_refusal": bool(reject_found),
        "pay_or_accept": pay_or_accept(layer, reject_found),
        "labels": list(layer.get("wall_labels") or []),
        "accept_labels": list(layer.get("accept_labels") or []),
        "compared_with_accept": bool(baseline),
    }


def cookie_wall(banner_wall: dict | None) -> bool:
    """banner.design.cookie_wall: access only against acceptance or payment — a pay-or-accept
    choice, content still blocked after "reject all", or content blocked before any choice by
    a banner that offers no refusal at all."""
    wall = banner_wall or {}
    if wall.get("pay_or_accept"):
        return True
    if wall.get("content_blocked_after_reject"):
        return True
    return bool(wall.get("content_blocked_before")) and wall.get("free_refusal") is False
