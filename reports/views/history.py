"""report["history"] (written by auditor.runs.history) turned into what the pages show: the
"since the last audit" section of report.html, the index's column, and history.html with its
trend chart. Pure: a report dict in, plain values out; the templates lay them out and escape."""
from __future__ import annotations

import hashlib
from pathlib import PurePath
from urllib.parse import quote

from auditor.contract import PHASES, SEVERITIES, VERDICTS, parse_iso, read_run_name, severity_of, severity_rank, verdict
from reports.i18n import Translator
from reports.verdict import findings_of
from reports.views.formatting import timestamp

# The only links history.html writes: a run's report, relative to the site folder.
_RUN_PAGES = ("report.html", "report.json")


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return value if isinstance(value, list) else []


# --- dates ----------------------------------------------------------------------------------
def long_date(iso, t: Translator, year: bool = True) -> str:
    """"14 novembre 2026", "1er mai" / "14 November 2026"."""
    when = parse_iso(iso)
    if when is None:
        return str(iso or "")
    day = t("date.first_day") if when.day == 1 else str(when.day)
    values = {"day": day, "month": t(f"date.month.{when.month}"), "year": when.year}
    return t("date.long" if year else "date.short", **values)


def when(iso, language: str) -> str:
    """The report's own timestamp format ("22/11/2026 08:00 UTC")."""
    return timestamp(iso, language) if parse_iso(iso) else str(iso or "")


def axis_date(iso, language: str) -> str:
    value = parse_iso(iso)
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y" if language == "fr" else "%Y-%m-%d")


# --- the block itself -----------------------------------------------------------------------
def _usable(block) -> bool:
    """A history block whole enough to read (the store's shape); anything else, such as an
    {"error": ...} left by a failed store, is "history unavailable"."""
    return (isinstance(block, dict) and not block.get("error")
            and all(isinstance(block.get(part), dict) for part in ("findings", "trackers", "cookies"))
            and (block.get("previous") is None or isinstance(block.get("previous"), dict)))


def anchor(rule, subject) -> str:
    """The id of a finding's block in report.html (rule and subject are the finding's key)."""
    digest = hashlib.sha256(f"{rule or ''}\x00{subject or ''}".encode("utf-8")).hexdigest()
    return f"finding-{digest[:12]}"


def _key(finding: dict) -> tuple[str, str]:
    return str(finding.get("rule") or ""), str(finding.get("subject") or "")


def run_href(folder, site: str | None, prefix: str = "") -> str | None:
    """A relative link to a stored run folder's report.html, when the folder is one of this
    site's run folders; never the stored path itself (it may be absolute or hostile)."""
    if not isinstance(folder, str) or not folder:
        return None
    path = PurePath(folder.replace("\\", "/"))
    if read_run_name(path.name) is None:  # the only thing of a stored path that goes in a link
        return None
    if site and path.parent.name and path.parent.name != site:
        return None
    return f"{prefix}{quote(path.name)}/report.html"


# --- report.html: "since the last audit" ------------------------------------------------------
def _finding_ref(ref: dict, t: Translator, present: set[tuple[str, str]]) -> dict:
    rule, subject = _key(ref)
    severity = severity_of(ref.get("severity"))
    return {"severity": severity, "severity_label": t(f"severity.{severity}"),
            "title": t.get(f"rules.{rule}", rule), "subject": subject,
            "message": str(ref.get("message") or ""),
            "href": f"#{anchor(rule, subject)}" if (rule, subject) in present else None}


def _phases(ref: dict, t: Translator) -> str:
    return ", ".join(t(f"phase.{p}") for p in _list(ref.get("phases")) if p in PHASES)


def _tracker_ref(ref: dict, t: Translator) -> dict:
    category = ref.get("category")
    return {"name": str(ref.get("name") or "?"), "company": str(ref.get("company") or ""),
            "category": t.get(f"category.{category}", str(category)) if category else "",
            "phases": _phases(ref, t)}


def _cookie_ref(ref: dict, t: Translator) -> dict:
    return {"name": str(ref.get("name") or ""), "domain": str(ref.get("domain") or ""),
            "tracker": str(ref.get("tracker") or ""), "phases": _phases(ref, t)}


def _refs(block: dict, part: str, side: str) -> list[dict]:
    return [r for r in _list(_dict(block.get(part)).get(side)) if isinstance(r, dict)]


