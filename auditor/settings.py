"""Scrapy settings of the auditor. Every AUDITOR_* setting can be given with -s."""

BOT_NAME = "auditor"
COMMANDS_MODULE = "auditor.commands"  # `crawl` exits 3 when FAIL_ON/FAIL_ON_NEW is reached
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# All page loads go through scrapy-playwright and Debian's Chromium.
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
DOWNLOAD_HANDLERS = {
    "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
    "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
}
PLAYWRIGHT_BROWSER_TYPE = "chromium"
# The browser's own request headers, as a visitor's browser sends them.
PLAYWRIGHT_PROCESS_REQUEST_HEADERS = None
# A site's requests carry its live audit: with JOBDIR they stay in memory, and a restarted
# job skips the sites already audited instead (auditor/resume.py).
SCHEDULER = "auditor.resume.SiteScheduler"
# Each phase is its own browser (a persistent context on a fresh profile).
PLAYWRIGHT_MAX_CONTEXTS = 4
CONCURRENT_REQUESTS = 4
CONCURRENT_REQUESTS_PER_DOMAIN = 4

# A visitor ignores robots.txt; failures are reported, not retried blindly.
ROBOTSTXT_OBEY = False
RETRY_ENABLED = False
COOKIES_ENABLED = False
REDIRECT_ENABLED = False
DOWNLOAD_TIMEOUT = 300
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"

ITEM_PIPELINES = {
    "auditor.history.pipeline.HistoryPipeline": 250,  # before report.json: it adds "history"
    "reports.pipelines.JsonReportPipeline": 300,
    "reports.pipelines.HtmlReportPipeline": 400,
    "reports.pipelines.CsvReportPipeline": 410,
    "auditor.alerts.AlertPipeline": 500,  # FAIL_ON, FAIL_ON_NEW, webhook
    "reports.pipelines.IndexPipeline": 900,  # last: the index links the files above
}

# --- the auditor's own settings (see README) ---
REPORTS_DIR = "audit-reports"
AUDITOR_BROWSER_ARGS = []          # JSON list of extra Chromium arguments
AUDITOR_IGNORE_HTTPS_ERRORS = False  # test worlds only
AUDITOR_CHROMIUM = None            # default: chromium on PATH, /usr/bin/chromium
AUDITOR_PAGE_TIMEOUT = 30          # seconds for one page load
AUDITOR_SETTLE_QUIET = 1.5         # seconds with no network or cookie activity
AUDITOR_SETTLE_CAP = 15            # at most this long waiting for a page to settle
AUDITOR_INTERNAL_PAGES = 2         # internal pages visited after the home page
AUDITOR_BANNER_WAIT = 6            # seconds to wait for a consent banner to show
AUDITOR_AUTOCONSENT = True         # @duckduckgo/autoconsent rules (else keywords only)
AUDITOR_TRACKERDB = True           # Ghostery's trackerdb (CC-BY-NC-SA-4.0) beside the project's data
REPORT_LANGUAGE = "fr"            # "en" for English reports
AUDITOR_HISTORY_URL = ""           # "": <REPORTS_DIR>/history.sqlite; any SQLAlchemy URL; "off"
FAIL_ON = ""                       # high|medium|low|info: exit 3 on a finding this serious
FAIL_ON_NEW = ""                   # the same, counting only findings new since the last audit
AUDITOR_ALERT_WEBHOOK = ""         # URL receiving a JSON POST on new findings or trackers
# Distributed mode (README "Distributed mode"): workers share a Redis queue of sites.
REDIS_URL = "redis://localhost:6379"  # scrapy-redis's connection (REDIS_PARAMS too)
AUDITOR_QUEUE = ""                 # a queue name: audit that queue's sites (as -a queue=NAME)
AUDITOR_QUEUE_LEASE = 120          # seconds before a silent worker's site goes back to the queue
AUDITOR_QUEUE_ATTEMPTS = 3         # a site whose worker died this many times is set aside
MAX_IDLE_TIME_BEFORE_CLOSE = 0     # scrapy-redis: a worker stops after this many seconds
                                   # without a site to claim; 0 = never (a daemon)
