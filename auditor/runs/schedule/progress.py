"""What a scheduled run shows: plain log lines, or a live display on a terminal."""
from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.runs.schedule.runner import AuditResult
    from auditor.runs.sites_file import Site

log = logging.getLogger(__name__)


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
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
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
