"""Banner control wordings (tests/corpus/banner_labels/*.csv): precision and recall of
auditor.consent.buttons.classify_label per meaning. A label read with the wrong meaning is a
false positive of the meaning found and a false negative of the one expected; `none` is the
absence of a meaning, so a label expected `none` and read as accept is an accept false positive."""
from __future__ import annotations

import csv
from pathlib import Path

from auditor.consent.buttons import classify_label
from tests.accuracy import tallies

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "banner_labels"
MEANINGS = ("accept", "reject", "settings", "wall", "acknowledge")


def labels() -> list[dict]:
    """Every labelled wording of the corpus folder's CSV files (label, language, meaning,
    frequency, source)."""
    rows = []
    for path in sorted(CORPUS.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows += list(csv.DictReader(handle))
    return rows


def measure() -> list:
    rows = tallies("banner", MEANINGS)
    for row in labels():
        expected = row["meaning"] if row["meaning"] != "none" else None
        found = classify_label(row["label"])
        case = f"{row['language']} {row['label']!r}"
        for meaning, tally in rows.items():
            tally.add(meaning if expected == meaning else None,
                      meaning if found == meaning else None, case)
    return list(rows.values())
