"""Durations a policy states, and what each is about: a cookie's lifetime (a cookie name, a
vendor, a kind of cookie, or cookies in general), a data-retention period, or how long a
consent choice is kept. Only the first is compared with observed cookies; mixing them up
would be a false alarm ("données conservées 5 ans" says nothing of any cookie)."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from auditor.policy import data
from auditor.policy.text import fold, quote_of

# Ages are not durations: "mineurs de 15 ans", "aged 16 or over".
_AGE_BEFORE = re.compile(r"(age[es]*|aged|mineurs?|minors?|enfants?|children|under|moins de|plus de)\s*(de\s*)?$")
_AGE_AFTER = re.compile(r"^\s*(ou plus|or (over|older|more)|old|of age|revolus|et plus|and over|minimum)")


@dataclass
class Duration:
    start: int
    end: int
    days: float | None    # None for a session
    session: bool


@dataclass
class Mention:
    start: int
    end: int
    kind: str             # cookie_name | vendor | cookie | data | retention | consent
    subject: str
    demonstrative: bool = False   # "ce cookie", "these cookies": the one just spoken of


def to_days(value: float, unit: str) -> float:
    """Days in a duration: 13 months -> 395, 1 year -> 365, 2 days -> 2 (contract units)."""
    days = value * data.patterns()["durations"]["unit_days"][unit]
    return math.floor(days + 1e-9) if days >= 1 else round(days, 3)


@lru_cache(maxsize=1)
def _number_words() -> tuple[dict[str, int], str]:
    numbers = data.patterns()["durations"]["numbers"]
    values: dict[str, int] = {}
    units = {fold(w): v for lang in numbers["units"].values() for w, v in lang.items()}
    tens = {fold(w): v for lang in numbers["tens"].values() for w, v in lang.items()}
    values.update(units)
    values.update(tens)
    unit_alt = "|".join(sorted(map(re.escape, units), key=len, reverse=True))
    tens_alt = "|".join(sorted(map(re.escape, tens), key=len, reverse=True))
    compound = (rf"(?:{tens_alt})(?:-et-|-and-| et | and |-| )(?:{unit_alt})"
                rf"|(?:{unit_alt})(?:en|und)(?:{tens_alt})")
    return values, rf"{compound}|{tens_alt}|{unit_alt}"


@lru_cache(maxsize=1)
def _duration_rx() -> re.Pattern:
    units = data.patterns()["durations"]["units"]
    unit_alt = "|".join(f"(?P<{unit}>{'|'.join(words)})" for unit, words in units.items())
    _values, words = _number_words()
    return re.compile(
        rf"(?<![\w.,/-])(?P<num>\d{{1,4}}(?:[.,]\d{{1,2}})?|{words})"
        rf"(?:\s*\([^)]{{1,25}}\))?\s*(?:{unit_alt})(?![\w])")


def _number_value(text: str) -> float | None:
    text = text.strip()
    if re.fullmatch(r"\d+(?:[.,]\d+)?", text):
        return float(text.replace(",", "."))
    values, _words = _number_words()
    if text in values:
        return float(values[text])
    parts = re.split(r"-et-|-and-| et | and |-| |(?<=[a-z])(?:en|und)(?=[a-z])", text)
    parts = [p for p in parts if p]
    if parts and all(p in values for p in parts):
        return float(sum(values[p] for p in parts))
    return None


def find_durations(folded: str) -> list[Duration]:
    """Durations in a folded sentence, in order: numbers with a unit, and "end of session"."""
    found = []
    for match in _duration_rx().finditer(folded):
        unit = next(u for u in data.patterns()["durations"]["units"] if match.group(u))
        # "plus de 15 ans" may be an age; "plus de treize mois" is not
        if unit == "year" and (_AGE_BEFORE.search(folded[max(0, match.start() - 20):match.start()])
                               or _AGE_AFTER.match(folded[match.end():match.end() + 15])):
            continue
        value = _number_value(match.group("num"))
        if value is None or value <= 0:
            continue
        found.append(Duration(match.start(), match.end(), to_days(value, unit), False))
    session = data.any_rx(data.patterns()["durations"]["session"])
    for match in session.finditer(folded):
        if not any(d.start <= match.start() < d.end for d in found):
            found.append(Duration(match.start(), match.end(), None, True))
    return sorted(found, key=lambda d: d.start)


def session_cell(text: str) -> bool:
    """A cookie table's lifetime cell that means "until the browser closes"."""
    folded = fold(text).strip(" .")
    return bool(data.rx(data.patterns()["durations"]["session_cell"]).match(folded)) or bool(
        data.any_rx(data.patterns()["durations"]["session"]).search(folded))


