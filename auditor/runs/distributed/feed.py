"""The `site` spider's feed of sites in distributed mode: scrapy-redis's start-URL loop
(Redis connection from REDIS_URL, more work fetched when the spider is idle, the spider kept
open by DontCloseSpider until MAX_IDLE_TIME_BEFORE_CLOSE seconds pass without work) over
the work queue of auditor.runs.distributed.queue, with what scrapy-redis lacks for sites that
take minutes: leases renewed while the audit runs, a site counted done only once its
reports are written, and sites given back when the worker stops."""
from __future__ import annotations

import logging
import time
from typing import Callable

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis.spiders import RedisMixin
from twisted.internet import task

from auditor.runs.distributed.queue import WorkQueue, queue_key
from auditor.runs.outcomes import SiteOutcomes

REDIS_DOWN = (RedisConnectionError, RedisTimeoutError)


class SiteFeed(RedisMixin):
    """Claims sites for one worker, at most CONCURRENT_REQUESTS at a time (a site holds one
    browser at a time), and hands each to `start_site(url)`, which returns the site's first
    request (or its report item, for a URL that cannot be audited)."""

    def __init__(self, crawler, spider, queue_name: str, start_site: Callable[[str], object]):
        self.crawler, self.name, self.start_site = crawler, spider.name, start_site
        self.logger = logging.LoggerAdapter(logging.getLogger("auditor.runs.distributed"),
                                            {"spider": spider})
        settings = crawler.settings
        self.redis_key = queue_key(queue_name, "pending")
        self.setup_redis(crawler)  # self.server, the idle signal, max_idle_time
        try:  # a wrong REDIS_URL stops the worker at once; later outages are waited out
            self.server.ping()
        except REDIS_DOWN as exc:
            raise RuntimeError(f"cannot reach Redis (REDIS_URL): {exc}") from None
        self.queue = WorkQueue(self.server, queue_name,
                               lease_seconds=settings.getfloat("AUDITOR_QUEUE_LEASE"),
                               max_failures=settings.getint("AUDITOR_QUEUE_ATTEMPTS"))
        # scrapy-redis pops its list; sites are claimed with a lease instead.
        self.fetch_data = self.claim
        self.count_size = lambda _key: self.queue.pending_count()
        self.capacity = max(1, self.redis_batch_size)
        self.spider_idle_start_time = time.time()  # scrapy-redis sets it at import time
        self.in_flight: set[str] = set()
        self.heartbeat = task.LoopingCall(self.renew)
        self.outcomes = SiteOutcomes(crawler, finished=self.finished, unfinished=self.unfinished)
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @property
    def stats(self):  # set once the crawl starts, after the spider is made
        return self.crawler.stats

    # -- claiming ----------------------------------------------------------------------------
    def claim(self, _key, _batch_size) -> list[str]:
        room = self.capacity - len(self.in_flight)
        if room <= 0:
            return []
        urls, reaped = self.queue.claim(room)
        if reaped:
            self.stats.inc_value("auditor/queue/reaped", reaped)
            self.logger.warning("%d site(s) whose worker stopped renewing its lease went back "
                                "to the queue %s", reaped, self.queue.name)
        for url in urls:
            self.logger.info("Claimed %s from the queue %s (worker %s)",
                             url, self.queue.name, self.queue.worker)
        if urls:
            self.in_flight.update(urls)
            self.stats.inc_value("auditor/queue/claimed", len(urls))
            self.spider_idle_start_time = time.time()
        return urls

    def make_request_from_data(self, data):
        return self.start_site(data)

    def schedule_next_requests(self):
        """Claims what there is room for; a URL that cannot be audited yields its error
        report, which goes to the item pipelines like a finished audit."""
        for output in self.next_requests():
            if isinstance(output, Request):
                self.crawler.engine.crawl(output)
            else:
                deferred_from_coro(
                    self.crawler.engine.scraper.start_itemproc_async(output, response=None))

    def spider_idle(self):
        try:
            # The engine is idle: a site still held has nothing left running. Give it back.
            for url in sorted(self.in_flight):
                self.unfinished(url, "the audit stopped without writing a report")
            super().spider_idle()
        except REDIS_DOWN as exc:
            self.logger.warning("Redis unreachable (%s); trying again", exc)
            raise DontCloseSpider from None

    # -- while sites are audited -------------------------------------------------------------
    def opened(self, spider):
        interval = max(0.5, self.queue.lease_ms / 1000 / 3)
        self.last_renewal = time.monotonic()
        self.heartbeat.start(interval, now=False)

    def renew(self):
        now = time.monotonic()
        late, self.last_renewal = now - self.last_renewal, now
        if late > self.queue.lease_ms / 1000:  # the process was too busy to renew in time
            self.stats.inc_value("auditor/queue/heartbeat_late")
            self.logger.warning("Leases renewed %.1f s apart, more than AUDITOR_QUEUE_LEASE", late)
        try:
            lost = self.queue.renew(self.in_flight)
        except REDIS_DOWN as exc:
            self.logger.warning("Could not renew the leases (%s)", exc)
            return
        for url in lost:
            self.stats.inc_value("auditor/queue/lease_lost")
            self.logger.warning("Lost the lease of %s: another worker may audit it too", url)

    def finished(self, url: str):
        if url not in self.in_flight:
            return
        self.in_flight.discard(url)
        try:
            if not self.queue.complete(url):
                self.stats.inc_value("auditor/queue/lease_lost")
                self.logger.warning("%s: done, but its lease had expired meanwhile", url)
            self.stats.inc_value("auditor/queue/completed")
            if self.crawler.crawling:  # not while shutting down: it would only give it back
                self.schedule_next_requests()
        except REDIS_DOWN as exc:  # the lease expires: the site is audited again, not lost
            self.logger.error("%s: could not mark it done (%s)", url, exc)

    def unfinished(self, url: str, why: str):
        if url not in self.in_flight:
            return
        self.in_flight.discard(url)
        where = self.queue.release(url, failed=True, reason=why)
        self.stats.inc_value(f"auditor/queue/released/{where}")
        self.logger.warning("%s: %s; site returned to %s", url, why, where)

    def closed(self, spider, reason):
        if self.heartbeat.running:
            self.heartbeat.stop()
        try:
            for url in sorted(self.in_flight):  # e.g. Ctrl-C: others can take them at once
                where = self.queue.release(url)
                self.stats.inc_value(f"auditor/queue/released/{where}")
                self.logger.info("%s: not finished (%s); returned to %s", url, reason, where)
        except REDIS_DOWN as exc:
            self.logger.warning("Could not give the unfinished sites back (%s): they go back "
                                "when their leases run out", exc)
        self.in_flight.clear()

