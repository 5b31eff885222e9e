"""`make screenshots`: the README's pictures of the report (docs/report-*.png). Two sites of
the test world are audited as `make audit` does (the fleuriste, which complies, and the
boulangerie, which does not), their report.html worded again in English, and the top of each
page, French and English, photographed by the auditor's own Chromium."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.browser.launch import LAUNCH_ARGS, find_chromium  # noqa: E402
from auditor.runs.folders import site_folder_name  # noqa: E402
from scripts.demo_audit import audit_world  # noqa: E402

SITES = {"compliant": "https://www.fleuriste-rose.fr/", "failing": "https://www.boulangerie-martin.fr/"}
VIEWPORT = {"width": 1100, "height": 1500}  # the verdict, the per-phase table, the first findings
DOCS = ROOT / "docs"


def run_folder(reports_dir: Path, url: str) -> Path:
    """The site's newest run folder (run folders are named by their UTC start)."""
    return max((reports_dir / site_folder_name(url)).glob("*/report.html")).parent


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="report-screenshots-") as tmp:
        french = Path(tmp) / "fr"
        code = audit_world(str(french), list(SITES.values()), {"AUDITOR_PDF": 0, "AUDITOR_PROGRESS": "off"})
        if code != 0:
            return code
        english = Path(tmp) / "en"
        shutil.copytree(french, english)
        subprocess.run([sys.executable, "-m", "reports", str(english), "--language", "en", "--no-pdf"],
                       cwd=ROOT, check=True)
        DOCS.mkdir(exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=find_chromium(os.environ.get("AUDITOR_CHROMIUM")), args=LAUNCH_ARGS)
            context = browser.new_context(viewport=VIEWPORT, java_script_enabled=False)
            page = context.new_page()
            for language, reports_dir in (("fr", french), ("en", english)):
                for kind, url in SITES.items():
                    page.goto((run_folder(reports_dir, url) / "report.html").as_uri(), wait_until="load")
                    target = DOCS / f"report-{language}-{kind}.png"
                    page.screenshot(path=str(target))
                    print(f"{target.relative_to(ROOT)}: {url}, {language}")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
