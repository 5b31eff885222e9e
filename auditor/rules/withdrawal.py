"""Withdrawing consent (compliance-rules.md CNIL-WDR): a way to reopen the choice, and a
withdrawal that stops the trackers, read from report.json `withdrawal` (the withdraw phase's
browser: accept all, reopen, refuse everything, then the next pages)."""
from __future__ import annotations

from auditor.contract import WITHDRAW_PHASE

from .catalogue import rule
from .context import Context, company_key, tracker_info


def _withdrawal(ctx: Context) -> dict:
    return ctx.report.get("withdrawal") or {}


def _ran(withdrawal: dict) -> bool:
    """The phase ran to the reopening: not skipped (nothing to withdraw), not failed."""
    return bool(withdrawal) and not withdrawal.get("skipped") and not withdrawal.get("error") \
        and (withdrawal.get("accept") or {}).get("performed") is True


def _domain_matches(host: str, domain: str) -> bool:
    bare = (domain or "").lstrip(".").lower()
    return bool(bare) and (host == bare or host.endswith("." + bare))


def after_withdrawal(ctx: Context) -> list[dict]:
    """Per company, what its trackers needing consent did after the withdrawal click: requests,
    cookies set or refreshed, cookies sent (the requests' Cookie header names), and its
    first-party cookies still in the jar at the end (not deleted). A third-party cookie the
    site cannot delete counts only when it is set or sent after. Empty when no withdrawal was
    clicked, or when its refusal did nothing (nothing to judge)."""
    withdrawal = _withdrawal(ctx)
    clicked = ctx.clicked_at(WITHDRAW_PHASE)
    verification = (withdrawal.get("consent_action") or {}).get("verification") or {}
    # an inert refusal (the layer stayed, nothing stored) is no withdrawal to judge; a layer
    # left open on a stored refusal is (tarteaucitron's panel stays open after "Tout refuser")
    if clicked is None or (verification.get("banner_gone") is False and not verification.get("choice_stored")):
        return []
    found = {name: {**seen, "sent": [], "kept": []}
             for name, seen in ctx.activity(WITHDRAW_PHASE, after=clicked).items()}

    def entry(tracker: dict) -> dict:
        return found.setdefault(tracker["name"], {"tracker": tracker, "cookies": [], "requests": [],
                                                  "sent": [], "kept": []})

    tracking = [c for c in withdrawal.get("cookies") or [] if ctx.cookie_needs_consent(c)]
    # sent to another site (a first-party cookie sent to the site's own pages is "kept")
    for request in ctx.activity_requests(WITHDRAW_PHASE, after=clicked):
        if not request.get("third_party"):
            continue
        for name in request.get("cookies_sent") or []:
            for cookie in tracking:
                if cookie["name"] == name and _domain_matches(request.get("host") or "", cookie.get("domain")):
                    sent = entry(cookie["tracker"])["sent"]
                    if name not in sent:
                        sent.append(name)
    still = {(c.get("name"), (c.get("domain") or "").lstrip(".")) for c in withdrawal.get("jar_after") or []}
    for cookie in tracking:
        if not cookie.get("third_party") and (cookie["name"], (cookie.get("domain") or "").lstrip(".")) in still:
            entry(cookie["tracker"])["kept"].append(ctx.cookie_record(cookie, WITHDRAW_PHASE))
    groups: dict[str, dict] = {}
    for name, seen in sorted(found.items()):
        group = groups.setdefault(company_key(seen["tracker"]), {
            "tracker": seen["tracker"], "trackers": [], "cookies": [], "requests": [], "sent": [], "kept": []})
        group["trackers"].append(name)
        for key in ("cookies", "requests", "kept"):
            group[key] += seen[key]
        group["sent"] += [n for n in seen["sent"] if n not in group["sent"]]
    return [g for g in groups.values() if g["cookies"] or g["requests"] or g["sent"] or g["kept"]]


def withdrawal_outcome(ctx: Context) -> dict:
    """report.json `withdrawal.trackers_after` and `cookies_kept`, from the records."""
    groups = after_withdrawal(ctx)
    return {"trackers_after": sorted({n for g in groups if g["requests"] or g["cookies"] or g["sent"]
                                      for n in g["trackers"]}),
            "cookies_kept": sorted({c["name"] for g in groups for c in g["kept"]})}


def _withdrawal_evidence(withdrawal: dict) -> dict:
    action = withdrawal.get("consent_action") or {}
    return {"kind": "withdrawal", "control": withdrawal.get("control"), "reopened": withdrawal.get("reopened"),
            "tried": (withdrawal.get("tried") or [])[:10], "apis": withdrawal.get("apis") or [],
            "refused_with": action.get("control"), "clicked_at": action.get("clicked_at"),
            "verified": withdrawal.get("verified")}


def _screenshots(ctx: Context) -> list[dict]:
    withdrawal = _withdrawal(ctx)
    shots = ctx.screenshot(WITHDRAW_PHASE)
    if withdrawal.get("layer_screenshot"):
        shots.append({"kind": "screenshot", "phase": WITHDRAW_PHASE, "file": withdrawal["layer_screenshot"],
                      "part": "reopened_layer"})
    return shots


@rule("consent.withdrawal_unavailable")
def withdrawal_unavailable(ctx: Context) -> list[dict]:
    """After "accept all", nothing a visitor can click on the page reopens the choice. A
    manager's reopen call that the page never makes is no way for a visitor: said in the
    params (`api`, `apis`), the finding stands."""
    withdrawal = _withdrawal(ctx)
    if not _ran(withdrawal):
        return []
    control = withdrawal.get("control") or ""
    if withdrawal.get("reopened") and not control.startswith("api:"):
        return []
    api = control[4:] if control.startswith("api:") else None
    apis = [a for a in withdrawal.get("apis") or [] if isinstance(a, str)]
    params = {"api": api or (apis[0] if apis else None), "tried": len(withdrawal.get("tried") or [])}
    return [ctx.finding("consent.withdrawal_unavailable", "banner", params,
                        [_withdrawal_evidence(withdrawal)] + ctx.screenshot(WITHDRAW_PHASE))]


@rule("consent.withdrawal_ineffective")
def withdrawal_ineffective(ctx: Context) -> list[dict]:
    """One finding per company whose trackers needing consent still load, set, are sent their
    cookies or keep their first-party cookies after the withdrawal (subject: the tracker; the
    cookie when it was only kept)."""
    withdrawal = _withdrawal(ctx)
    findings = []
    for group in after_withdrawal(ctx):
        active = bool(group["requests"] or group["cookies"] or group["sent"])
        kept = list(dict.fromkeys(c["name"] for c in group["kept"]))
        params = {"tracker": tracker_info(group["tracker"]), "trackers": group["trackers"],
                  "others": group["trackers"][1:], "control": withdrawal.get("control"),
                  "requests": len(group["requests"]),
                  "hosts": list(dict.fromkeys(r["host"] for r in group["requests"])),
                  "cookies_set": list(dict.fromkeys(c["name"] for c in group["cookies"])),
                  "cookies_sent": group["sent"], "cookies_kept": kept,
                  "active": active, "verified": bool(withdrawal.get("verified"))}
        subject = group["trackers"][0] if active else kept[0]
        records = list({c["name"]: c for c in group["kept"] + group["cookies"]}.values()) + group["requests"]
        findings.append(ctx.finding(
            "consent.withdrawal_ineffective", subject, params,
            [_withdrawal_evidence(withdrawal)] + _screenshots(ctx) + records,
            tracker=tracker_info(group["tracker"])))
    return findings
