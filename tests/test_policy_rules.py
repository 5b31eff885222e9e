"""The policy's own words held against what the site does, from text to finding: a lifetime
said of a kind of cookie ("the login cookie", « les cookies de mesure d'audience ») against the
cookies it describes, and vendors named under another of their names (Twitter, SendInBlue,
Facebook for Meta). Policies are read by the reader with the knowledge base's names, then
judged on small hand-built reports (tests/test_rules.py's helpers)."""
from __future__ import annotations

import pytest

from auditor.knowledge import Knowledge
from auditor.policy import Document, read_site_documents
from tests.test_policy import seed
from tests.test_rules import GA, META, SITE, cookie, found, phase, policy, site

X = {"name": "X (Twitter)", "company": "X Corp.", "country": "US", "category": "social_media",
     "vendor_id": "twitter"}
BREVO = {"name": "Brevo", "company": "Brevo", "country": "FR", "category": "advertising", "vendor_id": "brevo"}
INSTAGRAM = {"name": "Instagram", "company": "Meta", "country": "US", "category": "social_media",
             "vendor_id": "instagram"}
PIANO = {"name": "Piano Analytics", "company": "Piano (AT Internet)", "country": "FR", "category": "analytics",
         "vendor_id": "piano_analytics"}


@pytest.fixture(scope="module")
def names():
    return Knowledge.default().vendor_policy_names()


def read(text: str, names) -> dict:
    return read_site_documents([Document.from_text(text, url=SITE + "confidentialite")], names)["policy"]


def lifetime_findings(pol: dict, *cookies) -> list[dict]:
    return found(site(phase(list(cookies)), pol=pol), "cookie.lifetime_exceeds_policy")


LOGIN = cookie("wordpress_logged_in_3f2a", None, exempt=True, days=30, category="essential")


# --- cookie.lifetime_exceeds_policy on a described cookie ---------------------------------
def test_a_login_cookie_outliving_what_the_policy_says_of_login_cookies(names):
    pol = read("Cookies. Le cookie de connexion est conservé deux jours.", names)
    [finding] = lifetime_findings(pol, LOGIN)
    params = finding["params"]
    assert finding["subject"] == "wordpress_logged_in_3f2a" and params["level"] == "description"
    assert (params["subject"], params["matched_by"], params["matched"]) == ("cookie de connexion", "name", "logged")
    assert params["described_kind"] == "authentication" and params["stated_days"] == 2
    assert finding["evidence"][0]["described_by"] == {"kind": "authentication", "by": "name", "value": "logged"}
    assert "« cookie de connexion »" in finding["message"] and "par son nom" in finding["message"]
    [english] = found(site(phase([LOGIN]), pol=pol), "cookie.lifetime_exceeds_policy", language="en")
    assert 'what it calls "cookie de connexion"' in english["message"] and "by its name" in english["message"]


def test_a_login_cookie_within_its_stated_lifetime_is_silent(names):
    pol = read("Cookies. Le cookie de connexion est conservé deux jours.", names)
    assert lifetime_findings(pol, {**LOGIN, "lifetime_days": 2}) == []


def test_a_description_that_fits_no_cookie_is_silent(names):
    # a login cookie's lifetime says nothing of Google Analytics, nor of a language cookie
    pol = read("Cookies. Le cookie de connexion est conservé deux jours.", names)
    lang = cookie("lang", None, exempt=True, days=365, category="functional")
    assert lifetime_findings(pol, cookie("_ga", GA, days=730), lang) == []
    # nor does a tracker's cookie become a login cookie because its name holds "Session"
    hotjar = {"name": "Hotjar", "company": "Hotjar", "country": "MT", "category": "session_recording"}
    assert lifetime_findings(pol, {**cookie("_hjSessionUser_1", hotjar, days=365), "purpose": "tracking"}) == []


def test_audience_cookies_said_to_last_13_months_against_ga_at_two_years(names):
    pol = read("Les cookies de mesure d'audience ont une durée de vie de 13 mois.", names)
    ga = {**cookie("_ga", GA, days=730), "purpose": "tracking"}
    [finding] = lifetime_findings(pol, ga)
    assert finding["params"]["matched_by"] == "category" and finding["params"]["stated_days"] == 395
    assert "catégorie de son traceur" in finding["message"]
    assert lifetime_findings(pol, {**ga, "lifetime_days": 390}) == []


