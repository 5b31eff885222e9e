"""report.pdf and report.xlsx: the workbook from synthetic reports, the PDF pipeline's setting
and failures, then the files the real crawl wrote (the PDF read back with pypdf)."""
from __future__ import annotations

import asyncio
import io
import re
import shutil
import zipfile
from datetime import datetime

import openpyxl
import pytest
from pypdf import PdfReader
from scrapy.utils.test import get_crawler

from auditor.audit import SiteAuditItem
from reports.__main__ import main as rerender
from reports.i18n import Translator
from reports.pipelines import (
    PDF_NOT_WRITTEN,
    PDF_WRITTEN,
    CsvReportPipeline,
    HtmlReportPipeline,
    IndexPipeline,
    JsonReportPipeline,
    PdfReportPipeline,
    XlsxReportPipeline,
)
from reports.xlsx_export import report_xlsx
from tests.e2e import BAD_INPUT, BOULANGERIE, FLEURISTE, HOSTILE, SITES
from tests.test_reports import cookie, error_report, synthetic_report

CHROMIUM = "/usr/bin/chromium"
FORMULA = '=HYPERLINK("https://x.example","clic")'


class Stats:
    def __init__(self):
        self.values = {}

    def inc_value(self, key, count=1):
        self.values[key] = self.values.get(key, 0) + count


def workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def rows(sheet) -> list[dict]:
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, (c for c in row))) for row in sheet.iter_rows(min_row=2)]


