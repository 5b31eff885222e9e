"""The report files people read: report.html (French by default), the CSV files and the
multi-site index. Pure renderers on synthetic reports first, then the files the real crawl
wrote, opened in real Chromium."""
from __future__ import annotations

import copy
import io
import json
import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from auditor.audit import SiteAuditItem
from reports.csv_export import cookies_csv, findings_csv, requests_csv
from reports.files import screenshots
from reports.i18n import Translator, catalogue
from reports.i18n.failures import failure_sentence
from reports.pipelines import CsvReportPipeline, HtmlReportPipeline, IndexPipeline, JsonReportPipeline
from reports.render import render_index, render_site, sort_script
from reports.safety import neutralise_cell, safe_href
from reports.views.design import design_sentence
from reports.views.evidence import evidence_view
from reports.views.formatting import lifetime
from reports.views.index import IndexEntry, index_rows, latest_reports
from reports.views.site import phase_labels, site_view
from tests.e2e import BOULANGERIE, HOSTILE, ROOT, SITES

CHROMIUM = "/usr/bin/chromium"
BROWSER_ARGS = ["--no-sandbox", "--disable-background-networking",
                "--disable-component-update", "--disable-quic"]
PAYLOAD = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
GA = {"name": "Google Analytics", "company": "Google", "category": "analytics", "country": "US"}


# --- synthetic reports ----------------------------------------------------------------------
def cookie(name, **extra):
    record = {"name": name, "domain": ".exemple.fr", "path": "/", "value_hash": "sha256:0011223344556677",
              "expires": "2028-11-22T08:00:00Z", "lifetime_days": 730.0, "stored_lifetime_days": 400.0,
              "session": False, "secure": True, "http_only": False, "same_site": "Lax",
              "third_party": False, "set_by": "script",
              "set_by_url": "https://www.googletagmanager.com/gtag/js?id=G-1", "tracker": None,
              "exempt": False}
    return {**record, **extra}


def request(url, **extra):
    host = url.split("/")[2]
    return {"url": url, "host": host, "resource_type": "ping", "third_party": True,
            "tracker": None, **extra}


def phase(name, cookies=(), requests=(), **extra):
    return {"cookies": list(cookies), "requests": list(requests), "storage": [],
            "screenshot": f"screenshot-{name}.png", "har": f"{name}.har", **extra}


def synthetic_report(findings=None, **extra):
    ga = cookie("_ga", tracker=GA)
    collect = request("https://www.google-analytics.com/g/collect?v=2", tracker=GA)
    report = {
        "schema": "site-audit/1", "url": "https://www.exemple.fr/", "final_url": "https://www.exemple.fr/",
        "status": "ok", "error": None, "started_at": "2026-11-22T08:00:00Z", "duration_s": 12.3,
        "banner": {"detected": True, "cmp": "tarteaucitron", "accept_found": True,
                   "reject_found": False, "reject_first_layer": False},
        "phases": {
            "initial": phase("initial", [ga, cookie("PHPSESSID", session=True, lifetime_days=None,
                                                    stored_lifetime_days=None, set_by="http",
                                                    exempt=True, exempt_reason="session")],
                             [collect, request("https://www.exemple.fr/", third_party=False,
                                               resource_type="document")]),
            "accept": phase("accept", [ga], [collect]),
            "reject": phase("reject", [ga], []),
        },
        "pages": {"legal_notice": "https://www.exemple.fr/mentions-legales",
                  "privacy_policy": "https://www.exemple.fr/confidentialite", "cookie_policy": None},
        "policy": {"language": "fr", "declared_vendors": [], "stated_lifetimes": [], "claims": {}},
        "legal_notice": {"fields": {"publisher_name": "SARL Exemple"}, "missing": ["host_phone"]},
        "findings": findings if findings is not None else [
            {"rule": "cookie.lifetime_exceeds_policy", "severity": "medium", "subject": "_ga",
             "message": "_ga vit 2 ans, la politique annonce 13 mois.",
             "evidence": [{"quote": "Nos cookies sont conservés 13 mois au maximum.",
                           "url": "https://www.exemple.fr/cookies"}, {**ga, "phase": "initial"}],
             "reference": "CNIL, délibération 2020-091, art. 5"},
            {"rule": "consent.tracker_before_consent", "severity": "high",
             "subject": "Google Analytics", "message": "Google Analytics est chargé dès l’arrivée.",
             "evidence": [{**ga, "phase": "initial"}, {**collect, "phase": "initial"}],
             "reference": "CNIL, délibération 2020-092, art. 2"},
            {"rule": "legal_notice.missing_field", "severity": "low", "subject": "host_phone",
             "message": "Le téléphone de l’hébergeur manque.", "evidence": [{"field": "host_phone"}],
             "reference": "LCEN, art. 6"},
            {"rule": "policy.declared_tracker_not_observed", "severity": "info",
             "subject": "Crisp", "message": "Crisp est cité mais n’a pas été vu.",
             "evidence": ["texte libre"], "reference": ""},
            {"rule": "consent.no_reject_option", "severity": "high", "subject": "banner",
             "message": "Pas de bouton « Tout refuser » au premier niveau.", "evidence": [],
             "reference": "CNIL, délibération 2020-092, art. 2"},
        ],
    }
    report.update(extra)
    return report


def error_report():
    report = synthetic_report(findings=[])
    report.update(status="error", final_url=None,
                  error="DNS failure: the host name could not be resolved (ERR_NAME_NOT_RESOLVED)",
                  phases={name: {"cookies": [], "requests": [], "storage": [], "skipped": True}
                          for name in ("initial", "accept", "reject")})
    return report


def soup(html):
    return BeautifulSoup(html, "html.parser")


LEGAL_BASIS = [{"text": "CNIL, délibération 2020-091", "article": "art. 2", "url": "https://www.cnil.fr/x",
                "binding": False},
               {"text": "Loi Informatique et Libertés", "article": "art. 82",
                "url": "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000886460", "binding": True}]
PROVENANCE = {"tool_version": "1.4.0", "chromium_version": "156.0.7000.1",
              "data_versions": {"trackerdb": "1.0.945", "autoconsent": None},
              "started_at": "2026-12-06T21:15:00Z", "finished_at": "2026-12-06T21:18:30Z",
              "timezone": "Europe/Paris", "pages_visited": ["https://www.exemple.fr/", "https://www.exemple.fr/cgu"],
              "files": {"initial.har": "sha256:" + "ab" * 32}}