def test_cart_cookie_and_a_session_said_in_words(names):
    pol = read("Le cookie de votre panier est supprimé à la fermeture du navigateur.", names)
    [stated] = pol["stated_lifetimes"]
    assert stated["session"] is True and stated["subject_kind"] == "description"
    cart = {**cookie("cart_token", None, exempt=True, days=14, category="essential"), "purpose": "cart"}
    [finding] = lifetime_findings(pol, cart)
    assert finding["params"]["matched_by"] == "purpose" and finding["params"]["session"] is True
    assert lifetime_findings(pol, {**cart, "session": True, "lifetime_days": None}) == []


def test_seed_002_login_cookie_against_a_login_cookie_of_a_month(names):
    pol = read_site_documents([seed("002")], names)["policy"]
    [finding] = lifetime_findings(pol, LOGIN)
    # "Remember me": two weeks, the most lenient of what it says of login cookies
    assert finding["params"]["subject"] == "login cookie" and finding["params"]["stated_days"] == 14
    assert lifetime_findings(pol, {**LOGIN, "lifetime_days": 14}) == []


def test_seed_000_cookie_data_kept_13_months_against_ga_at_two_years(names):
    pol = read_site_documents([seed("000")], names)["policy"]
    [finding] = lifetime_findings(pol, cookie("_ga", GA, days=730))
    assert finding["params"]["level"] == "cookies" and finding["params"]["stated_days"] == 395
    assert lifetime_findings(pol, cookie("_ga", GA, days=395)) == []


def test_data_kept_five_years_says_nothing_of_cookies(names):
    pol = read("Nous utilisons des cookies. Vos données sont conservées 5 ans après votre dernière commande.", names)
    assert pol["stated_lifetimes"] == [] and [r["days"] for r in pol["retention_periods"]] == [1826]
    assert lifetime_findings(pol, cookie("_ga", GA, days=730)) == []


# --- policy.undeclared_tracker under another name ------------------------------------------
def undeclared(pol: dict, *cookies) -> list[dict]:
    return found(site(phase(list(cookies)), pol=pol), "policy.undeclared_tracker")


def test_twitter_named_declares_x_twitter(names):
    guid = cookie("guest_id", X, days=395, third_party=True, domain=".x.com")
    pol = read("Nous intégrons des boutons de partage Twitter sur nos articles.", names)
    assert "X (Twitter)" in pol["declared_vendors"]
    assert undeclared(pol, guid) == []
    # named nowhere: the full finding
    [finding] = undeclared(read("Nous utilisons des cookies de partage.", names), guid)
    assert finding["subject"] == "X (Twitter)" and finding["severity"] == "medium"


def test_sendinblue_named_declares_brevo(names):
    brevo = cookie("sib_cuid", BREVO, days=180)
    pol = read("Nos lettres d'information sont envoyées avec SendInBlue.", names)
    assert undeclared(pol, brevo) == []
    assert [f["severity"] for f in undeclared(read("Nos lettres sont envoyées par un prestataire.", names),
                                              brevo)] == ["medium"]


def test_at_internet_named_declares_piano_analytics(names):
    piano = cookie("_pcid", PIANO, days=395)
    assert undeclared(read("Mesure d'audience : nous utilisons Xiti d'AT Internet.", names), piano) == []


def test_a_rebranded_company_name_is_a_company_mention_at_low_severity(names):
    # "Facebook" names Meta, not Instagram: the weaker finding, quoting the sentence
    pol = read("Suivez-nous sur Facebook.", names)
    [finding] = undeclared(pol, cookie("ig_did", INSTAGRAM, days=365, third_party=True))
    assert finding["subject"] == "Instagram" and finding["severity"] == "low"
    assert finding["params"]["company"] == "Facebook" and "Suivez-nous sur Facebook." in finding["message"]
    # and "Meta Platforms Ireland" for the Meta Pixel
    pol = read("Vos données peuvent être partagées avec Meta Platforms Ireland.", names)
    [finding] = undeclared(pol, cookie("_fbp", META, days=90))
    assert finding["severity"] == "low" and finding["params"]["company"] == "Meta Platforms Ireland"


def test_a_company_name_in_a_sentence_about_its_service_declares_it(names):
    pol = read("Facebook nous permet de mesurer l'efficacité de nos publicités.", names)
    assert undeclared(pol, cookie("_fbp", META, days=90)) == []


def test_trackerdb_organisation_name_counts_as_the_company(names):
    # a trackerdb tracker carries its organisation's name as its company
    yandex = {"name": "Yandex.Metrika", "company": "Yandex", "country": "RU", "category": "analytics"}
    pol = policy(company_mentions=[{"company": "Yandex", "companies": [], "candidates": [],
                                    "quote": "Nous utilisons des outils de Yandex.", "url": SITE}])
    [finding] = undeclared(pol, cookie("_ym_uid", yandex, days=365))
    assert finding["severity"] == "low"
