"""The sites to audit, from `-a url=`, `-a urls=FILE` or a queue's URL list."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from auditor.domains import web_url_fault


class TargetsError(ValueError):
    pass


def read_url_file(path: str | Path) -> list[tuple[int, str]]:
    """(line number, URL) of a URL list: one URL a line, '#' starts a comment."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise TargetsError(f"cannot read the URL list {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise TargetsError(f"cannot read the URL list {path}: not UTF-8 text") from exc
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if line:
            found.append((number, line))
    return found


def read_targets(url: str | None = None, urls: str | None = None) -> list[str]:
    """URLs in the order given."""
    targets: list[str] = []
    if url:
        targets.append(url.strip())
    if urls:
        targets.extend(line for _, line in read_url_file(urls))
    if not targets:
        raise TargetsError("nothing to audit: give -a url=https://... or -a urls=FILE")
    return targets


def same_site_url(url: str) -> str:
    """One spelling per address, so that a queue knows a URL it already holds:
    scheme and host in lower case, an empty path as "/". Anything unparsable is kept as is
    (the audit reports why it is not a URL)."""
    url = url.strip()
    if web_url_fault(url):
        return url
    parts = urlsplit(url)
    user, at, host = parts.netloc.rpartition("@")
    # The fragment never reaches the server: the same site with or without it.
    return urlunsplit((parts.scheme.lower(), user + at + host.lower(), parts.path or "/",
                       parts.query, ""))


def site_label(url: str | None, name: str | None, tags: str | None) -> dict:
    """`-a site_name=... -a tags=a,b` as SiteAudit fields; they name the one site of -a url=."""
    if (name or tags) and not url:
        raise TargetsError("site_name and tags describe the site of -a url=, give it too")
    label = {}
    if name and name.strip():
        label["name"] = name.strip()
    if tags:
        label["tags"] = [tag.strip() for tag in tags.split(",") if tag.strip()]
    return label
