"""How a run's evidence was made, in words: report.json's provenance.method is a code and its
parameters; its sentence is the catalogue's `provenance.method.<code>`, its {placeholders}
filled with the parameters. The English one is provenance.method.text."""
from __future__ import annotations

from collections.abc import Mapping

from reports.i18n import catalogue


def method_sentence(code: str, params: Mapping | None = None, language: str = "en") -> str:
    """KeyError for a code the catalogue lacks."""
    return catalogue(language)[f"provenance.method.{code}"].format(**dict(params or {}))
