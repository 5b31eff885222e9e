"""Which service a request goes to: an index of host suffixes, each with optional path
rules, plus path rules that hold on any host (self-hosted tools such as Matomo).

Lookup: the longest host suffix that has a matching rule wins; at one suffix, path rules
(the project's first, then trackerdb's) come before the bare host (the project's first).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Service

# Adblock '^': a separator character or the end of the URL.
_SEPARATOR = r"(?:[^\w\-.%]|$)"


def glob_to_regex(pattern: str, adblock: bool = False) -> re.Pattern:
    """'/js/container_*.js' -> a regex matched from the start of path?query."""
    out = []
    for ch in pattern:
        if ch == "*":
            out.append(".*")
        elif ch == "^" and adblock:
            out.append(_SEPARATOR)
        else:
            out.append(re.escape(ch))
    return re.compile("".join(out), re.IGNORECASE)


@dataclass(slots=True)
class PathRule:
    """Matches 'path?query' by prefix (or a glob/adblock pattern) and a query regex.
    Patterns are compiled on first use: most are never reached, and compiling them all
    would double the load time."""
    service: Service
    prefix: str | None = None
    glob: str | None = None
    adblock: bool = False
    query_source: str | None = None
    weight: int = 0               # longer patterns first
    _regex: re.Pattern | None = None
    _query: re.Pattern | None = None

    def matches(self, rest: str, query: str) -> bool:
        if self.prefix is not None and not rest.startswith(self.prefix):
            return False
        if self.glob is not None:
            if self._regex is None:
                self._regex = glob_to_regex(self.glob, self.adblock)
            if not self._regex.match(rest):
                return False
        if self.query_source is not None:
            if self._query is None:
                self._query = re.compile(self.query_source, re.IGNORECASE)
            if not self._query.search(query):
                return False
        return True


def make_path_rule(service: Service, path: str | None, query: str | None = None,
                   adblock: bool = False) -> PathRule:
    path = path or ""
    wild = "*" in path or (adblock and "^" in path)
    # A glob's literal start doubles as a cheap prefix test before the regex.
    literal = path.lower().split("*", 1)[0].split("^", 1)[0] if wild else path.lower()
    return PathRule(
        service=service,
        prefix=literal or None,
        glob=path if wild else None,
        adblock=adblock,
        query_source=query or None,
        weight=len(path.replace("*", "")) + (1 if query else 0),
    )


@dataclass(slots=True)
class Level:
    """Everything one source knows at one host suffix."""
    paths: list[PathRule] = field(default_factory=list)
    default: Service | None = None


class _Table:
    """One source's rules: host suffix -> Level, plus any-host path rules."""

    def __init__(self):
        self.levels: dict[str, Level] = {}
        self.anywhere: list[PathRule] = []
        # Any-host rules by the file name they end with ('matomo.php'): most URLs are
        # the site's own content and must be ruled out in one dict lookup.
        self._by_file: dict[str, tuple[PathRule, ...]] = {}
        self._other: tuple[PathRule, ...] = ()

    def freeze(self):
        for level in self.levels.values():
            level.paths.sort(key=lambda r: -r.weight)  # stable: file order breaks ties
        self.anywhere.sort(key=lambda r: -r.weight)
        by_file: dict[str, list[PathRule]] = {}
        other = []
        for rule in self.anywhere:
            pattern = (rule.glob or rule.prefix or "").lower()
            name = pattern.rpartition("/")[2]
            if name and "*" not in name and "^" not in name and "?" not in name:
                by_file.setdefault(name, []).append(rule)
            else:
                other.append(rule)
        self._by_file = {name: tuple(rules) for name, rules in by_file.items()}
        self._other = tuple(other)

    def walk(self, labels: list[str], rest: str, query: str):
        """(service, depth of the matching suffix, matched by host only) or None."""
        levels = self.levels
        for i in range(len(labels)):
            level = levels.get(".".join(labels[i:]))
            if level is None:
                continue
            for rule in level.paths:
                if rule.matches(rest, query):
                    return rule.service, len(labels) - i, False
            if level.default is not None:
                return level.default, len(labels) - i, True
        return None

    def anywhere_match(self, rest: str, query: str) -> Service | None:
        name = rest.partition("?")[0].rpartition("/")[2]
        for rule in self._by_file.get(name, ()):
            if rule.matches(rest, query):
                return rule.service
        for rule in self._other:
            if rule.matches(rest, query):
                return rule.service
        return None


class HostIndex:
    """The project's rules win; trackerdb's fill the gaps. Exception: under a host the
    project marks broad (shared CDNs, google.com), a trackerdb rule for the same or a
    longer suffix wins, as it names the service more precisely."""

    def __init__(self):
        self._own = _Table()
        self._db = _Table()
        self.broad: set[str] = set()      # service ids whose host defaults yield

    def add(self, host: str | None, rule: PathRule | None, service: Service, own: bool):
        """A host default (rule None), a host+path rule, or an any-host path rule."""
        table = self._own if own else self._db
        if not host:
            table.anywhere.append(rule)
            return
        level = table.levels.setdefault(host.lower().strip("."), Level())
        if rule is not None:
            level.paths.append(rule)
        elif level.default is None:
            level.default = service

    def freeze(self):
        self._own.freeze()
        self._db.freeze()

    def lookup(self, host: str, rest: str, query: str, first_party: bool) -> Service | None:
        """rest = lower-cased 'path?query'. Host rules never apply to the site's own hosts."""
        if not first_party:
            labels = host.split(".")
            own = self._own.walk(labels, rest, query)
            if own is not None and not (own[2] and own[0].id in self.broad):
                return own[0]
            db = self._db.walk(labels, rest, query)
            if db is not None and (own is None or db[1] >= own[1]):
                return db[0]
            if own is not None:
                return own[0]
        return self._own.anywhere_match(rest, query) or self._db.anywhere_match(rest, query)

    def hosts(self):
        return self._own.levels.keys() | self._db.levels.keys()
