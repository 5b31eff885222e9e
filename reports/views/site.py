"""A site's report.json turned into what its HTML page shows (the template only lays it out)."""
from __future__ import annotations

import base64

from auditor.consent.choice import against_recommendation
from auditor.contract import NOT_AUDITED, PHASES, SEVERITIES, THIRTEEN_MONTHS_DAYS, WITHDRAW_PHASE, severity_of
from auditor.rules.legal_notice import duty
from reports.i18n import Translator
from reports.i18n.wording import fix_in, message_in
from reports.safety import safe_file_name, safe_href
from reports.verdict import THEMES, findings_of, severity_counts, theme_of, verdict, worst
from reports.views.checks import checks_view
from reports.views.countries import in_eea
from reports.views.design import design_sentence, settings_sentence
from reports.views.evidence import evidence_view, has_observations
from reports.views.failures import error_detail, explain_error
from reports.views.formatting import lifetime, number, paris_time
from reports.views.phases import phase_labels, phase_records, without_click
from reports.views.provenance import provenance_view
from reports.views.signals import signals_view

BAR_SCALE_DAYS = 2 * THIRTEEN_MONTHS_DAYS  # the 13-month line sits in the middle of the bar
BANNER_FIELDS = ("detected", "cmp", "accept_found", "reject_found", "reject_first_layer")
PAGES = ("legal_notice", "privacy_policy", "cookie_policy")
# A page that is null with no finding saying it is missing was not looked for (the
# contract's rules fire when a looked-for page is absent).
PAGE_MISSING_RULE = {"legal_notice": "legal_notice.missing", "privacy_policy": "policy.missing",
                     "cookie_policy": "policy.missing"}
# Where a finding's subject is an internal id, the catalogue sections that word it, by rule
# (other rules' subjects are names: a cookie, a tracker, a host, a URL, shown as they are).
SUBJECT_WORDS = {"legal_notice.missing_field": "legal_field", "policy.missing_element": "policy_element",
                 "policy.missing": "pages", "legal_notice.missing": "pages"}


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _tracker(record: dict) -> dict:
    return _dict(record.get("tracker"))


# --- summary ------------------------------------------------------------------------------
def subject_label(finding: dict, t: Translator) -> str:
    """The subject in words where it is an id (« Adresse de l’éditeur », « le bandeau de
    consentement »); a cookie or tracker name as it is."""
    subject = str(finding.get("subject") or "")
    section = SUBJECT_WORDS.get(str(finding.get("rule") or ""))
    if section and t.has(f"{section}.{subject}"):
        return t(f"{section}.{subject}")
    return t.get(f"subject.{subject}", subject)


def legal_basis_view(finding: dict) -> list[dict]:
    """The texts a finding rests on, the binding ones first (the judge's order kept within)."""
    bases = [b for b in _list(finding.get("legal_basis")) if isinstance(b, dict) and b.get("text")]
    bases.sort(key=lambda b: b.get("binding") is False)
    return [{"text": str(b["text"]), "article": str(b.get("article") or ""),
             "href": safe_href(b.get("url")), "binding": b.get("binding") is not False}
            for b in bases]


def finding_view(finding: dict, t: Translator, labels: dict[str, str] | None = None,
                 shots=lambda _name: None) -> dict:
    """`labels`: the phases' names in this report (phase_labels); the plain ones by default."""
    labels = labels or {p: t(f"phase.{p}") for p in PHASES}
    rule = str(finding.get("rule") or "")
    severity = severity_of(finding.get("severity"))
    evidence = evidence_view(finding.get("evidence"), t, labels, shots)
    bases = legal_basis_view(finding)
    return {
        "rule": rule,
        "title": t.get(f"rules.{rule}", rule),
        "severity": severity,
        "severity_label": t(f"severity.{severity}"),
        "subject": str(finding.get("subject") or ""),
        "subject_label": subject_label(finding, t),
        "message": message_in(finding, t.language),
        "fix": fix_in(finding, t.language),
        "legal_basis": bases,
        # The internal-coded reference only for a report saved before legal_basis.
        "reference": "" if bases else str(finding.get("reference") or ""),
        "evidence": evidence,
        "observed": has_observations(evidence),
    }


