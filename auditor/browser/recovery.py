"""A site whose browser died is audited again, once, from the start.

Each phase runs in a Chromium of its own. When that process dies or disconnects (killed, out of
memory, crashed) the phase is lost through no fault of the site, so the site is audited again
in fresh browsers, up to AUDITOR_SITE_RETRIES times. A renderer crash is retried too: from the
outside it cannot be told apart from one the machine caused (the kernel's OOM killer), and a
site that crashes its renderer by itself crashes it again, then gets its error report. The
site's own failures (DNS, TLS, timeouts, HTTP status, a page that is not HTML) are never
retried: they would fail the same way.

Scrapy's RetryMiddleware does not fit: it retries one request, and a phase is a whole browser
session whose earlier phases, recorder and profile would have to be redone with it."""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from playwright.async_api import Error as PlaywrightError

try:  # Playwright's own class for "Target page, context or browser has been closed"
    from playwright._impl._errors import TargetClosedError
except ImportError:  # pragma: no cover - a Playwright that no longer has it
    TargetClosedError = ()

from auditor.browser.failures import Failure
from auditor.capture.recorder import PageCrashed

BROWSER = "browser"    # the phase's Chromium process died or disconnected
RENDERER = "renderer"  # the page's renderer process crashed
# Playwright's words when the browser went away under a call.
_BROWSER_GONE = re.compile(
    r"target page, context or browser has been closed|browser has been closed"
    r"|browser has disconnected|browser closed|target closed|connection closed",
    re.IGNORECASE)


class BrowserDied(Exception):
    """The phase's browser is gone (its page closed under us, or it was started again)."""


def retry_cause(exc: BaseException, *, page_closed: bool = False,
                crashed: bool = False) -> str | None:
    """BROWSER or RENDERER when a phase failed for a reason that is not the site's, else None.
    `page_closed`: the phase's page was closed before the spider closed it; `crashed`: the
    page's crash event was seen."""
    # The first line: Playwright appends the browser's launch command and logs below it.
    text = str(exc).strip().split("\n", 1)[0]
    if "net::ERR_" in text:  # a network error is the site's (or its host's), whatever follows
        return None
    if crashed or isinstance(exc, PageCrashed):
        return RENDERER
    if page_closed or isinstance(exc, (BrowserDied, TargetClosedError)):
        return BROWSER
    if isinstance(exc, PlaywrightError):
        if "crash" in text.lower():
            return RENDERER
        if _BROWSER_GONE.search(text):
            return BROWSER
    return None


@dataclass
class SiteRetries:
    """How many times a site may be audited again after its browser died."""

    limit: int = 1

    @classmethod
    def from_settings(cls, settings) -> "SiteRetries":
        limit = settings.getint("AUDITOR_SITE_RETRIES", 1)
        if limit < 0:
            raise ValueError(f"AUDITOR_SITE_RETRIES must be 0 or more, not {limit}")
        return cls(limit)

    def attempt(self, attempts: list[dict], phase: str, exc: BaseException, *,
                page_closed: bool = False, crashed: bool = False) -> dict | None:
        """The record of this failed attempt when the site is to be audited again (report.json
        "attempts"), None when the failure is the site's or the retries are used up."""
        cause = retry_cause(exc, page_closed=page_closed, crashed=crashed)
        if cause is None or len(attempts) >= self.limit:
            return None
        if cause == RENDERER:
            failure = Failure("renderer_crash")
        else:
            said = str(exc).strip().split("\n", 1)[0][:300] or type(exc).__name__
            failure = Failure("browser_closed", {"detail": said})
        return {"phase": phase, "cause": cause, **failure.as_report()}


def clear_run_folder(folder: Path) -> None:
    """Empty a run folder for a new attempt: nothing of the failed one is kept as evidence."""
    for entry in Path(folder).iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
