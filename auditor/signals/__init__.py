"""What a page tells the ad industry, per phase (report.json `signals`, contract "Added in
December 2026"): the IAB TCF consent string, Google Consent Mode's states on Google hits, the
Global Privacy Control pass, and the scripts that fingerprint the browser.

Facts, read from the phases' records (the capture keeps the raw readings in each phase); the
judge (auditor/rules) decides what they mean. Each part is a module with one
`phase_signal(phase: dict) -> value` (null when the phase has nothing to say).
"""
from __future__ import annotations

from auditor.contract import PHASES

from . import consent_mode, fingerprinting, gpc, tcf

# report.json signals.<phase>.<key>, in the contract's order (then the additions)
PARTS = {"tcf": tcf, "consent_mode": consent_mode, "gpc": gpc, "fingerprinting": fingerprinting}


def phase_signals(phase: dict) -> dict:
    return {key: part.phase_signal(phase or {}) for key, part in PARTS.items()}


def build_signals(phases: dict) -> dict:
    """{phase: SIGNALS} for the contract's three phases."""
    return {name: phase_signals(phases.get(name) or {}) for name in PHASES}
