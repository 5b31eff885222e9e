"""Drives the consent banner in the browser: waits for it, reads its first layer, makes a
choice (autoconsent's rule for a known consent manager, else the keyword heuristic), and
collects what the verification needs. Decisions are taken by the pure functions of
auditor.consent.banner."""
from __future__ import annotations

import asyncio
import time
from importlib import resources

from playwright.async_api import Error as PlaywrightError

from auditor.capture.settle_hook import last_dom_change
from auditor.capture.snapshot import changed_cookies, changed_storage, new_hosts
from auditor.consent.autoconsent import AutoconsentAssets, AutoconsentSession
from auditor.consent.banner import controls_with_role, first_layer, pick_banner, same_banner, verify_choice
from auditor.consent.switches import read_switches
from auditor.contract import iso_ms
from auditor.domains import is_third_party
from auditor.knowledge import Knowledge

SCAN_JS = resources.files("auditor.consent").joinpath("js/banner_scan.js").read_text()
SWITCH_JS = resources.files("auditor.consent").joinpath("js/switch_scan.js").read_text()
AUTOCONSENT_ACTION = {"accept": "optIn", "reject": "optOut"}
CLICK_TIMEOUT_MS = 5000
CROP_TIMEOUT_MS = 3000
DETECT_POLL = 0.2
BANNER_GONE_WAIT = 3.0  # s a banner still shown after the click has to go
POPUP_DRAW_TRIES = 10
SETTINGS_WAIT = 2.5  # s the settings layer has to show its switches after the click
LAYER_MARK = "settings"