def summary_view(report: dict, t: Translator) -> dict:
    findings = findings_of(report)
    counts = severity_counts(findings)
    outcome = verdict(report)
    error = None
    if outcome == NOT_AUDITED:
        error = {"explanation": explain_error(report, t), "detail": error_detail(report, t)}
    return {
        "verdict": outcome,
        "verdict_label": t(f"verdict.{outcome}.label"),
        "verdict_text": t(f"verdict.{outcome}.text"),
        "counts": [{"severity": s, "label": t(f"severity.{s}"), "count": counts[s]}
                   for s in SEVERITIES],
        "worst": [finding_view(f, t, phase_labels(report, t)) for f in worst(findings)],
        "error": error,
    }


def themes_view(report: dict, t: Translator, shots) -> list[dict]:
    grouped: dict[str, list] = {}
    labels = phase_labels(report, t)
    for finding in findings_of(report):
        grouped.setdefault(theme_of(finding.get("rule")), []).append(finding_view(finding, t, labels, shots))
    return [{"id": theme, "title": t(f"theme.{theme}"), "findings": grouped[theme]}
            for theme in (*THEMES, "other") if theme in grouped]


def limits_view(report: dict, t: Translator) -> list[str]:
    """What this audit did not check, so that a clean page is not read as a clean site."""
    if report.get("status") == "error":
        return []
    notes = []
    banner = _dict(report.get("banner"))
    if banner.get("analysed") is False:
        notes.append(t("limits.banner_not_analysed"))
    labels = phase_labels(report, t)
    for name, phase in phase_records(report).items():
        label = labels[name]
        action = _dict(phase.get("consent_action"))
        if action and action.get("performed") is False:
            notes.append(t("limits.click_not_performed", phase=label))
        if phase.get("error"):
            notes.append(t("limits.phase_failed", phase=label, detail=error_detail(phase, t)))
        elif phase.get("skipped"):
            notes.append(t("limits.phase_skipped", phase=label))
        if _list(phase.get("page_errors")):
            notes.append(t("limits.page_errors", phase=label, n=len(phase["page_errors"])))
        truncated = _dict(phase.get("truncated"))
        if any(isinstance(v, int) and v > 0 for v in truncated.values()):
            notes.append(t("limits.truncated", phase=label))
    if not findings_of(report):
        notes.append(t("limits.no_findings"))
    return notes


def phase_table(report: dict, t: Translator) -> list[dict]:
    """Per phase, what cookies.csv and requests.csv hold in their rows of that phase: cookies
    (those of a tracker among them), distinct tracking services, third-party and all requests."""
    labels = phase_labels(report, t)
    rows = []
    for name, phase in phase_records(report).items():
        cookies = [c for c in _list(phase.get("cookies")) if isinstance(c, dict)]
        requests = [r for r in _list(phase.get("requests")) if isinstance(r, dict)]
        trackers = {str(_tracker(r).get("name") or _tracker(r).get("company"))
                    for r in (*cookies, *requests) if _tracker(r)}
        counts = {"cookies": len(cookies), "tracker_cookies": sum(1 for c in cookies if _tracker(c)),
                  "trackers": len(trackers),
                  "third_party_requests": sum(1 for r in requests if r.get("third_party")),
                  "requests": len(requests)}
        rows.append({"phase": name, "label": labels[name], "performed": not without_click(name, phase),
                     "cells": [{"count": key, "value": value, "text": number(value, t.language)}
                               for key, value in counts.items()]})
    return rows


# --- banner -------------------------------------------------------------------------------
def _yes_no(value, t: Translator) -> str:
    if value is None:
        return t("common.unknown")
    if isinstance(value, bool):
        return t("common.yes") if value else t("common.no")
    return str(value)


