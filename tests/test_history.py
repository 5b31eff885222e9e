"""History: the pure comparison of two reports, the store on SQLite and on a real PostgreSQL,
SQLite with two processes writing at once, the pipeline that must never lose a report, and
the end-to-end diff of two real crawls of a site whose trackers changed."""
from __future__ import annotations

import copy
import json
import multiprocessing
from pathlib import Path

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from auditor.audit import SiteAuditItem
from auditor.runs.history import HistoryError, HistoryStore, compare_reports, resolve_url
from auditor.runs.history.diff import carry_first_seen, snapshot
from auditor.runs.history.pipeline import HistoryPipeline
from reports.pipelines import JsonReportPipeline

GA = {"name": "Google Analytics", "company": "Google", "category": "analytics", "country": "US"}
HOTJAR = {"name": "Hotjar", "company": "Hotjar", "category": "session_recording", "country": "MT"}


def finding(rule, subject, severity="high"):
    return {"rule": rule, "severity": severity, "subject": subject,
            "message": f"{rule} on {subject}", "evidence": [{"huge": "x" * 10}],
            "reference": "ref"}


def cookie(name, domain, tracker=None):
    return {"name": name, "domain": domain, "path": "/", "value_hash": "sha256:0123456789abcdef",
            "lifetime_days": 730.0, "third_party": False, "tracker": tracker, "exempt": False}


def request(host, tracker=None):
    return {"url": f"https://{host}/x", "host": host, "resource_type": "script",
            "third_party": True, "tracker": tracker}


def report(started_at, findings=(), phases=None, status="ok", url="https://www.exemple.fr/"):
    phases = phases or {}
    return {
        "schema": "site-audit/1", "url": url, "final_url": url, "status": status,
        "error": None if status == "ok" else "DNS failure", "started_at": started_at,
        "duration_s": 31.5,
        "phases": {name: {"cookies": [], "requests": [], "storage": [], **phases.get(name, {})}
                   for name in ("initial", "accept", "reject")},
        "findings": [copy.deepcopy(f) for f in findings],
        "summary": {"verdict": "non_compliant" if findings else "no_issue_found"},
    }


# The changing site's two states, as report dicts: GA4 before consent, then Hotjar instead.
BEFORE = report("2026-03-01T08:00:00Z", [
    finding("consent.tracker_before_consent", "Google Analytics"),
    finding("consent.no_banner", "banner"),
    finding("cookie.lifetime_over_13_months", "_ga", "medium"),
], {"initial": {"requests": [request("www.google-analytics.com", GA)],
                "cookies": [cookie("_ga", ".exemple.fr", GA), cookie("PHPSESSID", "www.exemple.fr")]},
    "accept": {"requests": [request("www.google-analytics.com", GA)],
               "cookies": [cookie("_ga", ".exemple.fr", GA)]}})
AFTER = report("2026-03-08T08:00:00Z", [
    finding("consent.tracker_before_consent", "Hotjar"),
    finding("consent.no_banner", "banner"),
    finding("policy.undeclared_tracker", "Hotjar", "medium"),
], {"initial": {"requests": [request("static.hotjar.com", HOTJAR)],
                "cookies": [cookie("_hjSessionUser_1", "exemple.fr", HOTJAR),
                            cookie("PHPSESSID", "www.exemple.fr")]},
    "reject": {"requests": [request("static.hotjar.com", HOTJAR)]}})


def keys(entries, *fields):
    return sorted(tuple(e[f] for f in fields) for e in entries)


# --- the pure comparison ---------------------------------------------------------------------
def test_new_and_resolved_findings():
    changes = compare_reports(BEFORE, AFTER)
    assert keys(changes["findings"]["new"], "rule", "subject") == [
        ("consent.tracker_before_consent", "Hotjar"), ("policy.undeclared_tracker", "Hotjar")]
    assert keys(changes["findings"]["resolved"], "rule", "subject") == [
        ("consent.tracker_before_consent", "Google Analytics"),
        ("cookie.lifetime_over_13_months", "_ga")]
    # FREF: the four fields of the brief, high first
    assert changes["findings"]["new"][0] == {
        "rule": "consent.tracker_before_consent", "severity": "high", "subject": "Hotjar",
        "message": "consent.tracker_before_consent on Hotjar"}


def test_new_and_vanished_trackers_with_their_phases():
    changes = compare_reports(BEFORE, AFTER)
    assert changes["trackers"]["new"] == [{
        "name": "Hotjar", "company": "Hotjar", "category": "session_recording", "country": "MT",
        "phases": ["initial", "reject"]}]
    assert [(t["name"], t["phases"]) for t in changes["trackers"]["vanished"]] == [
        ("Google Analytics", ["initial", "accept"])]


