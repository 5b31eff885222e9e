"""What a legal page says of someone other than the site's controller: its host («
Hébergeur : OVH SAS, 2 rue Kellermann … »), the data protection authority (« la CNIL, 3 place
de Fontenoy … ») or a vendor (« Google Ireland Limited, Gordon House … »). Their addresses,
phones and names are not the controller's.

Such a passage starts at the party's words and runs to the end of the sentence, unless the
text comes back to the site's own party (« Éditeur : », « ou nous écrire »); it goes on into
the next lines while they read as that party's details (its address, « Téléphone : »), and a
heading or a lone label (« Hébergement », a <dt>) opens a section about it."""
from __future__ import annotations

import re
from functools import lru_cache

from auditor.policy import data
from auditor.policy.contacts import Found, addresses, emails, phones
from auditor.policy.text import fold

Span = tuple[int, int]
# where a label may stand: at the start of a line or sentence, after a bar or a dash
_START = r"(?:^|(?<=[.;|])\s*|\s-\s)\s*"


def _labels(names: list[str]) -> str:
    """'Hébergeur :', 'Hosting |' or 'Hébergement' alone."""
    return rf"{_START}(?:{'|'.join(names)})\s*(?::|\||$)"


def _inline(names: list[str]) -> str:
    return rf"(?<![\w])(?:{'|'.join(names)})(?![\w])"


@lru_cache(maxsize=1)
def _rx() -> dict[str, re.Pattern]:
    conf = data.patterns()["elements"]["others"]
    roles = data.legal()["roles"]
    host = roles["host"]
    vendors = sorted({re.escape(fold(name)) for names in data.load("vendor_aliases")["companies"].values()
                      for name in names if len(name.split()) >= 2}, key=len, reverse=True)
    own_labels = roles["publisher"]["labels"] + roles["director"]["labels"]
    own_inline = roles["publisher"]["inline"] + roles["director"]["inline"]
    return {
        "host": data.any_rx([_inline(host["inline"]), _labels(host["labels"])]),
        "other": data.any_rx([*conf["authority"], _inline(vendors)]),
        # a heading "Hébergement des données" or "Hosting of the site" opens with the label
        "heading": data.any_rx([rf"^\s*(?:{'|'.join(host['labels'])})\b"]),
        # the publisher, the publication director, the DPO: the site's own side
        "own": data.any_rx([_inline(own_inline), _labels(own_labels), *conf["back"],
                            *data.patterns()["claims"]["dpo"]]),
        "label": re.compile(r"^\s*([^\W\d][\w' ./-]{0,40}?)\s*[:|]"),
        "goes_on": data.any_rx([rf"^(?:{'|'.join(conf['goes_on'])})$"]),
        "new_line": data.any_rx([rf"^\s*(?:{'|'.join(conf['new_line'])})\b"]),
        "addresses": data.any_rx(conf["addresses"]),
    }


def _spans(folded: str, carried: bool) -> tuple[list[Span], bool]:
    """The passages of one sentence said of another party, and whether the last runs on into
    the next lines: only the host's do ("Hébergeur :" then its address); the authority's or
    a vendor's details stand in the sentence that names them."""
    rx = _rx()
    marks = sorted([(m.start(), "host") for m in rx["host"].finditer(folded)]
                   + [(m.start(), "other") for m in rx["other"].finditer(folded)]
                   + [(m.start(), "own") for m in rx["own"].finditer(folded)])
    spans, opened, by = [], (0 if carried else None), "host"
    for at, kind in marks:
        if kind != "own" and opened is None:
            opened, by = at, kind
        elif kind == "own" and opened is not None:
            if at > opened:
                spans.append((opened, at))
            opened = None
    if opened is not None:
        spans.append((opened, len(folded)))
    return spans, opened is not None and by == "host"


def _details(text: str) -> bool:
    return bool(emails(text) or phones(text) or addresses(text))


def _goes_on(sentence) -> bool:
    """Whether a line after another party's details still reads as its details: its address,
    "Téléphone : …", a name alone ("Nuage Vert SAS"); not prose, nor another label."""
    rx, folded = _rx(), sentence.folded
    conf = data.patterns()["elements"]["others"]
    if rx["new_line"].search(folded):
        return False
    label = rx["label"].match(folded)
    if label:
        return bool(rx["goes_on"].search(label.group(1).strip()))
    if _details(sentence.text):
        return len(folded) <= conf["carry_max"]
    return len(folded) <= conf["name_max"] and not re.search(r"[.!?:]\W*$", folded)


def other_spans(document) -> list[list[Span]]:
    """For each of document.sentences, the spans of its text said of someone other than the
    controller."""
    rx = _rx()
    out, carried, after_colon = [], False, False
    for sentence in document.sentences:
        folded = sentence.folded
        # plain text makes headings of "Nuage Vert SAS" or an address under "Hébergement :"
        detail = carried and (after_colon or _details(sentence.text))
        after_colon = folded.rstrip().endswith(":")
        if sentence.kind == "heading" and not detail:
            spans, _runs_on = _spans(folded, False)
            # a section about the host; "Éditeur et hébergeur" is not
            carried = bool(rx["host"].search(folded) or rx["heading"].search(folded)) and not rx["own"].search(folded)
            out.append(spans)
            continue
        spans, carried = _spans(folded, carried and _goes_on(sentence))
        out.append(spans)
    return out


def outside(found: list[Found], spans: list[Span]) -> list[Found]:
    """The addresses, phones or e-mails of `found` that are not said of another party."""
    return [f for f in found
            if not any(start <= f.start < end for start, end in spans)
            and not _rx()["addresses"].search(fold(f.value))]


def within(at: int, spans: list[Span]) -> bool:
    return any(start <= at < end for start, end in spans)
