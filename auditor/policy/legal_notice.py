"""The legal notice's fields (LCEN art. 1-1 / ex-6 III, Belgian CSA 2:20 and CDE III.74): who
publishes the site (its name, legal form, address, phone, e-mail, company number), who directs
the publication, who hosts it; each with its value and quote.

A notice is read by its structure: sections opened by a heading or a lone label (« Éditeur »,
« Hébergeur », "Publisher", « Uitgever », a definition term, a table's first column), and
within a line the words that introduce a party ("Éditeur :", « édité par », "hosted by").
A party's name is, by preference, the value of a name label (« Raison sociale : »), the words
after what introduced the party, the head of its section, or the words around a legal form."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from auditor.policy import data
from auditor.policy.company_numbers import checks, siren_of_vat
from auditor.policy.contacts import addresses, emails, phones, registrations, vat_numbers
from auditor.policy.legal_forms import is_only_form, legal_forms
from auditor.policy.text import fold, quote_of, sentences, squash

FIELDS = ("publisher_name", "legal_form", "publisher_address", "publisher_phone",
          "publisher_email", "registration", "publication_director", "host_name", "host_address",
          "host_phone")
ROLES = ("publisher", "director", "host", "both")
_NAME_FIELD = {"publisher": "publisher_name", "director": "publication_director",
               "host": "host_name"}
# how a name was found, best first
BY_NAME_LABEL, BY_ANCHOR, BY_SECTION_HEAD, BY_LEGAL_FORM, BY_NOTICE_HEAD = range(5)


@dataclass
class Line:
    text: str
    heading: bool


@dataclass
class Segment:
    role: str | None      # publisher | director | host | both | other | None (not said of anyone)
    text: str
    value_at: int | None  # where the party's name starts, after "Éditeur :" / "hébergé par"
    head: int | None      # the first words of a section (BY_SECTION_HEAD) or of the notice
    name_label: bool = False   # "Nom : …", "Raison sociale : …"


@lru_cache(maxsize=1)
def _anchors() -> dict[str, re.Pattern]:
    conf = data.legal()
    inline, labels = [], []
    for role in ROLES:
        spec = conf["roles"][role]
        inline += [f"(?P<i_{role}_{n}>{p})" for n, p in enumerate(spec["inline"])]
        labels += [f"(?P<l_{role}_{n}>{p})" for n, p in enumerate(spec["labels"])]
    inline += [f"(?P<o_other_i{n}>{p})" for n, p in enumerate(conf["other_inline"])]
    labels += [f"(?P<n_name_{n}>{p})" for n, p in enumerate(conf["name_labels"])]
    labels += [f"(?P<o_other_{n}>{p})" for n, p in enumerate(conf["other_labels"])]
    labels += [f"(?P<t_neutral_{n}>{p})" for n, p in enumerate(conf["headings"]["neutral"])]
    start = r"(?:^|(?<=[.;|·•])\s*|\s[-–—]\s)\s*"
    headings = {role: re.compile(rf"^(?:{'|'.join(patterns)})$", re.I)
                for role, patterns in conf["headings"].items()}
    return {
        # « Hébergement / Hosting : », « Éditeur (Publisher) : »
        "label": re.compile(rf"{start}(?:{'|'.join(labels)})(?:\s*/\s*[\w' ]{{2,25}}?|\s*\([\w' ]{{2,25}}\))?\s*:", re.I),
        "inline": re.compile(rf"(?<![\w])(?:{'|'.join(inline)})(?![\w])\s*:?", re.I),
        "lone": re.compile(rf"^(?:{'|'.join(labels + [a for a in _attributes()])})\s*:?$", re.I),
        **{f"heading_{role}": rx for role, rx in headings.items()},
    }


def _attributes() -> list[str]:
    return [f"(?:{p})" for p in data.legal()["attribute_labels"]]


def _kind_of(match: re.Match) -> tuple[str, str]:
    """("label" | "inline" | "name" | "other" | "neutral", role) of an anchor's match."""
    name = next(k for k, v in match.groupdict().items() if v is not None)
    prefix, role = name.split("_")[:2]
    return {"i": "inline", "l": "label", "n": "name", "o": "other", "t": "neutral"}[prefix], role


