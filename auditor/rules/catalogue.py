"""The catalogue: every contract rule, its severity and reference (data/rules.yaml), and the
function that checks it. A rule is registered with @rule("rule.id")."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from auditor.contract import SEVERITIES
from auditor.knowledge.datafiles import read_yaml


@dataclass(frozen=True)
class Rule:
    id: str
    check: Callable  # (Context) -> list[finding dicts]
    module: str


RULES: dict[str, Rule] = {}


def rule(rule_id: str):
    """Register a check under a contract rule id (which must be in data/rules.yaml)."""
    def register(check):
        if rule_id not in spec()["rules"]:
            raise ValueError(f"{rule_id}: no entry in data/rules.yaml")
        RULES[rule_id] = Rule(rule_id, check, check.__module__)
        return check
    return register


@lru_cache(maxsize=1)
def spec() -> dict:
    data = read_yaml("rules.yaml")
    for rule_id, entry in data["rules"].items():
        for severity in _values(entry["severity"]):
            if severity not in SEVERITIES:
                raise ValueError(f"{rule_id}: unknown severity {severity!r}")
    return data


def rule_spec(rule_id: str) -> dict:
    return spec()["rules"][rule_id]


def by_jurisdiction(value, jurisdiction: str):
    """A rules.yaml value given once, or per jurisdiction (FR, BE, default)."""
    if isinstance(value, dict) and ({"FR", "BE", "default"} & set(value)):
        return value.get(jurisdiction, value.get("default", value.get("FR")))
    return value


def _values(value):
    return value.values() if isinstance(value, dict) else [value]
