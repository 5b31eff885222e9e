"""Writing the rendered files into a run folder or REPORTS_DIR (shared by the pipelines and
the re-render command). Each file is written atomically: whole or absent."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from auditor.contract import DEFAULT_LANGUAGE, PHASES, parse_iso, read_run_name
from auditor.runs.folders import MANIFEST, run_files, sha256_file
from reports.atomic import write_atomically, write_bytes_atomically
from reports.csv_export import CSV_FILES
from reports.render import render_history, render_index, render_site
from reports.safety import safe_file_name
from reports.views.history import run_href
from reports.views.index import _run_order, latest_reports, read_report
from reports.xlsx_export import report_xlsx


def _load(folder: Path, report: dict | None) -> dict:
    if report is None:
        report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    return report


def screenshots(folder: Path, report: dict) -> dict[str, bytes]:
    """The phases' screenshots and the banner cropped out of the first, by file name, to
    embed in report.html."""
    images = {}
    phases = report.get("phases") if isinstance(report.get("phases"), dict) else {}
    names = [(phases.get(name) or {}).get(key) for name in PHASES
             for key in ("screenshot", "banner_screenshot", "second_layer_screenshot")]
    for file_name in map(safe_file_name, names):
        if file_name and (folder / file_name).is_file():
            images[file_name] = (folder / file_name).read_bytes()
    return images


def write_html_report(folder: Path, report: dict | None = None,
                      language: str = DEFAULT_LANGUAGE) -> Path:
    folder = Path(folder)
    report = _load(folder, report)
    path = folder / "report.html"
    write_atomically(path, render_site(report, language, screenshots(folder, report)))
    return path


def write_csv_files(folder: Path, report: dict | None = None,
                    language: str = DEFAULT_LANGUAGE) -> list[Path]:
    folder = Path(folder)
    report = _load(folder, report)
    paths = []
    for name, render in CSV_FILES.items():
        write_atomically(folder / name, render(report, language))
        paths.append(folder / name)
    return paths


def write_manifest(folder: Path) -> Path:
    """SHA256SUMS: a `<hex>  <name>` line (what `sha256sum -c` reads) for every file the run
    folder holds but itself. Written after every other file of the run, and again by any
    command that rewrites one."""
    folder = Path(folder)
    path = folder / MANIFEST
    write_atomically(path, "".join(f"{sha256_file(folder / name)}  {name}\n"
                                   for name in run_files(folder)))
    return path


def write_xlsx_report(folder: Path, report: dict | None = None,
                      language: str = DEFAULT_LANGUAGE) -> Path:
    folder = Path(folder)
    path = folder / "report.xlsx"
    write_bytes_atomically(path, report_xlsx(_load(folder, report), language))
    return path


def write_index(reports_dir: Path, language: str = DEFAULT_LANGUAGE) -> Path:
    """Rebuilt from the report.json files on disk, so that it lists every finished site even
    when a run is killed half-way."""
    path = Path(reports_dir) / "index.html"
    write_atomically(path, render_index(latest_reports(reports_dir), language))
    return path


# --- REPORTS_DIR/<site>/history.html -------------------------------------------------------------
def _report_page(run: Path) -> str | None:
    for page in ("report.html", "report.json"):
        if (run / page).is_file():
            return f"{quote(run.name)}/{page}"
    return None


def trend_links(site_dir: Path, trend: list) -> list[str | None]:
    """For each trend item, the link (relative to the site folder) to its run's report: by the
    item's folder when the store knows it, else by the run folder named after its start time
    (auditor.runs.folders), when exactly one has that name."""
    runs = {p.name: p for p in site_dir.iterdir() if p.is_dir()}
    links = []
    for item in trend:
        item = item if isinstance(item, dict) else {}
        name = None
        if run_href(item.get("folder"), site_dir.name):
            name = Path(str(item["folder"]).replace("\\", "/")).name
        else:
            started = parse_iso(item.get("started_at"))
            if started is not None:
                second = started.replace(microsecond=0)  # a folder's name keeps whole seconds
                same = [n for n in runs if (run := read_run_name(n)) and run.started == second]
                name = same[0] if len(same) == 1 else None
        links.append(_report_page(runs[name]) if name in runs else None)
    return links


def write_history_page(site_dir: Path, language: str = DEFAULT_LANGUAGE,
                       latest: tuple[Path, dict] | None = None) -> Path | None:
    """history.html of a site from its newest finished run's history.trend (`latest`: that
    run's folder and report when the caller has it in hand). Nothing is written when the
    newest run has no history (history off, or a report from before it)."""
    site_dir = Path(site_dir)
    runs = sorted((p for p in site_dir.iterdir() if p.is_dir()), key=_run_order, reverse=True)
    for run in runs:
        if latest is not None and run.resolve() == Path(latest[0]).resolve():
            report = latest[1]
        else:
            report = read_report(run / "report.json")
        if report is None:
            continue
        block = report.get("history")
        trend = block.get("trend") if isinstance(block, dict) else None
        if not isinstance(trend, list) or not trend:
            return None
        path = site_dir / "history.html"
        write_atomically(path, render_history(report, language, trend_links(site_dir, trend),
                                              _report_page(run)))
        return path
    return None