def test_new_and_vanished_cookies_by_name_and_domain():
    changes = compare_reports(BEFORE, AFTER)
    assert changes["cookies"]["new"] == [
        {"name": "_hjSessionUser_1", "domain": "exemple.fr", "phases": ["initial"],
         "tracker": "Hotjar"}]
    assert keys(changes["cookies"]["vanished"], "name", "domain", "tracker") == [
        ("_ga", "exemple.fr", "Google Analytics")]
    # PHPSESSID is in both: neither new nor vanished. A leading dot is the same domain.
    moved = copy.deepcopy(AFTER)
    moved["phases"]["accept"]["cookies"] = [cookie("_ga", "exemple.fr", GA)]
    assert compare_reports(BEFORE, moved)["cookies"]["vanished"] == []


def test_the_same_audit_twice_changes_nothing():
    changes = compare_reports(BEFORE, copy.deepcopy(BEFORE))
    assert all(not entries for kind in changes.values() for entries in kind.values())


def test_an_error_audit_is_compared_with_nothing():
    failed = report("2026-03-08T08:00:00Z", status="error")
    for previous, current in ((BEFORE, failed), (failed, AFTER), (None, AFTER)):
        changes = compare_reports(previous, current)
        assert all(not entries for kind in changes.values() for entries in kind.values())


def test_first_seen_starts_again_after_a_gap():
    """Three audits: the finding, then not, then again: its run starts at the third."""
    f = ("consent.no_banner", "banner")
    g = ("consent.tracker_before_consent", "Hotjar")
    one = carry_first_seen(None, [f, g], "t1")
    two = carry_first_seen(one, [g], "t2")
    three = carry_first_seen(two, [f, g], "t3")
    assert (one, two, three) == ({f: "t1", g: "t1"}, {g: "t1"}, {f: "t3", g: "t1"})


def test_snapshot_keeps_no_cookie_value():
    text = json.dumps([snapshot(BEFORE).cookies[k] for k in snapshot(BEFORE).cookies])
    assert "value_hash" not in text and "sha256" not in text


# --- the store, on SQLite and on a real PostgreSQL ----------------------------------------------
@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        url = resolve_url("", tmp_path / "reports")  # the default: <REPORTS_DIR>/history.sqlite
        assert url == f"sqlite:///{tmp_path / 'reports' / 'history.sqlite'}"
    else:
        url = request.getfixturevalue("postgres").new_database()
    opened = HistoryStore.open(url)
    yield opened
    opened.close()


def test_store_compares_with_the_previous_audit(store):
    first = copy.deepcopy(BEFORE)
    block = store.record(first, "/r/www.exemple.fr/20260301T080000Z")
    assert block["site"] == "www.exemple.fr" and block["previous"] is None
    assert all(not entries for kind in ("findings", "trackers", "cookies")
               for entries in block[kind].values())
    assert {f["first_seen"] for f in first["findings"]} == {"2026-03-01T08:00:00Z"}

    second = copy.deepcopy(AFTER)
    block = store.record(second, "/r/www.exemple.fr/20260308T080000Z")
    assert block["previous"] == {"started_at": "2026-03-01T08:00:00Z", "status": "ok",
                                 "folder": "/r/www.exemple.fr/20260301T080000Z"}
    assert block["findings"] == compare_reports(BEFORE, AFTER)["findings"]
    assert [t["name"] for t in block["trackers"]["new"]] == ["Hotjar"]
    assert block["trackers"]["vanished"][0]["phases"] == ["initial", "accept"]
    assert block["cookies"] == compare_reports(BEFORE, AFTER)["cookies"]
    first_seen = {(f["rule"], f["subject"]): f["first_seen"] for f in second["findings"]}
    assert first_seen == {("consent.no_banner", "banner"): "2026-03-01T08:00:00Z",
                          ("consent.tracker_before_consent", "Hotjar"): "2026-03-08T08:00:00Z",
                          ("policy.undeclared_tracker", "Hotjar"): "2026-03-08T08:00:00Z"}
    assert block["trend"] == [
        {"started_at": "2026-03-01T08:00:00Z", "status": "ok", "total": 3,
         "counts": {"high": 2, "medium": 1, "low": 0, "info": 0}, "verdict": "non_compliant"},
        {"started_at": "2026-03-08T08:00:00Z", "status": "ok", "total": 3,
         "counts": {"high": 2, "medium": 1, "low": 0, "info": 0}, "verdict": "non_compliant"}]
    assert store.trend("www.exemple.fr") == block["trend"]


