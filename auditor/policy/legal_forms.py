"""Legal forms of companies and other bodies (SARL, SRL/BV, ASBL/VZW, "simplified joint-stock
company", association loi 1901 …) in a piece of text, from auditor/data/legal_notice.yaml."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from auditor.policy import data
from auditor.policy.text import fold


@dataclass(frozen=True)
class LegalForm:
    form: str        # the form's usual name: "SARL", "SRL", "association"
    country: str     # whose law: FR, BE, UK, US, DE …
    start: int
    end: int
    abbreviated: bool


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, str, re.Pattern, re.Pattern | None]]:
    out = []
    for spec in data.legal()["legal_forms"]:
        short = spec.get("abbreviations") or []
        # an abbreviation keeps its case and stands alone ("SA", not the French word « sa »)
        abbreviations = (re.compile(rf"(?<![\w&.\-])(?:{'|'.join(short)})(?![\w\-])")
                         if short else None)
        words = spec.get("words") or []
        long = data.any_rx([rf"\b{w}\b" for w in words]) if words else None
        out.append((spec["form"], spec["country"], abbreviations, long))
    return out


def legal_forms(text: str, jurisdiction: str | None = None) -> list[LegalForm]:
    """Every legal form named in `text`, in order; where a form is named both ways at one
    place, one. Between homonyms (FR and BE "SA"), the jurisdiction's first."""
    folded = fold(text)
    found: list[LegalForm] = []
    for form, country, abbreviations, long in _patterns():
        for rx, source, abbreviated in ((abbreviations, text, True), (long, folded, False)):
            if rx is None:
                continue
            for match in rx.finditer(source):
                overlap = [f for f in found if f.start < match.end() and match.start() < f.end]
                longer = overlap and all(match.start() <= f.start and f.end < match.end() for f in overlap)
                if longer:
                    # « société par actions simplifiée unipersonnelle » is a SASU, not a SAS
                    found = [f for f in found if f not in overlap]
                elif overlap:
                    if (jurisdiction and country == jurisdiction
                            and all(f.country != jurisdiction for f in overlap)):
                        found = [f for f in found if f not in overlap]
                    else:
                        continue
                found.append(LegalForm(form, country, match.start(), match.end(), abbreviated))
    found.sort(key=lambda f: f.start)
    # « société à responsabilité limitée (SRL) »: the abbreviation in brackets says whose law
    return [f for n, f in enumerate(found)
            if f.abbreviated or n + 1 == len(found) or not found[n + 1].abbreviated
            or not re.fullmatch(r"\s*\(\s*", text[f.end:found[n + 1].start])]


def is_only_form(text: str) -> bool:
    """"SARL", "Ltd.", "LLC": the text is a legal form and nothing else."""
    text = text.strip(" .,")
    forms = legal_forms(text)
    return bool(forms) and forms[0].start == 0 and forms[0].end >= len(text)
