"""The consent-banner sites: four small sites using real consent libraries and the
home-made banners of *.exemple-consentement.fr (see banner_sites.py for what each shows).

Every site shares one layout (banner_pages/_layout.html) with a few pages; its banner and
tracker tags come from banner_pages/<host>.html, where {{npm:<package>}} is the package's
CDN URL and {{missing:<package>}} a comment when the npm cache lacks it.
"""

import re
from pathlib import Path

from . import cmp_libs
from .web import Response, html, redirect, text

PAGES_DIR = Path(__file__).parent / "banner_pages"
IFRAME_CMP_HOST = "bandeau.consentement-tiers.fr"
CONSENT_MAX_AGE = 15552000  # 6 months, like the home-made banners' own cookie

SITE_NAMES = {
    "www.fromagerie-lambert.fr": "Fromagerie Lambert",
    "www.librairie-des-quais.fr": "Librairie des Quais",
    "www.cave-des-coteaux.fr": "Cave des Coteaux",
    "www.mediatheque-saint-leu.fr": "Médiathèque de Saint-Leu",
    "egal.exemple-consentement.fr": "Jardinerie des Quatre Saisons",
    "personnaliser.exemple-consentement.fr": "Auto-école Mistral",
    "continuer-sans-accepter.exemple-consentement.fr": "Le Petit Journal de Brest",
    "iframe.exemple-consentement.fr": "Hôtel du Port",
    "ombre.exemple-consentement.fr": "Studio Ombre & Lumière",
    "refus-inerte.exemple-consentement.fr": "Plomberie Girard",
    "ok-non-merci.exemple-consentement.fr": "Vélos Cyclo'Nantes",
    "cmp-en-panne.exemple-consentement.fr": "Pharmacie du Centre",
    "accepter-par-lien.exemple-consentement.fr": "Agence Immobilière Lefèvre",
    "refus-oublie.exemple-consentement.fr": "Salon de Coiffure Élodie",
    "refus-onglet.exemple-consentement.fr": "Cordonnerie Martinez",
    "retrait.exemple-consentement.fr": "Librairie Papeterie Roussel",
    "retrait-ignore.exemple-consentement.fr": "Garage des Tilleuls",
    "sans-retrait.exemple-consentement.fr": "Institut de Beauté Camélia",
}
# The footer's « Gérer mes cookies » reopens the banner (consentement.js, or the real
# managers' own calls); these sites have no such control at all.
MANAGE_LINK = '<a href="#cookies" id="gerer-cookies">Gérer mes cookies</a>'
NO_MANAGE_LINK = {"sans-retrait.exemple-consentement.fr"}

PAGES = {
    "/": ("Accueil", "<h1>Bienvenue chez {site}</h1>\n<p>Une entreprise familiale au service de ses "
          "clients depuis 1998.</p>\n<p><a href=\"/services\">Découvrir nos services</a></p>"),
    "/services": ("Nos services", "<h1>Nos services</h1>\n<ul><li>Conseil personnalisé ;</li>"
                  "<li>Devis gratuit ;</li><li>Retrait en magasin.</li></ul>"),
    "/contact": ("Contact", "<h1>Contact</h1>\n<p>Écrivez-nous à contact@exemple.fr ou passez nous voir "
                 "du mardi au samedi.</p>"),
    "/mentions-legales": ("Mentions légales", "<h1>Mentions légales</h1>\n<p>{site}, SARL au capital de "
                          "10 000 €, 5 rue de la Paix, 44000 Nantes. RCS Nantes 812 345 601. "
                          "Tél. 02 40 00 12 34 – contact@exemple.fr.</p>\n<p>Directrice de la "
                          "publication : Anne Moreau, gérante.</p>\n<p>Hébergeur : OVH SAS, 2 rue "
                          "Kellermann, 59100 Roubaix, 09 72 10 10 07.</p>"),
    "/politique-de-cookies": ("Politique de cookies", "<h1>Politique de cookies</h1>\n<p>Avec votre "
                              "accord, nous utilisons des cookies de mesure d’audience. Vous pouvez changer "
                              "d’avis à tout moment avec le lien « Gérer mes cookies ».</p>"),
}


def consent_snippet(host):
    """banner_pages/<host>.html with its npm placeholders filled in."""
    snippet = (PAGES_DIR / f"{host}.html").read_text("utf-8")
    snippet = re.sub(r"\{\{npm:([^}]+)\}\}", lambda m: cmp_libs.npm_url(m[1]), snippet)
    return re.sub(r"\{\{missing:([^}]+)\}\}", lambda m: cmp_libs.missing_comment(m[1]), snippet)


def render(host, title, main):
    site = SITE_NAMES[host]
    page = (PAGES_DIR / "_layout.html").read_text("utf-8")
    manage = "" if host in NO_MANAGE_LINK else MANAGE_LINK
    for key, value in [("title", title), ("main", main.replace("{site}", site)),
                       ("consent", consent_snippet(host)), ("site", site), ("gerer", manage)]:
        page = page.replace("{{" + key + "}}", value)
    return page


def banner_site(request):
    """A page of a banner site, its home-made scripts, or its 404 page."""
    path = request.path
    if path == "/robots.txt":
        return text("User-agent: *\nDisallow:\n")
    if path == "/js/consentement.js":
        return script_file("consentement.js")
    if path == "/js/cmp.js":
        return script_file("_cmp_en_panne.js")
    if path == "/cookies/accepter":
        return accept_by_link(request)
    if path not in PAGES:
        return html(render(request.host, "Page introuvable", "<h1>Page introuvable</h1>"), 404)
    return html(render(request.host, *PAGES[path]))


def script_file(name):
    body = (PAGES_DIR / name).read_bytes()
    return Response(200, body, "application/javascript; charset=utf-8").header("Cache-Control", "no-cache")


def accept_by_link(request):
    """The "Tout accepter" link of accepter-par-lien: store consent server-side, go on."""
    back = request.query.get("retour", "/")
    if back not in PAGES:  # no open redirect
        back = "/"
    response = redirect(back)
    return response.header("Set-Cookie", f"consentement=accepte; Max-Age={CONSENT_MAX_AGE}; Path=/; SameSite=Lax")


def iframe_cmp(request):
    """The hosted CMP whose banner iframe.exemple-consentement.fr embeds."""
    if request.path != "/bandeau":
        return text("Not Found", 404)
    return html((PAGES_DIR / "_iframe_banner.html").read_text("utf-8"))


HOSTS = {
    **{host: banner_site for host in SITE_NAMES},
    IFRAME_CMP_HOST: iframe_cmp,
    **cmp_libs.HOSTS,
}