def parse_lifetime(text: str) -> tuple[float | None, bool]:
    """(days, session) of a table cell such as "13 mois", "Session", "1 an"."""
    if not text:
        return None, False
    if session_cell(text):
        return None, True
    found = [d for d in find_durations(fold(text)) if not d.session]
    return (found[0].days, False) if found else (None, False)


# --- what a duration is about ------------------------------------------------------------

_COOKIE_NAME = re.compile(r"(?<![\w.@/-])(_{1,2}[a-z0-9][\w-]*|[a-z]*sess(?:ion)?id|"
                          r"[a-z0-9]+_[a-z0-9_]+)(?![\w@-])")


def _cookie_description(folded: str, text: str, start: int, end: int) -> tuple[str, int, bool]:
    """(subject, end, demonstrative): 'cookies', or the kind of cookie the words around say
    ("login cookie", "cookies de mesure d'audience", "cookies publicitaires"), where those
    words end, and whether a demonstrative points back ("ce cookie", "these cookies")."""
    conf = data.patterns()["durations"]
    determiners = set(conf["cookie_determiners"])
    before = re.findall(r"[a-z][a-z'-]*", folded[max(0, start - 60):start])
    demonstrative = bool(before) and before[-1] in set(conf["cookie_demonstratives"])
    qualifier = []
    for word in reversed(before[-3:]):
        if word in determiners or word.endswith("'"):
            break
        qualifier.insert(0, word)
    last = end
    adjective = re.match(rf" {conf['cookie_adjectives']}(?![\w-])", folded[end:end + 50])
    if adjective and not qualifier:
        last = end + adjective.end()
    follow = re.match(r" (?:(?:de|du|des) |d')([^,.;:()]{1,60})", folded[last:last + 70])
    if follow and not qualifier:
        words = []
        for word in re.findall(r"[\w'-]+", follow.group(1))[:4]:
            if word in set(conf["qualifier_stops"]) or word.startswith("conserv"):
                break
            words.append(word)
        if words:
            last = folded.find(words[-1], last) + len(words[-1])
    if not qualifier and last == end:
        word = folded[start:end]
        if not re.fullmatch(r"cookies?|traceurs?|trackers?|temoins?|web ?beacons?", word):
            return text[start:end], end, False   # "sessiecookie", "Sitzungscookies"
        return "cookies", end, demonstrative
    first = folded.rfind(qualifier[0], max(0, start - 60), start) if qualifier else start
    return re.sub(r"\s+", " ", text[first:last]).strip(), last, False


def mentions(folded: str, text: str, vendor_entries, cookie_names: set[str]) -> list[Mention]:
    """What the sentence speaks of, with positions (the nearest one before a duration wins)."""
    conf = data.patterns()["durations"]["subjects"]
    found: list[Mention] = []
    for match in _COOKIE_NAME.finditer(folded):
        found.append(Mention(match.start(), match.end(), "cookie_name",
                             text[match.start():match.end()]))
    for name in cookie_names:
        for match in re.finditer(rf"(?<![\w-]){re.escape(fold(name))}(?![\w-])", folded):
            if not any(m.start == match.start() for m in found):
                found.append(Mention(match.start(), match.end(), "cookie_name", name))
    for name in vendor_entries:
        if not name.vendors:
            continue   # a company's name says not which of its services
        subject = name.vendors[0] if len(name.vendors) == 1 else name.alias
        for match in name.pattern.finditer(folded):
            if not any(m.start < match.end() and match.start() < m.end for m in found):
                found.append(Mention(match.start(), match.end(), "vendor", subject))
    for kind in ("cookie", "data", "retention", "consent"):
        for match in data.rx(conf[kind]).finditer(folded):
            if any(m.start < match.end() and match.start() < m.end for m in found):
                continue
            subject, end, demonstrative = match.group(0), match.end(), False
            if kind == "cookie":
                subject, end, demonstrative = _cookie_description(folded, text, match.start(), match.end())
            found.append(Mention(match.start(), end, kind, subject, demonstrative))
    return sorted(found, key=lambda m: m.start)


