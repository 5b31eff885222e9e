"""Check digits of company numbers: SIREN and SIRET (Luhn), the Belgian enterprise number
(BCE/KBO, mod 97), the French VAT number's key (which gives back the SIREN)."""
from __future__ import annotations

import re

# La Poste's establishments have SIRETs whose digits sum to a multiple of 5 instead
_LA_POSTE = "356000000"


def digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def luhn(number: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(number)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def siren_valid(number: str) -> bool:
    number = digits(number)
    return len(number) == 9 and luhn(number)


def siret_valid(number: str) -> bool:
    number = digits(number)
    if len(number) != 14:
        return False
    if number.startswith(_LA_POSTE):
        return sum(int(c) for c in number) % 5 == 0
    return luhn(number) and siren_valid(number[:9])


def bce_valid(number: str) -> bool:
    """0xxx.xxx.xxx or 1xxx.xxx.xxx: the last two digits are 97 minus the first eight mod 97."""
    number = digits(number)
    if len(number) == 9:
        number = "0" + number
    return len(number) == 10 and number[0] in "01" and 97 - int(number[:8]) % 97 == int(number[8:])


def siren_of_vat(vat: str) -> str | None:
    """FR + 2-digit key + SIREN, the key being (12 + 3 × (SIREN mod 97)) mod 97."""
    match = re.fullmatch(r"FR(\d{2})(\d{9})", re.sub(r"[\s.\-]", "", vat or "").upper())
    if not match:
        return None
    key, siren = int(match.group(1)), match.group(2)
    return siren if (12 + 3 * (int(siren) % 97)) % 97 == key else None


def checks(kind: str, number: str) -> bool | None:
    """True or False where the number's kind has check digits; None where it has none."""
    if kind in ("siren", "rcs", "rm"):
        return siren_valid(number)
    if kind == "siret":
        return siret_valid(number)
    if kind in ("bce", "be_vat"):
        return bce_valid(number)
    return None