def since_view(report: dict, t: Translator) -> dict | None:
    """The section of report.html; None (no section) for a report without history."""
    block = report.get("history")
    if block is None:
        return None
    if not _usable(block):
        return {"state": "unavailable", "title": t("since.title"), "groups": [],
                "previous_href": None, "history_href": None}
    previous = block.get("previous")
    site = str(block.get("site") or "")
    title = t("since.title")
    if previous is not None and parse_iso(previous.get("started_at")) is not None:
        title = t("since.title_dated", date=long_date(previous.get("started_at"), t))
    present = {_key(f) for f in findings_of(report)}
    by_severity = lambda refs: sorted(refs, key=lambda r: severity_rank(r.get("severity")))  # noqa: E731
    groups = [
        ("new_findings", "finding", [_finding_ref(r, t, present) for r in by_severity(_refs(block, "findings", "new"))]),
        ("resolved_findings", "finding", [_finding_ref(r, t, set()) for r in by_severity(_refs(block, "findings", "resolved"))]),
        ("new_trackers", "tracker", [_tracker_ref(r, t) for r in _refs(block, "trackers", "new")]),
        ("vanished_trackers", "tracker", [_tracker_ref(r, t) for r in _refs(block, "trackers", "vanished")]),
        ("new_cookies", "cookie", [_cookie_ref(r, t) for r in _refs(block, "cookies", "new")]),
        ("vanished_cookies", "cookie", [_cookie_ref(r, t) for r in _refs(block, "cookies", "vanished")]),
    ]
    if report.get("status") == "error":
        state = "error"
    elif previous is None:
        state = "first"
    elif any(items for _, _, items in groups):
        state = "changed"
    else:
        state = "unchanged"
    return {
        "state": state,
        "title": title,
        "groups": [{"id": name, "kind": kind, "title": t(f"since.{name}", n=len(items)), "entries": items}
                   for name, kind, items in groups if items] if state == "changed" else [],
        "previous_href": run_href(_dict(previous).get("folder"), site, "../"),
        "history_href": "../history.html" if _list(block.get("trend")) else None,
    }


def finding_notes(report: dict, t: Translator) -> dict[tuple[str, str], dict]:
    """Per finding (rule, subject): the id of its block and "since 14 November" when the
    history store knows since when it has been there. Empty without history."""
    block = report.get("history")
    if not _usable(block):
        return {}
    started = parse_iso(report.get("started_at"))
    has_previous = block.get("previous") is not None
    notes = {}
    for finding in findings_of(report):
        seen = parse_iso(finding.get("first_seen"))
        since = ""
        if seen is not None and started is not None and seen < started:
            since = t("since.since", date=long_date(finding["first_seen"], t, year=seen.year != started.year))
        elif seen is not None and has_previous:
            since = t("since.new_badge")
        notes[_key(finding)] = {"anchor": anchor(*_key(finding)), "since": since}
    return notes


# --- index.html: one cell per site -------------------------------------------------------------
def index_cell(report: dict, site_href: str, t: Translator) -> dict:
    """The index's "since the last audit" cell. `site_href`: the site's folder, relative to
    REPORTS_DIR and already quoted."""
    block = report.get("history")
    cell = {"state": "none", "text": "–", "title": "", "worst": "", "sort": -2,
            "history_href": None}
    if block is None:
        return cell
    if not _usable(block):
        return {**cell, "state": "unavailable", "title": t("since.unavailable")}
    if _list(block.get("trend")):
        cell["history_href"] = f"{site_href}/history.html"
    if report.get("status") == "error":
        return {**cell, "state": "error", "title": t("since.error")}
    if block.get("previous") is None:
        return {**cell, "state": "first", "text": t("since.index.first"), "sort": -1}
    new, resolved = _refs(block, "findings", "new"), _refs(block, "findings", "resolved")
    worst = min((severity_of(r.get("severity")) for r in new), key=severity_rank, default="")
    title = t("since.index.changes", new=len(new), resolved=len(resolved))
    if worst:
        title += " " + t("since.index.worst", severity=t(f"severity.{worst}"))
    # Sorted by the worst new finding first, then by how many are new.
    rank = len(SEVERITIES) - severity_rank(worst) if worst else 0
    return {**cell, "state": "changed", "text": f"+{len(new)} / \u2212{len(resolved)}",
            "title": title, "worst": worst, "sort": rank * 1000 + min(len(new), 999)}


def index_cells(entries, t: Translator) -> dict:
    """The column for the index: cells by entry href, and whether to show it at all (not when
    no site has history: history off, or reports from before it)."""
    cells = {}
    for entry in entries:
        site_href = entry.href.split("/", 1)[0]
        cells[entry.href] = index_cell(entry.report, site_href, t)
    return {"show": any(c["state"] != "none" for c in cells.values()), "cells": cells}


# --- history.html --------------------------------------------------------------------------------
CHART = {"width": 720, "height": 260, "left": 48, "right": 40, "top": 16, "bottom": 44}
MAX_X_LABELS = 6


def _counts(item: dict) -> dict[str, int]:
    counts = _dict(item.get("counts"))
    out = {}
    for severity in SEVERITIES:
        value = counts.get(severity)
        out[severity] = value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0
    return out


