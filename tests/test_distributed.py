"""Distributed mode: the Redis work queue of sites (on a real redis-server), the enqueue and
status commands, two real `scrapy crawl site -a queue=` workers, and Scrapyd."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from auditor.runs.distributed.command import queue_sources
from auditor.runs.distributed.queue import WorkQueue, queue_key
from auditor.runs.folders import site_folder_name
from auditor.runs.targets import same_site_url
from tests.e2e import BOULANGERIE, CABINET, FLEURISTE, GARAGE, OPTICIEN, ROOT, SCRAPY, SERRURIER
from tests.processes import kill_tree, still_running
from tests.redis_server import free_port, redis_server  # noqa: F401 (fixture)

SIX = [BOULANGERIE, CABINET, OPTICIEN, GARAGE, SERRURIER, FLEURISTE]
FAST = {"AUDITOR_SETTLE_QUIET": "0.5", "AUDITOR_INTERNAL_PAGES": "0"}


@pytest.fixture
def make_queue(redis_server, request):
    """WorkQueue(worker=..., **options) on a queue of this test's own."""
    name = request.node.name.replace("[", "-").replace("]", "")[:90]

    def make(worker, **options):
        return WorkQueue(redis_server.client(), name, worker=worker, **options)
    return make


# --- the queue -------------------------------------------------------------------------------

def test_enqueue_skips_what_is_pending_or_done_unless_again(make_queue):
    queue = make_queue("w1")
    assert queue.enqueue(["https://a.fr/", "https://b.fr/", "https://a.fr/"]).added == 2
    again = queue.enqueue(["https://a.fr/", "https://c.fr/"])
    assert (again.added, again.already_queued, again.already_done) == (1, 1, 0)
    assert queue.pending() == ["https://a.fr/", "https://b.fr/", "https://c.fr/"]

    claimed, _ = queue.claim(1)
    assert claimed == ["https://a.fr/"]
    assert queue.enqueue(["https://a.fr/"]).already_queued == 1  # being audited
    assert queue.complete("https://a.fr/") is True
    done = queue.enqueue(["https://a.fr/"])
    assert (done.added, done.already_done) == (0, 1)
    assert queue.enqueue(["https://a.fr/"], again=True).added == 1
    assert queue.pending() == ["https://b.fr/", "https://c.fr/", "https://a.fr/"]
    assert queue.done() == set()


def test_claims_are_exclusive_and_completion_is_recorded(make_queue):
    first, second = make_queue("w1"), make_queue("w2")
    first.enqueue([f"https://site{n}.fr/" for n in range(5)])
    mine, _ = first.claim(2)
    theirs, _ = second.claim(10)
    assert mine == ["https://site0.fr/", "https://site1.fr/"]
    assert theirs == ["https://site2.fr/", "https://site3.fr/", "https://site4.fr/"]
    assert first.claim(1) == ([], 0)
    state = first.status()
    assert state["pending"] == 0 and state["done"] == 0
    assert state["processing"] == {**{url: "w1" for url in mine}, **{url: "w2" for url in theirs}}

    assert first.complete("https://site0.fr/") is True
    state = first.status()
    assert state["done"] == 1 and "https://site0.fr/" not in state["processing"]
    assert first.done() == {"https://site0.fr/"}


def test_concurrent_claims_hand_out_every_site_once(make_queue):
    urls = [f"https://site{n}.fr/" for n in range(200)]
    make_queue("setup").enqueue(urls)
    claimed: list[str] = []
    lock = threading.Lock()

    def worker(number):
        queue = make_queue(f"w{number}")
        while True:
            got, _ = queue.claim(3)
            if not got:
                return
            with lock:
                claimed.extend(got)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claimed) == sorted(urls)


def test_an_expired_lease_goes_back_to_the_queue(make_queue):
    dead = make_queue("dead", lease_seconds=0.3)
    alive = make_queue("alive", lease_seconds=0.3)
    dead.enqueue(["https://a.fr/", "https://b.fr/"])
    assert dead.claim(1)[0] == ["https://a.fr/"]
    assert alive.claim(5) == (["https://b.fr/"], 0)  # a.fr is still leased
    time.sleep(0.5)
    alive.renew(["https://b.fr/"])  # the live worker renews; the dead one cannot
    assert alive.claim(5) == (["https://a.fr/"], 1)  # reaped on the way, then claimed
    assert dead.renew(["https://a.fr/"]) == ["https://a.fr/"]  # the dead one lost it
    assert dead.release("https://a.fr/") == "not-held"
    assert alive.status()["processing"] == {"https://a.fr/": "alive", "https://b.fr/": "alive"}


