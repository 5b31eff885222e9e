"""Contact details and company numbers in a piece of text: e-mail addresses (also written
"name[@]domain"), French and Belgian phone numbers, postal addresses, SIRET/SIREN/RCS/BCE."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from auditor.policy import data


@dataclass
class Found:
    value: str
    start: int
    end: int
    kind: str = ""


@lru_cache(maxsize=None)
def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


def _values() -> dict:
    return data.legal()["values"]


_DIGITS = re.compile(r"\d")
_EMAIL_HINT = re.compile(r"@|\bat\b|arobase", re.I)


def _digits(text: str) -> int:
    return len(_DIGITS.findall(text))


def registrations(text: str) -> list[Found]:
    """SIRET, SIREN, RCS, BCE/KBO, RNA numbers, with their kind, in order of appearance."""
    found: list[Found] = []
    if _digits(text) < 9:
        return found
    for kind, pattern in _values()["registration"].items():
        for match in _rx(pattern).finditer(text):
            number = re.sub(r"\s+", " ", match.group(match.lastindex or 0)).strip()
            if kind == "rcs" and match.lastindex and match.lastindex >= 2:
                value = "RCS " + match.group(1) + " " + re.sub(r"\s+", " ", match.group(2))
            elif kind == "rcs_words":
                value = f"RCS {number}"
            else:
                value = f"{kind.upper() if kind != 'be_vat' else 'TVA'} {number}"
            label = "rcs" if kind == "rcs_words" else kind
            if not any(f.start < match.end() and match.start() < f.end for f in found):
                found.append(Found(value, match.start(), match.end(), label))
    return sorted(found, key=lambda f: f.start)


def vat_numbers(text: str) -> list[Found]:
    if _digits(text) < 9:
        return []
    return [Found(re.sub(r"\s+", " ", m.group(1)), m.start(), m.end(), "vat")
            for m in _rx(_values()["vat"]).finditer(text)]


def emails(text: str) -> list[Found]:
    """Plain and obfuscated addresses; an obfuscated one is given back written plainly."""
    if not _EMAIL_HINT.search(text):
        return []
    found = [Found(m.group(0).rstrip("."), m.start(), m.end(), "email")
             for m in _rx(_values()["email"]).finditer(text)]
    for match in _rx(_values()["email_obfuscated"]).finditer(text):
        if any(f.start <= match.start() < f.end for f in found):
            continue
        domain = re.sub(r"\s*(?:\[\s*(?:dot|point)\s*\]|\(\s*(?:dot|point)\s*\)|\s(?:dot|point)\s|\.)\s*",
                        ".", match.group(2), flags=re.I)
        found.append(Found(f"{match.group(1)}@{domain}".rstrip("."), match.start(), match.end(),
                           "email"))
    return sorted(found, key=lambda f: f.start)


def phones(text: str, avoid: list[Found] = ()) -> list[Found]:
    """Phone numbers, leaving out digits that are a company number or an address."""
    found: list[Found] = []
    if _digits(text) < 9:
        return found
    blocked = list(avoid) + registrations(text) + vat_numbers(text)
    for pattern in _values()["phone"]:
        for match in _rx(pattern).finditer(text):
            span = (match.start(), match.end())
            if any(b.start < span[1] and span[0] < b.end for b in blocked + found):
                continue
            digits = re.sub(r"\D", "", match.group(0))
            if len(digits) < 9 or len(digits) > 13:
                continue
            found.append(Found(match.group(0).strip(), *span, "phone"))
    return sorted(found, key=lambda f: f.start)


@lru_cache(maxsize=1)
def _country_rx() -> re.Pattern:
    countries = "|".join(re.escape(c) for c in _values()["countries"])
    return re.compile(rf",?\s*(?:-\s*)?({countries})\b", re.I)


# where a street stands, written before it: a business park, a building
_COMPLEMENT = re.compile(
    r"(?<![\w'’])(?:(?:ZA|ZI|ZAC|ZAE|Zone|Parc|Technop[oô]le|Espace|B[aâ]t(?:iment|\.)|Immeuble|R[ée]sidence|Centre d['’]affaires)"
    r"\b[^,;:\n()]{0,40},?\s+)+$", re.I)


def addresses(text: str) -> list[Found]:
    """Postal addresses (street, postcode, town), French or Belgian."""
    found: list[Found] = []
    if _digits(text) < 5:
        return found
    for pattern in _values()["address"]:
        for match in _rx(pattern).finditer(text):
            if any(f.start < match.end() and match.start() < f.end for f in found):
                continue
            start, end = match.start(), match.end()
            complement = _COMPLEMENT.search(text[:start])
            if complement:
                start = complement.start()   # « ZA des Portes du Tarn, 12 rue … »
            country = _country_rx().match(text[end:])
            if country:
                end += country.end()
            value = re.sub(r"\s+", " ", text[start:end]).strip(" ,.–-")
            found.append(Found(value, start, end, "address"))
    return sorted(found, key=lambda f: f.start)
