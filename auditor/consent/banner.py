"""Pure reading of banner scans: which box is the consent banner, what its first layer
offers, and whether a click took effect."""
from __future__ import annotations

from auditor.consent.buttons import classify_label
from auditor.consent.design import design_figures

# A banner with one of these asks for a choice: its "OK" is the acceptance, not a notice read.
CHOICE_MEANINGS = ("reject", "settings")


def classify_banner(banner: dict) -> dict:
    """A scanned banner with each control's `meaning` (its words: accept / reject / settings /
    wall / acknowledge / None) and `role`, what choosing it does on this banner: the same but
    that an "OK" beside a refusal or settings is the acceptance ("OK / Non merci"), while on
    a banner offering no choice it stays an acknowledgement, not consent."""
    controls = [{**c, "meaning": classify_label(c["label"])} for c in banner.get("controls", [])]
    hidden = [{"label": label, "meaning": classify_label(label)}
              for label in banner.get("hidden_controls", [])]
    asks = any(c["meaning"] in CHOICE_MEANINGS for c in controls + hidden)
    for control in controls + hidden:
        meaning = control["meaning"]
        control["role"] = "accept" if meaning == "acknowledge" and asks else meaning
    return {**banner, "controls": controls, "hidden_controls": hidden}


def pick_banner(scans: list[dict]) -> dict | None:
    """The consent banner among all frames' scans: the box whose controls say the most
    about consent; None when no box offers any consent control."""
    best, best_score = None, 0
    for scan in scans:
        for banner in scan.get("banners", []):
            banner = {**classify_banner(banner), "frame_url": scan.get("url"),
                      "frame_index": scan.get("frame_index")}
            # A "subscribe" alone (a newsletter box in a sticky header) makes no banner.
            telling = [c["role"] for c in banner["controls"] if c["role"] not in (None, "wall")]
            score = len(set(telling)) * 10 + len(telling)
            if score > best_score:
                best, best_score = banner, score
    return best


def controls_with_role(banner: dict | None, role: str) -> list[dict]:
    return [c for c in (banner or {}).get("controls", []) if c["role"] == role]


def first_layer(banner: dict | None) -> dict:
    """What the banner's first layer offers a visitor, and how reject compares to accept."""
    accept = controls_with_role(banner, "accept")
    reject = controls_with_role(banner, "reject")
    settings = controls_with_role(banner, "settings")
    acknowledge = controls_with_role(banner, "acknowledge")
    wall = controls_with_role(banner, "wall")
    hidden_reject = [c["label"] for c in (banner or {}).get("hidden_controls", [])
                     if c["role"] == "reject"]
    verdict = {
        "accept_found": bool(accept),
        "reject_first_layer": bool(reject),
        "reject_hidden_until_settings": bool(hidden_reject) and not reject,
        "settings_found": bool(settings),
        "accept_labels": [c["label"] for c in accept],
        "reject_labels": [c["label"] for c in reject] or hidden_reject,
        "settings_labels": [c["label"] for c in settings],
        # "OK" on a banner that asks nothing: a notice read, not consent.
        "acknowledge_only": bool(acknowledge) and not (accept or reject or settings),
        "acknowledge_labels": [c["label"] for c in acknowledge],
        # "Refuser et s'abonner", "2,99 €/mois": a refusal that costs (never clicked as reject).
        "wall_labels": [c["label"] for c in wall],
    }
    if accept and reject and accept[0].get("area"):
        # EDPB: a reject shown as a small link beside a big accept button is not as easy.
        verdict["reject_to_accept_area"] = round(reject[0]["area"] / accept[0]["area"], 2)
        verdict["reject_is_link"] = reject[0].get("tag") == "a" and accept[0].get("tag") != "a"
    return verdict


def same_banner(a: dict | None, b: dict | None) -> bool:
    return bool(a and b) and a.get("text", "")[:200] == b.get("text", "")[:200]


def verify_choice(action: str, *, banner_before: dict | None, banner_after: dict | None,
                  cookies_set_after: list[str], storage_changed: list[str],
                  new_third_party_hosts: list[str], new_trackers: list[str] = ()) -> dict:
    """Did the click take effect? The banner went away and the choice was stored (and, for
    accept, the trackers held back now load). 'Clicked' alone proves nothing."""
    banner_gone = banner_before is None or not same_banner(banner_before, banner_after)
    choice_stored = bool(cookies_set_after or storage_changed)
    if action == "accept":
        verified = banner_gone and (choice_stored or bool(new_trackers or new_third_party_hosts))
    else:
        verified = banner_gone and choice_stored
    reasons = []
    if not banner_gone:
        reasons.append("the banner is still shown after the click")
    if not choice_stored:
        reasons.append("no cookie or storage entry recorded the choice")
    return {
        "verified": verified,
        "banner_gone": banner_gone,
        "choice_stored": choice_stored,
        "cookies_set_after": sorted(set(cookies_set_after))[:50],
        "storage_changed": sorted(set(storage_changed))[:50],
        "new_third_party_hosts": sorted(set(new_third_party_hosts))[:50],
        "new_trackers": sorted(set(new_trackers)),
        "reasons": [] if verified else reasons,
    }


def public_banner(banner: dict | None) -> dict | None:
    """The banner as the report keeps it: its words and controls, no browser handles."""
    if banner is None:
        return None
    keep = ("label", "role", "meaning", "tag", "area", "font_size", "color", "background", "behind",
            "boxed", "link_role")
    return {
        "text": banner.get("text"),
        "frame_url": banner.get("frame_url"),
        "in_iframe": banner.get("in_iframe", False),
        "controls": [{k: c.get(k) for k in keep} for c in banner.get("controls", [])],
        "hidden_controls": banner.get("hidden_controls", []),
    }


def summarise_banner(initial: dict | None, accept: dict | None, reject: dict | None) -> dict:
    """The report's `banner` block from the three phases: what the first layer showed
    before any click, and whether each choice was made and took effect."""
    initial = initial or {}
    layer = initial.get("first_layer") or {}
    performed = {name: bool(o and o.get("performed")) for name, o in
                 (("accept", accept), ("reject", reject))}
    methods = [o.get("method") for o in (accept, reject) if o and o.get("method")]
    cmp = initial.get("cmp") or next((o.get("cmp") for o in (accept, reject)
                                      if o and o.get("cmp")), None)
    first_layer_seen = initial.get("banner") is not None
    return {
        "detected": bool(initial.get("detected")) or any(performed.values()),
        "cmp": cmp,
        "accept_found": bool(layer.get("accept_found")) or performed["accept"],
        "reject_found": bool(layer.get("reject_first_layer")
                             or layer.get("reject_hidden_until_settings")) or performed["reject"],
        # Unknown (None) when only autoconsent saw the banner: no verdict without evidence.
        "reject_first_layer": bool(layer.get("reject_first_layer")) if first_layer_seen else None,
        "accept_verified": accept.get("verified") if performed["accept"] else None,
        "reject_verified": reject.get("verified") if performed["reject"] else None,
        "method": methods[0] if methods else ("heuristic" if first_layer_seen else None),
        "first_layer": layer or None,
        "design": design_figures(initial, accept, reject),
        "analysed": True,
        "screenshot": "screenshot-initial.png",
    }
