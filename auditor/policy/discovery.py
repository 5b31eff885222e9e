"""Where a site keeps its legal notice, privacy policy and cookie policy, from the links of a
loaded page (footer first, consent banner included)."""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Tag

from auditor.capture.links import absolute_link, bounded_html
from auditor.domains import host_of, registrable_domain
from auditor.policy import data
from auditor.policy.document import KINDS
from auditor.policy.text import fold, squash

# How much each way of matching is worth; the place of the link adds to it.
_SCORE = {"text": 100, "text_exact": 100, "aria-label": 70, "title": 60, "slug": 40,
          "banner_more_info": 20}
_WHERE = {"footer": 15, "banner": 10, "body": 5, "header": 0, "nav": 0}
_OTHER_SITE = -40
_FILE = re.compile(r"\.(zip|jpe?g|png|gif|webp|svg|mp4|mp3|docx?|xlsx?|pptx?|csv|xml)$", re.I)
# A page with more links is read by its first and last ones (menus, footer): each link costs
# a little, and a 100,000-link page would hold the crawl up.
MAX_LINKS = 4000


class Candidates(dict):
    """find_policy_links' answer: {kind: candidates}, and how many links were not examined."""

    skipped = 0


def fallback_paths(kind: str | None = None) -> list[str]:
    """The usual paths to try when no link names the page (one kind's, or all in order)."""
    paths = data.keywords()["fallback_paths"]
    if kind:
        return list(paths.get(kind, []))
    return [p for k in KINDS for p in paths.get(k, [])]


