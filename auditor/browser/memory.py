"""Scrapy's memory check (MEMUSAGE_*) over the whole process tree: the crawl and every browser
it started. Scrapy's own extension sees the Python process only, and scrapy-playwright's,
meant to add its browsers, finds none with current Playwright (it reads a private attribute
that is gone), so it counted the Python process alone too."""
from __future__ import annotations

import psutil
from scrapy.extensions.memusage import MemoryUsage

_GONE = (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess)


def tree_memory(pid: int | None = None) -> int:
    """Bytes used by a process and all its descendants: each one's proportional set size
    (a page shared by N processes counts 1/N in each, so Chromium's shared pages are counted
    once), or its resident size where the system does not tell the former."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except _GONE:
        return 0
    total = 0
    for process in processes:
        try:
            info = process.memory_full_info()
        except _GONE:  # ended meanwhile
            continue
        total += getattr(info, "pss", info.rss)
    return total


class ProcessTreeMemoryUsage(MemoryUsage):
    """MEMUSAGE_WARNING_MB, MEMUSAGE_LIMIT_MB and the stats memusage/startup, memusage/max,
    measured over the crawl's process tree."""

    def get_virtual_size(self) -> int:
        return tree_memory()