def _image_source(name, images: dict[str, bytes]) -> str | None:
    """The screenshot embedded (data: URI) when its bytes were given, else linked beside."""
    name = safe_file_name(name)
    if name is None:
        return None
    data = images.get(name)
    if data:
        return "data:image/png;base64," + base64.b64encode(data).decode("ascii")
    return name


def screenshot_of(images: dict[str, bytes]):
    """file name -> {src, href}: the image shown (embedded, so that the PDF has it) and the
    PNG of the run folder, beside report.html, that a click opens at full size."""
    def shot(name) -> dict | None:
        source = _image_source(name, images)
        return {"src": source, "href": safe_file_name(name)} if source else None
    return shot


def banner_view(report: dict, t: Translator, images: dict[str, bytes]) -> dict:
    banner = _dict(report.get("banner"))
    screenshots = []
    labels = phase_labels(report, t)
    shot_of = screenshot_of(images)
    crop = shot_of(banner.get("banner_screenshot"))
    if crop:
        screenshots.append({**crop, "caption": t("banner.screenshot.cropped"), "crop": True})
    for name, phase in phase_records(report).items():
        shot = shot_of(phase.get("screenshot"))
        if shot:
            caption = labels[name] if without_click(name, phase) else t(f"banner.screenshot.{name}")
            screenshots.append({**shot, "caption": caption})
    methods = []
    for name, phase in phase_records(report).items():
        action = _dict(phase.get("consent_action"))
        if name == "initial":
            state = t("banner.method.no_click")
        elif action.get("performed"):
            state = t("banner.method.clicked")
        else:
            state = t("banner.method.not_clicked")
        methods.append({"phase": labels[name], "state": state})
    withdrawal = _dict(report.get("withdrawal"))
    if withdrawal and not withdrawal.get("skipped"):   # the fourth browser ran
        state = ("withdrawn" if withdrawal.get("withdrawn") else
                 "reopened" if withdrawal.get("reopened") else "not_reopened")
        methods.append({"phase": t(f"phase.{WITHDRAW_PHASE}"), "state": t(f"banner.method.withdrawal.{state}")})
        shot = shot_of(withdrawal.get("screenshot"))
        if shot:
            screenshots.append({**shot, "caption": t(f"phase.{WITHDRAW_PHASE}")})
    layer = _dict(_dict(_dict(phase_records(report).get("initial")).get("banner_scan")).get("second_layer"))
    second = shot_of(_dict(phase_records(report).get("initial")).get("second_layer_screenshot"))
    if second:
        screenshots.insert(1 if crop else 0, {**second, "caption": t("banner.screenshot.second_layer"), "crop": True})
    return {
        "analysed": banner.get("analysed", True) is not False,
        "rows": [{"label": t(f"banner.field.{field}"), "value": _yes_no(banner.get(field), t)}
                 for field in BANNER_FIELDS],
        "choice_kept": _choice_kept(report, t),
        "design": [line for line in (design_sentence(banner.get("design"), t), settings_sentence(layer, t)) if line],
        "screenshots": screenshots,
        "methods": methods,
        "withdrawal_ran": bool(withdrawal) and not withdrawal.get("skipped"),
    }


def _choice_kept(report: dict, t: Translator) -> list[dict]:
    """For each choice clicked, how long its record lives, against the CNIL's six months."""
    kept = _dict(_dict(report.get("banner")).get("choice_kept"))
    rows = []
    for name, phase in phase_records(report).items():
        if name not in ("accept", "reject") or not _dict(phase.get("consent_action")).get("performed"):
            continue
        record = kept.get(name)
        if not isinstance(record, dict) or record.get("kind") not in ("cookie", "localStorage", "sessionStorage"):
            rows.append({"label": t(f"banner.choice_kept.{name}"),
                         "value": t("banner.choice_kept.not_recorded")})
            continue
        text = t(f"banner.choice_kept.record.{record['kind']}", name=record.get("name"),
                 lifetime=lifetime(record.get("days"), t))
        verdict = against_recommendation(record)  # a tab-only record's words say it already
        against = t(f"banner.choice_kept.against.{verdict}") if verdict not in (None, "tab") else ""
        rows.append({"label": t(f"banner.choice_kept.{name}"),
                     "value": f"{text} – {against}" if against else text})
    return rows