def test_renewed_leases_do_not_expire(make_queue):
    holder = make_queue("holder", lease_seconds=0.4)
    other = make_queue("other", lease_seconds=0.4)
    holder.enqueue(["https://a.fr/"])
    holder.claim(1)
    for _ in range(6):
        time.sleep(0.15)
        assert holder.renew(["https://a.fr/"]) == []
    assert other.claim(1) == ([], 0)
    assert other.reap() == 0


def test_a_site_whose_worker_keeps_dying_is_set_aside(make_queue):
    queue = make_queue("w", lease_seconds=0.2, max_failures=2)
    queue.enqueue(["https://tueur.fr/", "https://b.fr/"])
    assert queue.claim(1)[0] == ["https://tueur.fr/"]
    time.sleep(0.3)
    assert queue.reap() == 1
    assert queue.pending() == ["https://tueur.fr/", "https://b.fr/"]  # first in line again
    queue.claim(1)
    time.sleep(0.3)
    assert queue.reap() == 1
    state = queue.status()
    assert state["pending"] == 1 and state["processing"] == {}
    assert "lease expired 2 times (last worker: w)" in state["failed"]["https://tueur.fr/"]
    assert queue.enqueue(["https://tueur.fr/"]).added == 1  # enqueued again on purpose
    assert queue.status()["failed"] == {}


def test_release_gives_back_at_once_and_counts_failures(make_queue):
    queue = make_queue("w", max_failures=2)
    queue.enqueue(["https://a.fr/", "https://b.fr/"])
    queue.claim(2)
    assert queue.release("https://b.fr/") == "pending"  # a worker stopping: no failure
    assert queue.release("https://a.fr/", failed=True, reason="disk full") == "pending"
    assert queue.pending() == ["https://a.fr/", "https://b.fr/"]
    queue.claim(1)
    assert queue.release("https://a.fr/", failed=True, reason="disk full") == "failed"
    assert queue.status()["failed"] == {"https://a.fr/": "disk full (2 attempts)"}


def test_a_late_completion_counts_and_the_site_is_not_claimed_again(make_queue, redis_server):
    slow = make_queue("slow", lease_seconds=0.2)
    other = make_queue("other", lease_seconds=0.2)
    slow.enqueue(["https://a.fr/", "https://b.fr/"])
    slow.claim(1)
    time.sleep(0.3)
    assert other.reap() == 1  # a.fr is pending again...
    assert slow.complete("https://a.fr/") is False  # ...but its reports were written after all
    assert other.claim(5) == (["https://b.fr/"], 0)
    # A done site found in the pending list (e.g. pushed by hand) is dropped, not claimed.
    redis_server.client().rpush(queue_key(slow.name, "pending"), "https://a.fr/")
    assert other.claim(5) == ([], 0)
    assert slow.status()["pending"] == 0


def test_bad_queue_names_are_refused(redis_server):
    for name in ("", "a b", "x" * 101, "a{b}"):
        with pytest.raises(ValueError, match="bad queue name"):
            WorkQueue(redis_server.client(), name)


# --- enqueue and status ---------------------------------------------------------------------

def test_same_site_url():
    assert same_site_url(" HTTPS://WWW.Example.FR ") == "https://www.example.fr/"
    assert same_site_url("https://www.example.fr/a?b=1#top") == "https://www.example.fr/a?b=1"
    assert same_site_url("https://user@Example.fr:8443") == "https://user@example.fr:8443/"
    assert same_site_url("pas une adresse") == "pas une adresse"