class ConsentDriver:
    def __init__(self, assets: AutoconsentAssets | None, knowledge: Knowledge, *,
                 banner_wait: float, action_timeout: float = 10.0):
        self.autoconsent = AutoconsentSession(assets) if assets else None
        self.knowledge = knowledge
        self.banner_wait = banner_wait
        self.action_timeout = action_timeout
        self._frames: dict[int, object] = {}
        self._chosen_banner: dict | None = None

    async def attach(self, context) -> None:
        if self.autoconsent is not None:
            await self.autoconsent.attach(context)

    # -- looking ------------------------------------------------------------------------
    async def _in_visible_frames(self, page, script: str, arg) -> list[tuple[int, dict]]:
        """`script` run in the page and in every frame a visitor can see: (frame index,
        result); `arg` is the script's argument, or a function of the frame's index."""
        results = []
        for index, frame in enumerate(page.frames):
            if frame is not page.main_frame and not await _frame_visible(frame):
                continue
            try:
                result = await frame.evaluate(script, arg(index) if callable(arg) else arg)
            except PlaywrightError:  # detached or navigating frame
                continue
            self._frames[index] = frame
            results.append((index, result))
        return results

    async def scan(self, page) -> list[dict]:
        """Banner candidates in every frame a visitor can see."""
        return [{**result, "frame_index": index} for index, result in
                await self._in_visible_frames(page, SCAN_JS, lambda index: 1 + index * 100000)]

    async def detect(self, page) -> dict:
        """Called once the page has settled; stops as soon as the answer is known: autoconsent
        found its manager's popup; or it knows no manager, having looked at the page as it is
        now, and the banner (if any) is the one the keyword scan sees. Only a known manager
        whose popup has not shown yet is waited for, `banner_wait` seconds at most."""
        ac = self.autoconsent
        started = time.monotonic()
        while True:
            banner = pick_banner(await self.scan(page))
            if ac is None or ac.popup_cmp:
                break
            if time.monotonic() - started >= self.banner_wait:
                break
            if not ac.detected and ac.detection_current(await last_dom_change(page)):
                break
            await asyncio.sleep(DETECT_POLL)
        # autoconsent may report the popup before it is drawn: give the first-layer reading
        # a moment to see it too.
        for _ in range(POPUP_DRAW_TRIES):
            if banner is not None or not (ac and ac.popup_cmp):
                break
            await asyncio.sleep(0.3)
            banner = pick_banner(await self.scan(page))
        return {
            "detected": banner is not None or bool(ac and ac.popup_cmp),
            "cmp": ac.popup_cmp if ac else None,
            "cmps_detected": sorted(set(ac.detected)) if ac else [],
            "banner": banner,
            "first_layer": first_layer(banner) if banner else None,
            "autoconsent": "available" if ac else "unavailable",
        }

    # -- choosing -----------------------------------------------------------------------
    async def choose(self, page, action: str, recorder, settle, site_domain: str) -> dict:
        """Make the visitor's choice ("accept" or "reject") and check that it took effect."""
        detection = await self.detect(page)
        outcome = {"action": action, "performed": False, "method": None, "cmp": detection["cmp"],
                   "control": None, "layers": 1, "clicked_at": None, "verified": False,
                   "verification": None, "reason": None, "banner_reappeared": [],
                   "attempts": 1}
        if not detection["detected"]:
            outcome["reason"] = "no consent banner was found"
            return outcome
        self._chosen_banner = detection["banner"]
        await recorder.refresh(page)
        before = recorder.snapshot()
        trackers_before = self.trackers(before.requests, site_domain)
        if detection["cmp"] and self.autoconsent:
            # Managers wire their buttons a moment after showing them (tarteaucitron: a
            # timer), which settling waits for.
            await settle(page)
        clicked_at = time.time()
        if detection["cmp"] and self.autoconsent:
            if await self.autoconsent.act(AUTOCONSENT_ACTION[action], self.action_timeout):
                outcome.update(performed=True, method=f"autoconsent:{detection['cmp']}")
        if not outcome["performed"] and detection["banner"]:
            await self.click_choice(page, detection["banner"], action, outcome)
        if not outcome["performed"]:
            outcome["reason"] = outcome["reason"] or f"no {action} control could be clicked"
            return outcome

        outcome["clicked_at"] = iso_ms(clicked_at)

        async def effects() -> dict:
            return await self.effects(page, action, detection["banner"], before, trackers_before,
                                      clicked_at, recorder, settle, site_domain)

        with recorder.clock.step("banner.verify"):
            outcome["verification"] = await effects()
        if not outcome["verification"]["banner_gone"] and detection["banner"]:
            # A visitor whose click did nothing clicks again, once: managers that wire their
            # buttons late miss the first click on a slow machine. An inert button stays inert.
            await settle(page)
            retry = {"layers": 1}
            await self.click_choice(page, detection["banner"], action, retry)
            if retry.get("performed"):
                outcome["attempts"] = 2
                outcome["verification"] = await effects()
        outcome["verified"] = outcome["verification"]["verified"]
        return outcome

    async def effects(self, page, action: str, banner, before, trackers_before: set[str],
                      clicked_at: float, recorder, settle, site_domain: str) -> dict:
        """What a click made at `clicked_at` on `banner` changed (verify_choice): the banner
        gone, the choice stored, trackers new since the snapshot `before`."""
        await settle(page)
        banner_after = await self._banner_leaving(page, banner)
        await recorder.refresh(page)
        after, activity = recorder.snapshot(), recorder.since(clicked_at)
        return verify_choice(
            action,
            banner_before=banner,
            banner_after=banner_after,
            # The site's own cookies: a tracker's cookie is no record of the choice.
            cookies_set_after=[s.name for s in activity.cookies_set
                               if not is_third_party(s.effective_domain, site_domain)]
            + [name for name, domain, _ in changed_cookies(before, after)
               if not is_third_party(domain, site_domain)],
            storage_changed=[key for _, _, key in changed_storage(before, after)],
            new_third_party_hosts=[host for host in new_hosts(before, activity)
                                   if is_third_party(host, site_domain)],
            new_trackers=sorted(self.trackers(activity.requests, site_domain) - trackers_before),
        )

    def frame_of(self, banner: dict | None):
        """The frame a scanned banner was found in (None when it is gone)."""
        return self._frames.get((banner or {}).get("frame_index"))

    async def _banner_leaving(self, page, banner_before: dict | None) -> dict | None:
        """The banner after the click. One still shown is given BANNER_GONE_WAIT seconds to
        go: managers hide theirs with a CSS transition, which settling does not wait for, and
        which a busy machine draws slowly."""
        deadline = time.monotonic() + BANNER_GONE_WAIT
        while True:
            banner_after = pick_banner(await self.scan(page))
            if not same_banner(banner_before, banner_after) or time.monotonic() >= deadline:
                return banner_after
            await asyncio.sleep(DETECT_POLL)

    def trackers(self, requests: list[dict], site_domain: str) -> set[str]:
        found = set()
        for request in requests:
            service = self.knowledge.classify_request(request["url"], site_domain)
            if service and service.tracker:
                found.add(service.name)
        return found

    async def shown_again(self, page) -> bool:
        """Is the banner the choice was made on back on this page (the choice forgotten)?"""
        if self._chosen_banner is None:
            return False
        return same_banner(self._chosen_banner, pick_banner(await self.scan(page)))

    async def click_choice(self, page, banner, action, outcome) -> None:
        """Click `banner`'s control for `action` by its words (reject: through its settings
        when it hides there); `outcome` gets performed/method/control/layers/reason."""
        controls = controls_with_role(banner, action)
        if not controls and action == "reject":
            # "Tout refuser" often waits behind "Personnaliser": a visitor can get there.
            settings = controls_with_role(banner, "settings")
            if settings and await self.click_control(banner, settings[0]):
                banner, controls = await self._second_layer(page)
                outcome["layers"] = 2
        if not controls:
            outcome["reason"] = f"the banner shows no {action} control"
            return
        if await self.click_control(banner, controls[0]):
            outcome.update(performed=True, method="heuristic", control=controls[0]["label"])
        else:
            outcome["reason"] = f"clicking \u201c{controls[0]['label']}\u201d failed"

    async def _second_layer(self, page):
        for _ in range(10):
            await asyncio.sleep(0.3)
            banner = pick_banner(await self.scan(page))
            controls = controls_with_role(banner, "reject")
            if controls:
                return banner, controls
        return None, []

    # -- looking behind the settings, choosing nothing ---------------------------------
    async def open_settings(self, page, banner: dict | None) -> tuple[dict, bytes | None]:
        """A visitor opens « Personnaliser » to look, and chooses nothing: the settings layer's
        switches (label, on, locked, kind) and the layer drawn (PNG: cropped when it can be,
        else the page; None when no switch showed). `opened` is false with a `reason` code when
        there is no settings control (`no_settings`), the click failed (`click_failed`), the page
        went elsewhere (`other_page`) or no switch showed (`no_switch`)."""
        settings = controls_with_role(banner, "settings")
        layer = {"opened": False, "control": settings[0]["label"] if settings else None,
                 "switches": [], "reason": None}
        if not settings:
            layer["reason"] = "no_settings"
            return layer, None
        address = page.url.split("#")[0]
        if not await self.click_control(banner, settings[0]):
            layer["reason"] = "click_failed"
            return layer, None
        found, where = await self._switches(page)
        if page.url.split("#")[0] != address:  # a link to a page of its own: not a layer
            layer["reason"] = "other_page"
            return layer, None
        layer["switches"] = read_switches(found)
        layer["opened"] = bool(layer["switches"])
        if not layer["opened"]:
            layer["reason"] = "no_switch"
            return layer, None
        return layer, await self._draw_layer(page, where)

    async def _switches(self, page) -> tuple[list[dict], int | None]:
        """The switches shown, polled until two readings agree (or SETTINGS_WAIT), with the
        index of the frame holding the layer."""
        deadline, last, found, where = time.monotonic() + SETTINGS_WAIT, None, [], None
        while time.monotonic() < deadline:
            await asyncio.sleep(DETECT_POLL)
            found, where = [], None
            for index, result in await self._in_visible_frames(page, SWITCH_JS, LAYER_MARK):
                if result["switches"] and where is None:
                    where = index
                found += result["switches"]
            if found and len(found) == last:
                break
            last = len(found) if found else None
        return found, where

    async def _draw_layer(self, page, frame_index: int | None) -> bytes | None:
        frame = self._frames.get(frame_index)
        if frame is not None:
            try:
                return await frame.locator(f'[data-auditor-layer="{LAYER_MARK}"]').first.screenshot(
                    timeout=CROP_TIMEOUT_MS, animations="disabled")
            except PlaywrightError:
                pass
        try:
            return await page.screenshot(timeout=CROP_TIMEOUT_MS * 3)
        except PlaywrightError:
            return None

    async def crop(self, page, banner: dict | None) -> bytes | None:
        """The banner alone, as the visitor sees it (PNG); None when it cannot be drawn."""
        frame = self._frames.get((banner or {}).get("frame_index"))
        if frame is None or not banner.get("box_id"):
            return None
        box = frame.locator(f'[data-auditor-banner="{banner["box_id"]}"]').first
        try:
            # a banner still sliding in is drawn as it stands, not waited for
            return await box.screenshot(timeout=CROP_TIMEOUT_MS, animations="disabled")
        except PlaywrightError:
            pass
        try:
            # a busy machine, a box that never settles: its area of the page, as it is now
            area = await box.bounding_box(timeout=CROP_TIMEOUT_MS)
            if not area or area["width"] < 2 or area["height"] < 2:
                return None
            return await frame.page.screenshot(clip=area, timeout=CROP_TIMEOUT_MS)
        except PlaywrightError:
            return None

    async def click_control(self, banner, control) -> bool:
        """Click one of a scanned banner's controls, in its frame; False when it cannot be."""
        frame = self._frames.get(banner.get("frame_index"))
        if frame is None:
            return False
        try:
            await frame.locator(f'[data-auditor-button="{control["id"]}"]').first.click(
                timeout=CLICK_TIMEOUT_MS)
        except PlaywrightError:
            return False
        return True


async def _frame_visible(frame) -> bool:
    try:
        element = await frame.frame_element()
        box = await element.bounding_box()
        return bool(box and box["width"] > 1 and box["height"] > 1 and await element.is_visible())
    except PlaywrightError:
        return False
