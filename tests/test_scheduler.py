"""The scheduler: a fake clock decides what is due; fake commands stand in for `scrapy crawl`
(no browser), recording when and with what they ran."""
from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from auditor import cli
from auditor.runs.history.last_audits import history_last_audits
from auditor.runs.schedule import runner as runner_module
from auditor.runs.schedule import service
from auditor.runs.schedule.plan import plan
from auditor.runs.schedule.progress import LogProgress, RichProgress, make_progress
from auditor.runs.schedule.runner import AuditRunner, ScrapyCommand, exit_status
from auditor.runs.schedule.service import build_scheduler, run_once
from auditor.runs.sites_file import Site, parse_sites

PARIS = ZoneInfo("Europe/Paris")
UTC = timezone.utc

# The stand-in for `scrapy crawl site`: behaves as told (sleep, exit code, a child process,
# record a "history" entry at the end like the history pipeline does), and logs its run.
FAKE_AUDIT = r"""
import json, os, subprocess, sys, time
record, key, how = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
start = time.time()
print("auditing", key, flush=True)
if how.get("child"):
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    open(how["child"], "w").write(str(child.pid))
if how.get("slow_if") and os.path.exists(how["slow_if"]):
    time.sleep(60)
time.sleep(how.get("sleep", 0))
with open(record, "a") as out:
    out.write(json.dumps({"key": key, "start": start, "end": time.time(),
                          "argv": sys.argv[4:]}) + "\n")
if how.get("history"):
    with open(how["history"], "a") as out:
        out.write(json.dumps({"key": key, "at": time.time()}) + "\n")
sys.exit(how.get("exit", 0))
"""


def make_site(key: str, schedule: str = "0 2 * * *") -> Site:
    return Site(url=f"https://{key}/", name=key.split(".")[0], key=key, schedule=schedule)


class Fake:
    """A command builder running FAKE_AUDIT, and what the runs recorded."""

    def __init__(self, tmp: Path, **behaviour):
        self.script = tmp / "fake_audit.py"
        self.script.write_text(FAKE_AUDIT)
        self.record = tmp / "runs.jsonl"
        self.behaviour = behaviour  # site key -> dict

    def __call__(self, site: Site) -> list[str]:
        how = self.behaviour.get(site.key, {})
        return [sys.executable, str(self.script), str(self.record), site.key, json.dumps(how),
                *ScrapyCommand(Path("/reports"))(site)[1:]]

    def runs(self) -> list[dict]:
        if not self.record.exists():
            return []
        return [json.loads(line) for line in self.record.read_text().splitlines()]

    def keys(self) -> list[str]:
        return sorted(run["key"] for run in self.runs())


def runner(tmp: Path, fake: Fake, **kwargs) -> AuditRunner:
    return AuditRunner(fake, logs_dir=tmp / "_logs", progress=LogProgress(), **kwargs)


# --- due computation (pure, fake clock) -----------------------------------------------------

def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def test_never_audited_is_due_and_cron_boundaries_decide_the_rest():
    nightly = make_site("a.fr", "0 2 * * *")
    last = {"a.fr": paris(2026, 3, 10, 2, 0, 5)}  # last night's audit

    def due(now, last_audits=last):
        [item] = plan([nightly], last_audits, now, PARIS)
        return item.due

    assert due(paris(2026, 3, 10, 2, 0, 6), {}) is True            # never audited
    assert due(paris(2026, 3, 10, 23, 0)) is False                 # same day, after the audit
    assert due(paris(2026, 3, 11, 1, 59, 59)) is False             # one second before the fire
    assert due(paris(2026, 3, 11, 2, 0, 0)) is True                # the fire itself
    assert due(paris(2026, 3, 13, 9, 0)) is True                   # several fires missed: due once


def test_an_audit_in_the_same_second_as_the_fire_counts_for_that_fire():
    site = make_site("a.fr", "0 2 * * *")
    [item] = plan([site], {"a.fr": paris(2026, 3, 11, 2, 0, 0)}, paris(2026, 3, 11, 2, 0, 30),
                  PARIS)
    assert not item.due
    assert item.next_fire == paris(2026, 3, 12, 2, 0)


