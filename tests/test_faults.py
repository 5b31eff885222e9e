"""Fault recovery (issue 9, item 2): a browser that dies mid-site is restarted and the site
audited again once, from the start; a renderer the site crashes by itself ends in an error
report after one retry; REPORTS_DIR that cannot be created, written or is nearly full stops
the crawl at start with a clear error; a disk that fills up during a run costs the sites
concerned their reports (logged, counted, exit status 1), not the run.

A run killed half-way keeping its finished sites' reports whole is tested in test_resume.py
(the same SIGKILL serves both)."""
from __future__ import annotations

import asyncio
import errno
import json
import logging
import os
import re
import signal
import subprocess
import tempfile
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import pytest
from playwright._impl._errors import TargetClosedError
from playwright.async_api import Error as PlaywrightError
from scrapy.exceptions import DropItem

import reports.pipelines as pipelines
from auditor.audit import SiteAudit, SiteAuditItem
from auditor.browser.recovery import BROWSER, RENDERER, BrowserDied, SiteRetries, clear_run_folder, retry_cause
from auditor.capture.recorder import PageCrashed
from auditor.runs.folders import ReportsDirError, check_reports_dir, count_write_error
from reports.atomic import write_atomically, write_bytes_atomically
from tests.e2e import BAD_INPUT, BOULANGERIE, CABINET, ROOT, SCRAPY, SMALL_HEAP, start_crawl
from tests.faults import browser_of_connection, fill, incomplete, tmpfs
from tests.processes import kill_tree
from tests.test_reports import synthetic_report
from tests.world import faults as relance

CRASH = "https://crash.exemple-erreurs.fr/"


class Stats:
    def __init__(self):
        self.values = Counter()

    def inc_value(self, key, count=1):
        self.values[key] += count

    def get_value(self, key, default=None):
        return self.values.get(key, default)


# --- which failures are retried ------------------------------------------------------------------
@pytest.mark.parametrize("exc, state, cause", [
    (TargetClosedError(), {}, BROWSER),
    (PlaywrightError("Page.evaluate: Target page, context or browser has been closed\n"
                     "Browser logs: ..."), {}, BROWSER),
    (PlaywrightError("Browser has been closed"), {}, BROWSER),
    (BrowserDied("started again"), {}, BROWSER),
    (PlaywrightError("Locator.click: something odd"), {"page_closed": True}, BROWSER),
    (PageCrashed(), {}, RENDERER),
    (PlaywrightError("Page.goto: Page crashed"), {}, RENDERER),
    (PlaywrightError("Timeout 30000ms exceeded."), {"crashed": True}, RENDERER),
    # The site's own failures: never retried.
    (PlaywrightError("Page.goto: net::ERR_NAME_NOT_RESOLVED at https://x.invalid/"), {}, None),
    (PlaywrightError("Page.goto: net::ERR_CONNECTION_CLOSED at https://x.fr/"), {}, None),
    (PlaywrightError("Page.goto: net::ERR_CERT_AUTHORITY_INVALID at https://x.fr/"), {}, None),
    (PlaywrightError("Page.goto: net::ERR_TOO_MANY_REDIRECTS at https://x.fr/"), {}, None),
    (PlaywrightError("Page.goto: Timeout 15000ms exceeded."), {}, None),
    (asyncio.TimeoutError(), {}, None),
    (PlaywrightError("Element is not attached to the DOM\nBrowser logs: crashpad started"),
     {}, None),  # only the first line is Playwright's reason
])
def test_only_a_dead_browser_or_a_crashed_renderer_is_retried(exc, state, cause):
    assert retry_cause(exc, **state) == cause


