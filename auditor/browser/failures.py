"""Why a site (or one of its pages) could not be audited: a failure code and its parameters.

The words are not here: each code's sentence, in English and French, is in reports/i18n
(`failure.<code>`); the English one is report.json's "error", beside "error_code" and
"error_params", so that a report can say it again in its own language."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from auditor.domains import web_url_fault
from reports.i18n.failures import failure_sentence

# Chromium network error codes (by prefix) and the failure each one is; Chromium's code is
# kept as the parameter `net_error`, the technical detail.
_NET_ERRORS = [
    ("ERR_NAME_NOT_RESOLVED", "dns"),
    ("ERR_NAME_RESOLUTION_FAILED", "dns"),
    ("ERR_CERT_", "tls_certificate"),
    ("ERR_SSL_", "tls"),
    ("ERR_BAD_SSL_CLIENT_AUTH_CERT", "tls_client_cert"),
    ("ERR_TOO_MANY_REDIRECTS", "redirect_loop"),
    ("ERR_CONNECTION_REFUSED", "connection_refused"),
    ("ERR_CONNECTION_RESET", "connection_reset"),
    ("ERR_CONNECTION_CLOSED", "connection_closed"),
    ("ERR_EMPTY_RESPONSE", "empty_response"),
    ("ERR_CONNECTION_TIMED_OUT", "connection_timeout"),
    ("ERR_TIMED_OUT", "connection_timeout"),
    ("ERR_ADDRESS_UNREACHABLE", "address_unreachable"),
    ("ERR_INTERNET_DISCONNECTED", "offline"),
    ("ERR_INVALID_RESPONSE", "invalid_response"),
    ("ERR_UNSAFE_PORT", "unsafe_port"),
    ("ERR_INVALID_URL", "refused_url"),
    ("ERR_UNSAFE_REDIRECT", "unsafe_redirect"),
]


@dataclass(frozen=True)
class Failure:
    """A failure code (the keys of `failure:` in reports/i18n/en.yaml) and its parameters.
    str() is its English sentence, the one report.json and the logs carry."""

    code: str
    params: Mapping = field(default_factory=dict)

    def __str__(self) -> str:
        return failure_sentence(self.code, self.params, "en")

    def as_report(self) -> dict:
        """The keys of a failure in report.json, the site's or a phase's or an attempt's."""
        return {"error": str(self), "error_code": self.code, "error_params": dict(self.params)}


class ReadableFailure(Exception):
    """An exception that already knows its failure; its message is the failure's sentence."""

    def __init__(self, failure: Failure):
        super().__init__(str(failure))
        self.failure = failure


class PageUnresponsive(ReadableFailure, TimeoutError):
    """The page's scripts hold its renderer (an endless loop, endless dialogs): the browser
    can read nothing more from it."""

    def __init__(self):
        super().__init__(Failure("unresponsive"))


class NotAPage(ReadableFailure):
    """The address is a file the browser would download (downloads are refused)."""

    def __init__(self, content_type: str | None):
        super().__init__(Failure("download", {"content_type": content_type}))


def failure_of(exc: BaseException | str, *, timeout_s: float | None = None) -> Failure:
    """The failure of a page load, from Playwright's exception (or its message)."""
    if isinstance(exc, ReadableFailure):
        return exc.failure
    text = str(exc)
    net = re.search(r"net::(ERR_[A-Z_]+)", text)
    if net:
        code = next((code for prefix, code in _NET_ERRORS if net.group(1).startswith(prefix)),
                    "net_error")
        return Failure(code, {"net_error": net.group(1)})
    lowered = text.lower()
    if "download is starting" in lowered:
        return Failure("download")
    if "crash" in lowered:
        return Failure("renderer_crash")
    if ("timeout" in lowered and "exceeded" in lowered) or type(exc).__name__ == "TimeoutError":
        return Failure("timeout", {"timeout_s": timeout_s} if timeout_s else {})
    if "closed" in lowered or "disconnected" in lowered:
        return Failure("browser_closed")
    first_line = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return Failure("other", {"detail": first_line[:300]})


def describe_failure(exc: BaseException | str, *, timeout_s: float | None = None) -> str:
    """One readable sentence for a page load that failed, keeping Chromium's code."""
    return str(failure_of(exc, timeout_s=timeout_s))


def check_url(url: str) -> Failure | None:
    """None for an auditable URL, else why it is not."""
    fault = web_url_fault(url)
    if fault == "scheme":
        return Failure("unsupported_scheme", {"scheme": urlsplit(url.strip()).scheme or None})
    if fault == "no_host":
        return Failure("no_host", {"url": url})
    return Failure("bad_url", {"url": url}) if fault else None
