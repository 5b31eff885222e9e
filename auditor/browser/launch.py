"""How the auditor's browser is set up so that sites see an ordinary French visitor."""
from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from playwright.async_api import Error as PlaywrightError
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from auditor.browser.failures import NotAPage, PageUnresponsive

# Without the network-related flags Chromium phones home at every start; with
# AutomationControlled disabled, navigator.webdriver is false as for a visitor.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-blink-features=AutomationControlled",
    "--lang=fr-FR",
]
ACCEPT_LANGUAGE = "fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7"
VIEWPORT = {"width": 1366, "height": 768}
# A default profile keeps third-party cookies; Playwright's incognito contexts do not.
PROFILE_PREFIX = "auditor-profile-"  # then the owning process id
PREFERENCES = {
    "profile": {"cookie_controls_mode": 0, "block_third_party_cookies": False},
    "intl": {"accept_languages": "fr-FR,fr,en-US,en"},
}


class BrowserNotFound(RuntimeError):
    pass


def find_chromium(configured: str | None) -> str:
    candidates = [configured] if configured else [
        shutil.which("chromium"), "/usr/bin/chromium", shutil.which("chromium-browser"),
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    where = f"AUDITOR_CHROMIUM={configured}" if configured else "chromium on PATH"
    raise BrowserNotFound(
        f"No Chromium found ({where}). Install Debian's chromium "
        "(apt-get install chromium) or set AUDITOR_CHROMIUM to a Chromium binary."
    )


@lru_cache(maxsize=8)
def chromium_major_version(executable: str) -> str:
    try:
        out = subprocess.run([executable, "--version"], capture_output=True, text=True,
                             timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        out = ""
    match = re.search(r"(\d+)\.\d+\.\d+\.\d+", out)
    return match.group(1) if match else "130"


def visitor_user_agent(major: str) -> str:
    """Chrome's reduced desktop user agent, without the 'HeadlessChrome' token."""
    return (f"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            f"Chrome/{major}.0.0.0 Safari/537.36")


def parse_browser_args(value) -> list[str]:
    """AUDITOR_BROWSER_ARGS: a JSON list (or a list already)."""
    if not value:
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise ValueError(f"AUDITOR_BROWSER_ARGS must be a JSON list of strings: {exc}") from exc
    if not isinstance(value, (list, tuple)) or not all(isinstance(a, str) for a in value):
        raise ValueError("AUDITOR_BROWSER_ARGS must be a JSON list of strings")
    return list(value)


def stale_profiles(folder: Path | None = None) -> list[Path]:
    """Profiles left in the temporary folder by a crawl that was killed (SIGKILL, power
    loss): they hold the audited sites' raw cookies and HARs. A profile belongs to the
    process named in it; one whose process is gone is stale. (A reused process id keeps a
    profile until that process ends too: the cost of never removing a live one.)"""
    stale = []
    for path in Path(folder or tempfile.gettempdir()).glob(f"{PROFILE_PREFIX}*"):
        owner = path.name[len(PROFILE_PREFIX):].split("-", 1)[0]
        if not owner.isdigit() or int(owner) == os.getpid():
            continue  # an older run's name without its owner, or this process's own
        try:
            os.kill(int(owner), 0)
        except ProcessLookupError:
            stale.append(path)
        except PermissionError:  # alive, another user's
            continue
    return stale


def remove_stale_profiles(folder: Path | None = None) -> int:
    """Remove stale_profiles(); how many were removed."""
    removed = 0
    for path in stale_profiles(folder):
        shutil.rmtree(path, ignore_errors=True)
        removed += not path.exists()
    return removed


@dataclass
class BrowserProfile:
    executable: str
    extra_args: list[str] = field(default_factory=list)
    ignore_https_errors: bool = False

    @classmethod
    def from_settings(cls, settings) -> "BrowserProfile":
        return cls(
            executable=find_chromium(settings.get("AUDITOR_CHROMIUM")),
            extra_args=parse_browser_args(settings.get("AUDITOR_BROWSER_ARGS")),
            ignore_https_errors=settings.getbool("AUDITOR_IGNORE_HTTPS_ERRORS"),
        )

    @property
    def user_agent(self) -> str:
        return visitor_user_agent(chromium_major_version(self.executable))

    def new_profile_dir(self, label: str = "") -> Path:
        """A fresh, empty Chromium profile that keeps third-party cookies. Its name carries
        this process's id, so that a later run can tell it was left behind (stale_profiles),
        then `label` (the phase: `make bench` tells the browsers' CPU by phase from it)."""
        tag = f"{label}-" if label else ""
        path = Path(tempfile.mkdtemp(prefix=f"{PROFILE_PREFIX}{os.getpid()}-{tag}"))
        (path / "Default").mkdir()
        (path / "Default" / "Preferences").write_text(json.dumps(PREFERENCES))
        return path

    def context_kwargs(self, user_data_dir: Path, har_path: Path | None) -> dict:
        """Launch and context options of one persistent context (scrapy-playwright opens
        a persistent context when `user_data_dir` is given)."""
        kwargs = {
            "user_data_dir": str(user_data_dir),
            "executable_path": self.executable,
            "headless": True,
            "args": LAUNCH_ARGS + self.extra_args,
            # Playwright turns Chromium's pop-up blocker off; a visitor's browser has it on
            # (window.open without a click is blocked: no pop-up storm).
            "ignore_default_args": ["--enable-automation", "--disable-popup-blocking"],
            "ignore_https_errors": self.ignore_https_errors,
            "locale": "fr-FR",
            "timezone_id": "Europe/Paris",
            "viewport": VIEWPORT,
            "user_agent": self.user_agent,
            "extra_http_headers": {"Accept-Language": ACCEPT_LANGUAGE},
            # A site's downloads (a forced attachment, an auto-clicked <a download>) are
            # refused: nothing the audited site sends is written to disk.
            "accept_downloads": False,
        }
        if har_path is not None:
            kwargs["record_har_path"] = str(har_path)
            kwargs["record_har_content"] = "omit"
        return kwargs


def chromium_version(page) -> str | None:
    """The version of the Chromium that runs `page` ("156.0.8078.129"), as Playwright has it
    from the browser itself; None when Playwright gives no browser object."""
    browser = page.context.browser
    return browser.version if browser is not None else None


async def close_browser(page, timeout: float) -> None:
    """Close a phase's browser, which writes its HAR. The page first: one held by its
    scripts (endless dialogs) keeps the context from closing while a HAR is recorded. A
    browser still open after `timeout` is shut through the DevTools protocol, so that it does
    not run on until the crawl ends (and write its raw HAR then); TimeoutError is raised."""
    context = page.context
    try:
        await asyncio.wait_for(page.close(), timeout)
    except (PlaywrightError, asyncio.TimeoutError):
        pass  # closed already, or the context's close below will do it
    try:
        await asyncio.wait_for(context.close(), timeout)
    except asyncio.TimeoutError:
        for other in context.pages:
            try:
                session = await asyncio.wait_for(context.new_cdp_session(other), 5)
                await asyncio.wait_for(session.send("Browser.close"), 5)
                break
            except (PlaywrightError, asyncio.TimeoutError):
                continue
        raise


class PageLoadHandler(ScrapyPlaywrightDownloadHandler):
    """scrapy-playwright's download handler (DOWNLOAD_HANDLERS), hardened against hostile
    pages: a download the page starts by itself while loading is not the page (scrapy-
    playwright would answer with the file, or fail on the refused download), and reading the
    loaded page is bounded (it waits forever on a page whose scripts never yield)."""

    async def _get_response_and_download(self, request, page, spider):
        response, download = await super()._get_response_and_download(request, page, spider)
        if response is not None:
            return response, None
        if download is not None and download.exception is not None:
            raise NotAPage((download.headers or {}).get("content-type"))
        return response, download

    async def _download_request_with_page(self, request, page, spider):
        # The navigation has its own timeout; reading a big page on a busy machine takes a
        # while: a page that holds it past twice that and a minute is held by its scripts.
        goto = request.meta.get("playwright_page_goto_kwargs") or {}
        limit = 2 * goto.get("timeout", 30000) / 1000 + 60
        load = asyncio.ensure_future(super()._download_request_with_page(request, page, spider))
        done, _ = await asyncio.wait({load}, timeout=limit)
        if not done:
            load.cancel()
            await asyncio.gather(load, return_exceptions=True)
            raise PageUnresponsive()
        return load.result()
