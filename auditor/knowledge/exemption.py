"""Whether a cookie needs consent, with the reason in words (compliance-rules.md:
CNIL-EXEMPT, CNIL-AUD, BE-APD)."""
from __future__ import annotations

from auditor.contract import THIRTEEN_MONTHS_DAYS

from .categories import Purpose
from .model import Service

AUDIENCE_MAX_DAYS = THIRTEEN_MONTHS_DAYS  # the audience exemption: 13 months at most (CNIL-AUD)
NO_ANALYTICS_EXEMPTION = {"BE"}  # BE-APD: analytics always need consent


def audience_verdict(service: Service, third_party: bool, lifetime_days: float | None,
                     jurisdiction: str) -> tuple[bool, str]:
    """CNIL-AUD: exempt audience measurement, as far as it can be seen from outside."""
    tool = service.name
    if not service.audience_exemptable:
        why = service.exemption_note or f"{tool} cannot be configured for the CNIL audience-measurement exemption"
        return False, f"{why}: needs consent"
    if jurisdiction in NO_ANALYTICS_EXEMPTION:
        return False, f"audience measurement ({tool}) needs consent in Belgium, which has no analytics exemption (BE-APD)"
    if third_party:
        return False, f"third-party {tool} cookie: the audience exemption requires a first-party cookie (CNIL-AUD)"
    if lifetime_days is not None and lifetime_days > AUDIENCE_MAX_DAYS:
        return False, (f"{tool} cookie lives {lifetime_days:.0f} days, more than the 13 months "
                       f"({AUDIENCE_MAX_DAYS} days) the audience exemption allows (CNIL-AUD)")
    life = "session or unknown lifetime" if lifetime_days is None else f"lifetime {lifetime_days:.0f} days"
    return True, (f"first-party audience measurement with {tool}, a tool that can be configured as exempt "
                  f"(CNIL-AUD), {life} within 13 months; exempt only if set up as the CNIL requires "
                  f"(anonymous statistics, no cross-site identifier), which cannot be checked from outside")


def purpose_verdict(purpose: Purpose, note: str | None) -> tuple[bool, str]:
    what = f"{note}: " if note else ""
    return purpose.exempt == "always", what + purpose.reason


def tracker_verdict(service: Service, label: str, note: str | None) -> tuple[bool, str]:
    what = f"{note}: " if note else ""
    why = f"; {service.exemption_note}" if service.exemption_note and not service.audience_exemptable else ""
    return False, f"{what}{service.name} is a tracker ({label}){why}; needs consent"


def third_party_tracker_verdict(service: Service, domain: str, note: str | None) -> tuple[bool, str]:
    what = f" ({note})" if note else ""
    return False, (f"set on {domain}, the domain of {service.name}, a third-party tracking service{what}: "
                   f"it serves {service.company or service.name}, not a service the visitor asked this site for; "
                   f"needs consent")
