"""Consent banners end to end: the real crawl over the test world's banner sites (real
consent libraries from npm and home-made French banners), table-driven by BANNER_SITES."""
import pytest

from tests.world import BANNER_SITES

GA = "www.google-analytics.com"


@pytest.fixture(scope="module")
def banner_reports(runs):
    assert runs["banners"].returncode == 0, runs["banners"].log[-3000:]
    return runs["banners"].reports()


def report_of(banner_reports, site):
    assert site.url in banner_reports, sorted(banner_reports)
    folder, report = banner_reports[site.url]
    assert report["status"] == "ok", report["error"]
    return folder, report


def hosts(phase):
    return {r["host"] for r in phase["requests"]}


def consent_cookie(phase, name):
    return [c for c in phase["cookies"] if c["name"] == name]


@pytest.mark.parametrize("site", BANNER_SITES, ids=lambda s: s.host)
def test_first_layer_verdict(banner_reports, site):
    folder, report = report_of(banner_reports, site)
    banner = report["banner"]
    assert banner["analysed"] is True
    assert banner["detected"] == (site.accept_found or site.reject_found or site.notice_only)
    assert banner["accept_found"] == site.accept_found
    assert banner["reject_found"] == site.reject_found
    if site.accept_found:
        assert banner["reject_first_layer"] == site.reject_first_layer
    if site.cmp:
        assert banner["cmp"] == site.cmp
    # Before any click these sites hold their trackers back; a mere notice does not.
    assert (GA in hosts(report["phases"]["initial"])) == site.notice_only
    if site.notice_only:
        assert banner["first_layer"]["acknowledge_only"] is True


@pytest.mark.parametrize("site", [s for s in BANNER_SITES if s.accept_found],
                         ids=lambda s: s.host)
def test_accept_is_performed_and_verified(banner_reports, site):
    folder, report = report_of(banner_reports, site)
    phase = report["phases"]["accept"]
    action = phase["consent_action"]
    assert action["performed"], action["reason"]
    assert action["verified"], action["verification"]
    assert report["banner"]["accept_verified"] is True
    assert set(site.after_accept) <= hosts(phase)
    if site.consent_cookie:
        stored = consent_cookie(phase, site.consent_cookie)
        assert stored and stored[0]["set_by"] in ("http", "script")


@pytest.mark.parametrize("site", [s for s in BANNER_SITES if s.reject_found],
                         ids=lambda s: s.host)
def test_reject_is_performed_and_checked(banner_reports, site):
    folder, report = report_of(banner_reports, site)
    phase = report["phases"]["reject"]
    action = phase["consent_action"]
    assert action["performed"], action["reason"]
    assert action["layers"] == (1 if site.reject_first_layer else 2)
    # Verified only when the banner went away and the refusal was stored.
    expected = site.reject_works and (site.refused is not None or site.refusal_kept_in_tab)
    assert action["verified"] is expected, action["verification"]
    assert report["banner"]["reject_verified"] is expected
    if not expected:
        assert action["verification"]["reasons"]
    if site.reject_works:
        assert GA not in hosts(phase)


def test_hidden_duplicates_are_never_clicked(banner_reports):
    for site in [s for s in BANNER_SITES if s.hidden_duplicate]:
        folder, report = report_of(banner_reports, site)
        assert report["phases"]["accept"]["consent_action"]["verified"]


def test_a_refusal_that_is_forgotten_shows_the_banner_again(banner_reports):
    [site] = [s for s in BANNER_SITES if s.host.startswith("refus-oublie")]
    folder, report = report_of(banner_reports, site)
    action = report["phases"]["reject"]["consent_action"]
    assert action["banner_reappeared"], action


def test_a_consent_manager_that_throws_leaves_an_audit(banner_reports):
    [site] = [s for s in BANNER_SITES if s.host.startswith("cmp-en-panne")]
    folder, report = report_of(banner_reports, site)
    assert report["banner"]["detected"] is False
    for name in ("accept", "reject"):
        action = report["phases"][name]["consent_action"]
        assert not action["performed"] and action["reason"] == "no consent banner was found"


def test_consent_manager_cookie_records_the_choice(banner_reports):
    # The cookie value is never stored: the verification says it changed, by its hash.
    site = BANNER_SITES[0]
    folder, report = report_of(banner_reports, site)
    for name in ("accept", "reject"):
        verification = report["phases"][name]["consent_action"]["verification"]
        assert site.consent_cookie in verification["cookies_set_after"]



@pytest.mark.parametrize("site", [s for s in BANNER_SITES if s.consent_cookie and s.reject_works],
                         ids=lambda s: s.host)
def test_how_long_each_choice_is_kept_is_read_from_its_record(banner_reports, site):
    folder, report = report_of(banner_reports, site)
    kept = report["banner"]["choice_kept"]
    assert kept["accept"]["kind"] == "cookie" and kept["accept"]["name"] == site.consent_cookie
    assert kept["accept"]["days"] > 0
    if site.refusal_kept_in_tab:
        assert kept["reject"] == {"kind": "sessionStorage", "name": site.consent_cookie,
                                  "days": None, "stored_days": None}
    elif site.refused:
        assert kept["reject"]["kind"] == "cookie" and kept["reject"]["name"] == site.consent_cookie
    else:
        assert kept["reject"] is None

def png_size(path):
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n"), path
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.mark.parametrize("site", [s for s in BANNER_SITES if s.accept_found], ids=lambda s: s.host)
def test_the_banner_is_cropped_out_of_the_first_visit_and_shown(banner_reports, site):
    folder, report = report_of(banner_reports, site)
    name = report["banner"]["banner_screenshot"]
    assert name == report["phases"]["initial"]["banner_screenshot"] == "banner-initial.png"
    crop, page = png_size(folder / name), png_size(folder / "screenshot-initial.png")
    # the banner alone: smaller than the page, not a sliver
    assert crop[0] * crop[1] < page[0] * page[1] and min(crop) >= 20, (crop, page)
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert 'href="banner-initial.png"' in html
    assert name in (folder / "SHA256SUMS").read_text()


def test_no_banner_no_crop(reports):
    without = [(folder, report) for folder, report in reports.values()
               if report["status"] == "ok" and report["banner"].get("detected") is False]
    assert without  # the boulangerie, the atelier…
    for folder, report in without:
        assert report["banner"].get("banner_screenshot") is None
        assert not (folder / "banner-initial.png").exists()
