"""Runs the real `scrapy crawl site` command against the test world and reads its reports."""
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRAPY = str(Path(sys.executable).with_name("scrapy"))

BOULANGERIE = "https://www.boulangerie-martin.fr/"
CABINET = "https://www.cabinet-durand.fr/"
ATELIER = "https://www.atelier-chat.fr/"
REDIRECT = "https://www.redirige-exemple.fr/"
HOSTILE = "https://www.piege-exemple.fr/"  # payloads in cookie names and page text
# Sites built for the judge (tests/test_rules_e2e.py)
OPTICIEN = "https://www.opticien-renaud.fr/"    # "Tout refuser" still loads GA4; Privacy Shield
GARAGE = "https://www.garage-dupuis.fr/"        # "no third parties", "data in France"; http form
SERRURIER = "https://www.serrurier-rapide.fr/"  # no legal notice, no privacy policy
FLEURISTE = "https://www.fleuriste-rose.fr/"    # built to comply
# The sites of the shared test-world run (conftest's `runs`): add a site here to have it
# audited once for every test that needs it.
SITES = [BOULANGERIE, CABINET, ATELIER, REDIRECT, HOSTILE, OPTICIEN, GARAGE, SERRURIER, FLEURISTE]

BAD_INPUT = {
    "https://introuvable.invalid/": "DNS failure",
    "https://boucle.exemple-erreurs.fr/": "Redirect loop",
    "https://lent.exemple-erreurs.fr/": "Timeout: the page did not load within 15 s",
    "https://panne.exemple-erreurs.fr/": "HTTP 500 (server error) on the home page",
    "https://absent.exemple-erreurs.fr/": "HTTP 404 (client error) on the home page",
    "https://document.exemple-erreurs.fr/": "not an HTML page (content type: application/pdf)",
    "https://donnees.exemple-erreurs.fr/": "not an HTML page (content type: application/json)",
    "https://crash.exemple-erreurs.fr/": "crashed the browser's renderer",
    "ftp://www.boulangerie-martin.fr/": "Unsupported URL scheme 'ftp'",
    "pas une adresse": "Unsupported URL scheme 'none'",
}
# V8 runs out of memory in half a second instead of ten with a small heap.
SMALL_HEAP = "--js-flags=--max-old-space-size=64"


@dataclass
class Run:
    """One `scrapy crawl site` run: its process, output and reports by URL."""

    process: subprocess.Popen
    reports_dir: Path
    log_path: Path
    returncode: int | None = None

    def wait(self, timeout: float = 900) -> "Run":
        self.returncode = self.process.wait(timeout=timeout)
        return self

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def reports(self) -> dict[str, tuple[Path, dict]]:
        found = {}
        for path in sorted(self.reports_dir.glob("*/*/report.json")):
            report = json.loads(path.read_text(encoding="utf-8"))
            found[report["url"]] = (path.parent, report)
        return found


def start_crawl(tmp: Path, urls: list[str], browser_args: list[str], *,
                ignore_https_errors: bool = True, settings: dict | None = None,
                cwd: Path = ROOT, env: dict | None = None) -> Run:
    tmp.mkdir(parents=True, exist_ok=True)
    listing = tmp / "sites.txt"
    listing.write_text("# test sites\n" + "\n".join(urls) + "\n", encoding="utf-8")
    reports = tmp / "reports"
    command = [SCRAPY, "crawl", "site", "-a", f"urls={listing}",
               "-s", f"REPORTS_DIR={reports}",
               "-s", f"AUDITOR_BROWSER_ARGS={json.dumps(browser_args)}",
               "-s", f"AUDITOR_IGNORE_HTTPS_ERRORS={int(ignore_https_errors)}"]
    for name, value in (settings or {}).items():
        command += ["-s", f"{name}={value}"]
    log_path = tmp / "crawl.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
    return Run(process, reports, log_path)
