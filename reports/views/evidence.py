"""A finding's evidence, item by item, as the reader sees it: what the site says (policy
quotes) beside what the browser observed (cookies, requests, anything else)."""
from __future__ import annotations

import json
from urllib.parse import urlsplit

from auditor.contract import PHASES
from reports.i18n import Translator
from reports.safety import safe_href
from reports.views.formatting import lifetime


def _host(url) -> str:
    if not isinstance(url, str):
        return ""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def kind_of(item) -> str:
    if isinstance(item, dict):
        if "quote" in item:
            return "quote"
        if "name" in item and "domain" in item:
            return "cookie"
        if "url" in item and ("host" in item or "resource_type" in item):
            return "request"
    return "other"


def _phase_text(item: dict, t: Translator) -> str:
    if item.get("before_choice"):  # an accept/reject visit before or without its click (Context.before_choice)
        return t("evidence.when.initial")
    phase = item.get("phase")
    return t(f"evidence.when.{phase}") if phase in PHASES else ""


def _quote(item: dict, t: Translator) -> dict:
    url = item.get("url")
    return {"kind": "quote", "text": str(item.get("quote") or ""),
            "href": safe_href(url), "source": str(url or "")}


def _cookie(item: dict, t: Translator) -> dict:
    tracker = item.get("tracker") if isinstance(item.get("tracker"), dict) else {}
    setter = _host(item.get("set_by_url"))
    facts = [t("evidence.lifetime", value=lifetime(item.get("lifetime_days"), t))]
    if setter:
        facts.append(t("evidence.set_by", host=setter))
    when = _phase_text(item, t)
    if when:
        facts.append(when)
    return {"kind": "cookie", "name": str(item.get("name", "")), "domain": str(item.get("domain", "")),
            "company": str(tracker.get("company") or ""), "facts": facts}


def _request(item: dict, t: Translator) -> dict:
    tracker = item.get("tracker") if isinstance(item.get("tracker"), dict) else {}
    kind = item.get("resource_type")
    facts = [t.get(f"resource.{kind}", str(kind)) if kind else ""]
    when = _phase_text(item, t)
    if when:
        facts.append(when)
    return {"kind": "request", "host": str(item.get("host") or _host(item.get("url"))),
            "url": str(item.get("url", "")), "company": str(tracker.get("company") or ""),
            "facts": [f for f in facts if f]}


def _other(item) -> dict:
    if isinstance(item, dict):
        pairs = [(str(k), v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
                 for k, v in item.items()]
        return {"kind": "other", "pairs": pairs, "text": ""}
    text = item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)
    return {"kind": "other", "pairs": [], "text": text}


def evidence_view(items, t: Translator) -> dict:
    """{"says": [quotes], "observed": [cookies, requests, others]} for the side-by-side block."""
    says, observed = [], []
    for item in items if isinstance(items, list) else []:
        kind = kind_of(item)
        if kind == "quote":
            says.append(_quote(item, t))
        elif kind == "cookie":
            observed.append(_cookie(item, t))
        elif kind == "request":
            observed.append(_request(item, t))
        else:
            observed.append(_other(item))
    return {"says": says, "observed": observed}


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
