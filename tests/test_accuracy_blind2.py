"""The second blind set of legal notices (tests/corpus/legal_notices/blind2/) is sound: every
sidecar gives all the fields, every expected value is on its page, every registration number
on a page is a valid one (SIREN/SIRET Luhn, BCE/KBO mod 97, RNA), every French VAT key is
right. No accuracy threshold: a held-out set that tests pin down becomes a tuning set."""
from __future__ import annotations

import html
import re

import pytest

from auditor.policy.legal_notice import FIELDS
from tests.accuracy.legal_notices import CORPUS, cases, load, registration_valid, vat_keys_valid

BLIND2 = CORPUS / "blind2"
SIDECARS = sorted(BLIND2.glob("[0-9]*.yaml"))
# a number after an RCS, SIREN/SIRET or BCE/KBO label: each one on a page must be valid
LABELLED_NUMBER = re.compile(
    r"(?:RCS|SIRE[NT]|BCE|KBO|CBE|entreprise|Ondernemingsnummer|Company number)[^0-9\n]{0,40}?"
    r"((?:BE ?)?[01]\d{3}[. ]\d{3}[. ]\d{3}|\d{3} ?\d{3} ?\d{3}(?: ?\d{5})?)", re.I)


def page_text(raw: str) -> str:
    """What a reader of the page sees, flattened: tags, entities, separators (commas, dashes
    between words, middle dots) and spacing aside."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", raw)).replace("\u00a0", " ").replace("\u200b", "")
    return " ".join(re.sub(r"[,–·]|\s-\s", " ", text).split()).casefold()


def test_the_checks_fire_on_bad_numbers():
    assert registration_valid("958 073 694") and not registration_valid("958 073 695")
    assert registration_valid("958 073 694 00001") and not registration_valid("958 073 694 00002")
    assert registration_valid("0819.667.420") and not registration_valid("0819.667.421")
    assert vat_keys_valid("TVA FR29958073694") and not vat_keys_valid("TVA FR30958073694")
    assert LABELLED_NUMBER.search("RCS Lyon 958 073 695").group(1) == "958 073 695"
    assert LABELLED_NUMBER.search("BCE / TVA : BE 0819.667.421").group(1) == "BE 0819.667.421"


def test_page_text_reads_what_a_visitor_sees():
    assert page_text("<p>Tél&nbsp;: 02&nbsp;33</p><b>X</b>, Y – Saint-Lô") == "tél : 02 33 x y saint-lô"


def test_thirty_notices_all_read_as_documents():
    assert len(SIDECARS) == 30
    assert len(list(cases(BLIND2, seeds=False))) == 30


@pytest.mark.parametrize("sidecar", SIDECARS, ids=lambda p: p.stem)
def test_sidecar_is_sound(sidecar):
    raw, expected = load(sidecar)
    assert set(expected) == set(FIELDS)
    text = html.unescape(raw).replace("\u00a0", " ")
    page = page_text(raw)
    for key, value in expected.items():
        if value is None or key == "legal_form":
            continue
        if key == "registration" or key.endswith("phone"):
            assert re.sub(r"\D", "", value) in re.sub(r"\D", "", text), (key, value)
        else:
            assert page_text(value) in page, (key, value)
    if expected["registration"]:
        assert registration_valid(expected["registration"])
    for number in LABELLED_NUMBER.findall(text):
        assert registration_valid(number), number
    assert vat_keys_valid(text)
