"""Scheduled audits: which sites are due, and each audit as its own `scrapy crawl site` process.

- `plan()` is pure: sites + last audit times (from the history) + a clock -> what is due.
  Since the last audit times come from the history, a batch interrupted and started again
  skips the sites it had already audited.
- `AuditRunner` runs audits as subprocesses (one process group each, so a timeout kills the
  browser too), at most `parallel` at once, each logged to REPORTS_DIR/_logs/.
- `run_once()` runs what is due and returns; `build_scheduler()` keeps running with one
  APScheduler cron job per site.
"""
from __future__ import annotations

import logging
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from auditor.contract import parse_iso, run_stamp
from auditor.runs.sites_file import Site, SitesFile

log = logging.getLogger("auditor.runs.scheduler")

ROOT = Path(__file__).resolve().parents[2]
EXIT_OK, EXIT_FAILED, EXIT_THRESHOLD = 0, 1, 3
MISFIRE_GRACE = 3600  # a fire missed by less (machine asleep, scheduler busy) still runs

LastAudits = Mapping[str, datetime] | Callable[[], Mapping[str, datetime]]


# --- what is due (pure) ---------------------------------------------------------------------

def _utc(moment: datetime) -> datetime:
    """Times without a zone (SQLite keeps none) are UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


@dataclass(frozen=True)
class Plan:
    site: Site
    last_audit: datetime | None
    missed_fire: datetime | None   # the first fire time after the last audit, if it has passed
    next_fire: datetime | None     # the first fire time after now

    @property
    def due(self) -> bool:
        return self.last_audit is None or self.missed_fire is not None

    @property
    def reason(self) -> str:
        if self.last_audit is None:
            return "never audited"
        if self.missed_fire is not None:
            return f"scheduled at {self.missed_fire:%Y-%m-%d %H:%M %Z}"
        return "not due"


def plan(sites: Iterable[Site], last_audits: LastAudits, now: datetime, tz) -> list[Plan]:
    """A site is due when it was never audited, or when its cron fired in (last audit, now]."""
    times = last_audits() if callable(last_audits) else last_audits
    now = _utc(now)
    plans = []
    for site in sites:
        trigger = site.trigger(tz)
        last = times.get(site.key)
        missed = None
        if last is not None:
            last = _utc(last if isinstance(last, datetime) else parse_iso(last))
            fire = trigger.get_next_fire_time(None, last + timedelta(microseconds=1))
            missed = fire if fire is not None and fire <= now else None
        plans.append(Plan(site, last, missed, trigger.get_next_fire_time(None, now)))
    return plans


# --- where the last audit times come from ---------------------------------------------------

def history_last_audits(history_url: str | None, reports_dir: Path) -> Callable[[], dict]:
    """Site key -> start of its latest audit, read from the history store the crawls write to
    (AUDITOR_HISTORY_URL; empty = REPORTS_DIR/history.sqlite; `off` = no history)."""
    def read() -> dict:
        from sqlalchemy.engine import make_url

        from auditor.runs.history import HistoryStore, resolve_url
        url = resolve_url(history_url, reports_dir)
        if url is None:
            log.warning("history is off: every site counts as never audited")
            return {}
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database \
                and not Path(parsed.database).exists():
            return {}  # no audit yet; and a dry run creates nothing
        store = HistoryStore.open(url)
        try:
            return dict(store.last_audit_times())
        finally:
            store.close()
    return read


# --- one audit, one process -----------------------------------------------------------------

def default_scrapy() -> list[str]:
    """The scrapy of this interpreter's environment."""
    script = Path(sys.executable).with_name("scrapy")
    return [str(script)] if script.exists() else [sys.executable, "-m", "scrapy"]


