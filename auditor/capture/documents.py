"""Finds the site's legal notice, privacy policy and cookie policy from the loaded site and
loads them in the browser (many are rendered by script; some are PDFs). What they say is
read by auditor.policy."""
from __future__ import annotations

import asyncio
import base64
import logging
from urllib.parse import urljoin

from playwright.async_api import Error as PlaywrightError

from auditor.domains import host_of, registrable_domain
from auditor.policy.discovery import MAX_LINKS, fallback_paths, find_policy_links
from auditor.policy.document import KINDS
from auditor.policy.extract import extract_document

logger = logging.getLogger(__name__)

MAX_DOCUMENTS = 6
MAX_PROBES = 6
MIN_LINK_SCORE = 40  # a URL slug alone is enough; a stray "legal" word in a menu is not
MAX_FETCHED_BYTES = 20 * 1024 * 1024
# A policy sent as a download (a PDF attachment) is read as the page's own script would
# read it: downloads are refused, so nothing is written to disk.
FETCH_JS = """async ([url, limit]) => {
  const response = await fetch(url, {credentials: "include"});
  const type = response.headers.get("content-type") || "";
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > limit) return {error: "larger than " + limit + " bytes"};
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return {url: response.url, status: response.status, type, data: btoa(text)};
}"""


def best_links(candidates: dict[str, list[dict]], site_domain: str) -> dict[str, str | None]:
    """The most likely page of each kind: the best-ranked link of the site itself (a policy
    hosted elsewhere, e.g. a group's site, counts when it is the only one)."""
    chosen = {}
    for kind in KINDS:
        ranked = [c for c in candidates.get(kind, []) if c["score"] >= MIN_LINK_SCORE]
        own = [c for c in ranked if registrable_domain(host_of(c["url"])) == site_domain]
        pick = (own or ranked or [None])[0]
        chosen[kind] = pick["url"] if pick else None
    return chosen


def merge_candidates(found: list[dict[str, list[dict]]]) -> dict[str, list[dict]]:
    """Candidates from several pages or frames, best first, each URL once."""
    merged = {}
    for kind in KINDS:
        by_url = {}
        for candidates in found:
            for c in candidates.get(kind, []):
                if c["url"] not in by_url or c["score"] > by_url[c["url"]]["score"]:
                    by_url[c["url"]] = c
        merged[kind] = sorted(by_url.values(), key=lambda c: -c["score"])
    return merged


class DocumentFinder:
    def __init__(self, *, page_timeout: float, settle):
        self.page_timeout = page_timeout
        self.settle = settle

    async def collect(self, page, site_domain: str) -> dict:
        """{"pages": {kind: url|None}, "documents": [Document], "found_by": {...}, "notes": []}"""
        notes: list[str] = []
        links = [(url, find_policy_links(html, url)) for url, html in await _frame_sources(page)]
        notes += [f"{url}: {found.skipped} of its links were not examined (only its first and "
                  f"last {MAX_LINKS})" for url, found in links if found.skipped]
        candidates = merge_candidates([found for _, found in links])
        pages = best_links(candidates, site_domain)
        found_by = {k: ("link" if v else None) for k, v in pages.items()}
        documents: dict[str, object] = {}
        html_of: dict[str, str] = {}  # for links from one legal page to another
        home = page.url

        async def read(url, hints):
            if url in documents or len(documents) >= MAX_DOCUMENTS:
                return documents.get(url)
            loaded = await self._load(page, url)
            if isinstance(loaded, str):
                notes.append(f"{url}: {loaded}")
                return None
            final_url, status, content_type, content = loaded
            if status >= 400:
                notes.append(f"{url}: HTTP {status}")
                return None
            document = extract_document(content, final_url, content_type, kind_hints=hints)
            documents[url] = document
            if isinstance(content, str):
                html_of[url] = content
            return document

        for kind in KINDS:
            if pages[kind]:
                await read(pages[kind], [k for k in KINDS if pages[k] == pages[kind]])
        # One hop: a privacy policy often links to a separate cookie policy (and back).
        for kind in KINDS:
            if pages[kind] is None:
                hops = [find_policy_links(html, url) for url, html in html_of.items()]
                pages[kind] = best_links(merge_candidates(hops), site_domain)[kind]
                if pages[kind]:
                    found_by[kind] = "link_from_policy"
                    await read(pages[kind], [kind])
        # A page may hold several kinds (a legal notice with a privacy section).
        for kind in KINDS:
            if pages[kind] is None:
                holder = next((u for u, d in documents.items() if kind in d.kinds), None)
                if holder:
                    pages[kind], found_by[kind] = holder, "section_of_another_page"
        # Nothing links to it: try the usual paths, and keep a page only if it is one.
        probes = 0
        for kind in KINDS:
            for path in fallback_paths(kind):
                if pages[kind] is not None or probes >= MAX_PROBES:
                    break
                probes += 1
                url = urljoin(home, path)
                fresh = url not in documents
                document = await read(url, [])
                if document is not None and kind in document.kinds:
                    pages[kind], found_by[kind] = document.url, "usual_path"
                elif fresh and url in documents:  # a page, but not that one
                    del documents[url]
                    html_of.pop(url, None)
        return {"pages": pages, "documents": list(documents.values()), "found_by": found_by,
                "notes": notes}

    async def _load(self, page, url: str):
        """(final url, status, content type, content) or a reason in words."""
        if not url.lower().startswith(("http://", "https://")):  # never file://, chrome://...
            return "not an http(s) address"
        try:
            try:
                response = await page.goto(url, wait_until="domcontentloaded",
                                           timeout=self.page_timeout * 1000)
            except PlaywrightError as exc:
                if "Download is starting" not in str(exc):
                    return f"could not be loaded ({str(exc).splitlines()[0][:160]})"
                got = await asyncio.wait_for(
                    page.evaluate(FETCH_JS, [url, MAX_FETCHED_BYTES]), self.page_timeout)
                if got.get("error"):
                    return f"could not be read (a download {got['error']})"
                return got["url"], got["status"], got["type"], base64.b64decode(got["data"])
            if response is None:
                return "no response"
            content_type = (await response.all_headers()).get("content-type", "")
            if "pdf" in content_type:
                return page.url, response.status, content_type, await response.body()
            if response.status < 400:  # an error page is not read: no need to wait for it
                await self.settle(page)
            return page.url, response.status, content_type, await page.content()
        except (PlaywrightError, asyncio.TimeoutError, OSError, ValueError) as exc:
            return f"could not be read ({type(exc).__name__})"


async def _frame_sources(page) -> list[tuple[str, str]]:
    """(url, html) of the page and of its frames: policy links sit in banners' iframes too."""
    sources = []
    for frame in page.frames:
        try:
            sources.append((frame.url, await asyncio.wait_for(frame.content(), 10)))
        except (PlaywrightError, asyncio.TimeoutError):  # detached, or held by its scripts
            continue
    return sources
