"""What the HTML shows of report["history"] (issue 8, item 3): "since the last audit" in
report.html and in the index, and each site's history.html with its trend chart. Reports are
built here in the shape the history store writes (see the brief's `history` block)."""
from __future__ import annotations

import copy
import json
import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from auditor.audit import SiteAuditItem
from auditor.contract import parse_iso
from auditor.rules import apply
from reports import __main__ as render_command
from reports.i18n import Translator
from reports.pipelines import HtmlReportPipeline, IndexPipeline, JsonReportPipeline
from reports.render import SITE_CSP, render_history, render_index, render_site, sort_script
from reports.views.history import long_date, run_href
from reports.views.index import latest_reports
from tests.test_reports import PAYLOAD, error_report, synthetic_report
from tests.test_rules import GA_COOKIE, NO_BANNER, phase, site

SITE = "www.exemple.fr"
SVG = "{http://www.w3.org/2000/svg}"


def fref(rule, severity, subject, message):
    return {"rule": rule, "severity": severity, "subject": subject, "message": message}


def trend_item(started_at, high=0, medium=0, low=0, info=0, status="ok", **extra):
    counts = {"high": high, "medium": medium, "low": low, "info": info}
    return {"started_at": started_at, "status": status, "counts": counts,
            "total": sum(counts.values()), "verdict": None, **extra}


def history(previous="2026-11-14T08:00:00Z", new=(), resolved=(), trackers_new=(),
            trackers_vanished=(), cookies_new=(), cookies_vanished=(), trend=None):
    return {
        "site": SITE,
        "previous": None if previous is None else {
            "started_at": previous, "status": "ok",
            "folder": f"/srv/audit-reports/{SITE}/20261114T080000Z"},
        "findings": {"new": list(new), "resolved": list(resolved)},
        "trackers": {"new": list(trackers_new), "vanished": list(trackers_vanished)},
        "cookies": {"new": list(cookies_new), "vanished": list(cookies_vanished)},
        "trend": trend if trend is not None else [
            trend_item("2026-11-14T08:00:00Z", high=1, low=1),
            trend_item("2026-11-22T08:00:00Z", high=2, medium=1, low=1, info=1)],
    }


HOTJAR = {"name": "Hotjar", "company": "Hotjar Ltd", "category": "session_recording",
          "phases": ["initial", "accept"]}
FBP = {"name": "_fbp", "domain": ".exemple.fr", "phases": ["accept"], "tracker": "Meta Pixel"}


def changed_report():
    """The synthetic report, with Google Analytics before consent new since the last audit
    and a legal-notice finding resolved; a tracker and a cookie come and go."""
    report = synthetic_report()
    report["findings"][1]["first_seen"] = "2026-11-22T08:00:00Z"  # new today
    report["findings"][0]["first_seen"] = "2026-11-14T08:00:00Z"  # there last time already
    report["history"] = history(
        new=[fref("consent.tracker_before_consent", "high", "Google Analytics",
                  "Google Analytics est chargé dès l’arrivée.")],
        resolved=[fref("legal_notice.missing_field", "low", "publisher_phone",
                       "Le téléphone de l’éditeur manque.")],
        trackers_new=[HOTJAR],
        trackers_vanished=[{"name": "Matomo", "company": "InnoCraft", "category": "analytics",
                            "phases": ["initial"]}],
        cookies_new=[{"name": "_hjSessionUser", "domain": ".exemple.fr", "phases": ["initial"],
                      "tracker": "Hotjar"}],
        cookies_vanished=[FBP])
    return report


def soup(html):
    return BeautifulSoup(html, "html.parser")


def words(node):
    return " ".join(node.get_text(" ").split())


def section(html):
    return soup(html).find(id="since")


def csp_of(html):
    return soup(html).find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]


