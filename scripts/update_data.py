#!/usr/bin/env python3
"""Refresh the knowledge base's outside data and say what changed.

    .venv/bin/python scripts/update_data.py              # re-pin trackerdb to the newest version
    .venv/bin/python scripts/update_data.py --check      # only say whether a newer one exists
    .venv/bin/python scripts/update_data.py --ocd PATH   # also take a new Open Cookie Database CSV

trackerdb: asks the npm registry for the newest @ghostery/trackerdb, rewrites its line in
assets/npm-assets.txt, fetches it with scripts/bootstrap.sh into .cache/npm/, and compares
the old and new trackerdb.json (patterns added, removed, recategorised; domains).
The Open Cookie Database is copied from a file you give (its upstream is on GitHub);
update the commit in auditor/data/open-cookie-database/SOURCE.md by hand.
Then run the knowledge tests: .venv/bin/python -m pytest tests/test_knowledge.py -q
"""
from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.browser.assets import NPM_ASSETS  # noqa: E402
from auditor.knowledge import datafiles  # noqa: E402


def newest_version() -> str:
    out = subprocess.run(["npm", "view", datafiles.TRACKERDB_PACKAGE, "version"],
                         check=True, capture_output=True, text=True).stdout
    return out.strip().splitlines()[-1].strip()


def repin(spec: str):
    lines = NPM_ASSETS.read_text(encoding="utf-8").splitlines()
    prefix = datafiles.TRACKERDB_PACKAGE + "@"
    if any(line.strip().startswith(prefix) for line in lines):
        lines = [spec if line.strip().startswith(prefix) else line for line in lines]
    else:
        lines.append(spec)
    NPM_ASSETS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def load_patterns(spec: str | None) -> dict:
    if spec is None:
        return {}
    path = datafiles.npm_cache_dir(spec) / "dist" / "trackerdb.json"
    return json.loads(path.read_text(encoding="utf-8"))["patterns"] if path.is_file() else {}


def diff_trackerdb(old: dict, new: dict, watched: set[str]):
    added = sorted(new.keys() - old.keys())
    removed = sorted(old.keys() - new.keys())
    recategorised = sorted(k for k in old.keys() & new.keys()
                           if old[k].get("category") != new[k].get("category"))
    redomained = sorted(k for k in old.keys() & new.keys()
                        if set(old[k].get("domains") or ()) != set(new[k].get("domains") or ())
                        or set(old[k].get("filters") or ()) != set(new[k].get("filters") or ()))
    print(f"trackerdb patterns: {len(old)} -> {len(new)}; {len(added)} added, {len(removed)} removed, "
          f"{len(recategorised)} recategorised, {len(redomained)} with other domains or filters")
    for title, ids in (("added", added), ("removed", removed)):
        if ids:
            print(f"  {title}: " + ", ".join(ids[:40]) + (" ..." if len(ids) > 40 else ""))
    for k in recategorised:
        print(f"  {k}: {old[k].get('category')} -> {new[k].get('category')}")
    gone = sorted(watched & set(removed))
    if gone:
        print("  WARNING: services.yaml maps these trackerdb ids, now gone: " + ", ".join(gone))
    touched = sorted(watched & set(redomained))
    if touched:
        print("  check services.yaml for these mapped ids (domains/filters changed): " + ", ".join(touched))


def watched_ids() -> set[str]:
    data = datafiles.read_yaml("services.yaml")
    return {i for spec in data["services"].values() for i in spec.get("trackerdb") or ()}


def update_ocd(source: Path):
    target = datafiles.OCD_CSV
    def names(path):
        with open(path, encoding="utf-8", newline="") as f:
            return {(r["Cookie / Data Key name"], r["Platform"]) for r in csv.DictReader(f)}
    old, new = names(target), names(source)
    shutil.copyfile(source, target)
    print(f"Open Cookie Database: {len(old)} -> {len(new)} records; "
          f"{len(new - old)} added, {len(old - new)} removed. "
          f"Update the commit in {target.parent / 'SOURCE.md'}.")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report whether a newer trackerdb exists")
    parser.add_argument("--ocd", type=Path, help="a newer open-cookie-database.csv to take")
    args = parser.parse_args()

    old_spec = datafiles.trackerdb_pin()
    latest = newest_version()
    new_spec = f"{datafiles.TRACKERDB_PACKAGE}@{latest}"
    print(f"trackerdb pinned: {old_spec or 'none'}; newest on npm: {latest}")
    if args.check:
        return 0 if old_spec == new_spec else 1
    if old_spec != new_spec:
        repin(new_spec)
        print(f"assets/npm-assets.txt now pins {new_spec}")
    subprocess.run(["bash", str(ROOT / "scripts" / "bootstrap.sh")], check=True, cwd=ROOT)
    if old_spec != new_spec:
        diff_trackerdb(load_patterns(old_spec), load_patterns(new_spec), watched_ids())
    else:
        print("trackerdb unchanged")
    if args.ocd:
        update_ocd(args.ocd)
    return 0


if __name__ == "__main__":
    sys.exit(main())
