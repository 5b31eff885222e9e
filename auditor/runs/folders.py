"""Where a site's reports go: REPORTS_DIR/<site>/<timestamp>/, never overwriting a run."""
from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from auditor.browser.failures import Failure
from auditor.contract import run_stamp

_UNSAFE = re.compile(r"[^a-z0-9.-]+")
# REPORTS_DIR's own files (index.html, history.sqlite and its -wal, -shm, -journal): a site
# named like one of them (https://index.html/ is a valid URL) gets a folder of another name.
_RESERVED = re.compile(r"index\.html|history\.sqlite.*")
MB = 1024 * 1024
MANIFEST = "SHA256SUMS"  # the run folder's checksums, in the format `sha256sum -c` reads
BANNER_SCREENSHOT = "banner-initial.png"  # the consent banner cropped out of the first visit
SECOND_LAYER_SCREENSHOT = "screenshot-second-layer.png"  # the banner's settings, opened to look


class ReportsDirError(RuntimeError):
    """REPORTS_DIR cannot take this run's reports (checked at start, before any audit)."""


def check_reports_dir(reports_dir: str | Path, min_free_mb: float = 0) -> Path:
    """Create REPORTS_DIR if needed and make sure a file can be written in it and that it has
    `min_free_mb` free (AUDITOR_MIN_FREE_MB; 0: no check). Raises ReportsDirError saying what
    is wrong; as root, permissions stop nothing, so the test is a real write."""
    root = Path(reports_dir).resolve()
    if root.exists() and not root.is_dir():
        raise ReportsDirError(f"REPORTS_DIR {root} is not a directory")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportsDirError(
            f"REPORTS_DIR {root} cannot be created: {exc.strerror or exc}") from exc
    try:
        fd, probe = tempfile.mkstemp(dir=root, prefix=".write-test-")
        try:
            os.write(fd, b"ok")
        finally:
            os.close(fd)
            os.unlink(probe)
    except OSError as exc:
        raise ReportsDirError(
            f"REPORTS_DIR {root} cannot be written to: {exc.strerror or exc}") from exc
    free_mb = shutil.disk_usage(root).free / MB
    if min_free_mb and free_mb < min_free_mb:
        raise ReportsDirError(
            f"REPORTS_DIR {root} has {free_mb:.0f} MB free, less than AUDITOR_MIN_FREE_MB="
            f"{min_free_mb:g}: free some space, or lower AUDITOR_MIN_FREE_MB")
    return root


def _disk_full(exc: OSError) -> bool:
    return exc.errno in (errno.ENOSPC, errno.EDQUOT)


def write_error_reason(exc: OSError) -> str:
    """A file that could not be written, in words: disk full, read-only, ..."""
    if _disk_full(exc):
        return f"the disk is full ({exc.strerror})"
    return exc.strerror or str(exc)


def write_failure(folder: str | Path, exc: OSError) -> Failure:
    """Why an audit stopped when a file of its run folder could not be written."""
    if _disk_full(exc):
        return Failure("disk_full", {"folder": str(folder), "detail": exc.strerror})
    return Failure("write_failed", {"folder": str(folder), "detail": exc.strerror or str(exc)})


def count_write_error(stats, exc: OSError) -> None:
    """auditor/write_errors, and by kind: auditor/write_errors/enospc, .../erofs..."""
    if stats is None:
        return
    stats.inc_value("auditor/write_errors")
    name = errno.errorcode.get(exc.errno or 0, "other").lower()
    stats.inc_value(f"auditor/write_errors/{name}")


def site_folder_name(url: str) -> str:
    """A file-system-safe folder name for a site: its host (and port), nothing that can
    climb out of REPORTS_DIR."""
    try:
        parts = urlsplit(url.strip())
        host, port = (parts.hostname or ""), parts.port
    except ValueError:
        host, port = "", None
    name = _UNSAFE.sub("-", host.lower()).strip(".-")
    name = re.sub(r"\.{2,}", ".", name)[:120]
    if not name:
        name = "invalid-url"
    elif _RESERVED.fullmatch(name):
        name += "-site"
    return f"{name}-{port}" if port else name


def new_run_folder(reports_dir: str | Path, url: str, started_at: datetime) -> Path:
    """Create and return a fresh folder for this run of this site."""
    root = Path(reports_dir).resolve()
    site = root / site_folder_name(url)
    stamp = run_stamp(started_at)
    site.mkdir(parents=True, exist_ok=True)
    for n in range(1, 1000):
        folder = site / (stamp if n == 1 else f"{stamp}-{n}")
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder
    raise RuntimeError(f"too many runs of {url} at {stamp}")


# --- the files of a run, and their hashes -------------------------------------------------------
def _in_flight(path: Path) -> bool:
    """A file being written atomically (reports/atomic.py: a hidden temporary name)."""
    return path.name.startswith(".") and path.name.endswith(".tmp")


def run_files(folder: str | Path) -> list[str]:
    """The files of a run folder as paths relative to it, sorted: what its checksums cover
    (not the manifest itself, nor a file still being written)."""
    folder = Path(folder)
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*")
                  if path.is_file() and not path.is_symlink() and not _in_flight(path)
                  and path.relative_to(folder).as_posix() != MANIFEST)


def sha256_file(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
