"""IAB TCF consent strings (compliance-rules.md SIG-TCF), read from report.json `signals`."""
from __future__ import annotations
