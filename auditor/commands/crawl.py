"""`scrapy crawl`, as Scrapy's own, plus exit status 3 when FAIL_ON or FAIL_ON_NEW was reached
(auditor.runs.alerts counts those sites in the stats), and 1 when a site's report.json could not be
written (disk full...: reports.pipelines counts them). Status 1 (the command failed) wins."""
from __future__ import annotations

import logging

from scrapy import signals
from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from auditor.runs.alerts import SITES_OVER_THRESHOLD
from reports.pipelines import SITES_NOT_WRITTEN

logger = logging.getLogger(__name__)
THRESHOLD_REACHED = 3


class Command(ScrapyCrawlCommand):
    def __init__(self):
        super().__init__()
        self.sites_over_threshold = 0
        self.sites_not_written = 0

    def _create_crawler(self, spidercls):
        crawler = super()._create_crawler(spidercls)

        def closed(spider=None):
            # Read before the stats collector closes (some collectors clear their stats).
            self.sites_over_threshold += crawler.stats.get_value(SITES_OVER_THRESHOLD, 0)
            self.sites_not_written += crawler.stats.get_value(SITES_NOT_WRITTEN, 0)
            # Said now, in the log, so that the run's summary (auditor/runs/summary.py) stays
            # the last thing on the screen.
            if self.sites_not_written:
                logger.error("The reports of %d site(s) could not be written: exit status 1",
                             self.sites_not_written)
            elif self.sites_over_threshold:
                logger.error("FAIL_ON/FAIL_ON_NEW reached on %d site(s): exit status %d",
                             self.sites_over_threshold, THRESHOLD_REACHED)

        crawler.signals.connect(closed, signal=signals.spider_closed, weak=False)
        return crawler

    def run(self, args, opts):
        super().run(args, opts)
        if self.exitcode == 0 and self.sites_not_written:
            self.exitcode = 1
        if self.exitcode == 0 and self.sites_over_threshold:
            self.exitcode = THRESHOLD_REACHED
