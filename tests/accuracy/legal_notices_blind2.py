"""The legal-notice reader over a second set of 30 notices written blind
(tests/corpus/legal_notices/blind2/), measured as the corpus is. Measured once before any
tuning on it (after tuning on the first held-out set): precision 0.93, recall 0.87 over all
fields (README)."""
from __future__ import annotations

from tests.accuracy import Tally
from tests.accuracy.legal_notices import CORPUS
from tests.accuracy.legal_notices import cases as _cases
from tests.accuracy.legal_notices import measure as _measure

BLIND2 = CORPUS / "blind2"


def cases():
    return _cases(BLIND2, seeds=False)


def measure() -> list[Tally]:
    return _measure("legal notices, second blind set", BLIND2, seeds=False)
