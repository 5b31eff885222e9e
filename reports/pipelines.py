"""Item pipelines that write a site's report files into its run folder, one file kind each,
and the multi-site index at the top of REPORTS_DIR.

A failure to render one file is logged and does not stop the others: report.json, written
first, is the record, and the other files can be rebuilt from it (python -m reports.render)."""
from __future__ import annotations

import json
import logging
from pathlib import Path

from auditor.audit import SiteAuditItem
from reports.atomic import write_atomically
from reports.files import write_csv_files, write_history_page, write_html_report, write_index
from reports.i18n import DEFAULT_LANGUAGE, LANGUAGES

__all__ = ["write_atomically", "JsonReportPipeline", "HtmlReportPipeline", "CsvReportPipeline",
           "IndexPipeline"]
logger = logging.getLogger(__name__)


class JsonReportPipeline:
    def process_item(self, item):
        if isinstance(item, SiteAuditItem):
            path = Path(item.folder) / "report.json"
            write_atomically(path, json.dumps(item.report, ensure_ascii=False, indent=2))
        return item


def report_language(settings) -> str:
    language = settings.get("REPORT_LANGUAGE") or DEFAULT_LANGUAGE
    if language not in LANGUAGES:
        raise ValueError(f"REPORT_LANGUAGE must be one of {', '.join(LANGUAGES)}, not {language!r}")
    return language


class _ReportFilePipeline:
    """Runs `write(item)` for each site audit; logs, and keeps going, if it fails."""

    what = "report file"

    def __init__(self, language: str = DEFAULT_LANGUAGE):
        self.language = language

    @classmethod
    def from_crawler(cls, crawler):
        return cls(report_language(crawler.settings))

    def process_item(self, item):
        if isinstance(item, SiteAuditItem):
            try:
                self.write(item)
            except Exception:
                logger.exception("%s: writing the %s failed", item.report.get("url"), self.what)
        return item

    def write(self, item: SiteAuditItem) -> None:
        raise NotImplementedError


class HtmlReportPipeline(_ReportFilePipeline):
    """report.html, in REPORT_LANGUAGE (fr by default), then the site's history.html."""

    what = "HTML report"

    def write(self, item):
        folder = Path(item.folder)
        write_html_report(folder, item.report, self.language)
        try:
            write_history_page(folder.parent, self.language, latest=(folder, item.report))
        except Exception:
            logger.exception("%s: writing the history page failed", item.report.get("url"))


class CsvReportPipeline(_ReportFilePipeline):
    """cookies.csv, requests.csv, findings.csv."""

    what = "CSV files"

    def write(self, item):
        write_csv_files(Path(item.folder), item.report)


class IndexPipeline(_ReportFilePipeline):
    """REPORTS_DIR/index.html, rebuilt from disk after each site (runs after the others)."""

    what = "index"

    def write(self, item):
        # The run folder is REPORTS_DIR/<site>/<run> (auditor.storage).
        write_index(Path(item.folder).parent.parent, self.language)
