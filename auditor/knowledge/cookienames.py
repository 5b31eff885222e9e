"""Fast cookie-name lookup: exact names in a dict, globs and prefixes tried most specific
first. Names are compared case-insensitively and URL-decoded (the browser stores Crisp's
'crisp-client/session/<id>' as 'crisp-client%2Fsession%2F<id>')."""
from __future__ import annotations

import re
from typing import Generic, Iterable, TypeVar
from urllib.parse import unquote

T = TypeVar("T")


def normalise(name: str) -> str:
    return unquote(name).strip().lower()


class _Glob:
    """'_ga_*' is a plain prefix test; other globs ('_*_session') become a regex."""
    __slots__ = ("prefix", "regex")

    def __init__(self, key: str):
        self.prefix = key.split("*", 1)[0]
        rest = key[len(self.prefix):]
        self.regex = None if rest == "*" else re.compile(
            ".*".join(re.escape(part) for part in key.split("*")) + r"\Z")

    def match(self, key: str) -> bool:
        return key.startswith(self.prefix) and (self.regex is None or bool(self.regex.match(key)))


class NameIndex(Generic[T]):
    def __init__(self):
        self._exact: dict[str, list[T]] = {}
        self._globs: list[tuple[int, _Glob, T]] = []

    def add(self, pattern: str, item: T, prefix: bool = False):
        key = normalise(pattern)
        if prefix and not key.endswith("*"):
            key += "*"
        if "*" not in key:
            self._exact.setdefault(key, []).append(item)
            return
        self._globs.append((len(key.replace("*", "")), _Glob(key), item))

    def freeze(self):
        self._globs.sort(key=lambda g: -g[0])  # most specific first; stable otherwise

    def candidates(self, name: str) -> Iterable[T]:
        """Every entry that matches, exact names first, then globs by specificity."""
        key = normalise(name)
        yield from self._exact.get(key, ())
        for _, glob, item in self._globs:
            if glob.match(key):
                yield item
