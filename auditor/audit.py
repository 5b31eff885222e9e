"""One site's audit as it goes, and its report.json (contract schema site-audit/1)."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from auditor.browser.failures import Failure
from auditor.consent.banner import summarise_banner
from auditor.consent.choice import choice_record
from auditor.consent.wall import cookie_wall, summarise_wall
from auditor.contract import DEFAULT_LANGUAGE, PHASES, SCHEMA, iso_utc
from auditor.domains import host_of, registrable_domain
from auditor.knowledge import Knowledge
from auditor.knowledge.attribution import tracker_names
from auditor.rules import apply as judge_report
from auditor.runs.provenance import provenance
from auditor.signals import build_signals


def empty_phase(**extra) -> dict:
    return {"cookies": [], "requests": [], "storage": [], **extra}


@dataclass
class SiteAuditItem:
    """What the spider hands to the pipelines: the report and where it goes."""

    report: dict
    folder: str


@dataclass
class SiteAudit:
    url: str
    folder: Path
    started_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    final_url: str | None = None
    status: str = "ok"
    error: str | None = None
    error_code: str | None = None  # the failure's code and parameters (auditor/browser/failures.py)
    error_params: dict | None = None
    phases: dict = field(default_factory=dict)
    internal_pages: list[str] = field(default_factory=list)
    browser: dict = field(default_factory=dict)
    pages: dict = field(default_factory=lambda: dict.fromkeys(
        ("legal_notice", "privacy_policy", "cookie_policy")))
    site_word: dict = field(default_factory=dict)  # what the legal pages say
    documents: dict = field(default_factory=dict)  # how they were found, or why not
    withdrawal: dict | None = None  # the withdraw phase's facts (auditor/consent/withdrawal.py)
    attempts: list = field(default_factory=list)  # earlier attempts lost to a dead browser
    name: str | None = None  # the site's name and tags from a sites file (auditor schedule)
    tags: list[str] = field(default_factory=list)
    autoconsent: str | None = None  # the version of the autoconsent rules used, if any
    _clock: float = field(default_factory=time.monotonic)

    @property
    def site_domain(self) -> str:
        """The registrable domain that makes a cookie or request first party."""
        return registrable_domain(host_of(self.final_url or self.url))

    @property
    def jurisdiction(self) -> str:
        """'BE' for a Belgian site (stricter: no analytics exemption), else 'FR'."""
        return "BE" if host_of(self.final_url or self.url).endswith(".be") else "FR"

    def tracker_names(self, knowledge: Knowledge) -> set[str]:
        """Every tracker the knowledge base sees in the phases captured so far, by request or
        cookie (the records are attributed by the judge)."""
        return tracker_names(self.phases, knowledge, self.site_domain, self.jurisdiction)

    def restarted(self, attempt: dict) -> "SiteAudit":
        """A fresh audit of the same site in the same run folder, after `attempt` failed; its
        clock and start time go on from the first attempt."""
        return SiteAudit(url=self.url, folder=self.folder, started_at=self.started_at,
                         browser=self.browser, autoconsent=self.autoconsent,
                         name=self.name, tags=self.tags,
                         attempts=[*self.attempts, attempt], _clock=self._clock)

    def fail(self, failure: Failure) -> None:
        self.status = "error"
        self.error, self.error_code, self.error_params = (
            str(failure), failure.code, dict(failure.params))

    def banner(self) -> dict:
        if self.status != "ok":  # not analysed: unknown, not "absent"
            return {"detected": None, "cmp": None, "accept_found": None, "reject_found": None,
                    "reject_first_layer": None, "analysed": False}
        summary = summarise_banner(*(self.phases.get(name, {}).get(key) for name, key in (
            ("initial", "banner_scan"), ("accept", "consent_action"),
            ("reject", "consent_action"))))
        wall = summarise_wall(self.phases, summary.get("first_layer"), summary.get("reject_found"))
        if summary.get("design") is not None:  # the contract's figure, from the wall reading
            summary["design"] = {**summary["design"], "cookie_wall": cookie_wall(wall)}
        return {**summary,
                "banner_screenshot": self.phases.get("initial", {}).get("banner_screenshot"),
                "wall": wall, "choice_kept": self.choice_kept()}

    def choice_kept(self) -> dict:
        """The record of each choice clicked (accept, reject) and how long it lives."""
        kept = {}
        for name in ("accept", "reject"):
            phase = self.phases.get(name) or {}
            kept[name] = choice_record(phase.get("consent_action"), phase.get("cookies") or [],
                                       phase.get("storage") or [])
        return kept

    def to_report(self, knowledge: Knowledge | None = None, language: str = DEFAULT_LANGUAGE) -> dict:
        """report.json, judged with `knowledge` (the process-wide one when None), its findings
        worded in `language`, with the provenance of its evidence (the files the capture wrote
        in the run folder)."""
        knowledge = knowledge or Knowledge.default()
        phases = {
            name: self.phases.get(name) or empty_phase(skipped=True)
            for name in PHASES
        }
        report = {
            "schema": SCHEMA,
            "url": self.url,
            "final_url": self.final_url,
            "status": self.status,
            "error": self.error,
            "error_code": self.error_code,
            "error_params": self.error_params,
            "started_at": iso_utc(self.started_at),
            "duration_s": round(time.monotonic() - self._clock, 1),
            "banner": self.banner(),
            "phases": phases,
            "pages": self.pages,
            "policy": self.site_word.get("policy") or {
                "language": None, "declared_vendors": [], "stated_lifetimes": [], "claims": {}},
            "legal_notice": self.site_word.get("legal_notice") or {"fields": {}, "missing": []},
            "documents": self.documents,
            # None when the audit stopped before it (the contract's three phases are above)
            "withdrawal": self.withdrawal if self.status == "ok" else None,
            # what the pages told the ad industry, per phase (auditor/signals)
            "signals": build_signals(phases) if self.status == "ok" else None,
            "findings": [],
            "site_domain": self.site_domain if self.status == "ok" else None,
            "internal_pages": self.internal_pages,
            "jurisdiction": self.jurisdiction,
            "browser": self.browser,
            "knowledge": {},
            "attempts": self.attempts,
            "name": self.name,
            "tags": self.tags,
            "provenance": provenance(
                started_at=self.started_at, finished_at=datetime.now(timezone.utc),
                chromium_version=self.browser.get("version"), autoconsent=self.autoconsent,
                knowledge=knowledge, phases=phases, documents=self.documents, pages=self.pages,
                folder=self.folder),
        }
        # The judge attributes the records, fills "findings" and "knowledge" and adds
        # "summary" (auditor/rules, pure).
        return judge_report(report, knowledge, language)