# --- report.html: "since the last audit" --------------------------------------------------------
def test_new_and_resolved_findings_trackers_and_cookies_fr():
    html = render_site(changed_report())
    since = section(html)
    assert since.find("h2").get_text() == "Depuis le dernier audit (le 14 novembre 2026)"
    # Right after the verdict's section, before the findings.
    assert [s["id"] for s in soup(html).find_all("section")][:3] == ["summary", "since", "findings"]
    titles = [h.get_text() for h in since.find_all("h3")]
    assert titles == ["Nouveaux constats (1)", "Constats résolus (1)", "Nouveaux traceurs (1)",
                      "Traceurs disparus (1)", "Nouveaux cookies (1)", "Cookies disparus (1)"]
    new = since.select_one("ul.new_findings li")
    assert words(new).startswith("Grave Traceur actif avant tout choix de l’internaute — Google Analytics")
    assert "Google Analytics est chargé dès l’arrivée." in words(new)
    # The new finding links to its block in the findings below.
    target = new.find("a")["href"]
    assert target.startswith("#finding-")
    block = soup(html).find(id=target[1:])
    assert block.name == "article" and "Google Analytics est chargé" in block.get_text()
    resolved = since.select_one("ul.resolved_findings li")
    assert words(resolved).startswith("Mineur Mention légale obligatoire absente — publisher_phone")
    assert resolved.find("a") is None  # no longer in this page
    assert words(since.select_one("ul.new_trackers li")) == (
        "Hotjar (Hotjar Ltd), Enregistrement de session — vu : Avant tout choix, Après « Tout accepter »")
    assert "Matomo (InnoCraft)" in words(since.select_one("ul.vanished_trackers"))
    assert words(since.select_one("ul.new_cookies li")).startswith(
        "_hjSessionUser (.exemple.fr), traceur : Hotjar")
    assert words(since.select_one("ul.vanished_cookies li")).startswith(
        "_fbp (.exemple.fr), traceur : Meta Pixel")
    links = {a.get_text(): a["href"] for a in since.find_all("a") if not a["href"].startswith("#")}
    assert links == {"Rapport de l’audit précédent": "../20261114T080000Z/report.html",
                     "Historique des audits de ce site": "../history.html"}


def test_new_and_resolved_findings_en():
    since = section(render_site(changed_report(), "en"))
    assert since.find("h2").get_text() == "Since the last audit (14 November 2026)"
    assert [h.get_text() for h in since.find_all("h3")][:2] == ["New findings (1)", "Resolved findings (1)"]
    assert words(since.select_one("ul.new_findings li")).startswith("High ")
    assert "Trackers gone (1)" in words(since) and "Cookies gone (1)" in words(since)
    assert words(since.select_one("ul.new_trackers li")) == (
        'Hotjar (Hotjar Ltd), Session recording — seen: Before any choice, After "Accept all"')


def test_new_findings_are_listed_worst_first():
    report = changed_report()
    report["history"]["findings"]["new"] = [
        fref("cookie.undeclared", "info", "a", "info one"),
        fref("consent.no_reject_option", "high", "banner", "high one"),
        fref("cookie.lifetime_over_13_months", "medium", "_ga", "medium one")]
    items = section(render_site(report)).select("ul.new_findings li")
    assert [li.find(class_="sev")["class"][1] for li in items] == ["high", "medium", "info"]


@pytest.mark.parametrize("language, expected", [
    ("fr", "Premier audit de ce site"), ("en", "First audit of this site")])
def test_first_audit(language, expected):
    report = synthetic_report()
    report["history"] = history(previous=None, trend=[trend_item("2026-11-22T08:00:00Z", high=2)])
    since = section(render_site(report, language))
    assert since.find("h2").get_text() == ("Depuis le dernier audit" if language == "fr" else "Since the last audit")
    assert words(since).startswith(since.find("h2").get_text() + " " + expected)
    assert since.find("h3") is None and since.find("ul") is None
    assert [a["href"] for a in since.find_all("a")] == ["../history.html"]  # no previous report


@pytest.mark.parametrize("language, expected, wrong", [
    ("fr", "Rien n’a changé", "Premier audit"), ("en", "Nothing has changed", "First audit")])
