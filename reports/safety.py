"""What makes attacker-controlled text safe to put in a link or a spreadsheet."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

_CONTROL = re.compile(r"[\x00-\x20\x7f]")
# A plain file name of the run folder (screenshot-initial.png, initial.har): nothing that
# climbs out of the folder or carries a scheme.
_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}")
# Cells Excel or LibreOffice would run as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_href(url) -> str | None:
    """The URL if a link to it can only navigate (http/https or relative), else None.

    javascript:, data:, vbscript: and friends, also hidden behind spaces or control
    characters that browsers strip, are refused."""
    if not isinstance(url, str) or not url:
        return None
    if _CONTROL.search(url.strip()) or "\\" in url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    if not parts.scheme and not parts.netloc and not url.strip().startswith("//"):
        # relative: "report.json", "site/run/report.html"; a colon before any slash would
        # be read as a scheme by some browsers.
        head = url.strip().split("/")[0]
        return None if ":" in head else url.strip()
    return None


def safe_file_name(name) -> str | None:
    """A file name of the run folder, or None when it is anything else."""
    if isinstance(name, str) and _FILE_NAME.fullmatch(name) and ".." not in name:
        return name
    return None


def neutralise_cell(value):
    """A text cell a spreadsheet would run as a formula gets a leading single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
