"""The security of what the auditor writes and of the machine it runs on: no cookie or storage
value stored, reports escaped under a strict CSP, CSV formulas neutralised, report folder
names that stay inside REPORTS_DIR, only http(s) URLs, and an audited page that cannot read
the local disk. Units first, then the hostile crawl (conftest's `hostile_run`)."""
from __future__ import annotations

import csv
import hashlib
import hmac
import json
import os
import re
import stat
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pydantic import ValidationError
from scrapy.settings import Settings

from auditor.browser.failures import check_url
from auditor.browser.launch import BrowserProfile
from auditor.capture.cookies import parse_cookie_setting
from auditor.capture.documents import DocumentFinder
from auditor.capture.har import scrub_har, scrub_message
from auditor.capture.hash_key import key_file_path
from auditor.capture.hashing import ValueHasher
from auditor.capture.recorder import PhaseRecorder
from auditor.capture.redact import ValueRedactor
from auditor.domains import web_url_fault
from auditor.runs.folders import new_run_folder, site_folder_name
from auditor.runs.sites_file import SiteEntry
from auditor.runs.targets import same_site_url
from reports.safety import neutralise_cell
from tests.e2e import BOULANGERIE, FLEURISTE
from tests.hashing import HASHER
from tests.world import hostile

STARTED = datetime(2026, 11, 22, 8, 0, tzinfo=timezone.utc)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# --- report folder names ------------------------------------------------------------------
HOSTILE_URLS = [
    "https://..exemple.fr/", "https://%2e%2e/", "https://%2e%2e%2f%2e%2e%2fetc/",
    "https://a..b.fr/",
    "https://exemple.fr%2f..%2f..%2fetc/", "https://" + "a" * 300 + ".fr/", "https://./",
    "https://x.fr\\..\\..\\etc/", "https://[::1]/", "https://é..fr/", "https://%00/",
    "https://index.html/", "https://history.sqlite/", "https://history.sqlite-wal/",
    "https://HISTORY.SQLITE-SHM:8443/", "https://x.fr/../../etc/passwd", "pas une adresse",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_a_site_folder_name_cannot_make_a_path(url):
    name = site_folder_name(url)
    assert re.fullmatch(r"[a-z0-9][a-z0-9.-]*", name), name
    assert ".." not in name and len(name) <= 130
    assert not re.fullmatch(r"index\.html|history\.sqlite(-wal|-shm|-journal)?", name), name


def test_names_of_reports_dirs_own_files_are_kept_for_them(tmp_path):
    (tmp_path / "index.html").write_text("<!DOCTYPE html>")
    (tmp_path / "history.sqlite").write_bytes(b"SQLite format 3\0")
    for url in HOSTILE_URLS:
        folder = new_run_folder(tmp_path, url, STARTED)
        assert folder.resolve().parent.parent == tmp_path.resolve(), (url, folder)
    assert (tmp_path / "index.html").is_file() and (tmp_path / "history.sqlite").is_file()
    assert site_folder_name("https://index.html/") == "index.html-site"


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "FILE:///etc/passwd", "javascript:alert(1)", "data:text/html,x",
    "ftp://exemple.fr/", "chrome://settings/", "view-source:https://exemple.fr/",
    "about:blank", "blob:https://exemple.fr/x", "ws://exemple.fr/", "//exemple.fr/",
    "exemple.fr", " file:///etc/passwd", "https:///etc/passwd", "http://",
])
def test_only_http_and_https_urls_are_audited(url):
    assert check_url(url), url


@pytest.mark.parametrize("url", ["https://www.exemple.fr/", "http://exemple.fr:8080/a?b=c"])
def test_http_and_https_urls_are_audited(url):
    assert check_url(url) is None


