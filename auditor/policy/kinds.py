"""Which of the three legal pages a document is: a page may be several (a legal notice with
a privacy section)."""
from __future__ import annotations

from auditor.policy import data
from auditor.policy.text import fold


def detect_kinds(document) -> set[str]:
    """Kinds whose markers the page shows: two distinct markers for a legal notice or a
    privacy policy; a cookie policy by its title or headings, or cookies spoken of at length."""
    kinds = set()
    text = document.folded[:400_000]
    markers = data.patterns()["page_kinds"]
    for kind in ("legal_notice", "privacy_policy"):
        hits = sum(1 for p in markers[kind] if data.rx(p).search(text))
        if hits >= 2:
            kinds.add(kind)
    titles = fold(" | ".join([document.title] + [b.text for b in document.blocks
                                                 if b.kind == "heading"]))
    cookie = markers["cookie_policy"]
    if data.rx(cookie[0]).search(titles) or data.rx(cookie[1]).search(titles):
        kinds.add("cookie_policy")
    elif len(data.rx(cookie[1]).findall(text)) >= 8 or document.tables and any(
            _is_cookie_table(t) for t in document.tables):
        kinds.add("cookie_policy")
    return kinds


def _is_cookie_table(block) -> bool:
    from auditor.policy.cookie_table import table_columns
    return table_columns(block.rows or []) is not None
