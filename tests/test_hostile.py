"""The hostile test world (tests/world/hostile.py): every site built to hurt the auditor ends
with a readable status within its budget, the normal site of the same run is audited fully,
and nothing is written outside REPORTS_DIR. One shared crawl (conftest's `hostile_run`);
the security of what is written is in tests/test_security.py."""
from __future__ import annotations

import asyncio
import re

import pytest

from auditor.browser.failures import PageUnresponsive
from auditor.capture import recorder as recorder_module
from auditor.capture.recorder import MAX_COOKIE_SETTINGS, MAX_OPEN_POPUPS, PhaseRecorder
from tests.e2e import FLEURISTE
from tests.hashing import HASHER
from tests.hostile_e2e import BUDGET_S, URLS
from tests.world import hostile

PHASES = ("initial", "accept", "reject")


def report_of(hostile_run, url):
    assert url in hostile_run.reports, (url, hostile_run.run.log[-3000:])
    return hostile_run.reports[url]


def ok_report(hostile_run, url):
    folder, report = report_of(hostile_run, url)
    assert report["status"] == "ok", report["error"]
    return report


# --- every site ends, in words, within its budget ------------------------------------------
def test_the_run_audits_every_site_and_succeeds(hostile_run):
    assert hostile_run.run.returncode == 0, hostile_run.run.log[-3000:]
    assert set(hostile_run.reports) == set(URLS)


@pytest.mark.parametrize("url", URLS)
def test_each_audit_ends_with_a_readable_status_within_its_budget(hostile_run, url):
    folder, report = report_of(hostile_run, url)
    assert report["status"] in ("ok", "error")
    if report["status"] == "error":
        reason = report["error"]
        # A sentence, not a traceback or a bare exception name.
        assert isinstance(reason, str) and "\n" not in reason and len(reason) < 400
        assert len(reason.split()) >= 4 and "Traceback" not in reason, reason
    else:
        assert report["error"] is None
        assert set(report["phases"]) == set(PHASES)
    assert report["duration_s"] <= BUDGET_S, (url, report["duration_s"])


def test_the_normal_site_is_audited_fully_beside_them(hostile_run):
    report = ok_report(hostile_run, FLEURISTE)
    for name in PHASES:
        phase = report["phases"][name]
        assert "error" not in phase and len(phase["pages_visited"]) == 3, phase.get("error")
    assert report["banner"]["accept_verified"] and report["banner"]["reject_verified"]
    initial = report["phases"]["initial"]
    assert any(c["tracker"] and c["tracker"]["name"] == "Matomo" and c["exempt"]
               for c in initial["cookies"])
    assert any(r["tracker"] and r["tracker"]["name"] == "Meta Pixel"
               for r in report["phases"]["accept"]["requests"])
    assert report["legal_notice"]["fields"]["publisher_name"]
    assert [f for f in report["findings"] if f["severity"] != "info"] == []
    assert report["summary"]["verdict"] == "no_issue_found"


# --- each hostile site -------------------------------------------------------------------------
def test_a_page_that_never_finishes_loading_times_out(hostile_run):
    folder, report = report_of(hostile_run, hostile.ENDLESS)
    assert report["status"] == "error"
    assert report["error"].startswith("Timeout: the page did not load within 15 s")


def test_a_50_mb_page_is_audited_or_times_out(hostile_run):
    folder, report = report_of(hostile_run, hostile.HEAVY)
    # Chromium does not parse 50 MB of markup within the page timeout on this machine.
    assert report["status"] == "ok" or report["error"].startswith("Timeout: the page did not load")


def test_endless_timers_and_cookie_writes(hostile_run):
    report = ok_report(hostile_run, hostile.TIMERS)
    for name in PHASES:
        phase = report["phases"][name]
        counter = [c for c in phase["cookies"] if c["name"] == "compteur"]
        assert counter and counter[0]["set_by"] == "script"
        assert len(phase["pages_visited"]) == 3


def test_thousands_of_cookies_are_bounded_and_the_cut_is_recorded(hostile_run):
    report = ok_report(hostile_run, hostile.THOUSANDS)
    for name in PHASES:
        phase = report["phases"][name]
        # 4,000 different cookies on each of 3 pages: the recorder keeps 10,000 writes and
        # counts the rest; the browser's jar keeps 180 per domain.
        assert phase["truncated"]["cookie_settings"] > 0
        names = {c["name"] for c in phase["cookies"]}
        assert len(names) == 2 * hostile.COOKIES_PER_WAY
        assert len(phase["cookies"]) <= MAX_COOKIE_SETTINGS
        assert sum(1 for c in phase["cookies"] if c["stored"]) <= 180
        assert {"lot-h-0", "lot-js-0"} <= names