def worded_report(clicked=True, findings=None, **extra):
    """A violating report as the judge writes it now: ids as subjects, evidence records by
    kind, fix and legal basis, a reject click made or not, provenance."""
    report = synthetic_report(findings=findings if findings is not None else [
        {"rule": "consent.no_reject_option", "severity": "medium", "subject": "banner",
         "message": "Pas de refus.", "fix": "Ajouter « Tout refuser » au premier écran.",
         "legal_basis": LEGAL_BASIS, "reference": "CNIL-1L (◐ S5) [CNIL-1L]",
         "evidence": [{"kind": "screenshot", "phase": "initial", "file": "screenshot-initial.png"},
                      {"kind": "banner", "cmp": None, "text": "Nous utilisons des cookies.",
                       "first_layer": {"reject_first_layer": False, "reject_hidden_until_settings": True,
                                       "settings_labels": ["Personnaliser"]},
                       "controls": [{"label": "Personnaliser", "role": "settings", "color": "rgb(1, 2, 3)"},
                                    {"label": "Tout accepter", "role": "accept", "background": "rgb(9, 9, 9)"}]}]},
        {"rule": "policy.missing_element", "severity": "low", "subject": "withdraw_consent",
         "message": "Retrait absent.", "evidence": [{"kind": "page", "page": "privacy_policy",
                                                     "url": "https://www.exemple.fr/confidentialite"}]},
        {"rule": "legal_notice.missing_field", "severity": "low", "subject": "host_country",
         "message": "Pays absent.", "evidence": []},
        {"rule": "policy.missing", "severity": "high", "subject": "privacy_policy", "message": "Pas de politique.",
         "evidence": [{"kind": "pages", "legal_notice": "https://www.exemple.fr/mentions", "privacy_policy": None,
                       "notes": ["https://www.exemple.fr/confidentialite: HTTP 404"]}]},
        {"rule": "cookie.undeclared", "severity": "low", "subject": "_fbp", "message": "Non listé.",
         "evidence": [{"kind": "cookie_table", "url": "https://www.exemple.fr/cookies", "names": ["PHPSESSID", "_ga"]},
                      {**cookie("_fbp", tracker=GA), "kind": "cookie", "phase": "accept"}]},
    ], provenance=PROVENANCE, **extra)
    report["phases"]["accept"]["consent_action"] = {"action": "accept", "performed": True}
    report["phases"]["reject"]["consent_action"] = {"action": "reject", "performed": clicked,
                                                    "clicked_at": "2026-12-06T21:16:00Z" if clicked else None}
    return report


def compliant_report():
    report = worded_report(findings=[])
    report["summary"] = {"verdict": "no_issue_found"}
    del report["provenance"]
    return report


def text_of(html):
    return " ".join(soup(html).get_text(" ").split())


# --- labels and wording -------------------------------------------------------------------------
def test_both_catalogues_have_the_same_labels():
    assert set(catalogue("fr")) == set(catalogue("en"))
    assert all(value.strip() for value in catalogue("fr").values())


def labels_only_in(language, other):
    """Labels of `language` that cannot appear in a report of `other` (long enough to be words)."""
    theirs = set(catalogue(other).values())
    return {v for v in catalogue(language).values()
            if v not in theirs and len(v) > 12 and "{" not in v}


@pytest.mark.parametrize("language, other", [("fr", "en"), ("en", "fr")])
def test_a_report_speaks_one_language(language, other):
    for report in (synthetic_report(), error_report(), worded_report(), worded_report(clicked=False),
                   compliant_report()):
        text = text_of(render_site(report, language))
        mixed = [label for label in labels_only_in(other, language) if label in text]
        assert not mixed, mixed


def test_french_by_default_english_on_request():
    french, english = text_of(render_site(synthetic_report())), text_of(render_site(synthetic_report(), "en"))
    assert "En bref" in french and "Non conforme – problèmes graves" in french
    assert "At a glance" in english and "Not compliant – serious problems" in english
    assert soup(render_site(synthetic_report(), "en")).html["lang"] == "en"
    with pytest.raises(ValueError):
        render_site(synthetic_report(), "de")


def test_lifetimes_read_as_a_policy_writes_them():
    fr, en = Translator("fr"), Translator("en")
    assert lifetime(730, fr) == "2 ans" and lifetime(730, en) == "2 years"
    assert lifetime(395, fr) == "13 mois" and lifetime(365, fr) == "1 an"
    assert lifetime(90, fr) == "3 mois" and lifetime(1, en) == "1 day"
    assert lifetime(None, fr).startswith("session")


def test_times_in_paris_time_with_the_zone_named():
    from reports.views.formatting import paris_time

    assert paris_time("2026-12-06T21:15:00Z", Translator("fr")) == "6 décembre 2026 à 22:15 (heure de Paris)"
    assert paris_time("2026-07-01T21:15:00Z", Translator("en")) == "July 1, 2026 at 23:15 (Paris time)"
    assert paris_time("garbage", Translator("fr")) == "garbage" and paris_time(None, Translator("fr")) == ""
    assert "6 décembre 2026 à 22:15 (heure de Paris)" in text_of(render_site(worded_report(
        started_at="2026-12-06T21:15:00Z")))


# --- the summary and the findings -------------------------------------------------------------
def test_summary_gives_verdict_counts_and_three_worst():
    page = soup(render_site(synthetic_report()))
    summary = page.find(id="summary")
    assert "Non conforme" in summary.find(class_="verdict").get_text()
    counts = {li.contents[-1].strip(): int(li.find(class_="n").get_text()) for li in summary.select(".counts li")}
    assert counts == {"Grave": 2, "Moyen": 1, "Mineur": 1, "Information": 1}
    worst = [li.get_text(" ", strip=True) for li in summary.find("ol").find_all("li")]
    assert len(worst) == 3
    assert worst[0].startswith("Grave Traceur actif avant tout choix")
    assert worst[1].startswith("Grave Refuser n’est pas aussi simple")
    assert worst[2].startswith("Moyen Cookie conservé plus longtemps")


def test_findings_grouped_by_theme_with_quote_beside_observation():
    page = soup(render_site(synthetic_report()))
    findings = page.find(id="findings")
    assert [h.get_text() for h in findings.find_all("h3")] == [
        "Consentement", "Cookies", "Politique de confidentialité", "Mentions légales"]
    lifetime_finding = [a for a in findings.select("article.finding") if "_ga vit 2 ans" in a.get_text()][0]
    says, observed = lifetime_finding.select(".evidence > div")
    assert "Ce que dit le site" in says.get_text()
    assert "« Nos cookies sont conservés 13 mois au maximum. »" in says.get_text()
    assert says.find("a")["href"] == "https://www.exemple.fr/cookies"
    row = [td.get_text(" ", strip=True) for td in observed.select("table.ev-cookies tbody td")]
    assert row == ["_ga Google", ".exemple.fr", "2 ans (730 j)", "13 mois (400 j)", "Avant tout choix",
                   "un script https://www.googletagmanager.com/gtag/js?id=G-1"]
    assert observed.select_one("table.ev-cookies a")["href"] == "https://www.googletagmanager.com/gtag/js?id=G-1"
    assert "Référence : CNIL, délibération 2020-091, art. 5" in lifetime_finding.get_text(" ")
    # Generic evidence: a dict as key/value pairs, anything else as text.
    assert "host_phone" in findings.get_text() and "texte libre" in findings.get_text()


