"""Withdrawing consent (issue 18 point 1; compliance-rules.md CNIL-WDR): after "accept all",
find how a visitor reopens the consent manager, reopen it, refuse everything there, and check
that the refusal took. Facts only: which trackers still run afterwards is the judge's
(auditor/rules/withdrawal.py).

A reopen control is a visible link or button of any frame (text, aria-label, title or an
image's alt; words in auditor/data/withdrawal.yaml) whose click shows a consent layer. When
none does, the manager's own reopen call (tarteaucitron's openPanel, CookieConsent's
showPreferences...) is tried, to still measure the withdrawal: `control` is then "api:<name>".
"""
from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from playwright.async_api import Error as PlaywrightError

from auditor.consent.banner import classify_banner, pick_banner
from auditor.consent.buttons import phrase_pattern, plain
from auditor.consent.driver import CLICK_TIMEOUT_MS
from auditor.contract import iso_ms

SCAN_JS = resources.files("auditor.consent").joinpath("js/reopen_scan.js").read_text()
LAYER_POLL = 0.25
MAX_SWITCHES = 60
# Turns the layer's switches off one at a time (not the locked ones), looking again after
# each: an "all services" switch turns the others with it. Returns how many were clicked.
SWITCHES_OFF_JS = """([box, max]) => {
  const root = document.querySelector(`[data-auditor-banner="${box}"]`);
  if (!root) return 0;
  const on = (el) => el.tagName === 'INPUT' ? el.checked : el.getAttribute('aria-checked') === 'true';
  let n = 0;
  while (n < max) {
    const next = [...root.querySelectorAll('input[type=checkbox], [role=switch], [role=checkbox]')]
      .find((el) => on(el) && !el.disabled && el.getAttribute('aria-disabled') !== 'true');
    if (!next) break;
    next.click();
    n++;
  }
  return n;
}"""


@dataclass(frozen=True)
class WithdrawalWords:
    strong: re.Pattern
    weak: re.Pattern
    policy_only: re.Pattern
    save: re.Pattern
    max_tries: int
    layer_wait: float
    apis: tuple[tuple[str, str, str], ...]  # (name, exists, call)


@lru_cache(maxsize=1)
def withdrawal_words() -> WithdrawalWords:
    data = yaml.safe_load(resources.files("auditor").joinpath("data/withdrawal.yaml").read_text(
        encoding="utf-8"))
    reopen = data["reopen"]
    return WithdrawalWords(
        strong=phrase_pattern([p for lang in reopen["phrases"].values() for p in lang]),
        weak=phrase_pattern(reopen["weak"]), policy_only=phrase_pattern(reopen["policy_only"]),
        save=phrase_pattern(data["save_phrases"]), max_tries=int(reopen["max_tries"]),
        layer_wait=float(reopen["layer_wait_s"]),
        apis=tuple((name, api["exists"], api["call"]) for name, api in data["manager_apis"].items()))


def _words(control: dict) -> str:
    return plain(" ".join(control.get(k) or "" for k in ("text", "aria", "title", "alt")))


def control_label(control: dict) -> str:
    return next((control[k] for k in ("text", "aria", "title", "alt") if control.get(k)), "")


def _stays_on_page(control: dict) -> bool:
    href = control.get("href")
    return href is None or href == "" or href.startswith(("#", "javascript:"))


def rank_reopen_controls(controls: list[dict]) -> list[dict]:
    """The scanned controls worth clicking to reopen the choice, best first: the reopen
    phrases before a bare « Cookies »; a button or an in-page link before one leading away.
    A link whose words only name a policy (« Politique de cookies ») is none."""
    words = withdrawal_words()
    ranked = []
    for index, control in enumerate(controls):
        text = _words(control)
        strong = bool(words.strong.search(text))
        if not strong and (words.policy_only.search(text) or not words.weak.search(text)):
            continue
        ranked.append(((0 if strong else 1, 0 if _stays_on_page(control) else 1, index), control))
    seen, out = set(), []
    for _key, control in sorted(ranked, key=lambda item: item[0]):
        key = (control_label(control), control.get("href"))
        if key not in seen:
            seen.add(key)
            out.append(control)
    return out


