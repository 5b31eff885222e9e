"""The fake French websites and the deliberately broken hosts."""

import re
import secrets
from pathlib import Path

from .web import Response, html, javascript, no_content, redirect, text

SITES = Path(__file__).parent / "sites"
LONG_HANG_SECONDS = 120

# PHP's default session headers: pages with a session are never cached.
NO_CACHE = [
    ("Cache-Control", "no-store, no-cache, must-revalidate"),
    ("Pragma", "no-cache"),
    ("Expires", "Thu, 19 Nov 1981 08:52:00 GMT"),
]
ROBOTS = "User-agent: *\nDisallow:\n"
NOT_FOUND = "<h1>Page introuvable</h1>\n<p>Cette page n’existe pas ou a été déplacée.</p>"


def site_file(host, name):
    return (SITES / host / name).read_bytes()


def read_page(host, path):
    """(title, main content) of a static site's <path>.html, or None."""
    name = "index" if path == "/" else path.strip("/")
    page = SITES / host / f"{name}.html"
    if not re.fullmatch(r"[a-z0-9-]+", name) or not page.is_file():
        return None
    # A page file is "<title>…</title>" followed by the content of <main>.
    title, main = re.fullmatch(r"\s*<title>(.*?)</title>(.*)", page.read_text("utf-8"), re.S).groups()
    return title, main.strip()


def render(host, title, main):
    layout = (SITES / host / "_layout.html").read_text("utf-8")
    return layout.replace("{{title}}", title).replace("{{main}}", main)


def page_response(request):
    """A static site's page, robots.txt, or its own 404 page."""
    if request.path == "/robots.txt":
        return text(ROBOTS)
    page = read_page(request.host, request.path)
    if page is None:
        return html(render(request.host, "Page introuvable", NOT_FOUND), 404)
    return html(render(request.host, *page))


def add_php_session(request, response):
    """What session_start() does for a visitor without a session."""
    if "PHPSESSID" not in request.cookies:
        response.header("Set-Cookie", f"PHPSESSID={secrets.token_hex(13)}; path=/; HttpOnly; SameSite=Lax")
    response.headers.extend(NO_CACHE)


def boulangerie(request):
    response = page_response(request)
    if request.path == "/":
        add_php_session(request, response)
    return response


def cabinet(request):
    response = page_response(request)
    if response.content_type.startswith("text/html"):
        add_php_session(request, response)
        if "lang" not in request.cookies:
            response.header("Set-Cookie", "lang=fr; Max-Age=31536000; path=/")
    return response


# Cookie names a browser accepts (anything but ";", "=" and controls) that are markup or
# spreadsheet formulas: reports must show them as text. Values are hostile too (hashed).
HOSTILE_COOKIES = [
    "<script>alert('cookie')</script>=1; Max-Age=34190000; Path=/",
    '"><img src=x onerror=alert(1)>; Path=/',  # name '"><img src', value the rest
    '+HYPERLINK("https://piege.example/","clic")==HYPERLINK("https://piege.example/"); Path=/',
    "@SUM(1+1)*cmd|' /C calc'!A0=x; Max-Age=63072000; Path=/",
]


def piege(request):
    """A hostile site: its cookie names, storage keys and text carry payloads."""
    response = page_response(request)
    if response.content_type.startswith("text/html"):
        for line in HOSTILE_COOKIES:
            response.header("Set-Cookie", line)
    return response


def redirect_to_cabinet(request):
    return redirect("https://www.cabinet-durand.fr/", 301)


def redirect_loop(request):
    # /a -> /b -> /a ... until the browser gives up (ERR_TOO_MANY_REDIRECTS).
    return redirect("/b" if request.path == "/a" else "/a")


def never_answers(request):
    return Response(hold=LONG_HANG_SECONDS, answer=False)


def fixed_page(status):
    """Every path answers the host's index.html with this status."""
    def handler(request):
        return html(site_file(request.host, "index.html").decode("utf-8"), status)
    return handler


def only_root(filename, content_type):
    """A host whose / is a single non-HTML document."""
    def handler(request):
        if request.path != "/":
            return text("Not Found", 404)
        return Response(200, site_file(request.host, filename), content_type)
    return handler


def fleuriste(request):
    """The compliant site: a PHP session, and a self-hosted Matomo set up for the exemption."""
    if request.path == "/matomo.js":
        return javascript("matomo.js")
    if request.path == "/matomo.php":
        return no_content()
    response = page_response(request)
    if response.content_type.startswith("text/html"):
        add_php_session(request, response)
    return response


HOSTS = {
    "www.boulangerie-martin.fr": boulangerie,
    "www.cabinet-durand.fr": cabinet,
    "www.atelier-chat.fr": page_response,
    "www.redirige-exemple.fr": redirect_to_cabinet,
    "www.piege-exemple.fr": piege,
    "boucle.exemple-erreurs.fr": redirect_loop,
    "lent.exemple-erreurs.fr": never_answers,
    "panne.exemple-erreurs.fr": fixed_page(500),
    "absent.exemple-erreurs.fr": fixed_page(404),
    "document.exemple-erreurs.fr": only_root("index.pdf", "application/pdf"),
    "donnees.exemple-erreurs.fr": only_root("index.json", "application/json; charset=utf-8"),
    "crash.exemple-erreurs.fr": fixed_page(200),
    # Sites built to break (or to pass) the judge's rules (tests/test_rules_e2e.py)
    "www.opticien-renaud.fr": page_response,
    "www.garage-dupuis.fr": page_response,
    "www.serrurier-rapide.fr": page_response,
    "www.fleuriste-rose.fr": fleuriste,
    # Trackers that load late with no visitor action: GA4 3 s after the page; the Meta pixel
    # after load -> idle callback -> 2.5 s (tests/test_settle.py)
    "www.patisserie-lente.fr": page_response,
    "www.imprimerie-paresseuse.fr": page_response,
}

# What `make audit` shows a newcomer: no banner, a compliant site, a chat widget, a real
# consent manager (tarteaucitron) and a banner whose reject hides behind "Personnaliser".
DEMO_SITES = [
    "https://www.boulangerie-martin.fr/",
    "https://www.cabinet-durand.fr/",
    "https://www.atelier-chat.fr/",
    "https://www.fromagerie-lambert.fr/",
    "https://personnaliser.exemple-consentement.fr/",
    "https://www.fleuriste-rose.fr/",  # one that complies: what a clean report looks like
]

# Consent-banner sites and the npm CDN (tests/world/banners.py), served like the others.
from .banners import HOSTS as BANNER_HOSTS  # noqa: E402

HOSTS.update(BANNER_HOSTS)

# A site whose trackers change between audits (tests/world/changing.py, history tests).
from .changing import HOSTS as CHANGING_HOSTS  # noqa: E402

HOSTS.update(CHANGING_HOSTS)

# Sites built to hurt the auditor (tests/world/hostile.py, hostile tests).
from .hostile import HOSTS as HOSTILE_HOSTS  # noqa: E402

HOSTS.update(HOSTILE_HOSTS)

# A site slow enough for a test to kill the browser auditing it (tests/world/faults.py).
from .faults import HOSTS as FAULT_HOSTS  # noqa: E402

HOSTS.update(FAULT_HOSTS)
