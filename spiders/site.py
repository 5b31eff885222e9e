"""The `site` spider: drives the browser through the three phases of a site's audit and
hands what it captured to the auditor. It holds no audit logic."""
from __future__ import annotations

import asyncio
import functools
import shutil
import time
from datetime import datetime, timezone

import scrapy
from playwright.async_api import Error as PlaywrightError

from auditor.audit import SiteAudit, SiteAuditItem, empty_phase
from auditor.browser import BrowserProfile
from auditor.capture.documents import DocumentFinder
from auditor.capture.har import scrub_har
from auditor.capture.links import pick_internal_pages
from auditor.capture.phase import build_phase
from auditor.capture.recorder import PageCrashed, PhaseRecorder
from auditor.consent.autoconsent import AutoconsentAssets
from auditor.consent.banner import public_banner
from auditor.consent.driver import ConsentDriver
from auditor.knowledge import Knowledge
from auditor.policy.reader import read_site_documents
from auditor.errors import check_url, describe_failure, describe_http_status, describe_not_html
from auditor.stats import audit_stats
from auditor.storage import new_run_folder
from auditor.distributed.feed import SiteFeed
from auditor.resume import ResumeJournal
from auditor.targets import TargetsError, read_targets, site_label

# The three capture phases, then the site's legal pages read in a browser of their own.
NEXT_PHASE = {"initial": "accept", "accept": "reject", "reject": "documents", "documents": None}
CONTEXT_CLOSE_TIMEOUT = 30


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, url: str | None = None, urls: str | None = None,
                 queue: str | None = None, site_name: str | None = None,
                 tags: str | None = None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.url_arg, self.urls_arg, self.queue_name = url, urls, queue
        # A sites file's name and tags for the one site of `url` (auditor schedule).
        self.site_label = site_label(url, site_name, tags)
        self.targets, self.feed, self.journal = [], None, None

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        # The sites: a Redis work queue shared with other workers, or url/urls (resumable
        # with JOBDIR).
        queue = spider.queue_name or settings.get("AUDITOR_QUEUE")
        if queue and (spider.url_arg or spider.urls_arg):
            raise TargetsError("give either a queue or url/urls, not both")
        if queue:
            spider.feed = SiteFeed(crawler, spider, queue, spider.start_site)
        else:
            spider.targets = read_targets(spider.url_arg, spider.urls_arg)
            spider.journal = ResumeJournal.from_crawler(crawler)
        spider.browser = BrowserProfile.from_settings(settings)
        spider.reports_dir = settings.get("REPORTS_DIR")
        spider.page_timeout = settings.getfloat("AUDITOR_PAGE_TIMEOUT")
        spider.settle_quiet = settings.getfloat("AUDITOR_SETTLE_QUIET")
        spider.settle_cap = settings.getfloat("AUDITOR_SETTLE_CAP")
        spider.internal_page_count = settings.getint("AUDITOR_INTERNAL_PAGES")
        spider.banner_wait = settings.getfloat("AUDITOR_BANNER_WAIT")
        spider.autoconsent = (AutoconsentAssets.find()
                              if settings.getbool("AUDITOR_AUTOCONSENT") else None)
        # The process-wide instance when trackerdb is on, so the capture, the judge and
        # the reports share one load; the project's own data only when it is off.
        spider.knowledge = (Knowledge.default() if settings.getbool("AUDITOR_TRACKERDB")
                            else Knowledge.load(use_trackerdb=False))
        return spider

    async def start(self):
        if self.feed is not None:  # the first sites; more each time one is done
            for output in self.feed.next_requests():
                yield output
            return
        for url in self.journal.remaining(self.targets) if self.journal else self.targets:
            yield self.start_site(url)

    def start_site(self, url: str):
        """The first request of a site's audit; its error report for a URL that cannot be
        audited."""
        started = datetime.now(timezone.utc)
        folder = new_run_folder(self.reports_dir, url, started)
        audit = SiteAudit(url=url, folder=folder, started_at=started,
                          **(self.site_label if url == self.url_arg else {}))
        audit.browser = {"executable": self.browser.executable,
                         "user_agent": self.browser.user_agent}
        audit.knowledge = {"versions": self.knowledge.versions,
                           "attribution": self.knowledge.attribution}
        problem = check_url(url)
        if problem:
            audit.fail(problem)
            return self.finish(audit)
        return self.phase_request(audit, "initial")

    # -- phases ---------------------------------------------------------------------------
    def phase_request(self, audit: SiteAudit, phase: str) -> scrapy.Request:
        recorder = PhaseRecorder()
        consent = (ConsentDriver(self.autoconsent, self.knowledge, banner_wait=self.banner_wait)
                   if phase in ("initial", "accept", "reject") else None)
        profile_dir = self.browser.new_profile_dir()
        har = audit.folder / f"{phase}.har" if consent else None
        return scrapy.Request(
            audit.final_url if phase == "documents" else audit.url,
            callback=self.run_phase,
            errback=self.phase_failed,
            dont_filter=True,
            meta={
                "playwright": True,
                "playwright_include_page": True,
                "playwright_context": f"{audit.folder}:{phase}",
                "playwright_context_kwargs": self.browser.context_kwargs(profile_dir, har),
                "playwright_page_init_callback": self.init_page,
                "playwright_page_goto_kwargs": {
                    "wait_until": "domcontentloaded", "timeout": self.page_timeout * 1000},
                "handle_httpstatus_all": True,
                "audit": audit, "phase": phase, "recorder": recorder, "consent": consent,
                "profile_dir": profile_dir, "phase_started": time.monotonic(),
            },
        )

    @staticmethod
    async def init_page(page, request) -> None:
        """Hooks installed before the first navigation of a phase's page."""
        await request.meta["recorder"].attach(page)
        if request.meta["consent"] is not None:
            await request.meta["consent"].attach(page.context)

    async def run_phase(self, response):
        meta = response.meta
        audit, phase, recorder = meta["audit"], meta["phase"], meta["recorder"]
        page = meta["playwright_page"]
        try:
            if phase == "initial" and self.home_page_ok(audit, response):
                audit.final_url = page.url
                audit.internal_pages = pick_internal_pages(
                    response.text, page.url, self.internal_page_count)
            if audit.status == "ok" and phase == "documents":
                await self.read_documents(audit, page, recorder)
            elif audit.status == "ok":
                audit.phases[phase] = await self.capture_phase(
                    audit, phase, page, recorder, meta["consent"])
        except (PlaywrightError, PageCrashed, asyncio.TimeoutError) as exc:
            self.phase_error(audit, phase, exc)
        finally:
            await self.close_phase(page, audit, phase, meta["profile_dir"])
            self.crawler.stats.max_value(f"auditor/phase_seconds/{phase}/max",
                                         round(time.monotonic() - meta["phase_started"], 1))
        for output in self.after_phase(audit, phase):
            yield output

    async def capture_phase(self, audit, phase, page, recorder, consent) -> dict:
        """Home page (and the banner: read it, or make the phase's choice), then the internal
        pages, each left to settle."""
        if recorder.attach_error is not None:
            raise recorder.attach_error
        settle = functools.partial(recorder.settle, quiet=self.settle_quiet, cap=self.settle_cap)
        visited, notes, capped, forms = [], [], 0, set()
        banner_scan = consent_action = None
        screenshot = f"screenshot-{phase}.png"
        for url in [None, *audit.internal_pages]:
            if url is not None:
                try:
                    await page.goto(url, wait_until="domcontentloaded",
                                    timeout=self.page_timeout * 1000)
                except PlaywrightError as exc:
                    if recorder.crashed:
                        raise PageCrashed() from exc
                    notes.append(f"{url}: {describe_failure(exc, timeout_s=self.page_timeout)}")
                    continue
            if not await settle(page):
                capped += 1
            if url is not None and consent_action and consent_action["performed"]:
                if await consent.shown_again(page):
                    consent_action["banner_reappeared"].append(page.url)
            if url is None:
                if phase == "initial":
                    banner_scan = await consent.detect(page)
                else:
                    consent_action = await consent.choose(
                        page, phase, recorder, settle, audit.site_domain)
                # Before any click for the initial phase; after the choice for the others.
                await page.screenshot(path=str(audit.folder / screenshot), timeout=15000)
            await recorder.snapshot(page)
            visited.append(page.url)
            forms.update(await recorder.form_actions(page))
        if banner_scan is not None:
            banner_scan["banner"] = public_banner(banner_scan["banner"])
        return build_phase(
            jar=recorder.jar_cookies(),
            cookie_settings=recorder.cookie_settings,
            raw_requests=recorder.raw_requests(),
            storage=list(recorder.storage.values()),
            site_domain=audit.site_domain,
            now=time.time(),
            knowledge=self.knowledge,
            jurisdiction=audit.jurisdiction,
            pages_visited=visited,
            forms=sorted(forms),
            page_errors=notes,
            settle_capped=capped,
            banner_scan=banner_scan,
            consent_action=consent_action,
            popups=len(recorder.popups),
            dialogs=recorder.dialogs,
            truncated=recorder.dropped,
            screenshot=screenshot,
            har=f"{phase}.har",
        )

    async def read_documents(self, audit, page, recorder) -> None:
        """The legal notice, privacy and cookie policies: found, loaded, read."""
        settle = functools.partial(recorder.settle, quiet=min(self.settle_quiet, 0.5), cap=5)
        await settle(page)
        finder = DocumentFinder(page_timeout=self.page_timeout, settle=settle)
        found = await finder.collect(page, audit.site_domain)
        audit.pages = found["pages"]
        audit.documents = {"found_by": found["found_by"], "notes": found["notes"]}
        audit.site_word = read_site_documents(
            found["documents"], self.knowledge.vendor_policy_names(audit.tracker_names()))

    def home_page_ok(self, audit, response) -> bool:
        content_type = response.headers.get("Content-Type", b"").decode("latin-1")
        if response.status >= 400:
            audit.fail(describe_http_status(response.status))
        elif "html" not in content_type.lower():
            audit.fail(describe_not_html(content_type.split(";")[0].strip() or None))
        return audit.status == "ok"

    def phase_error(self, audit, phase, exc) -> None:
        reason = describe_failure(exc, timeout_s=self.page_timeout)
        self.logger.warning("%s: %s phase failed: %s", audit.url, phase, reason)
        if phase == "initial":
            audit.fail(reason)
        elif phase == "documents":
            audit.documents = {"error": reason}
        else:
            audit.phases[phase] = empty_phase(error=reason)

    async def phase_failed(self, failure):
        meta = failure.request.meta
        audit, phase = meta["audit"], meta["phase"]
        self.phase_error(audit, phase, failure.value)
        await self.close_phase(meta.get("playwright_page"), audit, phase, meta["profile_dir"])
        for output in self.after_phase(audit, phase):
            yield output

    async def close_phase(self, page, audit, phase, profile_dir) -> None:
        """Close the phase's browser (which writes its HAR), then scrub the HAR."""
        if page is not None:
            try:
                await asyncio.wait_for(page.context.close(), CONTEXT_CLOSE_TIMEOUT)
            except (PlaywrightError, asyncio.TimeoutError) as exc:
                self.logger.warning("%s: closing the %s browser failed: %s", audit.url, phase, exc)
        scrub_har(audit.folder / f"{phase}.har")
        shutil.rmtree(profile_dir, ignore_errors=True)

    def after_phase(self, audit, phase):
        following = NEXT_PHASE[phase] if audit.status == "ok" else None
        if following:
            yield self.phase_request(audit, following)
        else:
            yield self.finish(audit)

    def finish(self, audit: SiteAudit) -> SiteAuditItem:
        if audit.status == "error":
            self.logger.warning("%s: audit failed: %s", audit.url, audit.error)
        report = audit.to_report(self.knowledge)
        for key, count in audit_stats(report).items():
            self.crawler.stats.inc_value(key, count)
        return SiteAuditItem(report=report, folder=str(audit.folder))