def test_a_site_is_audited_again_at_most_as_often_as_the_limit():
    retries = SiteRetries(limit=1)
    first = retries.attempt([], "accept", TargetClosedError())
    assert first == {"phase": "accept", "cause": BROWSER, "error":
                     "The browser closed unexpectedly "
                     "(Target page, context or browser has been closed)",
                     "error_code": "browser_closed",
                     "error_params": {"detail": "Target page, context or browser has been closed"}}
    assert retries.attempt([first], "initial", TargetClosedError()) is None  # used up
    assert retries.attempt([], "initial", PlaywrightError("net::ERR_NAME_NOT_RESOLVED")) is None
    assert retries.attempt([], "initial", PageCrashed())["error"] == \
        "The page crashed the browser's renderer"
    assert SiteRetries(limit=0).attempt([], "initial", TargetClosedError()) is None
    assert SiteRetries(limit=2).attempt([first], "reject", TargetClosedError()) is not None


def test_site_retries_setting(tmp_path):
    from scrapy.settings import Settings

    assert SiteRetries.from_settings(Settings({"AUDITOR_SITE_RETRIES": "2"})).limit == 2
    with pytest.raises(ValueError, match="AUDITOR_SITE_RETRIES must be 0 or more"):
        SiteRetries.from_settings(Settings({"AUDITOR_SITE_RETRIES": "-1"}))


def test_an_audit_started_again_keeps_its_start_its_folder_and_why(tmp_path):
    started = datetime(2026, 11, 22, 8, 0, tzinfo=timezone.utc)
    audit = SiteAudit(url="https://www.exemple.fr/", folder=tmp_path, started_at=started)
    audit.final_url, audit.internal_pages = "https://www.exemple.fr/accueil", ["https://x"]
    audit.phases["initial"] = {"cookies": [1]}
    audit.browser = {"executable": "chromium"}
    first = {"phase": "accept", "cause": BROWSER, "error": "gone"}
    again = audit.restarted(first)
    assert (again.url, again.folder, again.started_at, again.browser) == \
        (audit.url, tmp_path, started, {"executable": "chromium"})
    assert (again.final_url, again.internal_pages, again.phases) == (None, [], {})
    assert again._clock == audit._clock  # duration_s counts every attempt
    second = {"phase": "initial", "cause": RENDERER, "error": "crash"}
    assert again.restarted(second).attempts == [first, second]
    assert audit.attempts == []


def test_a_run_folder_is_emptied_for_the_next_attempt(tmp_path):
    (tmp_path / "initial.har").write_text("{}")
    (tmp_path / "screenshot-initial.png").write_bytes(b"png")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "f").write_text("x")
    clear_run_folder(tmp_path)
    assert tmp_path.is_dir() and list(tmp_path.iterdir()) == []


# --- atomic writes ------------------------------------------------------------------------------
def test_an_atomic_write_that_fails_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "report.json"
    write_atomically(path, '{"old": true}')
    assert path.read_text() == '{"old": true}'

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("reports.atomic.os.fsync", full)
    with pytest.raises(OSError) as raised:
        write_atomically(path, '{"new": true}')
    assert raised.value.errno == errno.ENOSPC
    assert path.read_text() == '{"old": true}'
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_atomic_writes_give_the_modes_of_a_plain_write_and_replace_whole(tmp_path):
    plain = tmp_path / "plain"
    plain.write_bytes(b"x")
    path = tmp_path / "screenshot.png"
    write_bytes_atomically(path, b"\x89PNG one")
    write_bytes_atomically(path, b"\x89PNG two")
    assert path.read_bytes() == b"\x89PNG two"
    assert path.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777
    assert [p.name for p in sorted(tmp_path.iterdir())] == ["plain", "screenshot.png"]


def test_a_real_full_disk_is_enospc_and_leaves_nothing(tmp_path):
    mount = tmp_path / "small"
    with tmpfs(mount, "64k") as why:
        if why is not None:
            pytest.skip(f"cannot mount a tmpfs here: {why}")
        with pytest.raises(OSError) as raised:
            write_bytes_atomically(mount / "report.html", b"x" * 200_000)
        assert raised.value.errno == errno.ENOSPC
        assert list(mount.iterdir()) == []


# --- REPORTS_DIR at start ---------------------------------------------------------------------
def test_reports_dir_under_a_regular_file_is_refused(tmp_path):
    (tmp_path / "plain").write_text("x")
    with pytest.raises(ReportsDirError, match=r"plain/reports cannot be created: Not a directory"):
        check_reports_dir(tmp_path / "plain" / "reports")
    with pytest.raises(ReportsDirError, match=r"plain is not a directory"):
        check_reports_dir(tmp_path / "plain")


