"""Which services a policy names, from the knowledge base's names for them.

The mapping comes from the caller (`Knowledge.default().vendor_policy_names()`): vendor name ->
names a policy may use. Names are matched case- and accent-insensitively on whole words.
auditor/data/vendor_aliases.yaml adds what the mapping cannot say: which names are a service's
own although they head other names ("Twitter" is X (Twitter); "Sendinblue" is Brevo), and
the companies behind services under all their names (Meta / Facebook, Piano / AT Internet).

A company's name ("Google", "Facebook" for Meta Pixel) only declares one of its services when
the same sentence speaks of it ("mesure d'audience : Google"); otherwise it is kept apart as a
company mention, with its quote and the companies it names, for a rule to judge."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from auditor.policy import data
from auditor.policy.text import fold, quote_of


@dataclass(frozen=True)
class Name:
    """One name a policy may write, and what it names."""
    alias: str                    # as the data spells it
    pattern: re.Pattern
    vendors: tuple[str, ...]      # services it names outright
    candidates: tuple[str, ...]   # services it names only through their company
    companies: tuple[str, ...]    # companies it names (vendor_aliases.yaml keys)


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


def _same_written(name: str) -> str:
    """The form under which two spellings match the same words ("Sales Force" and
    "Salesforce": a long name matches with or without its spaces)."""
    folded = fold(name).strip()
    squashed = re.sub(r"[\s\-]+", "", folded)
    return squashed if len(squashed) >= 6 else folded


def _aliases_data() -> dict:
    return data.load("vendor_aliases")


def _own_names(vendor: str) -> set[str]:
    """Names that name this service outright: its own, the one in its parentheses
    ("X (Twitter)" -> "twitter"), and its brands of vendor_aliases.yaml."""
    own = {fold(vendor).strip()}
    own |= {fold(part).strip() for part in re.findall(r"\(([^)]{3,})\)", vendor)}
    own |= {fold(b).strip() for b in (_aliases_data().get("brands") or {}).get(vendor) or ()}
    return own


def company_names() -> dict[str, set[str]]:
    """Folded company name -> the companies (vendor_aliases.yaml keys) it names."""
    found: dict[str, set[str]] = {}
    for company, names in (_aliases_data().get("companies") or {}).items():
        for name in [company, *names]:
            found.setdefault(fold(name).strip(), set()).add(company)
    return found


def same_company(one: str | None, other: str | None) -> bool:
    """Do two company names name the same company ("Facebook" and "Meta", "AT Internet" and
    "Piano (AT Internet)")?"""
    if not one or not other:
        return False
    one, other = fold(one).strip(), fold(other).strip()
    if one == other:
        return True
    names = company_names()
    return bool(names.get(one, set()) & names.get(other, set()))


@lru_cache(maxsize=32)
def _compiled(mapping_key: tuple) -> list[Name]:
    """Every name of the mapping and of the company list, longest first (so that "pixel
    Facebook" wins over "Facebook")."""
    aliases = [(vendor, alias) for vendor, names in mapping_key for alias in names]
    folded_all = {fold(a).strip() for _v, a in aliases}
    own = {vendor: {_same_written(n) for n in _own_names(vendor)} for vendor, _names in mapping_key}
    spelling: dict[str, str] = {}
    outright: dict[str, list[str]] = {}
    through_company: dict[str, list[str]] = {}
    for vendor, alias in aliases:
        name = fold(alias).strip()
        written = _same_written(alias)
        spelling.setdefault(written, alias)
        heads = any(other.startswith(name + " ") for other in folded_all)
        bucket = through_company if heads and written not in own[vendor] else outright
        if vendor not in bucket.setdefault(written, []):
            bucket[written].append(vendor)
    companies: dict[str, set[str]] = {}
    for name, named in company_names().items():
        companies.setdefault(_same_written(name), set()).update(named)
    # Company names the mapping implies: a first word that heads two services' names or
    # more ("Google" of "Google Analytics" and "Google Ads").
    heads: dict[str, set[str]] = {}
    for vendor, _names in mapping_key:
        words = vendor.split()
        if len(words) > 1 and len(words[0]) >= 4 and words[0][:1].isupper():
            heads.setdefault(fold(words[0]), set()).add(vendor)
    implied = {head for head, vendors in heads.items() if len(vendors) >= 2}
    for name in implied | set(companies):
        spelling.setdefault(name, _spelled(name))
    entries = []
    for written, alias in spelling.items():
        name = fold(alias).strip()
        vendors = tuple(outright.get(written, ()))
        candidates = set(through_company.get(written, ())) | {
            v for v, a in aliases if fold(a).strip().startswith(name + " ")}
        entries.append(Name(alias, re.compile(_alias_pattern(alias)), vendors,
                            tuple(sorted(candidates - set(vendors))),
                            tuple(sorted(companies.get(written, ())))))
    entries.sort(key=lambda e: -len(e.alias))
    return entries


def _spelled(name: str) -> str:
    """The data's spelling of a company name (folded, or squashed by _same_written)."""
    for company, names in (_aliases_data().get("companies") or {}).items():
        for written in [company, *names]:
            if _same_written(written) == name or fold(written).strip() == name:
                return written
    return name.title()


def _key(vendor_names: dict[str, list[str]]) -> tuple:
    return tuple(sorted((v, tuple(sorted(set([v, *names])))) for v, names in vendor_names.items()))


def _rest(candidate: str, name: str, mapping: dict[tuple, None]) -> str:
    """What a candidate's names say beyond the company's name ("analytics" of "Google
    Analytics" under "Google")."""
    rests = {a[len(name) + 1:] for v, a in mapping if v == candidate and a.startswith(name + " ")}
    if not rests:
        rests = {" ".join(w for w in fold(candidate).split() if w not in name.split())}
    return " ".join(sorted(r for r in rests if r))


def _hint_for(rest: str, sentence: str, text: str | None = None) -> str | None:
    """The words of the sentence (folded; `text` as written) that point at the service
    behind a company name."""
    text = text or sentence
    hints = _aliases_data().get("service_hints") or {}
    stop = set(_aliases_data().get("hint_stopwords") or ())
    for word, hint in hints.items():
        if re.search(rf"\b{re.escape(word)}\b", rest):
            found = data.rx(hint).search(sentence)
            if found:
                return text[found.start():found.end()]
    for word in rest.split():
        found = re.search(rf"\b{re.escape(word)}\b", sentence)
        if len(word) > 2 and word not in stop and found:
            return text[found.start():found.end()]
    return None


def _clause(folded: str, start: int, end: int) -> tuple[int, int]:
    """The clause around a name: the words that may say which of the company's services it
    is ("X et LinkedIn pour le partage, Sirdata pour la publicité": LinkedIn's is sharing)."""
    before = max(folded.rfind(mark, 0, start) for mark in (",", ";", "•", "\n"))
    after = [i for i in (folded.find(mark, end) for mark in (",", ";", "•", "\n")) if i >= 0]
    return before + 1, min(after, default=len(folded))


def match_vendors(document, vendor_names: dict[str, list[str]]) -> dict[str, list[dict]]:
    """{"declared": [{"vendor", "matched", "basis", "quote", "url"}],
        "companies": [{"company", "companies", "candidates", "quote", "url"}]}: first
    mention of each."""
    key = _key(vendor_names or {})
    entries = _compiled(key)
    folded_aliases = {(v, fold(a).strip()): None for v, names in key for a in names}
    declared: dict[str, dict] = {}
    companies: dict[str, dict] = {}
    for sentence in document.sentences:
        taken: list[tuple[int, int]] = []
        for entry in entries:
            for found in entry.pattern.finditer(sentence.folded):
                span = found.span()
                if any(s < span[1] and span[0] < e for s, e in taken):
                    continue   # inside a longer name already matched
                taken.append(span)
                matched = sentence.text[span[0]:span[1]]
                quote = quote_of(sentence.text, *span)
                for vendor in entry.vendors:
                    declared.setdefault(vendor, {"vendor": vendor, "matched": matched,
                                                 "basis": "name", "quote": quote,
                                                 "url": document.url})
                name = fold(entry.alias).strip()
                unhinted = []
                clause = _clause(sentence.folded, *span)
                for candidate in entry.candidates:
                    hint = _hint_for(_rest(candidate, name, folded_aliases),
                                     sentence.folded[clause[0]:clause[1]], sentence.text[clause[0]:clause[1]])
                    if hint:
                        declared.setdefault(candidate, {
                            "vendor": candidate, "matched": matched, "basis": "company",
                            "hint": hint, "quote": quote, "url": document.url})
                    else:
                        unhinted.append(candidate)
                if unhinted or entry.companies:
                    mention = companies.setdefault(name, {
                        "company": entry.alias, "companies": list(entry.companies),
                        "candidates": [], "quote": quote, "url": document.url})
                    mention["candidates"] = sorted(set(mention["candidates"]) | set(entry.candidates))
    # A company whose every service some sentence declares is no longer a bare mention.
    return {"declared": list(declared.values()),
            "companies": [c for c in companies.values()
                          if c["companies"] or not set(c["candidates"]) <= set(declared)]}


def declared_vendors(document, vendor_names: dict[str, list[str]]) -> list[dict]:
    """The vendors the document declares, each with the name it used and the quote."""
    return match_vendors(document, vendor_names)["declared"]
