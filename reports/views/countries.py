"""Is a tracker's country inside the EU/EEA? (GDPR chapter V transfers.) The list is the
knowledge base's (auditor/data/countries.yaml)."""
from __future__ import annotations

from auditor.knowledge import Knowledge


def in_eea(country: str | None) -> bool | None:
    """True inside the EU/EEA, False outside, None when the country is unknown."""
    if not country or not isinstance(country, str):
        return None
    return Knowledge.default().is_eu_eea(country.strip())