@dataclass
class ScrapyCommand:
    """`scrapy crawl site` for one site: its options as settings, then the command line's -s
    (they win)."""

    reports_dir: Path
    history_url: str | None = None
    settings: dict[str, str] = field(default_factory=dict)
    scrapy: list[str] = field(default_factory=default_scrapy)

    def __call__(self, site: Site) -> list[str]:
        command = [*self.scrapy, "crawl", "site", "-a", f"url={site.url}",
                   "-a", f"site_name={site.name}"]
        if site.tags:
            command += ["-a", "tags=" + ",".join(site.tags)]
        command += ["-s", f"REPORTS_DIR={self.reports_dir}"]
        if self.history_url:
            command += ["-s", f"AUDITOR_HISTORY_URL={self.history_url}"]
        for name, value in {**site.settings(), **self.settings}.items():
            command += ["-s", f"{name}={value}"]
        return command


def crawl_environment() -> dict[str, str]:
    """The auditor's Scrapy project from any working directory (relative paths given by the
    user keep meaning what they meant)."""
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="auditor.settings")
    if (ROOT / "scrapy.cfg").exists():
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


@dataclass
class AuditResult:
    site: Site
    returncode: int | None
    seconds: float = 0.0
    log: Path | None = None
    timed_out: bool = False
    interrupted: bool = False
    error: str | None = None      # could not be started
    cancelled: bool = False       # never started (the run was stopped first)

    @property
    def status(self) -> str:
        if self.returncode == EXIT_OK and not (self.timed_out or self.interrupted):
            return "ok"
        if self.returncode == EXIT_THRESHOLD and not (self.timed_out or self.interrupted):
            return "threshold"
        return "failed"

    def describe(self) -> str:
        if self.cancelled:
            return "not started (stopped)"
        if self.error:
            return self.error
        if self.timed_out:
            return f"timed out after {self.seconds:.0f} s, killed"
        if self.interrupted:
            return f"interrupted after {self.seconds:.0f} s"
        note = " (alert threshold reached)" if self.status == "threshold" else ""
        return f"exit {self.returncode} in {self.seconds:.0f} s{note}"


def exit_status(results: Iterable[AuditResult]) -> int:
    """0 all audited; 1 when any audit did not complete (it wins: that site's findings are
    unknown); otherwise 3 when any audit reached its FAIL_ON / FAIL_ON_NEW threshold."""
    statuses = {result.status for result in results}
    if "failed" in statuses:
        return EXIT_FAILED
    if "threshold" in statuses:
        return EXIT_THRESHOLD
    return EXIT_OK


