"""Fingerprinting (EDPB guidelines 2/2023 on art. 5(3) ePrivacy), read from report.json `signals`."""
from __future__ import annotations
