"""The sites to audit, from `-a url=` or `-a urls=FILE`."""
from __future__ import annotations

from pathlib import Path


class TargetsError(ValueError):
    pass


def read_targets(url: str | None = None, urls: str | None = None) -> list[str]:
    """URLs in the order given; a file has one URL a line, '#' starts a comment."""
    targets: list[str] = []
    if url:
        targets.append(url.strip())
    if urls:
        path = Path(urls)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise TargetsError(f"cannot read the URL list {urls}: {exc.strerror}") from exc
        for line in text.splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                targets.append(line)
    if not targets:
        raise TargetsError("nothing to audit: give -a url=https://... or -a urls=FILE")
    return targets
