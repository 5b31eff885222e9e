"""Listens to one browser context during one phase and keeps what it saw: cookie writes
(Set-Cookie headers and document.cookie), requests, web storage, the cookie jar.

The capture's browser-facing part (with settle_hook.py): what it kept is handed out as plain
values, snapshots (snapshot.py) and report records built by the pure functions of this package.
"""
from __future__ import annotations

import asyncio
import functools
import logging
import time
from dataclasses import replace
from email.utils import parsedate_to_datetime
from importlib import resources

from playwright.async_api import Error as PlaywrightError

from auditor.browser.failures import PageUnresponsive
from auditor.capture import settle_hook
from auditor.capture.cookies import CookieSetting, parse_cookie_setting
from auditor.capture.hashing import ValueHasher
from auditor.capture.redact import ValueRedactor
from auditor.capture.settle import WORK_HOLD, is_settled, open_requests
from auditor.capture.snapshot import CaptureActivity, CaptureSnapshot
from auditor.capture.timings import Stopwatch
from auditor.domains import host_of

COOKIE_HOOK = resources.files("auditor.capture").joinpath("js/cookie_hook.js").read_text()
BINDING = "__auditorCookieWrite"
logger = logging.getLogger(__name__)

# Bounds against hostile pages (endless cookie writes, thousands of requests).
MAX_REQUESTS = 5000
MAX_COOKIE_SETTINGS = 10000
MAX_STORAGE_KEYS = 2000
MAX_VALUE_CHARS = 65536
SETTLE_POLL = 0.1  # s between two readings of the page's work (settle_hook.py)
MAX_OPEN_POPUPS = 3  # a pop-up storm is counted, not kept open: each page costs memory
MAX_DIALOGS = 100  # alert() in a loop: the first ones are listed, the rest counted
# Playwright's calls into a page count as user gestures, which let the page's window.open()
# through Chromium's pop-up blocker: past the first few, window.open() opens nothing.
POPUP_HOOK = """(() => {
  const open = window.open;
  let left = %d;
  window.open = function (...args) { return left-- > 0 ? open.apply(this, args) : null; };
})();""" % MAX_OPEN_POPUPS
# A page that does not answer this long after it failed to settle is held by its scripts
# (an endless loop, endless dialogs): nothing more can be read from it.
RESPONSE_TIMEOUT = 30.0
COOKIE_HEADER_WAIT = 5.0  # s for Chromium's extra request info (the Cookie header)

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
    def __init__(self, hasher: ValueHasher):
        # What the phase saw, handed out as values: snapshot(), since(), the kept_* records.
        # Keyed by id(): Playwright's objects are not hashable. The request object is
        # kept beside its record so that its id is not reused.
        self._requests: dict[int, tuple[object, dict]] = {}
        self._cookie_settings: list[CookieSetting] = []
        self._jar: dict[tuple, dict] = {}
        self._storage: dict[tuple, dict] = {}
        self.dropped = {"requests": 0, "cookie_settings": 0, "dialogs": 0}
        self.hash_value = hasher  # values are kept as their keyed hash, nowhere else
        self.redactor = ValueRedactor(hasher)  # the values seen, to hash them out of URLs
        self.popups: list[str] = []
        self.opening_own_page = False   # the audit opens a tab of its own (the return visit)
        # From this epoch on, the names of the cookies each request carries (its Cookie
        # header, never the values): what a tracker is still sent after a withdrawal.
        self.cookie_names_from: float | None = None
        self.dialogs: list[str] = []
        self.crashed = False
        self.attach_error: Exception | None = None
        self.last_activity = time.monotonic()
        self.open: dict[int, tuple[object, float, str]] = {}  # requests not finished yet
        # How pages settled, for Scrapy's stats: by the rule, with the page's own endless
        # work cut at the hold, or at the cap; requests left open (long polls) meanwhile.
        self.settles = {"settled": 0, "work_cut": 0, "capped": 0, "requests_left_open": 0}
        self._tasks: set[asyncio.Task] = set()
        self.clock = Stopwatch()  # where the phase's time went
        self.page_ready = time.monotonic()

    # -- wiring -------------------------------------------------------------------------
    async def attach(self, page, request=None) -> None:
        """Hook the page's context before its first navigation (scrapy-playwright's page
        init callback). A failure here is kept: a capture without its hooks is incomplete."""
        context = page.context
        try:
            await context.expose_binding(BINDING, self._on_cookie_write)
            await context.add_init_script(COOKIE_HOOK)
            await context.add_init_script(POPUP_HOOK)
            await settle_hook.install(context)
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
        if request.redirected_from is not None:
            self.open.pop(id(request.redirected_from), None)
        if len(self.open) < MAX_REQUESTS:
            self.open[id(request)] = (request, time.monotonic(), request.resource_type)
        if len(self._requests) >= MAX_REQUESTS:
            self.dropped["requests"] += 1
            return
        try:
            frame_url = request.frame.url
            frame = "main" if request.frame.parent_frame is None else "sub"
        except PlaywrightError:  # service-worker requests have no frame
            frame_url, frame = None, "worker"
        self._requests[id(request)] = (request, {
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
        if self.cookie_names_from is not None and time.time() >= self.cookie_names_from:
            self._spawn(self._read_cookie_names(request, self._requests[id(request)][1]))

    async def _read_cookie_names(self, request, record: dict) -> None:
        try:
            header = await asyncio.wait_for(request.header_value("cookie"), COOKIE_HEADER_WAIT)
        except (PlaywrightError, asyncio.TimeoutError):
            return
        names = sorted({part.split("=", 1)[0].strip() for part in (header or "").split(";")} - {""})
        record["cookies_sent"] = names[:100]

    def _record_of(self, request) -> dict | None:
        kept = self._requests.get(id(request))
        return kept[1] if kept else None

    @_guarded
    def _on_request_done(self, request) -> None:
        self._touch()
        self.open.pop(id(request), None)

    @_guarded
    def _on_request_failed(self, request) -> None:
        self._touch()
        self.open.pop(id(request), None)
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
                    at=at, reference=reference, hash_value=self.hash_value,
                    on_value=self.redactor.add))

    @_guarded
    def _on_cookie_write(self, source, text, script_url, document_url) -> None:
        self._keep(parse_cookie_setting(
            str(text), host=host_of(str(document_url)), source="script",
            source_url=script_url or document_url, at=time.time(),
            hash_value=self.hash_value, on_value=self.redactor.add))

    def _keep(self, setting: CookieSetting | None) -> None:
        if setting is None:
            return
        if len(self._cookie_settings) >= MAX_COOKIE_SETTINGS:
            self.dropped["cookie_settings"] += 1
            return
        self._cookie_settings.append(setting)

    @_guarded
    def _on_popup(self, page) -> None:
        # Pages opened after attach() are the site's pop-ups (but the return visit's tab,
        # opened by the audit): their requests are recorded by the context's events; the count
        # is kept. Past the first few, each is closed at once.
        if self.opening_own_page:
            return
        self.popups.append(page.url)
        if len(self.popups) > MAX_OPEN_POPUPS:
            self._spawn(self._close_popup(page))

    @staticmethod
    async def _close_popup(page) -> None:
        try:
            await page.close()
        except PlaywrightError:
            pass

    @_guarded
    def _on_crash(self, page) -> None:
        self.crashed = True

    @_guarded
    def _on_dialog(self, dialog) -> None:
        if len(self.dialogs) < MAX_DIALOGS:
            self.dialogs.append(dialog.type)
        else:
            self.dropped["dialogs"] += 1
        # "Leave this page?" is answered yes: a visitor's next page is not held back.
        self._spawn(dialog.accept() if dialog.type == "beforeunload" else dialog.dismiss())

    # -- waiting and reading the browser -------------------------------------------------
    async def settle(self, page, *, quiet: float, cap: float, hold: float = WORK_HOLD) -> bool:
        """Wait, `cap` seconds at most, until the page has settled (auditor/capture/settle.py):
        loaded, no request open, none of its short timers or new scripts pending (for `hold`
        seconds at most), and `quiet` seconds without any of that. Returns False when the cap
        was reached."""
        began = time.monotonic()
        try:
            await page.wait_for_load_state("load", timeout=cap * 1000)
        except PlaywrightError:
            pass
        while True:
            if self.crashed:
                raise PageCrashed()
            work = await settle_hook.pending_work(page)
            now = time.monotonic()
            opened = open_requests([(t, kind) for _, t, kind in self.open.values()], now)
            if is_settled(now=now, began=began, quiet=quiet, network_last=self.last_activity,
                          open_count=opened, work=work, hold=hold):
                self.settles["work_cut" if work.pending else "settled"] += 1
                self.settles["requests_left_open"] += len(self.open)
                return True
            if now - began >= cap:
                self.settles["capped"] += 1
                await self.check_responsive(page)
                return False
            await asyncio.sleep(SETTLE_POLL)

    async def check_responsive(self, page) -> None:
        """Raise PageUnresponsive when the page's main frame does not answer at all."""
        try:
            await asyncio.wait_for(page.evaluate("1"), RESPONSE_TIMEOUT)
        except asyncio.TimeoutError:
            raise PageUnresponsive() from None
        except PlaywrightError:
            pass  # navigating or closed: not held by a script

    async def refresh(self, page) -> None:
        """Add the current cookie jar and web storage to what this phase saw, and the
        Set-Cookie headers still being read."""
        if self.crashed:
            raise PageCrashed()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)
        for cookie in await self._read_jar(page):
            key = (cookie["name"], cookie["domain"], cookie.get("path"))
            kept = dict(cookie)
            self.redactor.add(kept.get("value"))
            kept["value_hash"] = self.hash_value(kept.pop("value", None))
            self._jar[key] = kept
        for frame in page.frames:
            try:
                found = await asyncio.wait_for(frame.evaluate(STORAGE_JS, MAX_STORAGE_KEYS),
                                               RESPONSE_TIMEOUT)
            except (PlaywrightError, asyncio.TimeoutError):  # detached, sandboxed or hung
                continue
            for kind, entries in (("localStorage", found["local"]), ("sessionStorage", found["session"])):
                for key, value in entries:
                    self.redactor.add(value)
                    self._storage[(kind, found["origin"], key)] = {
                        "kind": kind, "origin": found["origin"], "key": key,
                        "value_hash": self.hash_value(value),
                    }

    async def form_actions(self, page) -> list[str]:
        """Where the page's forms send what a visitor types (an http:// action is insecure)."""
        try:
            return await asyncio.wait_for(page.eval_on_selector_all(
                "form", "forms => forms.map(f => f.action || location.href).slice(0, 200)"),
                RESPONSE_TIMEOUT)
        except (PlaywrightError, asyncio.TimeoutError):
            return []

    async def jar_now(self, page) -> list[dict]:
        """The cookies in the browser's jar now (name, domain, path): what is still there,
        where the record keeps every cookie seen in the phase."""
        return [{"name": c["name"], "domain": c["domain"], "path": c.get("path")}
                for c in await self._read_jar(page)]

    async def _read_jar(self, page) -> list[dict]:
        cdp = await page.context.new_cdp_session(page)
        try:
            try:
                return (await cdp.send("Storage.getCookies"))["cookies"]
            except PlaywrightError:
                return (await cdp.send("Network.getAllCookies"))["cookies"]
        finally:
            await cdp.detach()

    # -- values -------------------------------------------------------------------------
    def snapshot(self) -> CaptureSnapshot:
        """What the phase has seen so far (as of the last refresh() for the jar and storage),
        as the browser sent it: for the auditor's own comparisons, not for the report."""
        return CaptureSnapshot(
            at=time.time(),
            cookies={key: cookie.get("value_hash") for key, cookie in self._jar.items()},
            storage={key: entry["value_hash"] for key, entry in self._storage.items()},
            requests=self._raw_requests())

    def since(self, at: float) -> CaptureActivity:
        """The cookie writes and requests the phase saw at or after epoch `at`, unredacted."""
        return CaptureActivity(
            since=at,
            cookie_settings=[s for s in self._cookie_settings if s.at >= at],
            requests=[r for r in self._raw_requests() if r["at"] >= at])

    def jar_cookies(self) -> list[dict]:
        """CDP cookie objects, with `value_hash` in place of the value."""
        return list(self._jar.values())

    def storage_entries(self) -> list[dict]:
        """The web storage entries read, with `value_hash` in place of the value."""
        return list(self._storage.values())

    def kept_cookie_settings(self) -> list[CookieSetting]:
        """The cookie writes, with values hashed out of the URLs that made them."""
        redact = self.redactor.redact_url
        return [replace(setting, source_url=redact(setting.source_url))
                for setting in self._cookie_settings]

    def _raw_requests(self) -> list[dict]:
        return [record for _, record in self._requests.values()]

    def kept_requests(self) -> list[dict]:
        """The phase's requests as the report keeps them: the cookie and storage values seen
        hashed out of their URLs (auditor/capture/redact.py)."""
        redact = self.redactor.redact_url
        return [{**record, "url": redact(record["url"]), "frame_url": redact(record["frame_url"])}
                for record in self._raw_requests()]

    def navigations(self) -> list[str]:
        """The pages the phase's tab loaded, in order (redirect hops left out), as kept."""
        return [self.redactor.redact_url(r["url"]) for r in self._raw_requests()
                if r["navigation"] and r["frame"] == "main"
                and not (r["status"] and 300 <= r["status"] < 400)]