@pytest.mark.parametrize("url, fault", [
    ("https://www.exemple.fr/", None), (" HTTP://Exemple.fr:8080/a ", None),
    ("ftp://exemple.fr/", "scheme"), ("exemple.fr", "scheme"), ("javascript:alert(1)", "scheme"),
    ("https://", "no_host"), ("https:///etc/passwd", "no_host"),
    ("https://exemple.fr:99999/", "invalid"), ("http://[::1/", "invalid"),
])
def test_one_url_check_for_the_audit_the_queue_and_the_sites_file(url, fault):
    assert web_url_fault(url) == fault
    assert (check_url(url) is None) == (fault is None)
    try:
        SiteEntry.model_validate({"url": url})
        refused = False
    except ValidationError:
        refused = True
    assert refused == (fault is not None)
    if fault:
        assert same_site_url(url) == url.strip()  # kept as given: the audit says why it is no URL


def test_the_documents_reader_never_opens_anything_but_http():
    import asyncio

    finder = DocumentFinder(page_timeout=1, settle=None)
    for url in ("file:///etc/passwd", "chrome://version", "view-source:https://x.fr/"):
        # No page is given: a refused address must not reach it.
        assert asyncio.run(finder._load(None, url)) == "not an http(s) address"


# --- values: hashes only -------------------------------------------------------------------
@pytest.mark.parametrize("text", ["valeur-secrete; Path=/", "valeur-secrete",
                                  " valeur-secrete ;path=/"])
def test_a_cookie_without_a_name_keeps_its_value_hashed(text):
    # RFC 6265bis: "abc" without "=" is a cookie whose name is empty and value is "abc".
    setting = parse_cookie_setting(text, host="x.fr", source="script", source_url="https://x.fr/",
                                   at=0, hash_value=HASHER)
    assert setting.name == "" and setting.value_hash == HASHER("valeur-secrete")
    assert "valeur-secrete" not in json.dumps(setting.__dict__)


def test_har_headers_keep_no_cookie_value_named_or_not():
    message = {"headers": [
        {"name": "Cookie", "value": "a=valeur-1; valeur-2; =valeur-3"},
        {"name": "Set-Cookie", "value": "valeur-4; Path=/\nb=valeur-5; Max-Age=9"},
        {"name": "set-cookie", "value": "=valeur-6"},
    ], "cookies": [{"name": "", "value": "valeur-7"}], "postData": {"text": "valeur-8"}}
    scrub_message(message, HASHER)
    assert "valeur" not in json.dumps(message)
    assert message["headers"][1]["value"].endswith("; Path=/\nb=" + HASHER("valeur-5") +
                                                   "; Max-Age=9")


# --- keyed value hashes ---------------------------------------------------------------------
SHORT_VALUES = ["fr", "lang=fr", "1", "oui", "true", "FR", "fr-FR"]


def candidate_hashes(value: str) -> set[str]:
    """What someone without the key would try: SHA-256 of the value, whole or cut, prefixed
    or not, and HMACs under keys a person might guess."""
    found = set()
    for text in (value, value.partition("=")[2] or value):
        digest = hashlib.sha256(text.encode()).hexdigest()
        for cut in (16, 32, 64):
            found |= {digest[:cut], f"sha256:{digest[:cut]}", f"hmac-sha256:{digest[:cut]}"}
        for guess in (b"", b"auditor", b"site-auditor", b"secret", b"key"):
            mac = hmac.new(guess, text.encode(), hashlib.sha256).hexdigest()
            found |= {mac[:32], f"hmac-sha256:{mac[:32]}"}
    return found


@pytest.mark.parametrize("value", SHORT_VALUES)
def test_a_stored_hash_cannot_be_matched_by_hashing_candidates_without_the_key(value):
    stored = HASHER(value)
    assert re.fullmatch(r"hmac-sha256:[0-9a-f]{32}", stored)
    # Every short value tried, in every unkeyed form: none gives the stored hash back.
    tried = set().union(*(candidate_hashes(candidate) for candidate in SHORT_VALUES))
    assert stored not in tried and stored.partition(":")[2] not in {t.partition(":")[2] for t in tried}
    # The same hash only under the same key.
    assert ValueHasher(b"the tests' own value hash key")(value) == stored
    assert ValueHasher(b"another installation")(value) != stored


