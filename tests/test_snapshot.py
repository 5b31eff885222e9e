"""The recorder's snapshots and how two compare (auditor/capture/snapshot.py), without a
browser: what the consent driver reads a choice's effects from."""
from __future__ import annotations

import dataclasses

import pytest

from auditor.capture.cookies import parse_cookie_setting
from auditor.capture.recorder import PhaseRecorder
from auditor.capture.snapshot import CaptureActivity, CaptureSnapshot, changed_cookies, changed_storage, new_hosts
from tests.hashing import HASHER

CONSENT = ("consent", "www.exemple.fr", "/")
SESSION = ("sid", "www.exemple.fr", "/")


def request(url, at=0.0):
    return {"url": url, "at": at, "frame_url": None}


def setting(text, at, host="www.exemple.fr"):
    return parse_cookie_setting(text, host=host, source="script",
                                source_url=f"https://{host}/", at=at, hash_value=HASHER)


def snapshot(cookies=None, storage=None, requests=(), at=0.0):
    return CaptureSnapshot(at=at, cookies=cookies or {}, storage=storage or {},
                           requests=requests)


def test_a_cookie_holding_another_value_or_new_has_changed():
    before = snapshot({CONSENT: "h-pending", SESSION: "h-1"})
    after = snapshot({CONSENT: "h-refused", SESSION: "h-1", ("_ga", ".exemple.fr", "/"): "h"})
    assert changed_cookies(before, after) == [CONSENT, ("_ga", ".exemple.fr", "/")]
    assert changed_cookies(after, after) == []


def test_a_deleted_cookie_is_no_change():
    before = snapshot({CONSENT: "h-pending", SESSION: "h-1"})
    assert changed_cookies(before, snapshot({SESSION: "h-1"})) == []
    deleted = CaptureActivity(since=10.0, cookie_settings=[
        setting("consent=; Max-Age=0", at=11.0), setting("choice=no", at=12.0)])
    assert [s.name for s in deleted.cookies_set] == ["choice"]


def test_a_new_or_rewritten_storage_entry_has_changed():
    kept = ("localStorage", "https://www.exemple.fr", "theme")
    before = snapshot(storage={kept: "h-dark"})
    after = snapshot(storage={kept: "h-dark",
                              ("localStorage", "https://www.exemple.fr", "tcf"): "h-v2",
                              ("sessionStorage", "https://www.exemple.fr", "theme"): "h-dark"})
    assert [key for _, _, key in changed_storage(before, after)] == ["tcf", "theme"]
    assert changed_storage(before, snapshot(storage={kept: "h-light"})) == [kept]
    assert changed_storage(after, before) == []  # an entry gone is no change


def test_new_hosts_are_those_no_request_had_reached_by_the_snapshot():
    before = snapshot(requests=[request("https://www.exemple.fr/"),
                                request("https://cdn.tagcommander.com/tc.js")])
    activity = CaptureActivity(since=10.0, requests=[
        request("https://www.exemple.fr/merci", 11.0),
        request("https://cdn.tagcommander.com/event", 11.0),
        request("https://www.google-analytics.com/g/collect?v=2", 12.0)])
    assert new_hosts(before, activity) == {"www.google-analytics.com"}
    assert new_hosts(before, CaptureActivity(since=10.0)) == set()


def test_the_recorder_hands_out_what_happened_after_a_moment_only():
    recorder = PhaseRecorder(HASHER)
    recorder._keep(setting("early=1", at=5.0))
    recorder._keep(setting("choice=yes", at=10.0))
    recorder._requests[1] = (None, request("https://www.exemple.fr/", 4.0))
    recorder._requests[2] = (None, request("https://connect.facebook.net/fbevents.js", 10.5))
    activity = recorder.since(10.0)
    assert [s.name for s in activity.cookie_settings] == ["choice"]  # set before t: not counted
    assert activity.hosts == {"connect.facebook.net"}
    assert recorder.snapshot().hosts == {"www.exemple.fr", "connect.facebook.net"}


def test_a_snapshot_is_a_value_the_recorder_does_not_change_afterwards():
    recorder = PhaseRecorder(HASHER)
    recorder._jar[CONSENT] = {"name": "consent", "domain": "www.exemple.fr", "path": "/",
                              "value_hash": "h-pending"}
    recorder._requests[1] = (None, request("https://www.exemple.fr/", 1.0))
    before = recorder.snapshot()
    recorder._jar[CONSENT]["value_hash"] = "h-refused"
    recorder._requests[1][1]["url"] = "https://autre.fr/"
    recorder._requests[2] = (None, request("https://www.google-analytics.com/g", 2.0))
    assert before.cookies == {CONSENT: "h-pending"}
    assert before.hosts == {"www.exemple.fr"}
    assert changed_cookies(before, recorder.snapshot()) == [CONSENT]
    with pytest.raises(dataclasses.FrozenInstanceError):
        before.at = 0.0
    with pytest.raises(TypeError):
        before.cookies[SESSION] = "h"
    with pytest.raises(TypeError):
        before.requests[0]["url"] = "https://autre.fr/"
