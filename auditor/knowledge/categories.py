"""Category words, their tracker flag, purposes, and the mapping of outside sources'
categories onto ours (data/categories.yaml)."""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Purpose:
    name: str
    category: str | None
    exempt: str            # "always" | "audience" | "never"
    reason: str


class Categories:
    def __init__(self, data: dict):
        self.tracker = {name: bool(spec["tracker"]) for name, spec in data["categories"].items()}
        self.label = {name: spec.get("label", name) for name, spec in data["categories"].items()}
        self.from_trackerdb = dict(data["trackerdb"])
        self.from_ocd = dict(data["open_cookie_database"])
        self.purposes = {name: Purpose(name, spec.get("category"), spec["exempt"], spec["reason"])
                         for name, spec in data["purposes"].items()}
        self.ocd_hints = [(re.compile(h["pattern"], re.IGNORECASE), h["purpose"])
                          for h in data.get("open_cookie_database_purpose_hints") or ()]
        for target in list(self.from_trackerdb.values()) + list(self.from_ocd.values()):
            self.check(target)

    def check(self, category: str) -> str:
        if category not in self.tracker:
            raise ValueError(f"unknown category {category!r} (see data/categories.yaml)")
        return category

    def is_tracker(self, category: str) -> bool:
        return self.tracker.get(category, False)

    def purpose_from_description(self, text: str) -> str | None:
        for pattern, purpose in self.ocd_hints:
            if pattern.search(text or ""):
                return purpose
        return None
