"""Findings and the summary sentence in a reader's language.

The judge keeps what a finding was built from, a message code and raw facts (`message_id`,
`params`: figures, names, phases, quotes); the English words are in i18n/findings/en.yaml,
whose header says how an entry is written, their French in the gettext catalogue
(reports/i18n/__init__.py). A saved report can so be worded again in another language.

    finding_message(finding, "en")          # None when that language has no such message
    message_in(finding, "en")               # that, or the message the finding was saved with
    fix_text(finding, "en")                 # what the site owner must change, likewise
    summary_sentence(report, findings, "en")
    verdict_label(verdict, "en")
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from string import Formatter

import yaml
from babel import Locale
from babel.numbers import get_decimal_symbol

from auditor.contract import DAYS_PER_MONTH, NEEDS_ATTENTION, NON_COMPLIANT, NOT_AUDITED, SEVERITIES, verdict

from . import check_language, translations
from .extract import translate
from .failures import failure_sentence

_HERE = Path(__file__).parent
_TEMPLATE = Formatter()


SOURCE = _HERE / "findings" / "en.yaml"


@lru_cache(maxsize=None)
def words(language: str) -> dict:
    """The findings catalogue in a language: the English source, each text translated."""
    tree = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    return translate(tree, translations(check_language(language)).pgettext)


def finding_message(finding: dict, language: str) -> str | None:
    """The finding's message from its code and params; None when the finding has no code
    (a report saved before them) or the language no words for it."""
    return _worded("finding", finding, language)


def fix_text(finding: dict, language: str) -> str | None:
    """What the site owner must change, from the finding's code and params (the `fix:`
    section); None as for finding_message."""
    return _worded("fix", finding, language)


def _worded(section: str, finding: dict, language: str) -> str | None:
    entry = (words(language).get(section) or {}).get(finding.get("message_id"))
    params = finding.get("params")
    if entry is None or not isinstance(params, dict):
        return None
    # ASCII runs only: a no-break space (French typography) is the catalogue's own
    return re.sub(r"\s+", " ", Sentence(language, entry, params).text(), flags=re.ASCII).strip()


def message_in(finding: dict, language: str) -> str:
    """The finding worded in `language`; a finding saved without a code, or with params
    another version wrote, keeps the message it was saved with."""
    return _reworded(finding_message, "message", finding, language)


def fix_in(finding: dict, language: str) -> str:
    """The finding's fix in `language`, likewise ("" for a report saved before fixes)."""
    return _reworded(fix_text, "fix", finding, language)


def _reworded(word, key: str, finding: dict, language: str) -> str:
    try:
        worded = word(finding, language)
    except (KeyError, TypeError, ValueError):
        worded = None
    saved = finding.get(key)
    return worded or (saved if isinstance(saved, str) else "")


def summary_sentence(report: dict, findings: list[dict], language: str) -> str:
    """What the verdict means for this site, in one sentence."""
    shapes = words(language)["summary"]

    def of(*severities):
        return [f for f in findings if f.get("severity") in severities]

    def kinds(chosen):
        return [shapes["rule"].get(f.get("rule"), f.get("rule")) for f in chosen]

    counts = {severity: len(of(severity)) for severity in SEVERITIES}
    shape = verdict(report.get("status"), counts)
    if shape == NOT_AUDITED:
        params = {"error": _failure(report, language)}
    elif shape == NON_COMPLIANT:
        params = {"high": counts["high"], "kinds": kinds(of("high")),
                  "others": counts["medium"] + counts["low"]}
    elif shape == NEEDS_ATTENTION:
        params = {"total": counts["medium"] + counts["low"], "kinds": kinds(of("medium", "low"))}
    else:
        params = {"info": counts["info"]}
    return Sentence(language, shapes[shape], params).text()


def _failure(report: dict, language: str) -> str | None:
    """Why the audit failed in `language`, from its code; the saved (English) words otherwise."""
    code = report.get("error_code")
    try:
        return failure_sentence(code, report.get("error_params"), language) if code else report.get("error")
    except (KeyError, ValueError, TypeError):  # a code or params another version wrote
        return report.get("error")


