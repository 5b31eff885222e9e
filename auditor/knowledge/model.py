"""The two answers of the knowledge base: a Service (who is behind a request or cookie)
and a CookieVerdict (is the cookie a tracker, and does it need consent)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Service:
    id: str                      # "google_analytics", or "trackerdb:<pattern id>"
    name: str                    # the report's name for it: "Google Analytics"
    company: str | None
    country: str | None          # ISO 3166-1 alpha-2 of the company's seat
    category: str                # a word of categories.yaml
    tracker: bool
    source: str                  # "overlay" | "trackerdb" | "open_cookie_database"
    legal_name: str | None = None
    audience_exemptable: bool = False   # CNIL-AUD: can be configured as exempt
    exemption_note: str | None = None
    policy_names: tuple[str, ...] = ()

    def as_tracker(self) -> dict:
        """The report contract's TRACKER dict (plus a few keys of our own)."""
        return {
            "name": self.name,
            "company": self.company,
            "category": self.category,
            "country": self.country,
            "vendor_id": self.id,
            "legal_name": self.legal_name,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class CookieVerdict:
    name: str
    tracker: dict | None         # TRACKER dict, or None when not a tracking cookie
    exempt: bool                 # needs no consent (CNIL-EXEMPT / CNIL-AUD)
    reason: str                  # why, in English words
    category: str | None         # category word, None when unknown
    purpose: str | None          # consent, session, security, ..., audience, or None
    source: str                  # "overlay" | "open_cookie_database" | "trackerdb" | "unknown"
    known: bool = True
    third_party: bool = False
    service: Service | None = field(default=None, compare=False)
    note: str | None = None      # what the cookie does, when the data says
    reason_code: str = ""        # why, as a code of the report catalogue (exemption.<code>)
    reason_params: dict = field(default_factory=dict, compare=False)
    # how the cookie was tied to its vendor or purpose (knowledge.corroboration.BY_*), None if not
    attribution: str | None = None

    def as_dict(self) -> dict:
        return {"tracker": self.tracker, "exempt": self.exempt, "reason": self.reason,
                "reason_code": self.reason_code, "reason_params": self.reason_params,
                "category": self.category, "purpose": self.purpose, "source": self.source,
                "known": self.known, "note": self.note, "attribution": self.attribution}
