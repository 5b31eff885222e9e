"""Global Privacy Control and Do Not Track (compliance-rules.md SIG-GPC): only where the policy
says it honours them."""
from __future__ import annotations