def test_nothing_changed(language, expected, wrong):
    report = synthetic_report()
    report["history"] = history()
    text = words(section(render_site(report, language)))
    assert expected in text and wrong not in text
    # The same audit with one change is not "nothing changed".
    report["history"]["cookies"]["vanished"] = [FBP]
    text = words(section(render_site(report, language)))
    assert expected not in text and "_fbp" in text


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_history_no_section(language):
    report = synthetic_report()
    assert section(render_site(report, language)) is None  # old reports, history off
    report["history"] = None
    assert section(render_site(report, language)) is None
    assert "finding-" not in render_site(report, language)  # no ids either


@pytest.mark.parametrize("block", ["broken", {"error": "database is locked"}, {"site": SITE},
                                   {**history(), "findings": []}])
@pytest.mark.parametrize("language, expected", [
    ("fr", "Historique indisponible"), ("en", "History unavailable")])
def test_unreadable_history_says_unavailable(block, language, expected):
    report = synthetic_report()
    report["history"] = block
    since = section(render_site(report, language))
    assert expected in words(since) and since.find("ul") is None


@pytest.mark.parametrize("language, expected", [
    ("fr", "n’a pas abouti"), ("en", "did not complete")])
def test_an_error_audit_is_not_compared(language, expected):
    report = error_report()
    report["history"] = history(trend=[trend_item("2026-11-14T08:00:00Z", high=1),
                                       trend_item("2026-11-22T08:00:00Z", status="error")])
    text = words(section(render_site(report, language)))
    assert expected in text
    assert "Rien n’a changé" not in text and "Nothing has changed" not in text


def test_findings_say_since_when_they_are_there():
    report = changed_report()
    html = render_site(report)
    findings = soup(html).find(id="findings")
    by_subject = {a.find(class_="subject").get_text(): a for a in findings.select("article.finding")}
    assert by_subject["_ga"].find(class_="since").get_text() == "depuis le 14 novembre"
    assert by_subject["Google Analytics"].find(class_="since").get_text() == "nouveau depuis le dernier audit"
    assert by_subject["le bandeau de consentement"].find(class_="since") is None  # no first_seen: nothing said
    english = soup(render_site(report, "en")).find(id="findings")
    assert "since 14 November" in words(english)
    # A finding there since another year says the year; the first of a month is "1er".
    report["findings"][0]["first_seen"] = "2025-03-01T08:00:00.123456+00:00"
    assert "depuis le 1er mars 2025" in words(soup(render_site(report)).find(id="findings"))


def test_on_a_first_audit_no_finding_is_called_new():
    report = synthetic_report()
    for finding in report["findings"]:
        finding["first_seen"] = report["started_at"]
    report["history"] = history(previous=None)
    assert soup(render_site(report)).find(class_="since") is None


def test_dates_in_words():
    fr, en = Translator("fr"), Translator("en")
    assert long_date("2026-11-14T08:00:00Z", fr) == "14 novembre 2026"
    assert long_date("2026-08-01T23:30:00+00:00", fr) == "1er août 2026"
    assert long_date("2026-08-01T23:30:00-02:00", fr) == "2 août 2026"  # UTC, as everywhere
    assert long_date("2026-11-14T08:00:00Z", en, year=False) == "14 November"
    assert long_date("not a date", fr) == "not a date" and parse_iso(None) is None


# --- escaping ------------------------------------------------------------------------------------
def hostile_history_report():
    report = synthetic_report(findings=[{
        "rule": "cookie.undeclared", "severity": "high", "subject": PAYLOAD, "message": PAYLOAD,
        "evidence": [], "reference": "", "first_seen": "2026-11-14T08:00:00Z"}])
    report["history"] = history(
        new=[fref("cookie.undeclared", "high", PAYLOAD, PAYLOAD)],
        resolved=[fref(PAYLOAD, PAYLOAD, PAYLOAD, PAYLOAD)],
        trackers_new=[{"name": PAYLOAD, "company": PAYLOAD, "category": PAYLOAD, "phases": [PAYLOAD]}],
        cookies_vanished=[{"name": PAYLOAD, "domain": PAYLOAD, "phases": ["initial"], "tracker": PAYLOAD}],
        trend=[{**trend_item(PAYLOAD), "counts": {"high": PAYLOAD}, "status": PAYLOAD},
               trend_item("2026-11-22T08:00:00Z", high=1)])
    report["history"]["site"] = PAYLOAD
    report["history"]["previous"]["folder"] = "javascript:alert(1)//20261114T080000Z"
    return report


