"""When is a site finished? Once the item pipelines have written its report files.

Resumable runs and the work queue both count a site as done only then, not when its audit
ends: a process killed between the two audits the site again rather than losing it."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from scrapy import signals

from auditor.audit import SiteAuditItem


class SiteOutcomes:
    """Calls `finished(url)` after the last item pipeline; `unfinished(url, why)` when a
    pipeline failed or dropped the item before report.json was written. Keep a reference to
    it: Scrapy's signals hold their receivers weakly."""

    def __init__(self, crawler, finished: Callable[[str], None],
                 unfinished: Callable[[str, str], None] | None = None):
        self.finished, self.unfinished = finished, unfinished
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.item_error, signal=signals.item_error)

    def item_scraped(self, item, **_):
        if isinstance(item, SiteAuditItem):
            self.finished(item.report["url"])

    def item_dropped(self, item, exception, **_):
        self._stopped(item, f"dropped by an item pipeline: {exception}")

    def item_error(self, item, failure, **_):
        self._stopped(item, f"an item pipeline failed: {failure.getErrorMessage()}")

    def _stopped(self, item, why: str) -> None:
        if not isinstance(item, SiteAuditItem):
            return
        if (Path(item.folder) / "report.json").is_file():
            self.finished(item.report["url"])
        elif self.unfinished is not None:
            self.unfinished(item.report["url"], why)
