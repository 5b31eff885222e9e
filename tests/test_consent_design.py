"""The banner's design figures (auditor/consent/design.py, contrast.py) and the settings layer's
switches (switches.py), as pure functions of what the browser reported."""
import pytest

from auditor.consent.contrast import contrast_ratio, parse_colour
from auditor.consent.design import design_figures, looks_like_link, text_background
from auditor.consent.switches import read_switches, switch_kind


@pytest.mark.parametrize("text, background, ratio", [
    ("#777", "#fff", 4.48), ("rgb(0, 0, 0)", "rgb(255, 255, 255)", 21.0), ("#fff", "#fff", 1.0),
    ("rgb(255, 255, 255)", "rgb(0, 0, 255)", 8.59), ("#999", "#ffffff", 2.85), ("rgb(118, 118, 118)", "#fff", 4.54),
])
def test_wcag_contrast_of_known_pairs(text, background, ratio):
    assert contrast_ratio(text, background) == ratio
    assert contrast_ratio(background, text) == ratio


def test_a_translucent_text_is_composited_and_an_unknown_colour_gives_no_ratio():
    assert contrast_ratio("rgba(0, 0, 0, 0.5)", "#fff") == contrast_ratio("rgb(127.5, 127.5, 127.5)", "#fff") == 3.98
    assert contrast_ratio("oklch(0.5 0 0)", "#fff") is None
    assert contrast_ratio("#000", "rgba(255, 255, 255, 0.5)") is None   # a background not opaque
    assert parse_colour("rgb(10 20 30 / 50%)") == (10, 20, 30, 0.5)


def test_the_colour_behind_the_text_is_the_layers_composited():
    assert text_background(["rgb(230, 230, 230)"]) == "rgb(230, 230, 230)"
    # a half-transparent black control on a white card
    assert text_background(["rgba(0, 0, 0, 0.5)", "rgb(255, 255, 255)"]) == "rgb(128, 128, 128)"
    assert text_background(None) is None          # an image or a gradient on the way
    assert text_background(["rgba(0, 0, 0, 0.5)"]) is None   # no opaque layer under it


def control(label, role, *, tag="button", color="rgb(255, 255, 255)", behind=("rgb(36, 68, 92)",), boxed=True):
    return {"label": label, "role": role, "tag": tag, "area": 4000, "color": color, "behind": list(behind),
            "boxed": boxed}


def test_design_figures_of_a_grey_link_beside_a_blue_button():
    banner = {"controls": [control("Accepter et fermer", "accept", behind=["rgb(26, 95, 180)"]),
                           control("Refuser", "reject", tag="a", color="rgb(176, 176, 176)",
                                   behind=["rgb(230, 230, 230)"], boxed=False)]}
    layer = {"accept_found": True, "reject_first_layer": True, "reject_to_accept_area": 0.02}
    design = design_figures({"banner": banner, "first_layer": layer}, None, None)
    assert design["clicks_to_accept"] == 1 and design["clicks_to_reject"] == 1
    assert design["reject_is_link"] is True and design["reject_to_accept_area"] == 0.02
    assert design["reject_contrast"] == 1.74 and design["accept_contrast"] == 6.29
    assert design["cookie_wall"] is None and design["prechecked"] == []


def test_clicks_behind_the_settings_and_not_found():
    banner = {"controls": [control("Tout accepter", "accept"), control("Personnaliser", "settings")]}
    layer = {"accept_found": True, "reject_first_layer": False, "reject_hidden_until_settings": True}
    reject = {"performed": True, "method": "heuristic", "layers": 2}
    design = design_figures({"banner": banner, "first_layer": layer}, None, reject)
    assert design["clicks_to_reject"] == 2 and design["reject_is_link"] is None and design["reject_contrast"] is None
    nothing = design_figures({"banner": banner, "first_layer": {"accept_found": True}}, None,
                             {"performed": False, "layers": 1})
    assert nothing["clicks_to_reject"] is None
    assert design_figures({"banner": None}, None, None) is None


def test_a_link_drawn_as_a_button_is_no_link_and_a_bare_button_is():
    assert looks_like_link(control("Refuser", "reject", tag="a", boxed=True)) is False
    assert looks_like_link(control("Continuer sans accepter", "reject", boxed=False)) is True
    assert looks_like_link({"label": "Refuser", "tag": "a"}) is True   # an older report: by its tag
    both_links = {"controls": [control("OK", "accept", tag="a", boxed=False),
                               control("Non", "reject", tag="a", boxed=False)]}
    design = design_figures({"banner": both_links, "first_layer": {"accept_found": True, "reject_first_layer": True}},
                            None, None)
    assert design["reject_is_link"] is False   # a link against a link


@pytest.mark.parametrize("label, kind", [
    ("Cookies strictement nécessaires", "necessary"), ("Fonctionnement du site (toujours actif)", "necessary"),
    ("Strictly necessary cookies", "necessary"), ("Noodzakelijke cookies", "necessary"),
    ("Unbedingt erforderlich", "necessary"), ("Publicité personnalisée", "consent"),
    ("Mesure d’audience (Google Analytics)", "consent"), ("Marketing", "consent"),
    ("Intérêt légitime", "legitimate_interest"), ("Legitimate interest: measure ad performance", "legitimate_interest"),
    ("Gerechtvaardigd belang", "legitimate_interest"), ("Berechtigtes Interesse", "legitimate_interest"),
    ("Activer ou désactiver tous les services", "control"), ("Tout accepter", "control"),
])
def test_switch_kinds_by_their_words(label, kind):
    assert switch_kind(label) == kind


def test_a_pressed_pair_is_one_purpose_and_a_state_word_is_not_its_name():
    switches = read_switches([
        {"label": "Autoriser Facebook Pixel", "on": True, "via": "pressed"},
        {"label": "Interdire Facebook Pixel", "on": False, "via": "pressed"},
        {"label": "Interdire Google Analytics", "on": True, "via": "pressed"},   # refused: no switch on
        {"label": "Mesure d’audience désactivé", "on": False, "via": "checkbox"},
        {"label": "Mesure d’audience désactivé", "on": False, "via": "checkbox"},   # drawn twice
    ])
    assert switches == [
        {"label": "Facebook Pixel", "on": True, "locked": False, "kind": "consent"},
        {"label": "Interdire Facebook Pixel", "on": False, "locked": False, "kind": "control"},
        {"label": "Interdire Google Analytics", "on": True, "locked": False, "kind": "control"},
        {"label": "Mesure d’audience", "on": False, "locked": False, "kind": "consent"}]
