"""The `site` spider: drives the browser through the three phases of a site's audit and
hands what it captured to the auditor. It holds no audit logic."""
from __future__ import annotations

import asyncio
import functools
import shutil
import time
from datetime import datetime, timezone
from pathlib import Path

import scrapy
from playwright.async_api import Error as PlaywrightError

from auditor.audit import SiteAudit, SiteAuditItem, empty_phase
from auditor.browser.failures import Failure, check_url, describe_failure, failure_of
from auditor.browser.launch import BrowserProfile, chromium_version, close_browser, remove_stale_profiles
from auditor.browser.recovery import BrowserDied, SiteRetries, clear_run_folder
from auditor.capture.documents import DocumentFinder
from auditor.capture.har import scrub_har
from auditor.capture.hashing import ValueHasher
from auditor.capture.links import pick_internal_pages
from auditor.capture.phase import build_phase
from auditor.capture.recorder import PageCrashed, PhaseRecorder
from auditor.capture.settle import DOCUMENT_WORK_HOLD
from auditor.consent.autoconsent import VERSION as AUTOCONSENT_VERSION
from auditor.consent.autoconsent import AutoconsentAssets
from auditor.consent.banner import public_banner
from auditor.consent.driver import ConsentDriver
from auditor.consent.wall_scan import measure_wall
from auditor.consent.withdrawal import Withdrawal, skip_reason, withdrawal_record
from auditor.contract import PHASES
from auditor.contract import WITHDRAW_PHASE as WITHDRAW
from auditor.knowledge import Knowledge
from auditor.policy.reader import read_site_documents
from auditor.runs.distributed.feed import SiteFeed
from auditor.runs.folders import (
    BANNER_SCREENSHOT,
    SECOND_LAYER_SCREENSHOT,
    ReportsDirError,
    check_reports_dir,
    count_write_error,
    new_run_folder,
    write_error_reason,
    write_failure,
)
from auditor.runs.resume import ResumeJournal
from auditor.runs.stats import audit_stats
from auditor.runs.targets import TargetsError, read_targets, site_label
from reports.atomic import write_bytes_atomically
from reports.i18n import report_language
from reports.pipelines import SITES_NOT_WRITTEN

