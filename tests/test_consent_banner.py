"""The pure reading of consent banners: roles of controls, first layer, verification."""
import json

import pytest

from auditor.consent.banner import (
    controls_with_role,
    first_layer,
    pick_banner,
    public_banner,
    summarise_banner,
    verify_choice,
)
from auditor.consent.buttons import classify_label
from auditor.consent.choice import against_recommendation, choice_record


@pytest.mark.parametrize("label, role", [
    ("Tout accepter", "accept"), ("Accepter et fermer", "accept"), ("J’accepte", "accept"),
    ("Ça me va", "accept"), ("C'est bon", "accept"), ("Accepter →", "accept"),
    ("Accept all", "accept"), ("Alles accepteren", "accept"), ("Alle akzeptieren", "accept"),
    ("Tout refuser", "reject"), ("Continuer sans accepter", "reject"), ("Je refuse", "reject"),
    ("Non merci", "reject"), ("Refuser", "reject"), ("Reject all", "reject"),
    ("Alleen noodzakelijke", "reject"), ("Alle ablehnen", "reject"), ("Decline", "reject"),
    ("Personnaliser", "settings"), ("Paramétrer", "settings"), ("Gérer mes choix", "settings"),
    ("Manage preferences", "settings"), ("Einstellungen", "settings"),
    ("Show purposes", "settings"), ("Show details", "settings"),
    ("En savoir plus", None), ("Nos pains", None), ("", None), ("×", None), ("Close", None),
    ("Nous utilisons des cookies pour améliorer votre expérience et mesurer l'audience "
     "du site, vous pouvez accepter ou refuser", None),
])
def test_control_labels(label, role):
    assert classify_label(label) == role


@pytest.mark.parametrize("label", [
    "Do not accept", "I do not accept cookies", "I don't accept", "Je n'accepte pas",
    "Je n’accepte pas", "je naccepte pas", "Ne pas accepter", "Pas d'accord", "Niet akkoord",
    "Ik ga niet akkoord", "Nicht zustimmen", "Ich stimme nicht zu", "Continue without agreeing",
    "Disagree", "Weiter ohne Einwilligung", "Doorgaan zonder te accepteren", "Alles afwijzen",
])
def test_a_negated_acceptance_is_a_refusal(label):
    assert classify_label(label) == "reject"


@pytest.mark.parametrize("label, role", [
    ("Accept only essential cookies", "reject"), ("Allow essential cookies", "reject"),
    ("Use necessary cookies only", "reject"), ("Nur notwendige Cookies akzeptieren", "reject"),
    ("Accepter uniquement les cookies nécessaires", "reject"), ("Accept Necessary", "reject"),
    # "non-essential" is no "essential", and "all" keeps an acceptance whole.
    ("Accept non-essential cookies", "accept"), ("Accept optional cookies", "accept"),
    ("Refuser les cookies non essentiels", "reject"),
    # A category's name, not a button that chooses it.
    ("Cookies nécessaires", None), ("Necessary", None), ("Notwendig", None),
])
def test_only_essential_is_a_refusal(label, role):
    assert classify_label(label) == role


@pytest.mark.parametrize("label", [
    "Refuser et s'abonner", "Refuser et s’abonner", "Reject and pay", "Reject and subscribe",
    "Offre sans publicité", "2,99 €/mois", "Ablehnen und abonnieren", "Weigeren en abonneren",
])
def test_a_refusal_that_costs_is_a_wall_not_a_refusal(label):
    assert classify_label(label) == "wall"


@pytest.mark.parametrize("label, role", [
    ("Déjà abonné ? Se connecter", None), ("Already a subscriber? Log in", None),
    ("Accepter les cookies et continuer gratuitement", "accept"),
])
def test_subscribers_and_free_access_are_no_wall(label, role):
    assert classify_label(label) == role


@pytest.mark.parametrize("label", ["OK", "Ok", "Got it", "J'ai compris", "Jai compris",
                                   "Compris", "Understood", "Begrepen", "Verstanden", "OK 👍"])
def test_ok_acknowledges(label):
    assert classify_label(label) == "acknowledge"


@pytest.mark.parametrize("label", ["Accepter la sélection", "Allow selection", "Save preferences",
                                   "Enregistrer mes choix", "Auswahl erlauben",
                                   "Fermer les préférences", "Accept terms and conditions"])
def test_saving_a_selection_or_other_terms_is_not_accept_all(label):
    assert classify_label(label) is None


def banner(text, *controls, hidden=()):
    return {"text": text, "controls": [
        {"id": str(i), "label": label, "tag": tag, "area": area}
        for i, (label, tag, area) in enumerate(controls)], "hidden_controls": list(hidden)}


