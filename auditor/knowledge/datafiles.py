"""Where the reference data lives, how it is read, and which version it is."""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import yaml

from auditor.browser.assets import npm_package_dir, npm_pins

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PROJECT_DIR = DATA_DIR.parent.parent
OCD_DIR = DATA_DIR / "open-cookie-database"
OCD_CSV = OCD_DIR / "open-cookie-database.csv"
OVERLAY_FILES = ("categories.yaml", "services.yaml", "cookies.yaml", "cookie_names.yaml", "countries.yaml")
TRACKERDB_PACKAGE = "@ghostery/trackerdb"
ENV_SWITCH = "AUDITOR_TRACKERDB"

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is ~10x faster


def data_file(name: str, data_dir: Path | None = None) -> Path:
    """auditor/data/<name>; with `data_dir` (a re-judge with other knowledge), that folder's
    file of the same name when it has one."""
    if data_dir is not None and (Path(data_dir) / name).is_file():
        return Path(data_dir) / name
    return DATA_DIR / name


def ocd_dir(data_dir: Path | None = None) -> Path:
    """The Open Cookie Database copy: `data_dir`'s when it has one (its CSV and SOURCE.md go
    together), else the shipped one."""
    if data_dir is not None and (Path(data_dir) / OCD_DIR.name).is_dir():
        return Path(data_dir) / OCD_DIR.name
    return OCD_DIR


def read_yaml(name: str, data_dir: Path | None = None) -> dict:
    with open(data_file(name, data_dir), encoding="utf-8") as f:
        return yaml.load(f, Loader=_Loader)


def overlay_version(data_dir: Path | None = None) -> str:
    """A short hash of the project's own data files: changes whenever they do."""
    digest = hashlib.sha256()
    for name in OVERLAY_FILES:
        digest.update(data_file(name, data_dir).read_bytes())
    return "sha256:" + digest.hexdigest()[:16]


def file_versions(data_dir: Path | None = None) -> dict[str, str]:
    """Each reference data file of auditor/data (the knowledge base's, the consent keywords,
    the policy patterns, the rules): "sha256:" and the SHA-256 of its content, by name."""
    return {path.name: "sha256:" + hashlib.sha256(data_file(path.name, data_dir).read_bytes()).hexdigest()
            for path in sorted(DATA_DIR.glob("*.yaml"))}


def ocd_version(data_dir: Path | None = None) -> str | None:
    """The upstream commit recorded in the copy's SOURCE.md."""
    try:
        text = (ocd_dir(data_dir) / "SOURCE.md").read_text(encoding="utf-8")
    except OSError:
        return None
    found = re.search(r"commit ([0-9a-f]{7,40})", text)
    return found.group(1) if found else None


def trackerdb_pin() -> str | None:
    """The pinned 'package@version' of trackerdb, if any."""
    version = npm_pins().get(TRACKERDB_PACKAGE)
    return f"{TRACKERDB_PACKAGE}@{version}" if version else None


def npm_cache_dir(spec: str) -> Path:
    """The unpacked package folder of a 'package@version' spec."""
    name, _, version = spec.rpartition("@")
    return npm_package_dir(name, version)


def enabled_by_env() -> bool:
    return os.environ.get(ENV_SWITCH, "1").strip().lower() not in ("0", "false", "no", "off", "")


def locate_trackerdb() -> Path | None:
    """trackerdb.json to use, or None: switched off, or not fetched (then own data only)."""
    value = os.environ.get(ENV_SWITCH, "").strip()
    if not enabled_by_env():
        return None
    if value and value.lower() not in ("1", "true", "yes", "on"):
        path = Path(value)
        return path if path.is_file() else None
    spec = trackerdb_pin()
    if spec is None:
        return None
    path = npm_cache_dir(spec) / "dist" / "trackerdb.json"
    return path if path.is_file() else None


def trackerdb_version(path: Path) -> str:
    """The npm package version beside dist/trackerdb.json, else a hash of the file."""
    try:
        meta = json.loads((path.parent.parent / "package.json").read_text(encoding="utf-8"))
        if meta.get("name") == TRACKERDB_PACKAGE and meta.get("version"):
            return meta["version"]
    except (OSError, ValueError):
        pass
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()[:16]
