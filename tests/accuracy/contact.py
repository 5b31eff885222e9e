"""The controller's contact and identity (auditor/policy/elements.py) over tests/corpus/contact/
and the seeds that name a host: legal notices and policies that also give the host's, the
data protection authority's or a vendor's details. Expected values in expected.yaml. The
legal-notice reader's corpus (tests/corpus/legal_notices/) is read as well: there the
controller's contact is one of the publisher's, never the host's."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from auditor.policy import Document, extract_document
from auditor.policy.elements import read_elements
from auditor.policy.text import fold
from tests.accuracy import Tally, legal_notices, tallies
from tests.accuracy.policies import SEEDS

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "contact"
SECTION = "controller contact"
NOTICES = "contact, legal-notice corpus"
KEYS = ("controller_contact", "controller name", "controller address", NOTICES, "another party's contact taken")
PUBLISHER = ("publisher_address", "publisher_phone", "publisher_email")
HOST = ("host_address", "host_phone")


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


def _same(expected: str, found: str | None) -> bool:
    """The same contact, give or take a country or a label around it."""
    return bool(found) and (expected == found or (min(len(expected), len(found)) >= 8
                                                  and (expected in found or found in expected)))


def _one_of(expected: list, found):
    """The expected value `found` is (any of the controller's contacts is right), else the
    first expected, else None."""
    wanted = [canonical(v) for v in expected or []]
    found = canonical(found)
    if any(_same(w, found) for w in wanted):
        return found
    return wanted[0] if wanted else None


def notice_cases() -> list[tuple[str, object, list[str], list[str]]]:
    """(name, document, the publisher's contacts, the host's) of the legal-notice corpus; a
    host that is the publisher itself ("Éditeur et hébergeur") is not another party."""
    found = []
    for name, document, expected in legal_notices.cases(seeds=False):
        own = [expected[k] for k in PUBLISHER if expected.get(k)]
        host = [expected[k] for k in HOST if expected.get(k)
                and not any(_same(canonical(o), canonical(expected[k])) for o in own)]
        found.append((name, document, own, host))
    return found


def measure() -> list[Tally]:
    out = tallies(SECTION, KEYS)
    for name, document, spec in cases():
        present, _missing, controller = read_elements([document])
        contact = (present.get("controller_contact") or {}).get("value")
        out["controller_contact"].add(_one_of(spec["contact"], contact), canonical(contact), name)
        taken = any(_same(canonical(v), canonical(contact)) for v in spec.get("others") or [])
        out["another party's contact taken"].add(None, canonical(contact) if taken else None, name)
        controller = controller or {}
        out["controller name"].add(canonical(spec.get("name")), canonical(controller.get("name")), name)
        out["controller address"].add(canonical(spec.get("address")), canonical(controller.get("address")), name)
    for name, document, own, host in notice_cases():
        contact = (read_elements([document])[0].get("controller_contact") or {}).get("value")
        out[NOTICES].add(_one_of(own, contact), canonical(contact), name)
        taken = any(_same(canonical(h), canonical(contact)) for h in host)
        out["another party's contact taken"].add(None, canonical(contact) if taken else None, name)
    return list(out.values())
