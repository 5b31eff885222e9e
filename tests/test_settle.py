"""Waiting by events, not fixed sleeps (auditor/capture/settle.py, capture/js/settle_hook.js,
the consent driver's banner wait): a page is done once its own work is done, endless work
does not hold it, and what a site does late without any visitor action is still caught —
a tracker 3 s after the page, or after load -> idle callback -> 2.5 s (the real crawl)."""
from __future__ import annotations

import asyncio
import os
import time

import pytest

from auditor import settings as defaults
from auditor.capture.settle import PageWork, is_settled, open_requests, page_work
from auditor.capture.settle_hook import SETTLE_STATE_JS
from auditor.consent.autoconsent import AutoconsentAssets, AutoconsentSession
from tests.e2e import start_crawl
from tests.hashing import HASHER

CHROMIUM = "/usr/bin/chromium"
QUIET = defaults.AUDITOR_SETTLE_QUIET  # the browser tests wait as the auditor does
LATE_GA = "https://www.patisserie-lente.fr/"  # GA4 3 s after the page (setTimeout)
LATE_META = "https://www.imprimerie-paresseuse.fr/"  # Meta pixel: load -> idle -> 2.5 s
BEACONS = {LATE_GA: ("Google Analytics", "www.google-analytics.com"),
           LATE_META: ("Meta Pixel", "www.facebook.com")}


# -- the rule, without a browser ------------------------------------------------------------
def state(now=10_000, last_event=9_000, ready=True, timers=0, idle=0, loading=0,
          last_mutation=8_000):
    return {"ready": ready, "timers": timers, "idle": idle, "loading": loading,
            "last_event": last_event, "last_mutation": last_mutation, "now": now}


def test_frames_merge_into_the_page_s_pending_work():
    assert page_work([state(), state()], now=100.0) == PageWork(False, 99.0, 8.0)
    for busy in ({"timers": 1}, {"idle": 1}, {"loading": 1}, {"ready": False}):
        assert page_work([state(), state(**busy)], now=100.0).pending
    assert page_work([state(), None], now=100.0).pending  # a frame too busy to answer
    assert page_work([state(), None], now=100.0).answered
    assert not page_work([None, state()], now=100.0).answered  # the page itself is stuck
    # A frame without the hook (or navigating) holds nothing; a tampered one is ignored.
    assert not page_work([state(), {}, {"now": "x"}], now=100.0).pending
    # Each frame's clock is its own: the latest event, in the auditor's monotonic time.
    merged = page_work([state(now=5_000, last_event=4_500), state(now=10_000, last_event=9_800)],
                       now=100.0)
    assert merged.last_event == pytest.approx(99.8)


def test_open_requests_hold_the_page_for_a_grace_period_only():
    assert open_requests([(9.2, "script"), (9.5, "fetch")], now=10.0, grace=1.0) == 2
    assert open_requests([(8.5, "fetch")], now=10.0, grace=1.0) == 0  # a long poll, past it
    assert open_requests([(9.9, "eventsource"), (9.9, "websocket")], now=10.0) == 0


def test_settled_needs_nothing_open_nothing_pending_and_a_quiet_window():
    quiet_page = PageWork(False, last_event=0.0)
    assert is_settled(now=10.0, began=9.0, quiet=0.5, network_last=9.4, open_count=0,
                      work=quiet_page)
    assert not is_settled(now=10.0, began=9.0, quiet=0.5, network_last=9.6, open_count=0,
                          work=quiet_page)  # a request ended 0.4 s ago
    assert not is_settled(now=10.0, began=9.0, quiet=0.5, network_last=0.0, open_count=1,
                          work=quiet_page)
    assert not is_settled(now=10.0, began=9.0, quiet=0.5, network_last=0.0, open_count=0,
                          work=PageWork(False, last_event=9.8))  # a timer just ran
    busy = PageWork(True, last_event=9.9)
    assert not is_settled(now=10.0, began=9.0, quiet=0.5, network_last=0.0, open_count=0,
                          work=busy, hold=6.0)
    # Past the hold, the page's own endless work no longer counts, not even its events...
    assert is_settled(now=16.0, began=9.0, quiet=0.5, network_last=0.0, open_count=0,
                      work=PageWork(True, last_event=15.9), hold=6.0)
    # ...but a page stuck in a script, not answering at all, is not settled.
    assert not is_settled(now=16.0, began=9.0, quiet=0.5, network_last=0.0, open_count=0,
                          work=PageWork(True, last_event=0.0, answered=False), hold=6.0)


