"""The report's words in French (default) and English, from one gettext catalogue.

English is the source language. Its texts are the templates' fixed labels (`_("…")`, Jinja2's
i18n extension), reports/i18n/en.yaml (the labels the views and templates fill with values or
pick by key) and reports/i18n/findings/en.yaml (the findings' sentences). Babel extracts them all (babel.cfg, `make locale`) into reports/locale/messages.pot;
the French is reports/locale/fr/LC_MESSAGES/messages.po, compiled by Babel when first used.
A text of a YAML source is a gettext message whose context is its dotted key ("summary.title"),
so a translator sees where it is used and two equal English texts may differ in French.

tests/test_i18n.py fails on an English text without its French translation: a report never
mixes languages."""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import yaml
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from auditor.contract import DEFAULT_LANGUAGE, LANGUAGES

_HERE = Path(__file__).parent
LOCALE_DIR = _HERE.parent / "locale"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"
LABELS = _HERE / "en.yaml"


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"REPORT_LANGUAGE must be one of {', '.join(LANGUAGES)}, not {language!r}")
    return language


def report_language(settings) -> str:
    """The REPORT_LANGUAGE setting (French by default): the judge words the findings in it,
    the pipelines render the report files in it."""
    return check_language(settings.get("REPORT_LANGUAGE") or DEFAULT_LANGUAGE)


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=None)
def translations(language: str) -> NullTranslations:
    """The language's gettext translations, compiled from its .po by Babel (English, the
    source language, needs none)."""
    if check_language(language) == SOURCE_LANGUAGE:
        return NullTranslations()
    with po_path(language).open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out, as pybabel compile does
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def flatten(tree, prefix: str = "") -> dict[str, str]:
    """{dotted key: text} of a YAML source's texts."""
    flat = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


@lru_cache(maxsize=1)
def source_labels() -> dict[str, str]:
    return flatten(yaml.safe_load(LABELS.read_text(encoding="utf-8")))


@lru_cache(maxsize=None)
def catalogue(language: str) -> dict[str, str]:
    """All labels of a language, by dotted key ("summary.title")."""
    tr = translations(check_language(language))
    return {key: tr.pgettext(key, text) for key, text in source_labels().items()}


class Translator:
    """t("key", n=3): the label, its {placeholders} filled in. Also the gettext callables of
    the language (gettext, ngettext, pgettext, npgettext) for texts named by their English."""

    def __init__(self, language: str = DEFAULT_LANGUAGE):
        self.language = language
        self.labels = catalogue(language)
        self.translations = translations(language)

    def __call__(self, key: str, **values) -> str:
        text = self.labels[key]  # KeyError: the catalogue lacks a label
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in self.labels

    def get(self, key: str, default: str) -> str:
        """For open-ended ids (a rule or category the catalogue may not know yet)."""
        return self.labels.get(key, default)

    def gettext(self, message: str, **values) -> str:
        text = self.translations.gettext(message)
        return text.format(**values) if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values) -> str:
        """The form for n ({n} in the text), by the language's plural rule."""
        return self.translations.ngettext(singular, plural, n).format(n=n, **values)

    def pgettext(self, context: str, message: str, **values) -> str:
        text = self.translations.pgettext(context, message)
        return text.format(**values) if values else text
