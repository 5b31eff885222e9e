"""A finding's evidence, item by item, in words: what the site says (policy quotes) beside what
the browser observed (cookies and requests as small tables, pages, the banner's controls, the
click, lists of names) and the screenshot of the phase the finding speaks of."""
from __future__ import annotations

import json
from urllib.parse import urlsplit

from auditor.contract import WITHDRAW_PHASE
from reports.i18n import Translator
from reports.safety import safe_href
from reports.views.design import design_parts, switch_items
from reports.views.formatting import lifetime, number, paris_time

URL_SHOWN = 90  # characters of a request's URL shown; the whole one is in requests.csv
CONTROL_ROLES = ("accept", "reject", "settings", "wall", "acknowledge")


def _host(url) -> str:
    if not isinstance(url, str):
        return ""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _trim(url: str) -> str:
    return url if len(url) <= URL_SHOWN else url[:URL_SHOWN] + "…"


def kind_of(item) -> str:
    if isinstance(item, dict):
        if "quote" in item:
            return "quote"
        if item.get("kind") in ("cookie", "request", "screenshot", "pages", "page", "banner",
                                "cookie_table", "consent_action", "form", "banner_again", "wall",
                                "pay_offer", "banner_design", "switches", "withdrawal"):
            return item["kind"]
        if "name" in item and "domain" in item:
            return "cookie"
        if "url" in item and ("host" in item or "resource_type" in item):
            return "request"
    return "other"


def phase_word(item: dict, labels: dict[str, str]) -> str:
    """The phase an observation was made in, as the phase table names it; a record of an
    accept/reject visit made before its click (before_choice) is "before any choice"."""
    if item.get("before_choice"):
        return labels["initial"]
    return labels.get(item.get("phase"), "") if item.get("phase") in labels else ""


def _setter(item: dict, t: Translator) -> dict:
    how = item.get("set_by")
    url = _text(item.get("set_by_url"))
    key = how if how in ("http", "script") else "unknown"
    return {"how": t(f"evidence.set_by.{key}"), "url": _trim(url), "href": safe_href(url)}


def _lifetime(days, t: Translator) -> str:
    """« 2 ans (730 j) »: the words, and the days the CSV holds."""
    if not isinstance(days, (int, float)):
        return lifetime(None, t)
    return t("cookies.lifetime_days", text=lifetime(days, t), days=number(days, t.language))


def _cookie(item: dict, t: Translator, labels: dict) -> dict:
    tracker = item.get("tracker") if isinstance(item.get("tracker"), dict) else {}
    session = bool(item.get("session"))
    asked = None if session else item.get("lifetime_days")
    kept = None if session else item.get("stored_lifetime_days")
    return {"name": str(item.get("name", "")), "domain": str(item.get("domain", "")),
            "company": str(tracker.get("company") or tracker.get("name") or ""),
            "asked": _lifetime(asked, t),
            "kept": _lifetime(kept, t) if kept is not None and kept != asked else "",
            "phase": phase_word(item, labels), "set_by": _setter(item, t)}


def _request(item: dict, t: Translator, labels: dict) -> dict:
    tracker = item.get("tracker") if isinstance(item.get("tracker"), dict) else {}
    kind = item.get("resource_type")
    url = _text(item.get("url"))
    return {"host": str(item.get("host") or _host(url)), "url": _trim(url),
            "company": str(tracker.get("company") or tracker.get("name") or ""),
            "type": t.get(f"resource.{kind}", str(kind)) if kind else "",
            "phase": phase_word(item, labels)}


def _link(url) -> dict:
    return {"url": _text(url), "href": safe_href(url)}


def note(text: str, url=None, items=()) -> dict:
    """A sentence of the evidence, with the address it is about and a list under it."""
    return {"text": text, **_link(url), "entries": list(items)}


def _quote(text, url=None, label: str = "") -> dict:
    return {"text": str(text or ""), **_link(url), "label": label}


def _page_label(page, t: Translator) -> str:
    return t.get(f"pages.{page}", t("evidence.page.generic")) if isinstance(page, str) else t("evidence.page.generic")


def _pages(item: dict, t: Translator) -> list[dict]:
    """One sentence per legal page: found at its address, or not found; then the addresses
    tried in vain."""
    notes = []
    for page in ("legal_notice", "privacy_policy", "cookie_policy"):
        if page not in item:
            continue
        url = item.get(page)
        key = "found" if url else "not_found"
        notes.append(note(t(f"evidence.page.{key}", page=_page_label(page, t)), url))
    tried = [str(n) for n in item.get("notes") or [] if isinstance(n, (str, int, float))]
    if tried:
        notes.append(note(t("evidence.page.tried"), items=tried))
    return notes


