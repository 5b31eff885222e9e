"""Plain HTTP: the site itself, the forms that send what visitors type, and the site's own
resources (a tracker's or another site's http:// request is theirs, not the site's)."""
from __future__ import annotations

from urllib.parse import urlsplit

from auditor.contract import PHASES

from .catalogue import rule
from .context import Context


def _insecure(url) -> bool:
    return isinstance(url, str) and url.lower().startswith("http://")


@rule("transport.insecure")
def insecure(ctx: Context) -> list[dict]:
    findings = []
    final = ctx.report.get("final_url") or ""
    if _insecure(final):
        findings.append(ctx.finding(
            "transport.insecure", final, {"url": final},
            [{"kind": "page", "url": final}] + ctx.screenshot("initial"), variant="site"))
    forms: dict[str, list[str]] = {}
    for phase in PHASES:
        for form in ctx.phase(phase).get("forms", []) or []:
            action = form.get("action") if isinstance(form, dict) else form
            if _insecure(action):
                forms.setdefault(action, []).append(phase)
    for action, phases in sorted(forms.items()):
        findings.append(ctx.finding(
            "transport.insecure", action, {"action": action},
            [{"kind": "form", "action": action, "phases": sorted(set(phases))}], variant="form"))
    site = (ctx.report.get("site_domain") or "").lower()
    by_host: dict[str, list[dict]] = {}
    for phase in PHASES:
        for request in ctx.phase(phase).get("requests", []):
            if not _insecure(request.get("url")) or request.get("third_party") or request.get("status") is None:
                continue  # not sent (blocked as mixed content), or not the site's own
            if site and not (request.get("host") or "").endswith(site):
                continue
            by_host.setdefault(request.get("host") or urlsplit(request["url"]).hostname, []).append(
                ctx.request_record(request, phase))
    if not _insecure(final):
        for host, records in sorted(by_host.items()):
            subject = f"http://{host}/"
            findings.append(ctx.finding(
                "transport.insecure", subject, {"urls": [r["url"] for r in records]}, records,
                variant="resources", severity="low"))
    return findings
