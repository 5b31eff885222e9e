"""Why an audit failed, in the report's language: a site-owner's explanation by kind of
failure, and the failure's own sentence as the technical detail, both from its code and
parameters (report.json "error_code", "error_params"; auditor/browser/failures.py)."""
from __future__ import annotations

import re

from reports.i18n import Translator
from reports.i18n.failures import failure_sentence, failure_variant

# The explanation (error.<key>) of each failure code; a code not named here gets error.other.
_EXPLANATIONS = {
    "dns": "dns",
    **dict.fromkeys(("tls_certificate", "tls", "tls_client_cert"), "tls"),
    "redirect_loop": "redirect_loop",
    **dict.fromkeys(("timeout", "connection_timeout"), "timeout"),
    "not_html": "not_html",
    "download": "not_html",
    "renderer_crash": "crash",
    **dict.fromkeys(("bad_url", "no_host", "unsupported_scheme", "refused_url"), "bad_url"),
    **dict.fromkeys(("connection_refused", "connection_reset", "connection_closed",
                     "empty_response", "address_unreachable", "offline", "invalid_response"),
                    "connection"),
}

# Reports saved before failures had codes carry only the English sentence: the old patterns
# find its explanation. Drop them once such reports need no re-rendering.
_SAVED_SENTENCES = [
    (r"^DNS failure", "dns"),
    (r"^TLS error", "tls"),
    (r"^Redirect loop", "redirect_loop"),
    (r"^Timeout", "timeout"),
    (r"^HTTP (?P<status>\d+) \(client error\)", "http_client"),
    (r"^HTTP (?P<status>\d+) \(server error\)", "http_server"),
    (r"not an HTML page", "not_html"),
    (r"crashed the browser", "crash"),
    (r"^(Unsupported URL scheme|Invalid URL)", "bad_url"),
    (r"^(Connection|The server|No network)", "connection"),
]


def _coded(failed: dict) -> tuple[str, dict] | None:
    code, params = failed.get("error_code"), failed.get("error_params")
    if isinstance(code, str) and isinstance(params, dict):
        return code, params
    return None


def explain_error(failed: dict, t: Translator) -> str:
    """The explanation of the failure that `failed` (a report, a phase) records."""
    coded = _coded(failed)
    if coded is not None:
        code, params = coded
        if code == "http_status":  # error.http_client, error.http_server
            return t(f"error.http_{failure_variant(code, params)}", status=params["status"])
        return t(f"error.{_EXPLANATIONS.get(code, 'other')}")
    text = str(failed.get("error") or "")
    for pattern, key in _SAVED_SENTENCES:
        match = re.search(pattern, text)
        if match:
            return t(f"error.{key}", **match.groupdict())
    return t("error.other")


def error_detail(failed: dict, t: Translator) -> str:
    """The failure's sentence in the report's language; the saved words for a report without a
    code, or with one this version does not know."""
    coded = _coded(failed)
    if coded is not None:
        try:
            return failure_sentence(*coded, t.language)
        except (KeyError, ValueError):  # a newer auditor's code, or parameters it lacks
            pass
    return str(failed.get("error") or "")