def formula_cells(data: bytes) -> list[str]:
    """The <f> elements of the workbook's sheets: formulas Excel would run."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [name for name in archive.namelist()
                if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name)]


# --- report.xlsx --------------------------------------------------------------------------------
def test_the_workbook_has_three_sheets_with_french_headers_numbers_and_paris_times():
    data = report_xlsx(synthetic_report())
    book = workbook(data)
    assert book.sheetnames == ["Constats", "Cookies", "Requêtes"]
    findings, cookies, requests = (book[name] for name in book.sheetnames)
    assert [c.value for c in findings[1]][:3] == ["Règle", "Thème", "Gravité"]
    assert "Durée demandée (jours)" in [c.value for c in cookies[1]]
    assert "Statut HTTP" in [c.value for c in requests[1]]
    for sheet in (findings, cookies, requests):
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
        assert all(sheet.column_dimensions[c].width >= 8 for c in "ABC")
    ga = rows(cookies)[0]
    assert ga["Nom"].value == "_ga" and ga["Phase"].value == "Avant tout choix"
    assert ga["Durée demandée (jours)"].data_type == "n" and ga["Durée demandée (jours)"].value == 730
    # 2028-11-22T08:00:00Z is 09:00 in Paris (winter time); Excel has no time zones.
    expires = ga["Expiration (heure de Paris)"]
    assert expires.value == datetime(2028, 11, 22, 9, 0) and expires.is_date
    assert expires.number_format == "dd/mm/yyyy hh:mm:ss"
    assert ga["Tiers"].value is False
    first = rows(findings)[0]
    assert first["Gravité"].value == "Moyen" and first["Thème"].value == "Cookies"
    assert first["Nombre de preuves"].value == 2 and first["Nombre de preuves"].data_type == "n"
    session = rows(cookies)[1]
    assert session["Nom"].value == "PHPSESSID" and session["Durée demandée (jours)"].value is None


def test_english_headers_with_english_reports():
    book = workbook(report_xlsx(synthetic_report(), "en"))
    assert book.sheetnames == ["Findings", "Cookies", "Requests"]
    assert [c.value for c in book["Findings"][1]][:3] == ["Rule", "Theme", "Severity"]
    assert rows(book["Findings"])[0]["Severity"].value == "Medium"
    assert book["Cookies"]["L2"].number_format == "yyyy-mm-dd hh:mm:ss"


def test_every_column_has_a_header_in_both_languages():
    from reports.csv_export import TABLES
    for language in ("fr", "en"):
        t = Translator(language)
        for columns, _ in TABLES.values():
            assert all(t.has(f"sheet.columns.{c}") for c in columns)


def test_formula_looking_text_is_stored_as_text():
    report = synthetic_report()
    report["phases"]["reject"]["cookies"] += [cookie(FORMULA), cookie("+1"), cookie("@SUM(A1)"),
                                             cookie("ctrl\x01char")]
    report["findings"][0]["message"] = "=1+1"
    data = report_xlsx(report)
    assert formula_cells(data) == []
    book = workbook(data)
    names = {r["Nom"].value: r["Nom"] for r in rows(book["Cookies"])}
    for name in (FORMULA, "+1", "@SUM(A1)"):
        assert names[name].data_type == "s" and names[name].quotePrefix, name
    assert not names["_ga"].quotePrefix
    assert "ctrl\ufffdchar" in names  # a control character the format refuses is replaced
    message = rows(book["Constats"])[0]["Constat"]
    assert message.value == "=1+1" and message.data_type == "s"


def test_a_formula_would_be_written_as_one_without_the_neutralising():
    """The check above can fail: openpyxl, left alone, makes "=..." a formula."""
    book = openpyxl.Workbook()
    book.active["A1"] = FORMULA
    out = io.BytesIO()
    book.save(out)
    assert formula_cells(out.getvalue())


def test_an_error_report_has_empty_sheets_with_headers():
    book = workbook(report_xlsx(error_report()))
    assert book["Cookies"].max_row == 1 and book["Cookies"]["A1"].value == "Phase"


# --- the PDF pipeline: setting and failures -----------------------------------------------------
def site_item(tmp_path, report=None):
    folder = tmp_path / "www.exemple.fr" / "20261122T080000Z"
    folder.mkdir(parents=True)
    return SiteAuditItem(report=report or synthetic_report(), folder=str(folder)), folder


def test_the_pdf_setting_off_writes_none(tmp_path):
    crawler = get_crawler(settings_dict={"AUDITOR_PDF": "0", "AUDITOR_CHROMIUM": "/nonexistent"})
    pipeline = PdfReportPipeline.from_crawler(crawler)  # no Chromium looked for
    item, folder = site_item(tmp_path)
    HtmlReportPipeline().process_item(item)
    assert asyncio.run(pipeline.process_item(item)) is item
    asyncio.run(pipeline.close_spider())
    assert not (folder / "report.pdf").exists()
    assert pipeline.printer is None


def test_a_print_failure_keeps_the_other_files(tmp_path, caplog):
    """A browser that does not start (here /bin/false): report.pdf is counted and logged as
    not written, every other file is written."""
    stats = Stats()
    item, folder = site_item(tmp_path)
    pdf = PdfReportPipeline("/bin/false", stats)

    async def crawl():
        for pipeline in (JsonReportPipeline(), HtmlReportPipeline(), pdf, CsvReportPipeline(),
                         XlsxReportPipeline(), IndexPipeline()):
            result = pipeline.process_item(item)
            assert (await result if asyncio.iscoroutine(result) else result) is item
        await pdf.close_spider()

    asyncio.run(crawl())
    assert {p.name for p in folder.iterdir()} == {
        "report.json", "report.html", "cookies.csv", "requests.csv", "findings.csv", "report.xlsx"}
    assert (tmp_path / "index.html").is_file()
    assert stats.values == {PDF_NOT_WRITTEN: 1}
    assert "https://www.exemple.fr/: report.pdf could not be printed in" in caplog.text


@pytest.mark.browser
def test_the_pipeline_prints_each_site_with_one_browser(tmp_path):
    stats = Stats()
    pdf = PdfReportPipeline(CHROMIUM, stats)
    items = []
    for n, report in enumerate((synthetic_report(), error_report())):
        folder = tmp_path / f"site{n}" / "20261122T080000Z"
        folder.mkdir(parents=True)
        items.append(SiteAuditItem(report=report, folder=str(folder)))
        HtmlReportPipeline().process_item(items[-1])

    async def crawl():
        await asyncio.gather(*(pdf.process_item(item) for item in items))  # sites at once
        browser = pdf.printer._browser
        await pdf.process_item(items[0])
        assert pdf.printer._browser is browser and browser.is_connected()  # launched once
        await pdf.close_spider()
        assert not browser.is_connected()

    asyncio.run(crawl())
    assert stats.values == {PDF_WRITTEN: 3}
    assert "Non conforme" in page_texts(tmp_path / "site0" / "20261122T080000Z" / "report.pdf")[0]
    assert "L’audit n’a pas pu être mené" in page_texts(tmp_path / "site1" / "20261122T080000Z" / "report.pdf")[0]


# --- the crawl's files -------------------------------------------------------------------------
def page_texts(path) -> list[str]:
    reader = PdfReader(path)
    # A URL that wraps in the title is cut after a hyphen.
    return [re.sub(r"-\s+", "-", " ".join(page.extract_text().split())) for page in reader.pages]


def test_the_crawl_prints_a_pdf_with_the_verdict_and_the_url_on_page_one(reports):
    for url in SITES:
        folder, report = reports[url]
        path = folder / "report.pdf"
        assert path.read_bytes()[:5] == b"%PDF-", url
        pages = page_texts(path)
        assert len(pages) >= 1
        verdict = Translator("fr")(f"verdict.{report['summary']['verdict']}.label")
        assert verdict in pages[0] and url in pages[0], (url, pages[0][:300])
        assert pages[-1].endswith(f"{len(pages)} / {len(pages)}")  # the footer's page numbers
    assert "Non conforme" in page_texts(reports[BOULANGERIE][0] / "report.pdf")[0]
    assert "Non conforme" not in page_texts(reports[FLEURISTE][0] / "report.pdf")[0]


def test_an_error_report_is_printed_too(runs):
    found = runs["bad"].reports()
    folder, _ = found[next(iter(BAD_INPUT))]
    assert "L’audit n’a pas pu être mené" in page_texts(folder / "report.pdf")[0]


def test_the_crawl_writes_a_workbook_with_hostile_names_as_text(reports):
    folder, report = reports[HOSTILE]
    data = (folder / "report.xlsx").read_bytes()
    assert formula_cells(data) == []
    book = workbook(data)
    assert book.sheetnames == ["Constats", "Cookies", "Requêtes"]
    cookies = rows(book["Cookies"])
    assert len(cookies) == sum(len(p["cookies"]) for p in report["phases"].values())
    names = {r["Nom"].value: r["Nom"] for r in cookies}
    hostile = [n for n in names if n[:1] in ("=", "+", "-", "@")]
    assert hostile and all(names[n].data_type == "s" and names[n].quotePrefix for n in hostile)
    assert '+HYPERLINK("https://piege.example/","clic")' in names  # as the site set it
    lifetimes = [r["Durée demandée (jours)"] for r in cookies if r["Durée demandée (jours)"].value is not None]
    assert lifetimes and all(c.data_type == "n" for c in lifetimes)
    statuses = [r["Statut HTTP"].value for r in rows(book["Requêtes"]) if r["Statut HTTP"].value is not None]
    assert statuses and all(isinstance(s, int) for s in statuses)


def test_the_rerender_command_prints_the_pdf_again(reports, tmp_path):
    folder, _ = reports[BOULANGERIE]
    copy = tmp_path / "reports" / folder.parent.name / folder.name
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("report.pdf", "report.xlsx"))
    assert rerender([str(tmp_path / "reports"), "--language", "en"]) == 0
    assert "Not compliant" in page_texts(copy / "report.pdf")[0]
    assert workbook((copy / "report.xlsx").read_bytes()).sheetnames == ["Findings", "Cookies", "Requests"]
    assert rerender([str(tmp_path / "reports"), "--no-pdf"]) == 0
