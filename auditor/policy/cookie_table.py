"""A cookie policy's table of cookies: name, purpose, lifetime (and provider when given)."""
from __future__ import annotations

import re

from auditor.policy.durations import parse_lifetime
from auditor.policy.text import fold

# Header words of each column, folded (FR/EN/NL/DE).
_COLUMNS = {
    "name": r"^(nom|name|cookie|cookies|naam|nom du cookie|cookie name|nom des cookies|identifiant|traceur|nom du traceur)\b",
    "purpose": r"(finalite|purpose|objet|description|doel|zweck|utilite|usage|fonction|function|role|objectif|utilisation|type|categorie|category)",
    "lifetime": r"(duree|duration|expiration|expire|lifetime|expiry|retention|conservation|bewaartermijn|looptijd|vervaldatum|vervalt|laufzeit|speicherdauer|dauer|validite|validity|max-age|ablauf)",
    "provider": r"(fournisseur|provider|emetteur|domaine|domain|editeur|service|tiers|third|origine|source|anbieter|aanbieder|partenaire|partner|societe|company)",
}


def table_columns(rows: list[list[str]]) -> dict[str, int] | None:
    """Column index of name / purpose / lifetime / provider when the first row is a cookie
    table's header (a name and a lifetime column at least), else None."""
    if len(rows) < 2:
        return None
    header = [fold(cell).strip() for cell in rows[0]]
    columns: dict[str, int] = {}
    for key, pattern in _COLUMNS.items():
        for index, cell in enumerate(header):
            if index not in columns.values() and re.search(pattern, cell):
                columns[key] = index
                break
    if "name" not in columns or "lifetime" not in columns:
        return None
    return columns


def cookie_tables(document) -> list[dict]:
    """Rows of the document's cookie tables:
    [{"name", "purpose", "provider", "lifetime", "days", "session", "url"}]."""
    found = []
    for block in document.tables:
        rows = block.rows or []
        columns = table_columns(rows)
        if columns is None:
            continue
        for row in rows[1:]:
            def cell(key, row=row, columns=columns):
                return row[columns[key]].strip() if key in columns and columns[key] < len(row) else None
            name = cell("name")
            if not name or fold(name) == fold(rows[0][columns["name"]]):
                continue
            lifetime = cell("lifetime") or ""
            days, session = parse_lifetime(lifetime)
            found.append({"name": name, "purpose": cell("purpose"), "provider": cell("provider"),
                          "lifetime": lifetime, "days": 0 if session else days,
                          "session": session, "url": document.url})
    return found