def is_save_label(label: str) -> bool:
    return bool(withdrawal_words().save.search(plain(label)))


def skip_reason(phases: dict) -> str | None:
    """Why there is nothing to withdraw (no browser is started), or None: a banner was found
    and the accept phase's click was made."""
    accept = (phases.get("accept") or {}).get("consent_action") or {}
    initial = (phases.get("initial") or {}).get("banner_scan") or {}
    if not initial.get("detected") and not accept.get("performed"):
        return "no_banner"
    if not accept.get("performed"):
        return "accept_not_performed"
    return None


def withdrawal_record(**facts) -> dict:
    """report.json's `withdrawal` (contract keys first; trackers_after and cookies_kept are
    the judge's, filled from the records)."""
    return {"reopened": False, "control": None, "withdrawn": False, "verified": False,
            "trackers_after": [], "cookies_kept": [], "skipped": None, **facts}


def pick_layer(scans: list[dict]) -> dict | None:
    """The consent layer among the scans: the banner pick_banner sees, or a box offering to
    save a choice (Klaro's reopened modal: switches and « Enregistrer », no reject)."""
    banner = pick_banner(scans)
    if _has_choice(banner):
        return banner
    for scan in scans:
        for box in scan.get("banners", []):
            box = {**classify_banner(box), "frame_url": scan.get("url"), "frame_index": scan.get("frame_index")}
            if _has_choice(box):
                return box
    return None


def _has_choice(layer: dict | None) -> bool:
    """A consent layer a visitor can choose in: accept, reject, settings or save."""
    if not layer:
        return False
    return any(c["role"] in ("accept", "reject", "settings") or is_save_label(c["label"])
               for c in layer["controls"])


