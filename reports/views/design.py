"""The banner's design in words (report.json `banner.design`): « Refuser : 1 clic, un lien ;
Accepter : 1 clic, un bouton ; contraste du refus 2,1:1 contre 12,6:1 », and the settings
layer's switches as the visitor found them."""
from __future__ import annotations

from reports.i18n import Translator
from reports.views.formatting import number, plural

SWITCHES_SHOWN = 8


def _figure(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _choice(t: Translator, choice: str, clicks, is_link) -> str:
    count = _figure(clicks)
    clicks_text = plural(t, "banner.design.clicks", int(count)) if count else t("banner.design.not_found")
    kind = "" if is_link is None or not count else t(f"banner.design.{'link' if is_link else 'button'}")
    return t("banner.design.choice", choice=t(f"banner.design.{choice}"), clicks=clicks_text, kind=kind)


def design_sentence(design, t: Translator) -> str:
    """The refusal against the acceptance, in one sentence; "" when nothing was measured."""
    return t("banner.design.separator").join(design_parts(design, t))


def design_parts(design, t: Translator) -> list[str]:
    """The sentence's parts: each choice's clicks and look, the contrasts, the area; none when
    nothing was measured."""
    if not isinstance(design, dict):
        return []
    def look(key):
        return design.get(key) if isinstance(design.get(key), bool) else None
    reject_link, accept_link = look("reject_drawn_as_link"), look("accept_drawn_as_link")
    if reject_link is None and look("reject_is_link"):   # "a link against a button"
        reject_link, accept_link = True, False
    parts = [_choice(t, "reject", design.get("clicks_to_reject"), reject_link),
             _choice(t, "accept", design.get("clicks_to_accept"), accept_link)]
    reject, accept = _figure(design.get("reject_contrast")), _figure(design.get("accept_contrast"))
    if reject is not None and accept is not None:
        parts.append(t("banner.design.contrast", reject=number(reject, t.language, 1),
                       accept=number(accept, t.language, 1)))
    area = _figure(design.get("reject_to_accept_area"))
    if area is not None:
        parts.append(t("banner.design.area", share=number(round(area * 100), t.language)))
    if not any(_figure(design.get(k)) for k in ("clicks_to_reject", "clicks_to_accept")) and len(parts) == 2:
        return []
    return parts


def settings_sentence(layer, t: Translator) -> str:
    """What the settings layer opened before any choice showed switched on; "" when not read."""
    if not isinstance(layer, dict) or not layer.get("control"):
        return ""
    control = str(layer["control"])
    if not layer.get("opened"):
        reason = layer.get("reason")
        reason = t(f"banner.design.reason.{reason}") if t.has(f"banner.design.reason.{reason}") else t("common.unknown")
        return t("banner.design.settings_not_opened", control=control, reason=reason)
    on = [str(s.get("label")) for s in layer.get("switches") or []
          if isinstance(s, dict) and s.get("on") and s.get("kind") in ("consent", "legitimate_interest")]
    switches = t("banner.design.settings_on", labels=", ".join(on)) if on else t("banner.design.settings_none_on")
    return t("banner.design.settings", control=control, switches=switches)


def switch_items(switches, t: Translator) -> list[str]:
    """Each switch of the settings layer: its label, its kind when it is no purpose, its state."""
    items = []
    for switch in (switches if isinstance(switches, list) else [])[:SWITCHES_SHOWN * 4]:
        if not isinstance(switch, dict) or not switch.get("label") or switch.get("kind") == "control":
            continue
        state = ("on" if switch.get("on") else "off") + ("_locked" if switch.get("locked") else "")
        values = {"label": str(switch["label"]), "state": t(f"evidence.switches.state.{state}")}
        if switch.get("kind") in ("necessary", "legitimate_interest"):
            items.append(t("evidence.switches.item_kind", kind=t(f"evidence.switches.kind.{switch['kind']}"), **values))
        else:
            items.append(t("evidence.switches.item", **values))
    return items[:SWITCHES_SHOWN]
