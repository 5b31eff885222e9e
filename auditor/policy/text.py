"""Text helpers: accent- and case-folding that keeps offsets, sentences, quotes."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPECIAL = {
    "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "′": "'",
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"',
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\t": " ",
    "–": "-", "—": "-", "‑": "-", "‐": "-", "−": "-",
}


@lru_cache(maxsize=8192)
def _fold_char(char: str, lower: bool = True) -> str:
    if char in _SPECIAL:
        return _SPECIAL[char]
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if lower:
        base = base.lower()
    if len(base) == 1:
        return base
    lowered = char.lower() if lower else char
    return lowered if len(lowered) == 1 else char


class _Table(dict):
    """str.translate table filled as characters are met."""

    def __init__(self, lower: bool):
        super().__init__()
        self.lower = lower

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code), self.lower)
        return folded


_TABLES = {True: _Table(True), False: _Table(False)}


def fold(text: str, lower: bool = True) -> str:
    """Lower case without accents, plain quotes and dashes: same length as `text`, so that a
    match in the folded text points at the same characters of the original. With
    lower=False the case is kept (for regular expressions, where \\S is not \\s)."""
    if not text:
        return ""
    return text.translate(_TABLES[lower])


def squash(text: str) -> str:
    """White space runs made one space, trimmed (line breaks included)."""
    return re.sub(r"\s+", " ", text or "").strip()


# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = {
    "m", "mm", "mme", "mlle", "mr", "mrs", "ms", "dr", "me", "st", "ste", "art", "n", "no",
    "nr", "tel", "p", "pp", "cf", "etc", "e.g", "i.e", "ex", "av", "bd", "vol", "ch", "al",
    "inc", "ltd", "co", "s.a", "dhr", "mevr", "prof", "approx", "env", "min", "max", "fig",
}
_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]»”]*\s+(?=[\"'(«“]?[A-ZÀ-Ý0-9•\-])")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of a one-paragraph text."""
    spans, start = [], 0
    for boundary in _BOUNDARY.finditer(text):
        before = text[start:boundary.start()].rstrip(".!?\"')]»” ")
        last_word = re.split(r"[\s(]", before)[-1].lower() if before else ""
        if last_word in _ABBREVIATIONS or len(last_word) == 1:
            continue  # "M. Jean Martin", "n° 6", "J. Dupont"
        spans.append((start, boundary.start()))
        start = boundary.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


QUOTE_MAX = 400


def quote_of(sentence: str, start: int = 0, end: int | None = None, limit: int = QUOTE_MAX) -> str:
    """The sentence as a quote; a long one cut to a window around the matched span."""
    sentence = sentence.strip()
    if len(sentence) <= limit:
        return sentence
    end = start if end is None else end
    middle = (start + end) // 2
    left = max(0, min(middle - limit // 2, len(sentence) - limit))
    piece = sentence[left:left + limit]
    return ("…" if left > 0 else "") + piece.strip() + ("…" if left + limit < len(sentence) else "")
