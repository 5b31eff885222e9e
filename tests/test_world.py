"""The test world itself: routing, headers and misbehaving hosts (no browser),
plus one real-Chromium smoke test."""

import http.client
import json
import os
import signal
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.world import DEMO_SITES, trackers

CHROMIUM = "/usr/bin/chromium"
BROWSER_ARGS = ["--no-sandbox", "--disable-background-networking",
                "--disable-component-update", "--disable-quic"]


class VHostConnection(http.client.HTTPSConnection):
    """HTTPS to 127.0.0.1:<port> with the SNI of a real hostname."""

    def __init__(self, vhost, port, **kwargs):
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        super().__init__("127.0.0.1", port, context=context, **kwargs)
        self.vhost = vhost

    def connect(self):
        http.client.HTTPConnection.connect(self)
        self.sock = self._context.wrap_socket(self.sock, server_hostname=self.vhost)


def fetch(world, host, path="/", method="GET", headers=None, body=None, timeout=5):
    """One request; returns (response, body)."""
    conn = VHostConnection(host, world.port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers={"Host": host, **(headers or {})})
        response = conn.getresponse()
        return response, response.read()
    finally:
        conn.close()


def set_cookie(response, name):
    """The Set-Cookie header line for cookie `name`."""
    lines = [v for k, v in response.getheaders() if k.lower() == "set-cookie" and v.startswith(name + "=")]
    assert len(lines) == 1, response.getheaders()
    return lines[0]


def attributes(cookie_line):
    return [part.strip() for part in cookie_line.split(";")[1:]]


# --- routing --------------------------------------------------------------

def test_vhosts_are_chosen_by_host_header(world):
    for host, title in [("www.boulangerie-martin.fr", "Boulangerie Martin"),
                        ("www.cabinet-durand.fr", "Cabinet Durand"),
                        ("www.atelier-chat.fr", "Atelier Chat")]:
        response, body = fetch(world, host, "/", headers={"Host": host + ":443"})
        assert response.status == 200
        assert response.getheader("Content-Type") == "text/html; charset=utf-8"
        assert title in body.decode("utf-8")


def test_unknown_host_is_404(world):
    response, body = fetch(world, "www.example.com")
    assert response.status == 404
    assert b"unknown host in test world" in body


def test_demo_site_pages_and_legal_links(world):
    response, body = fetch(world, "www.boulangerie-martin.fr", "/mentions-legales")
    page = body.decode("utf-8")
    assert response.status == 200
    for needle in ["SARL Boulangerie Martin", "RCS Lyon 812 345 676", "OVH SAS", "Directeur de la publication"]:
        assert needle in page
    for link in ['href="/mentions-legales"', 'href="/politique-de-confidentialite"', 'href="/cookies"']:
        assert link in page
    assert fetch(world, "www.boulangerie-martin.fr", "/pas-de-page")[0].status == 404
    assert [url.split("/")[2] for url in DEMO_SITES] == [
        "www.boulangerie-martin.fr", "www.cabinet-durand.fr", "www.atelier-chat.fr",
        "www.fromagerie-lambert.fr", "personnaliser.exemple-consentement.fr", "www.fleuriste-rose.fr"]


def test_keep_alive_serves_several_requests_on_one_connection(world):
    conn = VHostConnection("www.cabinet-durand.fr", world.port, timeout=5)
    try:
        for path in ["/", "/honoraires", "/le-cabinet"]:
            conn.request("GET", path, headers={"Host": "www.cabinet-durand.fr"})
            response = conn.getresponse()
            assert response.status == 200 and int(response.getheader("Content-Length")) > 0
            response.read()
    finally:
        conn.close()


def test_request_log(world):
    fetch(world, "www.atelier-chat.fr", "/boutique?tri=prix", method="HEAD")
    assert ("www.atelier-chat.fr", "/boutique?tri=prix", "HEAD") in world.requests


# --- first-party cookies ----------------------------------------------------

def test_boulangerie_sets_php_session_cookie(world):
    response, _ = fetch(world, "www.boulangerie-martin.fr")
    line = set_cookie(response, "PHPSESSID")
    assert attributes(line) == ["path=/", "HttpOnly", "SameSite=Lax"]  # session cookie: no expiry
    again, _ = fetch(world, "www.boulangerie-martin.fr", headers={"Cookie": line.split(";")[0]})
    assert again.getheader("Set-Cookie") is None


def test_cabinet_sets_only_first_party_cookies(world):
    response, body = fetch(world, "www.cabinet-durand.fr")
    assert attributes(set_cookie(response, "lang")) == ["Max-Age=31536000", "path=/"]
    assert "HttpOnly" in attributes(set_cookie(response, "PHPSESSID"))
    assert b"<script" not in body


# --- trackers ---------------------------------------------------------------

def test_facebook_pixel_sets_fr_cookie(world):
    response, body = fetch(world, "www.facebook.com", "/tr/?id=1234&ev=PageView")
    assert response.status == 200
    assert response.getheader("Content-Type") == "image/gif"
    assert body.startswith(b"GIF89a") and len(body) == 43
    assert attributes(set_cookie(response, "fr")) == [
        "Max-Age=7776000", "Domain=.facebook.com", "Path=/", "Secure", "HttpOnly", "SameSite=None"]


def test_facebook_like_button_sets_datr_cookie(world):
    response, body = fetch(world, "www.facebook.com", "/plugins/like.php?href=https%3A%2F%2Fwww.atelier-chat.fr%2F")
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert attributes(set_cookie(response, "datr")) == [
        "Max-Age=63072000", "Domain=.facebook.com", "Path=/", "Secure", "HttpOnly", "SameSite=None"]