class AuditRunner:
    """Runs audits as subprocesses, at most `parallel` at once, each within `timeout` seconds."""

    def __init__(self, command: Callable[[Site], list[str]], *, logs_dir: Path,
                 parallel: int = 2, timeout: float = 900, progress=None,
                 env: dict[str, str] | None = None, cwd: str | Path | None = None,
                 kill_grace: float = 10):
        if parallel < 1:
            raise ValueError("parallel must be at least 1")
        self.command = command
        self.logs_dir = Path(logs_dir)
        self.parallel = parallel
        self.timeout = timeout
        self.progress = progress or LogProgress()
        self.env = env
        self.cwd = cwd
        self.kill_grace = kill_grace
        self._slots = threading.BoundedSemaphore(parallel)
        self._stopping = threading.Event()
        self._names_lock = threading.Lock()

    def stop(self) -> None:
        """No new audit starts; running ones are terminated (their sites stay due)."""
        self._stopping.set()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def run(self, site: Site) -> AuditResult:
        with self._slots:
            if self._stopping.is_set():
                return AuditResult(site, None, cancelled=True)
            return self._run(site)

    def run_all(self, sites: list[Site]) -> list[AuditResult]:
        """Every site's result, in the order given; Ctrl-C stops the run cleanly."""
        if not sites:
            return []
        with ThreadPoolExecutor(max_workers=min(self.parallel, len(sites)),
                                thread_name_prefix="audit") as pool:
            futures = [pool.submit(self.run, site) for site in sites]
            pending = set(futures)
            while pending:
                try:
                    _, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
                except KeyboardInterrupt:
                    log.warning("interrupted: stopping the running audits")
                    self.stop()
            return [future.result() for future in futures]

    def _log_path(self, site: Site) -> Path:
        self.logs_dir.mkdir(parents=True, exist_ok=True)
        stamp = run_stamp(datetime.now(timezone.utc))
        with self._names_lock:
            for n in range(1, 1000):
                path = self.logs_dir / f"{site.key}-{stamp}{'' if n == 1 else f'-{n}'}.log"
                try:
                    path.touch(exist_ok=False)
                    return path
                except FileExistsError:
                    continue
        raise RuntimeError(f"too many logs for {site.key} at {stamp}")

    def _run(self, site: Site) -> AuditResult:
        log_path = self._log_path(site)
        command = self.command(site)
        self.progress.started(site, log_path)
        started = time.monotonic()
        result = AuditResult(site, None, log=log_path)
        with open(log_path, "ab") as out:
            out.write(("$ " + shlex.join(command) + "\n").encode())
            out.flush()
            try:
                process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                           stdin=subprocess.DEVNULL, env=self.env, cwd=self.cwd,
                                           start_new_session=True)
            except OSError as exc:
                result.error = f"could not start: {exc}"
            else:
                deadline = started + self.timeout
                while process.poll() is None:
                    if self._stopping.is_set():
                        result.interrupted = True
                        self._kill(process)
                    elif time.monotonic() >= deadline:
                        result.timed_out = True
                        self._kill(process)
                    else:
                        try:
                            process.wait(timeout=min(0.2, max(0.0, deadline - time.monotonic())))
                        except subprocess.TimeoutExpired:
                            pass
                result.returncode = process.returncode
        result.seconds = time.monotonic() - started
        self.progress.finished(result)
        return result

    def _kill(self, process: subprocess.Popen) -> None:
        """SIGTERM to the audit's process group (Scrapy and its browsers), SIGKILL after the
        grace period."""
        for sig, grace in ((signal.SIGTERM, self.kill_grace), (signal.SIGKILL, None)):
            try:
                os.killpg(process.pid, sig)
            except (ProcessLookupError, PermissionError):
                pass
            if grace is None:
                process.wait()
                return
            try:
                process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                continue
            try:  # the leader is gone; stray children of the group go too
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            return


# --- progress -------------------------------------------------------------------------------