def test_the_key_file_is_made_once_private_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("AUDITOR_HASH_KEY", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    first = ValueHasher.from_settings(Settings({"REPORTS_DIR": str(tmp_path / "reports")}))
    path = tmp_path / "config" / "auditor" / "hash.key"
    assert key_file_path() == path and path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    key = path.read_bytes()
    assert len(key.strip()) == 64 and not (tmp_path / "home").exists()
    # Read again, not made again: the same value keeps its hash.
    again = ValueHasher.from_settings(Settings({"REPORTS_DIR": str(tmp_path / "reports")}))
    assert path.read_bytes() == key and again("lang=fr") == first("lang=fr")
    assert [p.name for p in path.parent.iterdir()] == ["hash.key"]  # no temporary file left
    # AUDITOR_HASH_KEY_FILE moves it; another key, another hash.
    moved = ValueHasher.from_settings(Settings({"AUDITOR_HASH_KEY_FILE": str(tmp_path / "k")}))
    assert (tmp_path / "k").is_file() and moved("lang=fr") != first("lang=fr")
    assert key.decode().strip() not in repr(first)


def test_the_key_can_be_given_and_never_lies_with_the_reports(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("AUDITOR_HASH_KEY", "clé de l'environnement")
    from_env = ValueHasher.from_settings(Settings())
    assert from_env("fr") == ValueHasher("clé de l'environnement".encode())("fr")
    setting = ValueHasher.from_settings(Settings({"AUDITOR_HASH_KEY": "clé du réglage"}))
    assert setting("fr") == ValueHasher("clé du réglage".encode())("fr") != from_env("fr")
    assert not (tmp_path / "config").exists()  # a key given: no file made
    monkeypatch.delenv("AUDITOR_HASH_KEY")
    with pytest.raises(ValueError, match="inside REPORTS_DIR"):
        ValueHasher.from_settings(Settings({"REPORTS_DIR": str(tmp_path / "r"),
                                            "AUDITOR_HASH_KEY_FILE": str(tmp_path / "r" / "k")}))
    assert not (tmp_path / "r").exists()


def test_two_runs_hash_a_value_alike_with_the_installation_s_key(tmp_path):
    """Two processes, as two audits are: the first makes the key file, the second reads it."""
    code = ("from scrapy.settings import Settings; from auditor.capture.hashing import ValueHasher;"
            "print(ValueHasher.from_settings(Settings())('lang=fr'))")
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path)}
    env.pop("AUDITOR_HASH_KEY", None)
    runs = [subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                           text=True, check=True).stdout.strip() for _ in range(2)]
    assert runs[0] == runs[1] and runs[0].startswith("hmac-sha256:")
    key = (tmp_path / "auditor" / "hash.key").read_bytes().strip()
    assert runs[0] == ValueHasher(key)("lang=fr")


# --- cookie values that travel in URLs -------------------------------------------------------
FBP = "fb.1.1795405384443.654081357"
GA = "GA1.1.9920445793.1795405518"


def redactor(*values):
    made = ValueRedactor(HASHER)
    for value in values:
        made.add(value)
    return made


def test_a_cookie_value_in_a_url_is_replaced_by_the_cookie_s_hash():
    hide = redactor(FBP, GA, "www.exemple.fr", "oui", None)
    pixel = f"https://www.facebook.com/tr/?id=33&ev=PageView&fbp={FBP}&dl=x"
    assert hide.redact_url(pixel) == \
        f"https://www.facebook.com/tr/?id=33&ev=PageView&fbp={HASHER(FBP)}&dl=x"
    # GA sends its cookie's client id, the value without "GA1.1.": the _ga cookie's hash.
    hit = "https://www.google-analytics.com/g/collect?v=2&cid=9920445793.1795405518&en=page_view"
    assert hide.redact_url(hit) == \
        f"https://www.google-analytics.com/g/collect?v=2&cid={HASHER(GA)}&en=page_view"
    # Percent-encoded, in a path segment or a fragment too.
    assert FBP not in hide.redact_url("https://t.fr/u/fb.1.1795405384443.654081357/p?x=1#"
                                      "fb%2E1.1795405384443.654081357")
    assert hide.redact_url("https://t.fr/p?v=" + "fb.1.1795405384443.654081357".replace(".", "%2E")) \
        == f"https://t.fr/p?v={HASHER(FBP)}"
    # The host is never touched, nor short values, nor what merely contains a value.
    assert hide.redact_url("https://www.exemple.fr/?oui=oui") == "https://www.exemple.fr/?oui=oui"
    assert hide.redact_url(f"https://t.fr/?a=x{FBP}") == f"https://t.fr/?a=x{FBP}"
    assert ValueRedactor(HASHER).redact_url(pixel) == pixel


