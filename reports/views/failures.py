"""Why an audit failed, in the report's language: the auditor writes its reasons in English
(auditor/browser/failures.py), so known reasons get a translated sentence and the original stays
beside it as the technical detail."""
from __future__ import annotations

import re

from reports.i18n import Translator

_PATTERNS = [
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


def explain_error(error, t: Translator) -> str:
    text = str(error or "")
    for pattern, key in _PATTERNS:
        match = re.search(pattern, text)
        if match:
            return t(f"error.{key}", **match.groupdict())
    return t("error.other")
