"""The legal-notice reader over the held-out notices (tests/corpus/legal_notices/heldout/),
written blind: per-field precision and recall, and every miss (expected vs found).
Measured exactly as tests/accuracy/legal_notices.py measures the tuning corpus (same
document building, same _canonical), only on other files.

    .venv/bin/python measure_heldout.py
"""
from __future__ import annotations

from pathlib import Path

import yaml

from auditor.policy import Document
from auditor.policy.html_text import document_from_html
from auditor.policy.legal_notice import FIELDS, read_legal_notice
from tests.accuracy import Tally
from tests.accuracy.legal_notices import CORPUS, _canonical

HELDOUT = CORPUS / "heldout"


def cases(folder: Path = HELDOUT):
    """(name, document, expected fields) for each held-out notice."""
    for sidecar in sorted(folder.glob("[0-9]*.yaml")):
        body = next(p for p in folder.glob(f"{sidecar.stem}.*") if p.suffix != ".yaml")
        text = body.read_text("utf-8")
        url = f"corpus:heldout/{body.name}"
        if body.suffix == ".html":
            document = document_from_html(text, url, kind_hints=("legal_notice",))
        else:
            document = Document.from_text(text, url=url, kind_hints=("legal_notice",))
        yield sidecar.stem, document, yaml.safe_load(sidecar.read_text("utf-8"))["expected"]


def measure() -> list[Tally]:
    out = {key: Tally("legal notices (held out)", key) for key in FIELDS}
    for name, document, expected in cases():
        found = read_legal_notice([document])["fields"]
        for key in FIELDS:
            out[key].add(_canonical(key, expected.get(key)), _canonical(key, found.get(key)), name)
    return list(out.values())


def main() -> None:
    results = measure()
    tp = sum(t.tp for t in results)
    fp = sum(t.fp for t in results)
    fn = sum(t.fn for t in results)
    print(f"legal notices (held out): {len(list(HELDOUT.glob('[0-9]*.yaml')))} notices")
    print(f"{'field':<22}{'tp':>4}{'fp':>4}{'fn':>4}{'precision':>11}{'recall':>8}")
    for t in results:
        print(f"{t.key:<22}{t.tp:>4}{t.fp:>4}{t.fn:>4}{t.precision:>11.2f}{t.recall:>8.2f}")
    print(f"{'all fields':<22}{tp:>4}{fp:>4}{fn:>4}"
          f"{(tp / (tp + fp) if tp + fp else 1):>11.2f}{(tp / (tp + fn) if tp + fn else 1):>8.2f}")
    print("\nmisses (expected vs found, canonical forms):")
    for t in results:
        for error in t.errors:
            print(f"  [{t.key}] {error}")


if __name__ == "__main__":
    main()
