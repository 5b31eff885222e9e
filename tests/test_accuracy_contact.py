"""The controller's contact and identity over tests/corpus/contact/ and the seeds that name a
host, and the legal-notice reader's corpus: another party's contact is never taken for the
controller's; precision ≥ 0.95 and recall ≥ 0.90 for the contact, the name and the address. The figures: `make accuracy`
(tests/accuracy/contact.py)."""
import pytest

from tests.accuracy import Tally, contact

PRECISION, RECALL = 0.95, 0.90


@pytest.fixture(scope="module")
def figures():
    return {tally.key: tally for tally in contact.measure()}


def test_the_corpus_has_the_shapes_real_pages_take():
    names = [name for name, _document, _spec in contact.cases() if not name.startswith("seed")]
    assert len(names) >= 20
    assert {n.rsplit(".", 1)[1] for n in names} == {"txt", "html"}
    assert {n.split("-")[1] for n in names} >= {"fr", "en", "be", "nl"}
    specs = [spec for _name, _document, spec in contact.cases()]
    # pages with no contact of the controller's but someone else's: where a false one is easy
    assert sum(1 for s in specs if not s["contact"] and s["others"]) >= 5
    assert sum(1 for s in specs if s["contact"] and s["others"]) >= 10


def test_no_other_partys_contact_is_taken_for_the_controllers(figures):
    tally = figures["another party's contact taken"]
    assert tally.fp == 0, tally.errors


@pytest.mark.parametrize("key", ["controller_contact", "controller name", "controller address", contact.NOTICES])
def test_precision_and_recall(figures, key):
    tally = figures[key]
    assert tally.support >= 7
    assert tally.precision >= PRECISION, tally.errors
    assert tally.recall >= RECALL, tally.errors


def test_a_wrong_reading_counts_against_the_figures():
    # the host's address found where the controller gives none: a false positive
    tally = Tally("controller contact", "controller_contact")
    tally.add(contact._one_of([], "2 rue Kellermann, 59100 Roubaix"), contact.canonical("2 rue Kellermann, 59100 Roubaix"))
    assert (tally.fp, tally.fn, tally.precision) == (1, 0, 0.0)
    # any of the controller's contacts is right; another is wrong
    assert contact._one_of(["05 65 12 34 56", "contact@x.fr"], "contact@x.fr") == "contact@x.fr"
    assert contact._one_of(["05 65 12 34 56"], "03 20 00 11 22") == "05 65 12 34 56"
