"""The Open Cookie Database (Apache-2.0, data/open-cookie-database/): cookie name ->
platform, category, description, retention, controller. A '1' in 'Wildcard match' makes
the name a prefix (_ga_ stands for _ga_<ID>)."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class OcdRecord:
    name: str
    platform: str
    category: str          # OCD word: Analytics, Marketing, Functional, ...
    domain: str
    description: str
    retention: str
    controller: str
    prefix: bool


def load(path: Path) -> list[OcdRecord]:
    with open(path, encoding="utf-8", newline="") as f:
        return [
            OcdRecord(
                name=row["Cookie / Data Key name"].strip(),
                platform=row["Platform"].strip(),
                category=row["Category"].strip(),
                domain=row["Domain"].strip(),
                description=row["Description"].strip(),
                retention=row["Retention period"].strip(),
                controller=row["Data Controller"].strip(),
                prefix=row["Wildcard match"].strip() == "1",
            )
            for row in csv.DictReader(f)
            if row["Cookie / Data Key name"].strip()
        ]
