import errno
import json
import os
import shutil
import subprocess
from datetime import datetime, timezone

import pytest

from auditor.audit import SiteAudit
from auditor.browser.failures import Failure, NotAPage, PageUnresponsive, check_url, describe_failure, failure_of
from auditor.browser.launch import (
    BrowserProfile,
    parse_browser_args,
    remove_stale_profiles,
    stale_profiles,
    visitor_user_agent,
)
from auditor.capture.har import scrub_har
from auditor.capture.links import pick_internal_pages
from auditor.capture.phase import build_phase, request_records, storage_records
from auditor.domains import is_third_party, registrable_domain
from auditor.knowledge import Knowledge
from auditor.knowledge.attribution import attribute
from auditor.runs.folders import new_run_folder, site_folder_name, write_failure
from auditor.runs.targets import TargetsError, read_targets
from tests.hashing import HASHER


def test_registrable_domains():
    assert registrable_domain("www.boulangerie-martin.fr") == "boulangerie-martin.fr"
    assert registrable_domain(".facebook.com") == "facebook.com"
    assert registrable_domain("shop.example.co.uk") == "example.co.uk"
    assert registrable_domain("a.github.io") == "a.github.io"
    assert is_third_party("www.google-analytics.com", "boulangerie-martin.fr")
    assert not is_third_party("static.boulangerie-martin.fr", "boulangerie-martin.fr")


def test_internal_pages_are_same_site_pages_in_page_order():
    html = """<a href="#top">top</a><a href="mailto:a@b.fr">m</a>
    <a href="/nos-pains">Pains</a><a href="/nos-pains#x">again</a>
    <a href="https://www.facebook.com/boulangerie">fb</a>
    <a href="/menu.pdf">menu</a><a href="/">home</a>
    <a href="https://shop.boulangerie-martin.fr/contact">contact</a><a href="/third">3</a>"""
    assert pick_internal_pages(html, "https://www.boulangerie-martin.fr/", 2) == [
        "https://www.boulangerie-martin.fr/nos-pains",
        "https://shop.boulangerie-martin.fr/contact",
    ]
    assert pick_internal_pages(html, "https://www.boulangerie-martin.fr/", 0) == []
    assert pick_internal_pages("", "https://x.fr/") == []


def test_request_and_storage_records_mark_third_parties():
    kb = Knowledge.load(use_trackerdb=False)
    records = request_records([
        {"url": "https://www.google-analytics.com/g/collect?v=2", "method": "GET",
         "resource_type": "ping", "at": 1_800_000_000.5},
        {"url": "https://cdn.jsdelivr.net/npm/tarteaucitronjs@1.34.0/tarteaucitron.js",
         "method": "GET", "resource_type": "script"},
        {"url": "https://www.boulangerie-martin.fr/pain.jpg", "method": "GET",
         "resource_type": "image"}], "boulangerie-martin.fr")
    assert not any("tracker" in r or "service" in r for r in records)  # facts only
    attribute({"site_domain": "boulangerie-martin.fr", "jurisdiction": "FR",
               "phases": {"initial": {"requests": records, "cookies": []}}}, kb)
    ga, cdn, own = records
    assert ga["host"] == "www.google-analytics.com" and ga["third_party"]
    assert ga["tracker"]["name"] == "Google Analytics" and ga["tracker"]["country"] == "US"
    assert ga["at"] == "2027-01-15T08:00:00.500+00:00"
    assert cdn["third_party"] and cdn["tracker"] is None
    assert own["tracker"] is None and own["service"] is None and not own["third_party"]
    [entry] = storage_records([{"kind": "localStorage", "origin": "https://platform.twitter.com",
                                "key": "k", "value_hash": "sha256:1"}], "boulangerie-martin.fr")
    assert entry["third_party"]



def test_the_spider_asks_the_knowledge_base_which_trackers_it_captured(tmp_path):
    # Before the judge, to know which vendors to look for in the policy: records untouched.
    kb = Knowledge.load(use_trackerdb=False)
    audit = SiteAudit(url="https://www.boulangerie-martin.fr/", folder=tmp_path)
    audit.phases["initial"] = build_phase(
        jar=[{"name": "_fbp", "domain": ".boulangerie-martin.fr", "path": "/", "expires": -1,
              "session": True, "value_hash": "sha256:0"}],
        cookie_settings=[], storage=[], site_domain=audit.site_domain, now=1_800_000_000.0,
        raw_requests=[{"url": "https://www.google-analytics.com/g/collect?v=2", "method": "GET",
                       "resource_type": "ping"},
                      {"url": "https://www.boulangerie-martin.fr/", "method": "GET",
                       "resource_type": "document"}])
    before = json.dumps(audit.phases)
    assert audit.tracker_names(kb) == {"Google Analytics", "Meta Pixel"}
    assert json.dumps(audit.phases) == before