def test_the_section_escapes_what_the_site_controls():
    html = render_site(hostile_history_report())
    assert "<script>alert" not in html and "<img src=x" not in html
    since = section(html)
    assert words(since).count('"><img src=x onerror=alert(1)><script>alert(2)</script>') >= 7
    page = soup(html)
    assert page.find_all("script") == [] and page.find("img", src="x") is None
    # The hostile subject's anchor is a hash, and the only links are in-page or relative.
    hrefs = [a["href"] for a in since.find_all("a")]
    assert all(re.fullmatch(r"#finding-[0-9a-f]{12}|\.\./history\.html", h) for h in hrefs), hrefs
    assert page.find(id=hrefs[0][1:]) is not None
    assert csp_of(html) == SITE_CSP


@pytest.mark.parametrize("folder, site, expected", [
    (f"/srv/r/{SITE}/20261114T080000Z-2", SITE, "../20261114T080000Z-2/report.html"),
    ("20261114T080000Z", SITE, "../20261114T080000Z/report.html"),
    ("/srv/r/autre.fr/20261114T080000Z", SITE, None),  # another site's folder
    ("javascript:alert(1)", SITE, None), ("../../etc/passwd", SITE, None),
    ("/srv/r/x/20261114T080000Z/../../y", SITE, None), (None, SITE, None), (42, SITE, None),
])
def test_links_to_stored_runs_are_relative_run_folders_only(folder, site, expected):
    assert run_href(folder, site, "../") == expected


def test_history_page_escapes_site_subjects_and_dates():
    html = render_history(hostile_history_report(), "fr", [None, "javascript:alert(1)"])
    assert "<script>alert" not in html and "<img src=x" not in html
    page = soup(html)
    assert page.find_all("script") == [] and page.find("img") is None
    assert PAYLOAD in page.find("h1").get_text() and PAYLOAD in page.title.get_text()
    assert csp_of(html) == SITE_CSP
    # A link that is not a plain relative run link is dropped, not written.
    assert "javascript:" not in html
    svg = chart(html)
    assert len(svg.findall(f".//{SVG}g[@class='audit']")) == 2


# --- the index -----------------------------------------------------------------------------------
def write_run(root, site, run, report, html=True):
    folder = root / site / run
    folder.mkdir(parents=True)
    (folder / "report.json").write_text(json.dumps(report), encoding="utf-8")
    if html:
        (folder / "report.html").write_text("<!DOCTYPE html>", encoding="utf-8")
    return folder


def index_table(html):
    table = soup(html).find("table")
    headers = [th.get_text(" ", strip=True) for th in table.find("thead").find_all("th")]
    rows = {}
    for tr in table.find("tbody").find_all("tr"):
        cells = tr.find_all("td")
        rows[cells[0].get_text(strip=True)] = dict(zip(headers, cells))
    return headers, rows


def index_of_sites(tmp_path, language="fr"):
    changed = changed_report()
    changed["history"]["findings"]["new"].append(fref("cookie.undeclared", "info", "x", "x"))
    write_run(tmp_path, SITE, "20261122T080000Z", changed)
    medium = synthetic_report(url="https://moyen.fr/")
    medium["history"] = history(new=[fref("cookie.undeclared", "medium", "y", "y")] * 3)
    write_run(tmp_path, "moyen.fr", "20261122T080000Z", medium)
    first = synthetic_report(url="https://premier.fr/")
    first["history"] = history(previous=None)
    write_run(tmp_path, "premier.fr", "20261122T080000Z", first)
    calm = synthetic_report(url="https://calme.fr/")
    calm["history"] = history(resolved=[fref("cookie.undeclared", "low", "z", "z")])
    write_run(tmp_path, "calme.fr", "20261122T080000Z", calm)
    write_run(tmp_path, "ancien.fr", "20261122T080000Z", synthetic_report(url="https://ancien.fr/"))
    return render_index(latest_reports(tmp_path), language)