def test_a_10000_link_footer_still_gives_the_legal_notice(hostile_run):
    report = ok_report(hostile_run, hostile.LINKS)
    assert report["pages"]["legal_notice"] == hostile.LINKS + "mentions-legales"
    assert report["legal_notice"]["fields"]["publisher_name"] == "SARL Exemple Hostile"
    # Only the first and last links of the page are examined, and it says so.
    assert any("of its links were not examined" in note
               for note in report["documents"]["notes"]), report["documents"]


def test_a_banner_that_cannot_be_closed(hostile_run):
    report = ok_report(hostile_run, hostile.WALL_URL)
    banner = report["banner"]
    assert banner["detected"] and banner["accept_found"] and banner["reject_found"]
    assert banner["accept_verified"] is False and not banner["reject_verified"]
    accept = report["phases"]["accept"]["consent_action"]
    assert "the banner is still shown after the click" in accept["verification"]["reasons"]
    reject = report["phases"]["reject"]["consent_action"]
    assert reject["reason"] or reject["verification"]["reasons"]
    for name in PHASES:  # the pages behind the banner are audited all the same
        assert len(report["phases"][name]["pages_visited"]) == 3


def test_a_pop_up_storm_opens_a_few_windows_only(hostile_run):
    report = ok_report(hostile_run, hostile.POPUPS)
    # The page calls window.open() 20 times at once then 10 times a second, and 10 times at
    # each click: unchecked, thousands of windows in an audit. Chromium's pop-up blocker (on,
    # as for a visitor) and the recorder's hook let at most MAX_OPEN_POPUPS through per page
    # load, and the audit loads the site's pages some twenty times.
    assert all(len(report["phases"][name]["pages_visited"]) == 3 for name in PHASES)
    assert hostile_run.seen["popups_opened"] <= MAX_OPEN_POPUPS * 20


def test_forced_downloads_are_refused(hostile_run):
    report = ok_report(hostile_run, hostile.DOWNLOADS)
    # An <a download> clicked while the page loads, an attachment in an iframe, and an
    # internal page that is an attachment: each was asked for, none was taken whole.
    assert hostile_run.seen["downloads_started"] >= 3
    assert hostile_run.seen["downloads_complete"] == 0
    for name in PHASES:
        phase = report["phases"][name]
        assert phase["pages_visited"][0] == hostile.DOWNLOADS  # the page, not the file
        assert [note for note in phase["page_errors"] if "sent as a download" in note]
    # Its legal notice is sent as an attachment too: it is read all the same (fetched by the
    # page, never saved).
    assert report["legal_notice"]["fields"]["publisher_name"] == "SARL Exemple Hostile"


def test_an_address_that_is_a_download_is_no_page(hostile_run):
    folder, report = report_of(hostile_run, hostile.DOWNLOAD_ONLY)
    assert report["status"] == "error"
    assert report["error"] == ("The home page is not an HTML page (content type: "
                               "application/octet-stream), it is sent as a download")


def test_endless_dialogs_end_the_audit_in_words(hostile_run):
    folder, report = report_of(hostile_run, hostile.DIALOGS)
    assert report["status"] == "error" and report["error"] == str(PageUnresponsive())


@pytest.mark.parametrize("url, company, director", [
    (hostile.CP1252, hostile.CP1252_COMPANY, hostile.CP1252_DIRECTOR),
    (hostile.BAD_BYTES, hostile.BAD_BYTES_COMPANY, hostile.BAD_BYTES_DIRECTOR),
])
def test_text_that_is_not_utf8_is_read_with_its_accents(hostile_run, url, company, director):
    report = ok_report(hostile_run, url)
    fields = report["legal_notice"]["fields"]
    assert fields["publisher_name"] == company
    assert fields["publication_director"] == director
    assert fields["publisher_address"] == "12 rue de l’Église, 29000 Quimper, France"


