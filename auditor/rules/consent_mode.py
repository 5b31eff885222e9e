"""Google Consent Mode v2 signals (compliance-rules.md SIG-GCM), read from report.json `signals`."""
from __future__ import annotations
