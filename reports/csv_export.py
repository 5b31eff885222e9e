"""cookies.csv, requests.csv and findings.csv of a report: one row per record, every phase.

Column names are the report.json keys (stable for scripts, whatever REPORT_LANGUAGE is); a
finding's message is in the report's language, worded again from its code when it has one.
UTF-8 with a BOM so that Excel reads accents right; cells a spreadsheet would run as a
formula are neutralised, since cookie names, URLs and page text come from the site."""
from __future__ import annotations

import json

import pandas as pd

from auditor.contract import DEFAULT_LANGUAGE, PHASES, severity_of
from reports.i18n.wording import message_in
from reports.safety import neutralise_cell
from reports.verdict import findings_of, theme_of
from reports.views.evidence import evidence_line

BOM = "\ufeff"
TRACKER_COLUMNS = ["tracker", "company", "category", "country"]
COOKIE_COLUMNS = ["phase", "name", "domain", "path", *TRACKER_COLUMNS, "third_party",
                  "lifetime_days", "stored_lifetime_days", "expires", "session", "exempt",
                  "exempt_reason", "secure", "http_only", "same_site", "set_by", "set_by_url",
                  "value_hash"]
REQUEST_COLUMNS = ["phase", "url", "host", "resource_type", "method", "status", "third_party",
                   *TRACKER_COLUMNS, "frame", "failure"]
FINDING_COLUMNS = ["rule", "theme", "severity", "subject", "message", "reference",
                   "evidence_count", "evidence"]


def _cell(value):
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    return neutralise_cell(value)


def _table(rows: list[dict], columns: list[str]) -> str:
    frame = pd.DataFrame([{c: _cell(row.get(c)) for c in columns} for row in rows],
                         columns=columns, dtype=object)
    return BOM + frame.to_csv(index=False, lineterminator="\r\n")


def _tracker_fields(record: dict) -> dict:
    tracker = record.get("tracker") if isinstance(record.get("tracker"), dict) else {}
    return {"tracker": tracker.get("name"), "company": tracker.get("company"),
            "category": tracker.get("category"), "country": tracker.get("country")}


def _records(report: dict, kind: str) -> list[dict]:
    rows = []
    phases = report.get("phases") if isinstance(report.get("phases"), dict) else {}
    for phase in PHASES:
        for record in (phases.get(phase) or {}).get(kind) or []:
            if isinstance(record, dict):
                rows.append({**record, **_tracker_fields(record), "phase": phase})
    return rows


def cookie_rows(report: dict, language: str = DEFAULT_LANGUAGE) -> list[dict]:
    return _records(report, "cookies")


def request_rows(report: dict, language: str = DEFAULT_LANGUAGE) -> list[dict]:
    return _records(report, "requests")


def finding_rows(report: dict, language: str = DEFAULT_LANGUAGE) -> list[dict]:
    rows = []
    for finding in findings_of(report):
        evidence = finding.get("evidence") if isinstance(finding.get("evidence"), list) else []
        rows.append({**finding, "message": message_in(finding, language),
                     "theme": theme_of(finding.get("rule")), "severity": severity_of(finding.get("severity")), "evidence_count": len(evidence),
                     "evidence": " | ".join(evidence_line(item) for item in evidence)})
    return rows


# The three tables, by name: their columns and rows (report.xlsx writes the same ones).
TABLES = {"findings": (FINDING_COLUMNS, finding_rows), "cookies": (COOKIE_COLUMNS, cookie_rows),
          "requests": (REQUEST_COLUMNS, request_rows)}


def cookies_csv(report: dict, language: str = DEFAULT_LANGUAGE) -> str:
    return _table(cookie_rows(report, language), COOKIE_COLUMNS)


def requests_csv(report: dict, language: str = DEFAULT_LANGUAGE) -> str:
    return _table(request_rows(report, language), REQUEST_COLUMNS)


def findings_csv(report: dict, language: str = DEFAULT_LANGUAGE) -> str:
    return _table(finding_rows(report, language), FINDING_COLUMNS)


# Each table is written from the report and its language (only findings have words).
CSV_FILES = {"cookies.csv": cookies_csv, "requests.csv": requests_csv,
             "findings.csv": findings_csv}
