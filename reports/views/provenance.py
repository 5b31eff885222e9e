"""How the evidence was obtained (report.json `provenance`), in words: versions, start and end
in Paris time, pages visited, the evidence files' SHA-256 and how values were hashed."""
from __future__ import annotations

from reports.i18n import Translator
from reports.safety import safe_href
from reports.views.formatting import paris_time


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _method(method, t: Translator) -> str:
    """The catalogue's sentence for provenance.method's code, else this version's own."""
    method = _dict(method)
    code = method.get("code")
    if isinstance(code, str) and t.has(f"provenance.method.{code}"):
        try:
            return t(f"provenance.method.{code}", **_dict(method.get("params")))
        except (KeyError, IndexError, ValueError):
            pass
    return t("origin.method")


def provenance_view(report: dict, t: Translator) -> dict | None:
    """None when the report has no provenance (saved before it): nothing is shown."""
    provenance = report.get("provenance")
    if not isinstance(provenance, dict):
        return None
    unknown = t("origin.unknown")
    versions = [{"name": str(name), "value": str(value) if value else t("origin.not_used")}
                for name, value in _dict(provenance.get("data_versions")).items()]
    pages = [{"url": str(url), "href": safe_href(url)} for url in provenance.get("pages_visited") or []
             if isinstance(url, str)]
    files = [{"name": str(name), "hash": str(digest)} for name, digest in _dict(provenance.get("files")).items()]
    return {
        "rows": [{"label": t("origin.tool"), "value": str(provenance.get("tool_version") or unknown)},
                 {"label": t("origin.chromium"), "value": str(provenance.get("chromium_version") or unknown)},
                 {"label": t("origin.started"), "value": paris_time(provenance.get("started_at"), t) or unknown},
                 {"label": t("origin.finished"), "value": paris_time(provenance.get("finished_at"), t) or unknown}],
        "versions": versions,
        "pages": pages,
        "files": files,
        "method": _method(provenance.get("method"), t),
    }
