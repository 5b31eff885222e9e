"""The legal notice's fields (LCEN art. 1-1 / ex-6 III, Belgian CSA 2:20): who publishes
the site, who directs the publication, who hosts it; each with its value and quote.

A notice speaks of several parties one after the other ("Éditeur : …", "Hébergeur : …",
or headings): the text is cut into segments, each said of one party, and a phone number is
the host's only when it stands in what is said of the host."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from auditor.policy import data
from auditor.policy.contacts import addresses, emails, phones, registrations
from auditor.policy.text import fold, quote_of, squash

FIELDS = ("publisher_name", "publisher_address", "publisher_phone", "publisher_email",
          "registration", "publication_director", "host_name", "host_address", "host_phone")
ROLES = ("publisher", "director", "host")


@dataclass
class Segment:
    role: str | None      # publisher | director | host | other | None (not said of anyone)
    text: str
    value_at: int | None  # where the party's name starts, after "Éditeur :" / "hébergé par"
    first_after_heading: bool


@lru_cache(maxsize=1)
def _anchors() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    conf = data.legal()
    inline, labels = [], []
    for role in ROLES:
        spec = conf["roles"][role]
        inline += [f"(?P<i_{role}_{n}>{p})" for n, p in enumerate(spec["inline"])]
        labels += [f"(?P<l_{role}_{n}>{p})" for n, p in enumerate(spec["labels"])]
    start = r"(?:^|(?<=[.;|])\s+|\s-\s|\s\|\s)\s*"
    label_rx = re.compile(rf"{start}(?:{'|'.join(labels)})\s*:", re.I)
    inline_rx = re.compile(rf"(?<![\w])(?:{'|'.join(inline)})(?![\w])\s*:?", re.I)
    attribute = "|".join(conf["attribute_labels"])
    attribute_rx = re.compile(rf"^(?:{attribute})$", re.I)
    other_rx = re.compile(rf"{start}(?P<other>[a-z][\w' ,/&-]{{2,40}}?)\s*:\s", re.I)
    return label_rx, inline_rx, attribute_rx, other_rx


def _role_of(match: re.Match) -> str:
    name = next(k for k, v in match.groupdict().items() if v is not None and k[:2] in ("i_", "l_"))
    return name.split("_")[1]


def heading_role(heading: str) -> str | None:
    folded = fold(squash(heading)).strip(" :")
    label_rx, inline_rx, _attribute, _other = _anchors()
    match = inline_rx.search(folded) or label_rx.search(folded + ":")
    return _role_of(match) if match else None


def segments(document) -> list[Segment]:
    """The document's lines cut where a new party is introduced."""
    label_rx, inline_rx, attribute_rx, other_rx = _anchors()
    out: list[Segment] = []
    section_role, first_block = None, False
    for block in document.blocks:
        if block.kind == "heading":
            section_role, first_block = heading_role(block.text), True
            continue
        role = section_role
        for line in block.text.split("\n"):
            line = squash(line)
            folded = fold(line)
            cuts: list[tuple[int, int, str]] = []   # (start, value_at, role)
            for match in label_rx.finditer(folded):
                cuts.append((match.start(), match.end(), _role_of(match)))
            for match in inline_rx.finditer(folded):
                if not any(s <= match.start() < v for s, v, _r in cuts):
                    cuts.append((match.start(), match.end(), _role_of(match)))
            for match in other_rx.finditer(folded):
                label = match.group("other").strip()
                if attribute_rx.match(label) or any(s <= match.start("other") < v for s, v, _r in cuts):
                    continue
                cuts.append((match.start("other"), match.end(), "other"))
            cuts.sort()
            position, value_at = 0, None
            for start, at, new_role in cuts:
                if start > position:
                    out.append(Segment(role, line[position:start], value_at, first_block))
                role, position, value_at = new_role, start, at - start
            out.append(Segment(role, line[position:], value_at, first_block))
        first_block = False
    return [s for s in out if s.text.strip()]


