"""auditor/contract.py: the contract's words defined once. A scan of the source tree fails when
one of them is written out again elsewhere, and unit tests of the contract's functions."""
from __future__ import annotations

import ast
import re
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from auditor.contract import (
    DAYS_PER_MONTH,
    DAYS_PER_YEAR,
    LANGUAGES,
    NEEDS_ATTENTION,
    NO_ISSUE_FOUND,
    NON_COMPLIANT,
    NOT_AUDITED,
    PHASES,
    SCHEMA,
    SEVERITIES,
    STATED_LIFETIME_MARGIN,
    THIRTEEN_MONTHS_DAYS,
    VERDICTS,
    iso_ms,
    iso_seconds,
    iso_utc,
    parse_iso,
    read_run_name,
    run_stamp,
    severity_of,
    severity_rank,
    verdict,
)

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("auditor", "reports", "spiders", "scripts")
CONTRACT = Path("auditor/contract.py")
TIME_FORMATS = ("%Y%m%dT%H%M%SZ", "%Y-%m-%dT%H:%M:%SZ")
STAMP_PATTERN = re.compile(r"\{8\}T.*\{6\}Z")  # a regex reading a run stamp back: \d{8}T\d{6}Z
PARSERS = ("fromisoformat", "strptime")
# The report pages' former verdict, a rival of summary.verdict.
OLD_VERDICTS = {"serious", "to_fix", "minor", "clean"}
# The contract's durations (days a month, a year, 13 months; the 5% margin).
DURATIONS = {DAYS_PER_MONTH, DAYS_PER_YEAR, THIRTEEN_MONTHS_DAYS, STATED_LIFETIME_MARGIN}
WORD_LISTS = {"the phases": set(PHASES), "the severities": set(SEVERITIES), "the languages": set(LANGUAGES)}


def _strings(node) -> list[str] | None:
    """The items of a tuple, list or set literal made of strings only."""
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and node.elts and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
        return [e.value for e in node.elts]
    return None


def _called(node) -> str | None:
    if isinstance(node, ast.Call):
        func = node.func
        return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return None


def redefinitions(root: Path) -> list[str]:
    """'path:line: what' for every contract word written out under root's scanned folders
    instead of read from auditor.contract."""
    found = []
    for folder in SCANNED:
        for path in sorted((root / folder).rglob("*.py")):
            relative = path.relative_to(root)
            if relative == CONTRACT:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), str(relative))
            nodes = sorted((n for n in ast.walk(tree) if hasattr(n, "lineno")),
                           key=lambda n: (n.lineno, n.col_offset))
            for node in nodes:
                what = None
                items = _strings(node)
                if items is not None:
                    what = next((name for name, words in WORD_LISTS.items() if set(items) == words), None)
                    if what is None and len(OLD_VERDICTS & set(items)) >= 2:
                        what = "a verdict list"
                elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                    text = node.value
                    if text == SCHEMA:
                        what = "the schema id"
                    elif text in VERDICTS:
                        what = f"the verdict {text}"
                    elif any(f in text for f in TIME_FORMATS):
                        what = "a time format"
                    elif STAMP_PATTERN.search(text):
                        what = "the run stamp's pattern"
                elif isinstance(node, ast.Constant) and node.value in DURATIONS \
                        and not isinstance(node.value, bool):
                    what = f"the duration {node.value}"
                elif _called(node) in PARSERS:
                    what = f"ISO time parsing ({_called(node)})"
                if what:
                    found.append(f"{relative}:{node.lineno}: {what}")
    return found


def test_the_contract_words_are_defined_only_in_contract_py():
    assert redefinitions(ROOT) == []


OLD_STYLE = '''
    import re
    from datetime import datetime

    SCHEMA = "site-audit/1"
    PHASE_ORDER = ("initial", "accept", "reject")
    ORDER = ("info", "low", "medium", "high")  # least to most serious
    VERDICTS = ("serious", "error", "to_fix", "minor", "clean")
    RUN_NAME = re.compile(r"\\d{8}T\\d{6}Z(?:-\\d+)?")


    def languages(folder):
        return {path.stem for path in folder.glob("*.yaml")} or {"fr", "en"}


    def stamp(started):
        return started.strftime("%Y%m%dT%H%M%SZ"), started.strftime("%Y-%m-%dT%H:%M:%SZ")


    def parse(text):
        return datetime.fromisoformat(text), datetime.strptime(text, "%Y")


    def summary(counts):
        return "non_compliant" if counts["high"] else "no_issue_found"
'''


