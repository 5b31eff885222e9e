"""Consent: trackers before any choice, after "reject all", no banner, no reject option
(compliance-rules.md CNIL-PRE, CNIL-REJ, CNIL-1L, BE-APD)."""
from __future__ import annotations

from auditor.contract import PHASES

from .catalogue import rule
from .context import Context, tracker_info


def _merge(into: dict, found: dict) -> None:
    for name, seen in found.items():
        entry = into.setdefault(name, {"tracker": seen["tracker"], "cookies": [], "requests": []})
        entry["cookies"] += seen["cookies"]
        entry["requests"] += seen["requests"]


def _activity(seen: dict) -> dict:
    """What a tracker did, as params: how many requests, to which hosts, which cookies."""
    return {"requests": len(seen["requests"]),
            "hosts": list(dict.fromkeys(r["host"] for r in seen["requests"])),
            "cookies": list(dict.fromkeys(c["name"] for c in seen["cookies"]))}


def _evidence(seen: dict) -> list[dict]:
    # one record per cookie name first (they are the lasting part), then the requests
    cookies = list({c["name"]: c for c in seen["cookies"]}.values())
    return cookies + seen["requests"]


def _promise(promises: list[dict]) -> str | None:
    """The policy's first promise of consent, quoted against what the site does."""
    return promises[0]["quote"] if promises else None


@rule("consent.tracker_before_consent")
def tracker_before_consent(ctx: Context) -> list[dict]:
    """Trackers needing consent with no choice made: the whole `initial` phase, and what
    the accept/reject phases did before their click (all of it when no click was made)."""
    before: dict[str, dict] = {}
    _merge(before, ctx.activity("initial"))
    for phase in ("accept", "reject"):
        if not ctx.phase(phase) or ctx.phase(phase).get("skipped"):
            continue
        clicked = ctx.clicked_at(phase)
        _merge(before, ctx.activity(phase, before=clicked) if clicked else ctx.activity(phase))
    promises = ctx.consent_promises()
    findings = []
    for name, seen in sorted(before.items()):
        tracker = seen["tracker"]
        pages = len((ctx.phase("initial").get("pages_visited") or [])) or None
        params = {"tracker": tracker_info(tracker), "pages": pages, **_activity(seen),
                  "promise": _promise(promises)}
        findings.append(ctx.finding(
            "consent.tracker_before_consent", name, params,
            promises + ctx.screenshot("initial") + _evidence(seen), tracker=tracker_info(tracker)))
    return findings


@rule("consent.tracker_after_reject")
def tracker_after_reject(ctx: Context) -> list[dict]:
    """Only what loads, or sets or refreshes a cookie, after the reject click counts; a
    cookie set before it and merely still there is evidence of the first rule, not this one.
    No click made: nothing can be said."""
    clicked = ctx.clicked_at("reject")
    if clicked is None:
        return []
    action = ctx.phase("reject").get("consent_action") or {}
    control = (action.get("control") or {}).get("label") if isinstance(action.get("control"), dict) else action.get("control")
    verification = action.get("verification") or {}
    promises = ctx.consent_promises()
    findings = []
    for name, seen in sorted(ctx.activity("reject", after=clicked).items()):
        tracker = seen["tracker"]
        params = {"control": control, "tracker": tracker_info(tracker), **_activity(seen),
                  "verified": bool(action.get("verified")),
                  # why the refusal is unconfirmed, as facts the catalogue words in each language
                  "banner_gone": verification.get("banner_gone"),
                  "choice_stored": verification.get("choice_stored"),
                  "promise": _promise(promises)}
        findings.append(ctx.finding(
            "consent.tracker_after_reject", name, params,
            promises + [{"kind": "consent_action", "phase": "reject", "clicked_at": action.get("clicked_at"),
                         "control": control, "verified": action.get("verified")}]
            + ctx.screenshot("reject") + _evidence(seen), tracker=tracker_info(tracker)))
    return findings


@rule("consent.no_banner")
def no_banner(ctx: Context) -> list[dict]:
    banner = ctx.banner
    if banner.get("analysed") is False or banner.get("detected") is not False:
        return []  # not analysed, or a banner is there
    seen: dict[str, dict] = {}
    for phase in PHASES:
        _merge(seen, ctx.activity(phase))
    if not seen:
        return []
    trackers = [tracker_info(s["tracker"]) for _n, s in sorted(seen.items())]
    promises = ctx.consent_promises()
    evidence = promises + ctx.screenshot("initial")
    for _name, entry in sorted(seen.items()):
        evidence += _evidence(entry)[:2]  # a sample of each tracker; the rule findings above hold the rest
    return [ctx.finding("consent.no_banner", "banner", {"trackers": trackers, "promise": _promise(promises)},
                        evidence,
                        trackers=sorted(seen))]


@rule("consent.no_reject_option")
def no_reject_option(ctx: Context) -> list[dict]:
    banner = ctx.banner
    if not banner.get("detected") or not banner.get("accept_found") or banner.get("reject_first_layer") is not False:
        return []
    action = ctx.phase("reject").get("consent_action") or {}
    layer = banner.get("first_layer") or {}
    promises = [p for p in ctx.consent_promises() if p.get("claim") in ("can_refuse", "refuse_on_site")]
    params = {"accept": (layer.get("accept_labels") or [None])[0],
              "settings": (layer.get("settings_labels") or [None])[0],
              "reject_found": bool(banner.get("reject_found")), "steps": action.get("layers") or 2,
              "promise": _promise(promises)}
    scan = ctx.phase("initial").get("banner_scan") or {}
    shown = (scan.get("banner") or {})
    evidence = promises + ctx.screenshot("initial") + [{
        "kind": "banner", "cmp": banner.get("cmp"), "first_layer": layer or None,
        "text": (shown.get("text") or "")[:500] or None,
        "controls": (shown.get("controls") or [])[:10]}]
    return [ctx.finding("consent.no_reject_option", "banner", params, evidence)]
