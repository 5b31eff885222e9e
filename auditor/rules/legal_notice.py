"""The legal notice (mentions légales / imprint): missing, or missing a mandatory field
(compliance-rules.md LCEN-1-1, LCEN-19, BE-LEGAL)."""
from __future__ import annotations

from .catalogue import by_jurisdiction, rule, rule_spec
from .context import Context


def duty(field: str, jurisdiction: str) -> str | None:
    """The severity of a notice missing `field` in the jurisdiction; None where the law asks
    nothing of it there (Belgium: publication director, host; France: legal form)."""
    about = rule_spec("legal_notice.missing_field")["fields"].get(field)
    if about is None:
        return None
    return by_jurisdiction({k: about.get(k) for k in ("FR", "BE")}, jurisdiction)


def _found(ctx: Context) -> bool:
    notice = ctx.report.get("legal_notice") or {}
    if "found" in notice:
        return bool(notice["found"])
    return bool((ctx.report.get("pages") or {}).get("legal_notice"))


@rule("legal_notice.missing")
def missing(ctx: Context) -> list[dict]:
    if _found(ctx):
        return []
    pages = ctx.report.get("pages") or {}
    return [ctx.finding("legal_notice.missing", "legal_notice", {"jurisdiction": ctx.jurisdiction},
                        [{"kind": "pages", **pages}] + ctx.screenshot("initial"))]


@rule("legal_notice.missing_field")
def missing_field(ctx: Context) -> list[dict]:
    """Not when the notice is absent (legal_notice.missing says it once). Fields with no
    duty in the site's jurisdiction (Belgium: publication director, host) are not reported."""
    if not _found(ctx):
        return []
    notice = ctx.report.get("legal_notice") or {}
    url = (ctx.report.get("pages") or {}).get("legal_notice")
    findings = []
    for field in notice.get("missing") or []:
        severity = duty(field, ctx.jurisdiction)
        if severity is None:
            continue
        findings.append(ctx.finding("legal_notice.missing_field", field, {"field": field, "jurisdiction": ctx.jurisdiction},
                                    [{"kind": "page", "page": "legal_notice", "url": url}] if url else [],
                                    severity=severity))
    return findings
