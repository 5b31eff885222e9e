from auditor.capture.cookies import build_cookie_records, parse_cookie_setting
from tests.hashing import HASHER

SITE = "boulangerie-martin.fr"
NOW = 1_800_000_000.0
DAY = 86400


def setting(text, host="www.boulangerie-martin.fr", source="http", at=NOW, reference=None):
    return parse_cookie_setting(text, host=host, source=source,
                                source_url=f"https://{host}/x", at=at, reference=reference,
                                hash_value=HASHER)


def jar_cookie(name, domain, expires, **extra):
    return {"name": name, "domain": domain, "path": "/", "value_hash": "sha256:0",
            "expires": expires, "session": expires == -1, **extra}


def test_max_age_gives_the_asked_lifetime():
    s = setting("fr=abc; Max-Age=7776000; Domain=.facebook.com; Path=/; Secure; HttpOnly; SameSite=None",
                host="www.facebook.com")
    assert s.asked_lifetime == 7776000
    assert s.domain == "facebook.com" and s.secure and s.http_only and s.same_site == "None"
    assert s.value_hash.startswith("hmac-sha256:") and "abc" not in s.value_hash


def test_expires_is_measured_from_the_servers_date():
    # The server's clock is an hour behind ours: the lifetime is what the site asked.
    s = setting("a=1; expires=Thu, 01 Jan 2032 00:00:00 GMT", at=NOW,
                reference=NOW - 3600)
    assert s.asked_lifetime == 1956528000.0 - (NOW - 3600)


def test_session_cookie_and_deletion():
    assert setting("PHPSESSID=x; path=/; HttpOnly").asked_lifetime is None
    assert setting("a=1; Max-Age=0").is_deletion
    assert setting("a=1; expires=Thu, 01 Jan 1970 00:00:01 GMT").is_deletion


def test_malformed_input_is_ignored():
    assert setting("") is None


def test_asked_lifetime_beats_chromiums_400_day_cap():
    ga = setting("_ga=GA1.1.1.2; expires=Thu, 01 Jan 2032 00:00:00 GMT; path=/; "
                 "domain=boulangerie-martin.fr", source="script")
    two_years = 730 * DAY
    ga = ga.__class__(**{**ga.__dict__, "expires": NOW + two_years})
    jar = [jar_cookie("_ga", ".boulangerie-martin.fr", NOW + 400 * DAY)]
    [record] = build_cookie_records(jar, [ga], SITE, NOW)
    assert record["lifetime_days"] == 730.0
    assert record["stored_lifetime_days"] == 400.0
    assert record["set_by"] == "script" and record["stored"] is True
    assert record["third_party"] is False
    assert record["expires"] == "2028-02-19T08:00:00Z"  # the stored (capped) expiry


def test_third_party_cookie_from_a_header():
    fr = setting("fr=abc; Max-Age=7776000; Domain=.facebook.com; Path=/; Secure",
                 host="www.facebook.com")
    jar = [jar_cookie("fr", ".facebook.com", NOW + 90 * DAY, secure=True, httpOnly=True,
                      sameSite="None")]
    [record] = build_cookie_records(jar, [fr], SITE, NOW)
    assert record["third_party"] is True
    assert record["set_by"] == "http" and record["set_by_url"] == "https://www.facebook.com/x"
    assert record["lifetime_days"] == 90.0 and record["http_only"] is True


def test_host_only_cookie_matches_its_host():
    s = setting("PHPSESSID=x; path=/; HttpOnly")
    jar = [jar_cookie("PHPSESSID", "www.boulangerie-martin.fr", -1)]
    [record] = build_cookie_records(jar, [s], SITE, NOW)
    assert record["session"] is True and record["lifetime_days"] is None
    assert record["expires"] is None and record["set_by"] == "http"


def test_cookie_set_by_nobody_we_saw_is_unknown():
    jar = [jar_cookie("x", "www.boulangerie-martin.fr", NOW + 10 * DAY)]
    [record] = build_cookie_records(jar, [], SITE, NOW)
    assert record["set_by"] == "unknown" and record["lifetime_days"] == 10.0


def test_cookie_set_but_not_kept_is_reported_unless_deleted():
    rejected = setting("t=1; Max-Age=600; Domain=.tracker.example", host="px.tracker.example")
    deleted_first = setting("d=1; Max-Age=600", at=NOW - 5)
    deleted = setting("d=; Max-Age=0", at=NOW)
    records = build_cookie_records([], [rejected, deleted_first, deleted], SITE, NOW)
    assert [r["name"] for r in records] == ["t"]
    assert records[0]["stored"] is False and records[0]["lifetime_days"] == round(600 / DAY, 2)


def test_latest_setting_wins():
    first = setting("c=1; Max-Age=86400", at=NOW - 10)
    later = setting("c=2; Max-Age=172800", at=NOW)
    jar = [jar_cookie("c", "www.boulangerie-martin.fr", NOW + 2 * DAY)]
    [record] = build_cookie_records(jar, [later, first], SITE, NOW)
    assert record["lifetime_days"] == 2.0


def test_a_cookie_without_equals_is_a_value_its_text_is_never_kept_as_a_name():
    s = setting("secret-token-123; Max-Age=60")
    assert s.name == "" and "secret-token-123" not in s.value_hash
    named = setting("id=secret-token-123; Max-Age=60")
    assert named.name == "id" and named.value_hash == s.value_hash
    records = build_cookie_records([], [s], site_domain=SITE, now=NOW)
    assert "secret-token-123" not in repr(records)


def test_the_har_hashes_a_nameless_cookie_value_too():
    from auditor.capture.har import _hash_cookie_pairs, _hash_set_cookie

    assert "secret" not in _hash_cookie_pairs("a=1; secret; b=2", HASHER)
    assert _hash_cookie_pairs("a=1; ", HASHER).startswith("a=hmac-sha256:")
    assert _hash_cookie_pairs("a=1; ", HASHER).count(";") == 0
    assert "secret" not in _hash_set_cookie("secret; Path=/", HASHER)
    assert _hash_set_cookie("secret; Path=/", HASHER).endswith("; Path=/")
