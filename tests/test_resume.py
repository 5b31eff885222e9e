"""Resumable runs: `scrapy crawl site -a urls=FILE -s JOBDIR=dir`, killed and started again
with the same JOBDIR, skips the sites already audited."""
from __future__ import annotations

import json
import subprocess
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

from scrapy.core.scheduler import Scheduler
from scrapy.utils.test import get_crawler

from auditor.runs.folders import site_folder_name
from auditor.runs.resume import JOURNAL, ResumeJournal, SiteScheduler
from tests.e2e import BOULANGERIE, FLEURISTE, ROOT, SCRAPY, SERRURIER
from tests.faults import RUN_FILES, incomplete
from tests.processes import kill_tree, still_running


class Stats:
    def __init__(self):
        self.values = {}

    def set_value(self, key, value):
        self.values[key] = value


def test_journal_lists_finished_sites_and_ignores_a_line_cut_short(tmp_path):
    journal = ResumeJournal(tmp_path / JOURNAL, SimpleNamespace(stats=Stats()))
    assert journal.audited() == set()
    journal.record("https://a.fr/")
    journal.record("https://b.fr/")
    with (tmp_path / JOURNAL).open("a") as cut:  # killed in the middle of a write
        cut.write("https://c.f")
    assert journal.audited() == {"https://a.fr/", "https://b.fr/"}

    targets = ["https://a.fr/", "https://c.fr/", "https://b.fr/", "https://d.fr/"]
    assert journal.remaining(targets) == ["https://c.fr/", "https://d.fr/"]
    assert journal.crawler.stats.values == {"auditor/sites_skipped_resumed": 2}
    fresh = ResumeJournal(tmp_path / "other.txt", SimpleNamespace(stats=Stats()))
    assert fresh.remaining(targets) == targets
    assert fresh.crawler.stats.values == {"auditor/sites_skipped_resumed": 0}


def test_journal_only_with_jobdir(tmp_path):
    assert ResumeJournal.from_crawler(get_crawler(settings_dict={})) is None
    journal = ResumeJournal.from_crawler(get_crawler(settings_dict={"JOBDIR": str(tmp_path)}))
    assert journal.path == tmp_path / JOURNAL


def test_requests_stay_in_memory_with_jobdir(tmp_path):
    # Scrapy's scheduler would save requests in JOBDIR to replay them; a site's requests
    # carry a live audit, so the auditor's scheduler does not.
    crawler = get_crawler(settings_dict={"JOBDIR": str(tmp_path / "job")})
    assert SiteScheduler.from_crawler(crawler).dqdir is None
    assert not (tmp_path / "job" / "requests.queue").exists()
    assert Scheduler.from_crawler(crawler).dqdir == str(tmp_path / "job" / "requests.queue")


def crawl(tmp: Path, name: str, listing: Path, world) -> tuple[subprocess.Popen, Path]:
    log = tmp / f"{name}.log"
    command = [SCRAPY, "crawl", "site", "-a", f"urls={listing}",
               "-s", f"REPORTS_DIR={tmp / 'reports'}", "-s", f"JOBDIR={tmp / 'job'}",
               "-s", f"AUDITOR_BROWSER_ARGS={json.dumps(world.browser_args())}",
               "-s", "AUDITOR_IGNORE_HTTPS_ERRORS=1", "-s", "AUDITOR_HISTORY_URL=off",
               "-s", "AUDITOR_SETTLE_QUIET=0.5", "-s", "AUDITOR_INTERNAL_PAGES=0",
               # one site at a time: the kill falls in the middle of the second site
               "-s", "CONCURRENT_REQUESTS=1", "-s", "PLAYWRIGHT_MAX_CONTEXTS=1"]
    with log.open("w") as out:
        return subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True), log


def test_a_killed_run_restarted_with_its_jobdir_skips_the_sites_already_audited(
        world, tmp_path):
    sites = [FLEURISTE, BOULANGERIE, SERRURIER]
    listing = tmp_path / "sites.txt"
    listing.write_text("\n".join(sites) + "\n", encoding="utf-8")
    journal = tmp_path / "job" / JOURNAL
    reports = tmp_path / "reports"

    first, _ = crawl(tmp_path, "first", listing, world)
    try:
        deadline = time.monotonic() + 600
        while not (journal.exists() and journal.read_text().endswith("\n")):
            assert first.poll() is None, "the crawl ended before it could be killed"
            assert time.monotonic() < deadline, "no site finished"
            time.sleep(0.2)
        tree = kill_tree(first)
    finally:
        if first.poll() is None:
            kill_tree(first)
    assert tree and not still_running(tree)
    finished = journal.read_text().split()
    assert len(finished) == 1 and finished[0] in sites
    done_first = finished[0]
    first_report = next(reports.glob(f"{site_folder_name(done_first)}/*/report.json"))
    cut_short = [path for path in reports.glob("*/*") if not (path / "report.json").exists()]
    assert cut_short  # the site being audited when the crawl was killed
    # The finished site's files are all there and whole, and the index lists it (written
    # before the journal); in the folder cut short, every file under its own name is whole
    # too (atomic writes: a kill leaves at most a hidden temporary).
    finished_folder = first_report.parent
    assert {p.name for p in finished_folder.iterdir()} >= RUN_FILES | {
        "initial.har", "accept.har", "reject.har", "screenshot-initial.png"}
    assert f'href="{finished_folder.parent.name}/{finished_folder.name}/report.html"' in \
        (reports / "index.html").read_text(encoding="utf-8")
    for path in reports.rglob("*"):
        if path.is_file() and not path.name.startswith("."):
            assert incomplete(path) is None, (path, incomplete(path))

    # The killed crawl's browser profile (raw cookies) is left behind; the next run removes it.
    left = list(Path(tempfile.gettempdir()).glob(f"auditor-profile-{first.pid}-*"))
    assert left

    second, log = crawl(tmp_path, "second", listing, world)
    try:
        assert second.wait(timeout=600) == 0
    finally:
        if second.poll() is None:
            kill_tree(second)
    output = log.read_text()
    assert f"Resuming the job in {tmp_path / 'job'}: 1 of 3 sites already audited, skipped" \
        in output
    assert "'auditor/sites_skipped_resumed': 1," in output
    assert "'auditor/audits/ok': 2," in output
    assert not any(path.exists() for path in left)
    assert "browser profiles left behind by killed runs" in output
    assert "'auditor/stale_profiles_removed': " in output

    for url in sites:  # one complete report each; the first site was not audited again
        found = list(reports.glob(f"{site_folder_name(url)}/*/report.json"))
        assert len(found) == 1, (url, found)
        report = json.loads(found[0].read_text(encoding="utf-8"))
        assert (report["url"], report["status"]) == (url, "ok")
    assert list(reports.glob(f"{site_folder_name(done_first)}/*")) == [first_report.parent]
    assert sorted(journal.read_text().split()) == sorted(sites)