# --- cookies ------------------------------------------------------------------------------
def _bar(days) -> float | None:
    if days is None:
        return None
    return round(min(max(float(days), 0.0), BAR_SCALE_DAYS) / BAR_SCALE_DAYS * 100, 1)


def _days_text(days, t: Translator) -> str:
    if days is None:
        return t("duration.session")
    return t("cookies.lifetime_days", text=lifetime(days, t), days=number(days, t.language))


def _setter(cookie: dict, t: Translator) -> str:
    how = cookie.get("set_by")
    return t(f"cookies.set_by.{how}") if how in ("http", "script") else t("common.unknown")


def cookie_rows(report: dict, t: Translator) -> list[dict]:
    """One row per cookie (name, domain, path), with the phases it was seen in."""
    labels = phase_labels(report, t)
    rows: dict[tuple, dict] = {}
    for name, phase in phase_records(report).items():
        for cookie in _list(phase.get("cookies")):
            if not isinstance(cookie, dict):
                continue
            key = (cookie.get("name"), cookie.get("domain"), cookie.get("path"))
            if key not in rows:
                rows[key] = {"record": cookie, "seen": set()}
            rows[key]["seen"].add(name)
    out = []
    for entry in rows.values():
        cookie, tracker = entry["record"], _tracker(entry["record"])
        asked, stored = cookie.get("lifetime_days"), cookie.get("stored_lifetime_days")
        if cookie.get("session"):
            asked = stored = None
        category = tracker.get("category")
        out.append({
            "name": str(cookie.get("name", "")),
            "domain": str(cookie.get("domain", "")),
            "vendor": str(tracker.get("name") or ""),
            "company": str(tracker.get("company") or ""),
            "category": t.get(f"category.{category}", str(category)) if category else "",
            "party": t("common.third_party") if cookie.get("third_party") else t("common.first_party"),
            "third_party": bool(cookie.get("third_party")),
            "asked": _days_text(asked, t),
            "stored": _days_text(stored, t) if stored != asked else "",
            "asked_bar": _bar(asked),
            "stored_bar": _bar(stored),
            "over_limit": asked is not None and asked > THIRTEEN_MONTHS_DAYS,
            "exempt": t("common.yes") if cookie.get("exempt") else t("common.no"),
            "exempt_reason": _exemption_words(cookie, tracker, t),
            # Why, in the report's language where the code says it, else the saved reason.
            "exempt_detail": exemption_reason(cookie, t),
            "exempt_worded": _worded(cookie, t),
            "set_by": _setter(cookie, t),
            "seen": [{"phase": labels[p], "present": p in entry["seen"]} for p in PHASES],
            "_order": ("initial" not in entry["seen"], bool(cookie.get("exempt")), -(asked or 0)),
        })
    out.sort(key=lambda row: row.pop("_order"))
    return out


def exemption_reason(cookie: dict, t: Translator) -> str:
    """Why, in the catalogue's words (exemption.<exempt_reason_code>, its {placeholders} from
    exempt_reason_params); a report saved without a code keeps the knowledge base's reason."""
    code = cookie.get("exempt_reason_code")
    if isinstance(code, str) and t.has(f"exemption.{code}"):
        try:
            return t(f"exemption.{code}", **_dict(cookie.get("exempt_reason_params")))
        except (KeyError, IndexError, ValueError):
            pass  # params another version wrote
    return str(cookie.get("exempt_reason") or "")


def _worded(cookie: dict, t: Translator) -> bool:
    code = cookie.get("exempt_reason_code")
    return isinstance(code, str) and t.has(f"exemption.{code}")