WALL_REASONS = ("overlay", "scroll_lock", "blur", "inert", "removed")


def _wall(item: dict, t: Translator, labels: dict[str, str]) -> dict:
    """What kept the content out of reach in a phase: the overlay's share of the screen, the
    scroll lock, the blur..."""
    entries = []
    for reason in item.get("reasons") or []:
        if reason not in WALL_REASONS:
            continue
        if reason == "overlay":
            share = item.get("overlay_share")
            share = round(100 * share) if isinstance(share, (int, float)) else "?"
            entries.append(t("evidence.wall.overlay", share=share))
        else:
            entries.append(t(f"evidence.wall.{reason}"))
    phase = labels.get(item.get("phase"), "") if item.get("phase") in labels else ""
    return note(t("evidence.wall.seen", phase=phase), items=entries)


def _controls(item: dict, t: Translator) -> list[dict]:
    """The banner's first screen as sentences: the controls it offers, by role, then where
    the refusal is (absent, behind the settings)."""
    sentences = []
    controls = [c for c in item.get("controls") or [] if isinstance(c, dict) and c.get("label")]
    if controls:
        named = [t("evidence.banner.control", label=str(c["label"]),
                   role=t(f"evidence.banner.role.{c.get('role') if c.get('role') in CONTROL_ROLES else 'other'}"))
                 for c in controls]
        sentences.append(note(t("evidence.banner.controls"), items=named))
    layer = item.get("first_layer") if isinstance(item.get("first_layer"), dict) else {}
    if layer.get("reject_first_layer") is False:
        sentences.append(note(t("evidence.banner.no_reject")))
    if layer.get("reject_hidden_until_settings"):
        settings = (layer.get("settings_labels") or [None])[0]
        sentences.append(note(t("evidence.banner.behind_settings", settings=str(settings)) if settings
                              else t("evidence.banner.behind_settings_unnamed")))
    if item.get("cmp"):
        sentences.append(note(t("evidence.banner.cmp", cmp=str(item["cmp"]))))
    return sentences


def _click(item: dict, t: Translator, labels: dict) -> dict:
    control = item.get("control")
    when = paris_time(item.get("clicked_at"), t)
    phase = item.get("phase") if item.get("phase") in ("accept", "reject") else "reject"
    if not when:
        return note(t("evidence.click.not_made", phase=labels[phase]))
    text = (t("evidence.click.made", control=str(control), when=when) if control
            else t("evidence.click.made_unnamed", when=when))
    verified = t("evidence.click.verified") if item.get("verified") else t("evidence.click.not_verified")
    return note(f"{text} {verified}")


def _form(item: dict, t: Translator, labels: dict) -> dict:
    phases = [labels[p] for p in item.get("phases") or [] if p in labels]
    return note(t("evidence.form", phases=", ".join(phases) or t("common.unknown")), item.get("action"))


def _plain(value) -> str:
    """A value of an evidence record this version does not know, as text (never JSON)."""
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k} : {_plain(v)}" for k, v in value.items())
    if value is None:
        return "–"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _other(item) -> dict:
    if isinstance(item, dict):
        return {"pairs": [(str(k), _plain(v)) for k, v in item.items() if k != "kind"], "text": ""}
    return {"pairs": [], "text": _plain(item)}


def _screenshot(item: dict, t: Translator, labels: dict, shots) -> dict | None:
    """The phase's screenshot, or the banner cropped out of it: embedded (for the PDF),
    linked to its PNG in the run folder."""
    shot = shots(item.get("file"))
    if shot is None:
        return None
    phase = labels.get(item.get("phase"), "") if item.get("phase") in labels else ""
    if item.get("part") == "banner":
        return {**shot, "caption": t("finding.banner_crop", phase=phase), "crop": True}
    if item.get("part") == "second_layer":
        return {**shot, "caption": t("finding.second_layer"), "crop": True}
    if item.get("part") == "reopened_layer":
        return {**shot, "caption": t("finding.reopened_layer")}
    return {**shot, "caption": t("finding.screenshot", phase=phase)}


