"""What a crawl says when it ends (reports/run_summary.py, auditor/runs/summary.py) and a
batch's progress on a terminal (auditor/runs/crawl_progress.py)."""
from __future__ import annotations

import io
import logging
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Request
from scrapy.utils.misc import load_object
from scrapy.utils.test import get_crawler

from auditor import settings as auditor_settings
from auditor.audit import SiteAuditItem
from auditor.runs.crawl_progress import CrawlProgress
from auditor.runs.schedule.progress import LogProgress, RichProgress
from auditor.runs.summary import RunSummary
from reports.i18n import Translator, catalogue
from reports.run_summary import SiteOutcome, run_summary

ANSI = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]")


def finding(rule, severity, subject):
    return {"rule": rule, "severity": severity, "subject": subject, "message": "…", "evidence": []}


def ok_report(url, *findings):
    return {"url": url, "status": "ok", "findings": list(findings)}


def failed_report(url):
    return {"url": url, "status": "error", "error": "DNS failure: the host name could not be "
            "resolved (net::ERR_NAME_NOT_RESOLVED)", "error_code": "dns",
            "error_params": {"net_error": "net::ERR_NAME_NOT_RESOLVED"}, "findings": []}


BAKERY = ok_report("https://www.boulangerie-martin.fr/",
                   finding("cookie.lifetime_over_13_months", "medium", "_ga"),
                   finding("consent.tracker_before_consent", "high", "Google Analytics"),
                   finding("policy.declared_tracker_not_observed", "info", "Hotjar"))
FLORIST = ok_report("https://www.fleuriste-rose.fr/")
NOWHERE = failed_report("https://introuvable.invalid/")


def crawl_outcomes():
    return [SiteOutcome(BAKERY["url"], BAKERY), SiteOutcome(NOWHERE["url"], NOWHERE),
            SiteOutcome(FLORIST["url"], FLORIST),
            SiteOutcome("https://www.plein.fr/", not_written="report.json not written: "
                        "the disk is full (No space left on device)")]


@pytest.fixture
def index(tmp_path):
    path = tmp_path / "rapports" / "index.html"
    path.parent.mkdir()
    path.write_text("<html></html>", encoding="utf-8")
    return path


# --- the summary's text ---------------------------------------------------------------------
def test_the_summary_of_a_crawl_in_french(index):
    text = run_summary(crawl_outcomes(), index, "fr", not_started=1)
    t = Translator("fr")
    lines = text.splitlines()
    assert "Bilan de l’audit" in lines
    assert "Sites audités : 2 sur 5" in lines
    assert "Sites non audités : 2" in lines
    assert "  https://introuvable.invalid/ : " + t("error.dns") in lines
    assert ("  https://www.plein.fr/ : ses fichiers de rapport n’ont pas pu être écrits (report.json not "
            "written: the disk is full (No space left on device))") in lines
    assert "Sites sans rapport (voir le journal) : 1" in lines
    # Each audited site's verdict, in the report's words, with what is to correct.
    assert (f"  www.boulangerie-martin.fr : {t('verdict.non_compliant.label')} "
            f"({t('severity.high')} 1, {t('severity.medium')} 1)") in lines
    assert f"  www.fleuriste-rose.fr : {t('verdict.no_issue_found.label')}" in lines
    # The worst findings, worst first; information is not one of them.
    start = lines.index("Constats les plus graves (2 sur 2) :")
    assert lines[start + 1:start + 3] == [
        f"  Grave  www.boulangerie-martin.fr · {t('rules.consent.tracker_before_consent')}"
        " · Google Analytics",
        f"  Moyen  www.boulangerie-martin.fr · {t('rules.cookie.lifetime_over_13_months')} · _ga"]
    assert "Hotjar" not in text
    # The index to open, last.
    assert lines[-2:] == [f"Index des rapports à ouvrir : {index}", f"  {index.as_uri()}"]
    assert index.is_absolute() and lines[-1].strip().startswith("file:///")


