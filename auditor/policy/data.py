"""The policy reader's word lists and patterns, loaded once from auditor/data/*.yaml."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from auditor.policy.text import fold


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """auditor/data/<name>.yaml as a dict."""
    text = resources.files("auditor").joinpath(f"data/{name}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


def keywords() -> dict:
    return load("keywords")


def patterns() -> dict:
    return load("policy_patterns")


def legal() -> dict:
    return load("legal_notice")


@lru_cache(maxsize=None)
def _compile(pattern: str) -> re.Pattern:
    # Patterns are written for folded text; unaccenting them too keeps a stray accent harmless.
    return re.compile(fold(pattern, lower=False), re.I)


def rx(pattern: str) -> re.Pattern:
    """A pattern of the data files, compiled for folded text."""
    return _compile(pattern)


def any_rx(patterns: list[str] | str) -> re.Pattern:
    """One pattern matching any of a list (compiled once)."""
    if isinstance(patterns, str):
        return rx(patterns)
    return _any(tuple(patterns))


@lru_cache(maxsize=None)
def _any(patterns: tuple[str, ...]) -> re.Pattern:
    return rx("|".join(f"(?:{p})" for p in patterns))
