"""What a phase's recorder holds, handed out as plain values: a snapshot of its record at one
moment, and the activity after a moment; and how two of them compare (a choice's effects are
read this way, auditor/consent/driver.py). Values are copies: the recorder goes on recording
without changing them."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from auditor.capture.cookies import CookieSetting
from auditor.domains import host_of

CookieKey = tuple[str, str, str | None]  # (name, domain, path), as the jar keys a cookie
StorageKey = tuple[str, str, str]  # (localStorage | sessionStorage, origin, key)


def _frozen(records) -> tuple[Mapping, ...]:
    return tuple(MappingProxyType(dict(record)) for record in records)


@dataclass(frozen=True)
class CaptureSnapshot:
    """The phase's record at `at` (epoch s): each cookie and web storage entry its reads of
    the browser found, by key, with the hash of the last value read; the requests sent."""

    at: float
    cookies: Mapping[CookieKey, str | None]
    storage: Mapping[StorageKey, str]
    requests: tuple[Mapping, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "cookies", MappingProxyType(dict(self.cookies)))
        object.__setattr__(self, "storage", MappingProxyType(dict(self.storage)))
        object.__setattr__(self, "requests", _frozen(self.requests))

    @property
    def hosts(self) -> frozenset[str]:
        return frozenset(host_of(request["url"]) for request in self.requests)


@dataclass(frozen=True)
class CaptureActivity:
    """What the phase saw at or after `since` (epoch s): cookie writes and requests, in order."""

    since: float
    cookie_settings: tuple[CookieSetting, ...] = ()
    requests: tuple[Mapping, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "cookie_settings", tuple(self.cookie_settings))
        object.__setattr__(self, "requests", _frozen(self.requests))

    @property
    def cookies_set(self) -> tuple[CookieSetting, ...]:
        """The writes that set a cookie (a deletion is none)."""
        return tuple(s for s in self.cookie_settings if not s.is_deletion)

    @property
    def hosts(self) -> frozenset[str]:
        return frozenset(host_of(request["url"]) for request in self.requests)


def changed_cookies(before: CaptureSnapshot, after: CaptureSnapshot) -> list[CookieKey]:
    """Cookies new in `after`, or holding another value there. One gone is no change."""
    return [key for key, value in after.cookies.items() if before.cookies.get(key) != value]


def changed_storage(before: CaptureSnapshot, after: CaptureSnapshot) -> list[StorageKey]:
    """Web storage entries new in `after`, or holding another value there."""
    return [key for key, value in after.storage.items() if before.storage.get(key) != value]


def new_hosts(before: CaptureSnapshot, activity: CaptureActivity) -> set[str]:
    """Hosts the activity's requests reached that none had reached by the snapshot."""
    return set(activity.hosts - before.hosts)