def find_policy_links(html: str | bytes, base_url: str) -> dict[str, list[dict]]:
    """For each of legal_notice / privacy_policy / cookie_policy, the candidate URLs best
    first: [{"url", "score", "matched_by": [...], "keyword", "text", "where"}]."""
    found: dict[str, dict[str, dict]] = {kind: {} for kind in KINDS}
    html = bounded_html(html)
    try:
        soup = BeautifulSoup(html or "", "lxml")
    except Exception:  # noqa: BLE001
        soup = BeautifulSoup(html or "", "html.parser")
    site = registrable_domain(host_of(base_url))
    anchors = soup.find_all("a", href=True)
    result = Candidates()
    if len(anchors) > MAX_LINKS:
        result.skipped = len(anchors) - MAX_LINKS
        anchors = anchors[:MAX_LINKS // 2] + anchors[-(MAX_LINKS // 2):]
    for order, anchor in enumerate(anchors):
        url = _target(anchor["href"], base_url)
        if not url:
            continue
        where = _where(anchor)
        same_site = registrable_domain(host_of(url)) == site
        for kind, how, keyword, _value in _matches(anchor, url, where):
            score = _SCORE[how] + _WHERE.get(where, 0) + (0 if same_site else _OTHER_SITE)
            score += min(len(keyword), 30) / 10   # "politique de confidentialité" over "rgpd"
            entry = found[kind].get(url)
            if entry is None:
                entry = found[kind][url] = {
                    "url": url, "score": 0.0, "matched_by": [], "keyword": keyword,
                    "text": squash(anchor.get_text(" "))[:120], "where": where,
                    "same_site": same_site, "_order": order}
            if how not in entry["matched_by"]:
                entry["matched_by"].append(how)
            if score > entry["score"]:
                entry.update(score=score, keyword=keyword, where=where)
            elif how not in ("slug",):
                entry["score"] += 1   # several signals for one link: a little surer
    for kind in KINDS:
        ranked = sorted(found[kind].values(), key=lambda e: (-e["score"], e["_order"]))
        for entry in ranked:
            entry.pop("_order", None)
            entry["score"] = round(entry["score"], 1)
        result[kind] = ranked
    return result


def _target(href: str, base_url: str) -> str | None:
    url = absolute_link(href, base_url)
    if url is None or _FILE.search(urlsplit(url).path):
        return None   # PDFs are kept: some sites publish their policy as one
    return url


def _where(anchor: Tag) -> str:
    """banner, footer, header, nav or body: a banner or footer anywhere above the link wins
    over the <nav> inside it."""
    markers = data.keywords()["banner_markers"]
    seen = set()
    for parent in anchor.parents:
        if not isinstance(parent, Tag) or parent.name in ("body", "html", "[document]"):
            break
        attrs = " ".join([parent.get("id") or "", " ".join(parent.get("class") or []),
                          parent.get("role") or ""]).lower()
        if any(m in attrs for m in markers) and parent.name not in ("main", "article"):
            seen.add("banner")
        if parent.name == "footer" or "footer" in attrs or parent.get("role") == "contentinfo":
            seen.add("footer")
        if parent.name == "nav" or parent.get("role") == "navigation":
            seen.add("nav")
        if parent.name == "header" or parent.get("role") == "banner":
            seen.add("header")
    return next((w for w in ("banner", "footer", "header", "nav") if w in seen), "body")


def _phrase(phrase: str) -> re.Pattern:
    """A phrase of the word lists as a whole-words pattern of folded text."""
    return re.compile(rf"(?<![\w]){re.escape(fold(phrase))}(?![\w])")


@lru_cache(maxsize=1)
def _link_words() -> dict:
    """The word lists of data/keywords.yaml, folded and compiled once (pages have thousands
    of links)."""
    links = data.keywords()["links"]
    return {
        "kinds": {kind: {
            "text": [(phrase, _phrase(phrase)) for phrase in links[kind]["text"]],
            "exact": [(word, fold(word)) for word in links[kind].get("exact", [])],
            "slugs": [(slug, re.compile(rf"(^|[-_.]){re.escape(slug)}([-_.]|$)"))
                      for slug in links[kind]["slugs"]],
        } for kind in KINDS},
        "banner_more_info": [(p, _phrase(p)) for p in data.keywords()["banner_more_info"]],
    }


def _matches(anchor: Tag, url: str, where: str):
    """(kind, how, keyword, matched text) for each way the link names a legal page."""
    words = _link_words()
    tokens = _url_tokens(url)
    sources = [("text", squash(anchor.get_text(" "))), ("aria-label", anchor.get("aria-label")),
               ("title", anchor.get("title"))]
    for how, value in sources:
        value = squash(fold(value or "")).strip(" .:>›»→")
        if not value or len(value) > 120:
            continue
        for kind in KINDS:
            for phrase, pattern in words["kinds"][kind]["text"]:
                if pattern.search(value):
                    yield kind, how, phrase, value
                    break
            for word, folded in words["kinds"][kind]["exact"]:
                if value == folded:
                    yield kind, ("text_exact" if how == "text" else how), word, value
                    break
        if how == "text" and where == "banner":
            for phrase, pattern in words["banner_more_info"]:
                if pattern.search(value):
                    # "En savoir plus" in a banner: the cookie policy unless its URL says more
                    kinds = [k for k in KINDS if _slug_in(tokens, words["kinds"][k]["slugs"])]
                    yield (kinds[0] if kinds else "cookie_policy"), "banner_more_info", phrase, value
                    break
    for kind in KINDS:
        slug = _slug_in(tokens, words["kinds"][kind]["slugs"])
        if slug:
            yield kind, "slug", slug, url


def _url_tokens(url: str) -> list[str]:
    """The words of a URL's path and query, folded, without a file suffix."""
    parts = urlsplit(url)
    path = fold(unquote(parts.path + ("?" + parts.query if parts.query else "")))
    return [re.sub(r"\.(html?|php|aspx?|jsp|pdf)$", "", t)
            for t in re.split(r"[/?&=#]+", path) if t]


def _slug_in(tokens: list[str], slugs: list[tuple[str, re.Pattern]]) -> str | None:
    for slug, pattern in slugs:
        for token in tokens:
            if token == slug or pattern.search(token):
                return slug
    return None
