"""Alerts: FAIL_ON / FAIL_ON_NEW thresholds and the webhook.

`FAIL_ON=high` is reached by any finding of that severity or worse (info < low < medium <
high); `FAIL_ON_NEW=high` only by findings that are new since the site's previous audit
(history.findings.new; on a first audit every finding is new). The item pipeline counts the
sites that reached a threshold in `auditor/fail_on/sites`; the project's `crawl` command
(auditor/commands/crawl.py) then exits with status 3, once every site was audited and written.

The webhook (AUDITOR_ALERT_WEBHOOK) receives a JSON POST for an audit that found something new
since the previous audit (findings or trackers) or reached a threshold. A failed POST is
logged and counted, never fatal."""
from __future__ import annotations

import json
import logging
import urllib.request
from urllib.parse import urlsplit

from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from auditor.audit import SiteAuditItem
from auditor.contract import SEVERITIES, severity_rank
from auditor.runs.folders import site_folder_name
from auditor.runs.history.diff import fref

logger = logging.getLogger(__name__)

WEBHOOK_TIMEOUT_S = 5
SITES_OVER_THRESHOLD = "auditor/fail_on/sites"  # read by the crawl command


def parse_threshold(value, setting: str) -> str | None:
    """A severity name from FAIL_ON / FAIL_ON_NEW, None when empty; a clear error otherwise."""
    text = str(value or "").strip().lower()
    if not text:
        return None
    if text not in SEVERITIES:
        raise ValueError(f"{setting} must be one of {', '.join(SEVERITIES)} "
                         f"(or empty for none), not {value!r}")
    return text


def at_or_above(severity: str, threshold: str) -> bool:
    return severity in SEVERITIES and severity_rank(severity) <= severity_rank(threshold)


def new_findings(report: dict) -> list[dict]:
    """The findings that are new since the site's previous audit: all of them on a first
    audit, or when the history could not say (then nothing is assumed known)."""
    history = report.get("history")
    if history and history.get("previous") is not None:
        return history["findings"]["new"]
    return [fref(f) for f in report.get("findings") or []]


def threshold_hits(report: dict, fail_on: str | None = None,
                   fail_on_new: str | None = None) -> list[dict]:
    """The thresholds this audit reached, each with the findings that reached it:
    [{"setting": "FAIL_ON", "severity": "high", "findings": [FREF...]}, ...]."""
    hits = []
    for setting, threshold, findings in (
            ("FAIL_ON", fail_on, lambda: [fref(f) for f in report.get("findings") or []]),
            ("FAIL_ON_NEW", fail_on_new, lambda: new_findings(report))):
        if threshold is None:
            continue
        reached = [f for f in findings() if at_or_above(f["severity"], threshold)]
        if reached:
            hits.append({"setting": setting, "severity": threshold, "findings": reached})
    return hits


def webhook_payload(report: dict, folder: str | None, hits: list[dict]) -> dict | None:
    """What the webhook receives about this audit, or None when there is nothing to tell."""
    history = report.get("history") or {}
    compared = history.get("previous") is not None
    new = history.get("findings", {}).get("new", []) if compared else []
    new_trackers = history.get("trackers", {}).get("new", []) if compared else []
    if not (hits or new or new_trackers):
        return None
    summary = report.get("summary") or {}
    return {
        "site": site_folder_name(report["url"]),
        "url": report["url"],
        "final_url": report.get("final_url"),
        "started_at": report.get("started_at"),
        "status": report.get("status"),
        "folder": folder,
        "verdict": summary.get("verdict"),
        "counts": summary.get("counts"),
        "previous": history.get("previous"),
        "new_findings": new,
        "resolved_findings": history.get("findings", {}).get("resolved", []) if compared else [],
        "new_trackers": new_trackers,
        "vanished_trackers": history.get("trackers", {}).get("vanished", []) if compared else [],
        "thresholds": hits,
    }


def check_webhook_url(url: str) -> str | None:
    url = (url or "").strip()
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"AUDITOR_ALERT_WEBHOOK must be an http(s) URL, not {url!r}")
    return url


def post_json(url: str, payload: dict, timeout: float = WEBHOOK_TIMEOUT_S) -> int:
    """POST payload as JSON; the HTTP status (an HTTP error status raises)."""
    request = urllib.request.Request(
        url, data=json.dumps(payload, ensure_ascii=False).encode("utf-8"), method="POST",
        headers={"Content-Type": "application/json; charset=utf-8",
                 "User-Agent": "site-auditor"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status


def describe(hit: dict) -> str:
    shown = [f"{f['rule']} ({f['subject']})" for f in hit["findings"][:10]]
    more = len(hit["findings"]) - len(shown)
    return (f"{hit['setting']}={hit['severity']} reached by {len(hit['findings'])} "
            f"finding{'s' * (len(hit['findings']) > 1)}: " + ", ".join(shown)
            + (f" and {more} more" if more > 0 else ""))


class AlertPipeline:
    """Item pipeline (500): thresholds counted in stats, logged, and the webhook."""

    def __init__(self, fail_on: str | None = None, fail_on_new: str | None = None,
                 webhook: str | None = None, stats=None):
        self.fail_on, self.fail_on_new, self.webhook = fail_on, fail_on_new, webhook
        self.stats = stats
        self.timeout = WEBHOOK_TIMEOUT_S

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        try:
            fail_on = parse_threshold(settings.get("FAIL_ON"), "FAIL_ON")
            fail_on_new = parse_threshold(settings.get("FAIL_ON_NEW"), "FAIL_ON_NEW")
            webhook = check_webhook_url(settings.get("AUDITOR_ALERT_WEBHOOK"))
            history = str(settings.get("AUDITOR_HISTORY_URL") or "").strip().lower()
            if fail_on_new and history == "off":
                raise ValueError("FAIL_ON_NEW needs the history, but AUDITOR_HISTORY_URL is off")
        except ValueError as error:
            logger.error("Alerts: %s", error)
            raise
        if not (fail_on or fail_on_new or webhook):
            raise NotConfigured("no FAIL_ON, FAIL_ON_NEW or AUDITOR_ALERT_WEBHOOK")
        return cls(fail_on, fail_on_new, webhook, crawler.stats)

    async def process_item(self, item):
        if not isinstance(item, SiteAuditItem):
            return item
        report = item.report
        if self.fail_on_new and report.get("status") == "ok" and "history" not in report:
            logger.warning("%s: no history for this audit; for FAIL_ON_NEW every finding "
                           "counts as new", report.get("url"))
        hits = threshold_hits(report, self.fail_on, self.fail_on_new)
        if hits:
            self._inc(SITES_OVER_THRESHOLD)
            for hit in hits:
                self._inc(f"auditor/{hit['setting'].lower()}/findings", len(hit["findings"]))
                logger.warning("%s: %s", report.get("url"), describe(hit))
        if self.webhook:
            payload = webhook_payload(report, item.folder, hits)
            if payload is not None:
                sent = await maybe_deferred_to_future(deferToThread(self.send, payload))
                self._inc("auditor/webhook/sent" if sent else "auditor/webhook/failed")
        return item

    def send(self, payload: dict) -> bool:
        try:
            post_json(self.webhook, payload, self.timeout)
        except Exception as error:  # any failure: logged, the crawl goes on
            logger.error("%s: the alert webhook failed (%s)", payload["url"], error)
            return False
        logger.info("%s: alert sent to the webhook", payload["url"])
        return True

    def _inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, count)
