"""The run's summary, printed when a crawl ends (reports/run_summary.py words it): what a
person reads last on the terminal, after Scrapy's stats in the log.

It goes to stdout while the log goes to stderr: on a terminal both show, the summary last;
`2>crawl.log` keeps the log aside and leaves the summary alone on the screen, and cron mails
it. AUDITOR_SUMMARY=0 turns it off."""
from __future__ import annotations

import sys
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured

from auditor.audit import SiteAuditItem
from auditor.runs.resume import sites_to_audit
from reports.pipelines import report_language
from reports.run_summary import SiteOutcome, run_summary


class RunSummary:
    """Extension: collects each site as the item pipelines finish with it, prints when the
crawl's process stops (`scrapy crawl`; one crawl a process)."""

    def __init__(self, crawler, language: str, index: Path, stream=None):
        self.crawler, self.language, self.index = crawler, language, index
        self.stream = stream  # None: sys.stdout when printing
        self.sites: list[SiteOutcome] = []
        self.not_started = 0
        self.stopped: str | None = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("AUDITOR_SUMMARY"):
            raise NotConfigured("AUDITOR_SUMMARY is off")
        index = Path(settings.get("REPORTS_DIR")).resolve() / "index.html"
        summary = cls(crawler, report_language(settings), index)
        crawler.signals.connect(summary.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(summary.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(summary.item_error, signal=signals.item_error)
        crawler.signals.connect(summary.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(summary.engine_started, signal=signals.engine_started)
        return summary

    def item_scraped(self, item, **_):
        if isinstance(item, SiteAuditItem):
            self.sites.append(SiteOutcome(item.report["url"], item.report))

    def item_dropped(self, item, exception, **_):
        if isinstance(item, SiteAuditItem):  # report.json could not be written
            self.sites.append(SiteOutcome(item.report["url"], not_written=str(exception)))

    def item_error(self, item, failure, **_):
        if isinstance(item, SiteAuditItem):
            written = (Path(item.folder) / "report.json").is_file()
            self.sites.append(SiteOutcome(item.report["url"], item.report if written else None,
                                          not_written=failure.getErrorMessage()))

    def spider_closed(self, spider, reason):
        expected = sites_to_audit(spider)
        self.not_started = max(0, expected - len(self.sites)) if expected is not None else 0
        self.stopped = None if reason == "finished" else reason

    def engine_started(self):
        # Printed as the reactor stops, once the crawl is over: the download handlers close
        # one after the other after engine_stopped, each saying so in the log. (The reactor
        # is only imported now that the crawl has installed its own.)
        from twisted.internet import reactor
        reactor.addSystemEventTrigger("before", "shutdown", self.show)

    def show(self):
        text = run_summary(self.sites, self.index, self.language,
                           not_started=self.not_started, stopped=self.stopped)
        print(text, file=self.stream or sys.stdout, flush=True)
