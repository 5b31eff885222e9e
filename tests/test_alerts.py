"""Alerts: FAIL_ON / FAIL_ON_NEW evaluated on report dicts, the webhook against a local HTTP
server, clear errors for bad settings at start, and the exit status of the real
`scrapy crawl site` command (3 when a threshold is reached, 0 otherwise)."""
from __future__ import annotations

import copy
import subprocess
import time

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from auditor.runs.alerts import AlertPipeline, parse_threshold, threshold_hits, webhook_payload
from tests.e2e import ROOT, SCRAPY
from tests.webhook import WebhookReceiver


def finding(rule, subject, severity):
    return {"rule": rule, "severity": severity, "subject": subject, "message": "m",
            "evidence": [], "reference": "r"}


HIGH = finding("consent.tracker_before_consent", "Hotjar", "high")
OLD_HIGH = finding("consent.no_banner", "banner", "high")
MEDIUM = finding("policy.undeclared_tracker", "Hotjar", "medium")
INFO = finding("policy.declared_tracker_not_observed", "Google", "info")


def report(findings, history="first"):
    found = {"url": "https://www.epicerie-moreau.fr/", "status": "ok",
             "started_at": "2026-03-08T08:00:00Z", "findings": copy.deepcopy(findings),
             "summary": {"verdict": "non_compliant", "counts": {}}}
    if history == "first":
        found["history"] = block(None, [], [])
    elif history is not None:
        found["history"] = history
    return found


def block(previous, new, resolved, new_trackers=()):
    strip = lambda fs: [{k: f[k] for k in ("rule", "severity", "subject", "message")} for f in fs]  # noqa: E731
    return {"site": "www.epicerie-moreau.fr", "previous": previous,
            "findings": {"new": strip(new), "resolved": strip(resolved)},
            "trackers": {"new": list(new_trackers), "vanished": []},
            "cookies": {"new": [], "vanished": []}, "trend": []}


PREVIOUS = {"started_at": "2026-03-01T08:00:00Z", "status": "ok", "folder": "/r/1"}
HOTJAR = {"name": "Hotjar", "company": "Hotjar", "category": "session_recording",
          "phases": ["initial"]}


def subjects(hit):
    return [(f["rule"], f["subject"]) for f in hit["findings"]]


# --- thresholds ------------------------------------------------------------------------------
def test_parse_threshold():
    assert parse_threshold("", "FAIL_ON") is None and parse_threshold(None, "FAIL_ON") is None
    assert parse_threshold(" High ", "FAIL_ON") == "high"
    with pytest.raises(ValueError, match="FAIL_ON_NEW must be one of high, medium, low, info"):
        parse_threshold("critical", "FAIL_ON_NEW")


def test_fail_on_fires_at_or_above_its_severity():
    audit = report([OLD_HIGH, MEDIUM, INFO])
    [hit] = threshold_hits(audit, fail_on="high")
    assert hit["setting"] == "FAIL_ON" and subjects(hit) == [("consent.no_banner", "banner")]
    [hit] = threshold_hits(audit, fail_on="medium")
    assert len(hit["findings"]) == 2  # medium or worse
    assert len(threshold_hits(audit, fail_on="info")[0]["findings"]) == 3


def test_fail_on_is_silent_below_its_severity_or_unset():
    assert threshold_hits(report([MEDIUM, INFO]), fail_on="high") == []
    assert threshold_hits(report([OLD_HIGH, MEDIUM])) == []
    assert threshold_hits(report([]), fail_on="info") == []


def test_fail_on_new_counts_only_new_findings():
    audit = report([HIGH, OLD_HIGH, MEDIUM], block(PREVIOUS, [HIGH, MEDIUM], []))
    [hit] = threshold_hits(audit, fail_on_new="high")
    assert hit["setting"] == "FAIL_ON_NEW"
    assert subjects(hit) == [("consent.tracker_before_consent", "Hotjar")]
    # the high finding that was already there does not count; FAIL_ON does count it
    still = report([OLD_HIGH, MEDIUM], block(PREVIOUS, [MEDIUM], [HIGH]))
    assert threshold_hits(still, fail_on_new="high") == []
    assert [h["setting"] for h in threshold_hits(still, fail_on="high", fail_on_new="high")] == [
        "FAIL_ON"]


