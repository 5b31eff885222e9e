"""A loaded page's HTML as structured text, without its navigation, header, footer, cookie
banner and scripts."""
from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from auditor.policy import data
from auditor.policy.document import MAX_TEXT, Block, Document, finish
from auditor.policy.text import squash

MAX_HTML = 5_000_000  # bytes of markup parsed; a bigger page is cut (and says so)

_DROP = ("script", "style", "noscript", "template", "svg", "iframe", "object", "canvas",
         "button", "input", "select", "textarea", "option", "link", "meta", "head", "img",
         "video", "audio", "picture", "map")
_BOILERPLATE = ("nav", "header", "footer", "aside")
_BOILERPLATE_ROLES = ("navigation", "banner", "contentinfo", "search", "menu", "menubar")
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = {"p", "div", "section", "article", "main", "ul", "ol", "dl", "dt", "dd", "blockquote",
           "pre", "address", "figure", "figcaption", "header", "footer", "form", "fieldset",
           "details", "summary", "body", "html", "center", "nav", "aside", "hr", "caption"}
_WS = re.compile(r"\s+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def document_from_html(html: str | bytes, url: str = "", kind_hints=(), detect=True) -> Document:
    """Headings, paragraphs, list items and tables of the page's main content."""
    truncated = False
    if len(html or "") > MAX_HTML:
        html, truncated = html[:MAX_HTML], True
    soup = _parse(html or "")
    title = squash(soup.title.get_text()) if soup.title else ""
    _drop_invisible(soup)
    _drop_boilerplate(soup)
    root = _main_content(soup)
    blocks = _Walker().blocks(root)
    if sum(len(b.text) for b in blocks) < 200:
        # Some sites keep their notice in what looks like page furniture: read it all.
        full = _parse(html or "")
        _drop_invisible(full)
        blocks = _Walker().blocks(full.body or full)
    text_size = 0
    kept = []
    for block in blocks:
        text_size += len(block.text)
        if text_size > MAX_TEXT:
            truncated = True
            break
        kept.append(block)
    doc = Document(url=url, blocks=kept, title=title, truncated=truncated,
                   kind_hints=set(kind_hints))
    return finish(doc, detect)


def _parse(html: str | bytes) -> BeautifulSoup:
    try:
        return BeautifulSoup(html, "lxml")
    except Exception:  # noqa: BLE001 - lxml missing or refusing: the slower parser copes
        return BeautifulSoup(html, "html.parser")


def _gone(tag: Tag) -> bool:
    # Tag.decomposed would search the tree for a child named "_decomposed": slow on big pages
    return tag.__dict__.get("_decomposed", False) or "attrs" not in tag.__dict__


def _attrs_text(tag: Tag) -> str:
    attrs = tag.attrs or {}
    classes = attrs.get("class") or []
    if isinstance(classes, str):
        classes = [classes]
    return " ".join([attrs.get("id") or "", *classes, attrs.get("aria-label") or "",
                     attrs.get("role") or ""]).lower()


def _drop_invisible(soup: BeautifulSoup) -> None:
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for tag in soup.find_all(True):
        if _gone(tag):
            continue
        if (tag.has_attr("hidden") or tag.get("aria-hidden") == "true"
                or _HIDDEN_STYLE.search(tag.get("style") or "")):
            tag.decompose()


def _is_banner(tag: Tag) -> bool:
    """A consent banner or dialog: banner words in its id/class, shaped like a dialog, and not
    the page's main text (a cookie policy's own <div id="cookies"> stays)."""
    marks = _attrs_text(tag)
    if not any(word in marks for word in data.keywords()["banner_markers"]):
        return False
    if tag.name in ("main", "article", "body", "html") or tag.find("h1"):
        return False
    dialog = tag.get("role") in ("dialog", "alertdialog") or tag.get("aria-modal") == "true"
    return dialog or len(tag.get_text(" ", strip=True)) < 3000


def _drop_boilerplate(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(True):
        if _gone(tag):
            continue
        if (tag.name in _BOILERPLATE or tag.get("role") in _BOILERPLATE_ROLES
                or _is_banner(tag)):
            tag.decompose()


def _main_content(soup: BeautifulSoup) -> Tag:
    candidates = soup.find_all("main") + soup.find_all(attrs={"role": "main"})
    if not candidates:
        candidates = soup.find_all("article")
    if candidates:
        return max(candidates, key=lambda t: len(t.get_text()))
    return soup.body or soup


class _Walker:
    """Turns an element tree into blocks in reading order."""

    def __init__(self):
        self.out: list[Block] = []
        self.buffer: list[str] = []

    def blocks(self, root: Tag) -> list[Block]:
        self._walk(root, 0)
        self._flush()
        return self.out

    def _flush(self) -> None:
        text = _clean("".join(self.buffer))
        self.buffer = []
        if text:
            self.out.append(Block("paragraph", text))

    def _walk(self, node: Tag, depth: int) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, Comment):
                    # the source's own line breaks are spaces; only <br> and blocks break lines
                    self.buffer.append(_WS.sub(" ", str(child)))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name == "br":
                self.buffer.append("\n")
            elif name in _HEADINGS:
                self._flush()
                text = _clean(_inline(child))
                if text:
                    self.out.append(Block("heading", text, level=_HEADINGS[name]))
            elif name == "li":
                self._flush()
                text = _clean(_inline(child, skip=("ul", "ol")))
                if text:
                    self.out.append(Block("list_item", text, level=depth + 1))
                for sub in child.find_all(["ul", "ol"], recursive=False):
                    self._walk(sub, depth + 1)
            elif name == "table":
                self._flush()
                rows = _table_rows(child)
                if rows:
                    text = "\n".join(" | ".join(c for c in row if c) for row in rows)
                    self.out.append(Block("table", text, rows=rows))
            elif name in ("tr", "td", "th"):   # a table cell outside a table
                self._walk(child, depth)
                self.buffer.append("\n")
            elif name in _BLOCKS:
                self._flush()
                self._walk(child, depth + (1 if name in ("ul", "ol") else 0))
                self._flush()
            elif name == "a":
                self.buffer.append(_inline(child))
            else:
                self._walk(child, depth)


def _inline(node: Tag, skip=()) -> str:
    """An element's text with <br> and blocks as line breaks, and a mailto/tel link's
    address kept when its text hides it ("Écrivez-nous")."""
    parts: list[str] = []
    for child in node.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, Comment):
                parts.append(_WS.sub(" ", str(child)))
        elif isinstance(child, Tag):
            if child.name in skip:
                continue
            if child.name == "br":
                parts.append("\n")
            elif child.name in _BLOCKS or child.name in ("li", "tr"):
                parts.append("\n" + _inline(child, skip) + "\n")
            elif child.name in ("td", "th"):
                parts.append(" " + _inline(child, skip) + " ")
            else:
                parts.append(_inline(child, skip))
    text = "".join(parts)
    if node.name == "a":
        href = (node.get("href") or "").strip()
        for scheme in ("mailto:", "tel:"):
            if href.lower().startswith(scheme):
                target = href[len(scheme):].split("?")[0].strip()
                if target and target.replace(" ", "") not in text.replace(" ", ""):
                    text = f"{text} ({target})"
    return text


def _clean(text: str) -> str:
    lines = [squash(line) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _table_rows(table: Tag) -> list[list[str]]:
    rows = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue  # a nested table's rows are read with it
        cells = [squash(_inline(cell)) for cell in tr.find_all(["td", "th"], recursive=False)]
        if any(cells):
            rows.append(cells)
    return rows