def test_cookie_table_banner_trackers_pages_and_files():
    html = render_site(synthetic_report(), images={"screenshot-initial.png": b"\x89PNG fake"})
    page = soup(html)
    rows = page.find(id="cookies").find("tbody").find_all("tr")
    ga = [r for r in rows if r.find("code").get_text() == "_ga"][0]
    assert "Google Analytics" in ga.get_text() and "Mesure d’audience" in ga.get_text()
    assert ga.select_one(".bar .asked.over")  # 730 days: past the 13-month line
    session = [r for r in rows if r.find("code").get_text() == "PHPSESSID"][0]
    assert "session" in session.get_text() and "oui" in session.get_text()
    shots = page.find(id="banner").find_all("img")
    assert shots[0]["src"].startswith("data:image/png;base64,")  # embedded
    assert shots[1]["src"] == "screenshot-accept.png"  # not given: linked beside
    assert "tarteaucitron" in page.find(id="banner").get_text()
    trackers = page.find(id="trackers").find("tbody").get_text(" ")
    assert "Google" in trackers and "hors UE/EEE" in trackers
    pages = page.find(id="pages").get_text(" ")
    assert "Téléphone de l’hébergeur" in pages and "SARL Exemple" in pages
    hrefs = [a["href"] for a in page.find(id="files").find_all("a")]
    assert hrefs == ["report.json", "cookies.csv", "requests.csv", "findings.csv",
                     "initial.har", "accept.har", "reject.har"]


def test_error_report_says_why_prominently():
    html = render_site(error_report())
    page = soup(html)
    alert = page.find(class_="error-box")
    assert alert is not None and page.find(id="summary").find(class_="error-box") is alert
    assert "Le nom de domaine du site n’existe pas" in alert.get_text()
    assert "ERR_NAME_NOT_RESOLVED" in alert.get_text()
    assert "Audit impossible" in page.find(class_="verdict").get_text()
    assert page.find(id="cookies") is None  # nothing observed: no empty tables
    english = text_of(render_site(error_report(), "en"))
    assert "The site's domain name does not exist" in english


# Example parameters of every failure code (auditor/browser/failures.py), as report.json saves
# them: each must give a sentence in both languages.
FAILURE_EXAMPLES = {
    **{code: [{"net_error": "ERR_X"}] for code in (
        "dns", "tls_certificate", "tls", "tls_client_cert", "redirect_loop",
        "connection_refused", "connection_reset", "connection_closed", "empty_response",
        "connection_timeout", "address_unreachable", "offline", "invalid_response",
        "unsafe_port", "refused_url", "unsafe_redirect", "net_error")},
    "download": [{}, {"content_type": "application/pdf"}, {"content_type": None}],
    "renderer_crash": [{}],
    "timeout": [{}, {"timeout_s": 15.0}],
    "browser_closed": [{}, {"detail": "Target closed"}],
    "unresponsive": [{}],
    "http_status": [{"status": 404}, {"status": 503}],
    "not_html": [{"content_type": "application/json"}, {"content_type": None}],
    "bad_url": [{"url": "https://x:99999/"}],
    "no_host": [{"url": "https://"}],
    "unsupported_scheme": [{"scheme": "ftp"}, {"scheme": None}],
    "disk_full": [{"folder": "/r/x", "detail": "No space left on device"}],
    "write_failed": [{"folder": "/r/x", "detail": "Read-only file system"}],
    "other": [{"detail": "Something odd"}],
}


def test_every_failure_code_has_a_sentence_in_both_languages():
    for language in ("en", "fr"):
        codes = {key.split(".")[1] for key in catalogue(language) if key.startswith("failure.")}
        assert codes == set(FAILURE_EXAMPLES), language
    for code, examples in FAILURE_EXAMPLES.items():
        for params in examples:
            english, french = (failure_sentence(code, params, language) for language in ("en", "fr"))
            assert english != french, code
            for sentence in (english, french):
                assert "{" not in sentence and "None" not in sentence, (code, sentence)
                for value in params.values():
                    shown = f"{value:g}" if isinstance(value, float) else str(value)
                    assert value is None or shown in sentence, (code, sentence)
    assert failure_sentence("timeout", {"timeout_s": 15.0}, "fr") == \
        "Délai dépassé : la page ne s’est pas chargée en 15 s"
    assert "type de contenu : aucun" in failure_sentence("not_html", {"content_type": None}, "fr")
    with pytest.raises(KeyError):
        failure_sentence("no_such_code", {}, "fr")
    with pytest.raises(KeyError):  # a placeholder without its parameter
        failure_sentence("dns", {}, "fr")


def test_every_failure_the_auditor_makes_has_a_sentence():
    """The codes written in the auditor's source (Failure("code", ...), Chromium's table) are the
    catalogue's."""
    made = set()
    for path in [*(ROOT / "auditor").rglob("*.py"), *(ROOT / "spiders").rglob("*.py")]:
        source = path.read_text(encoding="utf-8")
        made |= set(re.findall(r'Failure\(\s*"(\w+)"', source))
        made |= set(re.findall(r'\("ERR_[A-Z_]+", "(\w+)"\)', source))
    assert "dns" in made and "http_status" in made and "disk_full" in made
    assert made <= set(FAILURE_EXAMPLES), made - set(FAILURE_EXAMPLES)


def coded_error_report(code, params):
    """An error report as the auditor now writes it; its saved English words are not what the
    report shows, so that nothing is found by matching them."""
    report = error_report()
    report.update(error="(saved words)", error_code=code, error_params=params)
    return report


