"""Report labels in French (default) and English, from i18n/<lang>.yaml.

A missing label is an error, not a silent fallback to the other language: a report never
mixes languages."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from auditor.contract import DEFAULT_LANGUAGE, LANGUAGES

_HERE = Path(__file__).parent


def _flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    flat = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


@lru_cache(maxsize=None)
def catalogue(language: str) -> dict[str, str]:
    """All labels of a language, by dotted key ("summary.title")."""
    if language not in LANGUAGES:
        raise ValueError(f"REPORT_LANGUAGE must be one of {', '.join(LANGUAGES)}, not {language!r}")
    return _flatten(yaml.safe_load((_HERE / f"{language}.yaml").read_text(encoding="utf-8")))


class Translator:
    """t("key", n=3): the label, its {placeholders} filled in."""

    def __init__(self, language: str = DEFAULT_LANGUAGE):
        self.language = language
        self.labels = catalogue(language)

    def __call__(self, key: str, **values) -> str:
        text = self.labels[key]  # KeyError: the catalogue lacks a label
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in self.labels

    def get(self, key: str, default: str) -> str:
        """For open-ended ids (a rule or category the catalogue may not know yet)."""
        return self.labels.get(key, default)
