"""Writing the rendered files into a run folder or REPORTS_DIR (shared by the pipelines and
the re-render command). Each file is written atomically: whole or absent."""
from __future__ import annotations

import json
from pathlib import Path

from reports.csv_export import CSV_FILES
from reports.i18n import DEFAULT_LANGUAGE
from reports.index_view import latest_reports
from reports.atomic import write_atomically
from reports.render import render_index, render_site
from reports.safety import safe_file_name

PHASES = ("initial", "accept", "reject")


def _load(folder: Path, report: dict | None) -> dict:
    if report is None:
        report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    return report


def screenshots(folder: Path, report: dict) -> dict[str, bytes]:
    """The phases' screenshots, by file name, to embed in report.html."""
    images = {}
    phases = report.get("phases") if isinstance(report.get("phases"), dict) else {}
    for name in PHASES:
        file_name = safe_file_name((phases.get(name) or {}).get("screenshot"))
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


def write_csv_files(folder: Path, report: dict | None = None) -> list[Path]:
    folder = Path(folder)
    report = _load(folder, report)
    paths = []
    for name, render in CSV_FILES.items():
        write_atomically(folder / name, render(report))
        paths.append(folder / name)
    return paths


def write_index(reports_dir: Path, language: str = DEFAULT_LANGUAGE) -> Path:
    """Rebuilt from the report.json files on disk, so that it lists every finished site even
    when a run is killed half-way."""
    path = Path(reports_dir) / "index.html"
    write_atomically(path, render_index(latest_reports(reports_dir), language))
    return path
