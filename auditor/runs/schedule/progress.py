"""What a batch of audits shows while it runs: plain log lines, or a live display on a terminal.
`auditor schedule` (one process per audit) and a crawl of several sites
(auditor/runs/crawl_progress.py) both tell it the same things:

    expect(n)                               n more audits to come
    started(key, label)                     an audit began (key: what names it until it ends)
    finished(key, label, status, text)      status "ok", "threshold" (alert) or "failed"
"""
from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Hashable
from pathlib import Path

log = logging.getLogger(__name__)


class LogProgress:
    """Plain log lines (not a terminal: cron, systemd, CI)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def expect(self, count: int) -> None:
        pass

    def started(self, key: Hashable, label: str) -> None:
        log.info("audit started: %s", label)

    def finished(self, key: Hashable, label: str, status: str, text: str,
                 log_path: Path | None = None) -> None:
        level = logging.INFO if status != "failed" else logging.ERROR
        log.log(level, "audit %s: %s %s%s", "finished" if status != "failed" else "failed",
                label, text, f" (log: {log_path})" if log_path else "")


class RichProgress(LogProgress):
    """A live display on a terminal: one line per running audit, and the overall count (done
    of expected, under way, left, time elapsed and to go)."""

    def __init__(self, console=None):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        self.console = console or Console(stderr=True, log_path=False)
        self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                  BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                  TimeRemainingColumn(), console=self.console, transient=False)
        self._overall = self._progress.add_task("audits", total=None)
        self._tasks: dict[Hashable, int] = {}  # one per audit under way
        self._lock = threading.Lock()
        self._expected = self._done = 0
        self._rerouted: list[tuple[logging.StreamHandler, object]] = []

    def __enter__(self):
        self._progress.start()
        self._reroute_log_handlers()
        return self

    def __exit__(self, *exc):
        self._progress.stop()
        for handler, stream in self._rerouted:
            handler.setStream(stream)
        self._rerouted.clear()
        return False

    def _reroute_log_handlers(self) -> None:
        """Log lines above the display, not through it: the display sends what is written to
        sys.stderr above itself, but a handler made earlier (Scrapy's) holds the terminal's
        stream itself."""
        proxy = sys.stderr
        terminal = getattr(proxy, "rich_proxied_file", None)  # set while the display runs
        if terminal is None:
            return
        for handler in logging.getLogger().handlers:
            if isinstance(handler, logging.StreamHandler) and handler.stream is terminal:
                self._rerouted.append((handler, handler.setStream(proxy)))

    def _update_overall(self) -> None:
        under_way = len(self._tasks)
        left = max(0, self._expected - self._done - under_way)
        self._progress.update(self._overall, total=self._expected or None, completed=self._done,
                              description=f"audits: {under_way} under way, {left} left")

    def expect(self, count: int) -> None:
        with self._lock:
            self._expected += count
            self._update_overall()

    def started(self, key: Hashable, label: str) -> None:
        from rich.markup import escape
        with self._lock:
            self._tasks[key] = self._progress.add_task(f"[bold]{escape(label)}[/]", total=None)
            self._update_overall()

    def finished(self, key: Hashable, label: str, status: str, text: str,
                 log_path: Path | None = None) -> None:
        from rich.markup import escape
        with self._lock:
            task = self._tasks.pop(key, None)
            if task is not None:
                self._progress.remove_task(task)
            self._done += 1
            self._update_overall()
        mark = {"ok": "[green]ok[/]", "threshold": "[yellow]alert[/]"}.get(status, "[red]failed[/]")
        where = f" (log: {escape(str(log_path))})" if status == "failed" and log_path else ""
        self.console.log(f"{mark} {escape(label)}: {escape(text)}{where}")


def make_progress(stream=None):
    """The live display on `stream` (stderr by default) when it is a terminal, else log lines."""
    from rich.console import Console
    stream = stream or sys.stderr
    return RichProgress(Console(file=stream, log_path=False)) if stream.isatty() else LogProgress()
