"""The policy reader over its labelled corpus (tests/corpus/policies/) and the five seeds:
precision ≥ 0.98 and recall ≥ 0.95 for each claim, for vendors, stated cookie lifetimes and
consent durations (issue 17). The figures: `make accuracy` (tests/accuracy/policies.py)."""
import pytest

from auditor.policy.claims import CLAIMS
from tests.accuracy import Tally, policies

PRECISION, RECALL = 0.98, 0.95


@pytest.fixture(scope="module")
def figures():
    return {tally.key: tally for tally in policies.measure()}


def test_every_claim_vendors_lifetimes_and_consent_are_measured(figures):
    assert set(figures) == {f"claim {c}" for c in CLAIMS} | {"vendors", "lifetimes", "consent durations"}
    # a corpus that exercises each: every figure rests on cases that are there to be found
    assert all(t.support >= 2 for t in figures.values()), {k: t.support for k, t in figures.items()}
    assert figures["vendors"].support >= 60 and figures["lifetimes"].support >= 40


def test_corpus_size():
    names = [name for name, *_rest in policies.cases() if not name.startswith("seed")]
    assert len(names) >= 40
    assert {n.rsplit(".", 1)[1] for n in names} == {"txt", "html"}
    assert {n[:2] for n in names} >= {"fr", "en", "nl", "de"}


@pytest.mark.parametrize("key", [f"claim {c}" for c in CLAIMS] + ["vendors", "lifetimes", "consent durations"])
def test_precision_and_recall(figures, key):
    tally = figures[key]
    assert tally.precision >= PRECISION, tally.errors
    assert tally.recall >= RECALL, tally.errors


def test_a_wrong_reading_counts_against_the_figures():
    # the measure can fail: a vendor found that the corpus does not expect is a false positive
    tally = Tally("policies", "vendors")
    policies._sets(tally, {"Brevo"}, {"Brevo", "X Ads"}, "case")
    assert (tally.tp, tally.fp, tally.fn) == (1, 1, 0) and tally.precision == 0.5