def test_fail_on_new_on_a_first_audit_or_without_history_counts_every_finding():
    for audit in (report([OLD_HIGH, MEDIUM]), report([OLD_HIGH, MEDIUM], history=None)):
        [hit] = threshold_hits(audit, fail_on_new="medium")
        assert len(hit["findings"]) == 2


# --- the webhook -----------------------------------------------------------------------------
def test_webhook_payload_only_when_there_is_news():
    unchanged = report([OLD_HIGH], block(PREVIOUS, [], []))
    assert webhook_payload(unchanged, "/r/2", []) is None
    assert webhook_payload(report([OLD_HIGH]), "/r/1", []) is None  # first audit, no threshold
    changed = report([HIGH, OLD_HIGH], block(PREVIOUS, [HIGH], [MEDIUM], [HOTJAR]))
    payload = webhook_payload(changed, "/r/2", [])
    assert payload["site"] == "www.epicerie-moreau.fr" and payload["folder"] == "/r/2"
    assert payload["verdict"] == "non_compliant" and payload["previous"] == PREVIOUS
    assert [f["subject"] for f in payload["new_findings"]] == ["Hotjar"]
    assert [f["rule"] for f in payload["resolved_findings"]] == ["policy.undeclared_tracker"]
    assert payload["new_trackers"] == [HOTJAR]
    only_trackers = report([OLD_HIGH], block(PREVIOUS, [], [], [HOTJAR]))
    assert webhook_payload(only_trackers, "/r/2", [])["new_trackers"] == [HOTJAR]
    hits = threshold_hits(report([OLD_HIGH]), fail_on="high")
    assert webhook_payload(report([OLD_HIGH]), "/r/1", hits)["thresholds"] == hits


def test_webhook_is_received():
    with WebhookReceiver() as hook:
        pipeline = AlertPipeline(webhook=hook.url("/alerte"))
        payload = {"url": "https://www.epicerie-moreau.fr/", "verdict": "non_compliant",
                   "note": "épicerie"}
        assert pipeline.send(payload) is True
        assert hook.received("/alerte") == [payload]


@pytest.mark.parametrize("status, hang", [(500, 0), (204, 3)])
def test_a_failed_webhook_is_logged_not_fatal(status, hang, caplog):
    with WebhookReceiver(status=status, hang=hang) as hook:
        pipeline = AlertPipeline(webhook=hook.url())
        pipeline.timeout = 0.5
        started = time.monotonic()
        assert pipeline.send({"url": "https://www.epicerie-moreau.fr/"}) is False
        assert time.monotonic() - started < 2.5
    assert "the alert webhook failed" in caplog.text


def test_unreachable_webhook_is_logged_not_fatal(caplog):
    pipeline = AlertPipeline(webhook="http://127.0.0.1:1/hook")
    assert pipeline.send({"url": "https://www.epicerie-moreau.fr/"}) is False
    assert "Connection refused" in caplog.text


# --- settings --------------------------------------------------------------------------------
@pytest.mark.parametrize("settings, says", [
    ({"FAIL_ON": "hihg"}, "FAIL_ON must be one of high, medium, low, info"),
    ({"FAIL_ON_NEW": "3"}, "FAIL_ON_NEW must be one of"),
    ({"FAIL_ON_NEW": "high", "AUDITOR_HISTORY_URL": "off"}, "FAIL_ON_NEW needs the history"),
    ({"AUDITOR_ALERT_WEBHOOK": "ftp://x/y"}, "AUDITOR_ALERT_WEBHOOK must be an http"),
])
def test_bad_settings_are_clear_errors(settings, says):
    with pytest.raises(ValueError, match=says):
        AlertPipeline.from_crawler(get_crawler(settings_dict=settings))


def test_pipeline_is_off_without_settings():
    with pytest.raises(NotConfigured):
        AlertPipeline.from_crawler(get_crawler(settings_dict={}))
    pipeline = AlertPipeline.from_crawler(get_crawler(settings_dict={"FAIL_ON": "medium"}))
    assert (pipeline.fail_on, pipeline.fail_on_new, pipeline.webhook) == ("medium", None, None)


