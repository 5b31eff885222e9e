"""Cookie and storage values that travel in URLs (a tracker's hit carries its cookie's id:
Meta's `fbp=`, Google Analytics' `cid=`) are personal data as much as the cookies. Wherever a
URL is kept, such a value is replaced by the hash of the cookie or storage value it came from:
the same `value_hash` that value's record shows, so the link between the hit and the cookie
stays visible, and the value does not.

What is matched: a whole query value, fragment value or path segment of a URL that equals a
value seen in the phase (or, for dotted ids such as `_ga`'s `GA1.1.<client id>`, the value
without its first one or two dotted parts), as written or percent-encoded. Values shorter than
MIN_CHARS are left alone: "1", "true" or "fr" would match ordinary URL parts. The host is
never touched: a cookie may well hold the site's own host name."""
from __future__ import annotations

import re
from urllib.parse import unquote, unquote_plus, urlsplit, urlunsplit

from auditor.capture.hashing import ValueHasher

MIN_CHARS = 8
MAX_VALUES = 20000  # bound on the bookkeeping a page writing thousands of cookies causes
DOTTED_PREFIXES = 2  # "GA1.1.123.456" is also looked for as "1.123.456" and "123.456"
# A URL part between delimiters: a query or fragment value, a path segment.
TOKEN = re.compile(r"[^&=?#/;,\s\"'<>\\]+")


class ValueRedactor:
    """The values a phase saw in cookies and storage, to take out of the URLs it keeps."""

    def __init__(self, hasher: ValueHasher):
        self.hash_value = hasher
        self.hashes: dict[str, str] = {}  # text to look for -> hash of the whole value

    def add(self, value: str | None) -> None:
        if not isinstance(value, str) or len(value) < MIN_CHARS:
            return
        if len(self.hashes) >= MAX_VALUES or value in self.hashes:
            return
        digest = self.hash_value(value)
        self.hashes[value] = digest
        tail = value
        for _ in range(DOTTED_PREFIXES):
            tail = tail.partition(".")[2]
            if len(tail) < MIN_CHARS or not any(c.isdigit() for c in tail):
                break
            self.hashes.setdefault(tail, digest)

    def _swap(self, match: re.Match) -> str:
        token = match.group(0)
        for candidate in (token, unquote(token), unquote_plus(token)):
            digest = self.hashes.get(candidate)
            if digest is not None:
                return digest
        return token

    def redact_url(self, url: str | None) -> str | None:
        """`url` with the values it carries in its path, query and fragment hashed."""
        if not self.hashes or not url:
            return url
        try:
            parts = urlsplit(url)
        except ValueError:  # not a URL: nothing of it is a host
            return TOKEN.sub(self._swap, url)
        path, query, fragment = (TOKEN.sub(self._swap, part)
                                 for part in (parts.path, parts.query, parts.fragment))
        if (path, query, fragment) == (parts.path, parts.query, parts.fragment):
            return url
        return urlunsplit((parts.scheme, parts.netloc, path, query, fragment))

    def redact_text(self, text: str | None) -> str | None:
        """A value that is not a URL (a HAR's query-string value)."""
        if not self.hashes or not text:
            return text
        return TOKEN.sub(self._swap, text)
