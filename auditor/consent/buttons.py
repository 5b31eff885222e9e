"""What a banner control's label means, by its words (auditor/data/keywords.yaml, `buttons`):
accept, reject, settings, wall (a refusal bound to a payment or a subscription), acknowledge
("OK", « J'ai compris »: an information seen), or nothing."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from auditor.policy.text import fold

MEANINGS = ("accept", "reject", "settings", "wall", "acknowledge")
MAX_LABEL = 80  # a paragraph is not a button label


@dataclass(frozen=True)
class Words:
    order: tuple[str, ...]
    elisions: dict[str, str]
    rewrites: tuple[tuple[str, str], ...]
    phrases: dict[str, re.Pattern]
    exact: dict[str, frozenset[str]]
    endings: dict[str, tuple[str, ...]]
    unless: dict[str, re.Pattern]
    wall_patterns: tuple[re.Pattern, ...]
    negators: re.Pattern
    consent_words: re.Pattern
    essentials: tuple[str, ...]
    only: re.Pattern
    use_words: re.Pattern
    totals: re.Pattern


def plain(text: str) -> str:
    """Folded, apostrophes and symbols made spaces, one space between words."""
    text = re.sub(r"[^\w ]+", " ", fold(text or "").replace("_", " "))
    return re.sub(r"\s+", " ", text).strip()


def phrase_pattern(values) -> re.Pattern:
    """One pattern finding any of the phrases as whole words (never inside a longer word:
    "pay" is not in "pays", "agree" not in "disagree")."""
    phrases = sorted({plain(v) for v in values or ()}, key=len, reverse=True)
    if not phrases:
        return re.compile(r"(?!)")
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, phrases)) + r")(?!\w)")


@lru_cache(maxsize=1)
def button_words() -> Words:
    data = yaml.safe_load(resources.files("auditor").joinpath("data/keywords.yaml").read_text(
        encoding="utf-8"))["buttons"]
    reject = data["reject"]
    return Words(
        order=tuple(data["order"]),
        elisions={plain(k): plain(v) for k, v in data["elisions"].items()},
        rewrites=tuple((plain(k), plain(v)) for k, v in data["rewrites"].items()),
        phrases={m: phrase_pattern(data[m].get("phrases")) for m in MEANINGS},
        exact={m: frozenset(plain(w) for w in data[m].get("exact") or ()) for m in MEANINGS},
        endings={m: tuple(plain(w) for w in data[m].get("word_endings") or ()) for m in MEANINGS},
        unless={m: phrase_pattern(data[m].get("unless")) for m in MEANINGS},
        wall_patterns=tuple(re.compile(p) for p in data["wall"].get("patterns") or ()),
        negators=phrase_pattern(reject["negators"]),
        consent_words=phrase_pattern(reject["consent_words"]),
        essentials=tuple(plain(w) for w in reject["essentials"]),
        only=phrase_pattern(reject["only"]),
        use_words=phrase_pattern(reject["use_words"]),
        totals=phrase_pattern(reject["totals"]),
    )


def normalise(text: str, words: Words | None = None) -> str:
    """The label as the word lists are written: folded, apostrophes and symbols made spaces,
    elided spellings spelt out ("jaccepte" → "j accepte"), "non-essential" read as one word."""
    words = words or button_words()
    text = " ".join(words.elisions.get(token, token) for token in plain(text).split())
    for phrase, replacement in words.rewrites:
        text = re.sub(rf"\b{re.escape(phrase)}\b", replacement, text)
    return text


def _has(text: str, phrases: re.Pattern) -> bool:
    return phrases.search(text) is not None


def _starts(text: str, stems) -> bool:
    return any(token.startswith(stem) for token in text.split() for stem in stems)


def _says(text: str, meaning: str, words: Words) -> bool:
    """The label says `meaning` by its listed words and is not vetoed by an `unless` word."""
    if _has(text, words.unless[meaning]):
        return False
    if text in words.exact[meaning]:
        return True
    if any(token.endswith(end) for token in text.split() for end in words.endings[meaning]):
        return True
    return _has(text, words.phrases[meaning])


def _is_refusal(text: str, words: Words) -> bool:
    if _says(text, "reject", words):
        return True
    if _has(text, words.negators) and _has(text, words.consent_words):
        return True  # « je n'accepte pas », "do not accept", "nicht zustimmen"
    if _starts(text, words.essentials):  # "only essential", "allow necessary cookies"
        if _has(text, words.only):
            return True
        return (_has(text, words.consent_words) or _has(text, words.use_words)) \
            and not _has(text, words.totals)
    return False


def _is_wall(text: str, folded: str, words: Words) -> bool:
    return _says(text, "wall", words) or any(p.search(folded) for p in words.wall_patterns)


def classify_label(label: str, words: Words | None = None) -> str | None:
    """The meaning of a control's visible label ('accept', 'reject', 'settings', 'wall',
    'acknowledge'), or None when its words say none of them."""
    words = words or button_words()
    text = normalise(label, words)
    if not text or len(text) > MAX_LABEL:
        return None
    for meaning in words.order:
        if meaning == "wall":
            found = _is_wall(text, fold(label), words)
        elif meaning == "reject":
            found = _is_refusal(text, words)
        else:
            found = _says(text, meaning, words)
        if found:
            return meaning
    return None
