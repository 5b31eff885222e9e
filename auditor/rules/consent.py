"""Consent: trackers before any choice, after "reject all", no banner, no reject option
(compliance-rules.md CNIL-PRE, CNIL-REJ, CNIL-1L, BE-APD)."""
from __future__ import annotations

from auditor.contract import PHASES

from .catalogue import rule
from .context import Context, by_company, company_key, company_params, tracker_info


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


def before_choice(ctx: Context) -> list[dict]:
    """Per company, what its trackers needing consent did before any choice, in one phase: the
    `initial` one; for a company absent from it, the first accept/reject visit before its
    click (all of it when no click was made): a cookie set before the click and still there
    is evidence of this rule, not of "after reject" (its records say `before_choice`)."""
    groups = [{**g, "phase": "initial", "clicked": False} for g in by_company(ctx.activity("initial"))]
    known = {company_key(g["tracker"]) for g in groups}
    for phase in ("accept", "reject"):
        if not ctx.phase(phase) or ctx.phase(phase).get("skipped"):
            continue
        clicked = ctx.clicked_at(phase)
        for group in by_company(ctx.activity(phase, before=clicked) if clicked else ctx.activity(phase)):
            if company_key(group["tracker"]) in known:
                continue
            known.add(company_key(group["tracker"]))
            groups.append({**group, "phase": phase, "clicked": clicked is not None})
    return groups


@rule("consent.tracker_before_consent")
def tracker_before_consent(ctx: Context) -> list[dict]:
    """One finding per company whose trackers need consent and were active with no choice
    made; its counts are those of the one phase it speaks of (`phase`)."""
    promises = ctx.consent_promises()
    findings = []
    for group in before_choice(ctx):
        pages = len(ctx.phase(group["phase"]).get("pages_visited") or []) or None
        params = {**company_params(group), "phase": group["phase"], "clicked": group["clicked"], "pages": pages,
                  **_activity(group), "promise": _promise(promises)}
        findings.append(ctx.finding(
            "consent.tracker_before_consent", group["trackers"][0], params,
            promises + ctx.screenshot(group["phase"]) + _evidence(group),
            tracker=tracker_info(group["tracker"])))
    return findings


@rule("consent.tracker_after_reject")
def tracker_after_reject(ctx: Context) -> list[dict]:
    """Only what loads, or sets or refreshes a cookie, after the reject click counts; a
    cookie set before it and merely still there is evidence of the first rule, not this one.
    No click made: nothing can be said. One finding per company."""
    clicked = ctx.clicked_at("reject")
    if clicked is None:
        return []
    action = ctx.phase("reject").get("consent_action") or {}
    control = (action.get("control") or {}).get("label") if isinstance(action.get("control"), dict) else action.get("control")
    verification = action.get("verification") or {}
    promises = ctx.consent_promises()
    findings = []
    for group in by_company(ctx.activity("reject", after=clicked)):
        params = {"control": control, **company_params(group), **_activity(group),
                  "verified": bool(action.get("verified")),
                  # why the refusal is unconfirmed, as facts the catalogue words in each language
                  "banner_gone": verification.get("banner_gone"),
                  "choice_stored": verification.get("choice_stored"),
                  "promise": _promise(promises)}
        findings.append(ctx.finding(
            "consent.tracker_after_reject", group["trackers"][0], params,
            promises + [{"kind": "consent_action", "phase": "reject", "clicked_at": action.get("clicked_at"),
                         "control": control, "verified": action.get("verified")}]
            + ctx.screenshot("reject") + _evidence(group), tracker=tracker_info(group["tracker"])))
    return findings


@rule("consent.no_banner")
def no_banner(ctx: Context) -> list[dict]:
    """Trackers needing consent and no consent mechanism: no banner, or a banner that only
    informs (« J'ai compris », "OK" with nothing to refuse or to set): it asks nothing."""
    banner = ctx.banner
    layer = banner.get("first_layer") or {}
    notice = (layer.get("acknowledge_labels") or [None])[0] if layer.get("acknowledge_only") else None
    if banner.get("analysed") is False or (banner.get("detected") is not False and not notice):
        return []  # not analysed, or a banner that asks for a choice is there
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
    if notice:
        evidence += ctx.banner_screenshot()
    return [ctx.finding("consent.no_banner", "banner",
                        {"trackers": trackers, "notice": notice, "promise": _promise(promises)},
                        evidence,
                        trackers=sorted(seen))]


def reject_missing_from_first_layer(banner: dict) -> bool:
    """The banner offers accept on its first layer and no refusal there (consent.no_reject_option)."""
    return bool(banner.get("detected") and banner.get("accept_found")) and banner.get("reject_first_layer") is False


@rule("consent.no_reject_option")
def no_reject_option(ctx: Context) -> list[dict]:
    banner = ctx.banner
    if not reject_missing_from_first_layer(banner):
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
    evidence = promises + ctx.banner_screenshot() + ctx.screenshot("initial") + [{
        "kind": "banner", "cmp": banner.get("cmp"), "first_layer": layer or None,
        "text": (shown.get("text") or "")[:500] or None,
        "controls": (shown.get("controls") or [])[:10]}]
    return [ctx.finding("consent.no_reject_option", "banner", params, evidence)]


@rule("consent.choice_not_remembered")
def choice_not_remembered(ctx: Context) -> list[dict]:
    """After a "reject all" that was clicked, the banner back on the next pages or on a return
    visit (a new tab of the same browser): the refusal is not kept."""
    action = ctx.phase("reject").get("consent_action") or {}
    # a banner that never left (an inert reject button) was not forgotten: it stayed
    if not action.get("performed") or (action.get("verification") or {}).get("banner_gone") is False:
        return []
    pages = [p for p in action.get("banner_reappeared") or [] if isinstance(p, str)]
    returned = action.get("banner_on_return") is True
    if not pages and not returned:
        return []
    params = {"reject": action.get("control"), "pages": len(pages), "return_visit": returned}
    evidence = [{"kind": "banner_again", "pages": pages, "return_visit": returned}]
    return [ctx.finding("consent.choice_not_remembered", "banner", params,
                        evidence + ctx.screenshot("reject"))]

