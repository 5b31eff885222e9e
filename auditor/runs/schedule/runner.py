"""One audit, one process: `scrapy crawl site` for a site, run in its own process group (a
timeout or a stop kills its browsers too), at most `parallel` at once, each logged to a file."""
from __future__ import annotations

import logging
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from auditor.contract import run_stamp
from auditor.runs.schedule.progress import LogProgress
from auditor.runs.sites_file import Site

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[3]
EXIT_OK, EXIT_FAILED, EXIT_THRESHOLD = 0, 1, 3


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
        self.progress.started(log_path, f"{site.name} {site.url}")
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
        self.progress.finished(result.log, f"{site.name} {site.url}", result.status,
                               result.describe(), result.log)
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