def test_reports_dir_is_created_and_left_clean(tmp_path):
    root = check_reports_dir(tmp_path / "a" / "b", min_free_mb=1)
    assert root == (tmp_path / "a" / "b").resolve() and list(root.iterdir()) == []


def test_reports_dir_with_too_little_free_space_is_refused(tmp_path, monkeypatch):
    import shutil

    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr("auditor.runs.folders.shutil.disk_usage",
                        lambda _p: usage._replace(free=150 * 1024 * 1024))
    with pytest.raises(ReportsDirError, match=r"has 150 MB free, less than AUDITOR_MIN_FREE_MB=200"):
        check_reports_dir(tmp_path, min_free_mb=200)
    check_reports_dir(tmp_path, min_free_mb=100)
    check_reports_dir(tmp_path, min_free_mb=0)  # no check


def read_only_dir(tmp_path: Path):
    """A directory no write reaches: a read-only tmpfs (as root, where modes stop nothing),
    or mode 0555 for anyone else."""
    path = tmp_path / "read-only"
    if os.geteuid() != 0:
        path.mkdir()
        path.chmod(0o555)
        return _no_unmount(path)
    return tmpfs(path, "1m", read_only=True)


class _no_unmount:
    def __init__(self, path):
        self.path = path

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        self.path.chmod(0o755)


def test_a_read_only_reports_dir_is_refused(tmp_path):
    with read_only_dir(tmp_path) as why:
        if why is not None:
            pytest.skip(f"no read-only directory can be made here (root, and mount fails: {why})")
        with pytest.raises(ReportsDirError, match=r"read-only cannot be written to: "
                                                  r"(Read-only file system|Permission denied)"):
            check_reports_dir(tmp_path / "read-only")
        with pytest.raises(ReportsDirError, match=r"cannot be created: "
                                                  r"(Read-only file system|Permission denied)"):
            check_reports_dir(tmp_path / "read-only" / "reports")


def crawl_at_start(reports_dir: Path, *settings: str) -> subprocess.CompletedProcess:
    command = [SCRAPY, "crawl", "site", "-a", f"url={BOULANGERIE}",
               "-s", f"REPORTS_DIR={reports_dir}", "-s", "AUDITOR_HISTORY_URL=off"]
    for setting in settings:
        command += ["-s", setting]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=180)


def test_the_crawl_stops_at_start_when_reports_dir_cannot_take_reports(tmp_path):
    """Exit status 1 and the reason in words, before any browser is started: REPORTS_DIR
    under a regular file, read-only, then nearly full."""
    (tmp_path / "plain").write_text("x")
    result = crawl_at_start(tmp_path / "plain" / "reports")
    assert result.returncode == 1
    assert "plain/reports cannot be created: Not a directory" in result.stderr
    assert "Starting download handler" not in result.stderr

    with read_only_dir(tmp_path) as why:
        if why is not None:
            pytest.fail(f"a read-only directory could not be made: {why}")
        result = crawl_at_start(tmp_path / "read-only")
        assert result.returncode == 1
        assert re.search(r"read-only cannot be written to: (Read-only file system|Permission "
                         r"denied)", result.stderr), result.stderr[-2000:]

    small = tmp_path / "small"
    with tmpfs(small, "8m") as why:
        if why is not None:
            pytest.skip(f"cannot mount a tmpfs here: {why} (the free-space check is tested "
                        "above with a stubbed disk_usage)")
        result = crawl_at_start(small)
        assert result.returncode == 1
        assert re.search(r"small has \d MB free, less than AUDITOR_MIN_FREE_MB=200: free some "
                         r"space, or lower AUDITOR_MIN_FREE_MB", result.stderr), result.stderr[-2000:]
        assert list(small.iterdir()) == []