def _name(text: str) -> str | None:
    """A party's name at the start of `text`: up to a comma, dash, bracket or full stop."""
    conf = data.legal()["values"]
    honorific = "|".join(conf["honorifics"])
    text = re.sub(r"^[\s:–—-]*(?:(?:est|is|sont|are|par|by|on|with|at|chez|sur|assur[ée]e? par)\s+)*",
                  "", text, flags=re.I)
    text = re.sub(r"^(?:(?:la|le|les|l'|l’|the)\s+)?(?:(?:soci[ée]t[ée]|company|entreprise)\s+)?",
                  "", text, flags=re.I)
    match = re.match(rf"((?:(?:{honorific})\s+)?[^,;()\n–|/]+?)(?=\s*(?:[,;()\n–|/]|\s-\s|\.\s|\.$|$))",
                     text)
    if not match:
        return None
    name = re.split(r"['’]s\b", match.group(1))[0].strip(" .:-")
    if (len(name) < 2 or len(name) > 80 or len(name.split()) > 8
            or re.match(conf["not_a_name"], fold(name))
            or not re.match(r"[\wÀ-ÿ]", name) or re.match(r"^\d", name)):
        return None
    return name


def _field(fields, quotes, key, value, quote, url):
    if key not in fields and value:
        fields[key] = value
        quotes[key] = {"quote": quote_of(quote), "url": url}


def read_legal_notice(documents) -> dict:
    """{"fields": {field id: value}, "missing": [field ids], "quotes": {field id: {"quote",
    "url"}}, "found": bool}. Legal-notice pages are read first; a privacy policy adds only what
    it clearly says of a party ("hébergé par …")."""
    ordered = sorted(documents, key=lambda d: "legal_notice" not in d.kinds)
    fields: dict[str, str] = {}
    quotes: dict[str, dict] = {}
    for document in ordered:
        is_notice = "legal_notice" in document.kinds
        parts = segments(document)
        for segment in parts:
            role = segment.role
            text = segment.text
            if role in ROLES:
                name = None
                if segment.value_at is not None:
                    name = _name(text[segment.value_at:])
                elif segment.first_after_heading:
                    name = _name(text)
                key = {"publisher": "publisher_name", "director": "publication_director",
                       "host": "host_name"}[role]
                _field(fields, quotes, key, name, text, document.url)
            if role == "host":
                _contacts(fields, quotes, "host", text, document.url)
                country = _country(text)
                if country:
                    _field(fields, quotes, "host_country", country, text, document.url)
            elif role == "publisher" or (role is None and is_notice and not _authority(text)):
                _contacts(fields, quotes, "publisher", text, document.url)
                numbers = registrations(text)
                if numbers:
                    _field(fields, quotes, "registration", numbers[0].value, text, document.url)
    return {"fields": {k: fields[k] for k in (*FIELDS, "host_country") if k in fields},
            "missing": [f for f in FIELDS if f not in fields],
            "quotes": {k: quotes[k] for k in (*FIELDS, "host_country") if k in quotes},
            "found": any("legal_notice" in d.kinds for d in documents)}


def _authority(text: str) -> bool:
    """A line about the CNIL or the APD: its address is not the publisher's."""
    return bool(re.search(r"\bcnil\b|\bapd\b|fontenoy|autorite de protection|gegevensbeschermingsautoriteit",
                          fold(text)))


def _contacts(fields, quotes, party: str, text: str, url: str) -> None:
    place = addresses(text)
    if place:
        _field(fields, quotes, f"{party}_address", place[0].value, text, url)
    number = phones(text, avoid=place)
    if number:
        _field(fields, quotes, f"{party}_phone", number[0].value, text, url)
    if party == "publisher":
        mail = emails(text)
        if mail:
            _field(fields, quotes, "publisher_email", mail[0].value, text, url)


def _country(text: str) -> str | None:
    for country in data.legal()["values"]["countries"]:
        if re.search(rf"(?<![\w-]){re.escape(country)}(?![\w-])", text):
            return country
    return None
