"""The pinned npm packages (assets/npm-assets.txt) and where scripts/bootstrap.sh unpacks
them (.cache/npm/, never committed). AUDITOR_NPM_CACHE points elsewhere."""
from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NPM_ASSETS = REPO / "assets" / "npm-assets.txt"


def npm_cache() -> Path:
    return Path(os.environ.get("AUDITOR_NPM_CACHE") or REPO / ".cache" / "npm")


def npm_package_dir(name: str, version: str) -> Path:
    """The unpacked `package/` folder of name@version, named as bootstrap.sh names it."""
    spec = f"{name}@{version}"
    return npm_cache() / spec.replace("/", "_").replace("@", "_") / "package"


def npm_pins() -> dict[str, str]:
    """{package name: pinned version} of assets/npm-assets.txt."""
    pins = {}
    try:
        lines = NPM_ASSETS.read_text(encoding="utf-8").splitlines()
    except OSError:
        return pins
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.rpartition("@")
            pins[name] = version
    return pins