def test_the_scan_finds_each_word_written_out_again(tmp_path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "old.py").write_text(textwrap.dedent(OLD_STYLE), encoding="utf-8")
    (tmp_path / "auditor").mkdir()
    (tmp_path / "auditor" / "contract.py").write_text('PHASES = ("initial", "accept", "reject")\n')
    (tmp_path / "auditor" / "other.py").write_text(
        'READ = ("fr", "en", "nl", "de")\nBOTH = ("accept", "reject")\nNOTE = "site-audit/1 reports"\n')
    found = redefinitions(tmp_path)
    assert found == [f"reports/old.py:{line}: {what}" for line, what in [
        (5, "the schema id"), (6, "the phases"), (7, "the severities"), (8, "a verdict list"),
        (9, "the run stamp's pattern"), (13, "the languages"), (17, "a time format"), (17, "a time format"),
        (21, "ISO time parsing (fromisoformat)"), (21, "ISO time parsing (strptime)"),
        (25, "the verdict non_compliant"), (25, "the verdict no_issue_found")]]


# --- the contract's functions -----------------------------------------------------------------
def test_severities_worst_first_unknown_is_info():
    assert [severity_rank(s) for s in SEVERITIES] == [0, 1, 2, 3]
    assert severity_of("critical") == severity_of(None) == "info" and severity_of("low") == "low"
    assert severity_rank("critical") == severity_rank("info")
    assert sorted(["info", "bogus", "high", "low", "medium"], key=severity_rank) == [
        "high", "medium", "low", "info", "bogus"]


@pytest.mark.parametrize("status, counts, expected", [
    ("ok", {"high": 1, "medium": 2, "low": 3, "info": 4}, NON_COMPLIANT),
    ("ok", {"high": 0, "medium": 1, "low": 0, "info": 0}, NEEDS_ATTENTION),
    ("ok", {"high": 0, "medium": 0, "low": 1, "info": 0}, NEEDS_ATTENTION),  # low alone: not "minor" apart
    ("ok", {"high": 0, "medium": 0, "low": 0, "info": 5}, NO_ISSUE_FOUND),
    ("ok", {}, NO_ISSUE_FOUND),
    ("error", {"high": 2}, NOT_AUDITED),  # counts of nothing
    (None, {}, NOT_AUDITED),
])
def test_verdict_from_status_and_counts(status, counts, expected):
    assert verdict(status, counts) == expected


def test_verdicts_worst_first():
    assert VERDICTS == (NON_COMPLIANT, NOT_AUDITED, NEEDS_ATTENTION, NO_ISSUE_FOUND)
    assert set(VERDICTS) == {"non_compliant", "needs_attention", "no_issue_found", "not_audited"}


def test_iso_round_trip():
    moment = datetime(2026, 11, 22, 8, 0, 0, tzinfo=timezone.utc)
    assert iso_utc(moment) == iso_seconds(moment.timestamp()) == "2026-11-22T08:00:00Z"
    assert parse_iso(iso_utc(moment)) == moment and parse_iso(iso_utc(moment)).tzinfo is not None
    precise = moment + timedelta(milliseconds=123)
    assert iso_ms(precise.timestamp()) == "2026-11-22T08:00:00.123+00:00"
    assert parse_iso(iso_ms(precise.timestamp())) == precise
    assert parse_iso("2026-11-22T10:00:00+02:00") == moment  # in UTC
    assert parse_iso("2026-11-22T08:00:00") == moment  # no zone: UTC, as SQLite keeps it
    assert iso_utc(datetime(2026, 11, 22, 8)) == "2026-11-22T08:00:00Z"
    for bad in (None, "", "not a date", 42, "2026-13-01T00:00:00Z"):
        assert parse_iso(bad) is None
    assert iso_seconds(None) is None and iso_seconds(1e20) is None and iso_utc(None) is None


def test_run_stamp_round_trip():
    moment = datetime(2026, 11, 22, 8, 0, 5, 900_000, tzinfo=timezone.utc)
    assert run_stamp(moment) == "20261122T080005Z"
    assert run_stamp(datetime(2026, 11, 22, 9, 0, 5, tzinfo=timezone(timedelta(hours=1)))) == "20261122T080005Z"
    assert read_run_name(run_stamp(moment)) == (moment.replace(microsecond=0), 1)
    assert read_run_name(run_stamp(moment) + "-12") == (moment.replace(microsecond=0), 12)
    for other in ("20261122T080005Z-", "20261122T080005", "x20261122T080005Z", "20261399T080005Z",
                  "2026112\u0662T080005Z", "", None, 42, "index.html"):
        assert read_run_name(other) is None, other


def test_the_scan_finds_a_contract_duration_written_out_again(tmp_path):
    (tmp_path / "auditor").mkdir()
    (tmp_path / "auditor" / "old.py").write_text(
        "LIMIT_DAYS = 395\nMONTH = 30.44\nMARGIN = 1.05\nPAGES = 3\n", encoding="utf-8")
    assert redefinitions(tmp_path) == ["auditor/old.py:1: the duration 395",
                                       "auditor/old.py:2: the duration 30.44",
                                       "auditor/old.py:3: the duration 1.05"]