def test_index_column_new_and_resolved_with_the_history_link(tmp_path):
    html = index_of_sites(tmp_path)
    headers, rows = index_table(html)
    assert headers[-1] == "Depuis le dernier audit"
    cell = rows["https://www.exemple.fr/"]["Depuis le dernier audit"]
    assert cell.get_text(" ", strip=True) == "+2 / −1 historique"
    assert cell.find(class_="changes")["class"] == ["changes", "n", "high"]  # worst new one
    assert "2 nouveau(x) constat(s), 1 résolu(s)." in cell["title"] and "Grave" in cell["title"]
    assert cell.find("a")["href"] == "www.exemple.fr/history.html"
    assert rows["https://premier.fr/"]["Depuis le dernier audit"].get_text(" ", strip=True) == "premier audit historique"
    assert rows["https://calme.fr/"]["Depuis le dernier audit"].get_text(" ", strip=True) == "+0 / −1 historique"
    old = rows["https://ancien.fr/"]["Depuis le dernier audit"]
    assert old.get_text(strip=True) == "–" and old.find("a") is None
    # Sortable like the other columns: worst new finding first, then how many.
    th = soup(html).find("thead").find_all("th")[-1]
    assert th.find("button") is not None and th["data-type"] == "number"
    order = sorted(rows, key=lambda site: -int(rows[site]["Depuis le dernier audit"]["data-sort"]))
    assert order == ["https://www.exemple.fr/", "https://moyen.fr/", "https://calme.fr/",
                     "https://premier.fr/", "https://ancien.fr/"]
    english_headers, english = index_table(index_of_sites(tmp_path / "en", "en"))
    assert english_headers[-1] == "Since the last audit"
    assert english["https://premier.fr/"]["Since the last audit"].get_text(" ", strip=True) == "first audit history"


def test_index_without_any_history_has_no_such_column(tmp_path):
    write_run(tmp_path, SITE, "20261122T080000Z", synthetic_report())
    html = render_index(latest_reports(tmp_path))
    headers, _ = index_table(html)
    assert "Depuis le dernier audit" not in headers and "history.html" not in html


def test_index_column_escapes_and_keeps_its_csp(tmp_path):
    write_run(tmp_path, "piege", "20261122T080000Z", hostile_history_report())
    html = render_index(latest_reports(tmp_path))
    assert "<script>alert" not in html and "<img src=x" not in html
    script, source = sort_script()
    assert [s.string for s in soup(html).find_all("script")] == [script]
    assert csp_of(html) == SITE_CSP + f"; script-src {source}"


# --- history.html --------------------------------------------------------------------------------
def chart(html):
    """The inline SVG, parsed as XML (so it is well-formed markup, not just tag soup)."""
    return ET.fromstring(re.search(r"<svg.*?</svg>", html, re.S).group(0))


def bars(svg):
    return svg.findall(f".//{SVG}g[@class='bars']/{SVG}g")


def rects(bar):
    return [{"severity": r.get("data-severity"), "count": int(r.get("data-count")),
             "y": float(r.get("y")), "height": float(r.get("height"))}
            for r in bar.findall(f"{SVG}rect")]


def ticks(svg):
    labels = svg.findall(f".//{SVG}g[@class='grid']/{SVG}text")
    return {int(t.text): float(t.get("y")) - 4 for t in labels}