def test_autoconsent_has_looked_at_the_page_as_it_is_now():
    session = AutoconsentSession(AutoconsentAssets(""))
    assert not session.detection_current(None, now=100.0)  # no attempt yet
    session.attempts, session.attempt_at = 2, 99.0
    assert session.detection_current(98.0, now=100.0)
    assert not session.detection_current(99.5, now=100.0)  # the DOM changed since
    assert not session.detection_current(98.0, now=99.1)  # the attempt may still run
    session.main_lifecycle = "nothingDetected"  # it has given up
    assert session.detection_current(99.5, now=100.0)


# -- the hook and the recorder, in real Chromium -------------------------------------------
class Browser:
    """A Chromium page whose URLs under https://settle.test/ are the given bodies (a route);
    the recorder attached as in an audit."""

    def __init__(self, files: dict[str, str], delays: dict[str, float] | None = None,
                 init_script: str | None = None):
        self.files, self.delays, self.init_script = files, delays or {}, init_script
        self.requests: list[str] = []

    async def __aenter__(self):
        from playwright.async_api import async_playwright

        from auditor.capture.recorder import PhaseRecorder

        self._playwright = await async_playwright().start()
        self.browser = await self._playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox"])
        self.context = await self.browser.new_context()
        await self.context.route("**/*", self._serve)
        self.page = await self.context.new_page()
        self.recorder = PhaseRecorder(HASHER)
        await self.recorder.attach(self.page)
        if self.init_script:
            await self.context.add_init_script(self.init_script)
        return self

    async def _serve(self, route):
        path = "/" + route.request.url.split("/", 3)[3].split("?")[0]
        self.requests.append(route.request.url)
        if path not in self.files:
            if path == "/never":  # a long poll that never answers
                return
            await route.fulfill(status=204)
            return
        await asyncio.sleep(self.delays.get(path, 0))
        kind = "text/html" if path.endswith("/") or path.endswith(".html") else "text/javascript"
        try:
            await route.fulfill(status=200, body=self.files[path], content_type=kind)
        except Exception:  # the page went away meanwhile
            pass

    async def state(self):
        return await self.page.evaluate(SETTLE_STATE_JS)

    async def until(self, predicate, timeout=8.0, expression=None):
        """The first page state (or value of `expression`) matching `predicate`, polled."""
        deadline = time.monotonic() + timeout
        while True:
            found = await (self.page.evaluate(expression) if expression else self.state())
            if predicate(found) or time.monotonic() > deadline:
                return found
            await asyncio.sleep(0.05)

    async def __aexit__(self, *exc):
        await self.browser.close()
        await self._playwright.stop()


def page(script: str) -> str:
    return f"<!DOCTYPE html><html><head><script>{script}</script></head><body><p>x</p></body></html>"


@pytest.fixture(scope="module")
def chromium():
    if not os.path.exists(CHROMIUM):
        pytest.skip("needs Debian chromium")


def run(coro):
    return asyncio.run(coro)


