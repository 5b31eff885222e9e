"""Whether a cookie needs consent, and why (compliance-rules.md: CNIL-EXEMPT, CNIL-AUD, BE-APD).

The reason is a code and its params, worded in each report language by the catalogue's
`exemption.<code>` (reports/i18n/en.yaml), and in English words kept in report.json's
`exempt_reason` (with the data's own notes, which have no translation)."""
from __future__ import annotations

from dataclasses import dataclass, field

from auditor.contract import THIRTEEN_MONTHS_DAYS

from .categories import Purpose
from .model import Service

AUDIENCE_MAX_DAYS = THIRTEEN_MONTHS_DAYS  # the audience exemption: 13 months at most (CNIL-AUD)
NO_ANALYTICS_EXEMPTION = {"BE"}  # BE-APD: analytics always need consent


@dataclass(frozen=True, slots=True)
class Reason:
    exempt: bool
    words: str                   # in English
    code: str                    # exemption.<code> of the report catalogue
    params: dict = field(default_factory=dict)


def _noted(note: str | None) -> str:
    return f"{note}: " if note else ""


def audience_verdict(service: Service, third_party: bool, lifetime_days: float | None,
                     jurisdiction: str) -> Reason:
    """CNIL-AUD: exempt audience measurement, as far as it can be seen from outside."""
    tool = service.name
    named = {"service": tool}
    if not service.audience_exemptable:
        why = service.exemption_note or f"{tool} cannot be configured for the CNIL audience-measurement exemption"
        return Reason(False, f"{why}: needs consent", "audience.not_exemptable", named)
    if jurisdiction in NO_ANALYTICS_EXEMPTION:
        return Reason(False, f"audience measurement ({tool}) needs consent in Belgium, which has no analytics "
                             f"exemption (BE-APD)", "audience.belgium", named)
    if third_party:
        return Reason(False, f"third-party {tool} cookie: the audience exemption requires a first-party cookie "
                             f"(CNIL-AUD)", "audience.third_party", named)
    if lifetime_days is not None and lifetime_days > AUDIENCE_MAX_DAYS:
        return Reason(False, f"{tool} cookie lives {lifetime_days:.0f} days, more than the 13 months "
                             f"({AUDIENCE_MAX_DAYS} days) the audience exemption allows (CNIL-AUD)",
                      "audience.too_long", {**named, "days": round(lifetime_days), "limit_days": AUDIENCE_MAX_DAYS})
    life = "session or unknown lifetime" if lifetime_days is None else f"lifetime {lifetime_days:.0f} days"
    words = (f"first-party audience measurement with {tool}, a tool that can be configured as exempt "
             f"(CNIL-AUD), {life} within 13 months; exempt only if set up as the CNIL requires "
             f"(anonymous statistics, no cross-site identifier), which cannot be checked from outside")
    if lifetime_days is None:
        return Reason(True, words, "audience.exempt_unknown_lifetime", named)
    return Reason(True, words, "audience.exempt", {**named, "days": round(lifetime_days)})


def purpose_verdict(purpose: Purpose, note: str | None) -> Reason:
    return Reason(purpose.exempt == "always", _noted(note) + purpose.reason, f"necessary.{purpose.name}")


def tracker_verdict(service: Service, label: str, note: str | None) -> Reason:
    why = f"; {service.exemption_note}" if service.exemption_note and not service.audience_exemptable else ""
    return Reason(False, f"{_noted(note)}{service.name} is a tracker ({label}){why}; needs consent",
                  "tracking_service", {"service": service.name})


def third_party_tracker_verdict(service: Service, domain: str, note: str | None) -> Reason:
    what = f" ({note})" if note else ""
    company = service.company or service.name
    return Reason(False, f"set on {domain}, the domain of {service.name}, a third-party tracking service{what}: "
                         f"it serves {company}, not a service the visitor asked this site for; needs consent",
                  "third_party_tracker", {"domain": domain, "service": service.name, "company": company})


def unlisted_verdict(owner: Service | None, note: str | None) -> Reason:
    """Known, but neither a tracker nor on the exemption list."""
    by = f"{owner.name} " if owner is not None else ""
    words = f"{_noted(note)}{by}cookie whose purpose is not on the CNIL exemption list; not a known tracker"
    if owner is None:
        return Reason(False, words, "unlisted_purpose")
    return Reason(False, words, "unlisted_purpose_of", {"service": owner.name})


def unknown_verdict(third_party: bool) -> Reason:
    where = "third-party" if third_party else "first-party"
    return Reason(False, f"unknown {where} cookie: not in the knowledge base, so its purpose and exemption "
                         f"cannot be established", f"unknown_cookie.{where.replace('-', '_')}")


def uncorroborated_verdict(service: Service, pattern: str, third_party: bool) -> Reason:
    """A vendor's cookie name or pattern, and nothing else to show the vendor is there."""
    where = "third-party" if third_party else "first-party"
    return Reason(False, f"unknown {where} cookie: its name matches {pattern}, a cookie name of {service.name}, "
                         f"but nothing else shows {service.name} on the site (no request to it, not set by its "
                         f"script or on its domain), so it is not taken for {service.name}'s and its purpose "
                         f"cannot be established", "unknown_cookie.uncorroborated",
                  {"service": service.name, "pattern": pattern})


def choice_storage_verdict(action: str) -> Reason:
    """The cookie the site wrote when the visitor answered its banner (CNIL-EXEMPT)."""
    action = "accept" if action == "accept" else "reject"
    return Reason(True, f"the site wrote it when the visitor clicked \"{action} all\" on its banner: it stores "
                        f"the visitor's choice (CNIL-EXEMPT: consent-choice storage)", f"choice_storage.{action}")
