"""The history store: every audit of every site in one SQLAlchemy database, and each new
audit compared with the previous ok audit of the same site.

    store = HistoryStore.open(url)        # creates the tables if needed
    block = store.record(report, folder)  # report["history"]; sets finding["first_seen"]
    store.last_audit_times()              # {site key: started_at of its latest audit}
    store.trend(site_key)                 # oldest first

SQLite (the default) is opened in WAL mode with a busy timeout and every transaction takes
the write lock up front (BEGIN IMMEDIATE), so several `scrapy crawl` processes can record at
once; on PostgreSQL table creation is serialised by an advisory lock."""
from __future__ import annotations

import sqlite3
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import and_, create_engine, event, func, or_, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session

from auditor.contract import SEVERITIES, iso_utc, parse_iso
from auditor.runs.folders import site_folder_name

from .diff import Snapshot, carry_first_seen, compare, cookie_key, empty_changes, finding_key, snapshot
from .models import Audit, Base, Cookie, Finding, Site, Tracker

TREND_LIMIT = 366
BUSY_TIMEOUT_S = 60          # a writer waits this long for another process's transaction
CONNECT_TIMEOUT_S = 10       # PostgreSQL: an unreachable server is an error, not a hang
_PG_DDL_LOCK = 0x61756469    # advisory lock key for table creation ("audi")


class HistoryError(RuntimeError):
    """The history database cannot be used; the message says why, in words."""


def resolve_url(setting: str | None, reports_dir: str | Path) -> str | None:
    """AUDITOR_HISTORY_URL as a SQLAlchemy URL: empty means <REPORTS_DIR>/history.sqlite,
    `off` means no history (None)."""
    value = (setting or "").strip()
    if value.lower() == "off":
        return None
    if not value:
        return f"sqlite:///{Path(reports_dir).resolve() / 'history.sqlite'}"
    return value