def test_sources_give_lines_of_bad_urls(tmp_path):
    listing = tmp_path / "sites.txt"
    listing.write_text("# sites\nhttps://a.fr\n\nftp://b.fr/  # old\nhttps://c.fr/x\n",
                       encoding="utf-8")
    sites = tmp_path / "sites.yaml"
    sites.write_text("defaults: {schedule: '0 2 * * *'}\nsites:\n  - url: https://d.fr/\n"
                     "  - url: https://e.fr/\n    options: {internal_pages: 4}\n",
                     encoding="utf-8")
    urls, problems, notes = queue_sources([str(listing), str(sites), "https://F.fr"])
    assert urls == ["https://a.fr/", "https://c.fr/x", "https://d.fr/", "https://e.fr/",
                    "https://f.fr/"]
    assert problems == [f"{listing}:4: Unsupported URL scheme 'ftp': only http and https "
                        "sites can be audited"]
    assert len(notes) == 1 and "e.fr" in notes[0] and "not used in distributed mode" in notes[0]

    _, problems, _ = queue_sources(["www.example.fr", str(tmp_path / "absent.yaml")])
    assert problems[0] == "www.example.fr: neither a file nor a URL (a URL starts with https://)"
    assert "cannot read the sites file" in problems[1]
    listing.write_text("https://a.fr/\n", encoding="utf-8")
    assert queue_sources([str(listing)]) == (["https://a.fr/"], [], [])


AUDITOR = Path(sys.executable).with_name("auditor")  # the console script