EQUAL = banner("Nous utilisons des cookies", ("Tout accepter", "button", 4000),
               ("Tout refuser", "button", 4000))
SETTINGS_ONLY = banner("Ce site utilise des cookies", ("Tout accepter", "button", 4000),
                       ("Personnaliser", "button", 4000), hidden=["Tout refuser"])
SMALL_LINK = banner("Cookies", ("J'accepte", "button", 6000),
                    ("Continuer sans accepter", "a", 900))


def test_first_layer_with_equal_choices():
    layer = first_layer(pick_banner([{"url": "https://a.fr/", "banners": [EQUAL]}]))
    assert layer["accept_found"] and layer["reject_first_layer"]
    assert layer["reject_to_accept_area"] == 1.0 and not layer["reject_is_link"]


def test_reject_hidden_behind_settings_is_not_first_layer():
    layer = first_layer(pick_banner([{"url": "https://a.fr/", "banners": [SETTINGS_ONLY]}]))
    assert layer["accept_found"] and layer["settings_found"]
    assert not layer["reject_first_layer"] and layer["reject_hidden_until_settings"]


def test_reject_as_a_small_link_is_on_the_first_layer_but_less_prominent():
    layer = first_layer(pick_banner([{"url": "https://a.fr/", "banners": [SMALL_LINK]}]))
    assert layer["reject_first_layer"] and layer["reject_is_link"]
    assert layer["reject_to_accept_area"] == 0.15


def test_the_banner_is_the_box_with_consent_controls():
    menu = banner("Menu cookies et gâteaux", ("Nos pains", "a", 100))
    picked = pick_banner([{"url": "https://a.fr/", "banners": [menu]},
                          {"url": "https://consent.a.fr/", "banners": [EQUAL]}])
    assert picked["frame_url"] == "https://consent.a.fr/"
    assert pick_banner([{"url": "https://a.fr/", "banners": [menu]}]) is None


def test_a_click_is_verified_by_its_effects():
    ok = verify_choice("reject", banner_before=EQUAL, banner_after=None,
                       cookies_set_after=["consentement"], storage_changed=[],
                       new_third_party_hosts=[])
    assert ok["verified"] and ok["reasons"] == []
    inert = verify_choice("reject", banner_before=EQUAL, banner_after=EQUAL,
                          cookies_set_after=[], storage_changed=[], new_third_party_hosts=[])
    assert not inert["verified"]
    assert "the banner is still shown after the click" in inert["reasons"]
    accept = verify_choice("accept", banner_before=EQUAL, banner_after=None,
                           cookies_set_after=[], storage_changed=[],
                           new_third_party_hosts=["www.googletagmanager.com"])
    assert accept["verified"]  # trackers held back now load
    gone_but_nothing = verify_choice("reject", banner_before=EQUAL, banner_after=None,
                                     cookies_set_after=[], storage_changed=[],
                                     new_third_party_hosts=[])
    assert not gone_but_nothing["verified"]


def test_banner_summary():
    initial = {"detected": True, "cmp": None, "banner": EQUAL,
               "first_layer": first_layer(pick_banner([{"banners": [EQUAL]}]))}
    accept = {"performed": True, "verified": True, "method": "heuristic", "cmp": None}
    reject = {"performed": True, "verified": False, "method": "heuristic", "cmp": None}
    summary = summarise_banner(initial, accept, reject)
    assert summary["detected"] and summary["accept_found"] and summary["reject_found"]
    assert summary["reject_first_layer"] is True
    assert summary["accept_verified"] is True and summary["reject_verified"] is False
    nothing = summarise_banner({"detected": False, "banner": None, "first_layer": None},
                               {"performed": False}, {"performed": False})
    assert nothing["detected"] is False and nothing["reject_first_layer"] is None
    assert nothing["accept_verified"] is None
    # Seen only by autoconsent (e.g. a closed shadow root): the first layer is unknown.
    only_rule = summarise_banner({"detected": True, "cmp": "didomi", "banner": None},
                                 {"performed": True, "verified": True, "cmp": "didomi",
                                  "method": "autoconsent:didomi"}, None)
    assert only_rule["cmp"] == "didomi" and only_rule["reject_first_layer"] is None
    assert only_rule["method"] == "autoconsent:didomi"


