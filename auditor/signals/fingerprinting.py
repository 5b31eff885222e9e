"""Fingerprinting: report.json signals.<phase>.fingerprinting (an addition to the contract),
the scripts that read canvas, WebGL, audio or font data the way fingerprinting does."""
from __future__ import annotations


def phase_signal(phase: dict):
    return []  # filled by the fingerprinting hook (issue 19, part 4)
