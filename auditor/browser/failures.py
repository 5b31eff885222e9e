"""Readable reasons for a site that could not be audited."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from auditor.domains import web_url_fault

# Chromium network error codes, in words a site owner understands.
_NET_ERRORS = [
    ("ERR_NAME_NOT_RESOLVED", "DNS failure: the host name could not be resolved"),
    ("ERR_NAME_RESOLUTION_FAILED", "DNS failure: the host name could not be resolved"),
    ("ERR_CERT_", "TLS error: the site's certificate was rejected"),
    ("ERR_SSL_", "TLS error: no secure connection could be established"),
    ("ERR_BAD_SSL_CLIENT_AUTH_CERT", "TLS error: the site demands a client certificate"),
    ("ERR_TOO_MANY_REDIRECTS", "Redirect loop: the site redirects endlessly"),
    ("ERR_CONNECTION_REFUSED", "Connection refused by the server"),
    ("ERR_CONNECTION_RESET", "Connection reset by the server"),
    ("ERR_CONNECTION_CLOSED", "Connection closed by the server without a response"),
    ("ERR_EMPTY_RESPONSE", "The server sent an empty response"),
    ("ERR_CONNECTION_TIMED_OUT", "Timeout: the server did not answer"),
    ("ERR_TIMED_OUT", "Timeout: the server did not answer"),
    ("ERR_ADDRESS_UNREACHABLE", "The server's address is unreachable"),
    ("ERR_INTERNET_DISCONNECTED", "No network connection"),
    ("ERR_INVALID_RESPONSE", "The server sent an invalid response"),
    ("ERR_UNSAFE_PORT", "The URL uses a port browsers refuse to connect to"),
    ("ERR_INVALID_URL", "Invalid URL: the browser refused the address"),
    ("ERR_UNSAFE_REDIRECT", "The site redirects to an address browsers refuse to follow"),
]


class ReadableFailure(Exception):
    """A failure whose message is already the readable reason."""


class PageUnresponsive(ReadableFailure, TimeoutError):
    """The page's scripts hold its renderer (an endless loop, endless dialogs): the browser
    can read nothing more from it."""

    def __init__(self):
        super().__init__("The page stopped responding: its scripts never hand control back "
                         "to the browser (an endless loop or endless dialogs)")


class NotAPage(ReadableFailure):
    """The address is a file the browser would download (downloads are refused)."""

    def __init__(self, content_type: str | None):
        super().__init__(describe_not_html(content_type) + ", it is sent as a download")


def describe_failure(exc: BaseException | str, *, timeout_s: float | None = None) -> str:
    """One readable sentence for a page load that failed, keeping Chromium's code."""
    if isinstance(exc, ReadableFailure):
        return str(exc)
    text = str(exc)
    code = re.search(r"net::(ERR_[A-Z_]+)", text)
    if code:
        for prefix, words in _NET_ERRORS:
            if code.group(1).startswith(prefix):
                return f"{words} ({code.group(1)})"
        return f"The page could not be loaded ({code.group(1)})"
    lowered = text.lower()
    if "download is starting" in lowered:
        return "The address is a file sent as a download, not a page (downloads are refused)"
    if "crash" in lowered:
        return "The page crashed the browser's renderer"
    if ("timeout" in lowered and "exceeded" in lowered) or type(exc).__name__ == "TimeoutError":
        within = f" within {timeout_s:g} s" if timeout_s else ""
        return f"Timeout: the page did not load{within}"
    if "closed" in lowered or "disconnected" in lowered:
        return "The browser closed unexpectedly while loading the page"
    first_line = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return f"The page could not be loaded: {first_line[:300]}"


def describe_http_status(status: int) -> str:
    kind = "client error" if status < 500 else "server error"
    return f"HTTP {status} ({kind}) on the home page"


def describe_not_html(content_type: str | None) -> str:
    return f"The home page is not an HTML page (content type: {content_type or 'none'})"


def check_url(url: str) -> str | None:
    """None for an auditable URL, else why it is not."""
    fault = web_url_fault(url)
    if fault == "scheme":
        shown = urlsplit(url.strip()).scheme or "none"
        return f"Unsupported URL scheme '{shown}': only http and https sites can be audited"
    if fault == "no_host":
        return f"Invalid URL: no host name in {url!r}"
    return f"Invalid URL: {url!r}" if fault else None
