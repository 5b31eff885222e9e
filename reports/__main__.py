"""Re-render saved reports without a browser:

    python -m reports REPORTS_DIR [--language en]     (also: python -m reports.render ...)

rewrites every run's report.html and CSV files from its report.json, each site's
history.html from its newest report, then the index, in --language (French by default): the
findings are worded again from their `message_id` and `params`; report.json is left as it is."""
from __future__ import annotations

import argparse
from pathlib import Path

from auditor.contract import DEFAULT_LANGUAGE, LANGUAGES
from reports.files import write_csv_files, write_history_page, write_html_report, write_index


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reports", description=__doc__.split("\n\n")[0])
    parser.add_argument("reports_dir")
    parser.add_argument("--language", default=DEFAULT_LANGUAGE, choices=LANGUAGES)
    args = parser.parse_args(argv)
    root = Path(args.reports_dir)
    count = 0
    for path in sorted(root.glob("*/*/report.json")):
        write_html_report(path.parent, language=args.language)
        write_csv_files(path.parent, language=args.language)
        count += 1
    histories = sum(1 for site in sorted({p.parent.parent for p in root.glob("*/*/report.json")})
                    if write_history_page(site, language=args.language))
    write_index(root, language=args.language)
    print(f"{count} reports rendered, {histories} history pages, index: {root / 'index.html'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
