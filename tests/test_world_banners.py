"""The consent-banner sites of the test world behave as BANNER_SITES says, in real Chromium:
nothing tracks before a click, accept loads the trackers and stores the choice, reject
stores the refusal and loads nothing (except where the world breaks it on purpose)."""

import os
import re
from urllib.parse import unquote

import pytest

from tests.test_world import BROWSER_ARGS, CHROMIUM, VHostConnection, fetch
from tests.world import BANNER_SITES, cmp_libs

GA_COLLECT = "https://www.google-analytics.com/g/collect"
FACEBOOK_PIXEL = "https://www.facebook.com/tr"
# cookieconsent v3 hides itself from navigator.webdriver (its default hideFromBots).
NO_WEBDRIVER = "--disable-blink-features=AutomationControlled"

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture(scope="module")
def browser(world):
    if not os.path.exists(CHROMIUM):
        pytest.skip("needs Debian chromium")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=BROWSER_ARGS + [NO_WEBDRIVER] + world.browser_args())
        yield browser
        browser.close()


class Visit:
    """A fresh context on one banner site, recording every request URL."""

    def __init__(self, browser, site):
        self.site = site
        self.context = browser.new_context()
        self.requests = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.errors = []
        self.page.on("pageerror", lambda error: self.errors.append(error))

    def open(self, path="/", banner=True):
        self.page.goto(self.site.url.rstrip("/") + path)
        if banner and self.site.accept_found:
            self.control(self.site.accept_text).wait_for()
        self.page.wait_for_load_state("networkidle")  # anything that would load has loaded
        if banner and self.site.library:
            # Real managers (tarteaucitron) wire their buttons a moment after showing them,
            # later still on a loaded machine: a click before that does nothing.
            self.page.wait_for_timeout(1500)

    def control(self, label):
        """The one visible button or link whose text starts with `label`."""
        scope = self.page
        if self.site.frame_host:
            scope = self.page.frame_locator(f'iframe[src^="https://{self.site.frame_host}/"]')
        pattern = re.compile(r"^\s*" + re.escape(label))
        return scope.locator("button, a").filter(has_text=pattern).filter(visible=True)

    def cookies(self):
        return {c["name"]: unquote(c["value"]) for c in self.context.cookies()}

    def hits(self, host):
        return [url for url in self.requests if url.startswith(f"https://{host}/")]

    def assert_untracked(self):
        assert "_ga" not in self.cookies()
        assert not self.hits("www.google-analytics.com") and not self.hits("www.googletagmanager.com")


@pytest.fixture
def visit(browser, request):
    opened = Visit(browser, request.param)
    yield opened
    opened.context.close()


def sites(predicate=lambda site: True):
    chosen = [site for site in BANNER_SITES if predicate(site)]
    return pytest.mark.parametrize("visit", chosen, ids=[s.host for s in chosen], indirect=True)


@sites(lambda site: site.accept_found)
def test_accept_loads_trackers_and_stores_consent(visit):
    site = visit.site
    visit.open()
    visit.assert_untracked()
    if site.consent_cookie != "tarteaucitron":  # tarteaucitron stores "…=wait" at once
        assert site.consent_cookie not in visit.cookies()
    if site.hidden_duplicate:  # a display:none twin precedes the visible button
        label = re.compile(r"^\s*" + re.escape(site.accept_text))
        assert visit.page.locator("button").filter(has_text=label).count() == 2
    facebook = "www.facebook.com" in site.after_accept
    with visit.page.expect_request(lambda r: r.url.startswith(GA_COLLECT)), \
         visit.page.expect_request(lambda r: not facebook or r.url.startswith(FACEBOOK_PIXEL)):
        visit.control(site.accept_text).click()  # fails unless exactly one is visible
    if site.accept_navigates:
        assert visit.page.url == site.url + "services"
    cookies = visit.cookies()
    assert re.search(site.accepted, cookies[site.consent_cookie])
    assert cookies["_ga"].startswith("GA1.1.")
    assert ("_fbp" in cookies) == facebook
    expect(visit.control(site.accept_text)).to_have_count(0)  # the banner is gone


@sites(lambda site: site.reject_found)
def test_reject_stores_refusal_and_loads_nothing(visit):
    site = visit.site
    visit.open()
    if not site.reject_first_layer:
        expect(visit.control(site.reject_text)).to_have_count(0)  # in the DOM, but hidden
        visit.control(site.second_layer_text).click()
    visit.control(site.reject_text).click()
    if site.reject_works:
        expect(visit.control(site.accept_text)).to_have_count(0)
    else:
        visit.page.wait_for_timeout(300)  # give a handler, if any, time to act
        expect(visit.control(site.accept_text)).to_have_count(1)
    visit.page.wait_for_load_state("networkidle")
    visit.assert_untracked()
    stored = visit.cookies().get(site.consent_cookie)
    if site.refused:
        assert stored is not None and re.search(site.refused, stored)
        visit.open(site.pages[0], banner=False)  # remembered on the next page
        expect(visit.control(site.accept_text)).to_have_count(0)
    elif site.refusal_kept_in_tab:
        assert stored is None
        visit.open(site.pages[0], banner=False)  # remembered in this tab (sessionStorage)
        expect(visit.control(site.accept_text)).to_have_count(0)
    else:
        assert stored is None
        visit.open(site.pages[0])  # not remembered: asked again
    visit.assert_untracked()


