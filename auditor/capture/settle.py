"""When a page has settled, by events rather than a fixed wait: the load event has fired, no
request is open, no short timer, idle callback or newly inserted script of the page is
pending (js/settle_hook.js counts them in every frame), and all of that has held for a short
quiet window. The recorder polls the browser (settle_hook.py reads the hook's state); the
decision is here, without it.

What cannot finish must not hold the page: a request open past REQUEST_GRACE (long poll,
event stream, a chat widget's relay) no longer counts, nor the page's own pending work past
WORK_HOLD into one settle (an endless chain of timers); the settle's cap bounds the rest."""
from __future__ import annotations

from dataclasses import dataclass

REQUEST_GRACE = 1.0  # s an open request holds the page (scripts and frames: js/settle_hook.js)
STREAMS = frozenset({"eventsource", "websocket"})  # open for good: never waited for
WORK_HOLD = 6.0  # s the page's timers and loading scripts hold one settle (timers: <= 5 s)
DOCUMENT_WORK_HOLD = 2.0  # a legal page's text is there once loaded and its scripts ran


@dataclass(frozen=True)
class PageWork:
    """The page's pending work over its frames, and when it last changed (monotonic s)."""

    pending: bool
    last_event: float
    last_mutation: float | None = None  # main frame: last node added or removed (epoch s)
    answered: bool = True  # False: the main frame is too busy to answer (a script stuck)


def page_work(states: list[dict | None], now: float) -> PageWork:
    """Merge the frames' settle_hook.js states (None: the frame did not answer in time, it
    is busy). Page clocks are converted with each frame's own `now`, so skew is harmless."""
    pending, last, mutation, answered = False, float("-inf"), None, True
    for index, state in enumerate(states):
        if state is None:
            pending, answered = True, answered and index != 0
            continue
        if not isinstance(state, dict) or not state:  # no hook there (or gone)
            continue
        try:
            event = now - (float(state["now"]) - float(state["last_event"])) / 1000
            frame_pending = not state["ready"] or any(
                int(state[key]) for key in ("timers", "idle", "loading"))
            if index == 0:
                mutation = float(state["last_mutation"]) / 1000
        except (KeyError, TypeError, ValueError):  # not the hook's answer: ignored
            continue
        last, pending = max(last, event), pending or frame_pending
    return PageWork(pending, last, mutation, answered)


def open_requests(started_at: list[tuple[float, str]], now: float,
                  grace: float = REQUEST_GRACE) -> int:
    """Open requests that still hold the page: (start, resource type) of each."""
    return sum(1 for started, kind in started_at
               if kind not in STREAMS and now - started < grace)


def is_settled(*, now: float, began: float, quiet: float, network_last: float,
               open_count: int, work: PageWork, hold: float = WORK_HOLD) -> bool:
    """Settled when nothing holds the page and nothing happened for `quiet` seconds. The
    page's own work counts only for the first `hold` seconds of this settle; a page stuck in
    a script never settles (the cap then says so)."""
    if open_count or not work.answered:
        return False
    last = network_last
    if now - began < hold:
        if work.pending:
            return False
        last = max(last, work.last_event)
    return now - last >= quiet
