"""Registrable domains (eTLD+1), from tldextract's bundled public suffix list, offline."""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

import tldextract

# No suffix-list download: the snapshot shipped with tldextract is used. Private
# suffixes (github.io, ...) count, as they do for browsers.
_extract = tldextract.TLDExtract(
    suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
)


def web_url_fault(url: str) -> str | None:
    """Why `url` is no web site to audit: "invalid" (unparsable, or a malformed port),
    "scheme" (not http or https) or "no_host"; None when it is one. Surrounding spaces do not
    count."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return "invalid"
    if parts.scheme not in ("http", "https"):  # urlsplit lower-cases the scheme
        return "scheme"
    try:
        if not parts.hostname:
            return "no_host"
        _ = parts.port  # raises on a malformed port
    except ValueError:
        return "invalid"
    return None


def host_of(url: str) -> str:
    """The lower-cased host name of a URL, without port ('' when there is none)."""
    return (urlsplit(url).hostname or "").lower()


@lru_cache(maxsize=4096)
def registrable_domain(host: str) -> str:
    """'www.boulangerie.fr' -> 'boulangerie.fr'; a cookie domain's leading dot is ignored.

    Hosts with no public suffix (IP addresses, 'localhost') are their own domain.
    """
    host = host.lower().lstrip(".").rstrip(".")
    parts = _extract(host)
    return parts.top_domain_under_public_suffix or host


def is_third_party(host: str, site_domain: str) -> bool:
    """Whether a host (or cookie domain) belongs to another registrable domain than the site."""
    return registrable_domain(host) != site_domain