def run_command(*args):
    return subprocess.run([str(AUDITOR), *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)


def test_enqueue_and_status_commands(redis_server, tmp_path):
    url = redis_server.url
    listing = tmp_path / "sites.txt"
    listing.write_text("https://a.fr/\nhttps://b.fr/\nnot a url\n", encoding="utf-8")
    bad = run_command("enqueue", "cmd", str(listing), "--redis-url", url)
    assert bad.returncode == 2
    assert f"{listing}:3: Unsupported URL scheme 'none'" in bad.stderr
    assert WorkQueue(redis_server.client(), "cmd").status()["pending"] == 0  # nothing enqueued

    listing.write_text("https://a.fr/\nhttps://b.fr/\n", encoding="utf-8")
    good = run_command("enqueue", "cmd", str(listing), "https://b.fr", "--redis-url", url)
    assert good.returncode == 0, good.stderr
    assert good.stdout.strip() == "queue cmd: 2 added, 0 already queued, 0 already done"
    WorkQueue(redis_server.client(), "cmd", worker="host:1:ab").claim(1)
    status = run_command("status", "cmd", "--redis-url", url)
    assert status.stdout.splitlines() == [
        "queue cmd: 1 pending, 1 processing, 0 done, 0 failed",
        "  processing https://a.fr/ (worker host:1:ab)"]
    as_json = json.loads(run_command("status", "cmd", "--json", "--redis-url", url).stdout)
    assert as_json["pending"] == 1

    down = run_command("status", "cmd", "--redis-url", f"redis://127.0.0.1:{free_port()}/0")
    assert down.returncode == 1 and down.stderr.startswith("Redis: ")


def test_a_worker_says_what_is_wrong_with_its_arguments(redis_server):
    def crawl(*args):
        done = subprocess.run([SCRAPY, "crawl", "site", *args], cwd=ROOT, capture_output=True,
                              text=True, timeout=120)
        return done.returncode, done.stdout + done.stderr

    status, output = crawl("-a", "queue=q", "-a", "url=https://a.fr/",
                           "-s", f"REDIS_URL={redis_server.url}")
    assert status == 1 and "give either a queue or url/urls, not both" in output
    status, output = crawl("-a", "queue=a b", "-s", f"REDIS_URL={redis_server.url}")
    assert status == 1 and "bad queue name 'a b'" in output
    status, output = crawl("-s", "AUDITOR_QUEUE=q",
                           "-s", f"REDIS_URL=redis://127.0.0.1:{free_port()}/0")
    assert status == 1 and "cannot reach Redis (REDIS_URL): " in output


def test_a_queued_url_that_cannot_be_audited_gets_its_error_report(redis_server, tmp_path):
    # Pushed by hand (enqueue refuses them); no browser needed. One site at a time: the
    # first comes from the spider's start, the others from the idle and top-up loop.
    queue = WorkQueue(redis_server.client(), "junk")
    junk = ["ftp://a.fr/", "pas une adresse", "https:///nohost"]
    for url in junk:
        queue.server.rpush(queue.key("pending"), url)
        queue.server.sadd(queue.key("queued"), url)
    done = subprocess.run(
        [SCRAPY, "crawl", "site", "-a", "queue=junk", "-s", f"REDIS_URL={redis_server.url}",
         "-s", f"REPORTS_DIR={tmp_path}", "-s", "AUDITOR_HISTORY_URL=off",
         "-s", "CONCURRENT_REQUESTS=1", "-s", "MAX_IDLE_TIME_BEFORE_CLOSE=1"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    reports = [json.loads(path.read_text(encoding="utf-8"))
               for path in tmp_path.glob("*/*/report.json")]
    assert sorted(report["url"] for report in reports) == sorted(junk)
    assert all(report["status"] == "error" for report in reports)
    assert queue.status() == {"pending": 0, "processing": {}, "done": 3, "failed": {}}


# --- real workers ---------------------------------------------------------------------------

def start_worker(folder: Path, queue: str, world, settings: dict) -> subprocess.Popen:
    """`scrapy crawl site -a queue=...` in a process group of its own (Chromium included)."""
    folder.mkdir(parents=True)
    command = [SCRAPY, "crawl", "site", "-a", f"queue={queue}",
               "-s", f"REPORTS_DIR={folder / 'reports'}",
               "-s", f"AUDITOR_BROWSER_ARGS={json.dumps(world.browser_args())}",
               "-s", "AUDITOR_IGNORE_HTTPS_ERRORS=1"]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    with (folder / "crawl.log").open("w") as log:
        return subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)


def complete_reports(folder: Path) -> dict[str, list[Path]]:
    """report.json files under a worker's REPORTS_DIR, by audited URL."""
    found: dict[str, list[Path]] = {}
    for path in sorted((folder / "reports").glob("*/*/report.json")):
        found.setdefault(json.loads(path.read_text(encoding="utf-8"))["url"], []).append(path)
    return found


def started_not_far(folder: Path, url: str) -> bool:
    """The site's audit is under way in this worker (its first phase is done) and still
    phases away from its report."""
    runs = list((folder / "reports" / site_folder_name(url)).glob("*"))
    return any((run / "screenshot-initial.png").exists()
               and not (run / "screenshot-reject.png").exists() for run in runs)


def test_two_workers_audit_each_site_once_and_a_killed_worker_loses_nothing(
        world, redis_server, tmp_path):
    queue = "six"
    listing = tmp_path / "sites.txt"
    listing.write_text("\n".join(SIX) + "\n", encoding="utf-8")
    enqueued = run_command("enqueue", queue, str(listing), "--redis-url", redis_server.url)
    assert enqueued.returncode == 0, enqueued.stderr
    history = f"sqlite:///{tmp_path / 'history.sqlite'}"  # one history for both workers
    # One site at a time per worker: the doomed one finishes a site, then dies in the next.
    settings = {**FAST, "REDIS_URL": redis_server.url, "AUDITOR_QUEUE_LEASE": 5,
                "MAX_IDLE_TIME_BEFORE_CLOSE": 20, "CONCURRENT_REQUESTS": 1,
                "PLAYWRIGHT_MAX_CONTEXTS": 1, "AUDITOR_HISTORY_URL": history}
    doomed = start_worker(tmp_path / "doomed", queue, world, settings)
    survivor = start_worker(tmp_path / "survivor", queue, world, settings)
    state = WorkQueue(redis_server.client(), queue)

    def held_by_doomed():
        return [url for url, worker in state.status()["processing"].items()
                if worker.split(":")[1] == str(doomed.pid)]
    try:
        deadline = time.monotonic() + 600
        while True:
            assert doomed.poll() is None, "the worker ended before it could be killed"
            assert time.monotonic() < deadline, "the worker never held a site mid-audit"
            finished = set(complete_reports(tmp_path / "doomed")) & state.done()
            mid_audit = [url for url in held_by_doomed()
                         if started_not_far(tmp_path / "doomed", url)]
            if finished and mid_audit:
                break
            time.sleep(0.2)
        tree = kill_tree(doomed)
        assert doomed.returncode == -signal.SIGKILL
        held = held_by_doomed()
        assert held == mid_audit  # its lease still running
        assert survivor.wait(timeout=600) == 0
    finally:
        for process in (doomed, survivor):
            if process.poll() is None:
                kill_tree(process)

    assert tree and not still_running(tree)  # Chromium gone too
    by_doomed = complete_reports(tmp_path / "doomed")
    by_survivor = complete_reports(tmp_path / "survivor")
    survivor_log = (tmp_path / "survivor" / "crawl.log").read_text()
    assert by_doomed and by_survivor, "both workers should have audited sites"
    for url in SIX:  # each site audited once, with a complete report
        reports = by_doomed.get(url, []) + by_survivor.get(url, [])
        assert len(reports) == 1, (url, reports)
        report = json.loads(reports[0].read_text(encoding="utf-8"))
        assert report["status"] == "ok", (url, report.get("error"))
        assert (reports[0].parent / "report.html").is_file()
    for url in held:  # begun by the dead worker, audited by the other
        assert url not in by_doomed and url in by_survivor
    assert state.status() == {"pending": 0, "processing": {}, "done": 6, "failed": {}}
    assert state.done() == set(SIX)
    assert "site(s) whose worker stopped renewing its lease went back" in survivor_log
    assert "'auditor/queue/reaped': 1," in survivor_log

    from auditor.runs.history import HistoryStore
    assert set(HistoryStore.open(history).last_audit_times()) == {
        site_folder_name(url) for url in SIX}


# --- Scrapyd --------------------------------------------------------------------------------

SCRAPYD = Path(sys.executable).with_name("scrapyd")


def scrapyd_call(port: int, endpoint: str, data: dict | list | None = None) -> dict:
    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{endpoint}", body, timeout=30) as r:
        return json.loads(r.read())


@pytest.mark.skipif(not SCRAPYD.exists(), reason="scrapyd is not installed (pip: scrapyd)")
def test_scrapyd_runs_the_site_spider(world, tmp_path):
    port = free_port()
    (tmp_path / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\npoll_interval = 1.0\n"
        f"eggs_dir = {tmp_path}/eggs\nlogs_dir = {tmp_path}/logs\ndbs_dir = {tmp_path}/dbs\n"
        "items_dir =\nmax_proc = 1\n", encoding="utf-8")
    # The project is installed, not deployed as an egg: Scrapyd and the Scrapy processes it
    # starts both find it through the scrapy.cfg of Scrapyd's working directory.
    (tmp_path / "scrapy.cfg").write_text("[settings]\nauditor = auditor.settings\n",
                                         encoding="utf-8")
    with (tmp_path / "scrapyd.log").open("w") as log:
        daemon = subprocess.Popen([str(SCRAPYD)], cwd=tmp_path, stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                assert scrapyd_call(port, "daemonstatus.json")["status"] == "ok"
                break
            except OSError:
                assert daemon.poll() is None and time.monotonic() < deadline, \
                    (tmp_path / "scrapyd.log").read_text()
                time.sleep(0.3)
        assert "auditor" in scrapyd_call(port, "listprojects.json")["projects"]
        spiders = scrapyd_call(port, "listspiders.json?project=auditor")
        assert spiders["spiders"] == ["site"], spiders

        reports = tmp_path / "reports"
        settings = {"REPORTS_DIR": reports, "AUDITOR_HISTORY_URL": "off",
                    "AUDITOR_BROWSER_ARGS": json.dumps(world.browser_args()),
                    "AUDITOR_IGNORE_HTTPS_ERRORS": 1, **FAST}
        job = scrapyd_call(port, "schedule.json", [
            ("project", "auditor"), ("spider", "site"), ("url", FLEURISTE),
            *[("setting", f"{name}={value}") for name, value in settings.items()]])
        assert job["status"] == "ok", job
        deadline = time.monotonic() + 600
        while True:
            jobs = scrapyd_call(port, "listjobs.json?project=auditor")
            if any(found["id"] == job["jobid"] for found in jobs["finished"]):
                break
            assert time.monotonic() < deadline, jobs
            time.sleep(2)
    finally:
        os.killpg(daemon.pid, signal.SIGTERM)
        daemon.wait(timeout=30)
    found = list(reports.glob("*/*/report.json"))
    assert len(found) == 1, list(tmp_path.glob("logs/*/*/*.log"))
    report = json.loads(found[0].read_text(encoding="utf-8"))
    assert (report["url"], report["status"]) == (FLEURISTE, "ok")
