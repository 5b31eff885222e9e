"""Resumable runs: with Scrapy's JOBDIR setting, a batch interrupted and started again with
the same JOBDIR skips the sites already audited.

Scrapy's own JOBDIR support saves the scheduler's requests to disk and replays them; a
site's requests carry a live audit (browser recorders, the state of earlier phases) that
cannot be replayed half-way. So resumption is per site: a journal in JOBDIR lists the sites
whose report files are written, and the scheduler keeps its requests in memory."""
from __future__ import annotations

import logging
import os
from pathlib import Path

from scrapy.core.scheduler import Scheduler
from scrapy.utils.job import job_dir
from scrapy.utils.misc import build_from_crawler, load_object

from auditor.runs.outcomes import SiteOutcomes

logger = logging.getLogger(__name__)
JOURNAL = "audited-sites.txt"


class ResumeJournal:
    """JOBDIR/audited-sites.txt: one URL a line, appended once the site's reports are
    written, flushed to disk before the next site is counted."""

    def __init__(self, path: str | Path, crawler=None):
        self.path = Path(path)
        self.crawler = crawler  # for its stats, which exist once the crawl starts
        self._outcomes = None

    @classmethod
    def from_crawler(cls, crawler) -> "ResumeJournal | None":
        """The journal of this run's JOBDIR, recording finished sites; None without JOBDIR."""
        folder = job_dir(crawler.settings)
        if not folder:
            return None
        journal = cls(Path(folder) / JOURNAL, crawler)
        journal._outcomes = SiteOutcomes(crawler, finished=journal.record)
        return journal

    def audited(self) -> set[str]:
        """The sites recorded so far. A last line cut short by a kill is not counted."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return set()
        return {line for line in text.split("\n")[:-1] if line}

    def record(self, url: str) -> None:
        with self.path.open("a", encoding="utf-8") as journal:
            journal.write(url + "\n")
            journal.flush()
            os.fsync(journal.fileno())

    def unaudited(self, targets: list[str]) -> list[str]:
        """`targets` without the sites already audited by an earlier run of this job."""
        audited = self.audited()
        return [url for url in targets if url not in audited]

    def remaining(self, targets: list[str]) -> list[str]:
        """`unaudited(targets)`, the sites skipped said in the log and the stats."""
        todo = self.unaudited(targets)
        skipped = len(targets) - len(todo)
        if skipped:
            logger.info("Resuming the job in %s: %d of %d sites already audited, skipped",
                        self.path.parent, skipped, len(targets))
        if self.crawler is not None:
            self.crawler.stats.set_value("auditor/sites_skipped_resumed", skipped)
        return todo


def sites_to_audit(spider) -> int | None:
    """How many sites the `site` spider is to audit in this run (a resumed job's left); None
    for a work queue, whose end is not known."""
    if getattr(spider, "feed", None) is not None:
        return None
    targets = getattr(spider, "targets", None) or []
    journal = getattr(spider, "journal", None)
    return len(journal.unaudited(targets) if journal is not None else targets)


class SiteScheduler(Scheduler):
    """Scrapy's scheduler with its requests kept in memory even when JOBDIR is set (see
    the module's docstring); everything else as Scrapy's."""

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(
            dupefilter=build_from_crawler(load_object(settings["DUPEFILTER_CLASS"]), crawler),
            jobdir=None,
            dqclass=load_object(settings["SCHEDULER_DISK_QUEUE"]),
            mqclass=load_object(settings["SCHEDULER_MEMORY_QUEUE"]),
            logunser=settings.getbool("SCHEDULER_DEBUG"),
            stats=crawler.stats,
            pqclass=load_object(settings["SCHEDULER_PRIORITY_QUEUE"]),
            crawler=crawler,
        )