@pytest.mark.parametrize("code, params, explanation, detail", [
    ("http_status", {"status": 503},
     "La page d’accueil répond par une erreur HTTP 503 (erreur du serveur).",
     "HTTP 503 (erreur du serveur) sur la page d’accueil"),
    ("dns", {"net_error": "ERR_NAME_NOT_RESOLVED"},
     "Le nom de domaine du site n’existe pas ou ne répond pas (échec DNS).",
     "Échec DNS : le nom d’hôte n’a pas pu être résolu (ERR_NAME_NOT_RESOLVED)"),
    ("timeout", {"timeout_s": 15},
     "Le site n’a pas répondu à temps.", "Délai dépassé : la page ne s’est pas chargée en 15 s"),
    ("unsupported_scheme", {"scheme": None},
     "L’adresse donnée n’est pas une adresse de site web (http ou https) valide.",
     "Schéma d’adresse « aucun » non pris en charge"),
    ("unresponsive", {}, "La page d’accueil n’a pas pu être chargée.",
     "La page ne répond plus : ses scripts ne rendent jamais la main au navigateur"),
])
def test_a_coded_error_is_explained_by_its_code(monkeypatch, code, params, explanation, detail):
    import reports.views.failures as failures

    monkeypatch.setattr(failures, "_SAVED_SENTENCES", [])  # no pattern matching
    alert = soup(render_site(coded_error_report(code, params))).find(class_="error-box")
    text = " ".join(alert.get_text(" ").split())
    assert explanation in text and detail in text and "(saved words)" not in text
    english = text_of(render_site(coded_error_report(code, params), "en"))
    assert failure_sentence(code, params, "en") in english


def test_a_failed_phase_is_told_in_the_report_language():
    report = synthetic_report()
    report["phases"]["accept"] = {"cookies": [], "requests": [], "storage": [],
                                  "error": "The page crashed the browser's renderer",
                                  "error_code": "renderer_crash", "error_params": {}}
    report["phases"]["reject"] = {"cookies": [], "requests": [], "storage": [],
                                  "error": "An older report's words"}  # saved before codes
    french = text_of(render_site(report))
    assert "échec (La page a fait planter le moteur de rendu du navigateur)" in french
    assert "The page crashed" not in french
    assert "échec (An older report's words)" in french


def test_a_code_this_version_does_not_know_shows_the_saved_words():
    text = text_of(render_site(coded_error_report("from_the_future", {"x": 1})))
    assert "La page d’accueil n’a pas pu être chargée." in text and "(saved words)" in text


def test_unanalysed_parts_are_not_reported_as_absent():
    report = synthetic_report(findings=[])
    report["banner"] = {k: None for k in ("detected", "cmp", "accept_found", "reject_found",
                                          "reject_first_layer")} | {"analysed": False}
    report["pages"] = {"legal_notice": None, "privacy_policy": None, "cookie_policy": None}
    report["legal_notice"] = {"fields": {}, "missing": []}
    text = text_of(render_site(report))
    assert "Aucun problème relevé" in text
    assert "n’a pas été analysée par cette version" in text
    assert "non recherchée par cette version" in text and "introuvable" not in text


# --- escaping -------------------------------------------------------------------------------
def hostile_report():
    report = synthetic_report(findings=[{
        "rule": "cookie.undeclared", "severity": "high", "subject": PAYLOAD, "message": PAYLOAD,
        "evidence": [{"quote": PAYLOAD, "url": "javascript:alert(3)"},
                     {"quote": "ok", "url": " JaVaScRiPt:alert(4)"},
                     cookie(PAYLOAD), {PAYLOAD: PAYLOAD}],
        "reference": PAYLOAD}])
    report["url"] = report["final_url"] = "javascript:alert(5)//" + PAYLOAD
    report["phases"]["initial"]["cookies"].append(cookie(PAYLOAD, domain=PAYLOAD))
    report["phases"]["initial"]["storage"].append({"kind": "localStorage", "origin": PAYLOAD, "key": PAYLOAD})
    report["phases"]["initial"]["screenshot"] = 'x" onerror="alert(6)'
    report["phases"]["accept"]["har"] = "../../etc/passwd"
    report["pages"]["legal_notice"] = "data:text/html,<script>alert(7)</script>"
    report["legal_notice"]["fields"]["publisher_name"] = PAYLOAD
    return report


def test_everything_the_site_controls_is_escaped():
    html = render_site(hostile_report())
    assert "<script>alert" not in html and "<img src=x" not in html
    assert html.count("&lt;script&gt;alert(2)&lt;/script&gt;") >= 8
    page = soup(html)
    assert page.find_all("script") == [] and page.find("img", src="x") is None
    hrefs = [a["href"] for a in page.find_all("a")]
    assert not [h for h in hrefs if not re.match(r"(https?://|[a-z0-9.-]+$)", h)], hrefs
    assert "../../etc/passwd" not in hrefs
    assert [img["src"] for img in page.find_all("img")] == ["screenshot-accept.png", "screenshot-reject.png"]
    csp = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in csp and "script-src" not in csp


def test_index_escapes_and_allows_only_its_own_script(tmp_path):
    write_run(tmp_path, "piege", "20261122T080000Z", hostile_report())
    html = render_index(latest_reports(tmp_path))
    assert "<script>alert" not in html and "<img src=x" not in html
    script, source = sort_script()
    page = soup(html)
    assert [s.string for s in page.find_all("script")] == [script]
    csp = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert f"script-src {source}" in csp and "unsafe-inline" not in csp.split("script-src")[1]


@pytest.mark.parametrize("url, safe", [
    ("https://www.exemple.fr/a?b=1", True), ("http://x.fr", True), ("report.json", True),
    ("site/run/report.html", True), ("javascript:alert(1)", False), (" javascript:alert(1)", False),
    ("java\tscript:alert(1)", False), ("data:text/html,x", False), ("//evil.example/x", False),
    ("vbscript:x", False), ("https:\\\\evil.example", False), (None, False), ("", False),
])
def test_safe_href(url, safe):
    assert (safe_href(url) is not None) == safe


# --- CSV --------------------------------------------------------------------------------------
def read_csv(text):
    assert text.startswith("\ufeff")  # Excel reads UTF-8 accents only with the BOM
    return pd.read_csv(io.StringIO(text[1:]), dtype=str, keep_default_na=False)


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_neutralised(cell):
    assert neutralise_cell(cell) == "'" + cell
    assert neutralise_cell("_ga") == "_ga" and neutralise_cell(-1) == -1


def test_csv_files_round_trip_with_formulas_neutralised():
    report = synthetic_report()
    report["phases"]["reject"]["cookies"].append(cookie('=HYPERLINK("https://x.example","é")'))
    cookies = read_csv(cookies_csv(report))
    assert list(cookies["phase"]) == ["initial", "initial", "accept", "reject", "reject"]
    assert "'=HYPERLINK(\"https://x.example\",\"é\")" in set(cookies["name"])
    ga = cookies[(cookies["name"] == "_ga") & (cookies["phase"] == "initial")].iloc[0]
    assert ga["tracker"] == "Google Analytics" and ga["company"] == "Google" and ga["lifetime_days"] == "730.0"
    requests = read_csv(requests_csv(report))
    assert list(requests["phase"]) == ["initial", "initial", "accept"]
    findings = read_csv(findings_csv(report))
    assert list(findings["severity"]) == ["medium", "high", "low", "info", "high"]
    assert "Nos cookies sont conservés 13 mois" in findings["evidence"][0]
    assert list(read_csv(findings_csv(error_report())).columns)[:3] == ["rule", "theme", "severity"]


