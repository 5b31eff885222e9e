"""A batch's progress while it runs (`-a urls=FILE`): sites done, under way and left, and the
time to go, shown by the printer of `auditor schedule` (auditor/runs/schedule/progress.py).

AUDITOR_PROGRESS: "auto" (the default) shows it on a terminal, for more than one site; "on"
always (plain log lines when not on a terminal); "off" never. Logs and tests stay plain."""
from __future__ import annotations

import sys

from scrapy import signals
from scrapy.exceptions import NotConfigured

from auditor.audit import SiteAuditItem
from auditor.runs.resume import sites_to_audit
from auditor.runs.schedule.progress import make_progress
from reports.i18n import Translator
from reports.pipelines import report_language
from reports.verdict import verdict
from reports.views.failures import explain_error

MODES = ("auto", "on", "off")


class CrawlProgress:
    """Extension: the site spider's sites to the progress printer, one key per run folder."""

    def __init__(self, crawler, printer, language: str, always: bool = False):
        self.crawler, self.printer, self.always = crawler, printer, always
        self.t = Translator(language)
        self.shown = False
        self.started: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler, stream=None):
        settings = crawler.settings
        mode = str(settings.get("AUDITOR_PROGRESS") or "auto").strip().lower()
        if mode not in MODES:
            raise ValueError(f"AUDITOR_PROGRESS must be one of {', '.join(MODES)}, not {mode!r}")
        stream = stream or sys.stderr
        if mode == "off" or (mode == "auto" and not stream.isatty()):
            raise NotConfigured(f"AUDITOR_PROGRESS={mode}")
        progress = cls(crawler, make_progress(stream), report_language(settings), mode == "on")
        for receiver, signal in ((progress.spider_opened, signals.spider_opened),
                                 (progress.request_scheduled, signals.request_scheduled),
                                 (progress.item_scraped, signals.item_scraped),
                                 (progress.item_dropped, signals.item_dropped),
                                 (progress.item_error, signals.item_error),
                                 (progress.spider_closed, signals.spider_closed)):
            crawler.signals.connect(receiver, signal=signal)
        return progress

    def spider_opened(self, spider):
        expected = sites_to_audit(spider)
        if not self.always and (expected is None or expected < 2):  # one site: its log says enough
            return
        self.printer.__enter__()
        self.shown = True
        if expected:
            self.printer.expect(expected)

    def request_scheduled(self, request, spider):
        audit = request.meta.get("audit")
        # A site begins with its first phase (again, when its browser died: still the same site).
        if self.shown and audit is not None and str(audit.folder) not in self.started:
            self.started.add(str(audit.folder))
            self.printer.started(str(audit.folder), audit.url)

    def item_scraped(self, item, **_):
        if self.shown and isinstance(item, SiteAuditItem):
            report = item.report
            if report.get("status") == "ok":
                self._finished(item, "ok", self.t(f"verdict.{verdict(report)}.label"))
            else:
                self._finished(item, "failed", explain_error(report, self.t))

    def item_dropped(self, item, exception=None, **_):
        if self.shown and isinstance(item, SiteAuditItem):
            self._finished(item, "failed", str(exception))

    def item_error(self, item, failure=None, **_):
        if self.shown and isinstance(item, SiteAuditItem):
            self._finished(item, "failed", failure.getErrorMessage())

    def _finished(self, item: SiteAuditItem, status: str, text: str) -> None:
        self.started.discard(item.folder)
        self.printer.finished(item.folder, item.report["url"], status, text)

    def spider_closed(self, spider):
        if self.shown:
            self.printer.__exit__(None, None, None)
            self.shown = False
