"""Scrapy settings of the auditor. Every AUDITOR_* setting can be given with -s."""

BOT_NAME = "auditor"
COMMANDS_MODULE = "auditor.commands"  # `crawl` exits 3 when FAIL_ON/FAIL_ON_NEW is reached
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# All page loads go through scrapy-playwright and Debian's Chromium.
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
# scrapy-playwright's handler, guarded against pages that hang or start downloads.
DOWNLOAD_HANDLERS = {
    "http": "auditor.browser.launch.PageLoadHandler",
    "https": "auditor.browser.launch.PageLoadHandler",
}
PLAYWRIGHT_BROWSER_TYPE = "chromium"
# The browser's own request headers, as a visitor's browser sends them.
PLAYWRIGHT_PROCESS_REQUEST_HEADERS = None
# A site's requests carry its live audit: with JOBDIR they stay in memory, and a restarted
# job skips the sites already audited instead (auditor/runs/resume.py).
SCHEDULER = "auditor.runs.resume.SiteScheduler"
# Concurrency (README "Settings"): CONCURRENT_REQUESTS sites are audited at once. Each phase
# is its own browser (a persistent context on a fresh profile) and a site holds one at a
# time, so PLAYWRIGHT_MAX_CONTEXTS, the number of Chromiums at once, is the same figure.
# 4: the most sites per hour in `make bench` on 2 cores (251/h; 247 at 2), 1.5 GiB PSS at
# peak (README "What it does"). Change the three together, here or with -s.
PLAYWRIGHT_MAX_CONTEXTS = 4
CONCURRENT_REQUESTS = 4
CONCURRENT_REQUESTS_PER_DOMAIN = 4  # a site's phases share its host: no lower bound per host

# A visitor ignores robots.txt. Scrapy's RetryMiddleware would send one phase's request
# again with a stale recorder and profile: a site whose browser died is audited again from
# the start instead (AUDITOR_SITE_RETRIES, auditor/browser/recovery.py); the site's own failures are
# reported, not retried.
ROBOTSTXT_OBEY = False
RETRY_ENABLED = False
COOKIES_ENABLED = False
REDIRECT_ENABLED = False
# scrapy-playwright does not apply DOWNLOAD_TIMEOUT: page loads are bounded by
# AUDITOR_PAGE_TIMEOUT, passed to every navigation; the navigation default below is the
# backstop for any other. Kept for a plain-HTTP request, should one ever be made.
DOWNLOAD_TIMEOUT = 300
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30 * 1000  # ms
# A run has no overall time limit (CLOSESPIDER_TIMEOUT = 0): each site's pages are bounded.
# Memory is measured over the crawl and all its browsers (auditor/browser/memory.py; Scrapy's own
# check sees the Python process only). Past the warning it logs and counts
# (memusage/warning_reached); no limit stops a run by default (MEMUSAGE_LIMIT_MB, with JOBDIR
# to resume what it cut short).
EXTENSIONS = {
    "scrapy.extensions.memusage.MemoryUsage": None,
    "auditor.browser.memory.ProcessTreeMemoryUsage": 0,
    "auditor.runs.crawl_progress.CrawlProgress": 10,  # AUDITOR_PROGRESS
    "auditor.runs.summary.RunSummary": 20,            # AUDITOR_SUMMARY
}
MEMUSAGE_WARNING_MB = 2048
MEMUSAGE_LIMIT_MB = 0
MEMUSAGE_CHECK_INTERVAL_SECONDS = 15
TELNETCONSOLE_ENABLED = False
# Scrapy's remote control runs Python sent to a local port, and writes its token to HOME.
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"

ITEM_PIPELINES = {
    "auditor.runs.history.pipeline.HistoryPipeline": 250,  # before report.json: it adds "history"
    "reports.pipelines.JsonReportPipeline": 300,
    "reports.pipelines.HtmlReportPipeline": 400,
    "reports.pipelines.PdfReportPipeline": 405,  # report.pdf, printed from report.html
    "reports.pipelines.CsvReportPipeline": 410,
    "reports.pipelines.XlsxReportPipeline": 420,
    "auditor.runs.alerts.AlertPipeline": 500,  # FAIL_ON, FAIL_ON_NEW, webhook
    "reports.pipelines.IndexPipeline": 900,  # the index links the files above
    "reports.pipelines.ManifestPipeline": 1000,  # last: SHA256SUMS covers every file of the run
}

# --- the auditor's own settings (see README) ---
REPORTS_DIR = "audit-reports"
AUDITOR_MIN_FREE_MB = 200          # free space REPORTS_DIR needs at start (0: no check)
AUDITOR_SITE_RETRIES = 1           # audits again of a site whose browser died (auditor/browser/recovery.py)
AUDITOR_BROWSER_ARGS = []          # JSON list of extra Chromium arguments
AUDITOR_IGNORE_HTTPS_ERRORS = False  # test worlds only
AUDITOR_CHROMIUM = None            # default: chromium on PATH, /usr/bin/chromium
AUDITOR_PAGE_TIMEOUT = 30          # seconds for one page load
AUDITOR_SETTLE_QUIET = 0.25        # quiet window: bridges untracked gaps (response -> next request)
AUDITOR_SETTLE_CAP = 15            # at most this long waiting for a page to settle
AUDITOR_INTERNAL_PAGES = 2         # internal pages visited after the home page
AUDITOR_BANNER_WAIT = 6            # at most this long for a known manager's banner to show
AUDITOR_HASH_KEY = None            # secret of the value hashes (else env AUDITOR_HASH_KEY, else the key file)
AUDITOR_HASH_KEY_FILE = None       # default $XDG_CONFIG_HOME/auditor/hash.key (~/.config/...), made 0600
AUDITOR_AUTOCONSENT = True         # @duckduckgo/autoconsent rules (else keywords only)
AUDITOR_TRACKERDB = True           # Ghostery's trackerdb (CC-BY-NC-SA-4.0) beside the project's data
REPORT_LANGUAGE = "fr"            # "en" for English reports
AUDITOR_SUMMARY = True             # the run's summary on stdout at the end (auditor/runs/summary.py)
AUDITOR_PROGRESS = "auto"          # a batch's live progress: auto (on a terminal), on, off
AUDITOR_PDF = True                 # report.pdf beside report.html (0: none)
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