@pytest.mark.parametrize("setting, says", [
    ("FAIL_ON=hihg", "FAIL_ON must be one of high, medium, low, info (or empty for none), not 'hihg'"),
    ("AUDITOR_HISTORY_URL=n'importe quoi", "AUDITOR_HISTORY_URL is not a database URL"),
])
def test_the_crawl_command_stops_at_start_on_a_bad_setting(setting, says, tmp_path):
    """Exit status 1 (the command failed), the reason in the log, no audit started."""
    result = subprocess.run(
        [SCRAPY, "crawl", "site", "-a", "url=https://www.epicerie-moreau.fr/",
         "-s", f"REPORTS_DIR={tmp_path}", "-s", setting],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert says in result.stderr
    assert not list(tmp_path.glob("*/*/report.json"))


# --- end to end: exit status and webhook of real crawls (tests/history_e2e.py) -------------------
def test_e2e_exit_status_0_without_fail_on(changing_runs):
    run = changing_runs.runs["sqlite-1"]
    _, audit = changing_runs.report("sqlite-1")
    assert audit["summary"]["counts"]["high"] > 0  # high findings, yet FAIL_ON is unset
    assert run.returncode == 0
    assert changing_runs.webhook.received("/sqlite-1") == []  # first audit, nothing new


def test_e2e_fail_on_high_exits_3(changing_runs):
    if "pg-1" not in changing_runs.runs:
        pytest.skip("PostgreSQL server binaries not installed (this run uses its history)")
    run = changing_runs.runs["pg-1"]
    assert run.returncode == 3
    assert "'auditor/fail_on/sites': 2" in run.log
    assert ("https://www.boulangerie-martin.fr/: FAIL_ON=high reached by" in run.log
            and "consent.tracker_before_consent (Meta Pixel)" in run.log)
    # every site was audited and written before the exit
    assert set(run.reports()) == {"https://www.boulangerie-martin.fr/",
                                  "https://www.epicerie-moreau.fr/"}
    posts = changing_runs.webhook.received("/pg-1")
    assert sorted(p["site"] for p in posts) == ["www.boulangerie-martin.fr", "www.epicerie-moreau.fr"]
    assert all(p["thresholds"][0]["setting"] == "FAIL_ON" for p in posts)


def test_e2e_fail_on_new_fires_only_for_the_new_high_finding(changing_runs):
    run = changing_runs.runs["sqlite-2"]
    folder, audit = changing_runs.report("sqlite-2")
    highs = {(f["rule"], f["subject"]) for f in audit["findings"] if f["severity"] == "high"}
    assert ("consent.no_banner", "banner") in highs  # high, but there since the first audit
    assert run.returncode == 3
    assert ("FAIL_ON_NEW=high reached by 1 finding: consent.tracker_before_consent (Hotjar)"
            in run.log)
    [post] = changing_runs.webhook.received("/sqlite-2")
    [hit] = post["thresholds"]
    assert (hit["setting"], subjects(hit)) == (
        "FAIL_ON_NEW", [("consent.tracker_before_consent", "Hotjar")])
    assert post["folder"] == str(folder)


def test_e2e_webhook_on_new_trackers_without_threshold(changing_runs):
    if "pg-2" not in changing_runs.runs:
        pytest.skip("PostgreSQL server binaries not installed (this run uses its history)")
    assert changing_runs.runs["pg-2"].returncode == 0
    [post] = changing_runs.webhook.received("/pg-2")
    assert post["thresholds"] == []
    assert [t["name"] for t in post["new_trackers"]] == ["Hotjar"]
    assert [t["name"] for t in post["vanished_trackers"]] == ["Google Analytics"]
    assert ("consent.tracker_before_consent", "Hotjar") in {
        (f["rule"], f["subject"]) for f in post["new_findings"]}
    assert ("consent.tracker_before_consent", "Google Analytics") in {
        (f["rule"], f["subject"]) for f in post["resolved_findings"]}