# --- disk full during a run -----------------------------------------------------------------------
def item_in(tmp_path: Path, host: str) -> SiteAuditItem:
    folder = tmp_path / host / "20261122T080000Z"
    folder.mkdir(parents=True)
    return SiteAuditItem(report=synthetic_report(url=f"https://{host}/"), folder=str(folder))


def test_a_full_disk_costs_the_site_concerned_its_reports_not_the_next_site(
        tmp_path, monkeypatch, caplog):
    """OSError(ENOSPC) injected into the writer for one site: logged in words (no traceback),
    counted, the site dropped (not finished: a resumed run or the queue audits it again);
    the next site is written whole."""
    full, fine = item_in(tmp_path, "plein.exemple.fr"), item_in(tmp_path, "ok.exemple.fr")
    real = pipelines.write_atomically

    def write(path, text):
        if "plein.exemple.fr" in str(path):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, text)

    monkeypatch.setattr(pipelines, "write_atomically", write)
    stats = Stats()
    caplog.set_level(logging.ERROR, logger="reports.pipelines")
    with pytest.raises(DropItem, match="report.json not written: the disk is full"):
        pipelines.JsonReportPipeline(stats).process_item(full)
    assert "https://plein.exemple.fr/: its reports could not be written in " in caplog.text
    assert "the disk is full (No space left on device)" in caplog.text
    assert not caplog.records[-1].exc_info
    assert stats.values == {"auditor/write_errors": 1, "auditor/write_errors/enospc": 1,
                            "auditor/sites_not_written": 1}

    assert pipelines.JsonReportPipeline(stats).process_item(fine) is fine
    assert json.loads((Path(fine.folder) / "report.json").read_text())["url"] == \
        "https://ok.exemple.fr/"
    assert not (Path(full.folder) / "report.json").exists()


def test_a_report_file_that_cannot_be_written_is_logged_and_counted(tmp_path, monkeypatch, caplog):
    item = item_in(tmp_path, "plein.exemple.fr")

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pipelines, "write_csv_files", full)
    stats = Stats()
    caplog.set_level(logging.ERROR, logger="reports.pipelines")
    assert pipelines.CsvReportPipeline(stats=stats).process_item(item) is item
    assert "https://plein.exemple.fr/: the CSV files could not be written in" in caplog.text
    assert not caplog.records[-1].exc_info
    assert stats.values["auditor/write_errors/enospc"] == 1

    count_write_error(stats, OSError(errno.EROFS, "Read-only file system"))
    assert stats.values["auditor/write_errors/erofs"] == 1
    assert stats.values["auditor/write_errors"] == 2


def stat_value(log: str, key: str):
    found = re.search(rf"'{re.escape(key)}': (\d+)", log)
    return int(found.group(1)) if found else None


def test_a_disk_that_is_full_during_a_run_costs_the_sites_their_reports_not_the_run(
        world, tmp_path):
    """REPORTS_DIR on a tmpfs filled to the last byte once the crawl has passed its start
    check, before the sites' first files: each site says so in the log and is counted, the
    run goes through every site and exits 1 (reports are missing), no file is left
    half-written."""
    reports = tmp_path / "full"
    with tmpfs(reports, "4m") as why:
        if why is not None:
            pytest.skip(f"cannot mount a tmpfs here: {why} (ENOSPC is injected into the "
                        "writers by the tests above)")
        run = start_crawl(tmp_path, [BOULANGERIE, CABINET], world.browser_args(),
                          settings={"REPORTS_DIR": reports, "AUDITOR_HISTORY_URL": "off",
                                    "AUDITOR_MIN_FREE_MB": 1, "AUDITOR_INTERNAL_PAGES": 0})
        try:
            deadline = time.monotonic() + 120
            # Opened: the start check passed; the first screenshot is seconds away.
            while "Spider opened" not in run.log:
                assert run.process.poll() is None, run.log[-3000:]
                assert time.monotonic() < deadline
                time.sleep(0.05)
            fill(reports / ".ballast")
            run.wait(timeout=300)
        finally:
            if run.process.poll() is None:
                kill_tree(run.process)
        log = run.log
        assert run.returncode == 1, log[-3000:]
        for url in (BOULANGERIE, CABINET):
            # Its first screenshot failed: the audit stopped there, saying why...
            assert re.search(rf"{re.escape(url)}: The audit's files could not be written "
                             r"in \S+: the disk is full \(No space left on device\)", log), url
            # ... and its report.json could not be written either.
            assert re.search(rf"{re.escape(url)}: its reports could not be written in \S+: "
                             r"the disk is full \(No space left on device\)", log), url
        assert "The reports of 2 site(s) could not be written: exit status 1" in log
        assert stat_value(log, "auditor/sites_not_written") == 2
        assert stat_value(log, "auditor/write_errors/enospc") >= 2
        assert "'finish_reason': 'finished'" in log
        files = [p for p in reports.rglob("*") if p.is_file() and p.name != ".ballast"]
        assert files == [], files  # nothing half-written, no temporary left behind