def _heading_text(text: str) -> str:
    """« 2. Éditeur du site : », "Article 3 – Hébergement", « Éditeur / Publisher »: the words."""
    folded = fold(squash(text)).strip(" :.-–—?!")
    folded = re.sub(r"\s*\([^()]*\)\s*$", "", folded)   # "Publisher (English)"
    folded = re.sub(r"^(?:(?:article|art\.|section|partie)\s*)?(?:\d+|[ivx]+|[a-h])[.)°:\-–— ]+\s*",
                    "", folded)
    return folded.strip(" :.-–—")


def heading_role(heading: str) -> str | None:
    """The party a heading (or a lone label) opens a section for; "neutral" for the notice's
    own title, "same" for a part that goes on about the same party; None for other words."""
    anchors = _anchors()
    text = _heading_text(heading)
    parts = [p.strip() for p in re.split(r"\s*/\s*|\s+[-–—]\s+|,\s*|\s+et\s+|\s+and\s+|\s+en\s+", text) if p.strip()]
    for role in ("both", "director", "host", "publisher", "neutral", "same"):
        rx = anchors[f"heading_{role}"]
        if rx.match(text) or (parts and all(rx.match(p) for p in parts)) or (parts and rx.match(parts[0])):
            return role
    return None


def _other_topic(heading: str) -> bool:
    """« Propriété intellectuelle », "Credits", « Cookies »: a part not about the parties."""
    text = _heading_text(heading)
    return bool(re.match(rf"^(?:{'|'.join(data.legal()['other_labels'])})\b", text))


def _is_content(text: str) -> bool:
    """A "heading" that is a line of the notice itself (a name, an address, a number)."""
    return bool(re.search(r"\d|@|,", text)) or bool(legal_forms(text)) or len(text.split()) > 10


def _label_words(text: str) -> str:
    """« N° RNA », « Numéro de SIRET : »: the label's words."""
    return re.sub(r"^(?:n°|no\b\.?|num(?:ero)?\b\.?)\s*(?:de\s+|d'\s*)?", "", fold(text).strip(" :"))


def lines(document) -> list[Line]:
    """The document's lines, a table row written "label : value", a lone label (a definition
    term) joined to the line after it, a street written over two lines joined."""
    raw: list[Line] = []
    for block in document.blocks:
        if block.kind == "table" and block.rows:
            for row in block.rows:
                cells = [squash(c) for c in row if squash(c)]
                if len(cells) >= 2:
                    raw.append(Line(f"{cells[0].rstrip(' :')} : {' – '.join(cells[1:])}", False))
                elif cells:
                    raw.append(Line(cells[0], False))
            continue
        for text in block.text.split("\n"):
            text = re.sub(r"^\s*[•·▪◦‣*●○■□–—-]\s+", "", squash(text))
            if text:
                raw.append(Line(text, block.kind == "heading" and not _is_content(text)))
    out: list[Line] = []
    lone = _anchors()["lone"]
    index = 0
    while index < len(raw):
        line = raw[index]
        following = raw[index + 1] if index + 1 < len(raw) else None
        if (following and not line.heading and not following.heading
                and heading_role(line.text) is None and lone.match(_label_words(line.text))
                and not lone.match(fold(following.text).strip())):
            out.append(Line(f"{line.text.rstrip(' :')} : {following.text}", False))
            index += 2
            continue
        if (following and not line.heading and not following.heading
                and re.search(r"\b(?:rue|avenue|chemin|boulevard|place|allee|impasse|route|quai|lieu-dit)\b",
                              fold(line.text)) and not addresses(line.text)):
            # a street, perhaps a « CS 83112 » or « BP 12 », then the postcode and town
            box = 1 if re.match(r"^(?:CS|BP|TSA|B\.P\.)\s*\d+$", following.text) else 0
            town = raw[index + 1 + box] if index + 1 + box < len(raw) else None
            if town and not town.heading and re.match(r"^(?:[A-Z]{1,2}-)?\d{4,5}\s+\w", town.text):
                out.append(Line(" ".join(r.text for r in raw[index:index + 2 + box]), False))
                index += 2 + box
                continue
        out.append(line)
        index += 1
    return out


