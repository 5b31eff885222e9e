"""Item pipelines that write a site's report files into its run folder, one file kind each,
and the multi-site index at the top of REPORTS_DIR.

A failure to render one file is logged and does not stop the others: report.json, written
first, is the record, and the other files can be rebuilt from it (python -m reports.render)."""
from __future__ import annotations

import json
import logging
from pathlib import Path

from scrapy.exceptions import DropItem

from auditor.audit import SiteAuditItem
from auditor.browser.launch import find_chromium
from auditor.contract import DEFAULT_LANGUAGE
from auditor.runs.folders import count_write_error, write_error_reason
from reports.atomic import write_atomically
from reports.files import (
    write_csv_files,
    write_history_page,
    write_html_report,
    write_index,
    write_manifest,
    write_xlsx_report,
)
from reports.i18n import report_language
from reports.pdf import PdfPrinter

__all__ = ["write_atomically", "JsonReportPipeline", "HtmlReportPipeline", "PdfReportPipeline",
           "CsvReportPipeline", "XlsxReportPipeline", "IndexPipeline",
           "ManifestPipeline"]
logger = logging.getLogger(__name__)


SITES_NOT_WRITTEN = "auditor/sites_not_written"  # report.json failed: exit status 1
PDF_WRITTEN = "auditor/pdf_written"
PDF_NOT_WRITTEN = "auditor/pdf_not_written"


class JsonReportPipeline:
    """report.json, the record. When it cannot be written (disk full...), the site is logged,
    counted and dropped: the later pipelines would fail the same way, and the site is not
    finished (a resumed run or the queue audits it again). The run goes on."""

    def __init__(self, stats=None):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item):
        if isinstance(item, SiteAuditItem):
            path = Path(item.folder) / "report.json"
            try:
                write_atomically(path, json.dumps(item.report, ensure_ascii=False, indent=2))
            except OSError as exc:
                count_write_error(self.stats, exc)
                if self.stats is not None:
                    self.stats.inc_value(SITES_NOT_WRITTEN)
                reason = write_error_reason(exc)
                logger.error("%s: its reports could not be written in %s: %s",
                             item.report.get("url"), item.folder, reason)
                raise DropItem(f"report.json not written: {reason}") from exc
        return item


class _ReportFilePipeline:
    """Runs `write(item)` for each site audit; logs, and keeps going, if it fails."""

    what = "report file"

    def __init__(self, language: str = DEFAULT_LANGUAGE, stats=None):
        self.language = language
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(report_language(crawler.settings), crawler.stats)

    def process_item(self, item):
        if isinstance(item, SiteAuditItem):
            try:
                self.write(item)
            except OSError as exc:  # disk full, read-only...: said in words, no traceback
                count_write_error(self.stats, exc)
                logger.error("%s: the %s could not be written in %s: %s", item.report.get("url"),
                             self.what, item.folder, write_error_reason(exc))
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
        except OSError as exc:
            count_write_error(self.stats, exc)
            logger.error("%s: the history page could not be written in %s: %s",
                         item.report.get("url"), folder.parent, write_error_reason(exc))
        except Exception:
            logger.exception("%s: writing the history page failed", item.report.get("url"))


class PdfReportPipeline:
    """report.pdf, printed from report.html by one Chromium launched at the first site and
    closed with the crawl (AUDITOR_PDF=0: none). A report that cannot be printed is logged and
    counted (auditor/pdf_not_written); the site's other files are written all the same."""

    def __init__(self, executable: str | None, stats=None):
        self.printer = PdfPrinter(executable) if executable else None
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        executable = find_chromium(settings.get("AUDITOR_CHROMIUM")) if settings.getbool("AUDITOR_PDF") else None
        return cls(executable, crawler.stats)

    def _count(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)

    async def process_item(self, item):
        if self.printer is not None and isinstance(item, SiteAuditItem):
            try:
                await self.printer.write(Path(item.folder))
                self._count(PDF_WRITTEN)
            except OSError as exc:
                count_write_error(self.stats, exc)
                self._count(PDF_NOT_WRITTEN)
                logger.error("%s: report.pdf could not be written in %s: %s", item.report.get("url"),
                             item.folder, write_error_reason(exc))
            except Exception as exc:  # the browser failed or timed out: said in one line
                self._count(PDF_NOT_WRITTEN)
                reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                logger.error("%s: report.pdf could not be printed in %s: %s", item.report.get("url"),
                             item.folder, reason)
        return item

    async def close_spider(self):
        if self.printer is not None:
            await self.printer.close()


class CsvReportPipeline(_ReportFilePipeline):
    """cookies.csv, requests.csv, findings.csv."""

    what = "CSV files"

    def write(self, item):
        write_csv_files(Path(item.folder), item.report, self.language)


class XlsxReportPipeline(_ReportFilePipeline):
    """report.xlsx: the CSV files' tables for Excel, headers in REPORT_LANGUAGE."""

    what = "Excel workbook"

    def write(self, item):
        write_xlsx_report(Path(item.folder), item.report, self.language)


class IndexPipeline(_ReportFilePipeline):
    """REPORTS_DIR/index.html, rebuilt from disk after each site (runs after the others)."""

    what = "index"

    def write(self, item):
        # The run folder is REPORTS_DIR/<site>/<run> (auditor.runs.folders).
        write_index(Path(item.folder).parent.parent, self.language)


class ManifestPipeline(_ReportFilePipeline):
    """The run folder's SHA256SUMS, over every file the pipelines before it wrote: the last
    of them (ITEM_PIPELINES), so that it covers them all."""

    what = "SHA256SUMS manifest"

    def write(self, item):
        write_manifest(Path(item.folder))