def test_store_error_audit_is_kept_but_not_compared(store):
    store.record(copy.deepcopy(BEFORE), "a")
    failed = report("2026-03-05T08:00:00Z", status="error")
    block = store.record(failed, "b")
    assert block["previous"] is None and block["findings"] == {"new": [], "resolved": []}
    assert [t["status"] for t in block["trend"]] == ["ok", "error"]
    assert store.last_audit_times()["www.exemple.fr"].isoformat() == "2026-03-05T08:00:00+00:00"
    # The next ok audit is compared with the last *ok* one, and the error breaks no run.
    again = copy.deepcopy(BEFORE)
    again["started_at"] = "2026-03-08T08:00:00Z"
    block = store.record(again, "c")
    assert block["previous"]["folder"] == "a"
    assert block["findings"] == {"new": [], "resolved": []}
    assert {f["first_seen"] for f in again["findings"]} == {"2026-03-01T08:00:00Z"}


def test_store_first_seen_over_three_audits_with_a_gap(store):
    bread = "https://www.boulangerie.fr/"
    steps = [("2026-01-01T00:00:00Z", True), ("2026-01-02T00:00:00Z", False),
             ("2026-01-03T00:00:00Z", True)]
    for started, has_it in steps:
        current = report(started, [finding("consent.no_banner", "banner")]
                         + ([finding("cookie.lifetime_over_13_months", "_ga", "medium")] if has_it else []),
                         url=bread)
        store.record(current, None)
    seen = {f["subject"]: f["first_seen"] for f in current["findings"]}
    assert seen == {"banner": "2026-01-01T00:00:00Z", "_ga": "2026-01-03T00:00:00Z"}
    # Sites are kept apart, and the trend is limited to the newest audits, oldest first.
    assert store.trend("www.exemple.fr") == []
    assert [t["started_at"] for t in store.trend("www.boulangerie.fr", limit=2)] == [
        "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z"]


def test_store_opens_twice_on_the_same_database(store):
    """A second process starting on an existing database finds its tables and data."""
    store.record(copy.deepcopy(BEFORE), "a")
    again = HistoryStore.open(store.engine.url.render_as_string(hide_password=False))
    try:
        assert list(again.last_audit_times()) == ["www.exemple.fr"]
    finally:
        again.close()


@pytest.mark.parametrize("url, says", [
    ("pas une url", "is not a database URL"),
    ("mysql://auditor@localhost/history", "no database driver for 'mysql'"),
    ("postgresql://auditor@127.0.0.1:1/history", "cannot open the history database"),
])
def test_store_bad_url_is_a_clear_error(url, says):
    with pytest.raises(HistoryError, match=says):
        HistoryStore.open(url)


def test_resolve_url():
    assert resolve_url("off", "x") is None and resolve_url(" OFF ", "x") is None
    assert resolve_url("postgresql+psycopg://h/db", "x") == "postgresql+psycopg://h/db"
    assert resolve_url(None, "/srv/r") == "sqlite:////srv/r/history.sqlite"


# --- SQLite with two processes writing at once -------------------------------------------------
def _record_many(url: str, worker: int, count: int, barrier) -> None:
    barrier.wait()  # both processes open the (new) database and write at the same moment
    store = HistoryStore.open(url)
    for n in range(count):
        current = copy.deepcopy(BEFORE if n % 2 else AFTER)
        current["started_at"] = f"2026-04-01T{worker:02d}:{n // 60:02d}:{n % 60:02d}Z"
        current["url"] = ("https://www.commun.fr/" if n % 3 == 0
                          else f"https://www.worker{worker}.fr/")
        store.record(current, f"{worker}-{n}")
    store.close()


