"""Where scripts/bootstrap.sh unpacks the pinned npm packages (never committed)."""
from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def npm_cache() -> Path:
    return Path(os.environ.get("AUDITOR_NPM_CACHE") or REPO / ".cache" / "npm")


def npm_package_dir(name: str, version: str) -> Path:
    """The unpacked `package/` folder of name@version, named as bootstrap.sh names it."""
    spec = f"{name}@{version}"
    return npm_cache() / spec.replace("/", "_").replace("@", "_") / "package"