def test_har_keeps_no_cookie_values(tmp_path):
    har = {"log": {"entries": [{
        "request": {"headers": [{"name": "Cookie", "value": "_ga=GA1.1.99.1; lang=fr"}],
                    "cookies": [{"name": "_ga", "value": "GA1.1.99.1"}],
                    "postData": {"mimeType": "application/json", "text": '{"email":"a@b.fr"}'}},
        "response": {"headers": [{"name": "set-cookie",
                                  "value": "fr=SECRET1; Max-Age=10\nsb=SECRET2; Path=/"}],
                     "cookies": [{"name": "fr", "value": "SECRET1"}]},
    }]}}
    path = tmp_path / "initial.har"
    path.write_text(json.dumps(har))
    assert scrub_har(path, HASHER)
    text = path.read_text()
    for secret in ("GA1.1.99.1", "SECRET1", "SECRET2", "a@b.fr"):
        assert secret not in text
    scrubbed = json.loads(text)["log"]["entries"][0]
    assert scrubbed["response"]["headers"][0]["value"].startswith("fr=hmac-sha256:")
    assert "Max-Age=10" in scrubbed["response"]["headers"][0]["value"]
    assert not scrub_har(tmp_path / "absent.har", HASHER)


@pytest.mark.parametrize("url, expected", [
    ("https://www.example.fr/", "www.example.fr"),
    ("https://www.example.fr:8443/x", "www.example.fr-8443"),
    ("https://../../etc/", "invalid-url"),
    ("not a url", "invalid-url"),
    ("https://a..b/", "a.b"),
])
def test_site_folder_names_stay_inside_reports_dir(url, expected):
    assert site_folder_name(url) == expected


def test_run_folders_never_overwrite(tmp_path):
    when = datetime(2026, 11, 22, 8, 0, tzinfo=timezone.utc)
    first = new_run_folder(tmp_path, "https://www.example.fr/", when)
    second = new_run_folder(tmp_path, "https://www.example.fr/", when)
    assert first != second and first.parent == second.parent == tmp_path / "www.example.fr"
    assert first.name == "20261122T080000Z" and second.name == "20261122T080000Z-2"


@pytest.mark.parametrize("url, words", [
    ("ftp://www.example.fr/", "Unsupported URL scheme 'ftp'"),
    ("www.example.fr", "Unsupported URL scheme 'none'"),
    ("https://", "no host name"),
    ("https://www.example.fr:99999/", "Invalid URL"),
])
def test_bad_urls_are_refused_with_a_reason(url, words):
    assert words in str(check_url(url))


def test_good_urls_pass():
    assert check_url("https://www.example.fr/") is None
    assert check_url("http://localhost:8000/x") is None


@pytest.mark.parametrize("message, words", [
    ("net::ERR_NAME_NOT_RESOLVED at https://x.invalid/", "DNS failure"),
    ("net::ERR_CERT_AUTHORITY_INVALID at https://x/", "TLS error"),
    ("net::ERR_TOO_MANY_REDIRECTS at https://x/", "Redirect loop"),
    ("Timeout 5000ms exceeded.", "Timeout: the page did not load within 5 s"),
    ("Page crashed", "crashed"),
    ("net::ERR_SOMETHING_NEW", "ERR_SOMETHING_NEW"),
])
def test_failures_are_described_in_words(message, words):
    assert words in describe_failure(Exception(message), timeout_s=5)


