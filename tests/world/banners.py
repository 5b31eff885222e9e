"""The consent-banner sites: five small sites using real consent libraries and the
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
    "information-seule.exemple-consentement.fr": "Boucherie Dupuis",
    "mur.exemple-consentement.fr": "Le Courrier du Léon",
    "refus-bloquant.exemple-consentement.fr": "Recettes de Mamie Jeanne",
    "payer-ou-accepter.exemple-consentement.fr": "L'Écho des Vallées",
    "modale.exemple-consentement.fr": "Chocolaterie Bernard",
    "abonnes.exemple-consentement.fr": "La Gazette de l'Estuaire",
    "mur.exemple-consentement.be": "Le Journal de Ciney",
    "lien-gris.exemple-consentement.fr": "Quincaillerie Dumas",
    "cases-precochees.exemple-consentement.fr": "Boucherie Perrin",
    "necessaires-verrouilles.exemple-consentement.fr": "Institut de Beauté Clara",
    "www.domaine-des-tilleuls.fr": "Domaine des Tilleuls",
    "retrait.exemple-consentement.fr": "Librairie Papeterie Roussel",
    "retrait-ignore.exemple-consentement.fr": "Garage des Tilleuls",
    "sans-retrait.exemple-consentement.fr": "Institut de Beauté Camélia",
}
# The footer's « Gérer mes cookies » reopens the banner (consentement.js, or the real
# managers' own calls); these sites have no such control at all.
MANAGE_LINK = '<a href="#cookies" id="gerer-cookies">Gérer mes cookies</a>'
NO_MANAGE_LINK = {"sans-retrait.exemple-consentement.fr"}

# The walled sites' home pages: an article long enough to scroll (a scroll lock matters, content
# removed is missed). The paywall site's article is cut for non-subscribers, whatever the cookies.
ARTICLE = ("<h1>Le marché couvert rouvre ses portes</h1>\n"
           + "\n".join(f"<p>{text}</p>" for text in [
               "Après dix-huit mois de travaux, le marché couvert accueille de nouveau ses commerçants "
               "chaque mardi, vendredi et samedi matin, de 7 h à 13 h.",
               "La charpente d’origine a été conservée et la verrière entièrement refaite ; les allées "
               "ont été élargies pour les poussettes et les fauteuils roulants.",
               "Quarante-deux étals sont occupés dès la réouverture : maraîchers, fromagers, bouchers, "
               "poissonniers, un torréfacteur et deux boulangers du canton.",
               "La municipalité annonce un parking vélo de soixante places et une navette gratuite "
               "depuis la gare les jours de marché.",
               "Les commerçants installés sur la place pendant les travaux y resteront jusqu’à la fin du "
               "mois, le temps de déménager leur matériel.",
               "Une fête d’inauguration est prévue le premier samedi du mois prochain, avec dégustation "
               "de produits locaux et animations pour les enfants.",
           ] * 3))
PAYWALLED = ("<h1>Enquête : où va l’argent du port ?</h1>\n<p>Le budget du port a doublé en cinq ans. "
             "Nous avons épluché les comptes, rencontré les élus et les dockers.</p>\n"
             "<div class=\"suite-floutee\" aria-label=\"Suite de l’article réservée aux abonnés\">"
             + "".join("<p>La suite de l’enquête détaille les contrats passés depuis 2019, les marchés "
                       "attribués sans mise en concurrence et les réponses de la direction du port.</p>"
                       for _ in range(12)) + "</div>\n"
             "<aside class=\"reserve-abonnes\"><p><strong>Cet article est réservé à nos abonnés.</strong></p>"
             "<p><button type=\"button\">Je m’abonne – 1 € le premier mois</button></p></aside>")
HOMES = {
    "mur.exemple-consentement.fr": ARTICLE,
    "refus-bloquant.exemple-consentement.fr": ARTICLE,
    "payer-ou-accepter.exemple-consentement.fr": ARTICLE,
    "modale.exemple-consentement.fr": ARTICLE,
    "abonnes.exemple-consentement.fr": PAYWALLED,
    "mur.exemple-consentement.be": ARTICLE,
}

# A Belgian publisher's notice (CSA art. 2:20: name, form, seat, BCE number, RPM and court).
BELGIAN_NOTICE = ("Mentions légales", "<h1>Mentions légales</h1>\n<p>{site} est édité par Éditions "
                  "Condroz SRL, société à responsabilité limitée, rue de la Gare 12, 5590 Ciney. Numéro "
                  "d’entreprise (BCE) 0812.345.603, RPM Liège, division Namur. TVA BE 0812.345.603. "
                  "Tél. +32 83 21 00 00 – redaction@exemple.be.</p>\n<p>Éditeur responsable : Luc "
                  "Dubois, rue de la Gare 12, 5590 Ciney.</p>\n<p>Hébergeur : OVH SAS, 2 rue Kellermann, "
                  "59100 Roubaix, France, +33 9 72 10 10 07.</p>")

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
    if path == "/" and request.host in HOMES:
        return html(render(request.host, PAGES[path][0], HOMES[request.host]))
    if path == "/mentions-legales" and request.host.endswith(".be"):
        return html(render(request.host, *BELGIAN_NOTICE))
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