def _step(top: int) -> int:
    """A round tick step giving at most five ticks up to `top`."""
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if top <= step * magnitude * 5:
                return step * magnitude
        magnitude *= 10


def chart_view(audits: list[dict], t: Translator) -> dict:
    """Stacked bars, one per audit, findings by severity (high at the bottom); an error audit
    gets a mark on the axis and no bar. Geometry in SVG user units."""
    c = CHART
    plot_w = c["width"] - c["left"] - c["right"]
    plot_h = c["height"] - c["top"] - c["bottom"]
    base = c["top"] + plot_h
    top = max([a["total"] for a in audits if a["ok"]] + [1])
    step = _step(top)
    y_max = step * -(-top // step)
    scale = plot_h / y_max
    slot = plot_w / max(len(audits), 1)
    width = max(min(slot * 0.7, 48), 1)
    bars = []
    for i, audit in enumerate(audits):
        x = c["left"] + i * slot + (slot - width) / 2
        rects, y = [], base
        for severity in SEVERITIES:
            n = audit["counts"][severity]
            if audit["ok"] and n:
                height = n * scale
                y -= height
                rects.append({"severity": severity, "count": n, "x": round(x, 2), "y": round(y, 2),
                              "width": round(width, 2), "height": round(height, 2)})
        bars.append({"ok": audit["ok"], "rects": rects, "center": round(x + width / 2, 2),
                     "title": audit["summary"], "date": audit["axis_date"]})
    n = len(audits)
    shown = sorted({round(k * (n - 1) / (MAX_X_LABELS - 1)) for k in range(MAX_X_LABELS)}) if n > MAX_X_LABELS else range(n)
    x_labels = [{"x": bars[i]["center"], "text": bars[i]["date"]} for i in shown]
    y_ticks = [{"y": round(base - v * scale, 2), "text": str(v)} for v in range(0, y_max + 1, step)]
    first, last = (audits[0], audits[-1]) if audits else ({}, {})
    return {**c, "base": base, "plot_right": c["left"] + plot_w, "bars": bars,
            "x_labels": x_labels, "y_ticks": y_ticks, "label_y": base + 18,
            "title": t("history_page.chart_title"),
            "desc": t("history_page.chart_desc", n=n, first=first.get("axis_date", ""),
                      last=last.get("axis_date", ""), latest=last.get("summary", ""))}


def _summary_text(audit_counts: dict, ok: bool, t: Translator) -> str:
    if not ok:
        return t("history_page.error")
    return ", ".join(t("history_page.count", severity=t(f"severity.{s}"), n=audit_counts[s])
                     for s in SEVERITIES)


def _run_link(href) -> str | None:
    run, _, page = href.partition("/") if isinstance(href, str) else ("", "", "")
    return href if read_run_name(run) and page in _RUN_PAGES else None


def history_page_view(report: dict, t: Translator, links: list[str | None] | None = None,
                      latest_href: str | None = None) -> dict:
    """history.html from the latest report's history.trend. `links`: per trend item (same
    order), the relative link to that run's report, when its folder is known."""
    block = _dict(report.get("history"))
    trend = [item for item in _list(block.get("trend")) if isinstance(item, dict)]
    links = list(links or []) + [None] * len(trend)
    site = str(block.get("site") or report.get("url") or "")
    audits = []
    for i, item in enumerate(trend):
        counts = _counts(item)
        ok = item.get("status") != "error"
        outcome = verdict(item.get("status"), counts)
        started = item.get("started_at")
        audits.append({
            "ok": ok, "counts": counts, "total": sum(counts.values()),
            "when": when(started, t.language), "axis_date": axis_date(started, t.language),
            "summary": t("history_page.bar_title", when=when(started, t.language),
                         counts=_summary_text(counts, ok, t)),
            "verdict": outcome, "verdict_label": t(f"verdict.{outcome}.label"),
            "verdict_rank": VERDICTS.index(outcome),
            "cells": [counts[s] for s in SEVERITIES], "href": _run_link(links[i]),
        })
    first, last = (trend[0], trend[-1]) if trend else ({}, {})
    return {
        "site": site,
        "count": len(audits),
        "intro": t("history_page.intro", n=len(audits), first=long_date(first.get("started_at"), t),
                   last=long_date(last.get("started_at"), t)) if audits else t("history_page.empty"),
        "chart": chart_view(audits, t) if audits else None,
        "legend": [{"severity": s, "label": t(f"severity.{s}")} for s in SEVERITIES],
        "severities": [t(f"severity.{s}") for s in SEVERITIES],
        "rows": list(reversed(audits)),  # newest first: the audit people look for
        "latest_href": _run_link(latest_href),
        "index_href": "../index.html",
    }
