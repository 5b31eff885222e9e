"""Item pipeline (250, before the report files): records each site audit in the history and
puts the comparison with the previous audit at report["history"].

The history never costs a report: if the database fails for a site, the error is logged and
counted (auditor/history/errors), the report has no "history" key, and the pipelines after
this one write its files as usual. A history that cannot be opened at all (bad
AUDITOR_HISTORY_URL, server unreachable, no driver) stops the crawl before any audit."""
from __future__ import annotations

import logging
from collections import Counter

from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from sqlalchemy.exc import SQLAlchemyError
from twisted.internet.threads import deferToThread

from auditor.audit import SiteAuditItem

from .store import HistoryError, HistoryStore, resolve_url

logger = logging.getLogger(__name__)


class HistoryPipeline:
    def __init__(self, store: HistoryStore, stats=None):
        self.store = store
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        url = resolve_url(settings.get("AUDITOR_HISTORY_URL"), settings.get("REPORTS_DIR"))
        if url is None:
            raise NotConfigured("history is off (AUDITOR_HISTORY_URL=off)")
        try:
            store = HistoryStore.open(url)
        except HistoryError as error:
            logger.error("History: %s", error)
            raise
        logger.info("History: audits recorded in %s", store.url)
        return cls(store, crawler.stats)

    def close_spider(self):
        self.store.close()

    async def process_item(self, item):
        if not isinstance(item, SiteAuditItem):
            return item
        # Off the reactor thread: a SQLite writer may wait for another process's transaction.
        counts = await maybe_deferred_to_future(deferToThread(self.record, item))
        if self.stats is not None:  # back on the reactor thread
            for key, count in counts.items():
                self.stats.inc_value(key, count)
        return item

    def record(self, item: SiteAuditItem) -> Counter:
        """Record one audit and set report["history"]; the stats it adds."""
        url = item.report.get("url")
        counts: Counter = Counter()
        try:
            block = self.store.record(item.report, item.folder)
        except SQLAlchemyError as error:
            reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
            logger.error("%s: not recorded in the history (%s); the report is written "
                         "without its comparison", url, reason)
            counts["auditor/history/errors"] += 1
            return counts
        except Exception:  # a bug here must not cost the report either
            logger.exception("%s: not recorded in the history; the report is written "
                             "without its comparison", url)
            counts["auditor/history/errors"] += 1
            return counts
        item.report["history"] = block
        counts["auditor/history/recorded"] += 1
        if block["previous"] is None:
            counts["auditor/history/first_audits"] += 1
        for kind in ("findings", "trackers", "cookies"):
            for change, entries in block[kind].items():
                if entries:
                    counts[f"auditor/history/{kind}/{change}"] += len(entries)
        return counts