def test_tracker_scripts_are_javascript(world):
    for host, path in [("www.googletagmanager.com", "/gtag/js?id=G-BOULANGE1"),
                       ("connect.facebook.net", "/en_US/fbevents.js"),
                       ("client.crisp.chat", "/l.js"),
                       ("static.hotjar.com", "/c/hotjar-3141592.js?sv=6"),
                       ("platform.twitter.com", "/widgets.js")]:
        response, body = fetch(world, host, path)
        assert response.status == 200, host
        assert response.getheader("Content-Type") == "application/javascript; charset=utf-8"
        assert b"document" in body


def test_analytics_collect_is_204_with_cors(world):
    origin = "https://www.boulangerie-martin.fr"
    response, body = fetch(world, "www.google-analytics.com", "/g/collect?v=2&tid=G-BOULANGE1",
                           method="POST", headers={"Origin": origin}, body=b"")
    assert response.status == 204 and body == b""
    assert response.getheader("Access-Control-Allow-Origin") == origin
    assert response.getheader("Access-Control-Allow-Credentials") == "true"


def test_hotjar_visit_data_handles_preflight(world):
    path = "/api/v2/client/sites/3141592/visit-data?sv=6"
    origin = {"Origin": "https://www.atelier-chat.fr"}
    response, _ = fetch(world, "in.hotjar.com", path, method="OPTIONS", headers={
        **origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
    assert response.status == 204
    assert "POST" in response.getheader("Access-Control-Allow-Methods")
    assert response.getheader("Access-Control-Allow-Headers") == "content-type"
    response, body = fetch(world, "in.hotjar.com", path, method="POST", body=b"{}",
                           headers={**origin, "Content-Type": "application/json"})
    assert response.status == 200 and json.loads(body) == {"success": True}
    assert response.getheader("Access-Control-Allow-Origin") == origin["Origin"]


def test_crisp_long_poll_answers_only_after_its_hold(world, monkeypatch):
    monkeypatch.setattr(trackers, "LONG_POLL_SECONDS", 0.5)
    start = time.monotonic()
    response, body = fetch(world, "client.relay.crisp.chat", "/poll?website=x")
    assert response.status == 200 and time.monotonic() - start >= 0.5
    assert json.loads(body)["reason"] == "timeout"


# --- misbehaving hosts --------------------------------------------------------

def test_redirects(world):
    assert fetch(world, "boucle.exemple-erreurs.fr", "/")[0].getheader("Location") == "/a"
    assert fetch(world, "boucle.exemple-erreurs.fr", "/a")[0].getheader("Location") == "/b"
    response, _ = fetch(world, "boucle.exemple-erreurs.fr", "/b")
    assert response.status == 302 and response.getheader("Location") == "/a"
    response, _ = fetch(world, "www.redirige-exemple.fr", "/")
    assert response.status == 301
    assert response.getheader("Location") == "https://www.cabinet-durand.fr/"


def test_error_pages(world):
    response, body = fetch(world, "panne.exemple-erreurs.fr")
    assert response.status == 500 and b"Erreur interne du serveur" in body
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    response, body = fetch(world, "absent.exemple-erreurs.fr", "/nimporte-quoi")
    assert response.status == 404 and b"Page introuvable" in body


def test_non_html_documents(world):
    response, body = fetch(world, "document.exemple-erreurs.fr")
    assert response.getheader("Content-Type") == "application/pdf"
    assert body.startswith(b"%PDF-1.4") and body.rstrip().endswith(b"%%EOF")
    response, body = fetch(world, "donnees.exemple-erreurs.fr")
    assert response.getheader("Content-Type") == "application/json; charset=utf-8"
    assert json.loads(body)["produits"]


def test_hanging_host_does_not_block_others(world):
    hanging = VHostConnection("lent.exemple-erreurs.fr", world.port, timeout=1.5)
    hanging.request("GET", "/", headers={"Host": "lent.exemple-erreurs.fr"})
    try:
        start = time.monotonic()
        assert fetch(world, "www.cabinet-durand.fr")[0].status == 200
        assert time.monotonic() - start < 1
        with pytest.raises(TimeoutError):
            hanging.getresponse()  # still nothing
    finally:
        hanging.close()


def test_module_entry_point_prints_one_json_line():
    root = Path(__file__).resolve().parent.parent
    process = subprocess.Popen([sys.executable, "-m", "tests.world", "--port", "0"], cwd=root,
                               stdout=subprocess.PIPE, text=True)
    try:
        info = json.loads(process.stdout.readline())
        assert info["port"] > 0 and info["sites"] == DEMO_SITES
        assert f"MAP * 127.0.0.1:{info['port']}" in info["browser_args"][0]
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0


# --- real browser --------------------------------------------------------------

@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian chromium")
def test_browser_smoke_boulangerie(world):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS + world.browser_args())
        try:
            context = browser.new_context()
            page = context.new_page()
            with page.expect_request(lambda r: r.url.startswith("https://www.google-analytics.com/g/collect")) as hit:
                response = page.goto("https://www.boulangerie-martin.fr/")
            assert response.status == 200
            assert "tid=G-BOULANGE1" in hit.value.url
            cookies = {c["name"]: c for c in context.cookies()}
            assert cookies["_ga"]["domain"] == ".boulangerie-martin.fr"
            assert cookies["_fbp"]["value"].startswith("fb.1.")
            assert cookies["PHPSESSID"]["httpOnly"]
        finally:
            browser.close()
