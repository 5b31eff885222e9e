"""Re-judge saved reports without a browser:

    python -m auditor.rules REPORT_JSON_OR_DIR... [--data-dir DIR] [--language en]

Each report.json (a directory is searched for them) gets its records attributed again, and its
findings and summary recomputed, with today's rules and knowledge, and is written back in
place, with its run folder's SHA256SUMS; messages in --language (French by default, as REPORT_LANGUAGE). --data-dir reads the knowledge files found in DIR (services.yaml, cookies.yaml,
categories.yaml, countries.yaml, open-cookie-database/) in place of the shipped ones of
auditor/data. Other report files (HTML, CSV) are not re-rendered."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from auditor.contract import DEFAULT_LANGUAGE, LANGUAGES
from auditor.knowledge import Knowledge
from auditor.runs.folders import MANIFEST
from reports.files import write_manifest

from . import apply


def report_files(paths: list[str]) -> list[Path]:
    found = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found += sorted(path.rglob("report.json"))
        elif path.is_file():
            found.append(path)
        else:
            raise SystemExit(f"no such file or directory: {name}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m auditor.rules", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="report.json files or directories holding them")
    parser.add_argument("--dry-run", action="store_true", help="print the verdicts, write nothing")
    parser.add_argument("--data-dir", type=Path, metavar="DIR",
                        help="knowledge files to use in place of the shipped ones of auditor/data")
    parser.add_argument("--language", default=DEFAULT_LANGUAGE, choices=LANGUAGES,
                        help="language of the findings' messages and the summary")
    args = parser.parse_args(argv)
    files = report_files(args.paths)
    if not files:
        print("no report.json found", file=sys.stderr)
        return 1
    if args.data_dir is not None and not args.data_dir.is_dir():
        raise SystemExit(f"no such directory: {args.data_dir}")
    knowledge = Knowledge.load(data_dir=args.data_dir) if args.data_dir else None
    for path in files:
        report = json.loads(path.read_text(encoding="utf-8"))
        apply(report, knowledge, args.language)
        summary = report["summary"]
        counts = " ".join(f"{k}={v}" for k, v in summary["counts"].items())
        print(f"{report.get('url')}: {summary['verdict']} ({counts}) — {path}")
        if not args.dry_run:
            tmp = path.with_suffix(".json.tmp")
            tmp.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
            tmp.replace(path)
            if (path.parent / MANIFEST).is_file():  # a run folder's: it covers report.json
                write_manifest(path.parent)
    return 0


if __name__ == "__main__":
    sys.exit(main())