def test_cron_times_are_in_the_files_time_zone_and_naive_history_times_are_utc():
    site = make_site("a.fr", "0 2 * * *")
    # 02:00 in Paris is 01:00 UTC in winter; the history (SQLite) hands back naive UTC times
    last = {"a.fr": datetime(2026, 1, 14, 12, 0)}
    now = datetime(2026, 1, 15, 1, 30, tzinfo=UTC)
    assert plan([site], last, now, PARIS)[0].due is True
    assert plan([site], last, now, ZoneInfo("UTC"))[0].due is False


def test_weekly_schedule_and_a_callable_history():
    weekly = make_site("w.fr", "30 3 * * 1")           # Mondays 03:30
    calls = []

    def history():
        calls.append(1)
        return {"w.fr": paris(2026, 3, 9, 3, 31)}       # Monday 9 March, just after the fire

    assert not plan([weekly], history, paris(2026, 3, 15, 23, 0), PARIS)[0].due  # Sunday
    assert plan([weekly], history, paris(2026, 3, 16, 3, 30), PARIS)[0].due      # next Monday
    assert len(calls) == 2


# --- running ----------------------------------------------------------------------------------

def test_run_once_runs_exactly_the_due_sites(tmp_path):
    sites = parse_sites("""\
defaults: {schedule: "0 2 * * *"}
sites:
  - url: https://never.fr/
  - url: https://due.fr/
    options: {fail_on: high, internal_pages: 1}
  - url: https://fresh.fr/
  - url: https://weekly.fr/
    schedule: "0 2 * * 1"
""")
    now = paris(2026, 3, 12, 2, 30)  # a Thursday
    history = {"due.fr": paris(2026, 3, 11, 2, 1), "fresh.fr": paris(2026, 3, 12, 2, 1),
               "weekly.fr": paris(2026, 3, 9, 2, 1)}
    fake = Fake(tmp_path)
    results = run_once(sites, runner(tmp_path, fake), history, now)

    assert fake.keys() == ["due.fr", "never.fr"]
    assert [r.status for r in results] == ["ok", "ok"]
    argv = {run["key"]: run["argv"] for run in fake.runs()}
    assert argv["due.fr"] == ["crawl", "site", "-a", "url=https://due.fr/",
                              "-a", "site_name=due.fr", "-s", "REPORTS_DIR=/reports", "-s", "AUDITOR_INTERNAL_PAGES=1",
                              "-s", "FAIL_ON=high"]
    # one log per audit, with the command's output
    logs = sorted((tmp_path / "_logs").glob("*.log"))
    assert [p.name.split("-2")[0] for p in logs] == ["due.fr", "never.fr"]
    assert "auditing due.fr" in logs[0].read_text()


def test_the_scrapy_command_passes_options_then_command_line_settings():
    site = parse_sites("""\
sites:
  - url: https://a.fr/
    name: Atelier A
    tags: [client-x, boutique]
    schedule: "0 2 * * *"
    options: {report_language: en, autoconsent: no}
""").sites[0]
    command = ScrapyCommand(Path("/r"), "postgresql://db/audits",
                            {"REPORT_LANGUAGE": "fr", "LOG_LEVEL": "WARNING"},
                            scrapy=["/venv/bin/scrapy"])(site)
    assert command == ["/venv/bin/scrapy", "crawl", "site", "-a", "url=https://a.fr/",
                       "-a", "site_name=Atelier A", "-a", "tags=client-x,boutique",
                       "-s", "REPORTS_DIR=/r", "-s", "AUDITOR_HISTORY_URL=postgresql://db/audits",
                       "-s", "REPORT_LANGUAGE=fr", "-s", "AUDITOR_AUTOCONSENT=0",
                       "-s", "LOG_LEVEL=WARNING"]
    assert runner_module.default_scrapy() == [str(Path(sys.executable).with_name("scrapy"))]


