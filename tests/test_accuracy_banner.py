"""Banner control wordings read right (tests/corpus/banner_labels): a wrong click is worse
than none, so precision first."""
import pytest

from tests.accuracy.banner import labels, measure

FIGURES = {tally.key: tally for tally in measure()}
# (precision, recall) floors per meaning.
FLOORS = {"accept": (0.99, 0.90), "reject": (0.99, 0.90), "settings": (0.97, 0.90),
          "wall": (0.95, 0.90), "acknowledge": (0.95, 0.90)}


def test_the_labelled_set_is_large_and_covers_every_language_and_meaning():
    rows = labels()
    assert len(rows) >= 500
    assert {r["language"] for r in rows} == {"fr", "en", "nl", "de"}
    assert {r["meaning"] for r in rows} == set(FLOORS) | {"none"}
    assert all(r["source"] for r in rows)


@pytest.mark.parametrize("meaning", sorted(FLOORS))
def test_each_meaning_is_read_right(meaning):
    tally, (precision, recall) = FIGURES[meaning], FLOORS[meaning]
    assert tally.support >= 30, tally.support
    assert tally.precision >= precision, tally.errors
    assert tally.recall >= recall, tally.errors