def verdict_label(verdict: str, language: str) -> str:
    """The verdict in a few words (report.json summary.verdict_label)."""
    return words(language)["verdict"][verdict]


class Sentence:
    """One catalogue entry filled with one finding's params."""

    def __init__(self, language: str, entry, params: dict):
        self.language = language
        self.forms = words(language)["format"]
        self.locale = Locale.parse(language)
        self.entry = entry if isinstance(entry, dict) else {"text": entry}
        self.params = params

    def text(self) -> str:
        return self._fill(self.entry["text"], whole=True)

    # --- templates and parts ---------------------------------------------------------------
    def _fill(self, template: str, whole: bool = False) -> str | None:
        out = []
        for literal, name, spec, _conversion in _TEMPLATE.parse(template):
            out.append(literal)
            if name is None:
                continue
            if name != "text" and name in self.entry:
                out.append(self._part(self.entry[name]) or "")
                continue
            value = self.params[name]  # KeyError: the template names a param the finding lacks
            if not value and not whole:  # a part naming a param null, false, 0 or empty is left out
                return None
            out.append("" if value is None else self._value(value, spec))
        return "".join(out)

    def _part(self, part) -> str | None:
        if isinstance(part, str):
            return self._fill(part)
        if isinstance(part, list):
            return next((text for text in map(self._part, part) if text is not None), None)
        value = self.params[part["by"]]
        choices = {key: choice for key, choice in part.items() if key != "by"}
        if all(isinstance(key, bool) for key in choices):
            value = bool(value)
        chosen = choices.get(value, choices.get("other"))
        return None if chosen is None else self._part(chosen)

    # --- values ----------------------------------------------------------------------------
    def _value(self, value, spec: str) -> str:
        if "|" in spec:  # "request|requests": the count and its noun
            count = len(value) if isinstance(value, list) else value
            one, other = spec.split("|", 1)
            return f"{self._number(count)} {one if self.locale.plural_form(count) == 'one' else other}"
        if isinstance(value, list):
            return self._list([self._value(item, "") for item in value], spec)
        if isinstance(value, dict):
            return self._tracker(value, spec)
        if spec == "months":
            return self._months(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return self._number(value, spec)
        return str(value)

    def _number(self, value, spec: str = "") -> str:
        return format(value, spec).replace(".", get_decimal_symbol(self.locale))

    def _form(self, form: str, **params) -> str:
        """One of the `format:` forms, filled like an entry (its nouns agree with its counts)."""
        return Sentence(self.language, self.forms[form], params).text()

    def _months(self, days: float) -> str:
        """'730 days (24 months)': both numbers, as a reader counts."""
        count = days / DAYS_PER_MONTH
        months = round(count) if abs(count - round(count)) < 0.05 else round(count, 1)
        return self._form("months", days=round(days), months=months)

    def _list(self, items: list[str], spec: str) -> str:
        """'a, b, c, d and 2 more' (spec: the limit, and the form for the rest); ',' or ';':
        every item, by that mark."""
        items = list(dict.fromkeys(items))
        if spec in (",", ";"):
            return f"{spec} ".join(items)
        separator = self.forms["separator"]
        limit, _, more = spec.partition(" ")
        limit = int(limit or 4)
        if len(items) > limit:
            return self._form(more or "more", head=separator.join(items[:limit]), count=len(items) - limit)
        if len(items) <= 1:
            return "".join(items)
        return self._form("and", head=separator.join(items[:-1]), last=items[-1])

    def _tracker(self, tracker: dict, spec: str) -> str:
        """'Google Analytics (Google, United States)'; spec: one of its fields (company: or its
        name; country: its name in the language)."""
        name, company = tracker.get("name"), tracker.get("company")
        if spec == "company":
            return str(company or name)
        if spec == "country":
            return self._country(tracker.get("country"))
        if spec:
            return str(tracker.get(spec) or "")
        details = self.forms["separator"].join(
            x for x in (company if company != name else None, self._country(tracker.get("country"))) if x)
        return self._form("tracker", name=name, details=details) if details else str(name)

    def _country(self, code) -> str:
        """An ISO 3166 code by its name in the language (Babel's CLDR data): 'US', 'États-Unis'."""
        return str(self.locale.territories.get(str(code).upper(), code)) if code else ""