@sites(lambda site: site.notice_only)
def test_a_notice_tracks_at_once_and_its_button_only_hides_it(visit):
    visit.open()
    visit.page.wait_for_function("() => document.cookie.includes('_ga=')")
    assert visit.hits("www.googletagmanager.com")
    visit.control("J'ai compris").click()
    assert visit.cookies().get("avis_cookies") == "lu"
    visit.open("/services")
    assert visit.control("J'ai compris").count() == 0 and "_ga" in visit.cookies()


@sites(lambda site: not site.accept_found and not site.notice_only)
def test_broken_consent_manager_throws_and_shows_nothing(visit):
    visit.open()
    assert any("Cannot read properties of undefined" in str(error) for error in visit.errors)
    assert visit.page.locator("button").count() == 0
    visit.assert_untracked()


def test_banner_sites_have_internal_pages_and_cookie_links(world):
    for site in BANNER_SITES:
        conn = VHostConnection(site.host, world.port, timeout=5)
        try:
            for path in ("/", *site.pages):
                conn.request("GET", path, headers={"Host": site.host})
                response = conn.getresponse()
                page = response.read().decode("utf-8")
                assert response.status == 200, (site.host, path)
                # the footer link that reopens the choice, but where a site is built without one
                assert ("Gérer mes cookies" in page) is (site.withdrawal != "none"), site.host
                assert 'href="/politique-de-cookies"' in page
                assert all(f'href="{p}"' in page for p in site.pages)
        finally:
            conn.close()


def test_cdn_serves_pinned_packages_from_the_npm_cache(world):
    for name, version in cmp_libs.pins().items():
        if name.startswith("@"):
            continue
        assert f"/npm/{name}@{version}/" in cmp_libs.npm_url(name) + "/"
    response, body = fetch(world, "cdn.jsdelivr.net", f"/npm/klaro@{cmp_libs.pins()['klaro']}/dist/klaro.js")
    assert response.status == 200 and b"klaro" in body[:5000].lower()
    assert response.getheader("Content-Type") == "application/javascript; charset=utf-8"
    assert fetch(world, "cdn.jsdelivr.net", "/npm/klaro@0.7.22/../../../../pyproject.toml")[0].status == 404


def test_missing_npm_cache_is_reported_not_fatal(world, tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITOR_NPM_CACHE", str(tmp_path))
    response, body = fetch(world, "cdn.jsdelivr.net", "/npm/orejime@3.2.1/dist/orejime-standard-fr.js")
    assert response.status == 404 and b"scripts/bootstrap.sh" in body
    response, body = fetch(world, "www.mediatheque-saint-leu.fr")
    assert response.status == 200
    assert b"<!-- test world: npm package orejime@" in body and b"is missing" in body


@sites(lambda site: site.refusal_kept_in_tab)
def test_a_refusal_kept_in_the_tab_is_forgotten_in_a_new_one(visit):
    site = visit.site
    visit.open()
    visit.control(site.reject_text).click()
    expect(visit.control(site.accept_text)).to_have_count(0)
    tab = visit.page.context.new_page()
    tab.goto(site.url)
    expect(tab.get_by_role("button", name=site.accept_text)).to_have_count(1)   # asked again
    tab.close()



@sites(lambda site: site.library is None and site.reject_works and site.frame_host is None
       and not site.shadow and not site.refusal_kept_in_tab and site.refused)
def test_the_footer_link_reopens_the_choice_and_a_refusal_there_withdraws(visit):
    """After "accept all", « Gérer mes cookies » shows the banner again; refusing there stores
    the refusal and deletes _ga (retrait-ignore keeps it and GA goes on); sans-retrait has no
    such link at all."""
    site = visit.site
    visit.open()
    with visit.page.expect_request(lambda r: r.url.startswith("https://www.google-analytics.com/")):
        visit.control(site.accept_text).click()
    visit.page.wait_for_load_state("networkidle")
    assert "_ga" in visit.cookies()
    manage = visit.page.locator("#gerer-cookies")
    if site.withdrawal == "none":
        expect(manage).to_have_count(0)
        return
    manage.click()
    if not site.reject_first_layer:
        visit.control(site.second_layer_text).click()
    visit.control(site.reject_text).click()
    assert re.search(site.refused, visit.cookies()[site.consent_cookie])
    visit.requests.clear()
    visit.open(site.pages[0], banner=False)
    if site.withdrawal == "keeps_tracking":
        assert "_ga" in visit.cookies() and visit.hits("www.google-analytics.com")
    else:
        visit.assert_untracked()
        assert "_fbp" not in visit.cookies()