def several_audits():
    trend = [trend_item("2026-10-01T08:00:00Z", high=3, medium=1, low=2, info=1),
             trend_item("2026-10-08T08:00:00Z", medium=4, info=1),
             trend_item("2026-10-15T08:00:00Z", high=2, status="error"),  # counts of nothing
             trend_item("2026-10-22T08:00:00Z", low=1),
             trend_item("2026-10-29T08:00:00Z")]
    report = synthetic_report(started_at="2026-10-29T08:00:00Z")
    report["history"] = history(previous="2026-10-22T08:00:00Z", trend=trend)
    return report


def test_history_page_one_bar_per_audit_heights_proportional_to_counts():
    report = several_audits()
    html = render_history(report, "fr", ["20261001T080000Z/report.html", None,
                                         "20261015T080000Z/report.json", None,
                                         "20261029T080000Z/report.html"],
                          "20261029T080000Z/report.html")
    svg = chart(html)
    assert svg.get("role") == "img" and svg.find(f"{SVG}title").text == "Constats par gravité, audit par audit"
    assert "du 01/10/2026 au 29/10/2026 (5 audits)" in svg.find(f"{SVG}desc").text
    audits = bars(svg)
    assert len(audits) == 5
    assert [b.get("class") for b in audits] == ["audit", "audit", "audit error", "audit", "audit"]
    assert [b.find(f"{SVG}title").text for b in audits][2] == "15/10/2026 08:00 UTC : audit impossible"
    drawn = [rects(b) for b in audits]
    assert [[(r["severity"], r["count"]) for r in d] for d in drawn] == [
        [("high", 3), ("medium", 1), ("low", 2), ("info", 1)], [("medium", 4), ("info", 1)], [],
        [("low", 1)], []]
    assert audits[2].find(f"{SVG}text").text == "×"  # the failed audit is marked, not a zero
    # One scale for every rect, and the y axis's labels sit where that scale puts them.
    scale = drawn[0][0]["height"] / 3
    for rect in [r for d in drawn for r in d]:
        assert rect["height"] == pytest.approx(rect["count"] * scale, abs=0.02)
    axis = ticks(svg)
    base = axis[0]
    for value, y in axis.items():
        assert base - y == pytest.approx(value * scale, abs=0.02)
    assert max(axis) >= 7  # the tallest bar (7 findings) fits under the top label
    # Stacked: each severity sits on the one below, from the axis up.
    for stack in drawn:
        bottom = base
        for rect in stack:
            assert rect["y"] + rect["height"] == pytest.approx(bottom, abs=0.02)
            bottom = rect["y"]
    labels = [t.text for t in svg.findall(f".//{SVG}g[@class='x-labels']/{SVG}text")]
    assert labels == ["01/10/2026", "08/10/2026", "15/10/2026", "22/10/2026", "29/10/2026"]


def test_history_page_table_newest_first_with_relative_links():
    html = render_history(several_audits(), "fr", ["20261001T080000Z/report.html", None,
                                                   "20261015T080000Z/report.json", None,
                                                   "20261029T080000Z/report.html"],
                          "20261029T080000Z/report.html")
    page = soup(html)
    assert page.find("h1").get_text() == f"Historique des audits – {SITE}"
    rows = [[td.get_text(" ", strip=True) for td in tr.find_all("td")]
            for tr in page.find(id="audits").find("tbody").find_all("tr")]
    assert rows == [
        ["29/10/2026 08:00 UTC", "Aucun problème relevé", "0", "0", "0", "0", "0", "ouvrir"],
        ["22/10/2026 08:00 UTC", "À surveiller – des points à corriger", "0", "0", "1", "0", "1", "–"],
        ["15/10/2026 08:00 UTC", "Audit impossible", "–", "–", "–", "–", "–", "ouvrir"],
        ["08/10/2026 08:00 UTC", "À surveiller – des points à corriger", "0", "4", "0", "1", "5", "–"],
        ["01/10/2026 08:00 UTC", "Non conforme – problèmes graves", "3", "1", "2", "1", "7", "ouvrir"],
    ]
    hrefs = [a["href"] for a in page.find_all("a")]
    assert hrefs == ["../index.html", "20261029T080000Z/report.html", "20261029T080000Z/report.html",
                     "20261015T080000Z/report.json", "20261001T080000Z/report.html"]
    assert all(not re.match(r"[a-z]+:|/", h) for h in hrefs)  # relative only
    assert csp_of(html) == SITE_CSP and page.find("script") is None
    english = soup(render_history(several_audits(), "en"))
    assert english.find("h1").get_text() == f"Audit history – {SITE}"
    assert "Findings by severity, audit by audit" in words(english)


