"""Cookie attribution over its labelled corpus (tests/accuracy/attrib.py): a site's own cookie
is not pinned on a vendor by a name that merely looks like the vendor's, and vendors' cookies
are still recognised from what the visit shows of them."""
import pytest

from auditor.knowledge import Knowledge
from tests.accuracy import attrib


@pytest.fixture(scope="module", params=["default", "own-data-only"])
def figures(request):
    knowledge = Knowledge.default() if request.param == "default" else Knowledge.load(use_trackerdb=False)
    return {tally.key: tally for tally in attrib.measure(knowledge)}


def test_the_corpus_holds_both_sides_in_every_shape():
    cases = attrib.cases(Knowledge.load(use_trackerdb=False))
    assert sum(c["expect"] is None for c in cases) >= 30 and sum(c["expect"] is not None for c in cases) >= 50
    for kind in attrib.KINDS:
        assert sum(c["kind"] == kind for c in cases) >= 5, kind


def test_no_site_cookie_is_pinned_on_a_vendor_by_its_name_alone(figures):
    overall = figures["cookie → tracker"]
    assert overall.precision >= 0.98, overall.errors
    assert figures["site's own cookie"].recall >= 0.98, figures["site's own cookie"].errors


def test_vendors_cookies_are_still_recognised(figures):
    overall = figures["cookie → tracker"]
    assert overall.recall >= 0.95, overall.errors


def test_a_wrong_tracker_counts_against_both_figures():
    tally = attrib.Tally("attrib", "x")
    tally.add("Mixpanel", None, "missed")
    tally.add(None, "Mixpanel", "false alarm")
    tally.add("Hotjar", "Hotjar", "right")
    assert (tally.tp, tally.fp, tally.fn) == (1, 1, 1)
