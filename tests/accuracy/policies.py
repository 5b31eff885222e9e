"""Policy excerpts (tests/corpus/policies/) and the five seeds: precision and recall of the
policy reader per claim, for vendors (each vendor one case), stated cookie lifetimes and
consent durations. Expected values in tests/corpus/policies/expected.yaml (seeds.yaml for
the seeds), read with the knowledge base's names for vendors, as an audit reads them."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from auditor.knowledge import Knowledge
from auditor.policy import Document, extract_document, read_site_documents
from auditor.policy.claims import CLAIMS
from auditor.policy.durations import described_kind
from tests.accuracy import Tally, tallies

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "policies"
# shared/ sits beside the project's checkout (or beside its worktrees' folder)
SEEDS = next((up / "shared" / "seeds" for up in Path(__file__).resolve().parents
              if (up / "shared" / "seeds").is_dir()), None)
SECTION = "policies"


@lru_cache(maxsize=1)
def _names() -> dict[str, list[str]]:
    return Knowledge.default().vendor_policy_names()


def _document(path: Path) -> Document:
    url = f"https://corpus.test/{path.name}"
    if path.suffix == ".html":
        return extract_document(path.read_bytes(), url, "text/html; charset=utf-8")
    return Document.from_text(path.read_text("utf-8"), url=url)


def cases() -> list[tuple[str, Document, dict, dict[str, list[str]]]]:
    """(name, document, expected, vendor names) of every excerpt and seed."""
    found = []
    expected = yaml.safe_load((CORPUS / "expected.yaml").read_text("utf-8"))
    for name, spec in expected.items():
        found.append((name, _document(CORPUS / name), spec or {}, _names()))
    seeds = yaml.safe_load((CORPUS / "seeds.yaml").read_text("utf-8"))
    for prefix, spec in seeds.items() if SEEDS else ():
        path = next(SEEDS.glob(f"{prefix}_*.txt"))
        extra = {name: [name] for name in spec.pop("trackerdb_names", [])}
        found.append((f"seed {prefix}", Document.from_text(path.read_text("utf-8"), url=path.name),
                      spec, _names() | extra))
    return found


def lifetime_key(entry: dict) -> tuple:
    """A stated lifetime as the corpus writes it: what it is about, and how long."""
    length = "session" if entry.get("session") else round(float(entry["days"]), 3)
    if "cookie" in entry:
        return ("cookie", entry["cookie"].lower(), length)
    if "vendor" in entry:
        return ("vendor", entry["vendor"], length)
    if "cookies" in entry:
        return ("cookies", length)
    return ("description", entry["description"], length)


def found_lifetime_key(entry: dict) -> tuple:
    """The same key for a lifetime the reader found."""
    kind = entry["subject_kind"]
    length = "session" if entry.get("session") else round(float(entry["days"]), 3)
    if kind == "cookie":
        return ("cookie", entry["subject"].lower(), length)
    if kind == "vendor":
        return ("vendor", entry["subject"], length)
    if kind == "cookies":
        return ("cookies", length)
    return ("description", described_kind(entry["subject"]) or "other", length)


def _sets(tally: Tally, expected: set, found: set, case: str) -> None:
    for item in sorted(expected | found, key=repr):
        tally.add(item if item in expected else None, item if item in found else None, case)


def measure() -> list[Tally]:
    claims = tallies(SECTION, [f"claim {c}" for c in CLAIMS])
    vendors, lifetimes, consent = (Tally(SECTION, k) for k in ("vendors", "lifetimes", "consent durations"))
    for name, document, spec, names in cases():
        policy = read_site_documents([document], names)["policy"]
        true = set(spec.get("claims") or ())
        for claim in CLAIMS:
            claims[f"claim {claim}"].add(True if claim in true else None,
                                         True if policy["claims"].get(claim) else None, name)
        _sets(vendors, set(spec.get("vendors") or ()), set(policy["declared_vendors"]), name)
        _sets(lifetimes, {lifetime_key(e) for e in spec.get("lifetimes") or ()},
              {found_lifetime_key(e) for e in policy["stated_lifetimes"]}, name)
        _sets(consent, {round(float(d)) for d in spec.get("consent") or ()},
              {round(float(e["days"])) for e in policy["consent_periods"]}, name)
    return [*claims.values(), vendors, lifetimes, consent]