def test_history_page_of_a_single_audit():
    report = synthetic_report()
    report["history"] = history(previous=None, trend=[trend_item("2026-11-22T08:00:00Z", high=2, info=1)])
    html = render_history(report, "fr")
    audits = bars(chart(html))
    assert len(audits) == 1
    assert [(r["severity"], r["count"]) for r in rects(audits[0])] == [("high", 2), ("info", 1)]
    assert "1 audit(s) enregistré(s), du 22 novembre 2026 au 22 novembre 2026." in words(soup(html))
    assert len(soup(html).find(id="audits").find("tbody").find_all("tr")) == 1


def test_a_long_history_keeps_its_axis_readable():
    trend = [trend_item(f"2026-{1 + i // 28:02d}-{1 + i % 28:02d}T08:00:00Z", high=i % 3, low=1)
             for i in range(300)]
    report = synthetic_report()
    report["history"] = history(trend=trend)
    svg = chart(render_history(report, "en"))
    assert len(bars(svg)) == 300
    labels = [t.text for t in svg.findall(f".//{SVG}g[@class='x-labels']/{SVG}text")]
    assert len(labels) == 6 and labels[0] == "2026-01-01" and labels[-1] == "2026-11-20"
    assert len(ticks(svg)) <= 6


# --- the files: pipeline and re-render -----------------------------------------------------------
def runs_of_a_site(root):
    """Two runs of a site; the trend knows the first one's folder, not the second's."""
    first = synthetic_report(started_at="2026-11-14T08:00:00Z")
    first["history"] = history(previous=None, trend=[trend_item("2026-11-14T08:00:00Z", high=1)])
    first_folder = write_run(root, SITE, "20261114T080000Z", first)
    second = changed_report()
    second["history"]["trend"] = [
        trend_item("2026-11-14T08:00:00Z", high=1, folder=str(first_folder)),
        trend_item("2026-11-22T08:00:00Z", high=2, medium=1, low=1, info=1)]
    folder = root / SITE / "20261122T080000Z"
    folder.mkdir()
    return folder, second


def test_the_pipeline_writes_the_sites_history_page_and_the_index_links_it(tmp_path):
    folder, report = runs_of_a_site(tmp_path)
    item = SiteAuditItem(report=report, folder=str(folder))
    for pipeline in (JsonReportPipeline(), HtmlReportPipeline(), IndexPipeline()):
        pipeline.process_item(item)
    page = soup((tmp_path / SITE / "history.html").read_text(encoding="utf-8"))
    assert len(page.find(id="audits").find("tbody").find_all("tr")) == 2
    links = [a["href"] for a in page.find(id="audits").find_all("a")]
    assert links == ["20261122T080000Z/report.html", "20261114T080000Z/report.html"]
    for href in links:
        assert (tmp_path / SITE / href).is_file()
    report_page = soup((folder / "report.html").read_text(encoding="utf-8"))
    for a in report_page.find(id="since").find_all("a"):
        if not a["href"].startswith("#"):
            assert (folder / a["href"]).resolve().is_file(), a["href"]
    index = soup((tmp_path / "index.html").read_text(encoding="utf-8"))
    history_link = [a["href"] for a in index.find_all("a") if a["href"].endswith("history.html")]
    assert history_link == [f"{SITE}/history.html"] and (tmp_path / history_link[0]).is_file()