# --- a browser killed in the middle of a site -------------------------------------------------
def test_a_browser_killed_mid_site_is_restarted_and_the_site_audited_again_from_the_start(
        world, tmp_path):
    """The Chromium of www.relance-exemple.fr's accept phase is SIGKILLed while its page
    waits for a held image. The site is audited again from the start, in the same run folder
    emptied, and ends ok with the failed attempt in report.json; the sites audited beside it
    are not touched; the site that crashes its own renderer is retried once, then reported."""
    start = len(world.received)
    run = start_crawl(tmp_path, [relance.URL, BOULANGERIE, CRASH],
                      world.browser_args() + [SMALL_HEAP],
                      settings={"AUDITOR_HISTORY_URL": "off", "AUDITOR_INTERNAL_PAGES": 0})
    killed = None
    try:
        deadline = time.monotonic() + 300
        while killed is None:
            assert run.process.poll() is None, run.log[-3000:]
            assert time.monotonic() < deadline, "the accept phase never asked for its image"
            held = [r for r in world.received[start:]
                    if r.host == relance.HOST and r.path == relance.IMAGE]
            if len(held) >= 2:  # the initial phase's, then the accept phase's
                time.sleep(0.3)  # inside the 3 s hold: the phase is waiting for its page
                found = browser_of_connection(run.process.pid, held[1].client[1], world.port)
                assert found, "no browser holds the accept phase's connection"
                pid, profile = found
                assert Path(profile).name.startswith("auditor-profile-")
                assert Path(profile).parent == Path(tempfile.gettempdir())
                os.kill(pid, signal.SIGKILL)
                killed = time.time()
            time.sleep(0.05)
        run.wait(timeout=600)
    finally:
        if run.process.poll() is None:
            kill_tree(run.process)
    log = run.log
    assert run.returncode == 0, log[-3000:]
    reports = run.reports()

    folder, report = reports[relance.URL]
    assert report["status"] == "ok", report["error"]
    [attempt] = report["attempts"]
    assert (attempt["phase"], attempt["cause"]) == ("accept", "browser")
    assert attempt["error"].startswith("The browser closed unexpectedly")
    for name in ("initial", "accept", "reject"):
        phase = report["phases"][name]
        assert not phase.get("error") and not phase.get("skipped"), (name, phase)
        assert "session_reliure" in {c["name"] for c in phase["cookies"]}, name
    # From the start: the initial phase was captured again, after the kill.
    har = json.loads((folder / "initial.har").read_text(encoding="utf-8"))
    first = datetime.fromisoformat(har["log"]["entries"][0]["startedDateTime"].replace("Z", "+00:00"))
    assert first.timestamp() > killed
    assert len(list(folder.parent.iterdir())) == 1  # the same run folder, emptied
    for path in folder.iterdir():
        assert incomplete(path) is None, path
    assert {p.name for p in folder.iterdir()} >= {
        "report.json", "report.html", "initial.har", "accept.har", "reject.har",
        "screenshot-initial.png", "screenshot-accept.png", "screenshot-reject.png"}

    _, beside = reports[BOULANGERIE]
    assert (beside["status"], beside["attempts"]) == ("ok", [])
    assert not any(beside["phases"][name].get("error") for name in ("initial", "accept", "reject"))

    _, crash = reports[CRASH]
    assert crash["status"] == "error" and BAD_INPUT[CRASH] in crash["error"]
    assert [(a["phase"], a["cause"]) for a in crash["attempts"]] == [("initial", "renderer")]

    assert stat_value(log, "auditor/retries") == 2
    assert stat_value(log, "auditor/retries/browser") == 1
    assert stat_value(log, "auditor/retries/renderer") == 1
    assert stat_value(log, "auditor/retries/recovered") == 1
    assert f"{relance.URL}: accept phase failed: The browser closed unexpectedly" in log
    # the memory check counts the browsers too (auditor/browser/memory.py, settings)
    assert "auditor.browser.memory.ProcessTreeMemoryUsage" in log
    startup, peak = stat_value(log, "memusage/startup"), stat_value(log, "memusage/max")
    assert peak - startup > 100 * 1024 * 1024, (startup, peak)  # the browsers' share


