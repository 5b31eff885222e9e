"""IAB TCF v2.2/2.3: report.json signals.<phase>.tcf, from the phase's `tcf` reading."""
from __future__ import annotations


def phase_signal(phase: dict):
    return None  # filled by the TCF capture (issue 19, part 1)
