"""Where a phase's time goes, step by step (report.json `timings_s`; scripts/bench.py)."""
from __future__ import annotations

import time
from contextlib import contextmanager


class Stopwatch:
    """Seconds per step, added up over calls. A dotted name (banner.verify) is a part of the
    step named before the dot, already counted in it."""

    def __init__(self):
        self.spent: dict[str, float] = {}

    def add(self, step: str, seconds: float) -> None:
        self.spent[step] = self.spent.get(step, 0.0) + max(seconds, 0.0)

    @contextmanager
    def step(self, name: str):
        """Time a block (awaits inside it included) under `name`, added up over calls."""
        started = time.monotonic()
        try:
            yield
        finally:
            self.add(name, time.monotonic() - started)

    def as_dict(self) -> dict[str, float]:
        return {name: round(seconds, 3) for name, seconds in self.spent.items()}