class Withdrawal:
    """One withdrawal, in the withdraw phase's browser, with its consent driver."""

    def __init__(self, consent, recorder, settle, site_domain: str, page_timeout: float):
        self.consent, self.recorder, self.settle = consent, recorder, settle
        self.site_domain, self.page_timeout = site_domain, page_timeout
        self.words = withdrawal_words()

    async def scan(self, page) -> list[tuple[object, dict]]:
        found = []
        for index, frame in enumerate(page.frames):
            try:
                result = await frame.evaluate(SCAN_JS, 1 + index * 100000)
            except PlaywrightError:
                continue
            found += [(frame, control) for control in result["controls"]]
        return found

    async def _layer(self, page) -> dict | None:
        """The consent layer a reopen shows, waited for `layer_wait` seconds at most."""
        deadline = time.monotonic() + self.words.layer_wait
        while True:
            layer = pick_layer(await self.consent.scan(page))
            if layer is not None or time.monotonic() >= deadline:
                return layer
            await asyncio.sleep(LAYER_POLL)

    async def _after_click(self, page) -> None:
        try:
            await page.wait_for_load_state("load", timeout=self.page_timeout * 1000)
        except PlaywrightError:
            pass
        await self.settle(page)

    async def reopen(self, page, home: str) -> dict:
        """Click the candidates until one shows a consent layer; else the manager's call."""
        tried = []
        candidates = rank_reopen_controls([c for _f, c in await self.scan(page)])
        for control in candidates[:self.words.max_tries]:
            # scanned again: the page may have been reloaded by the previous try
            same = [(f, c) for f, c in await self.scan(page)
                    if control_label(c) == control_label(control) and c.get("href") == control.get("href")]
            if not same:
                continue
            frame, now = same[0]
            tried.append(control_label(control))
            try:
                await frame.locator(f'[data-auditor-reopen="{now["id"]}"]').first.click(timeout=CLICK_TIMEOUT_MS)
            except PlaywrightError:
                continue
            await self._after_click(page)
            layer = await self._layer(page)
            if layer is not None:
                return {"reopened": True, "control": control_label(control), "method": "click",
                        "tried": tried, "layer": layer}
            if page.url.split("#")[0] != home.split("#")[0]:   # it led away (a policy page)
                await page.goto(home, wait_until="domcontentloaded", timeout=self.page_timeout * 1000)
                await self.settle(page)
        apis = await self.manager_apis(page)
        for name, call in apis:
            try:
                await page.evaluate(f"() => {{ {call}; }}")
            except PlaywrightError:
                continue
            await self.settle(page)
            layer = await self._layer(page)
            if layer is not None:
                return {"reopened": True, "control": f"api:{name}", "method": "api", "tried": tried,
                        "apis": [n for n, _c in apis], "layer": layer}
        return {"reopened": False, "control": None, "method": None, "tried": tried,
                "apis": [n for n, _c in apis], "layer": None}

    async def manager_apis(self, page) -> list[tuple[str, str]]:
        """The managers' reopen calls this page exposes (name, call), in the data's order."""
        found = []
        for name, exists, call in self.words.apis:
            try:
                if await page.evaluate(f"() => Boolean({exists})"):
                    found.append((name, call))
            except PlaywrightError:
                continue
        return found

    async def refuse(self, page, layer: dict) -> dict:
        """Refuse everything in the reopened layer: its "reject all" (through its settings
        when it hides there); else its switches off, then save. Then check it took."""
        await self.recorder.refresh(page)
        before = self.recorder.snapshot()
        trackers_before = self.consent.trackers(before.requests, self.site_domain)
        clicked_at = time.time()
        self.recorder.cookie_names_from = clicked_at
        outcome = {"action": "withdraw", "performed": False, "method": None, "control": None,
                   "layers": 1, "clicked_at": None, "verified": False, "verification": None, "reason": None}
        await self.consent.click_choice(page, layer, "reject", outcome)
        if outcome["performed"]:
            outcome["method"] = "reject"
        else:
            await self._switches_off_and_save(page, layer, outcome)
        if not outcome["performed"]:
            return outcome
        outcome["clicked_at"] = iso_ms(clicked_at)
        outcome["verification"] = await self._effects(page, layer, before, trackers_before, clicked_at)
        verification = outcome["verification"]
        if not verification["banner_gone"] and not verification["choice_stored"]:
            # "Tout refuser" in a preferences layer may only turn the switches off: the
            # visitor then saves (Orejime's « Enregistrer mes choix »)
            still = pick_layer(await self.consent.scan(page))
            if still is not None and await self._save(still, outcome):
                outcome["verification"] = await self._effects(page, layer, before, trackers_before, clicked_at)
        # the refusal stored is the withdrawal; a layer may stay open after it (tarteaucitron's
        # panel after "Tout refuser"), which the visitor then closes
        outcome["verified"] = outcome["verification"]["choice_stored"]
        return outcome

    async def _effects(self, page, layer, before, trackers_before, clicked_at) -> dict:
        return await self.consent.effects(page, "reject", layer, before, trackers_before, clicked_at,
                                          self.recorder, self.settle, self.site_domain)

    async def _save(self, layer: dict, outcome: dict) -> bool:
        save = [c for c in layer["controls"] if is_save_label(c["label"])]
        if not save or not await self.consent.click_control(layer, save[0]):
            return False
        outcome["saved_with"] = save[0]["label"]
        return True

    async def _switches_off_and_save(self, page, layer: dict, outcome: dict) -> None:
        frame = self.consent.frame_of(layer)
        if frame is None or not layer.get("box_id") or not any(is_save_label(c["label"]) for c in layer["controls"]):
            outcome["reason"] = "the reopened layer shows no reject or save control"
            return
        try:
            turned = await frame.evaluate(SWITCHES_OFF_JS, [layer["box_id"], MAX_SWITCHES])
        except PlaywrightError:
            turned = 0
        if not await self._save(layer, outcome):
            outcome["reason"] = "saving the reopened layer failed"
            return
        outcome.update(performed=True, method="switches_off", control=outcome["saved_with"], switches_off=turned,
                       reason=None)

