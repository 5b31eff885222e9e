"""The multi-site index: the latest audit of every site under REPORTS_DIR, read from disk."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from auditor.contract import NOT_AUDITED, SEVERITIES, VERDICTS, read_run_name
from reports.i18n import Translator
from reports.verdict import before_choice, findings_of, severity_counts, verdict
from reports.views.formatting import timestamp


@dataclass
class IndexEntry:
    href: str  # the site's report page (or report.json), relative to REPORTS_DIR
    report: dict


def _run_order(folder: Path):
    """Run folders are <timestamp>[-n] (auditor.runs.folders); -10 comes after -9. Any other
    folder comes before them all."""
    run = read_run_name(folder.name)
    if run is None:
        return (float("-inf"), 0, folder.name)
    return (run.started.timestamp(), run.n, folder.name)


def read_report(path: Path) -> dict | None:
    """A run's report.json, or None when it cannot be read whole."""
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # a run killed before its report.json was whole
    return report if isinstance(report, dict) else None


def latest_reports(reports_dir: str | Path) -> list[IndexEntry]:
    """For each site folder, its newest run that has a readable report.json."""
    root = Path(reports_dir)
    entries = []
    for site in sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []:
        for run in sorted((p for p in site.iterdir() if p.is_dir()), key=_run_order, reverse=True):
            report = read_report(run / "report.json")
            if report is None:
                continue
            page = "report.html" if (run / "report.html").is_file() else "report.json"
            href = "/".join(quote(part) for part in (site.name, run.name, page))
            entries.append(IndexEntry(href=href, report=report))
            break
    return entries


def index_rows(entries: list[IndexEntry], t: Translator) -> list[dict]:
    rows = []
    for entry in entries:
        report = entry.report
        outcome = verdict(report)
        counts = severity_counts(findings_of(report))
        before = before_choice(report)
        rows.append({
            "site": str(report.get("url") or ""),
            "name": str(report.get("name") or ""),
            "tags": [str(tag) for tag in report.get("tags") or [] if isinstance(tag, str)],
            "href": entry.href,
            "started_at": timestamp(report.get("started_at"), t.language),
            "started_sort": str(report.get("started_at") or ""),
            "ok": outcome != NOT_AUDITED,
            "status": t("index.status.error") if outcome == NOT_AUDITED else t("index.status.ok"),
            "error": str(report.get("error") or ""),
            "verdict": outcome,
            "verdict_label": t(f"verdict.{outcome}.label"),
            "verdict_rank": VERDICTS.index(outcome),
            "counts": [counts[s] for s in SEVERITIES],
            "trackers": len(before["trackers"]),
            "tracker_names": ", ".join(before["trackers"]),
            "third_party_requests": before["third_party_requests"],
        })
    # Default order, also without the sorting script: worst verdict first.
    rows.sort(key=lambda r: (r["verdict_rank"], -r["counts"][0], r["site"]))
    return rows
