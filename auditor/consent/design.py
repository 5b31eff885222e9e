"""The banner's design in figures (report.json `banner.design`), from what the first visit
read before any click and what the accept and reject clicks took: clicks to each choice, the
reject control's kind, its area and text contrast against accept's, the purposes switched on
in the settings layer. Pure: the judge weighs them (auditor/rules/design.py)."""
from __future__ import annotations

from auditor.consent.contrast import Colour, contrast_ratio, over, parse_colour


def text_background(layers) -> str | None:
    """The opaque colour behind a control's text: its background layers (top first, the last
    opaque, as banner_scan.js reads them) composited; None when unknown."""
    if not isinstance(layers, list) or not layers:
        return None
    colours = [parse_colour(layer) for layer in layers]
    if any(c is None for c in colours) or colours[-1][3] < 1:
        return None
    result: Colour = colours[-1]
    for colour in reversed(colours[:-1]):
        result = over(colour, result)
    return "rgb({:.0f}, {:.0f}, {:.0f})".format(*result[:3])


def control_contrast(control: dict | None) -> float | None:
    """The WCAG contrast ratio of a control's text against what is behind it."""
    if not control:
        return None
    return contrast_ratio(control.get("color"), text_background(control.get("behind")))


def looks_like_link(control: dict | None) -> bool | None:
    """Drawn as a link: no box of its own (no background, no border), text among text, be it
    an <a> or a <button> so styled. A report from before `boxed` was read: by its tag."""
    if not control:
        return None
    if control.get("boxed") is not None:
        return not control["boxed"]
    return control.get("tag") == "a"


def _first(controls: list[dict], role: str) -> dict | None:
    return next((c for c in controls if c.get("role") == role), None)


def _clicks(layer: dict, found_key: str, action: dict | None) -> int | None:
    """1 on the first layer; the layers the click took when it was reached behind the settings
    (`consent_action.layers`); 2 for a reject hidden until the settings; None when not found."""
    if layer.get(found_key):
        return 1
    if action and action.get("performed") and action.get("method") == "heuristic":
        return action.get("layers") or None
    if found_key == "reject_first_layer" and layer.get("reject_hidden_until_settings"):
        return 2
    return None


def design_figures(initial: dict | None, accept: dict | None, reject: dict | None) -> dict | None:
    """`banner.design`; None when no banner was read on the first visit (nothing to measure)."""
    initial = initial or {}
    banner = initial.get("banner")
    layer = initial.get("first_layer") or {}
    if not banner:
        return None
    controls = [c for c in banner.get("controls") or [] if isinstance(c, dict)]
    accept_control, reject_control = _first(controls, "accept"), _first(controls, "reject")
    both = accept_control is not None and reject_control is not None
    reject_link, accept_link = (looks_like_link(reject_control), looks_like_link(accept_control)) if both \
        else (None, None)
    second = initial.get("second_layer") or {}
    switches = [s for s in second.get("switches") or [] if isinstance(s, dict)]
    return {
        "clicks_to_accept": _clicks(layer, "accept_found", accept),
        "clicks_to_reject": _clicks(layer, "reject_first_layer", reject),
        # a link against a button: a reject link beside an accept that is no link
        "reject_is_link": (reject_link and not accept_link) if both else None,
        "reject_to_accept_area": layer.get("reject_to_accept_area"),
        "reject_contrast": control_contrast(reject_control) if both else None,
        "accept_contrast": control_contrast(accept_control) if both else None,
        "prechecked": [s["label"] for s in switches if s.get("on") and s.get("kind") == "consent"],
        "cookie_wall": None,  # measured by the cookie-wall reading
        # additions: what the figures are of
        "accept_label": (accept_control or {}).get("label"),
        "reject_label": (reject_control or {}).get("label"),
        "legitimate_interest_on": [s["label"] for s in switches
                                   if s.get("on") and s.get("kind") == "legitimate_interest"],
        "second_layer_opened": second.get("opened") if second else None,
        # each control's own look, whatever the other's
        "reject_drawn_as_link": reject_link, "accept_drawn_as_link": accept_link,
    }
