"""`make audit` without a URL: start the local test world and audit its demo sites, as a
user would audit real ones. Reports go to REPORTS_DIR (default audit-reports/)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    reports_dir = os.environ.get("REPORTS_DIR", "audit-reports")
    world = subprocess.Popen([sys.executable, "-m", "tests.world"], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    try:
        info = json.loads(world.stdout.readline())
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
            listing.write("\n".join(info["sites"]) + "\n")
        print(f"Auditing {len(info['sites'])} demo sites of the test world into {reports_dir}/")
        crawl = subprocess.run([
            str(Path(sys.executable).with_name("scrapy")), "crawl", "site",
            "-a", f"urls={listing.name}",
            "-s", f"REPORTS_DIR={reports_dir}",
            "-s", f"AUDITOR_BROWSER_ARGS={json.dumps(info['browser_args'])}",
            "-s", "AUDITOR_IGNORE_HTTPS_ERRORS=1",
        ], cwd=ROOT)
        os.unlink(listing.name)
        return crawl.returncode
    finally:
        world.terminate()
        world.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