@pytest.mark.parametrize("message, code, params", [
    ("net::ERR_NAME_NOT_RESOLVED at https://x.invalid/", "dns",
     {"net_error": "ERR_NAME_NOT_RESOLVED"}),
    ("net::ERR_CERT_AUTHORITY_INVALID at https://x/", "tls_certificate",
     {"net_error": "ERR_CERT_AUTHORITY_INVALID"}),
    ("net::ERR_SSL_PROTOCOL_ERROR", "tls", {"net_error": "ERR_SSL_PROTOCOL_ERROR"}),
    ("net::ERR_BAD_SSL_CLIENT_AUTH_CERT", "tls_client_cert",
     {"net_error": "ERR_BAD_SSL_CLIENT_AUTH_CERT"}),
    ("net::ERR_TOO_MANY_REDIRECTS at https://x/", "redirect_loop",
     {"net_error": "ERR_TOO_MANY_REDIRECTS"}),
    ("net::ERR_CONNECTION_REFUSED", "connection_refused", {"net_error": "ERR_CONNECTION_REFUSED"}),
    ("net::ERR_TIMED_OUT", "connection_timeout", {"net_error": "ERR_TIMED_OUT"}),
    ("net::ERR_SOMETHING_NEW", "net_error", {"net_error": "ERR_SOMETHING_NEW"}),
    ("Download is starting", "download", {}),
    ("Page crashed", "renderer_crash", {}),
    ("Timeout 5000ms exceeded.", "timeout", {"timeout_s": 5}),
    ("Target page, context or browser has been closed", "browser_closed", {}),
    ("Something odd\nwith a call log", "other", {"detail": "Something odd"}),
])
def test_failures_are_codes_with_their_parameters(message, code, params):
    assert failure_of(Exception(message), timeout_s=5) == Failure(code, params)


def test_a_failure_in_a_report_keeps_its_sentence_code_and_parameters(tmp_path):
    failure = failure_of(Exception("Timeout 15000ms exceeded."), timeout_s=15)
    assert failure.as_report() == {"error": "Timeout: the page did not load within 15 s",
                                   "error_code": "timeout", "error_params": {"timeout_s": 15}}
    assert failure_of(Exception("Timeout 1ms exceeded.")) == Failure("timeout")
    assert failure_of(PageUnresponsive()) == Failure("unresponsive")
    assert failure_of(NotAPage(None)) == Failure("download", {"content_type": None})
    assert str(NotAPage("application/pdf")) == ("The home page is not an HTML page (content "
                                                "type: application/pdf), it is sent as a download")
    audit = SiteAudit(url="https://x.invalid/", folder=tmp_path)
    audit.fail(failure_of(Exception("net::ERR_NAME_NOT_RESOLVED at https://x.invalid/")))
    report = audit.to_report()
    assert (report["status"], report["error"], report["error_code"], report["error_params"]) == (
        "error", "DNS failure: the host name could not be resolved (ERR_NAME_NOT_RESOLVED)",
        "dns", {"net_error": "ERR_NAME_NOT_RESOLVED"})
    assert SiteAudit(url="https://x.fr/", folder=tmp_path).to_report()["error_code"] is None


@pytest.mark.parametrize("url, code, params", [
    ("ftp://www.example.fr/", "unsupported_scheme", {"scheme": "ftp"}),
    ("www.example.fr", "unsupported_scheme", {"scheme": None}),
    ("https://", "no_host", {"url": "https://"}),
    ("https://www.example.fr:99999/", "bad_url", {"url": "https://www.example.fr:99999/"}),
])
def test_bad_urls_are_failure_codes(url, code, params):
    assert check_url(url) == Failure(code, params)


def test_a_file_that_cannot_be_written_is_a_failure(tmp_path):
    full = write_failure(tmp_path, OSError(errno.ENOSPC, "No space left on device"))
    assert (full.code, str(full)) == ("disk_full", f"The audit's files could not be written in "
                                      f"{tmp_path}: the disk is full (No space left on device)")
    read_only = write_failure(tmp_path, OSError(errno.EROFS, "Read-only file system"))
    assert (read_only.code, str(read_only)) == (
        "write_failed", f"The audit's files could not be written in {tmp_path}: "
                        f"Read-only file system")


def test_http_status_words():
    assert str(Failure("http_status", {"status": 404})) == "HTTP 404 (client error) on the home page"
    assert str(Failure("http_status", {"status": 503})) == "HTTP 503 (server error) on the home page"


def test_targets_from_argument_and_file(tmp_path):
    listing = tmp_path / "sites.txt"
    listing.write_text("# clients\nhttps://a.fr/\n\n  https://b.be/  # Belgian\n")
    assert read_targets("https://c.fr/", str(listing)) == [
        "https://c.fr/", "https://a.fr/", "https://b.be/"]
    with pytest.raises(TargetsError, match="nothing to audit"):
        read_targets(None, None)
    with pytest.raises(TargetsError, match="cannot read"):
        read_targets(None, str(tmp_path / "missing.txt"))


