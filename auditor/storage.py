"""Where a site's reports go: REPORTS_DIR/<site>/<timestamp>/, never overwriting a run."""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

_UNSAFE = re.compile(r"[^a-z0-9.-]+")


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
    return f"{name}-{port}" if port else name


def new_run_folder(reports_dir: str | Path, url: str, started_at: datetime) -> Path:
    """Create and return a fresh folder for this run of this site."""
    root = Path(reports_dir).resolve()
    site = root / site_folder_name(url)
    stamp = started_at.strftime("%Y%m%dT%H%M%SZ")
    site.mkdir(parents=True, exist_ok=True)
    for n in range(1, 1000):
        folder = site / (stamp if n == 1 else f"{stamp}-{n}")
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder
    raise RuntimeError(f"too many runs of {url} at {stamp}")
