"""How often the readers are right, measured over labelled corpora (tests/corpus/): precision
and recall per field, claim or meaning. `make accuracy` prints the figures
(scripts/accuracy.py); tests/test_accuracy_*.py hold them to the issue's thresholds.

Each module of this package with a `measure() -> list[Tally]` is one section of the print."""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field


@dataclass
class Tally:
    """True positives, false positives and false negatives of one field (or claim, or
    meaning) over a corpus, and the cases that went wrong, for reading."""
    section: str
    key: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, expected, found, case: str = "") -> None:
        """One case: `expected` and `found` are values (None when absent). A wrong value
        counts as a false positive and a false negative."""
        if expected is not None and found is not None and _same(expected, found):
            self.tp += 1
            return
        if found is not None:
            self.fp += 1
        if expected is not None:
            self.fn += 1
        if found is not None or expected is not None:
            self.errors.append(f"{case}: expected {expected!r}, found {found!r}")

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _same(expected, found) -> bool:
    if isinstance(expected, str) and isinstance(found, str):
        return norm(expected) == norm(found)
    return expected == found


def norm(value: str) -> str:
    """Compared without case, spaces, dots or dashes ("RCS Paris 123 456 789" = "123456789"
    is not implied: each corpus says which value it expects)."""
    return " ".join(str(value).replace("\u00a0", " ").split()).strip(" .,;").casefold()


def tallies(section: str, keys) -> dict[str, Tally]:
    return {key: Tally(section, key) for key in keys}


def sections() -> dict[str, list[Tally]]:
    """Every section's tallies, by module name."""
    out = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        loaded = importlib.import_module(f"{__name__}.{module.name}")
        if hasattr(loaded, "measure"):
            out[module.name] = loaded.measure()
    return out
