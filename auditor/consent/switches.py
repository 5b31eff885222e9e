"""What a settings-layer switch stands for, by its label's words (auditor/data/consent_switches.yaml):
`legitimate_interest`, `necessary`, `control` (the layer's own "toggle all"), else `consent`
(a purpose or vendor that needs the visitor's consent)."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from auditor.policy.text import fold

KINDS = ("legitimate_interest", "necessary", "control", "consent")


def _plain(text: str) -> str:
    text = re.sub(r"[^\w ]+", " ", fold(text or "").replace("_", " "))
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=1)
def switch_words() -> tuple[tuple[str, re.Pattern], ...]:
    data = yaml.safe_load(resources.files("auditor").joinpath("data/consent_switches.yaml").read_text(
        encoding="utf-8"))
    found = []
    for kind in data["order"]:
        phrases = sorted({_plain(p) for p in data[kind]}, key=len, reverse=True)
        found.append((kind, re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, phrases)) + r")(?!\w)")))
    return tuple(found)


def switch_kind(label: str) -> str:
    """The kind of a switch by its label ('consent' when its words say nothing else)."""
    text = _plain(label)
    for kind, pattern in switch_words():
        if pattern.search(text):
            return kind
    return "consent"


def read_switches(raw: list[dict]) -> list[dict]:
    """The switches a scan found, each with its kind, one per label (a manager may draw a
    purpose's switch twice: a visible slider over a hidden checkbox)."""
    switches, seen = [], set()
    for item in raw:
        label = re.sub(r"\s+", " ", str(item.get("label") or "")).strip()[:120]
        if not label or label in seen:
            continue
        seen.add(label)
        switches.append({"label": label, "on": bool(item.get("on")), "locked": bool(item.get("locked")),
                         "kind": switch_kind(label)})
    return switches
