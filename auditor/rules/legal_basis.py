"""A finding's legal bases (report.json findings[].legal_basis): the texts rules.yaml cites for
its rule and jurisdiction, each defined once in data/legal_bases.yaml, binding texts first.

    legal_basis("consent.no_banner", "FR", params, "en")
    # [{"text": "Loi n° 78-17 du 6 janvier 1978 …", "article": "art. 82", "url": "https://…", "binding": True}, …]
"""
from __future__ import annotations

from functools import lru_cache

from auditor.knowledge.datafiles import read_yaml

from .catalogue import by_jurisdiction, rule_spec


@lru_cache(maxsize=1)
def texts() -> dict:
    return read_yaml("legal_bases.yaml")["texts"]


def citations(rule_id: str, jurisdiction: str) -> list[str]:
    """The rule's citations as rules.yaml writes them ("gdpr art. 13(1)(e)")."""
    return list(by_jurisdiction(rule_spec(rule_id).get("legal_basis") or [], jurisdiction))


def cite(citation: str, params: dict, language: str) -> dict:
    """One "<id> <article>" citation, its {param} filled in, as a legal_basis entry."""
    name, _, article = citation.format(**params).partition(" ")
    about = texts()[name]  # KeyError: rules.yaml cites a text legal_bases.yaml lacks
    text = about["text"]
    if isinstance(text, dict):
        text = text.get(language, text["fr"])
    return {"text": text, "article": article or None,
            "url": (about.get("articles") or {}).get(article, about["url"]),
            "binding": bool(about.get("binding"))}


def legal_basis(rule_id: str, jurisdiction: str, params: dict, language: str) -> list[dict]:
    return [cite(c, params, language) for c in citations(rule_id, jurisdiction)]