class LogProgress:
    """Plain log lines (not a terminal: cron, systemd, CI)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def expect(self, count: int) -> None:
        pass

    def started(self, site: Site, log_path: Path) -> None:
        log.info("audit started: %s %s", site.name, site.url)

    def finished(self, result: AuditResult) -> None:
        level = logging.INFO if result.status != "failed" else logging.ERROR
        log.log(level, "audit %s: %s %s %s (log: %s)",
                "finished" if result.status != "failed" else "failed",
                result.site.name, result.site.url, result.describe(), result.log)


class RichProgress(LogProgress):
    """A live display on a terminal: one line per running audit, and the overall count."""

    def __init__(self, console=None):
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn,
                                   TextColumn, TimeElapsedColumn)
        self.console = console or Console(stderr=True)
        self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                  BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                  console=self.console, transient=False)
        self._overall = self._progress.add_task("audits", total=None)
        self._tasks: dict[Path, int] = {}  # by log file: one per audit
        self._lock = threading.Lock()
        self._expected = 0

    def __enter__(self):
        self._progress.start()
        return self

    def __exit__(self, *exc):
        self._progress.stop()
        return False

    def expect(self, count: int) -> None:
        with self._lock:
            self._expected += count
            self._progress.update(self._overall, total=self._expected)

    def started(self, site: Site, log_path: Path) -> None:
        with self._lock:
            self._tasks[log_path] = self._progress.add_task(
                f"[bold]{site.name}[/] {site.url}", total=None)

    def finished(self, result: AuditResult) -> None:
        with self._lock:
            task = self._tasks.pop(result.log, None)
            if task is not None:
                self._progress.remove_task(task)
            self._progress.advance(self._overall)
        mark = {"ok": "[green]ok[/]", "threshold": "[yellow]alert[/]"}.get(
            result.status, "[red]failed[/]")
        self.console.log(f"{mark} {result.site.name} {result.site.url}: {result.describe()}"
                         + (f" (log: {result.log})" if result.status == "failed" else ""))


def make_progress(stream=None):
    stream = stream or sys.stderr
    return RichProgress() if stream.isatty() else LogProgress()


# --- the two modes --------------------------------------------------------------------------

def run_once(sites_file: SitesFile, runner: AuditRunner, last_audits: LastAudits,
             now: datetime | None = None) -> list[AuditResult]:
    """Audit the sites that are due now, and return."""
    plans = plan(sites_file.sites, last_audits, now or datetime.now(timezone.utc),
                 sites_file.timezone)
    due = [p.site for p in plans if p.due]
    log.info("%d sites, %d due", len(plans), len(due))
    runner.progress.expect(len(due))
    return runner.run_all(due)


def build_scheduler(sites_file: SitesFile, runner: AuditRunner, last_audits: LastAudits, *,
                    now: datetime | None = None, scheduler_class=None, trigger_for=None):
    """An APScheduler scheduler with one cron job per site; the sites already due (never
    audited, or a fire missed while nothing ran) start at once."""
    from apscheduler.executors.pool import ThreadPoolExecutor as JobPool
    from apscheduler.schedulers.blocking import BlockingScheduler

    tz = sites_file.timezone
    now = now or datetime.now(tz)
    scheduler = (scheduler_class or BlockingScheduler)(
        timezone=tz,
        executors={"default": JobPool(runner.parallel)},
        job_defaults={"coalesce": True, "max_instances": 1,
                      "misfire_grace_time": MISFIRE_GRACE})

    def audit(site: Site) -> None:
        runner.progress.expect(1)
        runner.run(site)

    for item in plan(sites_file.sites, last_audits, now, tz):
        trigger = trigger_for(item.site) if trigger_for else item.site.trigger(tz)
        extra = {"next_run_time": now} if item.due else {}
        scheduler.add_job(audit, trigger, args=[item.site], id=item.site.key,
                          name=f"audit {item.site.name}", **extra)
    return scheduler


def run_forever(sites_file: SitesFile, runner: AuditRunner, last_audits: LastAudits) -> int:
    """Audit each site on its schedule until SIGTERM or Ctrl-C."""
    scheduler = build_scheduler(sites_file, runner, last_audits)

    def stop(*_):
        log.info("stopping: running audits are terminated and stay due")
        runner.stop()
        scheduler.shutdown(wait=False)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        jobs = scheduler.get_jobs()
        log.info("scheduler started: %d sites (time zone %s)", len(jobs), sites_file.timezone)
        try:
            scheduler.start()
        except KeyboardInterrupt:
            stop()
    finally:
        signal.signal(signal.SIGTERM, previous)
    return EXIT_OK


# --- a dry run ------------------------------------------------------------------------------

def describe_plans(plans: list[Plan], tz) -> str:
    """The table of a dry run: what is due now and when each site runs next."""
    def when(moment):
        return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z") if moment else "-"
    rows = [("due", "site", "url", "schedule", "last audit", "next fire", "why")]
    for p in plans:
        rows.append(("yes" if p.due else "no", p.site.name, p.site.url, p.site.schedule,
                     when(p.last_audit) if p.last_audit else "never",
                     when(p.next_fire), p.reason))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()
             for row in rows]
    due = sum(p.due for p in plans)
    return "\n".join(lines + [f"{len(plans)} sites, {due} due now (time zone {tz})"])