def _nearest(found: list[Mention], start: int, floor: int, kinds=None) -> Mention | None:
    before = [m for m in found if floor <= m.start and m.end <= start
              and (kinds is None or m.kind in kinds)]
    if not before:
        return None
    last = before[-1]
    if last.kind == "cookie" and last.subject == "cookies":
        # "_ga cookie", "Google Analytics cookies": the name just before says which
        named = [m for m in before[:-1] if m.kind in ("cookie_name", "vendor")
                 and last.start - m.end <= 3]
        if named:
            return named[-1]
    return last


def _classify(mention: Mention, sentence: str, heading: str, duration: Duration,
              found: list[Mention], text: str | None = None) -> tuple[str, str, str] | None:
    """(list, subject, subject_kind) for a duration about `mention` (`sentence` folded,
    `text` as written), or None."""
    conf = data.patterns()["durations"]
    context = sentence + " " + heading
    if duration.session and mention.kind not in ("cookie_name", "vendor", "cookie"):
        return None
    if mention.kind == "cookie_name":
        return "lifetimes", mention.subject, "cookie"
    if mention.kind == "cookie":
        if not duration.session and not data.rx(conf["lifetime_context"]).search(sentence):
            return None
        subject = _described_between(mention, sentence, text or sentence, duration) or mention.subject
        kind = "cookies" if subject == "cookies" else "description"
        return "lifetimes", subject, kind
    if mention.kind == "vendor":
        if data.rx(conf["subjects"]["cookie"]).search(context):
            return "lifetimes", mention.subject, "vendor"
        if data.rx(conf["retention_context"]).search(sentence):
            return "retention", f"{mention.subject} data", "vendor"
        return None
    if mention.kind in ("data", "retention"):
        if not data.rx(conf["retention_context"]).search(context):
            return None
        earlier = [m for m in found if m.end <= duration.start]
        vendors = [m for m in earlier if m.kind == "vendor"]
        if vendors:
            return "retention", f"{vendors[-1].subject} data", "data"
        if any(m.kind in ("cookie", "cookie_name") for m in earlier):
            return "retention", "cookie data", "data"
        return "retention", "data", "data"
    if mention.kind == "consent":
        if not data.rx(conf["consent_context"]).search(sentence):
            return None
        return "consent", "consent", "consent"
    return None


def _described_between(mention: Mention, sentence: str, text: str, duration: Duration) -> str | None:
    """"A session cookie keeps your booking basket and expires when…": what the clause
    between a cookie and its duration says it is for, when the cookie's own words say not."""
    if mention.subject != "cookies" and described_kind(mention.subject):
        return None
    between = sentence[mention.end:duration.start]
    if re.search(r"[;:]", between):
        return None
    for spec in data.patterns()["durations"]["described_kinds"].values():
        found = data.rx(spec["words"]).search(between)
        if found:
            return None if mention.subject == "cookies" and _said_of_all(between[:found.start()]) \
                else re.sub(r"\s+", " ", text[mention.start:mention.end + found.end()]).strip()
    return None


def _said_of_all(words: str) -> bool:
    """"Cookies, including advertising cookies, …": an aside, not what the cookies are."""
    return bool(re.search(r",|\b(dont|including|notamment|y compris|such as|comme)\b", words))


def _cookie_data(classified, sentence: str, duration: Duration, found: list[Mention]) -> list[tuple]:
    """"The data collected by the cookies ... has a retention period of 13 months": the
    data's retention, and also the lifetime of those cookies (of the kind said, if any).
    Only when the sentence ties the data to the cookies; "données conservées 5 ans" alone
    says nothing of any cookie."""
    if classified[0] != "retention" or classified[1] != "cookie data":
        return []
    if not data.rx(data.patterns()["durations"]["cookie_data"]).search(sentence[:duration.start]):
        return []
    cookies = [m for m in found if m.end <= duration.start and m.kind in ("cookie", "cookie_name")]
    last = cookies[-1]
    if last.kind == "cookie_name":
        return [("lifetimes", last.subject, "cookie")]
    return [("lifetimes", last.subject, "cookies" if last.subject == "cookies" else "description")]


