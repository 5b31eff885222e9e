"""What each consent-banner site of the world shows, for table-driven tests.

Served by banners.py. Labels are the visible texts of the controls; several banners also
hold a hidden (display:none) duplicate of their accept button that must not be clicked.
"""

from dataclasses import dataclass

GA = "www.google-analytics.com"
FACEBOOK = "www.facebook.com"


@dataclass(frozen=True)
class BannerSite:
    url: str
    cmp: str | None  # autoconsent rule name that should match; None: home-made or no rule
    library: str | None  # npm package of the consent manager; None: home-made
    accept_found: bool  # a visible "accept all" control exists
    reject_found: bool  # a reject control exists (maybe only on the second layer)
    reject_first_layer: bool  # ...and is visible without opening anything
    reject_works: bool  # clicking it closes the banner and loads nothing
    consent_cookie: str | None  # the consent manager's own cookie
    accepted: str | None = None  # regex the (URL-decoded) cookie value matches after accept
    refused: str | None = None  # ...after reject; None: the refusal is not stored
    after_accept: tuple = ()  # tracker hosts contacted only after accept
    accept_text: str | None = None  # visible label (start of the accessible name)
    reject_text: str | None = None
    second_layer_text: str | None = None  # opens the layer holding the reject button
    frame_host: str | None = None  # the banner is in an iframe from this host
    shadow: bool = False  # the banner is in an open shadow root
    accept_navigates: bool = False  # accept is a link: the page changes
    hidden_duplicate: bool = False  # a display:none copy of the accept button precedes it
    needs_no_webdriver: bool = False  # hidden while navigator.webdriver is true (library default)
    refusal_kept_in_tab: bool = False  # the refusal is in sessionStorage: lost in a new tab
    notice_only: bool = False  # an information banner ("J'ai compris"): no choice to make
    wall: str | None = None  # a cookie wall: "blocking" (content out of reach), "pay" (pay or accept)
    prechecked: tuple = ()  # labels of purposes or vendors needing consent switched on in the settings
    deceptive: tuple = ()  # consent.deceptive_design patterns its first layer shows
    # after accepting, the footer « Gérer mes cookies » reopens the choice and refusing there
    # stops the trackers and deletes their cookies ("works"); or the refusal is stored but the
    # trackers go on ("keeps_tracking"); or nothing reopens the choice ("none")
    withdrawal: str = "works"
    pages: tuple = ("/services", "/contact")  # internal pages (nav links)
    note: str = ""

    @property
    def host(self):
        return self.url.split("/")[2]