def test_the_summary_of_a_crawl_in_english(index):
    text = run_summary(crawl_outcomes(), index, "en")
    t = Translator("en")
    lines = text.splitlines()
    assert "Sites audited: 2 of 4" in lines
    assert "  https://introuvable.invalid/: " + t("error.dns") in lines
    assert (f"  www.boulangerie-martin.fr: {t('verdict.non_compliant.label')} "
            f"({t('severity.high')} 1, {t('severity.medium')} 1)") in lines
    assert "The most serious findings (2 of 2):" in lines
    assert lines[-2:] == [f"The reports' index to open: {index}", f"  {index.as_uri()}"]
    # One language: no French label of the section (nor the reverse).
    french = {v.split("{")[0] for k, v in catalogue("fr").items() if k.startswith("run_summary.")}
    assert not [words for words in french if len(words) > 8 and words in text]
    english = {v.split("{")[0] for k, v in catalogue("en").items() if k.startswith("run_summary.")}
    assert not [w for w in english if len(w) > 8 and w in run_summary(crawl_outcomes(), index, "fr")]


def test_many_sites_are_counted_by_verdict_with_the_worst_listed(index):
    t = Translator("fr")
    clean = [SiteOutcome(f"https://propre{n}.fr/", ok_report(f"https://propre{n}.fr/"))
             for n in range(12)]
    bad = ok_report("https://pire.fr/", *[finding("consent.no_banner", "high", "banner")] * 3)
    worse = ok_report("https://moyen.fr/", finding("legal_notice.missing", "medium", "legal_notice"))
    text = run_summary([*clean, SiteOutcome(worse["url"], worse), SiteOutcome(bad["url"], bad)],
                       index, "fr")
    lines = text.splitlines()
    assert f"  {t('verdict.non_compliant.label')} : 1" in lines
    assert f"  {t('verdict.needs_attention.label')} : 1" in lines
    assert f"  {t('verdict.no_issue_found.label')} : 12" in lines
    start = lines.index("Sites les plus en défaut :")
    assert lines[start + 1].startswith("  pire.fr : ") and lines[start + 2].startswith("  moyen.fr : ")
    assert "propre3.fr" not in text  # sites with nothing to correct are counted, not listed


def test_a_stopped_run_says_so_and_a_run_without_reports_has_no_index(tmp_path):
    text = run_summary([SiteOutcome(NOWHERE["url"], NOWHERE)], tmp_path / "index.html", "fr",
                       not_started=3, stopped="shutdown")
    assert "Audit arrêté avant la fin (shutdown) ; sites non commencés : 3" in text
    assert "Sites audités : 0 sur 4" in text
    assert text.splitlines()[-1] == "Aucun rapport n’a été écrit."
    assert "index.html" not in text


def test_a_site_s_text_cannot_drive_the_terminal(index):
    hostile = ok_report("https://www.piege.fr/",
                        finding("cookie.undeclared", "low", "\x1b[2J\x1b]0;owned\x07x\u202egpj.exe"))
    text = run_summary([SiteOutcome(hostile["url"], hostile)], index, "en")
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "?[2J?]0;owned?x?gpj.exe" in text


# --- the extension --------------------------------------------------------------------------
def item(report, tmp_path):
    folder = tmp_path / report["url"].split("/")[2]
    folder.mkdir(exist_ok=True)
    return SiteAuditItem(report=report, folder=str(folder))


def spider_of(urls):
    return SimpleNamespace(targets=list(urls), journal=None, feed=None)


def test_both_extensions_are_wired_in_the_settings():
    for path in ("auditor.runs.summary.RunSummary", "auditor.runs.crawl_progress.CrawlProgress"):
        assert path in auditor_settings.EXTENSIONS
        assert auditor_settings.EXTENSIONS[path] is not None
        assert load_object(path).from_crawler
    assert auditor_settings.AUDITOR_SUMMARY is True
    assert auditor_settings.AUDITOR_PROGRESS == "auto"


def test_the_extension_collects_the_sites_and_prints_the_summary(tmp_path, index):
    crawler = get_crawler(settings_dict={"REPORTS_DIR": str(index.parent), "REPORT_LANGUAGE": "en",
                                         "AUDITOR_SUMMARY": True})
    summary = RunSummary.from_crawler(crawler)
    summary.stream = io.StringIO()
    for report in (BAKERY, NOWHERE):
        crawler.signals.send_catch_log(signals.item_scraped, item=item(report, tmp_path),
                                       response=None, spider=None)
    dropped = item(ok_report("https://www.plein.fr/"), tmp_path)
    crawler.signals.send_catch_log(signals.item_dropped, item=dropped, response=None,
                                   exception=OSError("disk full"), spider=None)
    crawler.signals.send_catch_log(signals.item_scraped, item={"not": "a site"}, response=None,
                                   spider=None)
    urls = [BAKERY["url"], NOWHERE["url"], "https://www.plein.fr/", "https://www.jamais.fr/"]
    crawler.signals.send_catch_log(signals.spider_closed, spider=spider_of(urls), reason="finished")
    summary.show()
    text = summary.stream.getvalue()
    assert "Sites audited: 1 of 4" in text
    assert "Sites not audited: 2" in text
    assert "https://www.plein.fr/: its report files could not be written (disk full)" in text
    assert "Sites without a report (see the log): 1" in text
    assert text.rstrip().endswith(index.as_uri())