def stated_durations(document, vendor_entries=(), cookie_names=()) -> dict[str, list[dict]]:
    """{"lifetimes": [...], "retention": [...], "consent": [...]}, each entry
    {"subject", "subject_kind", "days", "session", "quote", "url"}, first statement of each."""
    out: dict[str, list[dict]] = {"lifetimes": [], "retention": [], "consent": []}
    seen = set()
    derived = []   # lifetimes read from "the data collected by the cookies … kept N months"
    names = set(cookie_names) | _listed_cookie_names(document)
    previous: tuple[int, list[Mention]] | None = None
    term: tuple[int, Mention] | None = None   # a definition list's term: "_pk_id.*" above its description
    for sentence in document.sentences:
        if sentence.kind == "table":
            continue   # a table's rows are read by cookie_table, cell by cell
        found = mentions(sentence.folded, sentence.text, vendor_entries, names)
        lead = _lead_name(document, sentence, names, term)
        durations = find_durations(sentence.folded)
        floor = 0
        for duration in durations:
            mention = lead or _pick(found, duration, floor, previous, sentence)
            floor = duration.end
            if mention is None:
                continue
            if mention.demonstrative:
                mention = _antecedent(found, mention, previous, sentence) or mention
            mention = _data_of_cookies(found, mention, sentence.folded)
            classified = _classify(mention, sentence.folded, fold(sentence.heading),
                                   duration, found, sentence.text)
            if classified is None:
                continue
            from_data = _cookie_data(classified, sentence.folded, duration, found)
            for target, subject, subject_kind in [classified, *from_data,
                                                  *_consent_cookie(classified, found, duration)]:
                key = (target, fold(subject), duration.days, duration.session)
                if key in seen:
                    continue
                seen.add(key)
                entry = {
                    "subject": subject, "subject_kind": subject_kind,
                    "days": 0 if duration.session else duration.days, "session": duration.session,
                    "quote": quote_of(sentence.text, duration.start, duration.end),
                    "url": document.url}
                out[target].append(entry)
                if (target, subject, subject_kind) in from_data:
                    derived.append(entry)
        if _term(sentence, found):
            term = (sentence.block, _term(sentence, found))
        previous = (sentence.block, found)
    # the data's retention stands for the cookies' lifetime only when the text gives none
    for entry in derived:
        if any(_same_subject(other, entry) for other in out["lifetimes"] if other not in derived):
            out["lifetimes"].remove(entry)
    return out


def _same_subject(one: dict, other: dict) -> bool:
    if one["subject_kind"] == "cookies" or other["subject_kind"] == "cookies":
        return one["subject_kind"] == other["subject_kind"]
    return described_kind(one["subject"]) == described_kind(other["subject"])


def _consent_cookie(classified, found: list[Mention], duration: Duration) -> list[tuple]:
    """The consent cookie's lifetime is how long the choice is kept, and the other way
    round ("the consent cookie that records your choice is kept 6 months")."""
    target, subject, subject_kind = classified
    if target == "lifetimes" and subject_kind == "description" and described_kind(subject) == "consent":
        return [("consent", "consent", "consent")]
    if target == "consent":
        cookies = [m for m in found if m.kind == "cookie" and m.end <= duration.start
                   and m.subject != "cookies" and described_kind(m.subject) == "consent"]
        if cookies:
            return [("lifetimes", cookies[-1].subject, "description")]
    return []


def _data_of_cookies(found: list[Mention], mention: Mention, sentence: str) -> Mention:
    """"Les informations collectées par les cookies … sont conservées 25 mois": the data's
    period, not the cookies' (which _cookie_data may still take, when the text gives none)."""
    if mention.kind != "cookie":
        return mention
    data_before = [m for m in found if m.kind == "data" and m.end <= mention.start]
    if data_before and data.rx(data.patterns()["durations"]["cookie_data"]).search(sentence[:mention.end]):
        return data_before[-1]
    return mention


def _lead_name(document, sentence, names: set[str], term) -> Mention | None:
    """The cookie a list item or a definition is about: "lang : mémorisation de la langue,
    12 mois"; "<dt>_pk_id.*</dt><dd>Matomo – 13 mois</dd>"."""
    block = document.blocks[sentence.block]
    if block.kind == "list_item":
        match = re.match(r"^\s*([A-Za-z0-9_.\-*]{2,40})\s*[:–—-]\s", block.text)
        if match and match.group(1) in names:
            return Mention(0, 0, "cookie_name", match.group(1))
    if term and term[0] == sentence.block - 1 and not _COOKIE_NAME.search(sentence.folded):
        return term[1]
    return None


def _term(sentence, found: list[Mention]) -> Mention | None:
    """A block that is nothing but a cookie's name, as a definition list's term ("_pk_id.*")."""
    written = sentence.text.strip(" :")
    if any(m.kind == "cookie_name" for m in found) and re.fullmatch(r"[A-Za-z0-9_.\-*<>{}]{2,40}", written):
        return Mention(0, 0, "cookie_name", written)
    return None


