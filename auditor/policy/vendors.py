"""Which services a policy names, from the knowledge base's names for them.

The mapping comes from the caller (`Knowledge.default().vendor_policy_names()`): vendor name ->
names a policy may use. Names are matched case- and accent-insensitively on whole words.

A bare company name ("Google") that other names of the mapping start with ("Google
Analytics", "Google Ads") only declares one of those services when the same sentence speaks of
it ("mesure d'audience : Google"); otherwise it is kept apart as a company mention, with its
quote, for a later rule to judge."""
from __future__ import annotations

import re
from functools import lru_cache

from auditor.policy.text import fold, quote_of

# What the rest of a service's name means, in the words policies use instead.
_SERVICE_HINTS = {
    "analytics": r"analytics|analyse|mesure d'audience|audience|statisti\w*|frequentation|analytique|web analytics",
    "ads": r"\bads\b|adwords|publicit\w*|advertis\w*|annonces|remarketing|reciblage|retargeting|conversion",
    "pixel": r"pixel|conversion|publicit\w*|advertis\w*|reciblage|retargeting",
    "tag manager": r"tag manager|gestionnaire de balises|balises|\btags?\b",
    "maps": r"\bmaps?\b|cartes?|cartographi\w*|geolocali\w*|plan d'acces",
    "fonts": r"fonts?|polices?",
    "recaptcha": r"captcha|anti-spam|robots?",
    "youtube": r"video|youtube",
    "doubleclick": r"doubleclick|publicit\w*|advertis\w*",
}


def _alias_pattern(alias: str) -> str:
    """A whole-word pattern; a long name also matches written with or without a space or
    hyphen inside ("Sales Force", "AT Internet" / "ATInternet")."""
    folded = fold(alias).strip()
    squashed = re.sub(r"[\s\-]+", "", folded)
    if len(squashed) >= 6:
        body = r"[\s\-]?".join(re.escape(c) for c in squashed)
    else:
        body = r"[\s\-]+".join(re.escape(w) for w in re.split(r"[\s\-]+", folded))
    return rf"(?<![\w@.]){body}(?![\w])(?!\.(?:com|fr|net|org|io|be)\b)|(?<![\w])(?:www\.)?{body}\.(?:com|fr|net|org|io|be|eu)\b"


@lru_cache(maxsize=32)
def _compiled(mapping_key: tuple) -> list[tuple[str, str, re.Pattern, bool, str]]:
    """(vendor, alias, pattern, is_company_only, service_rest) for every alias, longest
    first (so that "pixel Facebook" wins over "Facebook")."""
    aliases = [(vendor, alias) for vendor, names in mapping_key for alias in names]
    folded = {(v, a): fold(a).strip() for v, a in aliases}
    entries = []
    for vendor, alias in aliases:
        name = folded[(vendor, alias)]
        longer = [folded[(v, a)] for v, a in aliases
                  if folded[(v, a)].startswith(name + " ") and folded[(v, a)] != name]
        # A company name heads other names and is not this vendor's own name.
        company_only = bool(longer) and name != fold(vendor).strip()
        rest = " ".join(sorted({n[len(name) + 1:] for n in longer}))
        entries.append((vendor, alias, re.compile(_alias_pattern(alias)), company_only, rest))
    # Company names the mapping implies: a first word that heads names of two vendors or more
    # ("Google" of "Google Analytics" and "Google Ads"), when no vendor is called so.
    heads: dict[str, set[str]] = {}
    for vendor, alias in aliases:
        words = alias.split()
        if len(words) > 1 and len(words[0]) >= 4 and words[0][:1].isupper():
            heads.setdefault(words[0], set()).add(vendor)
    known = set(folded.values())
    for head, vendors in heads.items():
        if len(vendors) >= 2 and fold(head) not in known:
            rest = " ".join(sorted({n[len(fold(head)) + 1:] for n in known
                                    if n.startswith(fold(head) + " ")}))
            entries.append((None, head, re.compile(_alias_pattern(head)), True, rest))
    entries.sort(key=lambda e: -len(e[1]))
    return entries


def _key(vendor_names: dict[str, list[str]]) -> tuple:
    return tuple(sorted((v, tuple(sorted(set([v, *names])))) for v, names in vendor_names.items()))


def _hint_for(rest: str, sentence: str) -> str | None:
    """The words of the sentence that point at the service behind a company name."""
    for word, hint in _SERVICE_HINTS.items():
        if word in rest:
            found = re.search(hint, sentence)
            if found:
                return found.group(0)
    for word in rest.split():
        if len(word) > 2 and re.search(rf"\b{re.escape(word)}\b", sentence):
            return word
    return None


def match_vendors(document, vendor_names: dict[str, list[str]]) -> dict[str, list[dict]]:
    """{"declared": [{"vendor", "matched", "basis", "quote", "url"}],
        "companies": [{"company", "candidates", "quote", "url"}]}: first mention of each."""
    entries = _compiled(_key(vendor_names or {}))
    declared: dict[str, dict] = {}
    companies: dict[str, dict] = {}
    for sentence in document.sentences:
        taken: list[tuple[int, int]] = []
        for vendor, alias, pattern, company_only, rest in entries:
            for found in pattern.finditer(sentence.folded):
                span = found.span()
                if any(s < span[1] and span[0] < e for s, e in taken):
                    continue   # inside a longer name already matched
                taken.append(span)
                matched = sentence.text[span[0]:span[1]]
                quote = quote_of(sentence.text, *span)
                if not company_only:
                    declared.setdefault(vendor, {"vendor": vendor, "matched": matched,
                                                 "basis": "name", "quote": quote,
                                                 "url": document.url})
                    continue
                hint = _hint_for(rest, sentence.folded)
                if hint:
                    candidates = [v for v, a, _p, _c, _r in entries
                                  if fold(a).startswith(fold(alias) + " ")
                                  and _hint_for(fold(a)[len(fold(alias)) + 1:], sentence.folded)]
                    for candidate in candidates or ([vendor] if vendor else []):
                        declared.setdefault(candidate, {
                            "vendor": candidate, "matched": matched, "basis": "company",
                            "hint": hint, "quote": quote, "url": document.url})
                else:
                    entry = companies.setdefault(fold(alias), {
                        "company": alias, "candidates": [], "quote": quote,
                        "url": document.url})
                    if vendor and vendor not in entry["candidates"]:
                        entry["candidates"].append(vendor)
    for entry in companies.values():
        entry["candidates"] = sorted(set(entry["candidates"]) | {
            v for v, a, _p, _c, _r in entries
            if v and fold(a).startswith(fold(entry["company"]) + " ")})
    # A company that some sentence does tie to a service is declared, not merely mentioned.
    return {"declared": list(declared.values()),
            "companies": [c for c in companies.values()
                          if not set(c["candidates"]) <= set(declared)]}


def declared_vendors(document, vendor_names: dict[str, list[str]]) -> list[dict]:
    """The vendors the document declares, each with the name it used and the quote."""
    return match_vendors(document, vendor_names)["declared"]
