"""Google Consent Mode v2: report.json signals.<phase>.consent_mode, from the phase's
requests to Google (`gcs`, `gcd`)."""
from __future__ import annotations


def phase_signal(phase: dict):
    return []  # filled by the Consent Mode decoding (issue 19, part 2)
