"""Who a cookie is: the tracker the knowledge base pins a cookie on, from its name, domain,
setter and the same visit's requests, over tests/corpus/attrib/cookies.yaml (sites' own
cookies whose names look like a vendor's, and vendors' cookies as real visits show them).

A site's own cookie pinned on a tracker is a false positive of "cookie → tracker" (a false
alarm); a vendor's cookie left unknown, a false negative. "site's own cookie" counts the
cookies rightly left to no tracker."""
from __future__ import annotations

from pathlib import Path

import yaml

from auditor.knowledge import Knowledge
from auditor.knowledge.attribution import request_attribution
from auditor.knowledge.corroboration import Sightings

from . import Tally, tallies

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "attrib" / "cookies.yaml"
KINDS = ("exact", "pattern", "generic", "domain", "elsewhere")
SECTION = "attrib"
OWN = "no tracker"


def cases(knowledge: Knowledge) -> list[dict]:
    """The corpus's cases this knowledge can be asked about (trackerdb's vendors need it)."""
    loaded = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["cases"]
    return [case for case in loaded if case.get("needs") != "trackerdb" or knowledge.uses_trackerdb]


def attributed(case: dict, knowledge: Knowledge) -> str | None:
    """The name of the tracker the cookie is pinned on, None when none."""
    seen = Sightings.of([request_attribution({"url": url}, knowledge, case["site"]) for url in case["visit"]])
    verdict = knowledge.classify_cookie(case["name"], case["domain"], case["site"], lifetime_days=400,
                                        seen=seen, set_by_url=case.get("set_by"))
    return verdict.tracker["name"] if verdict.tracker else None


def measure(knowledge: Knowledge | None = None) -> list[Tally]:
    knowledge = knowledge or Knowledge.default()
    overall = Tally(SECTION, "cookie → tracker")
    by_kind = tallies(SECTION, [f"cookie → tracker, {kind}" for kind in KINDS])
    own = Tally(SECTION, "site's own cookie")
    for case in cases(knowledge):
        found, expected = attributed(case, knowledge), case["expect"]
        label = f"{case['name']}@{case['domain']} on {case['site']}"
        overall.add(expected, found, label)
        by_kind[f"cookie → tracker, {case['kind']}"].add(expected, found, label)
        own.add(OWN if expected is None else None, OWN if found is None else None, label)
    return [overall, *by_kind.values(), own]