def segments(document) -> list[Segment]:
    """The notice cut where a new party (or someone who is none of them) is introduced."""
    anchors = _anchors()
    out: list[Segment] = []
    role: str | None = None
    head: int | None = None   # the site's header above the notice's title is not its head
    for line in lines(document):
        # a heading, or a lone label; « Hébergement / Hosting : Zenne Digital » is a line
        opened = (heading_role(line.text)
                  if len(line.text) <= 80 and (line.heading or not re.search(r":\s*\S", line.text)) else None)
        if opened == "same":
            continue
        # a name set as a heading right under « Éditeur » is the section's first line
        if line.heading and opened is None and head in (BY_SECTION_HEAD, BY_NOTICE_HEAD):
            pass
        elif line.heading and opened is None and not _other_topic(line.text):
            continue   # « Exploitation viticole », a heading that goes on about the same party
        elif line.heading or (opened and opened != "neutral"):
            role = None if opened == "neutral" else (opened or "other")
            head = (BY_NOTICE_HEAD if opened == "neutral"
                    else BY_SECTION_HEAD if role != "other" else None)
            continue
        text = line.text
        if role == "director" and head == BY_SECTION_HEAD and _organisation(text):
            role = "publisher"   # « Éditeur responsable » over a commune: its publisher
        folded = fold(text)
        cuts: list[tuple[int, int, str, str]] = []   # (start, value_at, kind, role)
        for match in anchors["label"].finditer(folded):
            kind, new_role = _kind_of(match)
            start = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
            cuts.append((start, match.end(), kind, new_role))
        for match in anchors["inline"].finditer(folded):
            if not any(s <= match.start() < v for s, v, _k, _r in cuts):
                kind, new_role = _kind_of(match)
                # "Verantwortlich im Sinne des Presserechts: Anne Keller": the value after the colon
                colon = None if match.group(0).rstrip().endswith(":") else re.match(
                    r"(?:[^:.;]|(?<=abs)\.){0,40}:\s*", folded[match.end():])
                at = match.end() + (colon.end() if colon else 0)
                cuts.append((match.start(), at, kind, new_role))
        cuts.sort()
        line_role = role
        # « X, photographe, qui en est la directrice de la publication » then « Adresse : … »:
        # a director named within a sentence does not take the next lines
        inline_director = any(k == "inline" and r == "director" and c > 0 for c, _a, k, r in cuts)
        if head is not None and re.match(r"^[^\W\d][\w .'’/-]{1,30}\s*:", text) and not any(
                c[0] == 0 and c[2] == "name" for c in cuts):
            head = None   # « Telefon : … » under « Kontakt »: a detail, not the party's name
        position, value_at, name_label, first = 0, None, False, True
        for start, at, kind, new_role in cuts:
            if start > position:
                out.append(Segment(role, text[position:start], value_at, head if first else None,
                                   name_label))
                first = False
            if kind in ("label", "inline"):
                role = new_role
            elif kind == "other":
                role = "other"
            elif kind == "neutral":
                role = None
            name_label = kind == "name"
            position, value_at = start, at - start
        out.append(Segment(role, text[position:], value_at, head if first else None, name_label))
        # "… est exploité par :" at a line's end: the party's name is the next line
        head = BY_SECTION_HEAD if value_at is not None and not text[position + value_at:].strip() else None
        if inline_director and role == "director" and head is None:
            role = line_role
    return [s for s in out if s.text.strip()]


_SEPARATOR = re.compile(r"\s*(?:[,;|·•–—\n:]|\s[-/]\s|\.\s|\.$|\(|$)")
_ADDRESS_START = re.compile(
    r"\s(?:\d{1,4}(?:\s?[-–]\s?\d{1,4})?(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|chemin|all[ée]e|impasse|quai|route|cours|square|lieu-dit)\b"
    r"|(?:Rue|Avenue|Boulevard|Chaussée|Place|Chemin|Quai|Square|Drève|Allée)\s"
    r"|[A-Z][\wÀ-ÿ]*(?:straat|steenweg|laan|weg|plein|lei|dreef|strasse|straße|gasse|platz)\s+\d"
    r"|(?:[A-Z]-)?\d{4,5}\s+[A-Z])")
_LEAD = re.compile(r"^(?:[\s:–—\-|·•©«»“”\"]+|\(c\)\s*|copyright\s+|\d{4}(?:\s*[-–]\s*\d{4})?\s+)+", re.I)
_CONNECTIVES = re.compile(
    r"^(?:(?:est|is|sont|are|par|by|door|von|de|d'|d’|van|chez|sur|on|with|at|bei|bij|assur[ée]e?\s+par|exploit[ée]e?\s+par"
    r"|(?:du|of the|of this)\s+(?:pr[ée]sent\s+)?(?:site|website|blog)(?:\s+internet)?)\s+|d['’])",
    re.I)