def test_after_the_click_a_banner_still_shown_is_given_time_to_go(monkeypatch):
    """Managers hide their banner with a CSS transition that settling does not wait for: the
    banner is looked at again until it has gone, BANNER_GONE_WAIT seconds at most."""
    import asyncio

    from auditor.consent import driver as driver_module

    banner = {"text": "Nous utilisons des cookies"}
    monkeypatch.setattr(driver_module, "pick_banner", lambda seen: seen)
    monkeypatch.setattr(driver_module, "DETECT_POLL", 0.01)

    def driver_seeing(*views):
        made = driver_module.ConsentDriver(None, None, banner_wait=1)
        views = list(views)

        async def scan(page):
            return views.pop(0) if len(views) > 1 else views[0]
        made.scan = scan
        return made

    leaving = driver_seeing(banner, banner, None)  # gone at the third look
    assert asyncio.run(leaving._banner_leaving(None, banner)) is None
    monkeypatch.setattr(driver_module, "BANNER_GONE_WAIT", 0.1)
    stuck = driver_seeing(banner)  # an inert button: still there when the wait ends
    assert asyncio.run(stuck._banner_leaving(None, banner)) == banner
    other = {"text": "Paramètres des cookies"}  # a second layer opened: not the same banner
    assert asyncio.run(driver_seeing(other)._banner_leaving(None, banner)) == other


def test_autoconsent_gets_the_rules_that_can_run_in_the_frame():
    from auditor.consent.autoconsent import AutoconsentAssets, site_pattern

    rules = [{"name": "didomi"},
             {"name": "airbnb", "runContext": {"urlPattern": r"^https?://(www\.)?airbnb\.de/"}},
             {"name": "onetrust", "runContext": {"main": True}},
             {"name": "odd", "runContext": {"urlPattern": "(?<site>nulle-part)"}}]  # JS only
    assets = AutoconsentAssets("", tuple((site_pattern(rule), json.dumps(rule)) for rule in rules))

    def names(url):
        message = json.loads(assets.init_response(url))
        assert message["type"] == "initResp" and message["config"]["autoAction"] is None
        return [rule["name"] for rule in message["rules"]["autoconsent"]]

    # Another site's rule is left out; one Python cannot read is kept, for autoconsent to judge.
    assert names("https://www.boulangerie-martin.fr/") == ["didomi", "onetrust", "odd"]
    assert names("https://www.airbnb.de/rooms/1") == ["didomi", "airbnb", "onetrust", "odd"]
    assert names(None) == ["didomi", "onetrust", "odd"]


def test_the_shipped_rules_for_one_site_are_a_fraction_of_all():
    from auditor.consent.autoconsent import AutoconsentAssets

    assets = AutoconsentAssets.find()
    if assets is None:
        pytest.skip("autoconsent is installed by scripts/bootstrap.sh")
    everywhere = [rule for pattern, rule in assets.rules if pattern is None]
    sent = json.loads(assets.init_response("https://www.boulangerie-martin.fr/"))
    assert len(sent["rules"]["autoconsent"]) == len(everywhere) < len(assets.rules) / 2
    # The managers French sites use are rules for every site (Cookiebot, OneTrust: code).
    assert {"axeptio", "didomi", "Sirdata", "tarteaucitron.js", "cookieyes"} <= {
        rule["name"] for rule in sent["rules"]["autoconsent"]}


def test_ok_beside_a_refusal_is_the_acceptance():
    ok_no = banner("Cookies", ("Non merci", "button", 3000), ("OK", "button", 3000), hidden=["OK"])
    picked = pick_banner([{"url": "https://a.fr/", "banners": [ok_no]}])
    ok = picked["controls"][1]
    assert (ok["meaning"], ok["role"]) == ("acknowledge", "accept")
    layer = first_layer(picked)
    assert layer["accept_found"] and layer["accept_labels"] == ["OK"]
    assert layer["reject_first_layer"] and not layer["acknowledge_only"]
    with_settings = banner("Cookies", ("J'ai compris", "button", 3000), ("Paramétrer", "a", 500))
    assert first_layer(pick_banner([{"banners": [with_settings]}]))["accept_labels"] == ["J'ai compris"]


def test_ok_on_a_banner_that_asks_nothing_is_not_consent():
    notice = banner("Ce site utilise des cookies.", ("OK", "button", 3000),
                    ("En savoir plus", "a", 400))
    picked = pick_banner([{"url": "https://a.fr/", "banners": [notice]}])
    assert picked is not None  # still the banner the visitor sees
    layer = first_layer(picked)
    assert not layer["accept_found"] and not layer["reject_first_layer"]
    assert layer["acknowledge_only"] and layer["acknowledge_labels"] == ["OK"]


def test_a_wall_is_recorded_and_never_taken_for_reject():
    wall = banner("Acceptez les cookies ou abonnez-vous", ("Accepter et continuer", "button", 4000),
                  ("Refuser et s'abonner", "button", 4000))
    picked = pick_banner([{"url": "https://a.fr/", "banners": [wall]}])
    assert controls_with_role(picked, "reject") == []
    layer = first_layer(picked)
    assert layer["wall_labels"] == ["Refuser et s'abonner"] and not layer["reject_first_layer"]
    assert public_banner(picked)["controls"][1]["role"] == "wall"
    newsletter = banner("Vie privée : lettre d'information", ("S'abonner", "button", 2000))
    assert pick_banner([{"url": "https://a.fr/", "banners": [newsletter]}]) is None


