"""What shows a vendor behind a cookie besides its name: the vendor's hosts contacted in the
same visit, or the vendor's own script or response setting the cookie.

A cookie's name alone pins it on a vendor only when the name is that vendor's alone; a generic
name (`consent`, `uid`) or a pattern (`mp_*`, `_hj*`) needs one of these (issue 17: a site's own
`mp_…` cookie is not Mixpanel's, a site's own `consent` cookie not Google's).

    seen = Sightings.of(request_records)     # the phase's attributed requests
    seen.vouches_for(service)                # -> bool
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Service

# How the cookie was tied to its vendor, as report.json's cookie `attribution` says it.
BY_DOMAIN = "domain"                 # the cookie lives on the vendor's domain
BY_SETTER = "set_by_vendor"          # the vendor's script or response set it
BY_HOSTS = "hosts_seen"              # the vendor's hosts were contacted in the same visit
BY_NAME = "name"                     # a name that is the vendor's alone
UNCORROBORATED = "name_only_uncorroborated"  # a vendor's name or pattern, and nothing else: not pinned
CHOICE = "choice_storage"            # the cookie that stored the visitor's choice on the banner


def company_key(company: str | None) -> str | None:
    """Services of one company vouch for each other; a self-hosted tool has no company.
    'Piano (AT Internet)' and 'Piano' are one company, as 'X Corp.' and 'X Corp'."""
    key = re.sub(r"\([^)]*\)", " ", (company or "").lower())
    key = " ".join(key.replace(".", " ").replace(",", " ").split())
    return None if key in ("", "self-hosted") else key


def same_vendor(a: Service | None, b: Service | None) -> bool:
    if a is None or b is None:
        return False
    if a.id == b.id or a.name.lower() == b.name.lower():
        return True
    key = company_key(a.company)
    return key is not None and key == company_key(b.company)


@dataclass(frozen=True, slots=True)
class Sightings:
    """The services a visit's requests went to: ids of every known service, names and
    companies of the tracking ones (a font from Google vouches for no Google tracker)."""
    ids: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    companies: frozenset[str] = frozenset()

    @classmethod
    def of(cls, requests) -> "Sightings":
        """From attributed request records (their `tracker` or `service` dicts)."""
        ids, names, companies = set(), set(), set()
        for request in requests or ():
            tracker, service = request.get("tracker"), request.get("service")
            for found in (tracker, service):
                if found and found.get("vendor_id"):
                    ids.add(found["vendor_id"])
            if tracker:
                names.add((tracker.get("name") or "").lower())
                key = company_key(tracker.get("company"))
                if key:
                    companies.add(key)
        return cls(frozenset(ids), frozenset(names - {""}), frozenset(companies))

    def vouches_for(self, service: Service | None) -> bool:
        if service is None:
            return False
        if service.id in self.ids or service.name.lower() in self.names:
            return True
        key = company_key(service.company)
        return key is not None and key in self.companies


NOTHING_SEEN = Sightings()