def naive_utc(text: str) -> datetime:
    """An ISO time from a report, as naive UTC (how the tables keep it)."""
    moment = parse_iso(text)
    if moment is None:
        raise ValueError(f"not an ISO time: {text!r}")
    return moment.replace(tzinfo=None)


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise HistoryError(
            f"AUDITOR_HISTORY_URL is not a database URL: {url!r} (expected e.g. "
            "sqlite:////var/lib/auditor/history.sqlite or postgresql+psycopg://user@host/db, "
            "or 'off')") from None
    if parsed.drivername == "postgresql":  # psycopg 3 is the driver the project ships
        parsed = parsed.set(drivername="postgresql+psycopg")
    backend = parsed.get_backend_name()
    kwargs: dict = {}
    if backend == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_S}
    elif backend == "postgresql" and "connect_timeout" not in parsed.query:
        kwargs["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT_S}
    try:
        engine = create_engine(parsed, pool_pre_ping=True, **kwargs)
    except (NoSuchModuleError, ImportError) as error:
        raise HistoryError(f"AUDITOR_HISTORY_URL {safe_url(url)}: no database driver for "
                           f"{parsed.drivername!r} ({error})") from None
    if backend == "sqlite":
        _sqlite_for_many_writers(engine)
    return engine


def safe_url(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return repr(url)


def _sqlite_for_many_writers(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def connect(dbapi_connection, _record):
        # pysqlite's own transaction handling is off: SQLAlchemy emits BEGIN (below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        _use_wal(cursor)
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(connection):
        # Take the write lock first: a read-then-write transaction that has to upgrade its
        # lock fails at once with "database is locked" instead of waiting its turn.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _use_wal(cursor) -> None:
    """WAL, which the database file keeps once set. Switching to it takes an exclusive lock
    that SQLite does not wait for (no busy handler): two processes opening a new database
    at once retry here instead of failing."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class HistoryStore:
    def __init__(self, engine: Engine):
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> "HistoryStore":
        engine = make_engine(url)
        try:
            with engine.begin() as connection:
                if connection.dialect.name == "postgresql":
                    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_DDL_LOCK})")
                Base.metadata.create_all(connection)
        except SQLAlchemyError as error:
            engine.dispose()
            reason = getattr(error, "orig", None) or error
            raise HistoryError(f"cannot open the history database {safe_url(url)}: "
                               f"{str(reason).strip()}") from error
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    # -- recording ------------------------------------------------------------------------
    def record(self, report: dict, folder: str | None = None) -> dict:
        """Store one audit, compare it with the previous ok audit of its site, set
        first_seen on its findings, and return its `history` block."""
        key = site_folder_name(report["url"])
        started = naive_utc(report["started_at"])
        ok = report.get("status") == "ok"
        current = snapshot(report) if ok else Snapshot()
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            site = self._site(session, key, report)
            audit = Audit(site_id=site.id, **self._audit_fields(report, started, folder))
            session.add(audit)
            session.flush()
            previous = self._previous_ok(session, audit) if ok else None
            if previous is None:
                changes, before = empty_changes(), {}
            else:
                changes = compare(self._snapshot(session, previous.id), current)
                before = {(f.rule, f.subject): f.first_seen for f in session.scalars(
                    select(Finding).where(Finding.audit_id == previous.id))}
            first_seen = carry_first_seen(before, list(current.findings), started)
            session.add_all(Finding(audit_id=audit.id, first_seen=first_seen[k], **fref)
                            for k, fref in current.findings.items())
            if ok:
                session.add_all(self._cookie_rows(audit.id, report))
                session.add_all(Tracker(audit_id=audit.id, name=t["name"], company=t["company"],
                                        category=t["category"], country=t["country"],
                                        phases=t["phases"]) for t in current.trackers.values())
            session.flush()
            trend = self._trend(session, site.id, TREND_LIMIT)
        for finding in report.get("findings") or []:
            finding["first_seen"] = iso_utc(first_seen.get(finding_key(finding)))
        return {
            "site": key,
            "previous": None if previous is None else {
                "started_at": iso_utc(previous.started_at), "status": previous.status,
                "folder": previous.folder},
            **changes,
            "trend": trend,
        }

    @staticmethod
    def _site(session: Session, key: str, report: dict) -> Site:
        name = report.get("name")
        site = session.scalar(select(Site).where(Site.key == key))
        if site is None:
            try:
                with session.begin_nested():  # another process may add it at the same time
                    site = Site(key=key, url=report["url"], name=name)
                    session.add(site)
            except IntegrityError:
                site = session.scalar(select(Site).where(Site.key == key))
        else:
            site.url = report["url"]
            site.name = name or site.name
        session.flush()
        return site

    @staticmethod
    def _audit_fields(report: dict, started: datetime, folder: str | None) -> dict:
        findings = report.get("findings") or []
        counts = {severity: sum(f["severity"] == severity for f in findings)
                  for severity in SEVERITIES}
        duration = report.get("duration_s")
        return dict(
            url=report["url"], final_url=report.get("final_url"), started_at=started,
            finished_at=started + timedelta(seconds=duration) if duration is not None else None,
            duration_s=duration, status=report.get("status") or "error",
            error=report.get("error"), verdict=(report.get("summary") or {}).get("verdict"),
            total=len(findings), folder=folder, report_schema=report.get("schema"),
            recorded_at=datetime.now(timezone.utc).replace(tzinfo=None), **counts)

    @staticmethod
    def _previous_ok(session: Session, audit: Audit) -> Audit | None:
        earlier = or_(Audit.started_at < audit.started_at,
                      and_(Audit.started_at == audit.started_at, Audit.id < audit.id))
        return session.scalar(
            select(Audit).where(Audit.site_id == audit.site_id, Audit.status == "ok",
                                Audit.id != audit.id, earlier)
            .order_by(Audit.started_at.desc(), Audit.id.desc()).limit(1))

    @staticmethod
    def _snapshot(session: Session, audit_id: int) -> Snapshot:
        """An earlier audit's snapshot, rebuilt from its rows."""
        findings = {(f.rule, f.subject): {"rule": f.rule, "severity": f.severity,
                                          "subject": f.subject, "message": f.message}
                    for f in session.scalars(select(Finding).where(Finding.audit_id == audit_id))}
        trackers = {t.name: {"name": t.name, "company": t.company, "category": t.category,
                             "country": t.country, "phases": list(t.phases or [])}
                    for t in session.scalars(select(Tracker).where(Tracker.audit_id == audit_id))}
        cookies: dict = {}
        rows = session.scalars(select(Cookie).where(Cookie.audit_id == audit_id)
                               .order_by(Cookie.id))
        for row in rows:
            key = cookie_key(row.name, row.domain)
            entry = cookies.setdefault(key, {"name": row.name, "domain": key[1], "phases": [],
                                             "tracker": None})
            if row.phase not in entry["phases"]:
                entry["phases"].append(row.phase)
            entry["tracker"] = entry["tracker"] or row.tracker
        return Snapshot(findings, trackers, cookies)

    @staticmethod
    def _cookie_rows(audit_id: int, report: dict) -> list[Cookie]:
        rows, seen = [], set()
        for phase, content in (report.get("phases") or {}).items():
            for cookie in (content or {}).get("cookies") or []:
                key = (phase, *cookie_key(cookie["name"], cookie.get("domain")))
                if key in seen:
                    continue
                seen.add(key)
                tracker = cookie.get("tracker") or {}
                rows.append(Cookie(audit_id=audit_id, phase=phase, name=cookie["name"],
                                   domain=key[2], third_party=cookie.get("third_party"),
                                   tracker=tracker.get("name"),
                                   lifetime_days=cookie.get("lifetime_days"),
                                   exempt=cookie.get("exempt")))
        return rows

    # -- reading --------------------------------------------------------------------------
    def last_audit_times(self) -> dict[str, datetime]:
        with Session(self.engine) as session, session.begin():
            rows = session.execute(select(Site.key, func.max(Audit.started_at))
                                   .join(Audit, Audit.site_id == Site.id).group_by(Site.key))
            return {key: _aware(moment) for key, moment in rows}

    def trend(self, site_key: str, limit: int = TREND_LIMIT) -> list[dict]:
        with Session(self.engine) as session, session.begin():
            site = session.scalar(select(Site).where(Site.key == site_key))
            return self._trend(session, site.id, limit) if site else []

    @staticmethod
    def _trend(session: Session, site_id: int, limit: int) -> list[dict]:
        audits = session.scalars(select(Audit).where(Audit.site_id == site_id)
                                 .order_by(Audit.started_at.desc(), Audit.id.desc()).limit(limit))
        return [{"started_at": iso_utc(a.started_at), "status": a.status,
                 "counts": {s: getattr(a, s) for s in SEVERITIES},
                 "total": a.total, "verdict": a.verdict} for a in reversed(list(audits))]


def _aware(moment):
    if isinstance(moment, str):  # SQLite hands max() back as text on some versions
        return parse_iso(moment)
    return moment.replace(tzinfo=timezone.utc)
