"""Helpers of the fault tests: which Chromium holds a connection to the test world, a tmpfs
mount, and what a complete report file looks like."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import zipfile
from contextlib import contextmanager
from pathlib import Path

from auditor.runs.folders import MANIFEST
from tests.processes import descendants

PNG_END = b"IEND\xaeB`\x82"


# --- the browser behind a connection --------------------------------------------------------------
def _socket_inode(client_port: int, server_port: int) -> str | None:
    """The inode of the client side of a local TCP connection, from /proc/net/tcp{,6}."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, remote, inode = fields[1], fields[2], fields[9]
            if (int(local.rsplit(":", 1)[1], 16) == client_port
                    and int(remote.rsplit(":", 1)[1], 16) == server_port):
                return inode
    return None


def _cmdline(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return []


def _parent(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def browser_of_connection(root_pid: int, client_port: int, server_port: int) -> tuple[int, str] | None:
    """(pid, --user-data-dir) of the Chromium browser process, started by `root_pid`, whose
    network service holds the connection from `client_port` to `server_port`."""
    inode = _socket_inode(client_port, server_port)
    if inode is None:
        return None
    target = f"socket:[{inode}]"
    for pid in descendants(root_pid):
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") != target:
                    continue
            except OSError:
                continue
            # The network service is a child of the browser: climb to the process with no --type.
            current = pid
            while current:
                args = _cmdline(current)
                profile = next((a.split("=", 1)[1] for a in args
                                if a.startswith("--user-data-dir=")), None)
                if profile and not any(a.startswith("--type=") for a in args):
                    return current, profile
                current = _parent(current)
            return None
    return None


# --- mounts -----------------------------------------------------------------------------------------
def mount_tmpfs(path: Path, size: str, *, read_only: bool = False) -> str | None:
    """Mount a tmpfs at `path`; None when done, else why it could not be (not root, no
    CAP_SYS_ADMIN in this container...)."""
    path.mkdir(parents=True, exist_ok=True)
    options = f"size={size}" + (",ro" if read_only else "")
    try:
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                                capture_output=True, text=True, timeout=30)
    except OSError as exc:
        return str(exc)
    return None if result.returncode == 0 else (result.stderr.strip() or "mount failed")


def unmount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True, timeout=30)


@contextmanager
def tmpfs(path: Path, size: str, *, read_only: bool = False):
    """A tmpfs mounted at `path` for the block; yields None, or why it could not be mounted."""
    why = mount_tmpfs(path, size, read_only=read_only)
    try:
        yield why
    finally:
        if why is None:
            unmount(path)


def fill(path: Path) -> int:
    """Write zeros into `path` until the file system is full; the bytes written."""
    written = 0
    chunk = b"\0" * 65536
    with path.open("wb", buffering=0) as out:
        while True:
            try:
                written += out.write(chunk)
            except OSError:
                break
    # A last partial page may still fit.
    with path.open("ab", buffering=0) as out:
        for _ in range(64):
            try:
                written += out.write(b"\0" * 1024)
            except OSError:
                break
    return written


# --- complete files ---------------------------------------------------------------------------------
def incomplete(path: Path) -> str | None:
    """Why the report file at `path` is not whole (None: it is), judged by its kind."""
    data = path.read_bytes()
    name = path.name
    if not data:
        return "empty"
    if name == MANIFEST:
        lines = data.decode("utf-8").splitlines()
        if not data.endswith(b"\n") or not all(re.fullmatch(r"[0-9a-f]{64}  \S.*", line) for line in lines):
            return "not whole checksums"
    elif name.endswith((".json", ".har")):
        try:
            json.loads(data.decode("utf-8"))
        except ValueError as exc:
            return f"not whole JSON: {exc}"
    elif name.endswith(".html"):
        if not data.rstrip().endswith(b"</html>"):
            return "does not end with </html>"
    elif name.endswith(".png"):
        if not data.startswith(b"\x89PNG") or not data.endswith(PNG_END):
            return "not a whole PNG"
    elif name.endswith(".pdf"):
        if not data.startswith(b"%PDF-") or not data.rstrip().endswith(b"%%EOF"):
            return "not a whole PDF"
    elif name.endswith(".xlsx"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as book:
                if book.testzip() is not None or "xl/workbook.xml" not in book.namelist():
                    return "not a whole workbook"
        except zipfile.BadZipFile:
            return "not a whole workbook"
    elif name.endswith(".csv"):
        text = data.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        if not rows or not text.endswith("\n"):
            return "not whole CSV"
    else:
        return "unexpected file"
    return None


RUN_FILES = {"report.json", "report.html", "cookies.csv", "requests.csv", "findings.csv"}
