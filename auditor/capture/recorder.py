"""Listens to one browser context during one phase and keeps what it saw: cookie writes
(Set-Cookie headers and document.cookie), requests, web storage, jar snapshots.

The only browser-facing part of the capture: everything it keeps is plain data, turned
into report records by the pure functions of this package.
"""
from __future__ import annotations

import asyncio
import functools
import logging
import time
from email.utils import parsedate_to_datetime
from importlib import resources

from playwright.async_api import Error as PlaywrightError

from auditor.capture.cookies import CookieSetting, parse_cookie_setting
from auditor.capture.hashing import value_hash
from auditor.domains import host_of

COOKIE_HOOK = resources.files("auditor.capture").joinpath("js/cookie_hook.js").read_text()
BINDING = "__auditorCookieWrite"
logger = logging.getLogger(__name__)

# Bounds against hostile pages (endless cookie writes, thousands of requests).
MAX_REQUESTS = 5000
MAX_COOKIE_SETTINGS = 10000
MAX_STORAGE_KEYS = 2000
MAX_VALUE_CHARS = 65536

STORAGE_JS = """(max) => {
  const read = (store) => {
    const out = [];
    try {
      for (let i = 0; i < store.length && i < max; i++) {
        const k = store.key(i);
        out.push([k, String(store.getItem(k)).slice(0, %d)]);
      }
    } catch (e) {}
    return out;
  };
  let local = [], session = [];
  try { local = read(window.localStorage); } catch (e) {}
  try { session = read(window.sessionStorage); } catch (e) {}
  return {origin: location.origin, local, session};
}""" % MAX_VALUE_CHARS


def _guarded(handler):
    """Event handlers' exceptions are swallowed by Playwright: log them instead, so that
    an incomplete capture does not pass unnoticed."""

    @functools.wraps(handler)
    def wrapper(*args):
        try:
            return handler(*args)
        except Exception:
            logger.exception("capture handler %s failed", handler.__name__)

    return wrapper


class PageCrashed(Exception):
    """The page's renderer process died."""


def _server_epoch(date_header: str | None) -> float | None:
    if not date_header:
        return None
    try:
        return parsedate_to_datetime(date_header).timestamp()
    except (TypeError, ValueError, IndexError):
        return None


