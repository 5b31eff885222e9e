"""EU/EEA membership, from data/countries.yaml."""
from __future__ import annotations


class Countries:
    def __init__(self, data: dict):
        self._aliases = {k.upper(): v.upper() for k, v in (data.get("aliases") or {}).items()}
        self._eu = frozenset(c.upper() for c in data["eu"])
        self._eea = self._eu | {c.upper() for c in data.get("eea_only") or ()}

    def _norm(self, code: str | None) -> str:
        code = (code or "").strip().upper()
        return self._aliases.get(code, code)

    def is_eu(self, code: str | None) -> bool:
        return self._norm(code) in self._eu

    def is_eu_eea(self, code: str | None) -> bool:
        return self._norm(code) in self._eea
