"""Which internal pages a visitor would open after the home page."""
from __future__ import annotations

from urllib.parse import urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup

from auditor.domains import host_of, registrable_domain

# Files, not pages: a visitor's click on them downloads something.
_FILE_SUFFIXES = (".pdf", ".zip", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".mp4",
                  ".mp3", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".csv", ".xml")
_AVOID_WORDS = ("logout", "deconnexion", "déconnexion", "signout", "sign-out", "/cart/add")


_NOT_PAGES = ("#", "mailto:", "tel:", "javascript:", "data:")
# A giant page (tens of MB) is read by its head and its tail, where menus and footers are:
# parsing all of it would hold the crawl up for seconds.
MAX_HTML_CHARS = 2_000_000


def bounded_html(html):
    """The page's markup, or its head and tail when it is longer than MAX_HTML_CHARS."""
    if not html or len(html) <= MAX_HTML_CHARS:
        return html
    half = MAX_HTML_CHARS // 2
    return html[:half] + html[-half:]


def _without_fragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def absolute_link(href: str, base_url: str) -> str | None:
    """A link's target as an absolute http(s) URL without fragment; None for in-page
    anchors, e-mail, phone and script links."""
    href = (href or "").strip()
    if not href or href.startswith(_NOT_PAGES):
        return None
    url = _without_fragment(urljoin(base_url, href))
    return url if urlsplit(url).scheme in ("http", "https") else None


def pick_internal_pages(html: str, base_url: str, limit: int = 2) -> list[str]:
    """Up to `limit` distinct pages of the same site linked from the page, in page order."""
    if limit <= 0:
        return []
    site = registrable_domain(host_of(base_url))
    here = _without_fragment(base_url)
    picked: list[str] = []
    soup = BeautifulSoup(bounded_html(html) or "", "html.parser")
    for anchor in soup.find_all("a", href=True):
        url = absolute_link(anchor["href"], base_url)
        if url is None or registrable_domain(host_of(url)) != site:
            continue
        lowered = url.lower()
        if urlsplit(url).path.lower().endswith(_FILE_SUFFIXES) or any(w in lowered for w in _AVOID_WORDS):
            continue
        if url == here or url in picked:
            continue
        picked.append(url)
        if len(picked) == limit:
            break
    return picked
