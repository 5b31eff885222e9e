"""Which sites to audit, read from what the user gave: the spider's `-a url=` and
`-a urls=FILE`, the sites file of `auditor schedule`, the URL arguments, URL lists and sites
files of `auditor enqueue`. Each site keeps where it was given, so a problem names its file and
line. The sites file's own format (YAML, cron) is auditor.runs.sites_file."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from auditor.domains import web_url_fault
from auditor.runs.problems import SitesFileError, TargetsError

if TYPE_CHECKING:  # the sites file (pydantic, APScheduler) is imported when one is read
    from auditor.runs.sites_file import Site, SitesFile


@dataclass(frozen=True)
class Target:
    """A site to audit and where it was given."""

    url: str
    source: str = ""            # the file it was read from; "" = a URL given as an argument
    line: int = 0
    site: Site | None = None    # its entry, when from a sites file (name, tags, options...)

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line else f"argument {self.url}"


def read_url_file(path: str | Path) -> list[Target]:
    """The URLs of a URL list: one URL a line, '#' starts a comment."""
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
            found.append(Target(line, str(path), number))
    return found


def read_sites_file(path: str | Path) -> SitesFile:
    """A sites file; SitesFileError (a TargetsError) lists every problem with its line."""
    from auditor.runs.sites_file import parse_sites
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SitesFileError([f"{path}: cannot read the sites file: {exc.strerror}"]) from exc
    except UnicodeDecodeError as exc:
        raise SitesFileError([f"{path}: not UTF-8 text ({exc.reason})"]) from exc
    return parse_sites(text, str(path))


def read_targets(url: str | None = None, urls: str | None = None) -> list[str]:
    """The spider's `-a url=` then the URLs of `-a urls=FILE`, in the order given (a URL is
    checked when its site is audited: its report says what is wrong with it)."""
    targets = [Target(url.strip())] if url else []
    if urls:
        targets += read_url_file(urls)
    if not targets:
        raise TargetsError("nothing to audit: give -a url=https://... or -a urls=FILE")
    return [target.url for target in targets]


def read_source(source: str) -> list[Target]:
    """The sites of one source of `auditor enqueue`: a sites file (.yaml, .yml), a URL list
    (any other file) or a URL."""
    path = Path(source)
    if path.suffix.lower() in (".yaml", ".yml") and (path.exists() or "://" not in source):
        return [Target(site.url, source, site.line, site)
                for site in read_sites_file(path).sites]
    if path.exists():
        return read_url_file(source)
    if "://" in source:
        return [Target(source)]
    raise TargetsError(f"{source}: neither a file nor a URL (a URL starts with https://)")


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