def test_the_summary_can_be_turned_off():
    with pytest.raises(NotConfigured):
        RunSummary.from_crawler(get_crawler(settings_dict={"AUDITOR_SUMMARY": False}))


# --- progress -------------------------------------------------------------------------------
class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def progress_crawler(mode):
    return get_crawler(settings_dict={"AUDITOR_PROGRESS": mode, "REPORT_LANGUAGE": "fr",
                                      "LOGSTATS_INTERVAL": 0})


def run_batch(crawler, tmp_path, reports):
    """Three sites through the progress extension's signals, as a crawl sends them."""
    spider = spider_of([r["url"] for r in reports])
    crawler.signals.send_catch_log(signals.spider_opened, spider=spider)
    for report in reports:
        done = item(report, tmp_path)
        audit = SimpleNamespace(folder=Path(done.folder), url=report["url"])
        for _ in range(2):  # a site's phases: one start
            crawler.signals.send_catch_log(signals.request_scheduled, spider=spider,
                                           request=Request(report["url"], meta={"audit": audit}))
        logging.getLogger("scrapy.core.engine").warning("a log line while %s is audited", report["url"])
        crawler.signals.send_catch_log(signals.item_scraped, item=done, response=None, spider=spider)
    crawler.signals.send_catch_log(signals.spider_closed, spider=spider, reason="finished")


def test_a_batch_shows_its_progress_on_a_terminal(tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # a line each
    screen = FakeTerminal()
    crawler = progress_crawler("auto")
    progress = CrawlProgress.from_crawler(crawler, stream=screen)
    assert isinstance(progress.printer, RichProgress)
    # Scrapy's own handler holds the terminal's stream: its lines go above the display.
    handler = logging.StreamHandler(sys.stderr)
    logging.getLogger().addHandler(handler)
    try:
        run_batch(crawler, tmp_path, [BAKERY, NOWHERE, FLORIST])
    finally:
        logging.getLogger().removeHandler(handler)
    shown = ANSI.sub("", screen.getvalue())
    t = Translator("fr")
    assert f"ok https://www.boulangerie-martin.fr/: {t('verdict.non_compliant.label')}" in shown
    assert f"failed https://introuvable.invalid/: {t('error.dns')}" in shown
    assert "3/3" in shown and "under way" in shown and "left" in shown
    assert "a log line while https://www.fleuriste-rose.fr/ is audited" in shown
    assert handler.stream is sys.stderr  # given back once the display is over


def test_no_progress_off_a_terminal_unless_asked(tmp_path, caplog):
    with pytest.raises(NotConfigured):
        CrawlProgress.from_crawler(progress_crawler("auto"), stream=io.StringIO())
    with pytest.raises(NotConfigured):
        CrawlProgress.from_crawler(progress_crawler("off"), stream=FakeTerminal())
    with pytest.raises(ValueError, match="AUDITOR_PROGRESS"):
        CrawlProgress.from_crawler(progress_crawler("sometimes"), stream=FakeTerminal())
    crawler = progress_crawler("on")
    progress = CrawlProgress.from_crawler(crawler, stream=io.StringIO())
    assert type(progress.printer) is LogProgress
    with caplog.at_level(logging.INFO, logger="auditor.runs.schedule.progress"):
        run_batch(crawler, tmp_path, [BAKERY, NOWHERE])
    assert "audit started: https://www.boulangerie-martin.fr/" in caplog.text
    assert "audit failed: https://introuvable.invalid/" in caplog.text
    assert caplog.text.count("audit started") == 2


def test_one_site_on_a_terminal_shows_no_progress(tmp_path):
    screen = FakeTerminal()
    crawler = progress_crawler("auto")
    CrawlProgress.from_crawler(crawler, stream=screen)
    run_batch(crawler, tmp_path, [BAKERY])
    assert screen.getvalue() == ""
