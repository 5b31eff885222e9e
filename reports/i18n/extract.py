"""The texts of a YAML source (reports/i18n/en.yaml, findings/en.yaml) as gettext messages:
Babel's extractor for babel.cfg, and the walk that translates a loaded source the same way.

A text's context is its dotted key path ("finding.consent.no_banner.promised", list items by
their index); `by:` names a param, not a text. The findings source's `shared:` section only
defines parts that entries reuse (YAML anchors): the texts are translated where they are used."""
from __future__ import annotations

from typing import Callable, Iterator

import yaml

NOT_TEXT_KEYS = frozenset({"by"})
DEFINITIONS_ONLY = frozenset({"shared"})


def texts(tree, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(context, text) of every text of a loaded YAML source."""
    items = tree.items() if isinstance(tree, dict) else enumerate(tree)
    for key, value in items:
        if not prefix and key in DEFINITIONS_ONLY:
            continue
        path = f"{prefix}{key}"
        if isinstance(value, (dict, list)):
            yield from texts(value, path + ".")
        elif isinstance(value, str) and key not in NOT_TEXT_KEYS:
            yield path, value


def translate(tree, translate_text: Callable[[str, str], str], prefix: str = ""):
    """A copy of a loaded YAML source with every text put through translate_text(context, text)."""
    if isinstance(tree, dict):
        pairs = tree.items()
    elif isinstance(tree, list):
        pairs = enumerate(tree)
    else:
        return tree
    out = {}
    for key, value in pairs:
        path = f"{prefix}{key}"
        if not prefix and key in DEFINITIONS_ONLY:
            out[key] = value
        elif isinstance(value, (dict, list)):
            out[key] = translate(value, translate_text, path + ".")
        elif isinstance(value, str) and key not in NOT_TEXT_KEYS:
            out[key] = translate_text(path, value)
        else:
            out[key] = value
    return list(out.values()) if isinstance(tree, list) else out


def extract_yaml(fileobj, keywords, comment_tags, options):
    """Babel extraction method: one pgettext message per text."""
    source = fileobj.read().decode("utf-8")
    lines = source.splitlines()
    for context, text in texts(yaml.safe_load(source)):
        yield _line_of(lines, context, text), "pgettext", (context, text), []


def _line_of(lines: list[str], context: str, text: str) -> int:
    """Where the text starts, for the .pot's references (the first line holding its start)."""
    head = text.split("\n")[0][:30].strip()
    key = context.rsplit(".", 1)[-1]
    for number, line in enumerate(lines, 1):
        if head and head in line and (key.isdigit() or key in line):
            return number
    return 0