def _withdrawal(item: dict, t: Translator) -> list[dict]:
    """How the choice was reopened (or what was tried), and the refusal made there."""
    notes = []
    control = _text(item.get("control"))
    tried = [str(c) for c in item.get("tried") or [] if isinstance(c, str)]
    apis = [str(a) for a in item.get("apis") or [] if isinstance(a, str)]
    if control.startswith("api:"):
        notes.append(note(t("evidence.withdrawal.by_api", api=control[4:])))
    elif item.get("reopened") and control:
        notes.append(note(t("evidence.withdrawal.reopened", control=control)))
    else:
        notes.append(note(t("evidence.withdrawal.not_reopened")))
    if tried and not (item.get("reopened") and not control.startswith("api:")):
        notes.append(note(t("evidence.withdrawal.tried"), items=tried))
    if apis and not control.startswith("api:"):
        notes.append(note(t("evidence.withdrawal.apis"), items=apis))
    when = paris_time(item.get("clicked_at"), t)
    if when:
        refused = _text(item.get("refused_with"))
        text = (t("evidence.withdrawal.refused", control=refused, when=when) if refused
                else t("evidence.withdrawal.refused_unnamed", when=when))
        verified = t("evidence.click.verified") if item.get("verified") else t("evidence.click.not_verified")
        notes.append(note(f"{text} {verified}"))
    return notes


def evidence_view(items, t: Translator, labels: dict[str, str], shots=lambda _name: None) -> dict:
    """The finding's evidence block: `says` (quotes), `cookies` and `requests` (table rows),
    `notes` (sentences, with a link or a list), `lists` (names), `others` (records this
    version cannot word), `shots` (screenshots). `labels`: the phases' names; `shots(file)`:
    {src, href} of a screenshot of the run folder, or None."""
    view = {"says": [], "cookies": [], "requests": [], "notes": [], "lists": [], "others": [],
            "shots": []}
    labels = {WITHDRAW_PHASE: t(f"phase.{WITHDRAW_PHASE}"), **labels}  # the withdrawal's browser (no contract phase)
    for item in items if isinstance(items, list) else []:
        kind = kind_of(item)
        if kind == "quote":
            view["says"].append(_quote(item.get("quote"), item.get("url")))
        elif kind == "cookie":
            view["cookies"].append(_cookie(item, t, labels))
        elif kind == "request":
            view["requests"].append(_request(item, t, labels))
        elif kind == "pages":
            view["notes"] += _pages(item, t)
        elif kind == "page":
            view["notes"].append(note(t("evidence.page.examined", page=_page_label(item.get("page"), t)),
                                      item.get("url")))
        elif kind == "banner_again":
            pages = [str(p) for p in item.get("pages") or [] if isinstance(p, str)]
            if pages:
                view["notes"].append(note(t("evidence.banner.shown_again"), items=pages))
            if item.get("return_visit"):
                view["notes"].append(note(t("evidence.banner.shown_on_return")))
        elif kind == "wall":
            view["notes"].append(_wall(item, t, labels))
        elif kind == "pay_offer":
            offers = [str(label) for label in item.get("labels") or [] if isinstance(label, str)]
            view["notes"].append(note(t("evidence.wall.pay_offer"), items=offers))
        elif kind == "banner_design":
            parts = design_parts(item, t)   # a list of figures, one per line
            if parts:
                view["notes"].append(note(t("evidence.banner.design"), items=parts))
        elif kind == "switches":
            control = _text(item.get("control"))
            title = (t("evidence.switches.title", control=control) if control
                     else t("evidence.switches.title_unnamed"))
            view["notes"].append(note(title, items=switch_items(item.get("switches"), t)))
        elif kind == "banner":
            view["notes"] += _controls(item, t)
            if _text(item.get("text")):
                view["says"].append(_quote(item["text"], label=t("evidence.banner.text")))
        elif kind == "cookie_table":
            view["lists"].append({"title": t("evidence.cookie_list"), **_link(item.get("url")),
                                  "entries": [str(n) for n in item.get("names") or []]})
        elif kind == "consent_action":
            view["notes"].append(_click(item, t, labels))
        elif kind == "withdrawal":
            view["notes"] += _withdrawal(item, t)
        elif kind == "form":
            view["notes"].append(_form(item, t, labels))
        elif kind == "screenshot":
            shot = _screenshot(item, t, labels, shots)
            if shot and shot not in view["shots"]:
                view["shots"].append(shot)
        else:
            view["others"].append(_other(item))
    return view


def has_observations(view: dict) -> bool:
    return any(view[k] for k in ("cookies", "requests", "notes", "lists", "others"))


def evidence_line(item) -> str:
    """One line per item for findings.csv (language-neutral)."""
    kind = kind_of(item)
    if kind == "quote":
        return f"quote: \u00ab{item.get('quote')}\u00bb ({item.get('url') or ''})"
    if kind == "cookie":
        return f"cookie: {item.get('name')} @ {item.get('domain')} ({item.get('lifetime_days')} d)"
    if kind == "request":
        return f"request: {item.get('url')}"
    return json.dumps(item, ensure_ascii=False)
