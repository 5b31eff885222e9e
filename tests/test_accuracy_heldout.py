"""The held-out legal notices (tests/corpus/legal_notices/heldout/) are sound: every sidecar
gives all the fields, every expected value is on its page, every registration number is a
valid one (SIREN/SIRET Luhn, BCE/KBO mod 97, RNA), every French VAT key is right; and
tests/accuracy/legal_notices_heldout.py measures every case. The figures themselves are reported, not held to
a threshold: a held-out set that tests pin down becomes a tuning set."""
from __future__ import annotations

import re

import pytest

from auditor.policy.legal_notice import FIELDS
from tests.accuracy.legal_notices import load, registration_valid, vat_keys_valid
from tests.accuracy.legal_notices_heldout import HELDOUT, measure

SIDECARS = sorted(HELDOUT.glob("[0-9]*.yaml"))


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("&nbsp;", " ").replace(",", " ").split()).casefold()


def test_the_checks_fire_on_bad_numbers():
    assert registration_valid("994 110 633") and not registration_valid("994 110 634")
    assert registration_valid("0436.510.688") and not registration_valid("0436.510.689")
    assert vat_keys_valid("TVA FR78994110633") and not vat_keys_valid("TVA FR79994110633")


def test_thirty_notices():
    assert len(SIDECARS) == 30


@pytest.mark.parametrize("sidecar", SIDECARS, ids=lambda p: p.stem)
def test_sidecar_is_sound(sidecar):
    text, expected = load(sidecar)
    assert set(expected) == set(FIELDS)
    page = flat(text)
    for key, value in expected.items():
        if value is None or key == "legal_form":
            continue
        if key == "registration" or key.endswith("phone"):
            assert re.sub(r"\D", "", value) in re.sub(r"\D", "", text), (key, value)
        elif key not in ("publisher_name", "publication_director"):  # names lose an honorific
            words = flat(value).replace("–", " ").split()
            assert all(word in page for word in words), (key, value)
    if expected["registration"]:
        assert registration_valid(expected["registration"])
    assert vat_keys_valid(text.replace("\u00a0", " "))


def test_measure_counts_every_expected_value():
    expected_values = {key: 0 for key in FIELDS}
    for sidecar in SIDECARS:
        for key, value in load(sidecar)[1].items():
            expected_values[key] += value is not None
    assert {t.key: t.tp + t.fn for t in measure()} == expected_values