class PhaseRecorder:
    def __init__(self):
        # Keyed by id(): Playwright's objects are not hashable. The request object is
        # kept beside its record so that its id is not reused.
        self.requests: dict[int, tuple[object, dict]] = {}
        self.cookie_settings: list[CookieSetting] = []
        self.jar: dict[tuple, dict] = {}
        self.storage: dict[tuple, dict] = {}
        self.dropped = {"requests": 0, "cookie_settings": 0}
        self.popups: list[str] = []
        self.dialogs: list[str] = []
        self.crashed = False
        self.attach_error: Exception | None = None
        self.last_activity = time.monotonic()
        self._tasks: set[asyncio.Task] = set()

    # -- wiring -------------------------------------------------------------------------
    async def attach(self, page, request=None) -> None:
        """Hook the page's context before its first navigation (scrapy-playwright's page
        init callback). A failure here is kept: a capture without its hooks is incomplete."""
        context = page.context
        try:
            await context.expose_binding(BINDING, self._on_cookie_write)
            await context.add_init_script(COOKIE_HOOK)
        except PlaywrightError as exc:
            self.attach_error = exc
            raise
        context.on("request", self._on_request)
        context.on("requestfinished", self._on_request_done)
        context.on("requestfailed", self._on_request_failed)
        context.on("response", self._on_response)
        context.on("page", self._on_popup)
        page.on("crash", self._on_crash)
        page.on("dialog", self._on_dialog)

    def _touch(self) -> None:
        self.last_activity = time.monotonic()

    def _spawn(self, coro) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # -- events -------------------------------------------------------------------------
    @_guarded
    def _on_request(self, request) -> None:
        self._touch()
        if not request.url.startswith(("http://", "https://")):
            return
        if len(self.requests) >= MAX_REQUESTS:
            self.dropped["requests"] += 1
            return
        try:
            frame_url = request.frame.url
            frame = "main" if request.frame.parent_frame is None else "sub"
        except PlaywrightError:  # service-worker requests have no frame
            frame_url, frame = None, "worker"
        self.requests[id(request)] = (request, {
            "url": request.url,
            "method": request.method,
            "resource_type": request.resource_type,
            "frame": frame,
            "frame_url": frame_url,
            "navigation": request.is_navigation_request(),
            "status": None,
            "failure": None,
            "at": time.time(),
        })

    def _record_of(self, request) -> dict | None:
        kept = self.requests.get(id(request))
        return kept[1] if kept else None

    @_guarded
    def _on_request_done(self, request) -> None:
        self._touch()

    @_guarded
    def _on_request_failed(self, request) -> None:
        self._touch()
        record = self._record_of(request)
        if record is not None:
            record["failure"] = request.failure

    @_guarded
    def _on_response(self, response) -> None:
        self._touch()
        record = self._record_of(response.request)
        if record is not None:
            record["status"] = response.status
        self._spawn(self._read_set_cookies(response))

    async def _read_set_cookies(self, response) -> None:
        try:
            headers = await response.headers_array()
        except PlaywrightError:
            return
        at = time.time()
        reference = _server_epoch(next(
            (h["value"] for h in headers if h["name"].lower() == "date"), None))
        host = host_of(response.url)
        for header in headers:
            if header["name"].lower() != "set-cookie":
                continue
            for line in header["value"].split("\n"):
                self._keep(parse_cookie_setting(
                    line, host=host, source="http", source_url=response.url,
                    at=at, reference=reference))

    @_guarded
    def _on_cookie_write(self, source, text, script_url, document_url) -> None:
        self._touch()
        self._keep(parse_cookie_setting(
            str(text), host=host_of(str(document_url)), source="script",
            source_url=script_url or document_url, at=time.time()))

    def _keep(self, setting: CookieSetting | None) -> None:
        if setting is None:
            return
        if len(self.cookie_settings) >= MAX_COOKIE_SETTINGS:
            self.dropped["cookie_settings"] += 1
            return
        self._touch()
        self.cookie_settings.append(setting)

    @_guarded
    def _on_popup(self, page) -> None:
        # Pages opened after attach() are the site's pop-ups: their requests are
        # recorded by the context's events; the count is kept.
        self.popups.append(page.url)

    @_guarded
    def _on_crash(self, page) -> None:
        self.crashed = True

    @_guarded
    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(dialog.type)
        self._spawn(dialog.dismiss())

    # -- waiting and snapshots ----------------------------------------------------------
    async def settle(self, page, *, quiet: float, cap: float) -> bool:
        """Wait until nothing happens on the network or in cookies for `quiet` seconds,
        `cap` at most. Long-held connections (chat widgets) raise no events, so they do
        not hold the page up. Returns False when the cap was reached."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + cap
        try:
            await page.wait_for_load_state("load", timeout=cap * 1000)
        except PlaywrightError:
            pass
        while True:
            if self.crashed:
                raise PageCrashed()
            if time.monotonic() - self.last_activity >= quiet:
                return True
            if loop.time() >= deadline:
                return False
            await asyncio.sleep(0.05)

    async def snapshot(self, page) -> None:
        """Add the current cookie jar and web storage to what this phase saw."""
        if self.crashed:
            raise PageCrashed()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)
        for cookie in await self._jar(page):
            key = (cookie["name"], cookie["domain"], cookie.get("path"))
            kept = dict(cookie)
            kept["value_hash"] = value_hash(kept.pop("value", None))
            self.jar[key] = kept
        for frame in page.frames:
            try:
                found = await frame.evaluate(STORAGE_JS, MAX_STORAGE_KEYS)
            except PlaywrightError:  # detached or sandboxed frame
                continue
            for kind, entries in (("localStorage", found["local"]), ("sessionStorage", found["session"])):
                for key, value in entries:
                    self.storage[(kind, found["origin"], key)] = {
                        "kind": kind, "origin": found["origin"], "key": key,
                        "value_hash": value_hash(value),
                    }

    async def form_actions(self, page) -> list[str]:
        """Where the page's forms send what a visitor types (an http:// action is insecure)."""
        try:
            return await page.eval_on_selector_all(
                "form", "forms => forms.map(f => f.action || location.href).slice(0, 200)")
        except PlaywrightError:
            return []

    async def _jar(self, page) -> list[dict]:
        cdp = await page.context.new_cdp_session(page)
        try:
            try:
                return (await cdp.send("Storage.getCookies"))["cookies"]
            except PlaywrightError:
                return (await cdp.send("Network.getAllCookies"))["cookies"]
        finally:
            await cdp.detach()

    def jar_cookies(self) -> list[dict]:
        """CDP cookie objects, with `value_hash` in place of the value."""
        return list(self.jar.values())

    def raw_requests(self) -> list[dict]:
        return [record for _, record in self.requests.values()]