# --- index and pipelines ------------------------------------------------------------------------
def write_run(root, site, run, report, html=True):
    folder = root / site / run
    folder.mkdir(parents=True)
    (folder / "report.json").write_text(json.dumps(report), encoding="utf-8")
    if html:
        (folder / "report.html").write_text("<!DOCTYPE html>", encoding="utf-8")
    return folder


def test_index_lists_each_sites_latest_finished_audit(tmp_path):
    old = synthetic_report(findings=[])
    write_run(tmp_path, "www.exemple.fr", "20261121T080000Z", old)
    write_run(tmp_path, "www.exemple.fr", "20261122T080000Z-2", synthetic_report())
    write_run(tmp_path, "www.exemple.fr", "20261122T080000Z-10", synthetic_report(), html=False)
    (tmp_path / "www.exemple.fr" / "20261123T080000Z").mkdir()  # killed before report.json
    (tmp_path / "www.exemple.fr" / "20261123T080000Z" / "report.json").write_text('{"sch')
    write_run(tmp_path, "introuvable.invalid", "20261122T080000Z", error_report())
    entries = latest_reports(tmp_path)
    assert [e.href for e in entries] == ["introuvable.invalid/20261122T080000Z/report.html",
                                         "www.exemple.fr/20261122T080000Z-10/report.json"]
    rows = soup(render_index(entries)).find("tbody").find_all("tr")
    first = [td.get_text(" ", strip=True) for td in rows[0].find_all("td")]
    assert first[0] == "https://www.exemple.fr/" and first[3] == "Non conforme – problèmes graves"
    assert first[4:] == ["2", "1", "1", "1", "1", "1"]  # severities, trackers, third-party requests
    second = [td.get_text(" ", strip=True) for td in rows[1].find_all("td")]
    assert second[2].startswith("échec") and second[4:] == ["–"] * 6


def test_pipelines_write_every_file_and_the_index(tmp_path):
    folder = tmp_path / "www.exemple.fr" / "20261122T080000Z"
    folder.mkdir(parents=True)
    item = SiteAuditItem(report=synthetic_report(), folder=str(folder))
    for pipeline in (JsonReportPipeline(), HtmlReportPipeline("en"), CsvReportPipeline(),
                     IndexPipeline("en")):
        assert pipeline.process_item(item) is item
    assert {p.name for p in folder.iterdir()} == {
        "report.json", "report.html", "cookies.csv", "requests.csv", "findings.csv"}
    assert "At a glance" in (folder / "report.html").read_text(encoding="utf-8")
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'href="www.exemple.fr/20261122T080000Z/report.html"' in index
    assert "Cookie and consent audits" in index


# --- the crawl's own files, in real Chromium ----------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield launched
        launched.close()