def test_only_the_page_s_short_one_off_timers_are_waited_for(chromium):
    # The page reports how far its timers got, read with the hook's count in one evaluation:
    # the test holds whatever the machine's load, not only when the timers keep to the clock.
    script = """
      window.progress = {once: false, poll: 0, chain: 0};
      setTimeout(function once() { progress.once = true; }, 4000);  // waited for
      setTimeout(function late() {}, 6000);             // over 5 s: not
      setInterval(function tick() {}, 50);              // recurring: not
      // re-arms itself: not counted after 3 times; an endless chain: cut 10 deep
      (function poll() { progress.poll++; setTimeout(poll, 50); })();
      (function chain(n) { progress.chain = n; setTimeout(() => chain(n + 1), 10); })(0);
    """
    seen = "() => ({...window.__auditorSettleState(), ...window.progress})"

    async def scenario():
        async with Browser({"/": page(script)}) as b:
            await b.page.goto("https://settle.test/")
            # Past the re-arms and the chain depth that are still tracked: only `once`
            # counts, while it is pending (it has run only if the machine stalled for 4 s).
            past = await b.until(lambda s: s["poll"] > 8 and s["chain"] > 25, 20, seen)
            assert past["poll"] > 8 and past["chain"] > 25, past
            assert past["timers"] == (0 if past["once"] else 1), past
            done = await b.until(lambda s: s["once"], 20, seen)
            # `once` ran; tick, poll and chain run on, uncounted
            assert done["once"] and done["timers"] == 0, done

    run(scenario())


def test_the_auditor_s_injected_timers_are_not_waited_for(chromium):
    # As autoconsent's bundle: named auditor-*.js, polling on timers from document start.
    injected = ("window.__poll = () => setTimeout(() => {}, 3000); __poll();"
                "window.__call = (f) => f();\n//# sourceURL=auditor-autoconsent.js\n")

    async def scenario():
        async with Browser({"/": page("")}, init_script=injected) as b:
            await b.page.goto("https://settle.test/")
            assert (await b.state())["timers"] == 0
            await b.page.evaluate("__poll()")
            assert (await b.state())["timers"] == 0
            # A page handler it calls (a click on the banner) is the page's own work.
            await b.page.evaluate("__call(() => setTimeout(() => {}, 3000))")
            assert (await b.state())["timers"] == 1

    run(scenario())


def test_scripts_inserted_after_load_are_waited_for_until_they_ran(chromium):
    script = """
      addEventListener("load", () => {
        const s = document.createElement("script"); s.src = "/slow.js";
        document.head.appendChild(s);
        const blocked = document.createElement("script");  // held back by a consent manager
        blocked.type = "text/plain"; blocked.src = "/blocked.js";
        document.head.appendChild(blocked);
      });
    """

    async def scenario():
        async with Browser({"/": page(script), "/slow.js": "window.ran = true;"},
                           delays={"/slow.js": 1.5}) as b:
            await b.page.goto("https://settle.test/", wait_until="load")
            assert (await b.state())["loading"] == 1  # slow.js only
            done = await b.until(lambda s: s["loading"] == 0, timeout=8)
            assert done["loading"] == 0 and await b.page.evaluate("window.ran === true")

    run(scenario())


def test_settle_waits_for_a_tracker_loaded_three_seconds_after_the_page(chromium):
    script = """
      setTimeout(() => {
        const s = document.createElement("script"); s.src = "/tracker.js";
        document.head.appendChild(s);
      }, 3000);
    """
    tracker = "new Image().src = '/collect?hit=1';"

    async def scenario():
        async with Browser({"/": page(script), "/tracker.js": tracker}) as b:
            await b.page.goto("https://settle.test/", wait_until="domcontentloaded")
            began = time.monotonic()
            settled = await b.recorder.settle(b.page, quiet=QUIET, cap=15)
            waited = time.monotonic() - began
            urls = [r["url"] for r in b.recorder.snapshot().requests]
            assert settled
            assert any("/collect?hit=1" in url for url in urls), urls
            assert waited >= 2.5  # it did wait for the timer (counted from DOMContentLoaded)

    run(scenario())


