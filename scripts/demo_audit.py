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


def audit_world(reports_dir: str, sites: list[str] | None = None, settings: dict | None = None) -> int:
    """Start the test world, audit `sites` (default: its demo sites) into `reports_dir`; the
    crawl's exit code."""
    world = subprocess.Popen([sys.executable, "-m", "tests.world"], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    try:
        info = json.loads(world.stdout.readline())
        sites = sites or info["sites"]
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
            listing.write("\n".join(sites) + "\n")
        print(f"Auditing {len(sites)} demo sites of the test world into {reports_dir}/")
        extra = [arg for name, value in (settings or {}).items() for arg in ("-s", f"{name}={value}")]
        crawl = subprocess.run([
            str(Path(sys.executable).with_name("scrapy")), "crawl", "site",
            "-a", f"urls={listing.name}",
            "-s", f"REPORTS_DIR={reports_dir}",
            "-s", f"AUDITOR_BROWSER_ARGS={json.dumps(info['browser_args'])}",
            "-s", "AUDITOR_IGNORE_HTTPS_ERRORS=1", *extra,
        ], cwd=ROOT)
        os.unlink(listing.name)
        return crawl.returncode
    finally:
        world.terminate()
        world.wait(timeout=10)


def main() -> int:
    return audit_world(os.environ.get("REPORTS_DIR", "audit-reports"))


if __name__ == "__main__":
    sys.exit(main())
