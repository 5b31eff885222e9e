"""The browser side of settling: installs js/settle_hook.js in a context and reads its state
from a page's frames. What the state means is decided in settle.py, without the browser."""
from __future__ import annotations

import asyncio
import time
from importlib import resources

from playwright.async_api import Error as PlaywrightError

from auditor.capture.settle import PageWork, page_work

SETTLE_HOOK = resources.files("auditor.capture").joinpath("js/settle_hook.js").read_text()
SETTLE_STATE_JS = ("() => { const state = window.__auditorSettleState;"
                   " return typeof state === 'function' ? state() : {}; }")
SETTLE_FRAMES = 20  # frames asked, the main frame first
FRAME_ANSWER_TIMEOUT = 1.0  # a frame busier than this counts as pending


async def install(context) -> None:
    """Before any page script of the context's pages and frames."""
    await context.add_init_script(SETTLE_HOOK)


async def frame_state(frame) -> dict | None:
    """The hook's state in one frame: {} where there is none to wait for (detached or
    navigating), None when the frame is too busy to answer."""
    try:
        return await asyncio.wait_for(frame.evaluate(SETTLE_STATE_JS), FRAME_ANSWER_TIMEOUT)
    except asyncio.TimeoutError:
        return None
    except PlaywrightError:
        return {}


async def pending_work(page) -> PageWork:
    """The pending work of the page's frames, merged."""
    states = await asyncio.gather(*(frame_state(f) for f in page.frames[:SETTLE_FRAMES]))
    return page_work(list(states), time.monotonic())


async def last_dom_change(page) -> float | None:
    """When nodes were last added to or removed from the page, epoch s."""
    try:
        state = await page.main_frame.evaluate(SETTLE_STATE_JS)
        return float(state["last_mutation"]) / 1000
    except (PlaywrightError, KeyError, TypeError, ValueError):
        return None
