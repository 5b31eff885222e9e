"""Which sites of a sites file are due (pure): sites + last audit times + a clock."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from auditor.contract import parse_iso
from auditor.runs.sites_file import Site

LastAudits = Mapping[str, datetime] | Callable[[], Mapping[str, datetime]]


def _utc(moment: datetime) -> datetime:
    """Times without a zone (SQLite keeps none) are UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


@dataclass(frozen=True)
class Plan:
    site: Site
    last_audit: datetime | None
    missed_fire: datetime | None   # the first fire time after the last audit, if it has passed
    next_fire: datetime | None     # the first fire time after now

    @property
    def due(self) -> bool:
        return self.last_audit is None or self.missed_fire is not None

    @property
    def reason(self) -> str:
        if self.last_audit is None:
            return "never audited"
        if self.missed_fire is not None:
            return f"scheduled at {self.missed_fire:%Y-%m-%d %H:%M %Z}"
        return "not due"


def plan(sites: Iterable[Site], last_audits: LastAudits, now: datetime, tz) -> list[Plan]:
    """A site is due when it was never audited, or when its cron fired in (last audit, now]."""
    times = last_audits() if callable(last_audits) else last_audits
    now = _utc(now)
    plans = []
    for site in sites:
        trigger = site.trigger(tz)
        last = times.get(site.key)
        missed = None
        if last is not None:
            last = _utc(last if isinstance(last, datetime) else parse_iso(last))
            fire = trigger.get_next_fire_time(None, last + timedelta(microseconds=1))
            missed = fire if fire is not None and fire <= now else None
        plans.append(Plan(site, last, missed, trigger.get_next_fire_time(None, now)))
    return plans


def describe_plans(plans: list[Plan], tz) -> str:
    """The table of a dry run: what is due now and when each site runs next."""
    def when(moment):
        return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z") if moment else "-"
    rows = [("due", "site", "url", "schedule", "last audit", "next fire", "why")]
    for p in plans:
        rows.append(("yes" if p.due else "no", p.site.name, p.site.url, p.site.schedule,
                     when(p.last_audit) if p.last_audit else "never",
                     when(p.next_fire), p.reason))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()
             for row in rows]
    due = sum(p.due for p in plans)
    return "\n".join(lines + [f"{len(plans)} sites, {due} due now (time zone {tz})"])
