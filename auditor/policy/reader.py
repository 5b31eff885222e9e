"""A site's own word, read from its legal pages: the report's `policy` and `legal_notice`
blocks (report-contract.md)."""
from __future__ import annotations

from collections import Counter

from auditor.policy.claims import read_claims
from auditor.policy.cookie_table import cookie_tables
from auditor.policy.durations import stated_durations
from auditor.policy.elements import read_elements
from auditor.policy.legal_notice import read_legal_notice
from auditor.policy.vendors import _compiled, _key, match_vendors


def read_policy(documents, vendor_names: dict[str, list[str]] | None = None) -> dict:
    """The `policy` block from the privacy policy, cookie policy and any other page given
    (content is often split across them)."""
    readable = [d for d in documents if not d.error]
    vendor_names = vendor_names or {}
    entries = _compiled(_key(vendor_names))

    declared, companies = [], []
    for document in readable:
        found = match_vendors(document, vendor_names)
        declared += [v for v in found["declared"] if v["vendor"] not in {d["vendor"] for d in declared}]
        companies += [c for c in found["companies"]
                      if c["company"].lower() not in {k["company"].lower() for k in companies}]
    names_declared = {d["vendor"] for d in declared}
    companies = [c for c in companies
                 if c.get("companies") or not set(c["candidates"]) <= names_declared]

    table = [row for document in readable for row in cookie_tables(document)]
    lifetimes, retention, consent = [], [], []
    for row in table:
        if row["days"] is not None or row["session"]:
            lifetimes.append({"subject": row["name"], "subject_kind": "cookie",
                              "days": row["days"], "session": row["session"],
                              "quote": f'{row["name"]} | {row["purpose"] or ""} | {row["lifetime"]}',
                              "url": row["url"], "from_table": True})
    names = {row["name"] for row in table}
    for document in readable:
        found = stated_durations(document, entries, names)
        lifetimes += _new(found["lifetimes"], lifetimes)
        retention += _new(found["retention"], retention)
        consent += _new(found["consent"], consent)

    claims, claim_quotes = read_claims(readable)
    first = lambda key: claim_quotes[key][0] if claim_quotes.get(key) else False  # noqa: E731
    present, missing, controller = read_elements(
        readable,
        retention_found=({"quote": retention[0]["quote"], "url": retention[0]["url"]}
                         if retention else False),
        no_third_parties=first("no_third_parties"),
        transfer_claims=first("eu_only") or first("eu_only_contradicted_by"))

    return {
        "language": _language(readable),
        "sources": [d.summary() for d in documents],
        "declared_vendors": [d["vendor"] for d in declared],
        "vendor_mentions": declared,
        "company_mentions": companies,
        "stated_lifetimes": lifetimes,
        "retention_periods": retention,
        "consent_periods": consent,
        "cookie_table": table,
        "claims": claims,
        "claim_quotes": claim_quotes,
        "elements": {"present": present, "missing": missing},
        "controller": controller,
        "errors": [{"url": d.url, "reason": d.error} for d in documents if d.error]
                  + [{"url": d.url, "reason": d.language_reason} for d in readable
                     if d.language is None and d.language_reason],
    }


def read_site_documents(documents, vendor_names: dict[str, list[str]] | None = None) -> dict:
    """{"policy": {...}, "legal_notice": {...}} for a site's legal pages (Documents)."""
    readable = [d for d in documents if not d.error]
    return {"policy": read_policy(documents, vendor_names),
            "legal_notice": read_legal_notice(readable)}


def _new(entries: list[dict], kept: list[dict]) -> list[dict]:
    seen = {(e["subject"].lower(), e["days"], e["session"]) for e in kept}
    return [e for e in entries if (e["subject"].lower(), e["days"], e["session"]) not in seen]


def _language(documents) -> str | None:
    """The privacy policy's language, else the most common one among the pages."""
    for document in documents:
        if "privacy_policy" in document.kinds and document.language:
            return document.language
    counted = Counter(d.language for d in documents if d.language)
    return counted.most_common(1)[0][0] if counted else None
