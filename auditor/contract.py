"""The report contract's words, defined once (docs/report-contract.md): the schema id, the
capture phases, the severities, the verdicts, the durations, the report languages, ISO times
and the run folder's time stamp. Every other module reads them from here; tests/test_contract.py fails
when one is written out again elsewhere."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import NamedTuple

SCHEMA = "site-audit/1"

# The browser phases of an audit, in the order they run (report["phases"] keys).
PHASES = ("initial", "accept", "reject")
# The withdrawal's browser: accept, then withdraw. It records like a phase, in report.json
# `withdrawal`, not in `phases` (the contract's three).
WITHDRAW_PHASE = "withdraw"

# Worst first.
SEVERITIES = ("high", "medium", "low", "info")

# report.json summary.verdict, worst first: the index sorts by this order (a site that could
# not be audited comes right after a non-compliant one: nothing says it is fine).
NON_COMPLIANT = "non_compliant"
NOT_AUDITED = "not_audited"
NEEDS_ATTENTION = "needs_attention"
NO_ISSUE_FOUND = "no_issue_found"
VERDICTS = (NON_COMPLIANT, NOT_AUDITED, NEEDS_ATTENTION, NO_ISSUE_FOUND)

# Durations: a month is 30.44 days, a year 365.25 days, "13 months" 395 days; a lifetime
# exceeds a stated one when it is more than 5% longer (policies round their wording).
DAYS_PER_MONTH = 30.44
DAYS_PER_YEAR = 365.25
THIRTEEN_MONTHS_DAYS = 395
STATED_LIFETIME_MARGIN = 1.05

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
# report.json keeps UTC times; a report shows them in this zone (provenance.timezone).
REPORT_TIMEZONE = "Europe/Paris"

_ISO_SECONDS = "%Y-%m-%dT%H:%M:%SZ"
_RUN_STAMP = "%Y%m%dT%H%M%SZ"
# A run folder: its start time, then -2, -3... when several runs share a second. ASCII digits
# only (not \d): the name goes in links.
_RUN_NAME = re.compile(r"(?P<stamp>[0-9]{8}T[0-9]{6}Z)(?:-(?P<n>[0-9]+))?")


# --- severities and verdicts ------------------------------------------------------------------
def severity_of(value) -> str:
    """A known severity; anything else (a hand-edited or future report) counts as info."""
    return value if value in SEVERITIES else "info"


def severity_rank(value) -> int:
    """0 for high ... 3 for info (and for an unknown value): to sort worst first."""
    return SEVERITIES.index(severity_of(value))


def verdict(status, counts: dict) -> str:
    """The verdict of an audit from its status and its findings' counts by severity:
    information alone is no issue."""
    if status != "ok":
        return NOT_AUDITED
    if counts.get("high"):
        return NON_COMPLIANT
    if counts.get("medium") or counts.get("low"):
        return NEEDS_ATTENTION
    return NO_ISSUE_FOUND


# --- ISO times ------------------------------------------------------------------------------
def _utc(moment: datetime) -> datetime:
    """A time without a zone (SQLite keeps none) is UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def iso_utc(moment: datetime | None) -> str | None:
    """'2026-11-22T08:00:00Z', the report's times (started_at...)."""
    return _utc(moment).strftime(_ISO_SECONDS) if moment is not None else None


def iso_seconds(epoch: float | None) -> str | None:
    """'2026-11-22T08:00:00Z'; None for no time or one out of range."""
    if epoch is None:
        return None
    try:
        return iso_utc(datetime.fromtimestamp(epoch, timezone.utc))
    except (OverflowError, OSError, ValueError):
        return None


def iso_ms(epoch: float | None) -> str | None:
    """'2026-11-22T08:00:00.123+00:00': precise enough to order events around a click."""
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, timezone.utc).isoformat(timespec="milliseconds")


def parse_iso(text) -> datetime | None:
    """An ISO time ("Z" or an offset, with or without fractions; none means UTC) as an aware
    UTC datetime; None for anything else."""
    if not isinstance(text, str):
        return None
    try:
        return _utc(datetime.fromisoformat(text.strip().replace("Z", "+00:00")))
    except ValueError:
        return None


# --- run folders ------------------------------------------------------------------------------
class RunName(NamedTuple):
    started: datetime  # aware UTC, to the second
    n: int             # 1 for the first run of that second


def run_stamp(moment: datetime) -> str:
    """'20261122T080000Z': a run folder's (and a run log's) name for its start time."""
    return _utc(moment).strftime(_RUN_STAMP)


def read_run_name(name) -> RunName | None:
    """A run folder's name ('20261122T080000Z', '20261122T080000Z-2') read back; None for
    any other name."""
    match = _RUN_NAME.fullmatch(name) if isinstance(name, str) else None
    if match is None:
        return None
    try:
        started = datetime.strptime(match["stamp"], _RUN_STAMP).replace(tzinfo=timezone.utc)
    except ValueError:
        return None
    return RunName(started, int(match["n"] or 1))