def _antecedent(found: list[Mention], mention: Mention, previous, sentence) -> Mention | None:
    """What "ce cookie" / "these cookies" points back to: the last cookie, vendor or kind of
    cookie named before it in the sentence, else in the paragraph's previous sentence."""
    def named(m):
        return m.kind in ("cookie_name", "vendor") or (m.kind == "cookie" and m.subject != "cookies")
    before = [m for m in found if m.end <= mention.start and named(m)]
    if before:
        return before[-1]
    if previous and previous[0] == sentence.block:
        earlier = [m for m in previous[1] if named(m)]
        if earlier:
            return earlier[-1]
    return None


def _pick(found, duration, floor, previous, sentence) -> Mention | None:
    """The subject of a duration: nearest before it in its clause, else in the sentence, else
    the first after it, else what the previous sentence of the paragraph began with ("It
    will be deleted when you close your browser"), else the heading."""
    kinds = ("cookie_name", "vendor", "cookie") if duration.session else None
    mention = _nearest(found, duration.start, floor, kinds) or _nearest(found, duration.start, 0, kinds)
    if mention:
        return mention
    after = [m for m in found if m.start >= duration.end and (kinds is None or m.kind in kinds)]
    if after:
        return after[0]
    if previous and previous[0] == sentence.block:
        earlier = [m for m in previous[1] if kinds is None or m.kind in kinds]
        if earlier:
            return earlier[0]
    heading = fold(sentence.heading)
    if heading:
        in_heading = [m for m in mentions(heading, sentence.heading, (), set())
                      if (kinds is None or m.kind in kinds)
                      and not (duration.session and m.subject == "cookies")]
        if in_heading:
            return in_heading[0]
    return None


def _listed_cookie_names(document) -> set[str]:
    """Cookie names a list gives as "NAME : what it does" under a cookie heading or after a
    sentence about cookies (e.g. "lang : mémorisation de la langue, 12 mois")."""
    names = set()
    cookie = data.rx(data.patterns()["durations"]["subjects"]["cookie"])
    previous_text = ""
    for block in document.blocks:
        if block.kind == "list_item":
            match = re.match(r"^\s*([A-Za-z0-9_.\-]{2,40})\s*[:–—-]\s", block.text)
            if match and (cookie.search(fold(block.heading)) or cookie.search(fold(previous_text))):
                names.add(match.group(1))
        else:
            previous_text = block.text
    return names


# --- which observed cookies a description speaks of --------------------------------------

def _name_tokens(name: str) -> list[str]:
    """'wordpress_logged_in_ab12' -> ['wordpress', 'logged', 'in', 'ab12'];
    'cartId' -> ['cart', 'id']; 'PHPSESSID' -> ['phpsessid']."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)
    return [t.lower() for t in re.split(r"[^A-Za-z0-9]+", spaced) if t]


def described_kind(description: str) -> str | None:
    """The kind of cookie a description names ("login cookie" -> authentication), or None."""
    folded = fold(description)
    for kind, spec in data.patterns()["durations"]["described_kinds"].items():
        if data.rx(spec["words"]).search(folded):
            return kind
    return None


def describes(description: str, cookie: dict) -> dict | None:
    """Does a policy's description of cookies ("the login cookie", « les cookies de mesure
    d'audience ») speak of this observed cookie? {"kind", "by", "value"} saying how it was
    matched (the cookie's purpose, its category, or a token of its name), else None."""
    kind = described_kind(description)
    if kind is None:
        return None
    spec = data.patterns()["durations"]["described_kinds"][kind]
    purpose = cookie.get("purpose")
    if purpose and purpose in (spec.get("purposes") or ()):
        return {"kind": kind, "by": "purpose", "value": purpose}
    tracker = cookie.get("tracker") or {}
    category = tracker.get("category") or cookie.get("category")
    if category and category in (spec.get("categories") or ()):
        return {"kind": kind, "by": "category", "value": category}
    # A name says what a cookie is only when nothing else does: a tracker's cookie named
    # "_hjSessionUser" is no login cookie.
    if tracker or (purpose and purpose not in (spec.get("purposes") or ())):
        return None
    for token in _name_tokens(cookie.get("name") or ""):
        for word in spec.get("name_tokens") or ():
            if token == word or token.startswith(word) or (len(word) >= 4 and word in token):
                return {"kind": kind, "by": "name", "value": word}
    return None