# --- how long the choice is kept (CNIL-6M) ------------------------------------------------------
def _action(cookies=(), storage=()):
    return {"performed": True, "verification": {"cookies_set_after": list(cookies),
                                                "storage_changed": list(storage)}}


def _cookie(name, days, **extra):
    return {"name": name, "lifetime_days": days, "stored_lifetime_days": min(days or 0, 400) or None,
            "session": days is None, "third_party": False, "tracker": None, **extra}


def test_the_choices_record_is_its_consent_cookie_not_a_tracker_set_with_it():
    cookies = [_cookie("_ga", 730, tracker={"name": "Google Analytics"}), _cookie("prefs", 30),
               _cookie("tarteaucitron", 365, purpose="consent")]
    record = choice_record(_action(["_ga", "prefs", "tarteaucitron"]), cookies, [])
    assert record == {"kind": "cookie", "name": "tarteaucitron", "days": 365, "stored_days": 365}
    assert against_recommendation(record) == "longer"


def test_a_choice_in_storage_or_not_recorded():
    storage = [{"kind": "sessionStorage", "key": "consentement", "third_party": False},
               {"kind": "localStorage", "key": "other", "third_party": False}]
    record = choice_record(_action(storage=["consentement"]), [], storage)
    assert record["kind"] == "sessionStorage" and against_recommendation(record) == "tab"
    assert against_recommendation(choice_record(_action(storage=["other"]), [], storage)) == "no_expiry"
    assert choice_record(_action(), [], []) is None
    assert choice_record({"performed": False}, [_cookie("consent", 180)], []) is None


@pytest.mark.parametrize("days, verdict", [
    (180, "about"), (182, "about"), (200, "about"), (90, "shorter"), (365, "longer"),
    (396, "over_ceiling"), (None, "session")])
def test_the_choices_life_against_six_months(days, verdict):
    assert against_recommendation({"kind": "cookie", "name": "c", "days": days}) == verdict
# --- withdrawal: which controls may reopen the choice (auditor/consent/withdrawal.py) ------------
def test_reopen_controls_are_ranked_and_policy_links_left_out():
    from auditor.consent.withdrawal import control_label, rank_reopen_controls

    scanned = [
        {"text": "Politique de cookies", "href": "/politique-de-cookies"},
        {"text": "Cookies", "href": "#"},
        {"text": "", "aria": "", "title": "", "alt": "Paramètres des cookies", "href": None},   # an icon
        {"text": "Gestion des cookies", "href": "/cookies"},
        {"text": "Cookie-Einstellungen", "href": "javascript:void(0)"},
        {"text": "Nos services", "href": "/services"},
        {"text": "Gérer mes cookies", "href": "#cookies"},
        {"text": "Gérer mes cookies", "href": "#cookies"},   # the same twice: tried once
    ]
    ranked = [control_label(c) for c in rank_reopen_controls(scanned)]
    assert ranked == ["Paramètres des cookies", "Cookie-Einstellungen", "Gérer mes cookies",
                      "Gestion des cookies", "Cookies"]


def test_nothing_to_withdraw_without_a_banner_or_an_acceptance():
    from auditor.consent.withdrawal import skip_reason

    assert skip_reason({"initial": {"banner_scan": {"detected": False}}, "accept": {}}) == "no_banner"
    assert skip_reason({"initial": {"banner_scan": {"detected": True}},
                        "accept": {"consent_action": {"performed": False}}}) == "accept_not_performed"
    assert skip_reason({"initial": {"banner_scan": {"detected": False}},   # only autoconsent saw it
                        "accept": {"consent_action": {"performed": True}}}) is None


def test_a_reopened_layer_offers_a_choice_or_a_save():
    from auditor.consent.withdrawal import pick_layer

    box = {"text": "Services que nous souhaitons utiliser : cookies", "controls": [
        {"id": "1", "label": "Fermer"}, {"id": "2", "label": "Enregistrer"}], "hidden_controls": []}
    assert pick_layer([{"url": "https://x.fr/", "banners": [box], "frame_index": 0}])["controls"][1]["label"] == "Enregistrer"
    newsletter = {**box, "controls": [{"id": "1", "label": "Fermer"}, {"id": "2", "label": "S'inscrire"}]}
    assert pick_layer([{"url": "https://x.fr/", "banners": [newsletter], "frame_index": 0}]) is None