# The three capture phases, the withdrawal (accept, then withdraw: report.json `withdrawal`,
# not one of the contract's phases), then the site's legal pages, each in a browser of its own.
NEXT_PHASE = {"initial": "accept", "accept": "reject", "reject": WITHDRAW, WITHDRAW: "documents",
              "documents": None}
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
        self.sites_running: set[str] = set()  # run folders of the sites being audited

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
        crawler.signals.connect(spider.site_error, signal=scrapy.signals.spider_error)
        spider.browser = BrowserProfile.from_settings(settings)
        # The installation's key, read once: every value hash of the run is made with it.
        spider.hasher = ValueHasher.from_settings(settings)
        spider.reports_dir = settings.get("REPORTS_DIR")
        spider.language = report_language(settings)  # of the findings' messages (the judge)
        try:  # one clear error before any audit, not one per site
            check_reports_dir(spider.reports_dir, settings.getfloat("AUDITOR_MIN_FREE_MB"))
        except ReportsDirError as error:
            spider.logger.error("%s", error)
            raise
        spider.retries = SiteRetries.from_settings(settings)
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
        # A killed run's browsers left their profiles behind, with raw cookies in them.
        removed = remove_stale_profiles()
        if removed:
            self.logger.info("removed %d browser profiles left behind by killed runs", removed)
            self.crawler.stats.set_value("auditor/stale_profiles_removed", removed)
        if self.feed is not None:  # the first sites; more each time one is done
            for output in self.feed.next_requests():
                yield output
            return
        limit = max(1, self.crawler.settings.getint("CONCURRENT_REQUESTS"))
        for url in self.journal.remaining(self.targets) if self.journal else self.targets:
            # A site starts when a browser slot is free, so its clock (duration_s) and its
            # run folder start with its audit, not in a queue.
            while len(self.sites_running) >= limit:
                await asyncio.sleep(0.2)
            output = self.start_site(url)
            if output is not None:
                yield output

    def start_site(self, url: str):
        """The first request of a site's audit; its error report for a URL that cannot be
        audited; None when its run folder cannot be made (logged; the run goes on)."""
        started = datetime.now(timezone.utc)
        try:
            folder = new_run_folder(self.reports_dir, url, started)
        except OSError as exc:
            self.reports_not_written(url, exc)
            return None
        audit = SiteAudit(url=url, folder=folder, started_at=started,
                          autoconsent=AUTOCONSENT_VERSION if self.autoconsent else None,
                          **(self.site_label if url == self.url_arg else {}))
        self.sites_running.add(str(folder))
        audit.browser = {"executable": self.browser.executable,
                         "user_agent": self.browser.user_agent}
        problem = check_url(url)
        if problem:
            audit.fail(problem)
            return self.finish(audit)
        return self.phase_request(audit, "initial")

    # -- phases ---------------------------------------------------------------------------
    def phase_request(self, audit: SiteAudit, phase: str) -> scrapy.Request:
        recorder = PhaseRecorder(self.hasher)
        consent = (ConsentDriver(self.autoconsent, self.knowledge, banner_wait=self.banner_wait)
                   if phase in PHASES or phase == WITHDRAW else None)
        profile_dir = self.browser.new_profile_dir(phase)
        # Playwright writes the raw HAR beside the profile; close_phase keeps it scrubbed.
        har = profile_dir / f"{phase}.har" if consent else None
        return scrapy.Request(
            audit.final_url if phase == "documents" else audit.url,
            callback=self.run_phase,
            errback=self.phase_failed,
            dont_filter=True,
            meta={
                "playwright": True,
                "playwright_include_page": True,
                "playwright_context": f"{audit.folder}:{phase}:{len(audit.attempts)}",
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
        # Called again when scrapy-playwright replaced a page that closed during the
        # navigation: the phase's first browser died (run_phase retries the site).
        request.meta["browser_starts"] = request.meta.get("browser_starts", 0) + 1
        recorder = request.meta["recorder"]
        recorder.clock.add("launch", time.monotonic() - request.meta["phase_started"])
        recorder.page_ready = time.monotonic()
        await recorder.attach(page)
        if request.meta["consent"] is not None:
            await request.meta["consent"].attach(page.context)

    async def run_phase(self, response):
        meta = response.meta
        audit, phase, recorder = meta["audit"], meta["phase"], meta["recorder"]
        page = meta["playwright_page"]
        recorder.clock.add("goto", time.monotonic() - recorder.page_ready)
        retry = None  # the failed attempt, when the site is to be audited again
        try:
            if meta.get("browser_starts", 1) > 1:
                raise BrowserDied("the browser was started again during the navigation")
            if phase == "initial" and self.home_page_ok(audit, response):
                audit.final_url = page.url
                audit.internal_pages = pick_internal_pages(
                    response.text, page.url, self.internal_page_count)
            if audit.status == "ok" and phase == "documents":
                await self.read_documents(audit, page, recorder)
            elif audit.status == "ok" and phase == WITHDRAW:
                audit.withdrawal = await self.withdraw_phase(audit, page, recorder, meta["consent"])
            elif audit.status == "ok":
                audit.phases[phase] = await self.capture_phase(
                    audit, phase, page, recorder, meta["consent"])
            if page.is_closed():  # the browser died under calls that shrugged it off
                raise BrowserDied("the page closed while the phase was under way")
        except (PlaywrightError, PageCrashed, BrowserDied, asyncio.TimeoutError) as exc:
            retry = self.phase_error(audit, phase, exc, page, recorder)
        except OSError as exc:  # the disk is full, REPORTS_DIR went read-only...
            if exc.errno is None:  # not from the file system: a failure like the others
                retry = self.phase_error(audit, phase, exc, page, recorder)
            else:
                self.write_failed(audit, exc)
        finally:
            with recorder.clock.step("close"):
                await self.close_phase(page, audit, phase, meta["profile_dir"], recorder)
            timed = (audit.documents if phase == "documents" else audit.withdrawal if phase == WITHDRAW
                     else audit.phases.get(phase))
            if timed is not None:
                timed["timings_s"] = recorder.clock.as_dict()
            for outcome, count in recorder.settles.items():
                self.crawler.stats.inc_value(f"auditor/settle/{outcome}", count)
            self.crawler.stats.max_value(f"auditor/phase_seconds/{phase}/max",
                                         round(time.monotonic() - meta["phase_started"], 1))
        for output in self.after_phase(audit, phase, retry):
            yield output

    async def return_visit(self, page, home, recorder, consent, settle) -> bool | None:
        """The visitor comes back after refusing: a new tab of the same browser, the home page
        again. True when the banner is shown again (the refusal forgotten, or kept only for the
        tab); None when the page could not be loaded."""
        recorder.opening_own_page = True   # not one of the site's pop-ups
        try:
            again = await page.context.new_page()
        finally:
            recorder.opening_own_page = False
        try:
            await again.goto(home, wait_until="domcontentloaded", timeout=self.page_timeout * 1000)
            await settle(again)
            shown = await consent.shown_again(again)
            self.crawler.stats.inc_value(f"auditor/return_visit/{'banner_again' if shown else 'remembered'}")
            return shown
        except (PlaywrightError, TimeoutError):   # the tab's page would not load or answer
            self.crawler.stats.inc_value("auditor/return_visit/failed")
            return None
        finally:
            try:
                await again.close()
            except PlaywrightError:
                pass

    async def wall_scan(self, page, banner=None) -> dict | None:
        """The page's blocking facts (auditor.consent.wall_scan), counted."""
        scan = await measure_wall(page, banner)
        self.crawler.stats.inc_value(f"auditor/wall_scan/{'measured' if scan else 'failed'}")
        return scan

    async def look_behind_settings(self, audit, page, banner_scan, consent) -> str | None:
        """The first visit's visitor opens the banner's settings (« Personnaliser ») to look,
        choosing nothing: its switches go in banner_scan["second_layer"], the layer drawn in
        SECOND_LAYER_SCREENSHOT (its file name returned); the phase then goes on to its pages."""
        if not (banner_scan.get("first_layer") or {}).get("settings_found"):
            self.crawler.stats.inc_value("auditor/second_layer/no_settings")
            return None
        layer, image = await consent.open_settings(page, banner_scan["banner"])
        banner_scan["second_layer"] = layer
        self.crawler.stats.inc_value(f"auditor/second_layer/{'opened' if layer['opened'] else 'not_found'}")
        if image is None:
            return None
        write_bytes_atomically(audit.folder / SECOND_LAYER_SCREENSHOT, image)
        return SECOND_LAYER_SCREENSHOT

    async def goto_internal(self, page, url, recorder, notes) -> bool:
        """An internal page loaded; False, with why in `notes`, when it would not load. A
        crashed page ends the phase (PageCrashed)."""
        try:
            await page.goto(url, wait_until="domcontentloaded", timeout=self.page_timeout * 1000)
        except PlaywrightError as exc:
            if recorder.crashed:
                raise PageCrashed() from exc
            notes.append(f"{url}: {describe_failure(exc, timeout_s=self.page_timeout)}")
            return False
        return True

    async def capture_phase(self, audit, phase, page, recorder, consent) -> dict:
        """Home page (and the banner: read it, or make the phase's choice), then the internal
        pages, each left to settle."""
        if recorder.attach_error is not None:
            raise recorder.attach_error
        if "version" not in audit.browser:  # the Chromium that ran: the report's provenance
            audit.browser["version"] = chromium_version(page)
        settle = functools.partial(recorder.settle, quiet=self.settle_quiet, cap=self.settle_cap)
        clock = recorder.clock
        visited, notes, capped, forms = [], [], 0, set()
        banner_scan = consent_action = banner_shot = layer_shot = None
        wall_scan = {}  # is the content reachable: with the banner shown, after the choice
        screenshot = f"screenshot-{phase}.png"
        for url in [None, *audit.internal_pages]:
            where = "" if url is None else "internal_"
            if url is not None:
                with clock.step("internal_goto"):
                    if not await self.goto_internal(page, url, recorder, notes):
                        continue
            with clock.step(f"{where}settle"):
                if not await settle(page):
                    capped += 1
            if url is not None and consent_action and consent_action["performed"]:
                with clock.step("banner_again"):
                    if await consent.shown_again(page):
                        consent_action["banner_reappeared"].append(page.url)
            if url is not None and phase != "initial" and "next" not in wall_scan:
                with clock.step("wall_scan"):   # the next page after the choice
                    wall_scan["next"] = await self.wall_scan(page)
            if url is None:
                with clock.step("banner"):
                    if phase == "initial":
                        banner_scan = await consent.detect(page)
                    else:
                        consent_action = await consent.choose(
                            page, phase, recorder, settle, audit.site_domain)
                with clock.step("wall_scan"):
                    wall_scan["home"] = await self.wall_scan(
                        page, (banner_scan or {}).get("banner"))
                # Before any click for the initial phase; after the choice for the others.
                with clock.step("screenshot"):
                    image = await page.screenshot(timeout=15000)
                    write_bytes_atomically(audit.folder / screenshot, image)
                    if banner_scan is not None and banner_scan["banner"] is not None:
                        crop = await consent.crop(page, banner_scan["banner"])
                        self.crawler.stats.inc_value(
                            f"auditor/banner_crop/{'written' if crop else 'not_drawn'}")
                        if crop is not None:
                            banner_shot = BANNER_SCREENSHOT
                            write_bytes_atomically(audit.folder / banner_shot, crop)
            with clock.step(f"{where}snapshot"):
                await recorder.refresh(page)
                visited.append(page.url)
                forms.update(await recorder.form_actions(page))
            if url is None and banner_scan is not None and banner_scan["banner"] is not None:
                with clock.step("second_layer"):   # after the home page's records: a look, no choice
                    layer_shot = await self.look_behind_settings(audit, page, banner_scan, consent)
        if phase == "reject" and consent_action and consent_action["performed"] and visited:
            with clock.step("return_visit"):
                consent_action["banner_on_return"] = await self.return_visit(
                    page, visited[0], recorder, consent, settle)
        if banner_scan is not None:
            banner_scan["banner"] = public_banner(banner_scan["banner"])
        return build_phase(
            jar=recorder.jar_cookies(),
            cookie_settings=recorder.kept_cookie_settings(),
            raw_requests=recorder.kept_requests(),
            storage=recorder.storage_entries(),
            site_domain=audit.site_domain,
            now=time.time(),
            pages_visited=[recorder.redactor.redact_url(url) for url in visited],
            forms=sorted({recorder.redactor.redact_url(url) for url in forms}),
            page_errors=notes,
            settle_capped=capped,
            banner_scan=banner_scan,
            consent_action=consent_action,
            wall_scan=wall_scan,
            popups=len(recorder.popups),
            dialogs=recorder.dialogs,
            truncated=recorder.dropped,
            screenshot=screenshot,
            **({"banner_screenshot": banner_shot} if banner_shot else {}),
            **({"second_layer_screenshot": layer_shot} if layer_shot else {}),
            har=f"{phase}.har",
        )

    async def withdraw_phase(self, audit, page, recorder, consent) -> dict:
        """Accept all, reopen the choice as a visitor would, refuse everything there, then
        the next pages: what the trackers do after the withdrawal (auditor/consent/withdrawal.py)."""
        if recorder.attach_error is not None:
            raise recorder.attach_error
        settle = functools.partial(recorder.settle, quiet=self.settle_quiet, cap=self.settle_cap)
        clock, stats = recorder.clock, self.crawler.stats
        with clock.step("settle"):
            await settle(page)
        with clock.step("accept"):
            accept = await consent.choose(page, "accept", recorder, settle, audit.site_domain)
        accepted = {k: accept.get(k) for k in ("performed", "method", "control", "clicked_at", "verified")}
        if not accept["performed"]:
            stats.inc_value("auditor/withdraw/skipped/accept_not_performed")
            return withdrawal_record(skipped="accept_not_performed", accept=accepted)
        withdrawal = Withdrawal(consent, recorder, settle, audit.site_domain, self.page_timeout)
        with clock.step("reopen"):
            found = await withdrawal.reopen(page, page.url)
        layer = found.pop("layer")
        stats.inc_value(f"auditor/withdraw/reopened/{found['method'] or 'none'}")
        action = layer_shot = None
        if layer is not None:
            with clock.step("screenshot"):   # the reopened layer, before the refusal
                layer_shot = "screenshot-withdraw-layer.png"
                write_bytes_atomically(audit.folder / layer_shot, await page.screenshot(timeout=15000))
            with clock.step("refuse"):
                action = await withdrawal.refuse(page, layer)
            stats.inc_value("auditor/withdraw/refused/" + (
                "not_clicked" if not action["performed"] else "verified" if action["verified"] else "unverified"))
        screenshot = "screenshot-withdraw.png"
        with clock.step("screenshot"):
            write_bytes_atomically(audit.folder / screenshot, await page.screenshot(timeout=15000))
        with clock.step("snapshot"):
            await recorder.refresh(page)
        visited, notes = [page.url], []
        if action and action["performed"]:   # the visitor goes on to the next pages
            for url in audit.internal_pages or [visited[0]]:
                with clock.step("internal_goto"):
                    if not await self.goto_internal(page, url, recorder, notes):
                        continue
                with clock.step("internal_settle"):
                    await settle(page)
                with clock.step("internal_snapshot"):
                    await recorder.refresh(page)
                    visited.append(page.url)
        with clock.step("jar"):
            jar_after = await recorder.jar_now(page)
        return withdrawal_record(
            reopened=found["reopened"], control=found["control"], method=found["method"],
            withdrawn=bool(action and action["performed"]), verified=bool(action and action["verified"]),
            tried=found["tried"], apis=found.get("apis"), accept=accepted, consent_action=action,
            layer=public_banner(layer), jar_after=jar_after,
            **build_phase(
                jar=recorder.jar_cookies(), cookie_settings=recorder.kept_cookie_settings(),
                raw_requests=recorder.kept_requests(), storage=recorder.storage_entries(),
                site_domain=audit.site_domain, now=time.time(),
                pages_visited=[recorder.redactor.redact_url(url) for url in visited],
                page_errors=notes, screenshot=screenshot,
                **({"layer_screenshot": layer_shot} if layer_shot else {}),
                har=f"{WITHDRAW}.har"))

    async def read_documents(self, audit, page, recorder) -> None:
        """The legal notice, privacy and cookie policies: found, loaded, read."""
        settle = functools.partial(recorder.settle, quiet=min(self.settle_quiet, 0.5), cap=5,
                                   hold=DOCUMENT_WORK_HOLD)
        with recorder.clock.step("settle"):
            await settle(page)
        finder = DocumentFinder(page_timeout=self.page_timeout, settle=settle)
        with recorder.clock.step("documents"):
            found = await finder.collect(page, audit.site_domain)
        audit.pages = found["pages"]
        audit.documents = {"found_by": found["found_by"], "notes": found["notes"],
                           "pages_loaded": recorder.navigations()}
        with recorder.clock.step("read"):
            audit.site_word = read_site_documents(
                found["documents"], self.knowledge.vendor_policy_names(audit.tracker_names(self.knowledge)))

    def home_page_ok(self, audit, response) -> bool:
        content_type = response.headers.get("Content-Type", b"").decode("latin-1")
        media_type = content_type.split(";")[0].strip() or None
        if response.status >= 400:
            audit.fail(Failure("http_status", {"status": response.status}))
        elif "html" not in content_type.lower():
            audit.fail(Failure("not_html", {"content_type": media_type}))
        return audit.status == "ok"

    def phase_error(self, audit, phase, exc, page=None, recorder=None) -> dict | None:
        """Record why a phase failed. When its browser died (auditor.browser.recovery), returns the
        failed attempt instead: the site is to be audited again from the start."""
        retry = self.retries.attempt(
            audit.attempts, phase, exc, page_closed=page is not None and page.is_closed(),
            crashed=recorder is not None and recorder.crashed)
        if retry is not None:
            self.logger.warning("%s: %s phase failed: %s; the site is audited again from the "
                                "start in fresh browsers", audit.url, phase, retry["error"])
            return retry
        failure = failure_of(exc, timeout_s=self.page_timeout)
        self.logger.warning("%s: %s phase failed: %s", audit.url, phase, failure)
        if phase == "initial":
            audit.fail(failure)
        elif phase == "documents":
            audit.documents = failure.as_report()
        elif phase == WITHDRAW:  # said in `withdrawal`; the audit goes on
            self.crawler.stats.inc_value("auditor/withdraw/failed")
            audit.withdrawal = withdrawal_record(**failure.as_report())
        else:
            audit.phases[phase] = empty_phase(**failure.as_report())
        return None

    def reports_not_written(self, url: str, exc: OSError) -> None:
        count_write_error(self.crawler.stats, exc)
        self.crawler.stats.inc_value(SITES_NOT_WRITTEN)
        reason = write_error_reason(exc)
        self.logger.error("%s: its reports could not be written in %s: %s",
                          url, self.reports_dir, reason)
        if self.feed is not None:  # back to the queue, for a worker with room on its disk
            self.feed.unfinished(url, f"its run folder could not be made: {reason}")

    def write_failed(self, audit, exc: OSError) -> None:
        """A file of the run could not be written: the audit stops, saying why."""
        count_write_error(self.crawler.stats, exc)
        failure = write_failure(audit.folder, exc)
        self.logger.error("%s: %s", audit.url, failure)
        audit.fail(failure)

    async def phase_failed(self, failure):
        meta = failure.request.meta
        audit, phase = meta["audit"], meta["phase"]
        page = meta.get("playwright_page")
        retry = self.phase_error(audit, phase, failure.value, page, meta.get("recorder"))
        await self.close_phase(page, audit, phase, meta["profile_dir"], meta.get("recorder"))
        for output in self.after_phase(audit, phase, retry):
            yield output

    async def close_phase(self, page, audit, phase, profile_dir, recorder=None) -> None:
        """Close the phase's browser (which writes its HAR), then put the HAR, scrubbed and
        whole, in the run folder: a raw one (cookie values) never reaches it."""
        if page is not None:
            try:
                await close_browser(page, CONTEXT_CLOSE_TIMEOUT)
            except (PlaywrightError, asyncio.TimeoutError) as exc:
                self.logger.warning("%s: closing the %s browser failed: %s", audit.url, phase, exc)
        raw_har = Path(profile_dir) / f"{phase}.har"
        try:
            if scrub_har(raw_har, self.hasher, recorder.redactor if recorder is not None else None):
                write_bytes_atomically(audit.folder / f"{phase}.har", raw_har.read_bytes())
        except OSError as exc:
            count_write_error(self.crawler.stats, exc)
            self.logger.error("%s: the %s HAR could not be written: %s", audit.url, phase,
                              write_error_reason(exc))
        except ValueError as exc:  # cut short: its browser died while writing it
            self.logger.warning("%s: the %s HAR is unreadable, left out: %s", audit.url, phase, exc)
        shutil.rmtree(profile_dir, ignore_errors=True)

    def after_phase(self, audit, phase, retry: dict | None = None):
        if retry is not None:  # the site's browser died: again, from the start
            yield self.restart(audit, retry)
            return
        following = NEXT_PHASE[phase] if audit.status == "ok" else None
        if following == WITHDRAW and (reason := skip_reason(audit.phases)):
            # nothing to withdraw (no banner, no acceptance): no browser is started
            self.crawler.stats.inc_value(f"auditor/withdraw/skipped/{reason}")
            audit.withdrawal = withdrawal_record(skipped=reason)
            following = NEXT_PHASE[WITHDRAW]
        if following:
            yield self.phase_request(audit, following)
        else:
            yield self.finish(audit)

    def restart(self, audit: SiteAudit, attempt: dict) -> scrapy.Request:
        """The first phase of a new attempt at the site, in its run folder emptied."""
        self.crawler.stats.inc_value("auditor/retries")
        self.crawler.stats.inc_value(f"auditor/retries/{attempt['cause']}")
        clear_run_folder(audit.folder)
        return self.phase_request(audit.restarted(attempt), "initial")

    def site_error(self, failure, response, spider) -> None:
        """A callback's bug ended a site's audit: its slot is free (spider_error signal)."""
        audit = getattr(response, "meta", {}).get("audit")
        if audit is not None:
            self.sites_running.discard(str(audit.folder))

    def finish(self, audit: SiteAudit) -> SiteAuditItem:
        self.sites_running.discard(str(audit.folder))
        if audit.status == "error":
            self.logger.warning("%s: audit failed: %s", audit.url, audit.error)
        elif audit.attempts:
            self.crawler.stats.inc_value("auditor/retries/recovered")
        report = audit.to_report(self.knowledge, self.language)
        for key, count in audit_stats(report).items():
            self.crawler.stats.inc_value(key, count)
        return SiteAuditItem(report=report, folder=str(audit.folder))
