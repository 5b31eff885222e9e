"""Cookies: what the site asked for (Set-Cookie headers, document.cookie writes) merged with
what the browser stored (its cookie jar), one record per cookie.

Chromium caps stored lifetimes at 400 days, so the jar alone under-reports long-lived
cookies: the lifetime the site asked for is read from the header or the script write.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from http.cookiejar import parse_ns_headers

from auditor.contract import iso_ms, iso_seconds
from auditor.domains import is_third_party

DAY = 86400.0


@dataclass(frozen=True)
class CookieSetting:
    """One observed attempt by the site to set (or delete) a cookie."""

    name: str
    value_hash: str | None
    host: str  # host of the response or document that set it
    domain: str | None  # Domain attribute without leading dot; None for a host-only cookie
    path: str | None
    max_age: float | None
    expires: float | None  # epoch seconds
    reference: float  # epoch the site's clock says it is (Date header, or observation time)
    secure: bool
    http_only: bool
    same_site: str | None
    source: str  # "http" or "script"
    source_url: str  # the response URL, or the URL of the script that wrote it
    at: float  # epoch of the observation

    @property
    def asked_lifetime(self) -> float | None:
        """Seconds the site asked the cookie to live; None for a session cookie."""
        if self.max_age is not None:
            return self.max_age
        if self.expires is not None:
            return self.expires - self.reference
        return None

    @property
    def is_deletion(self) -> bool:
        lifetime = self.asked_lifetime
        return lifetime is not None and lifetime <= 0

    @property
    def effective_domain(self) -> str:
        return self.domain or self.host


def parse_cookie_setting(
    text: str, *, host: str, source: str, source_url: str, at: float,
    hash_value: Callable[[str | None], str | None], reference: float | None = None,
    on_value: Callable[[str], None] | None = None,
) -> CookieSetting | None:
    """Parse a Set-Cookie header value or a document.cookie assignment; None if malformed.
    The value is kept as `hash_value` of it (auditor.capture.hashing.ValueHasher); `on_value`
    is given it before (the recorder hashes it out of URLs)."""
    try:
        parsed = parse_ns_headers([text])
    except Exception:  # malformed input from the page must not stop the capture
        return None
    if not parsed or not parsed[0]:
        return None
    (name, value), *attributes = parsed[0]
    if value is None:  # "abc" without "=" is a value with an empty name (RFC 6265bis 5.6)
        name, value = "", name
    if on_value is not None:
        on_value(value)
    attrs = {key.lower(): val for key, val in attributes}
    max_age = None
    if attrs.get("max-age") is not None:
        try:
            max_age = float(attrs["max-age"])
        except ValueError:
            max_age = None
    domain = (attrs.get("domain") or "").strip().lstrip(".").lower() or None
    return CookieSetting(
        name=name.strip(),
        value_hash=hash_value(value),
        host=host.lower(),
        domain=domain,
        path=attrs.get("path") or None,
        max_age=max_age,
        expires=float(attrs["expires"]) if attrs.get("expires") is not None else None,
        reference=reference if reference is not None else at,
        secure="secure" in attrs,
        http_only="httponly" in attrs,
        same_site=attrs.get("samesite"),
        source=source,
        source_url=source_url,
        at=at,
    )


def _days(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / DAY, 2)


def _matches(setting: CookieSetting, name: str, domain: str, path: str | None) -> bool:
    if setting.name != name or setting.effective_domain != domain:
        return False
    return setting.path is None or path is None or setting.path == path


def _by_cookie(settings: list[CookieSetting]) -> dict[tuple, list[CookieSetting]]:
    """Settings grouped by (name, domain): a site writing thousands of cookies must not
    make the lookups below quadratic."""
    groups: dict[tuple, list[CookieSetting]] = {}
    for setting in settings:
        groups.setdefault((setting.name, setting.effective_domain), []).append(setting)
    return groups


def _latest(groups: dict[tuple, list[CookieSetting]], name: str, domain: str, path: str | None,
            writes_only: bool = False):
    found = [s for s in groups.get((name, domain), ()) if _matches(s, name, domain, path)
             and not (writes_only and s.is_deletion)]
    return max(found, key=lambda s: s.at) if found else None


def _record(*, name, domain, path, value_hash_, stored_expires, session, secure, http_only,
            same_site, setting, site_domain, now, stored):
    asked = setting.asked_lifetime if setting else None
    stored_lifetime = None if session or stored_expires is None else stored_expires - now
    if setting is not None and asked is not None:
        lifetime = asked
    else:
        lifetime = stored_lifetime
    return {
        "name": name,
        "domain": domain,
        "path": path,
        "value_hash": value_hash_,
        "expires": iso_seconds(stored_expires) if stored else iso_seconds(setting.at + asked if asked else None),
        "lifetime_days": _days(lifetime),
        "stored_lifetime_days": _days(stored_lifetime) if stored else None,
        "session": bool(session),
        "secure": bool(secure),
        "http_only": bool(http_only),
        "same_site": same_site,
        "third_party": is_third_party(domain, site_domain),
        "set_by": setting.source if setting else "unknown",
        "set_by_url": setting.source_url if setting else None,
        "stored": stored,
        "last_set_at": iso_ms(setting.at) if setting else None,
    }


def build_cookie_records(
    jar: list[dict], settings: list[CookieSetting], site_domain: str, now: float
) -> list[dict]:
    """One record per cookie: every cookie in the browser's jar (CDP cookie objects with
    `value_hash` in place of the value), then cookies the site set that the browser did not
    keep (rejected, or deleted by the site)."""
    records = []
    seen = set()
    groups = _by_cookie(settings)
    for cookie in jar:
        name, path = cookie["name"], cookie.get("path") or "/"
        bare_domain = cookie["domain"].lstrip(".").lower()
        # a deletion cannot have put a cookie in the jar: a failed one (another domain or
        # path) is no "set or refreshed" (the withdrawal's cookies not deleted)
        setting = _latest(groups, name, bare_domain, path, writes_only=True)
        session = cookie.get("session", cookie.get("expires", -1) in (-1, None))
        records.append(_record(
            name=name, domain=cookie["domain"], path=path,
            value_hash_=cookie.get("value_hash"),
            stored_expires=None if session else cookie.get("expires"),
            session=session, secure=cookie.get("secure"), http_only=cookie.get("httpOnly"),
            same_site=cookie.get("sameSite"), setting=setting, site_domain=site_domain,
            now=now, stored=True,
        ))
        seen.add((name, bare_domain))
    for setting in sorted(settings, key=lambda s: s.at):
        key = (setting.name, setting.effective_domain)
        if key in seen:
            continue
        latest = _latest(groups, setting.name, setting.effective_domain, None)
        seen.add(key)
        if latest is None or latest.is_deletion or not latest.name:
            continue
        records.append(_record(
            name=latest.name,
            domain=("." + latest.domain) if latest.domain else latest.host,
            path=latest.path or "/", value_hash_=latest.value_hash, stored_expires=None,
            session=latest.asked_lifetime is None, secure=latest.secure,
            http_only=latest.http_only, same_site=latest.same_site, setting=latest, site_domain=site_domain, now=now, stored=False,
        ))
    return records
