"""The wall scan in the browser: is the page's content reachable as it stands? One
measurement of the page's main frame (auditor/consent/js/wall_scan.js); facts only, read by
auditor.consent.wall."""
from __future__ import annotations

from importlib import resources

from playwright.async_api import Error as PlaywrightError

WALL_JS = resources.files("auditor.consent").joinpath("js/wall_scan.js").read_text()


async def measure_wall(page, banner: dict | None = None) -> dict | None:
    """The page's blocking facts; `banner` (a picked banner scan) tells which box is the
    banner when it is drawn in the main frame. None when the page would not answer."""
    box_id = banner.get("box_id") if banner and not banner.get("frame_index") else None
    try:
        return await page.main_frame.evaluate(WALL_JS, box_id)
    except PlaywrightError:  # navigating, closed
        return None
