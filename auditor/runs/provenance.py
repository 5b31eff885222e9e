"""How a run's evidence was obtained (report.json `provenance`): the tool, the Chromium and
the reference data that made it, when (UTC times, shown in REPORT_TIMEZONE), every page the
browser loaded, the SHA-256 of the evidence files written before report.json (the run
folder's SHA256SUMS covers every file, report.json included) and how values were hashed."""
from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from auditor.capture.hashing import HEX_DIGITS, PREFIX
from auditor.contract import PHASES, REPORT_TIMEZONE, iso_utc
from auditor.knowledge import Knowledge
from auditor.knowledge.datafiles import file_versions
from auditor.runs.folders import run_files, sha256_file
from reports.i18n.provenance import method_sentence

PACKAGE = "site-auditor"  # pyproject's project name
# Values are kept as their keyed hash, and the HARs rewritten so (auditor/capture/hashing.py).
METHOD = ("keyed_hashes", {"algorithm": "HMAC-SHA-256", "prefix": PREFIX, "hex_digits": HEX_DIGITS})


@lru_cache(maxsize=1)
def tool_version() -> str | None:
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return None


def data_versions(knowledge: Knowledge, autoconsent: str | None) -> dict[str, str | None]:
    """The outside data's versions (None: not used), then a hash of each of the project's own
    data files."""
    return {"open_cookie_database": knowledge.versions.get("open_cookie_database"),
            "trackerdb": knowledge.versions.get("trackerdb"),
            "autoconsent": autoconsent,
            **file_versions()}


def pages_visited(phases: dict, documents: dict, pages: dict) -> list[str]:
    """Every page the browsers loaded, each once, in the order of the audit: the phases' home
    and internal pages, then the legal pages' browser's (URLs as kept: values hashed out)."""
    seen: dict[str, None] = {}
    for name in PHASES:
        for url in (phases.get(name) or {}).get("pages_visited") or []:
            seen.setdefault(url)
    for url in [*((documents or {}).get("pages_loaded") or []), *(pages or {}).values()]:
        if url:
            seen.setdefault(url)
    return list(seen)


def evidence_hashes(folder: Path) -> dict[str, str]:
    """The files already in the run folder (HARs, screenshots), by name: "sha256:" + hex."""
    return {name: "sha256:" + sha256_file(Path(folder) / name) for name in run_files(folder)}


def provenance(*, started_at: datetime, finished_at: datetime, chromium_version: str | None,
               autoconsent: str | None, knowledge: Knowledge, phases: dict, documents: dict,
               pages: dict, folder: Path) -> dict:
    code, params = METHOD
    return {
        "tool_version": tool_version(),
        "chromium_version": chromium_version,
        "data_versions": data_versions(knowledge, autoconsent),
        "started_at": iso_utc(started_at),
        "finished_at": iso_utc(finished_at),
        "timezone": REPORT_TIMEZONE,
        "pages_visited": pages_visited(phases, documents, pages),
        "files": evidence_hashes(folder),
        "method": {"code": code, "params": dict(params), "text": method_sentence(code, params)},
    }
