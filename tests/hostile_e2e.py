"""One `scrapy crawl site` run over the hostile test world (tests/world/hostile.py) and a
normal site, for tests/test_hostile.py and tests/test_security.py (conftest's `hostile_run`).

The crawl runs in a fresh, empty working directory with a HOME and a TMPDIR of its own, so
that the tests can tell whether anything was written outside REPORTS_DIR or left behind."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from tests.e2e import FLEURISTE, Run, start_crawl
from tests.world import hostile

URLS = [*hostile.SITES, hostile.DOWNLOAD_ONLY, FLEURISTE, *hostile.PATH_HOSTS]
# Generous upper bounds, not speed targets: a normal audit takes about a minute on a quiet
# machine; the slowest hostile sites (a banner that cannot be closed, thousands of cookies)
# took up to four minutes with the machine's two cores shared by other crawls.
BUDGET_S = 600
RUN_TIMEOUT_S = 3600
SETTINGS = {"AUDITOR_PAGE_TIMEOUT": 15}


def files_under(root: Path) -> list[str]:
    """Every file and folder below root, as paths relative to it."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else []


@dataclass
class HostileRun:
    run: Run
    base: Path  # cwd/, home/, tmp/ and run/ (sites.txt, crawl.log, reports/)
    cwd_after: list[str]
    home_after: list[str]
    tmp_after: list[str]
    parent_before: list[str]
    parent_after: list[str]
    seen: dict  # what the hostile sites observed (hostile.SEEN)
    reports: dict = field(default_factory=dict)  # url: (run folder, report)

    @property
    def reports_dir(self) -> Path:
        return self.run.reports_dir


def run_hostile_crawl(world, tmp_path_factory) -> HostileRun:
    base = tmp_path_factory.mktemp("hostile")
    parent_before = sorted(os.listdir(base.parent))
    for name in ("cwd", "home", "tmp"):
        (base / name).mkdir()
    env = {**os.environ, "HOME": str(base / "home"), "TMPDIR": str(base / "tmp"),
           # No scrapy.cfg in an empty working directory: the settings module by name.
           "SCRAPY_SETTINGS_MODULE": "auditor.settings"}
    for key in list(hostile.SEEN):
        hostile.SEEN[key] = [] if isinstance(hostile.SEEN[key], list) else 0
    run = start_crawl(base / "run", URLS, world.browser_args(), settings=SETTINGS,
                      cwd=base / "cwd", env=env).wait(RUN_TIMEOUT_S)
    return HostileRun(
        run=run, base=base,
        cwd_after=files_under(base / "cwd"),
        home_after=files_under(base / "home"),
        tmp_after=files_under(base / "tmp"),
        parent_before=parent_before,
        parent_after=sorted(os.listdir(base.parent)),
        seen={key: (list(value) if isinstance(value, list) else value)
              for key, value in hostile.SEEN.items()},
        reports=run.reports(),
    )
