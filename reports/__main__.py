"""Re-render saved reports without auditing again:

    python -m reports REPORTS_DIR [--language en] [--no-pdf]   (also: python -m reports.render ...)

rewrites every run's report.html, report.pdf (printed by Chromium: AUDITOR_CHROMIUM, else
chromium on PATH), CSV files and report.xlsx from its report.json, and its SHA256SUMS over them,
each site's history.html from its newest report, then the index, in --language (French by
default): the findings are worded again from their `message_id` and `params`; report.json is
left as it is."""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from auditor.browser.launch import BrowserNotFound, find_chromium
from auditor.contract import DEFAULT_LANGUAGE, LANGUAGES
from reports.files import (
    write_csv_files,
    write_history_page,
    write_html_report,
    write_index,
    write_manifest,
    write_xlsx_report,
)
from reports.pdf import PdfPrinter


async def print_reports(folders: list[Path], executable: str) -> list[str]:
    """report.pdf in each folder, one browser for all; the failures, in words."""
    printer = PdfPrinter(executable)
    failures = []
    try:
        for folder in folders:
            try:
                await printer.write(folder)
            except Exception as exc:  # one report that cannot be printed does not stop the rest
                failures.append(f"{folder}: report.pdf not written: {exc}".splitlines()[0])
    finally:
        await printer.close()
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reports", description=__doc__.split("\n\n")[0])
    parser.add_argument("reports_dir")
    parser.add_argument("--language", default=DEFAULT_LANGUAGE, choices=LANGUAGES)
    parser.add_argument("--no-pdf", action="store_true", help="do not print report.pdf")
    args = parser.parse_args(argv)
    root = Path(args.reports_dir)
    folders = [path.parent for path in sorted(root.glob("*/*/report.json"))]
    for folder in folders:
        write_html_report(folder, language=args.language)
        write_csv_files(folder, language=args.language)
        write_xlsx_report(folder, language=args.language)
    failures = []
    if folders and not args.no_pdf:
        try:
            failures = asyncio.run(print_reports(folders, find_chromium(os.environ.get("AUDITOR_CHROMIUM"))))
        except BrowserNotFound as exc:
            failures = [f"no report.pdf written: {exc}"]
    for folder in folders:
        write_manifest(folder)  # last: it covers the files rewritten
    histories = sum(1 for site in sorted({f.parent for f in folders})
                    if write_history_page(site, language=args.language))
    write_index(root, language=args.language)
    for failure in failures:
        print(failure, file=sys.stderr)
    print(f"{len(folders)} reports rendered, {histories} history pages, index: {root / 'index.html'}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