def test_the_crawl_environment_finds_the_project_from_any_directory(tmp_path):
    # the audits run in the user's directory (their relative paths keep their meaning)
    out = subprocess.run([*runner_module.default_scrapy(), "list"], cwd=tmp_path,
                         env=runner_module.crawl_environment(), capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["site"]


def test_at_most_parallel_audits_at_once(tmp_path):
    sites = [make_site(f"s{n}.fr") for n in range(5)]
    fake = Fake(tmp_path, **{s.key: {"sleep": 1.0} for s in sites})  # overlaps under load too
    results = runner(tmp_path, fake, parallel=2).run_all(sites)
    assert [r.status for r in results] == ["ok"] * 5
    runs = fake.runs()
    events = sorted([(r["start"], 1) for r in runs] + [(r["end"], -1) for r in runs])
    running, most = 0, 0
    for _, step in events:
        running += step
        most = max(most, running)
    assert most == 2


def test_a_timeout_kills_the_audits_process_group_and_reports_it(tmp_path):
    pid_file = tmp_path / "child.pid"
    site = make_site("slow.fr")
    fake = Fake(tmp_path, **{"slow.fr": {"sleep": 60, "child": str(pid_file)}})
    started = time.monotonic()
    [result] = runner(tmp_path, fake, timeout=1, kill_grace=1).run_all([site])
    assert time.monotonic() - started < 5
    assert result.timed_out and result.status == "failed"
    assert "timed out after 1 s, killed" == result.describe()
    assert fake.runs() == []  # it never finished
    child = int(pid_file.read_text())
    for _ in range(50):  # the browser-like child went with it (reaped by init)
        if not _alive(child):
            break
        time.sleep(0.1)
    assert not _alive(child)
    assert exit_status([result]) == 1


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_exit_status_aggregation(tmp_path):
    codes = {"ok.fr": 0, "alert.fr": 3, "crash.fr": 1, "other.fr": 2}
    fake = Fake(tmp_path, **{key: {"exit": code} for key, code in codes.items()})
    run = runner(tmp_path, fake, parallel=4)
    by_key = {r.site.key: r for r in run.run_all([make_site(key) for key in codes])}

    assert {k: r.status for k, r in by_key.items()} == {
        "ok.fr": "ok", "alert.fr": "threshold", "crash.fr": "failed", "other.fr": "failed"}
    assert exit_status([by_key["ok.fr"]]) == 0
    assert exit_status([by_key["ok.fr"], by_key["alert.fr"]]) == 3
    assert exit_status([by_key["ok.fr"], by_key["alert.fr"], by_key["other.fr"]]) == 1
    assert exit_status([by_key["crash.fr"]]) == 1
    assert exit_status([]) == 0


def test_a_command_that_cannot_start_is_a_failure(tmp_path):
    run = AuditRunner(lambda site: [str(tmp_path / "no-such-scrapy")], logs_dir=tmp_path,
                      progress=LogProgress())
    [result] = run.run_all([make_site("a.fr")])
    assert result.status == "failed" and result.describe().startswith("could not start")


def test_an_interrupted_batch_started_again_skips_the_sites_already_audited(tmp_path):
    history_file = tmp_path / "history.jsonl"
    slow_marker = tmp_path / "slow"
    slow_marker.touch()
    sites_file = parse_sites("defaults: {schedule: '0 2 * * *'}\nsites:\n"
                             + "".join(f"  - url: https://s{n}.fr/\n" for n in range(4)))
    fake = Fake(tmp_path, **{f"s{n}.fr": {"history": str(history_file)} for n in range(4)})
    fake.behaviour["s2.fr"]["slow_if"] = str(slow_marker)

    def history():  # what HistoryStore.last_audit_times() gives: site key -> latest start
        if not history_file.exists():
            return {}
        lines = [json.loads(line) for line in history_file.read_text().splitlines()]
        return {e["key"]: datetime.fromtimestamp(e["at"], UTC) for e in lines}

    first = runner(tmp_path, fake, parallel=1, kill_grace=1)

    def interrupt_when_s2_starts():  # like systemd stopping the unit mid-batch
        while "auditing s2.fr" not in "".join(
                p.read_text() for p in (tmp_path / "_logs").glob("s2.fr-*.log")):
            time.sleep(0.05)
        first.stop()

    threading.Thread(target=interrupt_when_s2_starts, daemon=True).start()
    results = run_once(sites_file, first, history)
    assert [(r.site.key, r.status) for r in results] == [
        ("s0.fr", "ok"), ("s1.fr", "ok"), ("s2.fr", "failed"), ("s3.fr", "failed")]
    assert results[2].interrupted and results[3].cancelled
    assert exit_status(results) == 1
    assert fake.keys() == ["s0.fr", "s1.fr"]

    slow_marker.unlink()
    second = run_once(sites_file, runner(tmp_path, fake, parallel=1), history)
    assert [(r.site.key, r.status) for r in second] == [("s2.fr", "ok"), ("s3.fr", "ok")]
    assert fake.keys() == ["s0.fr", "s1.fr", "s2.fr", "s3.fr"]
    # and a third run right after has nothing left to do
    assert run_once(sites_file, runner(tmp_path, fake), history) == []


# --- the long-running mode (APScheduler) ----------------------------------------------------

def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_the_scheduler_runs_due_sites_at_once_and_waits_for_the_cron_of_the_others(tmp_path):
    from apscheduler.schedulers.background import BackgroundScheduler

    sites_file = parse_sites("""\
sites:
  - url: https://new.fr/
    schedule: "0 3 * * *"
  - url: https://recent.fr/
    schedule: "0 3 * * *"
""")
    now = datetime.now(PARIS)
    fake = Fake(tmp_path)
    sched = build_scheduler(sites_file, runner(tmp_path, fake), {"recent.fr": now},
                            scheduler_class=BackgroundScheduler)
    sched.start()
    try:
        job = sched.get_job("recent.fr")
        assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (
            True, 1, service.MISFIRE_GRACE)
        assert _wait_for(lambda: fake.keys() == ["new.fr"], 5)
        time.sleep(0.3)
        assert fake.keys() == ["new.fr"]
        three = now.replace(hour=3, minute=0, second=0, microsecond=0)
        expected = three if three > now else (three + timedelta(days=1)).replace(hour=3)
        assert sched.get_job("recent.fr").next_run_time == expected
        assert sched.get_job("new.fr").next_run_time == expected
    finally:
        sched.shutdown(wait=True)


def test_scheduled_jobs_repeat_and_never_overlap_for_one_site(tmp_path):
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.triggers.interval import IntervalTrigger

    sites_file = parse_sites("sites:\n  - url: https://a.fr/\n    schedule: '0 3 * * *'\n")
    fake = Fake(tmp_path, **{"a.fr": {"sleep": 0.5}})
    sched = build_scheduler(sites_file, runner(tmp_path, fake), {"a.fr": datetime.now(UTC)},
                            scheduler_class=BackgroundScheduler,
                            trigger_for=lambda site: IntervalTrigger(seconds=0.2))
    sched.start()
    try:
        assert _wait_for(lambda: len(fake.runs()) >= 3, 6)
    finally:
        sched.shutdown(wait=True)
    runs = sorted(fake.runs(), key=lambda r: r["start"])
    assert all(later["start"] >= earlier["end"] for earlier, later in zip(runs, runs[1:]))


# --- the command ------------------------------------------------------------------------------

class FakeScrapyCommand:
    """Replaces ScrapyCommand in the CLI: same arguments, runs FAKE_AUDIT."""
    fake: Fake

    def __init__(self, reports_dir, history_url, settings):
        self.args = (reports_dir, history_url, settings)

    def __call__(self, site):
        return self.fake(site)


@pytest.fixture(autouse=True)
def restore_logging():
    """The command configures the root logger (its own stderr handler); undo it after."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_the_command_once(tmp_path, monkeypatch, capsys):
    sites = write(tmp_path / "sites.yaml", "defaults: {schedule: '0 2 * * *'}\nsites:\n"
                  "  - url: https://a.fr/\n    name: Site A\n  - url: https://b.fr/\n")
    FakeScrapyCommand.fake = Fake(tmp_path, **{"b.fr": {"exit": 3}})
    monkeypatch.setattr(runner_module, "ScrapyCommand", FakeScrapyCommand)
    monkeypatch.chdir(tmp_path)
    status = cli.main(["schedule", str(sites), "--once", "--parallel", "1", "-s", "X=1"])
    assert status == 3
    assert FakeScrapyCommand.fake.keys() == ["a.fr", "b.fr"]
    err = capsys.readouterr().err
    assert "audit started: Site A https://a.fr/" in err
    assert re.search(r"audit finished: Site A https://a.fr/ exit 0 in \d+ s", err)
    assert re.search(r"audit finished: b.fr https://b.fr/ exit 3 in \d+ s "
                     r"\(alert threshold reached\)", err)
    assert len(list((tmp_path / "audit-reports" / "_logs").glob("*.log"))) == 2


def test_a_bad_sites_file_runs_nothing_and_exits_2(tmp_path, monkeypatch, capsys):
    sites = write(tmp_path / "sites.yaml", "sites:\n  - url: ftp://a.fr/\n"
                  "    schedule: '0 2 * * *'\n  - url: https://b.fr/\n    schedule: '0 2 * *'\n")
    FakeScrapyCommand.fake = Fake(tmp_path)
    monkeypatch.setattr(runner_module, "ScrapyCommand", FakeScrapyCommand)
    status = cli.main(["schedule", str(sites), "--once", "--reports-dir", str(tmp_path / "r")])
    assert status == 2
    err = capsys.readouterr().err
    assert f"{sites}:2: sites[0].url: \"ftp://a.fr/\" is not an http(s) URL" in err
    assert f"{sites}:5: sites[1].schedule: \"0 2 * *\" is not a valid cron expression" in err
    assert FakeScrapyCommand.fake.runs() == [] and not (tmp_path / "r").exists()
    # a bad -s is bad input too
    good = write(tmp_path / "good.yaml", "sites:\n  - url: https://b.fr/\n    schedule: '0 2 * * *'\n")
    assert cli.main(["schedule", str(good), "--once", "-s", "NOVALUE"]) == 2
    assert cli.main(["schedule", str(good), "--once", "-s", "REPORTS_DIR=x"]) == 2
    assert FakeScrapyCommand.fake.runs() == []


def test_the_dry_run_lists_due_sites_and_next_fires_and_runs_nothing(tmp_path, monkeypatch,
                                                                    capsys):
    sites = write(tmp_path / "sites.yaml", "sites:\n  - url: https://a.fr/\n"
                  "    schedule: '0 3 * * *'\n")
    FakeScrapyCommand.fake = Fake(tmp_path)
    monkeypatch.setattr(runner_module, "ScrapyCommand", FakeScrapyCommand)
    reports = tmp_path / "r"
    assert cli.main(["schedule", str(sites), "--dry-run", "--reports-dir", str(reports)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["due", "site", "url", "schedule", "last", "audit", "next",
                              "fire", "why"]
    assert out[1].split()[:3] == ["yes", "a.fr", "https://a.fr/"]
    assert out[1].endswith("never audited") and " 03:00 " in out[1]
    assert out[-1] == "1 sites, 1 due now (time zone Europe/Paris)"
    assert FakeScrapyCommand.fake.runs() == [] and not reports.exists()


def test_python_dash_m_auditor_is_the_command(tmp_path):
    out = subprocess.run([sys.executable, "-m", "auditor", "schedule", str(tmp_path / "none.yaml"),
                          "--once"], capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, PYTHONPATH=str(Path(__file__).parent.parent)))
    assert out.returncode == 2
    assert "cannot read the sites file" in out.stderr


def test_last_audit_times_come_from_the_history_store(tmp_path):
    from auditor.runs.history import HistoryStore, resolve_url

    reports = tmp_path / "reports"
    read = history_last_audits("", reports)
    assert read() == {} and not reports.exists()  # nothing audited yet, nothing created
    reports.mkdir()
    store = HistoryStore.open(resolve_url("", reports))  # where the crawls record by default
    store.record({"schema": "site-audit/1", "url": "https://www.a.fr/", "final_url": None,
                  "status": "ok", "error": None, "started_at": "2026-03-11T01:00:05Z",
                  "duration_s": 30, "findings": [], "summary": {"verdict": None},
                  "phases": {p: {"cookies": [], "requests": [], "storage": []}
                             for p in ("initial", "accept", "reject")}})
    store.close()

    times = read()
    assert times == {"www.a.fr": datetime(2026, 3, 11, 1, 0, 5, tzinfo=UTC)}
    site = make_site("www.a.fr", "0 2 * * *")  # 02:00 Paris = 01:00 UTC in March
    assert not plan([site], read, paris(2026, 3, 12, 1, 59), PARIS)[0].due
    assert plan([site], read, paris(2026, 3, 12, 2, 0), PARIS)[0].due
    assert history_last_audits("off", reports)() == {}


LONG_RUNNING = r"""
import sys
from auditor import cli
from auditor.runs.schedule import runner

class Sleeper:  # an audit that never ends by itself
    def __init__(self, *args):
        pass
    def __call__(self, site):
        return [sys.executable, "-c", "import os, sys, time; "
                f"open({sys.argv[2]!r}, 'w').write(str(os.getpid())); time.sleep(60)"]

runner.ScrapyCommand = Sleeper
sys.exit(cli.main(["schedule", sys.argv[1], "--reports-dir", sys.argv[3]]))
"""


def test_the_long_running_command_stops_on_sigterm_and_ends_its_audits(tmp_path):
    import signal

    sites = write(tmp_path / "sites.yaml", "sites:\n  - url: https://a.fr/\n"
                  "    schedule: '0 3 * * *'\n")
    pid_file = tmp_path / "audit.pid"
    process = subprocess.Popen([sys.executable, "-c", LONG_RUNNING, str(sites), str(pid_file),
                                str(tmp_path / "r")], stderr=subprocess.PIPE, text=True)
    try:
        assert _wait_for(lambda: pid_file.exists() and pid_file.read_text(), 20)
        audit = int(pid_file.read_text())
        assert _alive(audit)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    finally:
        process.kill()
    err = process.stderr.read()
    assert "audit started: a.fr https://a.fr/" in err
    assert "audit failed: a.fr https://a.fr/ interrupted after" in err
    assert _wait_for(lambda: not _alive(audit), 5)


def test_progress_on_a_terminal_is_a_live_display(tmp_path):
    import io

    from rich.console import Console

    assert type(make_progress(io.StringIO())) is LogProgress  # not a terminal
    screen = io.StringIO()
    progress = RichProgress(Console(file=screen, force_terminal=True, width=120))
    fake = Fake(tmp_path, **{"b.fr": {"exit": 3}, "c.fr": {"exit": 1}})
    run = AuditRunner(fake, logs_dir=tmp_path / "_logs", progress=progress)
    with progress:
        progress.expect(3)
        run.run_all([make_site(k) for k in ("a.fr", "b.fr", "c.fr")])
    shown = screen.getvalue()
    assert "ok a https://a.fr/: exit 0" in re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", shown)
    assert "alert b https://b.fr/: exit 3" in re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", shown)
    assert "failed c https://c.fr/: exit 1" in re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", shown)
    assert "3/3" in shown


def test_a_sites_file_name_and_tags_reach_the_report_of_their_site_only(tmp_path):
    from datetime import datetime, timezone

    from auditor.audit import SiteAudit
    from auditor.browser.failures import Failure
    from auditor.runs.targets import TargetsError, site_label

    label = site_label("https://a.fr/", " Atelier A ", "client-x, boutique,")
    assert label == {"name": "Atelier A", "tags": ["client-x", "boutique"]}
    assert site_label("https://a.fr/", None, None) == {}
    with pytest.raises(TargetsError, match="site of -a url="):
        site_label(None, "Atelier A", None)

    audit = SiteAudit(url="https://a.fr/", folder=tmp_path,
                      started_at=datetime(2026, 11, 22, tzinfo=timezone.utc), **label)
    audit.fail(Failure("dns", {"net_error": "ERR_NAME_NOT_RESOLVED"}))
    report = audit.to_report()
    assert (report["name"], report["tags"]) == ("Atelier A", ["client-x", "boutique"])
    assert audit.restarted({"error": "x"}).name == "Atelier A"
    unnamed = SiteAudit(url="https://b.fr/", folder=tmp_path).to_report()
    assert (unnamed["name"], unnamed["tags"]) == (None, [])