def test_the_recorder_hashes_the_values_it_saw_out_of_the_urls_it_keeps():
    recorder = PhaseRecorder(HASHER)
    recorder._on_cookie_write(None, f"_fbp={FBP}; path=/", "https://connect.facebook.net/s.js",
                              "https://www.exemple.fr/")
    recorder._requests[1] = (None, {"url": f"https://www.facebook.com/tr/?fbp={FBP}",
                                    "frame_url": "https://www.exemple.fr/", "at": 0})
    recorder._keep(parse_cookie_setting(
        "fr=1; Max-Age=9", host="www.facebook.com", source="http", at=0,
        source_url=f"https://www.facebook.com/tr/?fbp={FBP}", hash_value=HASHER))
    kept = json.dumps([recorder.kept_requests(),
                       [s.source_url for s in recorder.kept_cookie_settings()]])
    assert FBP not in kept and kept.count(HASHER(FBP)) == 2


def test_a_har_keeps_no_cookie_value_in_its_urls(tmp_path):
    url = f"https://www.facebook.com/tr/?fbp={FBP}"
    har = {"log": {"pages": [{"title": f"https://www.exemple.fr/?v={FBP}"}], "entries": [{
        "request": {"url": url, "queryString": [{"name": "fbp", "value": FBP}],
                    "headers": [{"name": "Referer", "value": f"https://www.exemple.fr/?v={FBP}"}]},
        "response": {"redirectURL": url, "headers": [{"name": "Location", "value": url}]}}]}}
    path = tmp_path / "initial.har"
    path.write_text(json.dumps(har), encoding="utf-8")
    assert scrub_har(path, HASHER, redactor(FBP))
    text = path.read_text(encoding="utf-8")
    assert FBP not in text and text.count(HASHER(FBP)) == 6
    assert "https://www.facebook.com/tr/?fbp=hmac-sha256:" in text


def test_tracker_hits_in_a_real_crawl_carry_no_cookie_value(reports):
    """The test world's GA4 sends _ga's client id (cid=), Meta's pixel sends _fbp (fbp=), as
    the real ones do: in report.json and the HARs, each is the hash of its cookie's value."""
    for url, phase, cookie, parameter in ((BOULANGERIE, "initial", "_ga", "cid"),
                                          (FLEURISTE, "accept", "_fbp", "fbp")):
        folder, report = reports[url]
        recorded = report["phases"][phase]
        hashes = {c["value_hash"] for c in recorded["cookies"] if c["name"] == cookie}
        hits = [r["url"] for r in recorded["requests"] if f"{parameter}=" in r["url"]]
        assert hits and hashes, (url, phase)
        for hit in hits:
            assert re.search(rf"[?&]{parameter}=(hmac-sha256:[0-9a-f]{{32}})", hit).group(1) in hashes
        har = (folder / f"{phase}.har").read_text(encoding="utf-8")
        assert not re.search(rf"[?&]{parameter}=(?!hmac-sha256:)[^&\"]+", har), url


def test_the_browser_refuses_downloads_and_keeps_its_pop_up_blocker(tmp_path):
    kwargs = BrowserProfile(executable="/usr/bin/chromium").context_kwargs(tmp_path, None)
    assert kwargs["accept_downloads"] is False
    assert "--disable-popup-blocking" in kwargs["ignore_default_args"]


# --- the hostile crawl: what the payload site left in its reports ---------------------------
def site_folder(hostile_run, url) -> Path:
    folder, report = hostile_run.reports[url]
    assert report["status"] == "ok", report["error"]
    return folder


def every_file(root: Path):
    return [p for p in root.rglob("*") if p.is_file()]