def _article_and_noun(text: str) -> str:
    """« la société OVH », « l'EARL du Clos », "the company X": words before the name, in
    lower case only (« Les Paniers de Léon » keeps its « Les »)."""
    flags = re.I if text[:30].isupper() else 0   # « LA SOCIETE VELOS DU LUBERON »
    return re.sub(r"^(?:(?:la|le|les|the|une?|a|an)\s+|l['’])?"
                  r"(?:(?:soci[ée]t[ée]|company|entreprise|coop[ée]rative|association|firme?|structure|vennootschap|firma)\s+)?",
                  "", text, flags=flags)


def _name(text: str, role: str | None = None) -> str | None:
    """A party's name at the start of `text`: up to a separator, a bracket kept when it
    gives another name ("WordPress.com (Automattic Inc.)"), a trailing ", LLC" kept."""
    conf = data.legal()
    text = _LEAD.sub("", text)
    for _ in range(3):
        text = _CONNECTIVES.sub("", text).lstrip(" :")
    honorific = re.match(rf"(?:{'|'.join(conf['values']['honorifics'])})\s+", text)
    if honorific:
        rest = _name(text[honorific.end():], role)
        return f"{honorific.group(0)}{rest}" if rest else None
    if role == "host":
        text = re.sub(rf"^(?:{conf['host_own_servers']})", "", text, flags=re.I)
    text = _LEAD.sub("", _article_and_noun(text))
    end = _SEPARATOR.search(text)
    name = text[:end.start()] if end else text
    rest = text[end.start():] if end else ""
    bracket = re.match(r"\s*\(([^()\d]{2,40})\)", rest)
    # "WordPress.com (Automattic Inc.)", « LWS (Ligne Web Services) »: another name, not a department
    if bracket and (legal_forms(bracket.group(1)) or (
            len(bracket.group(1).split()) <= 3 and role != "director"
            and all(w[:1].isupper() for w in bracket.group(1).split() if len(w) > 3))):
        name += " (" + bracket.group(1).strip() + ")"
    else:
        form_after = re.match(r"\s*,\s*([^,;|()–—\n]{2,12}?)\s*(?=[,;|–—\n]|$)", rest)
        if form_after and is_only_form(form_after.group(1)):
            name += ", " + form_after.group(1).strip()
    address = _ADDRESS_START.search(" " + name)
    if address and address.start() > 0:
        name = name[:address.start() - 1]
    # "Banque du Rhône SA à conseil d'administration": the form's description is not the name
    for form in legal_forms(name):
        tail = name[form.end:].strip()
        if tail and tail[0].islower() and form.start > 0:
            name = name[:form.start]
            break
    name = re.split(r"['’]s\b", name)[0].strip(" .:-–—«»“”\"")
    name = re.sub(r"\s+(?:elle|lui|eux)[- ]m[êe]mes?$|\s+(?:itself|zelf|selbst)$", "", name)
    if name.endswith((" Ltd", " Inc", " Corp", " S.A", " B.V")):
        name += "."
    folded = fold(name)
    # « les conditions » is a sentence, « Les Paniers de Léon » a name
    sentence = re.match(conf["values"]["not_a_name"], folded) and (
        name[:1].islower() or not any(w[:1].isupper() for w in name.split()[1:]))
    described = len(name.split()) > 1 and (not re.search(r"[A-ZÀ-Ý0-9]", name) or (
        # « Exerçant en entreprise individuelle », « Société civile immobilière »
        not re.search(r"[A-ZÀ-Ý0-9]", name[1:]) and any(not f.abbreviated for f in legal_forms(name))))
    if (len(name) < 2 or len(name) > 80 or len(name.split()) > 9 or sentence or described
            or not re.match(r"[\wÀ-ÿ]", name) or re.match(r"^\d", name)
            or is_only_form(name) or heading_role(name) or _anchors()["lone"].match(folded)):
        return None
    return name