def _exemption_words(cookie: dict, tracker: dict, t) -> str:
    """Why a cookie does or does not need consent, in the report's language."""
    purpose = cookie.get("purpose")
    if cookie.get("exempt"):
        return t.get(f"exemption.purpose.{purpose}", t("exemption.exempt"))
    if tracker:
        return t("exemption.tracker")
    if cookie.get("known") is False:
        return t("exemption.unknown")
    return t("exemption.not_exempt")


# --- trackers and requests ------------------------------------------------------------------
def _eea_mark(country, t: Translator) -> dict:
    inside = in_eea(country)
    key = "unknown" if inside is None else ("inside" if inside else "outside")
    return {"key": key, "label": t(f"trackers.eea.{key}")}


def tracker_companies(report: dict, t: Translator) -> list[dict]:
    labels = phase_labels(report, t)
    companies: dict[str, dict] = {}
    for name, phase in phase_records(report).items():
        for kind in ("cookies", "requests"):
            for record in _list(phase.get(kind)):
                tracker = _tracker(record) if isinstance(record, dict) else {}
                if not tracker:
                    continue
                company = str(tracker.get("company") or tracker.get("name") or "?")
                entry = companies.setdefault(company, {
                    "company": company, "country": tracker.get("country"), "services": set(),
                    "categories": set(), "seen": set(), "cookies": 0, "requests": 0})
                entry["services"].add(str(tracker.get("name") or company))
                if tracker.get("category"):
                    category = tracker["category"]
                    entry["categories"].add(t.get(f"category.{category}", str(category)))
                entry["seen"].add(name)
                entry[kind] += 1
    rows = []
    for entry in companies.values():
        rows.append({
            "company": entry["company"],
            "country": str(entry["country"] or t("common.unknown")),
            "eea": _eea_mark(entry["country"], t),
            "services": ", ".join(sorted(entry["services"])),
            "categories": ", ".join(sorted(entry["categories"])),
            "before_consent": "initial" in entry["seen"],
            "seen": [{"phase": labels[p], "present": p in entry["seen"]} for p in PHASES],
            "cookies": entry["cookies"], "requests": entry["requests"],
        })
    rows.sort(key=lambda row: (not row["before_consent"], row["company"].lower()))
    return rows


def host_rows(report: dict, t: Translator) -> list[dict]:
    hosts: dict[str, dict] = {}
    for name, phase in phase_records(report).items():
        for request in _list(phase.get("requests")):
            if not isinstance(request, dict):
                continue
            host = str(request.get("host") or "")
            entry = hosts.setdefault(host, {"third_party": bool(request.get("third_party")),
                                            "counts": dict.fromkeys(PHASES, 0), "types": set(),
                                            "tracker": ""})
            entry["counts"][name] += 1
            kind = request.get("resource_type")
            if kind:
                entry["types"].add(t.get(f"resource.{kind}", str(kind)))
            tracker = _tracker(request)
            if tracker and not entry["tracker"]:
                entry["tracker"] = " / ".join(str(tracker[k]) for k in ("name", "company")
                                              if tracker.get(k))
    rows = [{"host": host, "third_party": e["third_party"],
             "party": t("common.third_party") if e["third_party"] else t("common.first_party"),
             "tracker": e["tracker"], "counts": [e["counts"][p] for p in PHASES],
             "types": ", ".join(sorted(e["types"]))}
            for host, e in hosts.items()]
    rows.sort(key=lambda r: (not r["third_party"], -sum(r["counts"]), r["host"]))
    return rows


def storage_rows(report: dict, t: Translator) -> list[dict]:
    labels = phase_labels(report, t)
    rows: dict[tuple, dict] = {}
    for name, phase in phase_records(report).items():
        for entry in _list(phase.get("storage")):
            if isinstance(entry, dict):
                key = (entry.get("kind"), entry.get("origin"), entry.get("key"))
                rows.setdefault(key, set()).add(name)
    return [{"kind": str(kind or ""), "origin": str(origin or ""), "key": str(key or ""),
             "seen": [{"phase": labels[p], "present": p in seen} for p in PHASES]}
            for (kind, origin, key), seen in rows.items()]


