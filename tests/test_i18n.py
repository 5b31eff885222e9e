"""The gettext catalogue: every English text the report can show has its French, with the
same placeholders (what `make locale` extracts, babel.cfg)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from reports.i18n import Translator, po_path, translations

ROOT = Path(__file__).resolve().parents[1]
BRACES = re.compile(r"\{([a-z_]+)[^{}]*\}")
PERCENT = re.compile(r"%\(([a-z_]+)\)s")


@pytest.fixture(scope="module")
def extracted() -> dict[tuple[str | None, str], str]:
    """{(context, English text): where} of every text babel.cfg extracts."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = {}
    for file, _line, message, _comments, context in extract_from_dir(
            str(ROOT), method_map, options_map):
        singular = message[0] if isinstance(message, tuple) else message
        found[(context, singular)] = file
    return found


@pytest.fixture(scope="module")
def french():
    with po_path("fr").open("rb") as po:
        return {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m
                for m in read_po(po, locale="fr") if m.id}


def test_every_text_has_its_french(extracted, french):
    missing = [f"{where}: [{context}] {text!r}" for (context, text), where in extracted.items()
               if (context, text) not in french or not french[(context, text)].string
               or french[(context, text)].fuzzy]
    assert not missing, "no French for (run `make locale`, then translate):\n" + "\n".join(missing)


def test_the_catalogue_holds_no_text_the_sources_lost(extracted, french):
    assert not sorted(set(french) - set(extracted))


def test_translations_keep_their_placeholders(french):
    wrong = []
    for (context, _), message in french.items():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for pattern in (BRACES, PERCENT):
            names = set(pattern.findall(ids[-1]))
            if any(set(pattern.findall(s)) != names for s in strings if s):
                wrong.append(f"[{context}] {ids[0]!r} -> {strings!r}")
    assert not wrong, "\n".join(wrong)


def test_french_plurals_follow_french_rules():
    fr = translations("fr")
    assert fr.plural(0) == 0 and fr.plural(1) == 0 and fr.plural(2) == 1


def test_a_label_is_french_or_english_by_language():
    assert Translator("fr")("summary.title") == "En bref"
    assert Translator("en")("summary.title") == "At a glance"
