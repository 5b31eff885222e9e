"""Precision and recall of the readers over the labelled corpora (make accuracy): legal-notice
fields, policy claims, vendors and lifetimes, banner control wordings. Figures, not a test:
tests/test_accuracy_*.py hold them to their thresholds.

    python scripts/accuracy.py [--errors]     # --errors: print every case that went wrong"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.accuracy import sections  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="print every wrong case")
    args = parser.parse_args(argv)
    for name, rows in sections().items():
        print(f"\n{name}")
        print(f"  {'key':<34} {'support':>7} {'precision':>9} {'recall':>7}")
        for row in rows:
            print(f"  {row.key:<34} {row.support:>7} {row.precision:>9.3f} {row.recall:>7.3f}")
            if args.errors:
                for error in row.errors:
                    print(f"      {error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