def test_no_history_page_when_the_newest_run_has_no_history(tmp_path):
    folder = tmp_path / SITE / "20261122T080000Z"
    folder.mkdir(parents=True)
    item = SiteAuditItem(report=synthetic_report(), folder=str(folder))
    for pipeline in (JsonReportPipeline(), HtmlReportPipeline()):
        pipeline.process_item(item)
    assert (folder / "report.html").is_file() and not (tmp_path / SITE / "history.html").exists()


def test_rerender_writes_history_pages_from_the_latest_report(tmp_path, capsys):
    folder, report = runs_of_a_site(tmp_path)
    (folder / "report.json").write_text(json.dumps(report), encoding="utf-8")
    other = copy.deepcopy(report)
    other["url"] = "https://autre.fr/"
    write_run(tmp_path, "autre.fr", "20261122T080000Z", other)
    assert render_command.main([str(tmp_path), "--language", "en"]) == 0
    assert "2 history pages" in capsys.readouterr().out
    page = soup((tmp_path / SITE / "history.html").read_text(encoding="utf-8"))
    assert page.find("h1").get_text() == f"Audit history – {SITE}"
    assert [a["href"] for a in page.find(id="audits").find_all("a")] == [
        "20261122T080000Z/report.html", "20261114T080000Z/report.html"]
    # The other site's trend names folders of www.exemple.fr: no link climbs out of autre.fr.
    other_page = (tmp_path / "autre.fr" / "history.html").read_text(encoding="utf-8")
    assert "20261114T080000Z" not in other_page


def test_the_render_command_words_the_findings_again_in_its_language(tmp_path):
    report = apply(site(phase([GA_COOKIE]), banner=NO_BANNER))  # judged in French, as by default
    folder = write_run(tmp_path, SITE, "20261122T080000Z", report)
    for language, words, other in (("en", "consent banner", "bandeau de consentement"),
                                   ("fr", "bandeau de consentement", "consent banner")):
        assert render_command.main([str(tmp_path), "--language", language]) == 0
        page = (folder / "report.html").read_text(encoding="utf-8")
        findings = (folder / "findings.csv").read_text(encoding="utf-8-sig")
        for text in (page, findings):
            assert words in text and other not in text, language
    assert json.loads((folder / "report.json").read_text(encoding="utf-8")) == report  # left as it is


# --- in real Chromium --------------------------------------------------------------------------
def test_history_page_draws_its_chart_with_no_script_in_chromium(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    path = tmp_path / "history.html"
    path.write_text(render_history(hostile_history_report(), "fr"), encoding="utf-8")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-background-networking"])
        try:
            page = browser.new_page()
            dialogs, console = [], []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
            page.goto(path.as_uri())
            box = page.locator("svg.trend").bounding_box()
            assert box and box["width"] > 300 and box["height"] > 100
            rect = page.locator("svg.trend rect").first
            assert rect.evaluate("r => getComputedStyle(r).fill") == "rgb(179, 38, 30)"  # --high
            assert PAYLOAD in page.locator("h1").inner_text()
            page.wait_for_timeout(200)
            assert dialogs == [] and page.locator("img").count() == 0
            assert not [m for m in console if m.startswith("error")], console
        finally:
            browser.close()


def test_a_sites_file_name_and_tags_show_escaped_in_the_report_and_the_index(tmp_path):
    from reports.files import write_html_report, write_index

    report = copy.deepcopy(synthetic_report())
    report.update(name='Atelier <b>A</b>', tags=["client-x", "<i>boutique</i>"])
    run = tmp_path / "www.example.fr" / "20261122T080000Z"
    run.mkdir(parents=True)
    (run / "report.json").write_text(json.dumps(report), encoding="utf-8")
    page = write_html_report(run, report).read_text(encoding="utf-8")
    index = write_index(tmp_path).read_text(encoding="utf-8")
    for html in (page, index):
        assert "Atelier &lt;b&gt;A&lt;/b&gt;" in html and "<b>A</b>" not in html
        assert "&lt;i&gt;boutique&lt;/i&gt;" in html and "client-x" in html
    unnamed = write_html_report(run, synthetic_report()).read_text(encoding="utf-8")
    assert "Atelier" not in unnamed
