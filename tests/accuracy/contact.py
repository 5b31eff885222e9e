"""The controller's contact and identity (auditor/policy/elements.py) over tests/corpus/contact/
and the seeds that name a host: legal notices and policies that also give the host's, the
data protection authority's or a vendor's details. Expected values in expected.yaml."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from auditor.policy import Document, extract_document
from auditor.policy.elements import read_elements
from auditor.policy.text import fold
from tests.accuracy import Tally, tallies
from tests.accuracy.policies import SEEDS

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "contact"
SECTION = "controller contact"
KEYS = ("controller_contact", "controller name", "controller address", "another party's contact taken")


def _document(path: Path, kind: str) -> Document:
    url = f"https://corpus.test/{path.name}"
    if path.suffix == ".html":
        return extract_document(path.read_bytes(), url, "text/html; charset=utf-8", kind_hints=(kind,))
    return Document.from_text(path.read_text("utf-8"), url=url, kind_hints=(kind,))


def cases() -> list[tuple[str, Document, dict]]:
    found = []
    for name, spec in yaml.safe_load((CORPUS / "expected.yaml").read_text("utf-8")).items():
        if name.startswith("seed "):
            if SEEDS is None:
                continue
            path = next(SEEDS.glob(f"{name.split()[1]}_*.txt"))
        else:
            path = CORPUS / name
        found.append((name, _document(path, spec["kind"]), spec))
    return found


def canonical(value) -> str | None:
    """A contact or name as compared: case, accents, spaces, dashes and commas aside."""
    if value is None:
        return None
    return " ".join(re.sub(r"[–—,\-]", " ", fold(str(value))).split()).strip(" .;")


def _one_of(expected: list, found):
    """The expected value `found` is (any of the controller's contacts is right), else the
    first expected, else None."""
    wanted = [canonical(v) for v in expected or []]
    found = canonical(found)
    if found in wanted:
        return found
    return wanted[0] if wanted else None


def measure() -> list[Tally]:
    out = tallies(SECTION, KEYS)
    for name, document, spec in cases():
        present, _missing, controller = read_elements([document])
        contact = (present.get("controller_contact") or {}).get("value")
        out["controller_contact"].add(_one_of(spec["contact"], contact), canonical(contact), name)
        others = {canonical(v) for v in spec.get("others") or []}
        out["another party's contact taken"].add(None, canonical(contact) if canonical(contact) in others else None,
                                                 name)
        controller = controller or {}
        out["controller name"].add(canonical(spec.get("name")), canonical(controller.get("name")), name)
        out["controller address"].add(canonical(spec.get("address")), canonical(controller.get("address")), name)
    return list(out.values())
