"""report.pdf: a site's report.html printed by the auditor's own Chromium (Debian's, found as
for the audits), A4 with page numbers, through the print stylesheet
(templates/report-print.css). One browser serves every report of a crawl or a re-render."""
from __future__ import annotations

import asyncio
from pathlib import Path

from playwright.async_api import async_playwright

from auditor.browser.launch import LAUNCH_ARGS
from reports.atomic import write_bytes_atomically

PRINT_TIMEOUT = 120  # seconds for one report, load and print; a big report takes a few
# Chromium fills the footer's .pageNumber and .totalPages; the margins leave room for it.
FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#555">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
PDF_OPTIONS = {
    "format": "A4", "print_background": True, "display_header_footer": True,
    "header_template": "<span></span>", "footer_template": FOOTER,
    "margin": {"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"},
}


class PdfPrinter:
    """A headless Chromium launched at the first report printed and kept until close()."""

    def __init__(self, executable: str):
        self.executable = executable
        self._playwright = None
        self._browser = None
        self._lock = asyncio.Lock()

    async def _ready_browser(self):
        async with self._lock:  # reports printed at once share one launch
            if self._browser is None or not self._browser.is_connected():
                if self._playwright is None:
                    self._playwright = await async_playwright().start()
                self._browser = await self._playwright.chromium.launch(
                    executable_path=self.executable, headless=True, args=LAUNCH_ARGS)
            return self._browser

    async def _print(self, html: Path) -> bytes:
        browser = await self._ready_browser()
        # No script runs in a report (its CSP says so too); the page is a local file.
        context = await browser.new_context(java_script_enabled=False)
        try:
            page = await context.new_page()
            await page.goto(Path(html).resolve().as_uri(), wait_until="load")
            return await page.pdf(**PDF_OPTIONS)
        finally:
            await context.close()

    async def print(self, html: Path) -> bytes:
        """The PDF of an HTML file; TimeoutError past PRINT_TIMEOUT."""
        return await asyncio.wait_for(self._print(html), PRINT_TIMEOUT)

    async def write(self, folder: Path) -> Path:
        """report.pdf beside the folder's report.html, written atomically."""
        path = Path(folder) / "report.pdf"
        write_bytes_atomically(path, await self.print(Path(folder) / "report.html"))
        return path

    async def close(self) -> None:
        if self._browser is not None:
            await self._browser.close()
        if self._playwright is not None:
            await self._playwright.stop()
        self._browser = self._playwright = None
