"""A legal page as structured text: headings, paragraphs, list items and tables."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from auditor.policy.text import fold, sentences, squash

MAX_TEXT = 1_000_000  # characters of text read from one page (about 150 printed pages); the rest is left, with a note
KINDS = ("legal_notice", "privacy_policy", "cookie_policy")


@dataclass
class Block:
    kind: str                    # heading | paragraph | list_item | table
    text: str                    # lines kept apart by "\n" (<br>, table rows)
    level: int = 0               # heading level (1-6) or list depth
    rows: list[list[str]] | None = None   # table cells, header row first
    heading: str = ""            # the nearest heading above the block


@dataclass
class Sentence:
    text: str
    folded: str
    block: int                   # index of its block in Document.blocks
    heading: str
    kind: str


@dataclass
class Document:
    url: str
    blocks: list[Block] = field(default_factory=list)
    content_type: str = "text/html"
    title: str = ""
    language: str | None = None
    language_reason: str | None = None   # why no language, or why it is not one we read
    error: str | None = None             # why the page could not be read at all
    truncated: bool = False
    kind_hints: set[str] = field(default_factory=set)   # what the page was found as

    @classmethod
    def from_text(cls, text: str, url: str = "", kind_hints=(), detect: bool = True) -> "Document":
        """A document from plain text (the seeds, a PDF's text): one block per paragraph,
        line breaks of PDF-like text inside sentences mended."""
        text = text or ""
        truncated = len(text) > MAX_TEXT
        doc = cls(url=url, blocks=_text_blocks(text[:MAX_TEXT]), content_type="text/plain",
                  truncated=truncated, kind_hints=set(kind_hints))
        return finish(doc, detect)

    @cached_property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks)

    @cached_property
    def folded(self) -> str:
        return fold(self.text)

    @cached_property
    def sentences(self) -> list[Sentence]:
        found = []
        for index, block in enumerate(self.blocks):
            lines = block.text.split("\n")
            for line in lines:
                line = squash(line)
                for start, end in sentences(line):
                    piece = line[start:end].strip()
                    found.append(Sentence(piece, fold(piece), index, block.heading, block.kind))
        return found

    @property
    def tables(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "table"]

    @cached_property
    def kinds(self) -> set[str]:
        from auditor.policy.kinds import detect_kinds  # a cycle otherwise
        return detect_kinds(self) | self.kind_hints

    def summary(self) -> dict:
        """What the report says about this source page."""
        return {"url": self.url, "kinds": sorted(self.kinds), "language": self.language,
                "language_reason": self.language_reason, "error": self.error,
                "truncated": self.truncated, "blocks": len(self.blocks)}


def finish(doc: Document, detect: bool = True) -> Document:
    """Headings attached to blocks, language detected, an empty page recorded as such."""
    heading = ""
    for block in doc.blocks:
        if block.kind == "heading":
            heading = squash(block.text)
            block.heading = heading
        else:
            block.heading = heading
    if not doc.error and not any(b.text.strip() for b in doc.blocks):
        doc.error = "the page has no text"
    if detect and not doc.error:
        from auditor.policy.language import detect_language
        doc.language, doc.language_reason = detect_language(doc.text)
    return doc


# --- plain text --------------------------------------------------------------------------

_BULLET = re.compile(r"^\s*[•·▪◦‣*●○■□–—-]\s*")
_ENDS_SENTENCE = re.compile(r"[.!?:;]['\"»”)]*$")
# Words a line of a PDF's text can end on only in the middle of a sentence.
_OPEN_END = {
    "de", "du", "des", "la", "le", "les", "l'", "à", "a", "au", "aux", "et", "ou", "en", "par",
    "pour", "sur", "sous", "dans", "avec", "vos", "votre", "nos", "notre", "ses", "son", "sa",
    "leur", "leurs", "ce", "cette", "ces", "un", "une", "d'", "qu'", "que", "qui", "dont", "ne",
    "the", "an", "of", "to", "in", "on", "for", "and", "or", "with", "by", "your", "our",
    "their", "its", "is", "are", "be", "that", "which", "from", "at", "as",
    "het", "een", "van", "voor", "met", "der", "die", "das", "und", "von", "mit", "zu",
}


def _is_bullet(line: str) -> bool:
    return bool(_BULLET.match(line)) and len(line.strip()) > 2


def _continues(previous: str, line: str) -> bool:
    """Whether `line` goes on with the sentence `previous` left open (PDF line breaks)."""
    if _is_bullet(line):
        return False
    previous = previous.rstrip()
    if _ENDS_SENTENCE.search(previous):
        # "... à l'adresse électronique suivante:" + "dpo.fr@smartphoto.com."
        return previous.endswith(":") and line[:1].islower() and len(line.split()) == 1
    last_word = fold(previous.split()[-1]) if previous.split() else ""
    return line[:1].islower() or last_word in _OPEN_END


def _looks_like_heading(line: str) -> bool:
    text = line.strip()
    if not text or len(text) > 100 or len(text.split()) > 14 or _is_bullet(text):
        return False
    if re.search(r"[.;,:]['\"»”)]*$", text) or re.search(r":\s+\S", text):
        return False  # "Publication manager: Emmanuel Delamarre" is a line of content
    if re.match(r"https?://|www\.", text) or "@" in text:
        return False
    return text[:1].isupper() or text[:1].isdigit()


def _text_blocks(text: str) -> list[Block]:
    units: list[tuple[str, int]] = []        # (text, indent) of each line, PDF breaks mended
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not raw.strip():
            continue
        indent = len(raw) - len(raw.lstrip())
        if units and _continues(units[-1][0], raw.strip()):
            units[-1] = (units[-1][0].rstrip() + " " + raw.strip(), units[-1][1])
        else:
            units.append((raw.strip(), indent))
    blocks = []
    for text_unit, indent in units:
        if _is_bullet(text_unit):
            item = _BULLET.sub("", text_unit, count=1).strip()
            blocks.append(Block("list_item", item, level=1 + indent // 4))
        elif _looks_like_heading(text_unit):
            blocks.append(Block("heading", text_unit, level=2))
        else:
            blocks.append(Block("paragraph", text_unit))
    return blocks