# --- nothing outside REPORTS_DIR ---------------------------------------------------------------
def test_nothing_is_written_outside_reports_dir(hostile_run):
    assert hostile_run.cwd_after == []  # the working directory stays empty
    # Browser profiles and Playwright's temporary folders are gone with their browsers.
    assert hostile_run.tmp_after == []
    assert hostile_run.parent_after == hostile_run.parent_before
    # In HOME, only Chromium's own settings and certificate store (and no Scrapy remote
    # control job file, no Downloads folder); nothing a site sent.
    own = re.compile(r"\.cache(/dconf.*)?|\.config(/chromium.*)?|\.local(/share(/pki.*)?)?"
                     r"|\.pki.*")
    assert [p for p in hostile_run.home_after if not own.fullmatch(p)] == []
    for path in (hostile_run.base / "home").rglob("*"):
        if path.is_file() and path.stat().st_size < 50_000_000:
            assert hostile.DOWNLOAD_MARK not in path.read_bytes(), path


def test_every_report_is_in_a_folder_of_its_own_inside_reports_dir(hostile_run):
    root = hostile_run.reports_dir.resolve()
    folders = [folder for folder, _ in hostile_run.reports.values()]
    assert len(set(folders)) == len(URLS)
    for folder in folders:
        assert folder.resolve().parent.parent == root
        assert re.fullmatch(r"[a-z0-9][a-z0-9.-]*", folder.parent.name)
        assert ".." not in folder.parent.name
    # The sites called index.html and history.sqlite left REPORTS_DIR's own files alone.
    assert (root / "index.html").is_file() and (root / "history.sqlite").is_file()


# --- units behind the above ----------------------------------------------------------------
class FakePage:
    def __init__(self):
        self.url, self.closed = "about:blank", False

    async def close(self):
        self.closed = True


def test_popups_past_the_first_few_are_closed_at_once():
    async def storm():
        recorder = PhaseRecorder(HASHER)
        pages = [FakePage() for _ in range(MAX_OPEN_POPUPS + 5)]
        for page in pages:
            recorder._on_popup(page)
        await asyncio.gather(*recorder._tasks)
        return recorder, pages
    recorder, pages = asyncio.run(storm())
    assert len(recorder.popups) == MAX_OPEN_POPUPS + 5
    assert [p.closed for p in pages] == [False] * MAX_OPEN_POPUPS + [True] * 5


class FakeDialog:
    def __init__(self, kind):
        self.type, self.answer = kind, None

    async def accept(self):
        self.answer = "accept"

    async def dismiss(self):
        self.answer = "dismiss"


def test_dialogs_are_answered_and_a_flood_of_them_is_counted():
    async def flood():
        recorder = PhaseRecorder(HASHER)
        dialogs = [FakeDialog("alert") for _ in range(recorder_module.MAX_DIALOGS + 7)]
        dialogs.append(FakeDialog("beforeunload"))
        for dialog in dialogs:
            recorder._on_dialog(dialog)
        await asyncio.gather(*recorder._tasks)
        return recorder, dialogs
    recorder, dialogs = asyncio.run(flood())
    assert len(recorder.dialogs) == recorder_module.MAX_DIALOGS
    assert recorder.dropped["dialogs"] == 8
    # "Leave this page?" is answered yes, so that the next page loads; the others no.
    assert [d.answer for d in dialogs[:-1]] == ["dismiss"] * (len(dialogs) - 1)
    assert dialogs[-1].answer == "accept"


def test_giant_markup_is_read_by_its_head_and_its_tail():
    from auditor.capture.links import MAX_HTML_CHARS, pick_internal_pages
    from auditor.policy.discovery import MAX_LINKS, find_policy_links

    middle = '<p><a href="/page">Une page</a></p>' * (MAX_HTML_CHARS // 10)
    html = (f'<header><a href="/a-propos">À propos</a></header>{middle}'
            '<footer><a href="/mentions-legales">Mentions légales</a></footer>')
    assert len(html) > 2 * MAX_HTML_CHARS
    base = "https://www.exemple.fr/"
    assert pick_internal_pages(html, base, 1) == [base + "a-propos"]
    found = find_policy_links(html, base)
    assert [c["url"] for c in found["legal_notice"]] == [base + "mentions-legales"]
    # Of the links left in the markup's head and tail, only the first and last are examined.
    assert found.skipped > 0 and MAX_LINKS < found.skipped + MAX_LINKS < html.count("<a ")