def test_memory_is_measured_over_the_whole_process_tree():
    """A child that holds 200 MB counts: Scrapy's own check would not see it."""
    import sys

    from auditor.browser.memory import tree_memory

    before = tree_memory()
    child = subprocess.Popen([sys.executable, "-c",
                              "import sys, time; b = bytearray(200 * 2**20); b[::4096] = "
                              "b'x' * len(b[::4096]); print('ready', flush=True); time.sleep(60)"],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        assert tree_memory() - before > 180 * 2**20
        assert tree_memory(child.pid) > 180 * 2**20
    finally:
        child.kill()
        child.wait()
    assert tree_memory(child.pid) == 0  # gone


# --- the spider's side, without a browser ----------------------------------------------------------
@pytest.fixture
def spider(tmp_path):
    from scrapy.utils.test import get_crawler

    from spiders.site import SiteSpider

    crawler = get_crawler(SiteSpider, settings_dict={
        "REPORTS_DIR": str(tmp_path / "reports"), "AUDITOR_TRACKERDB": False,
        "AUDITOR_AUTOCONSENT": False, "AUDITOR_SITE_RETRIES": 1})
    made = SiteSpider.from_crawler(crawler, url="https://www.exemple.fr/")
    crawler.spider = made
    # Profiles in the test's folder: no browser starts here, nothing left in /tmp.
    made.browser.new_profile_dir = lambda label="": Path(tempfile.mkdtemp(dir=tmp_path, prefix=f"profile-{label}-"))
    return made


class FakePage:
    """What close_phase and the retry need of a phase's page."""

    def __init__(self, closed=False):
        self.closed, self.context = closed, self

    def is_closed(self):
        return self.closed

    async def close(self):  # page.context.close()
        self.closed = True


def phase_meta(spider, audit, phase, page, **extra):
    request = spider.phase_request(audit, phase)
    request.meta.update(playwright_page=page, **extra)
    return request


async def outputs(generator):
    return [output async for output in generator]


def test_a_phase_whose_browser_was_started_again_sends_the_site_back_to_its_first_phase(spider):
    """scrapy-playwright replaces a page whose browser died during the navigation and runs the
    page init callback again: run_phase sees it and starts the site over, its folder emptied."""
    import scrapy

    audit = spider.start_site("https://www.exemple.fr/").meta["audit"]
    (audit.folder / "screenshot-initial.png").write_bytes(b"from the lost attempt")
    page = FakePage()
    request = phase_meta(spider, audit, "accept", page, browser_starts=2)
    response = scrapy.http.HtmlResponse(audit.url, body=b"<html></html>", request=request)
    [again] = asyncio.run(outputs(spider.run_phase(response)))
    assert isinstance(again, scrapy.Request) and again.meta["phase"] == "initial"
    assert again.meta["audit"].attempts == [{
        "phase": "accept", "cause": "browser",
        "error": "The browser closed unexpectedly (the browser was started again during the "
                 "navigation)",
        "error_code": "browser_closed",
        "error_params": {"detail": "the browser was started again during the navigation"}}]
    assert again.meta["audit"].folder == audit.folder and list(audit.folder.iterdir()) == []
    assert page.closed and not request.meta["profile_dir"].exists()
    assert again.meta["playwright_context"].endswith(":initial:1")  # not the dead one's name
    stats = spider.crawler.stats
    assert (stats.get_value("auditor/retries"), stats.get_value("auditor/retries/browser")) == (1, 1)


def test_nothing_to_withdraw_starts_no_withdrawal_browser(spider):
    """After reject, the withdrawal runs only when a banner was found and "accept all" clicked;
    otherwise `withdrawal` says why and the legal pages come next."""
    audit = spider.start_site("https://www.exemple.fr/").meta["audit"]
    audit.final_url = audit.url
    audit.phases = {"initial": {"banner_scan": {"detected": False}}, "accept": {"consent_action": {"performed": False}}}
    [following] = list(spider.after_phase(audit, "reject"))
    assert following.meta["phase"] == "documents"
    assert audit.withdrawal["skipped"] == "no_banner" and audit.withdrawal["reopened"] is False
    assert spider.crawler.stats.get_value("auditor/withdraw/skipped/no_banner") == 1
    audit.phases = {"initial": {"banner_scan": {"detected": True}}, "accept": {"consent_action": {"performed": True}}}
    [following] = list(spider.after_phase(audit, "reject"))
    assert following.meta["phase"] == "withdraw" and following.meta["consent"] is not None
    assert following.meta["profile_dir"].name.startswith("profile-withdraw-")


def test_a_withdrawal_that_fails_is_recorded_and_the_audit_goes_on(spider):
    from twisted.python.failure import Failure

    audit = spider.start_site("https://www.exemple.fr/").meta["audit"]
    audit.final_url = audit.url
    failure = Failure(PlaywrightError("Timeout 30000ms exceeded."))
    failure.request = phase_meta(spider, audit, "withdraw", FakePage())
    [following] = asyncio.run(outputs(spider.phase_failed(failure)))
    assert following.meta["phase"] == "documents" and audit.status == "ok"
    assert audit.withdrawal["error"] and audit.withdrawal["error_code"] and audit.withdrawal["reopened"] is False
    assert spider.crawler.stats.get_value("auditor/withdraw/failed") == 1
    # its browser dying sends the site back to its first phase, as for the other phases
    dead = Failure(TargetClosedError())
    dead.request = phase_meta(spider, audit, "withdraw", FakePage(closed=True))
    [again] = asyncio.run(outputs(spider.phase_failed(dead)))
    assert again.meta["phase"] == "initial" and again.meta["audit"].attempts[0]["phase"] == "withdraw"


def test_a_second_dead_browser_gives_the_error_report(spider):
    """The retry used up: the site's report says why, with the earlier attempt."""
    from twisted.python.failure import Failure

    from auditor.audit import SiteAuditItem

    audit = spider.start_site("https://www.exemple.fr/").meta["audit"]
    audit = audit.restarted({"phase": "reject", "cause": "browser", "error": "gone"})
    failure = Failure(TargetClosedError())
    failure.request = phase_meta(spider, audit, "initial", FakePage(closed=True))
    [item] = asyncio.run(outputs(spider.phase_failed(failure)))
    assert isinstance(item, SiteAuditItem)
    assert item.report["status"] == "error"
    assert item.report["error"] == "The browser closed unexpectedly while loading the page"
    assert item.report["attempts"] == [{"phase": "reject", "cause": "browser", "error": "gone"}]
    assert spider.crawler.stats.get_value("auditor/retries") is None


def test_a_site_whose_run_folder_cannot_be_made_is_logged_and_skipped(spider, monkeypatch, caplog):
    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("spiders.site.new_run_folder", full)
    caplog.set_level(logging.ERROR)
    assert spider.start_site("https://www.exemple.fr/") is None
    assert "https://www.exemple.fr/: its reports could not be written in " in caplog.text
    assert "the disk is full (No space left on device)" in caplog.text
    stats = spider.crawler.stats
    assert stats.get_value("auditor/sites_not_written") == 1
    assert stats.get_value("auditor/write_errors/enospc") == 1
