"""Times in reports: ISO 8601 in UTC."""
from __future__ import annotations

from datetime import datetime, timezone


def iso_seconds(epoch: float | None) -> str | None:
    """'2026-11-22T08:00:00Z'; None for no time or one out of range."""
    if epoch is None:
        return None
    try:
        return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, OSError, ValueError):
        return None


def iso_ms(epoch: float | None) -> str | None:
    """'2026-11-22T08:00:00.123+00:00': precise enough to order events around a click."""
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, timezone.utc).isoformat(timespec="milliseconds")