def _person(text: str) -> str | None:
    """The director's name: « Monsieur le Président, Alain Boucher » gives Alain Boucher."""
    titles = data.legal()["titles"]
    for _ in range(3):
        name = _name(text)
        if name is None:
            title = re.match(r"^\s*(?:le|la|l'|the)\s+[^,;]+,", text, flags=re.I)
            if not title:
                return None
            text = text[title.end():]
            continue
        if not re.match(titles, fold(name).strip()):
            return name
        after = text.find(",", text.find(name.split()[-1]))
        if after < 0:
            return None
        text = text[after + 1:]
    return None


def _name_at_form(text: str, previous: str = "") -> tuple[str, str, bool] | None:
    """(name, form, on the same line) of a body named with its legal form: « Fromagerie Duval, SARL au capital
    … » (the words before), « SNC Tabac Presse du Port, … » or « Immo Lemaire SA – … » (the
    words around)."""
    forms = legal_forms(text)
    if not forms:
        return None
    form = forms[0]
    bounds = [0] + [m.end() for m in re.finditer(r"[,;|·•–—(\n]|\s[-/]\s|\.\s", text)] + [len(text)]
    start = max(b for b in bounds if b <= form.start)
    end = min(b for b in bounds if b > form.start)
    chunk = text[start:end]
    own = text[form.end:end].strip(" ,;|·•–—(")
    described = not own or re.match(data.legal()["form_descriptions"], fold(own))
    before = text[:start].rstrip(" ,;|·•–—(") or previous
    if described and form.start - start <= 2:
        # « Les Amis du Moulin » then « Association loi 1901 déclarée … »: the line before
        name = _name(re.split(r"[,;|·•–—(\n]|\s-\s|\.\s", before)[-1]) if before else None
        return (name, form.form, bool(text[:start].strip())) if name else None
    name = _name(chunk) or (_name(text[form.start:end]) if form.abbreviated else None)
    return (name, form.form, True) if name else None


def _director_before(before: str) -> str | None:
    """« Anaïs Petit est directrice de la publication »: the name in the words before the anchor."""
    match = re.search(r"([A-ZÀ-Ý][\wÀ-ÿ'’\-]+(?:\s+[A-ZÀ-Ý][\wÀ-ÿ'’\-]+){1,3})\s+(?:est|is|sont|are)\s*(?:la |le |the )?$",
                      before)
    return match.group(1) if match else None


class _Fields:
    """Values found so far, each with its quote; a name kept only if none better was found."""

    def __init__(self):
        self.values: dict[str, str] = {}
        self.quotes: dict[str, dict] = {}
        self.rank: dict[str, float] = {}
        self.check: dict | None = None   # the registration number's check digits
        self.titles: list[str] = []         # a director given only as « le gérant »

    def add(self, key: str, value, quote: str, url: str, rank: float = 0) -> None:
        if not value or (key in self.values and self.rank[key] <= rank):
            return
        self.values[key] = value
        self.quotes[key] = {"quote": quote_of(quote), "url": url}
        self.rank[key] = rank


def _roles_of(role: str | None) -> tuple[str, ...]:
    return ("publisher", "host") if role == "both" else (role,)


