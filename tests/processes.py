"""Killing a `scrapy crawl` the hard way, as a crash or an OOM kill would: SIGKILL on the
crawl, its process group and every process it started (the browser may run in a group of
its own)."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path


def _stat(pid) -> list[str] | None:
    """/proc/PID/stat fields after the command name: state, ppid, ... (None: gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def descendants(pid: int) -> dict[int, str]:
    """The processes started by `pid`, directly or not: pid -> start time (to tell a pid
    reused later from the process itself)."""
    children: dict[int, list[tuple[int, str]]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        fields = _stat(entry.name)
        if fields:
            children.setdefault(int(fields[1]), []).append((int(entry.name), fields[19]))
    found, todo = {}, [pid]
    while todo:
        for child, started in children.get(todo.pop(), []):
            found[child] = started
            todo.append(child)
    return found


def kill_tree(process: subprocess.Popen) -> dict[int, str]:
    """SIGKILL `process` and all it started; returns what it had started (see descendants)."""
    tree = descendants(process.pid)
    if os.getpgid(process.pid) == process.pid:  # started with start_new_session=True
        os.killpg(process.pid, signal.SIGKILL)
    for pid in [process.pid, *tree]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait(timeout=30)
    return tree


def still_running(tree: dict[int, str], wait: float = 10) -> list[int]:
    """Those processes of `tree` still running after up to `wait` seconds (a zombie, or a
    pid now used by another process, counts as gone)."""
    deadline = time.monotonic() + wait
    while True:
        running = []
        for pid, started in tree.items():
            fields = _stat(pid)
            if fields and fields[0] != "Z" and fields[19] == started:
                running.append(pid)
        if not running or time.monotonic() > deadline:
            return running
        time.sleep(0.2)
