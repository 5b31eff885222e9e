"""Which banner control means "accept all", "reject all" or "settings", by its words."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from auditor.policy.text import fold

ROLES = ("reject", "accept", "settings")  # reject first: "Continuer sans accepter" is a refusal


def normalise(text: str) -> str:
    """Lower case, no accents, typographic apostrophes and spaces folded, no symbols."""
    text = fold(text or "")
    text = re.sub(r"[^\w' ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _flatten(value) -> list[str]:
    if isinstance(value, dict):
        return [w for v in value.values() for w in _flatten(v)]
    if isinstance(value, (list, tuple)):
        return [w for v in value for w in _flatten(v)]
    return [str(value)] if value else []


@lru_cache(maxsize=1)
def button_words() -> dict[str, tuple[str, ...]]:
    """The accept / reject / settings wordings of auditor/data/keywords.yaml, normalised."""
    data = yaml.safe_load(resources.files("auditor").joinpath("data/keywords.yaml").read_text(
        encoding="utf-8"))
    return {role: tuple(sorted({normalise(w) for w in _flatten(data.get(role))}, key=len,
                               reverse=True))
            for role in ROLES}


def _matches(text: str, phrase: str) -> bool:
    if text == phrase:
        return True
    # Short words ("ok", "non") only as the whole label; phrases as whole words inside it.
    if len(phrase) < 4:
        return False
    return re.search(rf"(?<![\w']){re.escape(phrase)}(?![\w'])", text) is not None


def classify_label(label: str, words: dict[str, tuple[str, ...]] | None = None) -> str | None:
    """'accept', 'reject', 'settings' or None for a control's visible label."""
    text = normalise(label)
    if not text or len(text) > 80:  # a paragraph is not a button label
        return None
    words = words or button_words()
    for role in ROLES:
        if any(_matches(text, phrase) for phrase in words[role]):
            return role
    return None