def test_no_cookie_or_storage_value_is_written_anywhere(hostile_run):
    folder = site_folder(hostile_run, hostile.PAYLOAD)
    _, report = hostile_run.reports[hostile.PAYLOAD]
    # The values were set (by headers and by script, with and without a name)...
    initial = report["phases"]["initial"]
    names = {c["name"] for c in initial["cookies"]}
    assert {"<script>alert(1)</script>", "+cmd|' /C calc'!A0", "@SUM(1)", '"><img src',
            "@SUM(1)+cmd", ""} <= names
    assert {s["key"] for s in initial["storage"]} == {'<script>alert("stockage")</script>',
                                                      '"><img src=x onerror=alert(1)>'}
    assert all(c["value_hash"] is None or c["value_hash"].startswith("hmac-sha256:")
               for phase in report["phases"].values() for c in phase["cookies"])
    # ...and no file of REPORTS_DIR holds one, in any escaping (SECRET is plain ASCII).
    files = every_file(hostile_run.reports_dir)
    assert folder / "initial.har" in files and hostile_run.reports_dir / "history.sqlite" in files
    for path in files:
        assert hostile.SECRET.encode() not in path.read_bytes(), path


def test_reports_escape_what_the_site_wrote_under_a_strict_csp(hostile_run):
    folder = site_folder(hostile_run, hostile.PAYLOAD)
    html = (folder / "report.html").read_text(encoding="utf-8")
    # The payloads are in the report, as text...
    page = BeautifulSoup(html, "html.parser")
    text = page.get_text(" ")
    assert "<script>alert(1)</script>" in text and "+cmd|' /C calc'!A0" in text
    assert "13 mois au maximum \"><img src=x onerror=alert(1)>" in text  # a policy quote
    # ...never as markup.
    assert "<script>alert" not in html and "<img src=x" not in html
    assert page.find_all("script") == [] and page.find("img", src="x") is None
    assert not [tag.name for tag in page.find_all(True)
                if any(attr.lower().startswith("on") for attr in tag.attrs)]
    for report_html in hostile_run.reports_dir.glob("*/*/report.html"):
        head = report_html.read_text(encoding="utf-8").partition("</head>")[0]
        csp = BeautifulSoup(head, "html.parser").find(
            "meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        assert "default-src 'none'" in csp and "script-src" not in csp, report_html
    index = (hostile_run.reports_dir / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in index and "<img src=x" not in index


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(hostile_run):
    folder = site_folder(hostile_run, hostile.PAYLOAD)
    cells = {}
    for name in ("cookies.csv", "requests.csv", "findings.csv"):
        with (folder / name).open(encoding="utf-8-sig", newline="") as f:
            cells[name] = [cell for row in csv.reader(f) for cell in row]
        formulas = [c for c in cells[name] if c.startswith(FORMULA_START)
                    and not re.fullmatch(r"-\d+(\.\d+)?", c)]  # a negative number is a number
        assert formulas == [], (name, formulas[:5])
    assert neutralise_cell("+cmd|' /C calc'!A0") in cells["cookies.csv"]
    assert neutralise_cell("@SUM(1)") in cells["cookies.csv"]
    assert neutralise_cell("@SUM(1)") in cells["findings.csv"]


# --- the page that tries to read the local disk --------------------------------------------
def test_the_audited_page_cannot_read_the_local_disk(hostile_run):
    reports = hostile_run.seen["disk_reports"]
    # The page told the world what each attempt got, in every phase that ran it.
    assert len(reports) >= 3, reports
    for got in reports:
        assert set(got) == {"fetch", "xhr", "img", "iframe"}, got
        assert not [k for k, v in got.items() if v.startswith("LU")], got
    _, report = hostile_run.reports[hostile.DISK]
    assert report["status"] == "ok", report["error"]
    # Its legal pages are links to file:// (one behind a redirect): never opened.
    for url in report["pages"].values():
        assert url is None or url.startswith("https://"), url
    assert not [r for phase in report["phases"].values() for r in phase["requests"]
                if not r["url"].startswith(("http://", "https://"))]
    passwd = Path("/etc/passwd").read_text().splitlines()[0].encode()  # root:x:0:0:...
    for path in every_file(hostile_run.reports_dir):
        assert passwd not in path.read_bytes(), path
