"""When each site was last audited, as the history holds it: what `auditor schedule` plans with."""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import make_url

from auditor.runs.history.store import HistoryStore, resolve_url

log = logging.getLogger(__name__)


def history_last_audits(history_url: str | None, reports_dir: Path) -> Callable[[], dict]:
    """Site key -> start of its latest audit, read from the history store the crawls write to
    (AUDITOR_HISTORY_URL; empty = REPORTS_DIR/history.sqlite; `off` = no history)."""
    def read() -> dict:
        url = resolve_url(history_url, reports_dir)
        if url is None:
            log.warning("history is off: every site counts as never audited")
            return {}
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database \
                and not Path(parsed.database).exists():
            return {}  # no audit yet; and a dry run creates nothing
        store = HistoryStore.open(url)
        try:
            return dict(store.last_audit_times())
        finally:
            store.close()
    return read
