"""Audit history: every audit stored (SQLite by default, any SQLAlchemy URL), each new audit
compared with the previous ok audit of its site (new/resolved findings, new/vanished trackers
and cookies), and the trend of findings over time.

    from auditor.runs.history import HistoryStore, resolve_url
    store = HistoryStore.open(resolve_url(settings["AUDITOR_HISTORY_URL"], reports_dir))
    report["history"] = store.record(report, folder)

The comparison itself is pure (auditor.runs.history.diff) and works on two report.json dicts."""
from .diff import compare, compare_reports, snapshot
from .store import HistoryError, HistoryStore, resolve_url

__all__ = ["HistoryStore", "HistoryError", "resolve_url", "compare", "compare_reports", "snapshot"]
