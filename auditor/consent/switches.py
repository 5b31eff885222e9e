"""What a settings-layer switch stands for, by its label's words (auditor/data/consent_switches.yaml):
`legitimate_interest`, `necessary`, `control` (the layer's own "toggle all"), else `consent`
(a purpose or vendor that needs the visitor's consent)."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from auditor.consent.buttons import phrase_pattern, plain

KINDS = ("legitimate_interest", "necessary", "control", "consent")


@lru_cache(maxsize=1)
def _data() -> dict:
    return yaml.safe_load(resources.files("auditor").joinpath("data/consent_switches.yaml").read_text(
        encoding="utf-8"))


@lru_cache(maxsize=1)
def switch_words() -> tuple[tuple[str, re.Pattern], ...]:
    data = _data()
    return tuple((kind, phrase_pattern(data[kind])) for kind in data["order"])


@lru_cache(maxsize=1)
def _pairs() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    data = _data()
    starts = {side: re.compile(r"^(?:" + "|".join(map(re.escape, (plain(w) for w in words))) + r")\b")
              for side, words in data["pressed_pairs"].items()}
    ending = re.compile(r"\s*\b(?:" + "|".join(map(re.escape, data["state_endings"])) + r")\s*$", re.I)
    return starts["allow"], starts["deny"], ending


def switch_kind(label: str) -> str:
    """The kind of a switch by its label ('consent' when its words say nothing else)."""
    text = plain(label)
    for kind, pattern in switch_words():
        if pattern.search(text):
            return kind
    return "consent"


def _named(item: dict) -> tuple[str, str | None]:
    """The switch's name and, for half of a pressed pair, its kind: « Autoriser X » is X,
    « Interdire X » the other half of X (a control); a state written after the name is cut."""
    allow, deny, ending = _pairs()
    label = re.sub(r"\s+", " ", str(item.get("label") or "")).strip()
    if item.get("via") == "pressed" and switch_kind(label) != "control":
        words = plain(label)
        if deny.match(words):
            return label, "control"
        if allow.match(words):
            label = re.sub(r"^\S+\s*", "", label)
    return ending.sub("", label).strip()[:120], None


def read_switches(raw: list[dict]) -> list[dict]:
    """The switches a scan found, each with its kind, one per label (a manager may draw a
    purpose's switch twice: a visible slider over a hidden checkbox)."""
    switches, seen = [], set()
    for item in raw:
        label, kind = _named(item)
        if not label or label in seen:
            continue
        seen.add(label)
        switches.append({"label": label, "on": bool(item.get("on")), "locked": bool(item.get("locked")),
                         "kind": kind or switch_kind(label)})
    return switches
