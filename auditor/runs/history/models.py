"""The history tables (SQLAlchemy 2 ORM). Times are naive UTC; cookie values are never stored."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Site(Base):
    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)  # auditor.runs.folders.site_folder_name
    url: Mapped[str] = mapped_column(Text)
    name: Mapped[str | None] = mapped_column(Text)

    audits: Mapped[list["Audit"]] = relationship(back_populates="site")


class Audit(Base):
    __tablename__ = "audits"
    __table_args__ = (
        # "latest audits of a site", and "latest ok audit of a site" (the comparison's basis)
        Index("ix_audits_site_started", "site_id", "started_at"),
        Index("ix_audits_site_status_started", "site_id", "status", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    duration_s: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(Text)
    verdict: Mapped[str | None] = mapped_column(String(32))
    high: Mapped[int] = mapped_column(Integer, default=0)
    medium: Mapped[int] = mapped_column(Integer, default=0)
    low: Mapped[int] = mapped_column(Integer, default=0)
    info: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    folder: Mapped[str | None] = mapped_column(Text)
    report_schema: Mapped[str | None] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)

    site: Mapped[Site] = relationship(back_populates="audits")
    findings: Mapped[list["Finding"]] = relationship(cascade="all, delete-orphan")
    cookies: Mapped[list["Cookie"]] = relationship(cascade="all, delete-orphan")
    trackers: Mapped[list["Tracker"]] = relationship(cascade="all, delete-orphan")


class Finding(Base):
    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audits.id", ondelete="CASCADE"), index=True)
    rule: Mapped[str] = mapped_column(String(100))
    severity: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    first_seen: Mapped[datetime] = mapped_column(DateTime)


class Cookie(Base):
    __tablename__ = "cookies"

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audits.id", ondelete="CASCADE"), index=True)
    phase: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(Text)
    domain: Mapped[str] = mapped_column(Text)
    third_party: Mapped[bool | None] = mapped_column(Boolean)
    tracker: Mapped[str | None] = mapped_column(Text)
    lifetime_days: Mapped[float | None] = mapped_column(Float)
    exempt: Mapped[bool | None] = mapped_column(Boolean)


class Tracker(Base):
    __tablename__ = "trackers"

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audits.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    company: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)
    phases: Mapped[list] = mapped_column(JSON)