# --- pages, legal notice, files ---------------------------------------------------------------
def _page_state(page: str, pages: dict, fired: set[str]) -> str:
    if isinstance(pages.get(page), str) and pages[page]:
        return "found"
    if pages.get("analysed") is False:
        return "not_checked"
    if PAGE_MISSING_RULE[page] in fired:
        return "not_found"
    # No rule for a missing cookie policy: it was looked for if the privacy policy was found.
    if page == "cookie_policy" and pages.get("privacy_policy"):
        return "not_found"
    return "not_checked"


def pages_view(report: dict, t: Translator) -> dict:
    pages = _dict(report.get("pages"))
    fired = {str(f.get("rule")) for f in findings_of(report)}
    rows = []
    for page in PAGES:
        state = _page_state(page, pages, fired)
        url = pages.get(page) if state == "found" else None
        rows.append({"label": t(f"pages.{page}"), "state": state,
                     "state_label": t(f"pages.state.{state}"),
                     "url": str(url or ""), "href": safe_href(url)})
    notice = _dict(report.get("legal_notice"))
    fields = _dict(notice.get("fields"))
    missing = [str(m) for m in _list(notice.get("missing"))]
    checked = bool(fields or missing) and notice.get("analysed", True) is not False
    return {
        "rows": rows,
        "notice_checked": checked,
        "fields": [{"label": t.get(f"legal_field.{k}", str(k)),
                    "value": str(v) + (f" — {t('legal_field.check_failed')}" if k == "registration"
                                       and _dict(notice.get("registration_check")).get("valid") is False else "")}
                   for k, v in fields.items()],
        # only what the site's law asks for (no publication director for a Belgian site)
        "missing": [t.get(f"legal_field.{m}", m) for m in missing
                    if duty(m, str(report.get("jurisdiction") or "FR").upper())],
    }


def files_view(report: dict, t: Translator) -> list[dict]:
    files = [{"label": t("files.report_json"), "href": "report.json"}]
    files += [{"label": t(f"files.{name}"), "href": f"{name}.csv"}
              for name in ("cookies", "requests", "findings")]
    for name, phase in phase_records(report).items():
        har = safe_file_name(phase.get("har"))
        if har:
            files.append({"label": t("files.har", phase=phase_labels(report, t)[name]), "href": har})
    return files


# --- the page -------------------------------------------------------------------------------
def site_view(report: dict, t: Translator, images: dict[str, bytes] | None = None) -> dict:
    """Everything report.html shows. `images`: screenshot bytes by file name, to embed."""
    images = images or {}
    cookies = cookie_rows(report, t)
    return {
        "lang": t.language,
        "url": str(report.get("url") or ""),
        "name": str(report.get("name") or ""),
        "tags": [str(tag) for tag in report.get("tags") or [] if isinstance(tag, str)],
        "final_url": str(report.get("final_url") or ""),
        "final_href": safe_href(report.get("final_url")),
        "started_at": paris_time(report.get("started_at"), t),
        "duration": number(report.get("duration_s") or 0, t.language, 1),
        "ok": report.get("status") != "error",
        "summary": summary_view(report, t),
        "limits": limits_view(report, t),
        "themes": themes_view(report, t, screenshot_of(images)),
        "phase_table": phase_table(report, t),
        "checks": checks_view(report, t),
        "provenance": provenance_view(report, t),
        "banner": banner_view(report, t, images),
        "signals": signals_view(report, t),
        "cookies": cookies,
        "cookies_over_limit": sum(1 for c in cookies if c["over_limit"]),
        "limit_bar": 50.0,
        "trackers": tracker_companies(report, t),
        "hosts": host_rows(report, t),
        "storage": storage_rows(report, t),
        "pages": pages_view(report, t),
        "files": files_view(report, t),
        "phases": list(phase_labels(report, t).values()),
        "schema": str(report.get("schema") or ""),
    }
