"""Scrapy settings of the auditor. Every AUDITOR_* setting can be given with -s."""

BOT_NAME = "auditor"
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
    "reports.pipelines.JsonReportPipeline": 300,
    "reports.pipelines.HtmlReportPipeline": 400,
    "reports.pipelines.CsvReportPipeline": 410,
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