def read_legal_notice(documents, jurisdiction: str | None = None) -> dict:
    """{"fields": {field id: value}, "missing": [field ids], "quotes": {field id: {"quote",
    "url"}}, "found": bool, "sections": [parties whose section was read], "registration_check":
    {"kind", "valid"} where the number has check digits (Luhn, mod 97)}. Legal-notice pages are
    read first, in any language, and what one says counts for all; a privacy policy adds only
    what it clearly says of a party ("hébergé par …"). A field is missing only when a notice
    was read."""
    ordered = sorted(documents, key=lambda d: "legal_notice" not in d.kinds)
    found = _Fields()
    sections: set[str] = set()
    same_address = self_hosted = False
    texts: list[tuple[str, str]] = []
    for document in ordered:
        is_notice = "legal_notice" in document.kinds
        previous = ""
        for segment in segments(document):
            texts.append((segment.text, document.url))
            for role in _roles_of(segment.role):
                _read_segment(found, segment, role, is_notice, document.url, jurisdiction, previous)
                if role in ("publisher", "host", "director"):
                    sections.add(role)
                elif role is None and is_notice and found.values.get("publisher_name"):
                    sections.add("publisher")
            if segment.role in ("host", "both"):
                if re.search(data.legal()["same_address"], fold(segment.text)):
                    same_address = True
                if re.search(data.legal()["self_hosted"], fold(segment.text)):
                    self_hosted = True
            previous = segment.text
    _sole_trader(found)
    _director_by_title(found, texts)
    if self_hosted and "publisher_name" in found.values:
        # « hébergé en interne », "op eigen servers": the publisher hosts its site; « par le
        # Département » is the publisher named short
        publisher = found.values["publisher_name"]
        if fold(found.values.get("host_name", publisher)) in fold(publisher):
            found.values.pop("host_name", None)
        found.add("host_name", publisher, found.quotes["publisher_name"]["quote"],
                  found.quotes["publisher_name"]["url"], 9)
        same_address = True
    if same_address:
        for field in ("address", "phone"):
            if f"publisher_{field}" in found.values:
                found.add(f"host_{field}", found.values[f"publisher_{field}"],
                          found.quotes[f"publisher_{field}"]["quote"], found.quotes[f"publisher_{field}"]["url"], 9)
    keys = (*FIELDS, "host_country", "registration_court")
    read = any("legal_notice" in d.kinds and not d.error for d in documents)
    return {"fields": {k: found.values[k] for k in keys if k in found.values},
            "missing": [f for f in FIELDS if f not in found.values] if read else [],
            "quotes": {k: found.quotes[k] for k in keys if k in found.quotes},
            "found": any("legal_notice" in d.kinds for d in documents),
            "sections": sorted(sections),
            **({"registration_check": found.check}
               if found.check and found.check["valid"] is not None and "registration" in found.values else {})}


def _read_segment(found: _Fields, segment: Segment, role: str | None, is_notice: bool,
                  url: str, jurisdiction: str | None, previous: str) -> None:
    text = segment.text
    if role == "director":
        # the director's phone and e-mail are a way to reach the publisher
        for key, values in (("publisher_phone", phones(text)), ("publisher_email", emails(text))):
            if values:
                found.add(key, values[0].value, text, url, 8)
        if segment.value_at is not None:
            # « Anaïs Petit est directrice de la publication »: the name came before
            name = _person(text[segment.value_at:]) or _director_before(previous)
            if name is None and re.search(r"\bqui (?:en )?est (?:aussi |egalement |également )?(?:le |la )?$", previous):
                name = found.values.get("publisher_name")   # « … qui en est également la directrice »
            if name is None:
                title = re.match(r"\s*(?:le|la|l')\s*([a-zà-ÿ]+)\b", text[segment.value_at:], re.I)
                if title and re.match(data.legal()["titles"], fold(title.group(0)).strip()):
                    found.titles.append(title.group(1))   # « le gérant »: named elsewhere, perhaps
            found.add("publication_director", name, text, url, BY_ANCHOR)
        elif segment.head is not None:
            found.add("publication_director", _person(text), text, url, segment.head)
        return
    party = role if role in ("publisher", "host") else (
        "publisher" if role is None and is_notice else None)
    if party is None:
        return
    key = _NAME_FIELD[party]
    value = text[segment.value_at or 0:]
    if segment.name_label:
        found.add(key, _name(value, party), text, url, BY_NAME_LABEL)
    elif segment.value_at is not None and role is not None:
        # « publié par le magasin X, exploité par la société Y, SARL … »: the company, named
        # with its legal form, before its shop sign
        found.add(key, _name(value, party), text, url, BY_ANCHOR - 0.5 * bool(legal_forms(value)))
    elif segment.head is not None:
        found.add(key, _name(text, party), text, url, segment.head)
    if is_notice or role is not None:
        at_form = _name_at_form(value, previous)
        if at_form:
            # a name taken from the line above its legal form is only a guess
            found.add(key, at_form[0], text, url, BY_LEGAL_FORM if at_form[2] else BY_NOTICE_HEAD + 1)
    if party == "publisher" and is_notice:
        forms = legal_forms(text, jurisdiction)
        if forms:
            found.add("legal_form", forms[0].form, text, url)
    _contacts(found, party, text, url, introduced=segment.value_at is not None)
    if party == "host":
        country = _country(text)
        if country:
            found.add("host_country", country, text, url)
        return
    numbers = registrations(text)
    if numbers:
        if "registration" not in found.values:
            found.check = {"kind": numbers[0].kind, "valid": checks(numbers[0].kind, numbers[0].value)}
        found.add("registration", numbers[0].value, text, url)
        court = re.search(r"\b(?:RPM|RPR)\s*(?:de\s+|te\s+|:\s*)?([A-ZÀ-Ý][\wÀ-ÿ'\-]+)", text)
        if court:
            found.add("registration_court", court.group(1), text, url)
    else:
        for vat in vat_numbers(text):
            siren = siren_of_vat(vat.value)
            if siren:
                found.add("registration", f"SIREN {siren[:3]} {siren[3:6]} {siren[6:]}", text, url, 5)


