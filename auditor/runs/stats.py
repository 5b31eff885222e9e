"""What one site's audit adds to Scrapy's stats: audits ok and failed, banners found and
verified, cookies and third-party requests by phase, findings by severity and rule, verdicts."""
from __future__ import annotations

from collections import Counter

from auditor.contract import PHASES


def audit_stats(report: dict) -> Counter:
    counts: Counter = Counter()
    counts["auditor/audits/ok" if report["status"] == "ok" else "auditor/audits/failed"] += 1
    banner = report.get("banner") or {}
    if banner.get("detected"):
        counts["auditor/banners/found"] += 1
        for choice in ("accept", "reject"):
            verified = banner.get(f"{choice}_verified")
            if verified is not None:
                counts[f"auditor/banners/{choice}_{'verified' if verified else 'unverified'}"] += 1
    if report["status"] == "ok":
        for name in PHASES:
            phase = report["phases"].get(name) or {}
            counts[f"auditor/phases/{name}/{'failed' if phase.get('error') else 'ok'}"] += 1
            counts[f"auditor/cookies/{name}"] += len(phase.get("cookies", []))
            counts[f"auditor/requests/{name}/third_party"] += sum(
                1 for r in phase.get("requests", []) if r.get("third_party"))
    for finding in report.get("findings", []):
        counts[f"auditor/findings/{finding['severity']}"] += 1
        counts[f"auditor/findings/rule/{finding['rule']}"] += 1
    verdict = (report.get("summary") or {}).get("verdict")
    if verdict:
        counts[f"auditor/verdicts/{verdict}"] += 1
    return counts