def test_browser_looks_like_a_french_visitor(tmp_path):
    profile = BrowserProfile(executable="/usr/bin/chromium", extra_args=["--x"],
                             ignore_https_errors=True)
    kwargs = profile.context_kwargs(tmp_path, tmp_path / "a.har")
    assert kwargs["locale"] == "fr-FR" and "fr-FR" in kwargs["extra_http_headers"]["Accept-Language"]
    assert "--disable-blink-features=AutomationControlled" in kwargs["args"]
    assert kwargs["args"][-1] == "--x" and kwargs["ignore_https_errors"] is True
    assert "Headless" not in kwargs["user_agent"]
    assert kwargs["record_har_content"] == "omit"
    made = profile.new_profile_dir()
    prefs = json.loads((made / "Default" / "Preferences").read_text())
    shutil.rmtree(made)
    assert prefs["profile"]["block_third_party_cookies"] is False
    assert visitor_user_agent("156").endswith("Chrome/156.0.0.0 Safari/537.36")


def test_profiles_left_by_a_killed_run_are_removed_and_live_ones_kept(tmp_path):
    dead = subprocess.Popen(["true"])
    dead.wait()
    alive = subprocess.Popen(["sleep", "30"])
    try:
        profiles = {name: tmp_path / f"auditor-profile-{name}" for name in (
            f"{dead.pid}-a1b2", f"{alive.pid}-c3d4", f"{os.getpid()}-e5f6", "x9_k2m0q")}
        for path in profiles.values():
            (path / "Default").mkdir(parents=True)
            (path / "Default" / "Cookies").write_text("raw cookie values")
        (tmp_path / f"other-{dead.pid}-z").mkdir()  # not a profile of ours
        assert stale_profiles(tmp_path) == [profiles[f"{dead.pid}-a1b2"]]
        assert remove_stale_profiles(tmp_path) == 1
        assert not profiles[f"{dead.pid}-a1b2"].exists()
        assert all(path.exists() for name, path in profiles.items() if not name.startswith(str(dead.pid)))
        assert (tmp_path / f"other-{dead.pid}-z").exists()
    finally:
        alive.kill()
        alive.wait()


def test_a_new_profile_is_named_after_its_process():
    path = BrowserProfile(executable="/usr/bin/chromium").new_profile_dir()
    try:
        assert path.name.startswith(f"auditor-profile-{os.getpid()}-")
        assert path not in stale_profiles(path.parent)
    finally:
        shutil.rmtree(path)


def test_browser_args_setting():
    assert parse_browser_args('["--a", "--b"]') == ["--a", "--b"]
    assert parse_browser_args(["--a"]) == ["--a"]
    assert parse_browser_args(None) == []
    with pytest.raises(ValueError, match="JSON list"):
        parse_browser_args("--a")


def test_audit_stats_count_what_happened():
    from auditor.runs.stats import audit_stats

    phase = {"cookies": [{}, {}], "requests": [{"third_party": True}, {"third_party": False}]}
    report = {"status": "ok", "banner": {"detected": True, "accept_verified": True,
                                         "reject_verified": False},
              "phases": {"initial": phase, "accept": phase, "reject": {"error": "x"}},
              "findings": [{"severity": "high", "rule": "consent.no_banner"},
                           {"severity": "high", "rule": "consent.tracker_before_consent"},
                           {"severity": "info", "rule": "consent.no_banner"}],
              "summary": {"verdict": "non_compliant"}}
    stats = audit_stats(report)
    assert stats["auditor/audits/ok"] == 1 and stats["auditor/banners/found"] == 1
    assert stats["auditor/banners/accept_verified"] == 1
    assert stats["auditor/banners/reject_unverified"] == 1
    assert stats["auditor/phases/reject/failed"] == 1 and stats["auditor/cookies/initial"] == 2
    assert stats["auditor/requests/accept/third_party"] == 1
    assert stats["auditor/findings/high"] == 2 and stats["auditor/findings/info"] == 1
    assert stats["auditor/findings/rule/consent.no_banner"] == 2
    assert stats["auditor/verdicts/non_compliant"] == 1
    failed = audit_stats({"status": "error", "banner": {}, "phases": {}, "findings": []})
    assert failed["auditor/audits/failed"] == 1 and "auditor/phases/initial/ok" not in failed