def _director_by_title(found: _Fields, texts: list[tuple[str, str]]) -> None:
    """« Directeur de la publication : le gérant » and, elsewhere, « représentée par son gérant,
    M. Yann Kerboul »: the director is the person the notice names in that office."""
    if "publication_director" in found.values:
        return
    honorific = "|".join(data.legal()["values"]["honorifics"])
    for title in found.titles:
        for text, url in texts:
            match = re.search(rf"\b{re.escape(title)}e?s?\s*,?\s*((?:(?:{honorific})\s+)?[A-ZÀ-Ý][\wÀ-ÿ'’\-]+"
                              rf"(?:\s+[A-ZÀ-Ý][\wÀ-ÿ'’\-]+){{1,2}})", text, re.I)
            if match and match.group(1)[:1].isupper():
                found.add("publication_director", match.group(1), text, url, BY_NOTICE_HEAD)
                return


def _sole_trader(found: _Fields) -> None:
    """« Le Fournil de Lucie – Lucie Gaillard », entreprise individuelle: a sole trader is a
    person (LCEN art. 1-1 asks for their names), the one who also directs the publication."""
    director = found.values.get("publication_director")
    name = found.values.get("publisher_name")
    if found.values.get("legal_form") != "EI" or not director or not name:
        return
    person = re.sub(rf"^(?:{'|'.join(data.legal()['values']['honorifics'])})\s+", "", director)
    quote = found.quotes["publisher_name"]["quote"]
    if fold(person) != fold(name) and re.search(rf"(?<!\w){re.escape(fold(person))}(?!\w)", fold(quote)):
        found.values["publisher_name"] = person


def _organisation(text: str) -> bool:
    """A body, not a person: named with its legal form first, or given an address or a company
    number (« Jean Dufaure, Président du Conseil départemental » is a person)."""
    first = re.split(r"[,;–—(]", text)[0]
    return bool(legal_forms(first) or addresses(text) or registrations(text))


def _authority(text: str) -> bool:
    """What is said of the CNIL, a mediator, an Ordre, an insurer: their address is neither
    the publisher's nor the host's."""
    return bool(re.search(data.legal()["not_a_party"], fold(text)))


def _contacts(found: _Fields, party: str, text: str, url: str, introduced: bool = False) -> None:
    """The party's address, phone and e-mail, leaving out a sentence about the CNIL, a mediator,
    an Ordre (« … auprès de la CNIL, 3 place de Fontenoy »), unless it is the one that
    introduces the party (« édité par X, inscrite à l'Ordre …, dont le siège est … »)."""
    clauses: list[str] = []
    for start, end in sentences(text):
        if clauses and re.match(r"\s*\d", text[start:end]):
            clauses[-1] += " " + text[start:end]   # « tél. 01 53 … » goes on with its clause
        else:
            clauses.append(text[start:end])
    kept = [clause for n, clause in enumerate(clauses) if not _authority(clause) or (n == 0 and introduced)]
    for sentence in kept:
        _contacts_in(found, party, sentence, url, text)


def _contacts_in(found: _Fields, party: str, text: str, url: str, quote: str) -> None:
    place = addresses(text)
    if place:
        found.add(f"{party}_address", place[0].value, quote, url)
    number = phones(text, avoid=place)
    if number:
        found.add(f"{party}_phone", number[0].value, quote, url)
    if party == "publisher":
        mail = emails(text)
        if mail:
            found.add("publisher_email", mail[0].value, quote, url)


def _country(text: str) -> str | None:
    for country in data.legal()["values"]["countries"]:
        if re.search(rf"(?<![\w-]){re.escape(country)}(?![\w-])", text):
            return country
    return None