def test_requests_sent_in_answer_to_responses_are_waited_for(chromium):
    # Between a response and the request its handler sends, nothing is pending: only the
    # quiet window bridges that gap. A chain of hops through promises, a frame's postMessage,
    # requestAnimationFrame and a worker whose timer the page's hook cannot see (150 ms, under
    # the window), each answer slow: all caught.
    script = """
      const hit = (n) => { new Image().src = "/collect?hop=" + n; };
      addEventListener("message", (event) => {
        if (event.data !== "framed") return;
        fetch("/step2").then((r) => r.text()).then(() => {
          hit(2);
          requestAnimationFrame(() => fetch("/step3").then((r) => r.json()).then(() => {
            hit(3);
            Promise.resolve().then(() => fetch("/step4")).then(() => {
              hit(4);
              const worker = new Worker(URL.createObjectURL(new Blob(
                ["setTimeout(() => postMessage('late'), 150);"], {type: "text/javascript"})));
              worker.onmessage = () => hit(5);
            });
          }));
        });
      });
      addEventListener("load", () => fetch("/step1").then((r) => r.text()).then(() => {
        hit(1);
        const frame = document.createElement("iframe");
        frame.src = "/frame.html";
        document.body.appendChild(frame);
      }));
    """
    frame = "<script>parent.postMessage('framed', '*')</script>"
    slow = {f"/step{n}": 0.4 for n in range(1, 5)}

    async def scenario():
        async with Browser({"/": page(script), "/frame.html": frame, "/step1": "ok",
                            "/step2": "ok", "/step3": "{}", "/step4": "ok"}, delays=slow) as b:
            await b.page.goto("https://settle.test/", wait_until="domcontentloaded")
            assert await b.recorder.settle(b.page, quiet=QUIET, cap=15)
            urls = [r["url"] for r in b.recorder.snapshot().requests]
            assert all(any(f"/collect?hop={n}" in url for url in urls) for n in range(1, 6)), urls

    run(scenario())


def test_endless_work_does_not_hold_the_page_to_the_cap(chromium):
    script = """
      setInterval(() => { document.cookie = "tick=" + Date.now(); }, 50);  // endless writes
      (function chain(n) {                                  // an endless chain of fresh timers
        setTimeout(() => { document.cookie = "chain=" + n; chain(n + 1); }, 1000);
      })(0);
      fetch("/never").catch(() => {});                       // a long poll never answered
    """

    async def scenario():
        async with Browser({"/": page(script)}) as b:
            await b.page.goto("https://settle.test/", wait_until="domcontentloaded")
            settled = await b.recorder.settle(b.page, quiet=QUIET, cap=20)
            assert settled  # settled by the rule, not cut at the 20 s cap
            assert any(s.name == "tick" for s in b.recorder.since(0).cookie_settings)

    run(scenario())


# -- the real crawl: late trackers are caught before consent --------------------------------
@pytest.fixture(scope="module")
def late_reports(world, tmp_path_factory):
    run_ = start_crawl(tmp_path_factory.mktemp("late"), list(BEACONS), world.browser_args())
    run_.wait()
    assert run_.returncode == 0, run_.log[-3000:]
    return run_.reports()


@pytest.mark.parametrize("url", list(BEACONS))
def test_a_tracker_that_loads_late_is_caught_before_consent(late_reports, url):
    folder, report = late_reports[url]
    assert report["status"] == "ok", report["error"]
    tracker, beacon_host = BEACONS[url]
    subjects = {f["subject"] for f in report["findings"]
                if f["rule"] == "consent.tracker_before_consent"}
    assert tracker in subjects, sorted(subjects)
    # Every page of the initial phase was waited on until its tracker had sent its hit.
    initial = report["phases"]["initial"]
    assert len(initial["pages_visited"]) == 3
    for visited in initial["pages_visited"]:
        hits = [r for r in initial["requests"]
                if r["host"] == beacon_host and r["frame_url"] == visited]
        assert hits, f"no {beacon_host} hit from {visited}"