def test_sqlite_two_processes_record_at_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'history.sqlite'}"
    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(2)
    workers = [spawn.Process(target=_record_many, args=(url, w, 30, barrier)) for w in (1, 2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0]
    store = HistoryStore.open(url)
    try:
        assert len(store.trend("www.worker1.fr")) == len(store.trend("www.worker2.fr")) == 20
        shared = store.trend("www.commun.fr")
        assert len(shared) == 20  # both processes wrote this site, nothing lost
        assert [t["started_at"] for t in shared] == sorted(t["started_at"] for t in shared)
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            rows = connection.exec_driver_sql("SELECT count(*) FROM findings").scalar()
        assert rows == 60 * 3
    finally:
        store.close()


# --- the pipeline ---------------------------------------------------------------------------
def test_pipeline_adds_the_history_block(tmp_path):
    pipeline = HistoryPipeline(HistoryStore.open(f"sqlite:///{tmp_path / 'h.sqlite'}"))
    item = SiteAuditItem(report=copy.deepcopy(BEFORE), folder=str(tmp_path))
    counts = pipeline.record(item)
    assert item.report["history"]["previous"] is None
    assert counts == {"auditor/history/recorded": 1, "auditor/history/first_audits": 1}
    item = SiteAuditItem(report=copy.deepcopy(AFTER), folder=str(tmp_path))
    counts = pipeline.record(item)
    assert counts["auditor/history/trackers/new"] == 1
    assert counts["auditor/history/findings/resolved"] == 2
    pipeline.close_spider()


def test_pipeline_never_loses_a_report_when_the_database_fails(tmp_path, caplog):
    path = tmp_path / "h.sqlite"
    pipeline = HistoryPipeline(HistoryStore.open(f"sqlite:///{path}"))
    pipeline.store.engine.dispose()
    for extra in ("-wal", "-shm"):
        Path(f"{path}{extra}").unlink(missing_ok=True)
    path.write_bytes(b"this is not a database" * 100)  # the database broke mid-run
    folder = tmp_path / "run"
    folder.mkdir()
    item = SiteAuditItem(report=copy.deepcopy(BEFORE), folder=str(folder))
    counts = pipeline.record(item)
    assert counts == {"auditor/history/errors": 1}
    assert "history" not in item.report
    assert "www.exemple.fr/: not recorded in the history" in caplog.text
    JsonReportPipeline().process_item(item)  # the next pipeline still writes the report
    written = json.loads((folder / "report.json").read_text())
    assert written["findings"][0]["rule"] == "consent.tracker_before_consent"


def test_pipeline_settings(tmp_path):
    with pytest.raises(NotConfigured):
        HistoryPipeline.from_crawler(get_crawler(settings_dict={"AUDITOR_HISTORY_URL": "off"}))
    with pytest.raises(HistoryError, match="not a database URL"):
        HistoryPipeline.from_crawler(get_crawler(settings_dict={"AUDITOR_HISTORY_URL": "n'importe"}))
    pipeline = HistoryPipeline.from_crawler(get_crawler(settings_dict={
        "AUDITOR_HISTORY_URL": "", "REPORTS_DIR": str(tmp_path / "reports")}))
    pipeline.close_spider()
    assert (tmp_path / "reports" / "history.sqlite").is_file()


# --- end to end: two real crawls of the site whose trackers changed -----------------------------
def _check_diff(runs, first: str, second: str):
    (folder_1, report_1), (folder_2, report_2) = runs.report(first), runs.report(second)
    assert report_1["history"]["previous"] is None  # a first audit: no comparison
    history = report_2["history"]
    assert history["site"] == "www.epicerie-moreau.fr"
    assert history["previous"] == {"started_at": report_1["started_at"], "status": "ok",
                                   "folder": str(folder_1)}
    assert [t["name"] for t in history["trackers"]["new"]] == ["Hotjar"]
    assert "initial" in history["trackers"]["new"][0]["phases"]
    assert [t["name"] for t in history["trackers"]["vanished"]] == ["Google Analytics"]
    new = {(f["rule"], f["subject"]) for f in history["findings"]["new"]}
    resolved = {(f["rule"], f["subject"]) for f in history["findings"]["resolved"]}
    assert ("consent.tracker_before_consent", "Hotjar") in new
    assert ("policy.undeclared_tracker", "Hotjar") in new
    assert ("consent.tracker_before_consent", "Google Analytics") in resolved
    assert not new & resolved
    # consent.no_banner is in both audits: neither new nor resolved, seen since the first
    findings = {(f["rule"], f["subject"]): f for f in report_2["findings"]}
    assert ("consent.no_banner", "banner") not in new | resolved
    assert findings[("consent.no_banner", "banner")]["first_seen"] == report_1["started_at"]
    assert findings[("consent.tracker_before_consent", "Hotjar")]["first_seen"] == report_2["started_at"]
    cookies_new = {c["name"] for c in history["cookies"]["new"]}
    cookies_gone = {c["name"] for c in history["cookies"]["vanished"]}
    assert "_hjSessionUser_3141592" in cookies_new and "_ga" in cookies_gone
    assert [t["started_at"] for t in history["trend"]] == [report_1["started_at"],
                                                           report_2["started_at"]]
    # the block is in report.json as written, next to the unchanged rest of the report
    on_disk = json.loads((folder_2 / "report.json").read_text())
    assert on_disk["history"] == history and on_disk["schema"] == "site-audit/1"


def test_e2e_diff_on_sqlite(changing_runs):
    _check_diff(changing_runs, "sqlite-1", "sqlite-2")
    assert (changing_runs.runs["sqlite-1"].reports_dir / "history.sqlite").is_file()


def test_e2e_diff_on_postgresql(changing_runs):
    if "pg-2" not in changing_runs.runs:
        pytest.skip("PostgreSQL server binaries not installed")
    _check_diff(changing_runs, "pg-1", "pg-2")
    # pg-1 audited the boulangerie too, in the same database: its own first audit
    _, bread = changing_runs.report("pg-1", "https://www.boulangerie-martin.fr/")
    assert bread["history"]["site"] == "www.boulangerie-martin.fr"
    assert bread["history"]["previous"] is None
