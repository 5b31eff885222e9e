"""What a crawl prints when it ends, for the person who started it, in the report's language:
how many sites were audited and why the others were not, each site's verdict (counts per
verdict and the worst sites when there are many), the most serious findings, and the index to
open. The sentences are the catalogue's `run_summary` section; verdicts, severities, rule
titles and failures are worded as in the reports themselves.

It goes to a terminal and carries the sites' own text (a cookie's name as a subject): control
characters are shown as "?", so a site cannot move the cursor or rewrite the screen."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from auditor.contract import NOT_AUDITED, SEVERITIES, VERDICTS, severity_of, severity_rank
from reports.i18n import Translator
from reports.verdict import findings_of, severity_counts, verdict
from reports.views.failures import explain_error
from reports.views.site import finding_view

SITES_LISTED = 10     # up to this many sites: each one's verdict; more: counts per verdict
WORST_SITES = 5       # ...and the worst sites
FINDINGS_SHOWN = 5
FAILURES_LISTED = 10
TO_CORRECT = tuple(s for s in SEVERITIES if s != "info")  # information asks nothing of the site
# C0 and C1 controls (ESC...), and the bidirectional overrides that reorder a line.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass
class SiteOutcome:
    """One site of the run: its report, or why it has none."""

    url: str
    report: dict | None = None
    not_written: str = ""  # why its report files could not be written


def clean(text) -> str:
    return _CONTROLS.sub("?", str(text))


def site_name(url: str) -> str:
    """The host (and port) a reader knows the site by; the address as given when it has none."""
    try:
        parts = urlsplit(url.strip())
        host, port = parts.hostname, parts.port
    except ValueError:
        host = port = None
    return clean(f"{host}:{port}" if host and port else host or url)


def run_summary(sites: list[SiteOutcome], index: Path, language: str, *,
                not_started: int = 0, stopped: str | None = None) -> str:
    """The summary's lines. `index`: REPORTS_DIR/index.html (absolute); `not_started`: sites
    the run was to audit and never reached; `stopped`: why the run ended early, if it did."""
    t = Translator(language)
    audited = [s for s in sites if s.report is not None and s.report.get("status") == "ok"]
    failed = [s for s in sites if s not in audited]
    title = t("run_summary.title")
    lines = ["", title, "=" * len(title),
             t("run_summary.audited", ok=len(audited), total=len(sites) + not_started)]
    if failed:
        lines.append(t("run_summary.not_audited", n=len(failed)))
        # As given: "ftp://www.a.fr/" is not the www.a.fr audited beside it.
        lines += [f"  {t('run_summary.site', site=clean(s.url), text=_why(s, t))}"
                  for s in failed[:FAILURES_LISTED]]
        if len(failed) > FAILURES_LISTED:
            lines.append("  …")
    if stopped:
        lines.append(t("run_summary.stopped", reason=clean(stopped), n=not_started))
    elif not_started:
        lines.append(t("run_summary.not_reached", n=not_started))
    if audited:
        lines += _verdicts(audited, t)
        lines += _worst_findings(audited, t)
    if index.is_file():
        lines += [t("run_summary.index", path=index), f"  {index.as_uri()}"]
    else:
        lines.append(t("run_summary.no_index"))
    return "\n".join(lines)


def _why(site: SiteOutcome, t: Translator) -> str:
    if site.report is None:
        return t("run_summary.not_written", detail=clean(site.not_written))
    return clean(explain_error(site.report, t))


def _counts(report: dict, t: Translator) -> str:
    """'Grave 3, Moyen 1': the findings to correct, by severity."""
    counts = severity_counts(findings_of(report))
    return ", ".join(f"{t(f'severity.{s}')} {counts[s]}" for s in TO_CORRECT if counts[s])


def _site_verdict(site: SiteOutcome, t: Translator) -> str:
    counts = _counts(site.report, t)
    text = t(f"verdict.{verdict(site.report)}.label") + (f" ({counts})" if counts else "")
    return f"  {t('run_summary.site', site=site_name(site.url), text=text)}"


def _gravity(site: SiteOutcome) -> tuple:
    """Worst verdict first, then the most findings of the worst severities."""
    counts = severity_counts(findings_of(site.report))
    return (VERDICTS.index(verdict(site.report)), *(-counts[s] for s in SEVERITIES))


def _verdicts(audited: list[SiteOutcome], t: Translator) -> list[str]:
    lines = [t("run_summary.verdicts")]
    if len(audited) <= SITES_LISTED:
        return lines + [_site_verdict(s, t) for s in audited]
    by_verdict = [verdict(s.report) for s in audited]
    lines += [f"  {t('run_summary.verdict_count', verdict=t(f'verdict.{v}.label'), n=by_verdict.count(v))}"
              for v in VERDICTS if v != NOT_AUDITED and v in by_verdict]
    worst = [s for s in sorted(audited, key=_gravity) if _counts(s.report, t)][:WORST_SITES]
    if worst:
        lines.append(t("run_summary.worst_sites"))
        lines += [_site_verdict(s, t) for s in worst]
    return lines


def _worst_findings(audited: list[SiteOutcome], t: Translator) -> list[str]:
    """The most serious findings of the run, worst first and in site order within a severity;
    information is not among them."""
    found = [(s, f) for s in audited for f in findings_of(s.report)
             if severity_of(f.get("severity")) in TO_CORRECT]
    if not found:
        return [t("run_summary.no_findings")]
    found.sort(key=lambda pair: severity_rank(pair[1].get("severity")))
    shown = found[:FINDINGS_SHOWN]
    views = [(site_name(s.url), finding_view(f, t)) for s, f in shown]
    width = max(len(view["severity_label"]) for _, view in views)
    lines = [t("run_summary.worst_findings", shown=len(shown), total=len(found))]
    for site, view in views:
        subject = f" · {clean(view['subject_label'])}" if view["subject_label"] else ""
        lines.append(f"  {view['severity_label']:<{width}}  {site} · {clean(view['title'])}{subject}")
    return lines