class Watched:
    """A page whose dialogs, console messages and page errors are kept."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.dialogs, self.console, self.errors = [], [], []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, path):
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")
        return self.page

    def close(self):
        self.context.close()


def test_the_crawl_writes_every_report_file_and_the_index(reports):
    roots = {folder.parent.parent for folder, _ in reports.values()}
    assert len(roots) == 1
    index = (roots.pop() / "index.html").read_text(encoding="utf-8")
    for url in SITES:
        folder, report = reports[url]
        for name in ("report.json", "report.html", "cookies.csv", "requests.csv", "findings.csv"):
            assert (folder / name).is_file(), (url, name)
        assert f'href="{folder.parent.name}/{folder.name}/report.html"' in index
    assert "\ufeff" == (folder / "cookies.csv").read_text(encoding="utf-8")[0]


def test_a_report_reads_well_in_chromium(reports, browser, tmp_path):
    folder, report = reports[BOULANGERIE]
    watched = Watched(browser)
    try:
        page = watched.open(folder / "report.html")
        assert page.locator("#summary .verdict").inner_text() == "Non conforme – problèmes graves"  # the boulangerie breaks the rules
        assert page.locator("#cookies").get_by_text("_ga", exact=True).is_visible()
        assert page.locator("#banner img").count() == 3
        assert all(page.locator("#banner img").nth(i).evaluate("i => i.naturalWidth > 100")
                   for i in range(3))  # embedded screenshots render
        # The same report with findings, as rules will write them, rendered beside it.
        with_findings = copy.deepcopy(report)
        with_findings["findings"] = synthetic_report()["findings"]
        (tmp_path / "report.html").write_text(
            render_site(with_findings, images=screenshots(folder, report)), encoding="utf-8")
        page = watched.open(tmp_path / "report.html")
        assert page.locator("#summary .verdict").inner_text() == "Non conforme – problèmes graves"
        assert page.locator("#summary ol li").count() == 3
        evidence = page.locator("article.finding", has_text="_ga vit 2 ans").locator(".evidence")
        assert evidence.is_visible() and "13 mois au maximum" in evidence.inner_text()
        page.screenshot(path=str(tmp_path / "report-fr.png"), full_page=True)
        print(f"\nscreenshot: {tmp_path / 'report-fr.png'}")
        assert watched.dialogs == [] and watched.errors == []
        assert not [m for m in watched.console if m.startswith("error")], watched.console
    finally:
        watched.close()


def test_payloads_from_a_hostile_site_run_nothing(reports, browser, tmp_path):
    folder, report = reports[HOSTILE]
    names = {c["name"] for c in report["phases"]["initial"]["cookies"]}
    assert "<script>alert('cookie')</script>" in names and '"><img src' in names
    # Page text quoted as policy evidence, as the policy reader will quote it.
    quoted = copy.deepcopy(report)
    page_text = 'Nos cookies durent 13 mois "><img src=x onerror=alert(1)> au maximum.'
    quoted["findings"] = [{"rule": "cookie.lifetime_exceeds_policy", "severity": "high",
                           "subject": "<script>alert('cookie')</script>", "message": page_text,
                           "evidence": [{"quote": page_text, "url": report["internal_pages"][-1]},
                                        report["phases"]["initial"]["cookies"][0]],
                           "reference": "<script>alert(9)</script>"}]
    (tmp_path / "report.html").write_text(
        render_site(quoted, images=screenshots(folder, report)), encoding="utf-8")
    watched = Watched(browser)
    try:
        for path in (folder / "report.html", tmp_path / "report.html", folder.parent.parent / "index.html"):
            page = watched.open(path)
            page.wait_for_timeout(300)
            assert page.locator("img[src=x], svg").count() == 0
            if path.name == "report.html":
                text = page.locator("body").inner_text()
                assert "<script>alert('cookie')</script>" in text and '"><img src' in text
                assert page.locator("script").count() == 0
        assert watched.dialogs == [] and watched.errors == []
        assert not [m for m in watched.console if m.startswith("error")], watched.console
    finally:
        watched.close()


def test_hostile_cookie_names_are_neutralised_in_csv(reports):
    folder, _ = reports[HOSTILE]
    raw = (folder / "cookies.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    cookies = pd.read_csv(folder / "cookies.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    names = set(cookies["name"])
    assert "'+HYPERLINK(\"https://piege.example/\",\"clic\")" in names
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in names and "'-2+3+cmd|' /C calc'!A0" in names
    assert "<script>alert('cookie')</script>" in names
    for column in cookies.columns:
        assert not [v for v in cookies[column] if v[:1] in ("=", "+", "-", "@", "\t", "\r")], column
    assert "sha256:" in raw.decode("utf-8") and "HYPERLINK(\"https://piege.example/\")\n" not in raw.decode()


def test_index_sorts_in_chromium(reports, browser):
    root = next(iter(reports.values()))[0].parent.parent
    watched = Watched(browser)
    try:
        page = watched.open(root / "index.html")
        sites = lambda: page.locator("tbody tr td:first-child").all_inner_texts()  # noqa: E731
        assert sorted(sites()) == sorted(SITES)
        page.locator("thead th").nth(0).locator("button").click()
        assert sites() == sorted(SITES)
        page.locator("thead th").nth(0).locator("button").click()
        assert sites() == sorted(SITES, reverse=True)
        assert watched.errors == [] and not [m for m in watched.console if m.startswith("error")]
    finally:
        watched.close()


def trackers_before_consent(report):
    from reports.verdict import before_choice

    return before_choice(report)["trackers"]


def test_index_counts_only_trackers_that_needed_consent():

    matomo = {"name": "Matomo", "company": "self-hosted", "category": "analytics"}
    report = {"phases": {"initial": {"requests": [{"tracker": matomo}], "cookies": []}},
              "findings": [], "summary": {"verdict": "no_issue_found"}}
    assert trackers_before_consent(report) == []  # an exempt audience tool
    report["findings"] = [{"rule": "consent.tracker_before_consent", "subject": "Hotjar"},
                          {"rule": "consent.no_banner", "subject": "banner"}]
    assert trackers_before_consent(report) == ["Hotjar"]
    del report["summary"]  # never judged: every tracker of the initial phase
    assert trackers_before_consent(report) == ["Matomo"]


def test_index_counts_every_tracker_a_company_finding_names():
    from reports.verdict import before_choice

    report = synthetic_report(findings=[
        {"rule": "consent.tracker_before_consent", "subject": "Meta Pixel",
         "params": {"trackers": ["Meta Pixel", "Facebook"]}},
        {"rule": "consent.tracker_after_reject", "subject": "Hotjar", "params": {"trackers": ["Hotjar"]}}],
        summary={"verdict": "non_compliant"})
    assert before_choice(report) == {"trackers": ["Facebook", "Meta Pixel"], "third_party_requests": 1}
    [row] = index_rows([IndexEntry("x/report.html", report)], Translator("en"))
    assert (row["trackers"], row["tracker_names"], row["third_party_requests"]) == (2, "Facebook, Meta Pixel", 1)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_visit_whose_click_was_not_made_is_never_called_after_it(language):
    t = Translator(language)
    report = synthetic_report()
    report["phases"]["accept"]["consent_action"] = {"performed": True, "clicked_at": "2026-11-22T08:00:10Z"}
    report["phases"]["reject"]["consent_action"] = {"performed": False, "clicked_at": None}
    view = site_view(report, t)
    assert view["phases"] == [t("phase.initial"), t("phase.accept"), t("phase.not_performed.reject")]
    assert [s["phase"] for s in view["cookies"][0]["seen"]] == view["phases"]
    captions = [s["caption"] for s in view["banner"]["screenshots"]]
    assert captions[1] == t("banner.screenshot.accept") and captions[2] == t("phase.not_performed.reject")
    assert t("banner.screenshot.reject") not in captions
    # a cookie of that visit, before any choice, is shown as such in a finding's evidence
    record = {**cookie("_ga", tracker=GA), "kind": "cookie", "phase": "reject", "before_choice": True}
    labels = phase_labels(report, t)
    [shown] = evidence_view([record], t, labels)["cookies"]
    assert shown["phase"] == t("phase.initial")
    report["phases"]["reject"]["consent_action"] = {"performed": True, "clicked_at": "2026-11-22T08:00:10Z"}
    assert site_view(report, t)["phases"][2] == t("phase.reject")


# --- the page in words ---------------------------------------------------------------------------
def finding_of(page, rule):
    return [a for a in page.select("article.finding") if rule in a.get_text(" ")][0]


def test_subjects_and_phases_are_words():
    page = soup(render_site(worded_report()))
    subjects = [s.get_text() for s in page.select("#findings .subject")]
    assert "le bandeau de consentement" in subjects and "Droit de retirer son consentement" in subjects
    assert "Pays de l’hébergeur" in subjects and "Politique de confidentialité" in subjects
    assert "_fbp" in subjects  # a cookie's name stays its name
    assert not {"banner", "withdraw_consent", "host_country", "privacy_policy"} & set(subjects)
    labels = [th.get_text() for th in page.select("#phase-table tbody th")]
    assert labels == ["Avant tout choix", "Après «\u00a0Tout accepter\u00a0»", "Après «\u00a0Tout refuser\u00a0»"]
    text = page.get_text(" ")
    assert "Refus non effectué" not in text


def test_a_reject_click_not_made_is_never_after_reject():
    html = render_site(worded_report(clicked=False))
    page = soup(html)
    assert [th.get_text() for th in page.select("#phase-table tbody th")][2] == "Refus non effectué"
    assert page.select_one('#phase-table tr[data-phase="reject"]')["class"] == ["not-performed"]
    assert "Tout refuser\u00a0»" not in " ".join(th.get_text() for th in page.select("th"))
    assert "Après «\u00a0Tout refuser" not in page.get_text()
    english = soup(render_site(worded_report(clicked=False), "en"))
    assert "Refusal not performed" in english.get_text() and 'After "Reject all"' not in english.get_text()


def test_exemption_reason_by_code_else_the_saved_reason(monkeypatch):
    from reports.views.site import exemption_reason

    fr = Translator("fr")
    assert exemption_reason({"exempt_reason_code": "tracker", "exempt_reason": "English"}, fr) == \
        fr("exemption.tracker") != "English"
    assert exemption_reason({"exempt_reason_code": "from_the_future", "exempt_reason": "saved"}, fr) == "saved"
    report = synthetic_report()
    report["phases"]["initial"]["cookies"][0].update(exempt_reason_code="tracker", exempt_reason="English words")
    row = [r for r in soup(render_site(report)).select("#cookies tbody tr") if r.find("code").get_text() == "_ga"][0]
    assert row.find("td", title=fr("exemption.tracker")).select_one(".exempt-why").get_text() == fr("exemption.tracker")
    saved = [r for r in soup(render_site(synthetic_report())).select("#cookies tbody tr")
             if r.find("code").get_text() == "PHPSESSID"][0]
    assert saved.find("td", title="session") and saved.select_one(".exempt-why") is None


def test_evidence_reads_as_sentences_and_tables_never_json():
    page = soup(render_site(worded_report(), images={"screenshot-initial.png": b"\x89PNG fake"}))
    banner = finding_of(page, "Refuser n’est pas aussi simple")
    text = " ".join(banner.get_text(" ").split())
    assert "Le premier écran du bandeau propose :" in text
    assert "« Personnaliser » (ouvrir les réglages)" in text and "« Tout accepter » (tout accepter)" in text
    assert "Aucun bouton « Tout refuser » sur le premier écran." in text
    assert "Le refus n’est possible qu’après un clic sur « Personnaliser »." in text
    assert "« Nous utilisons des cookies. »" in text
    findings = page.find(id="findings").get_text(" ")
    for raw in ("rgb(", "{", "kind", "first_layer", "screenshot-initial.png", "None"):
        assert raw not in findings, raw
    # The screenshot of the phase: embedded, full size on click (the PNG beside report.html).
    shot = banner.select_one("figure.evidence-shot")
    assert shot.a["href"] == "screenshot-initial.png" and shot.img["src"].startswith("data:image/png;base64,")
    assert "Avant tout choix" in shot.figcaption.get_text()
    listed = finding_of(page, "Non listé.")
    assert [li.get_text() for li in listed.select("ul.names li")] == ["PHPSESSID", "_ga"]
    assert listed.select_one("table.ev-cookies td:nth-of-type(5)").get_text() == "Après «\u00a0Tout accepter\u00a0»"
    pages = " ".join(finding_of(page, "Pas de politique.").get_text(" ").split())
    assert "Mentions légales : https://www.exemple.fr/mentions" in pages
    assert "Politique de confidentialité : introuvable." in pages
    assert "Adresses essayées sans succès : https://www.exemple.fr/confidentialite: HTTP 404" in pages
    # A finding with no record attached shows no evidence block.
    assert finding_of(page, "Pays absent.").select_one(".evidence") is None


def test_fix_and_legal_basis_binding_first_replace_the_reference():
    page = soup(render_site(worded_report()))
    banner = finding_of(page, "Refuser n’est pas aussi simple")
    assert " ".join(banner.select_one(".fix").get_text(" ").split()) == \
        "À corriger : Ajouter « Tout refuser » au premier écran."
    basis = banner.select_one(".legal-basis")
    assert " ".join(basis.get_text(" ").split()).startswith(
        "Base légale : Loi Informatique et Libertés, art. 82 ; CNIL, délibération 2020-091, art. 2 (recommandation)")
    assert [a["href"] for a in basis.find_all("a")][0].startswith("https://www.legifrance.gouv.fr/")
    assert "[CNIL-1L]" not in banner.get_text()
    # Saved before fix and legal_basis: the reference as it was, no empty "À corriger".
    old = finding_of(soup(render_site(synthetic_report())), "_ga vit 2 ans")
    assert old.select_one(".fix") is None and old.select_one(".legal-basis") is None
    assert "Référence : CNIL, délibération 2020-091, art. 5" in old.get_text(" ")


@pytest.mark.parametrize("make", [worded_report, lambda: worded_report(clicked=False), compliant_report,
                                  synthetic_report])
def test_the_phase_table_holds_the_csv_figures(make):
    report = make()
    cookies, requests = read_csv(cookies_csv(report)), read_csv(requests_csv(report))
    page = soup(render_site(report))
    for phase in ("initial", "accept", "reject"):
        c, r = cookies[cookies["phase"] == phase], requests[requests["phase"] == phase]
        trackers = set(c["tracker"]) | set(r["tracker"])
        expected = {"cookies": len(c), "tracker_cookies": int((c["tracker"] != "").sum()),
                    "trackers": len(trackers - {""}), "third_party_requests": int((r["third_party"] == "True").sum()),
                    "requests": len(r)}
        shown = {td["data-count"]: int(td.get_text()) for td in page.select(f'#phase-table td[data-phase="{phase}"]')}
        assert shown == expected, phase


def test_the_checks_that_found_nothing_are_listed_in_words():
    from auditor.rules.catalogue import spec

    page = soup(render_site(compliant_report()))
    passed = {li["data-rule"]: li.get_text(" ", strip=True) for li in page.select("#checks ul.passed li")}
    not_checked = {li["data-rule"]: li.get_text(" ", strip=True) for li in page.select("#checks ul.not-checked li")}
    assert set(passed) | set(not_checked) == set(spec()["rules"]) and not set(passed) & set(not_checked)
    assert "Aucun traceur après «\u00a0Tout refuser\u00a0»" in passed["consent.tracker_after_reject"]
    assert "Aucun traceur soumis au consentement avant tout choix" in passed["consent.tracker_before_consent"]
    assert "le site ne publie pas la liste de ses cookies" in not_checked["cookie.undeclared"]
    # No reject click: what happens after it was not checked, and says so.
    report = compliant_report()
    report["phases"]["reject"]["consent_action"]["performed"] = False
    page = soup(render_site(report))
    why = page.select_one('#checks ul.not-checked li[data-rule="consent.tracker_after_reject"]')
    assert "le clic sur «\u00a0Tout refuser\u00a0» n’a pas eu lieu" in why.get_text()
    # A rule that fired is a finding, not a passed check; a report never judged lists none.
    page = soup(render_site(worded_report()))
    listed = {li["data-rule"] for li in page.select("#checks li")}
    assert "consent.no_reject_option" not in listed and "policy.missing" not in listed
    assert "consent.tracker_before_consent" in listed
    never_judged = synthetic_report(findings=[])
    assert soup(render_site(never_judged)).find(id="checks") is None
    assert soup(render_site(error_report())).find(id="checks") is None


def test_provenance_in_words_only_when_recorded():
    page = soup(render_site(worded_report()))
    block = page.find(id="provenance")
    text = " ".join(block.get_text(" ").split())
    assert "Comment ces preuves ont été obtenues" in text
    assert "1.4.0" in text and "156.0.7000.1" in text and "trackerdb 1.0.945" in text
    assert "autoconsent non utilisées" in text
    assert "Début 6 décembre 2026 à 22:15 (heure de Paris)" in text
    assert "Fin 6 décembre 2026 à 22:18 (heure de Paris)" in text
    assert [a["href"] for a in block.select("ul.pages-visited a")] == PROVENANCE["pages_visited"]
    assert "Pages visitées (2)" in text and "sha256:" + "ab" * 32 in text
    assert "empreinte à clé" in text and "HAR" in text and "sha256sum -c SHA256SUMS" in text
    assert soup(render_site(compliant_report())).find(id="provenance") is None
    # provenance.method's code worded by the catalogue when it has it.
    from reports.views.provenance import provenance_view

    fr = Translator("fr")
    coded = worded_report()
    coded["provenance"]["method"] = {"code": "from_the_future", "params": {}, "text": "English"}
    assert provenance_view(coded, fr)["method"] == fr("origin.method")


def test_the_test_world_reports_render_in_chromium(reports, browser):
    """Every test-world report.html as a reader opens it: the verdict shown, every image
    loaded, no script error; the phase table and the checks there."""
    watched = Watched(browser)
    try:
        for url in SITES:
            folder, report = reports[url]
            page = watched.open(folder / "report.html")
            verdict = page.locator("#summary .verdict")
            assert verdict.is_visible() and verdict.inner_text().strip(), url
            images = page.locator("img")
            assert images.count() >= 1, url
            for i in range(images.count()):
                assert images.nth(i).evaluate("i => i.complete && i.naturalWidth > 100"), (url, i)
            if report.get("status") == "ok":
                assert page.locator("#phase-table tbody tr").count() == 3, url
                assert page.locator("#checks li").count() >= 1, url
            for link in page.locator("figure.evidence-shot a").all():
                assert (folder / link.get_attribute("href")).is_file(), url
        assert watched.dialogs == [] and watched.errors == []
        assert not [m for m in watched.console if m.startswith("error")], watched.console
    finally:
        watched.close()


def test_a_pay_or_accept_control_and_an_ok_are_named_for_what_they_do():
    t = Translator("fr")
    banner = {"kind": "banner", "controls": [
        {"label": "Tout accepter", "role": "accept"},
        {"label": "Refuser et s’abonner", "role": "wall"},
        {"label": "J’ai compris", "role": "acknowledge"},
        {"label": "En savoir plus", "role": None}]}
    [listed] = [n for n in evidence_view([banner], t, {})["notes"] if n.get("entries")]
    assert [e.replace("\xa0", " ") for e in listed["entries"]] == [
        "« Tout accepter » (tout accepter)",
        "« Refuser et s’abonner » (ne refuse que contre un paiement ou un abonnement)",
        "« J’ai compris » (prend acte d’une information, ne demande rien)",
        "« En savoir plus » (autre commande)"]


def test_how_long_each_choice_is_kept_against_the_cnils_six_months():
    report = synthetic_report()
    report["phases"]["accept"]["consent_action"] = {"performed": True}
    report["phases"]["reject"]["consent_action"] = {"performed": True}
    report["banner"]["choice_kept"] = {
        "accept": {"kind": "cookie", "name": "tarteaucitron", "days": 365.0, "stored_days": 365.0},
        "reject": {"kind": "sessionStorage", "name": "consentement", "days": None, "stored_days": None}}
    text = soup(render_site(report)).find(id="banner").get_text(" ")
    assert "Durée de conservation du choix" in text
    assert "«\u00a0Tout accepter\u00a0» conservé" in text
    assert "1 an (cookie «\u00a0tarteaucitron\u00a0») – plus que les six mois recommandés par la CNIL" in text
    assert "cet onglet seulement (entrée sessionStorage «\u00a0consentement\u00a0»)" in text
    english = soup(render_site(report, language="en")).find(id="banner").get_text(" ")
    assert "1 year (cookie \u201ctarteaucitron\u201d) – longer than the six months the CNIL recommends" in english
    # no click made: nothing is said about a choice's record
    report["phases"]["reject"]["consent_action"] = {"performed": False}
    report["banner"]["choice_kept"]["reject"] = None
    text = soup(render_site(report)).find(id="banner").get_text(" ")
    assert "«\u00a0Tout accepter\u00a0» conservé" in text and "«\u00a0Tout refuser\u00a0» conservé" not in text
    del report["banner"]["choice_kept"]
    report["phases"]["accept"]["consent_action"] = {"performed": True}
    assert "aucun cookie ni stockage ne l’a enregistré" in soup(render_site(report)).find(id="banner").get_text(" ")


def test_the_method_tells_the_withdrawal_when_its_browser_ran():
    report = synthetic_report()
    text = soup(render_site(report)).find(id="banner").get_text(" ")
    assert "quatrième navigateur" not in text and "Après le retrait" not in text
    report["withdrawal"] = {"reopened": True, "control": "Gérer mes cookies", "withdrawn": True,
                            "verified": True, "trackers_after": [], "cookies_kept": [],
                            "screenshot": "screenshot-withdraw.png"}
    banner = soup(render_site(report)).find(id="banner")
    assert "Un quatrième navigateur neuf accepte ensuite tout" in banner.get_text(" ")
    assert "accepté, choix rouvert, refusé à cet endroit" in banner.get_text(" ")
    assert "screenshot-withdraw.png" in [img["src"] for img in banner.find_all("img")]
    report["withdrawal"] = {"reopened": False, "withdrawn": False, "skipped": "no_banner"}
    assert "quatrième navigateur" not in soup(render_site(report)).find(id="banner").get_text(" ")


def test_the_banners_design_figures_are_listed_one_per_line_in_the_evidence():
    t = Translator("fr")
    figures = {"kind": "banner_design", "pattern": "contrast", "clicks_to_accept": 1, "clicks_to_reject": 1,
               "reject_is_link": True, "reject_to_accept_area": 0.02, "reject_contrast": 1.74,
               "accept_contrast": 6.29, "accept_label": "Accepter et fermer", "reject_label": "Refuser"}
    [listed] = [n for n in evidence_view([figures], t, {})["notes"] if n.get("entries")]
    assert listed["text"] == "La présentation du bandeau, mesurée\u00a0:"
    assert [e.replace("\xa0", " ") for e in listed["entries"]] == [
        "Refuser : 1 clic, un lien", "Accepter : 1 clic, un bouton",
        "contraste du refus 1,7:1 contre 6,3:1", "surface du refus 2 % de celle de l’acceptation"]
    # the banner section keeps them as one sentence
    assert design_sentence(figures, t).replace("\xa0", " ") == (
        "Refuser : 1 clic, un lien ; Accepter : 1 clic, un bouton ; contraste du refus 1,7:1 contre 6,3:1 ; "
        "surface du refus 2 % de celle de l’acceptation")
