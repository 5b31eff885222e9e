"""Is a tracker's country inside the EU/EEA? (GDPR chapter V transfers.)

Temporary home of the list until auditor.knowledge has one: point `_eea_codes` at it then."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

_DATA = Path(__file__).parent / "data" / "eea_countries.yaml"


@lru_cache(maxsize=1)
def _eea_codes() -> frozenset[str]:
    data = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    return frozenset(str(code).upper() for code in [*data["eu"], *data["eea_only"]])


def in_eea(country: str | None) -> bool | None:
    """True inside the EU/EEA, False outside, None when the country is unknown."""
    if not country or not isinstance(country, str):
        return None
    return country.strip().upper() in _eea_codes()
