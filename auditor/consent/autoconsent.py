"""@duckduckgo/autoconsent (MPL-2.0), fetched at set-up into the npm cache, used unmodified:
its Playwright bundle runs in every frame and asks us, through a binding, for its rules and
to evaluate code; we answer as its own Playwright harness does and choose when to act."""
from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from playwright.async_api import Error as PlaywrightError

from auditor.browser.assets import npm_package_dir

logger = logging.getLogger(__name__)
ATTEMPT_SECONDS = 0.3  # one detection attempt: every rule checked once, evals answered

PACKAGE = "@duckduckgo/autoconsent"
VERSION = "16.23.0"
CONFIG = {
    "enabled": True,
    "autoAction": None,  # we send optIn / optOut ourselves, once the popup is found
    "disabledCmps": [],
    "enablePrehide": False,  # a visitor sees the banner; nothing is hidden
    "enableCosmeticRules": False,  # hiding a banner is not a choice
    "enableGeneratedRules": True,
    "enableHeuristicDetection": False,
    "detectRetries": 10,
    "isMainWorld": False,
    "visualTest": False,
    "logs": {k: False for k in ("lifecycle", "rulesteps", "detectionsteps", "evals", "errors",
                                "messages", "waits")},
    "heuristicMode": "off",
}
CONFIG_JSON = json.dumps(CONFIG)


@dataclass(frozen=True)
class AutoconsentAssets:
    bundle: str
    # Each rule serialised once, with its runContext.urlPattern compiled (None: it runs on
    # every site), in the order of rules.json.
    rules: tuple[tuple[re.Pattern | None, str], ...] = ()

    @classmethod
    def find(cls) -> "AutoconsentAssets | None":
        return _load(npm_package_dir(PACKAGE, VERSION))

    def init_response(self, url: str | None) -> str:
        """autoconsent's initResp for a frame at `url`: the rules that can run there. Three
        quarters of rules.json is rules for one site each (urlPattern), which autoconsent
        checks against the frame's address and drops elsewhere; they are left out here, as
        DuckDuckGo's own extension does (filterCompactRules), not sent to every frame."""
        url = url or ""
        kept = ",".join(rule for pattern, rule in self.rules
                        if pattern is None or pattern.search(url))
        return (f'{{"type": "initResp", "config": {CONFIG_JSON}, '
                f'"rules": {{"autoconsent": [{kept}]}}}}')


def site_pattern(rule: dict) -> re.Pattern | None:
    """The rule's urlPattern (a JS RegExp, matched as String.match does), compiled; None for
    a rule that runs everywhere, or whose pattern Python cannot read (then sent everywhere,
    for autoconsent to check itself)."""
    pattern = (rule.get("runContext") or {}).get("urlPattern")
    if not pattern:
        return None
    try:
        return re.compile(pattern)
    except re.error:
        return None


@lru_cache(maxsize=2)
def _load(root: Path) -> AutoconsentAssets | None:
    try:
        bundle = (root / "dist" / "autoconsent.playwright.js").read_text(encoding="utf-8")
        rules = json.loads((root / "rules" / "rules.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        logger.warning("autoconsent %s not found in %s: run scripts/bootstrap.sh; "
                       "consent banners are then found by the keyword heuristic only",
                       VERSION, root)
        return None
    return AutoconsentAssets(bundle=bundle, rules=tuple(
        (site_pattern(rule), json.dumps(rule)) for rule in rules.get("autoconsent", [])))


@dataclass
class AutoconsentSession:
    """autoconsent's messages for one browser context."""

    assets: AutoconsentAssets
    detected: list[str] = field(default_factory=list)
    popup_cmp: str | None = None
    popup_frame: object = None
    main_lifecycle: str | None = None
    attempts: int = 0  # autoconsent's detection attempts in the main frame...
    attempt_at: float | None = None  # ...and when the last one began (epoch s)
    results: dict = field(default_factory=dict)  # "optIn"/"optOut" -> bool
    errors: list[str] = field(default_factory=list)
    _result_events: dict = field(default_factory=dict)

    async def attach(self, context) -> None:
        await context.expose_binding("autoconsentSendMessage", self._on_message)
        # Named, so that the page's settling does not wait for its own polling timers
        # (auditor/capture/js/settle_hook.js).
        await context.add_init_script(self.assets.bundle + "\n//# sourceURL=auditor-autoconsent.js\n")

    async def _on_message(self, source, message) -> None:
        frame = source["frame"]
        kind = (message or {}).get("type")
        try:
            if kind == "init":
                reply = self.assets.init_response(message.get("url"))
                await frame.evaluate(f"autoconsentReceiveMessage({reply})")
            elif kind == "eval":
                await self._eval(frame, message)
            elif kind == "report" and message.get("mainFrame"):
                state = message.get("state") or {}
                self.main_lifecycle = state.get("lifecycle")
                if state.get("findCmpAttempts", 0) != self.attempts:  # a new attempt (or page)
                    self.attempts, self.attempt_at = state.get("findCmpAttempts", 0), time.time()
            elif kind == "cmpDetected":
                self.detected.append(message.get("cmp"))
            elif kind == "popupFound" and self.popup_cmp is None:
                self.popup_cmp, self.popup_frame = message.get("cmp"), frame
            elif kind in ("optInResult", "optOutResult"):
                action = "optIn" if kind == "optInResult" else "optOut"
                self.results[action] = bool(message.get("result"))
                self._event(action).set()
            elif kind == "autoconsentError":
                self.errors.append(str(message.get("details"))[:300])
        except PlaywrightError as exc:  # the frame went away: autoconsent gives up there
            logger.debug("autoconsent message %s failed: %s", kind, exc)

    async def _eval(self, frame, message) -> None:
        try:
            result = await frame.evaluate(message["code"])
        except PlaywrightError:
            result = False
        reply = {"id": message["id"], "type": "evalResp", "result": result}
        await frame.evaluate(f"autoconsentReceiveMessage({json.dumps(reply)})")

    def _event(self, action: str) -> asyncio.Event:
        return self._result_events.setdefault(action, asyncio.Event())

    def detection_current(self, last_change: float | None, now: float | None = None) -> bool:
        """Has autoconsent looked at the page as it is now? It has given up; or its last
        detection attempt began after the page's last DOM change (`last_change`, epoch s)
        and has had time to end. (It tries again after each change, a few times.)"""
        if self.main_lifecycle in ("nothingDetected", "done"):
            return True
        if not self.attempts or self.attempt_at is None:
            return False
        if last_change is not None and self.attempt_at <= last_change:
            return False
        return (time.time() if now is None else now) - self.attempt_at >= ATTEMPT_SECONDS

    async def act(self, action: str, timeout: float) -> bool | None:
        """Ask autoconsent to opt in or out in the popup's frame; its result, or None when
        it did not answer in time. True only means "clicked"."""
        if self.popup_frame is None:
            return None
        try:
            await self.popup_frame.evaluate(
                "(m) => { autoconsentReceiveMessage(m); }", {"type": action})
            await asyncio.wait_for(self._event(action).wait(), timeout)
        except (PlaywrightError, asyncio.TimeoutError):
            return self.results.get(action)
        return self.results.get(action)
