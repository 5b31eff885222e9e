"""Why a site or a page could not be audited, in words: a failure is a code and its parameters
(auditor/browser/failures.py); its sentence is the catalogue's `failure.<code>`, its
{placeholders} filled with the parameters. The English one is report.json's "error"."""
from __future__ import annotations

from collections.abc import Mapping

from reports.i18n import catalogue

# Codes whose sentence depends on a parameter: the catalogue holds one sentence per variant.
_VARIANTS = {
    "http_status": lambda params: "server" if int(params["status"]) >= 500 else "client",
    "timeout": lambda params: "within" if params.get("timeout_s") else "plain",
    "browser_closed": lambda params: "detail" if params.get("detail") else "plain",
    # The browser named the file's content type (even none) when it refused the download.
    "download": lambda params: "typed" if "content_type" in params else "plain",
}


def failure_variant(code: str, params: Mapping) -> str | None:
    """Which of a code's sentences its parameters call for; None for a code with one."""
    choose = _VARIANTS.get(code)
    return choose(params) if choose else None


def failure_sentence(code: str, params: Mapping | None = None, language: str = "en") -> str:
    """The sentence of a failure in `language`. KeyError for a code the catalogue lacks."""
    labels = catalogue(language)
    params = dict(params or {})
    variant = failure_variant(code, params)
    key = f"failure.{code}" + (f".{variant}" if variant else "")
    # A parameter that is not known (no content type, no URL scheme) is said in words.
    values = {name: labels["common.none"] if value is None else value
              for name, value in params.items()}
    return labels[key].format(**values)