BANNER_SITES = [
    # --- real libraries from npm -------------------------------------------------------
    BannerSite(
        "https://www.fromagerie-lambert.fr/", "tarteaucitron deny", "tarteaucitronjs",
        accept_found=True, reject_found=True, reject_first_layer=True, reject_works=True,
        consent_cookie="tarteaucitron", accepted=r"gtag=true", refused=r"gtag=false",
        after_accept=(GA, FACEBOOK), accept_text="Tout accepter", reject_text="Tout refuser",
        note="middle popup; cookie is '!facebookpixel=wait!gtag=wait' before any choice"),
    BannerSite(
        "https://www.librairie-des-quais.fr/", "cookieconsent3", "vanilla-cookieconsent",
        accept_found=True, reject_found=True, reject_first_layer=True, reject_works=True,
        consent_cookie="cc_cookie", accepted=r'"categories":\["necessary","analytics"\]',
        refused=r'"categories":\["necessary"\]', after_accept=(GA,),
        accept_text="Tout accepter", reject_text="Tout refuser", needs_no_webdriver=True,
        note="hideFromBots default: no banner while navigator.webdriver is true "
             "(launch Chromium with --disable-blink-features=AutomationControlled)"),
    BannerSite(
        "https://www.cave-des-coteaux.fr/", "Klaro", "klaro",
        accept_found=True, reject_found=True, reject_first_layer=True, reject_works=True,
        consent_cookie="klaro", accepted=r'"google-analytics":true', refused=r'"google-analytics":false',
        after_accept=(GA, FACEBOOK), accept_text="C'est bon", reject_text="Je refuse",
        note="acceptAll: true, yet Klaro labels the accept-all button with its 'ok' text"),
    BannerSite(
        "https://www.mediatheque-saint-leu.fr/", None, "orejime",
        accept_found=True, reject_found=True, reject_first_layer=True, reject_works=True,
        consent_cookie="orejime", accepted=r'"mesure-audience":true', refused=r'"mesure-audience":false',
        after_accept=(GA,), accept_text="Accepter", reject_text="Refuser",
        note="autoconsent has only site-specific auto_* rules for Orejime"),
    BannerSite(
        "https://www.domaine-des-tilleuls.fr/", "Klaro", "klaro",
        accept_found=True, reject_found=True, reject_first_layer=True, reject_works=True,
        consent_cookie="klaro", accepted=r'"google-analytics":true', refused=r'"google-analytics":false',
        after_accept=(GA, FACEBOOK), accept_text="C'est bon", reject_text="Je refuse",
        prechecked=("Publicité",),
        note="the Meta pixel has default: true: its purpose « Publicité » is on in « Laissez-moi choisir », nothing loads before a choice"),
    # --- home-made banners ---------------------------------------------------------------
    BannerSite(
        "https://egal.exemple-consentement.fr/", None, None,
        accept_found=True, reject_found=True, reject_first_layer=True, reject_works=True,
        consent_cookie="consent", accepted="accepte", refused="refuse", after_accept=(GA, FACEBOOK),
        accept_text="Tout accepter", reject_text="Tout refuser", hidden_duplicate=True,
        note="equal buttons on the first layer; the choice in a first-party 'consent' cookie and the "
             "site's own 'mp_affichage' on every page: neither Google's CONSENT nor Mixpanel's mp_*"),
    BannerSite(
        "https://personnaliser.exemple-consentement.fr/", None, None,
        accept_found=True, reject_found=True, reject_first_layer=False, reject_works=True,
        consent_cookie="choix_cookies", accepted="accepte", refused="refuse", after_accept=(GA,),
        accept_text="Tout accepter", reject_text="Tout refuser", second_layer_text="Personnaliser",
        hidden_duplicate=True, note="'Tout refuser' is in the DOM but display:none until 'Personnaliser'"),
    BannerSite(
        "https://continuer-sans-accepter.exemple-consentement.fr/", None, None,
        accept_found=True, reject_found=True, reject_first_layer=True, reject_works=True,
        consent_cookie="cookie_consent", accepted="accepte", refused="refuse", after_accept=(GA,),
        accept_text="J'accepte", reject_text="Continuer sans accepter",
        note="reject is a small grey link top right (href='#')"),
    BannerSite(
        "https://iframe.exemple-consentement.fr/", None, None,
        accept_found=True, reject_found=True, reject_first_layer=True, reject_works=True,
        consent_cookie="consentement", accepted="accepte", refused="refuse", after_accept=(GA,),
        accept_text="Tout accepter", reject_text="Tout refuser", frame_host="bandeau.consentement-tiers.fr",
        note="cross-site iframe; the choice comes back by postMessage, the page stores it"),
    BannerSite(
        "https://ombre.exemple-consentement.fr/", None, None,
        accept_found=True, reject_found=True, reject_first_layer=True, reject_works=True,
        consent_cookie="consentement", accepted="accepte", refused="refuse", after_accept=(GA,),
        accept_text="Tout accepter", reject_text="Tout refuser", shadow=True,
        note="<bandeau-cookies> custom element with an open shadow root"),
    BannerSite(
        "https://refus-inerte.exemple-consentement.fr/", None, None,
        accept_found=True, reject_found=True, reject_first_layer=True, reject_works=False,
        consent_cookie="consentement", accepted="accepte", refused=None, after_accept=(GA,),
        accept_text="Tout accepter", reject_text="Tout refuser",
        note="the reject button has no handler: banner stays, nothing stored"),
    BannerSite(
        "https://ok-non-merci.exemple-consentement.fr/", None, None,
        accept_found=True, reject_found=True, reject_first_layer=True, reject_works=True,
        consent_cookie="cookies_ok", accepted="accepte", refused="refuse", after_accept=(GA,),
        accept_text="OK", reject_text="Non merci", hidden_duplicate=True),
    BannerSite(
        "https://cmp-en-panne.exemple-consentement.fr/", None, None,
        accept_found=False, reject_found=False, reject_first_layer=False, reject_works=False,
        consent_cookie=None, note="its consent script throws on load: no banner, no tracker"),
    BannerSite(
        "https://accepter-par-lien.exemple-consentement.fr/", None, None,
        accept_found=True, reject_found=True, reject_first_layer=True, reject_works=True,
        consent_cookie="consentement", accepted="accepte", refused="refuse", after_accept=(GA,),
        accept_text="Tout accepter", reject_text="Tout refuser", accept_navigates=True,
        note="accept is a link to /cookies/accepter: Set-Cookie, then 302 to /services"),
    BannerSite(
        "https://refus-oublie.exemple-consentement.fr/", None, None,
        accept_found=True, reject_found=True, reject_first_layer=True, reject_works=True,
        consent_cookie="consentement", accepted="accepte", refused=None, after_accept=(GA,),
        accept_text="Tout accepter", reject_text="Tout refuser",
        note="reject closes the banner but stores nothing: it is back on the next page"),
    BannerSite(
        "https://refus-onglet.exemple-consentement.fr/", None, None,
        accept_found=True, reject_found=True, reject_first_layer=True, reject_works=True,
        consent_cookie="consentement", accepted="accepte", refused=None, after_accept=(GA,),
        accept_text="Tout accepter", reject_text="Tout refuser", refusal_kept_in_tab=True,
        note="reject keeps the refusal in sessionStorage: the next pages remember it, a new tab does not"),
    BannerSite(
        "https://information-seule.exemple-consentement.fr/", None, None,
        accept_found=False, reject_found=False, reject_first_layer=False, reject_works=False,
        consent_cookie=None, notice_only=True,
        note="a notice (« en poursuivant votre navigation, vous acceptez »), one « J'ai compris »; "
             "Google Analytics loads at once"),
    # --- cookie walls, and what looks like one (tests/test_rules_e2e.py) ----------------------
    BannerSite(
        "https://mur.exemple-consentement.fr/", None, None,
        accept_found=True, reject_found=False, reject_first_layer=False, reject_works=False,
        consent_cookie="consentement", accepted="accepte", after_accept=(GA,),
        accept_text="Accepter et accéder au site", wall="blocking",
        note="a veil over the page, the article blurred and aria-hidden, scrolling locked; accept only"),
    BannerSite(
        "https://refus-bloquant.exemple-consentement.fr/", None, None,
        accept_found=True, reject_found=True, reject_first_layer=True, reject_works=True,
        consent_cookie="consentement", accepted="accepte", refused="refuse", after_accept=(GA,),
        accept_text="Tout accepter", reject_text="Tout refuser", wall="blocking",
        note="the refusal is stored, then a modal <dialog> says « Vous devez accepter les cookies pour "
             "accéder au contenu », on every page"),
    BannerSite(
        "https://payer-ou-accepter.exemple-consentement.fr/", None, None,
        accept_found=True, reject_found=False, reject_first_layer=False, reject_works=False,
        consent_cookie="choix_lecteur", accepted="accepte", after_accept=(GA, FACEBOOK),
        accept_text="Accepter et continuer gratuitement", wall="pay",
        note="« Accepter et continuer gratuitement » or « S'abonner sans publicité – 2,99 € par mois »"),
    BannerSite(
        "https://mur.exemple-consentement.be/", None, None,
        accept_found=True, reject_found=False, reject_first_layer=False, reject_works=False,
        consent_cookie="cookies_ciney", accepted="accepte", after_accept=(GA,),
        accept_text="Accepter et accéder au site", wall="blocking",
        note="Belgian: a modal <dialog>, the article taken out of the page until accepted"),
    BannerSite(
        "https://modale.exemple-consentement.fr/", None, None,
        accept_found=True, reject_found=True, reject_first_layer=True, reject_works=True,
        consent_cookie="consentement", accepted="accepte", refused="refuse", after_accept=(GA,),
        accept_text="Tout accepter", reject_text="Tout refuser",
        note="a dark veil and scrolling locked until a choice; refusing frees the page: no wall"),
    BannerSite(
        "https://abonnes.exemple-consentement.fr/", None, None,
        accept_found=True, reject_found=True, reject_first_layer=True, reject_works=True,
        consent_cookie="gazette_consentement", accepted="accepte", refused="refuse", after_accept=(GA,),
        accept_text="Accepter", reject_text="Continuer sans accepter",
        deceptive=("link",),
        note="a news paywall (the article's end blurred, « Je m’abonne – 1 € ») whatever the cookie choice"),
    BannerSite(
        "https://lien-gris.exemple-consentement.fr/", None, None,
        accept_found=True, reject_found=True, reject_first_layer=True, reject_works=True,
        consent_cookie="choix_vie_privee", accepted="accepte", refused="refuse", after_accept=(GA, FACEBOOK),
        accept_text="Accepter et fermer", reject_text="Refuser",
        deceptive=("contrast", "link", "size"),
        note="a small light-grey « Refuser » link on a grey card under a big blue accept button"),
    BannerSite(
        "https://cases-precochees.exemple-consentement.fr/", None, None,
        accept_found=True, reject_found=True, reject_first_layer=True, reject_works=True,
        consent_cookie="preferences_cookies", accepted="accepte", refused="refuse", after_accept=(GA,),
        accept_text="Tout accepter", reject_text="Tout refuser",
        prechecked=("Publicité personnalisée", "Partage avec nos partenaires publicitaires"),
        note="« Paramétrer » shows two advertising purposes already on (role=switch, aria-checked)"),
    BannerSite(
        "https://necessaires-verrouilles.exemple-consentement.fr/", None, None,
        accept_found=True, reject_found=True, reject_first_layer=True, reject_works=True,
        consent_cookie="consentement", accepted="accepte", refused="refuse", after_accept=(GA,),
        accept_text="Tout accepter", reject_text="Tout refuser",
        note="« Personnaliser » shows only the strictly necessary cookies on, locked (a disabled checkbox)"),
    BannerSite(
        "https://retrait.exemple-consentement.fr/", None, None,
        accept_found=True, reject_found=True, reject_first_layer=True, reject_works=True,
        consent_cookie="consentement", accepted="accepte", refused="refuse", after_accept=(GA, FACEBOOK),
        accept_text="Tout accepter", reject_text="Tout refuser",
        note="the footer « Gérer mes cookies » reopens the banner; refusing there deletes _ga and _fbp"),
    BannerSite(
        "https://retrait-ignore.exemple-consentement.fr/", None, None,
        accept_found=True, reject_found=True, reject_first_layer=True, reject_works=True,
        consent_cookie="consentement", accepted="accepte", refused="refuse", after_accept=(GA,),
        accept_text="Tout accepter", reject_text="Tout refuser", withdrawal="keeps_tracking",
        note="a refusal after an acceptance is stored, but GA4 goes on loading and _ga stays"),
    BannerSite(
        "https://sans-retrait.exemple-consentement.fr/", None, None,
        accept_found=True, reject_found=True, reject_first_layer=True, reject_works=True,
        consent_cookie="consentement", accepted="accepte", refused="refuse", after_accept=(GA,),
        accept_text="Tout accepter", reject_text="Tout refuser", withdrawal="none",
        note="no « Gérer mes cookies » link nor icon: once chosen, the choice cannot be reopened"),
]
