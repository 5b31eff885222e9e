"""Global Privacy Control: report.json signals.<phase>.gpc."""
from __future__ import annotations


def phase_signal(phase: dict):
    return None  # filled by the GPC pass (issue 19, part 3)
