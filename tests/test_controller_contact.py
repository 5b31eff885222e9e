"""The controller's contact and identity (GDPR art. 13(1)(a), auditor/policy/elements.py) are
never what the page says of its host, of the data protection authority or of a vendor
(auditor/policy/parties.py); the publisher's own details, given beside them, are kept."""
from __future__ import annotations

import pytest

from auditor.policy import Document, data, extract_document, parties
from auditor.policy.elements import read_elements
from tests.accuracy.policies import SEEDS

# the demo world's legal notice (tests/world/banners.py), whose host's address was read as
# the controller's contact
DEMO = "Librairie des Quais, SARL au capital de 10 000 €. Hébergeur : OVH SAS, 2 rue Kellermann, 59100 Roubaix."


def _read(text: str, kind: str = "legal_notice"):
    present, _missing, controller = read_elements([Document.from_text(text, url="https://x.test/", kind_hints=(kind,))])
    return (present.get("controller_contact") or {}).get("value"), controller


def _html(html: str, kind: str = "legal_notice"):
    document = extract_document(html.encode(), "https://x.test/", "text/html; charset=utf-8", kind_hints=(kind,))
    present, _missing, controller = read_elements([document])
    return (present.get("controller_contact") or {}).get("value"), controller


@pytest.mark.parametrize("text", [
    DEMO,
    "Ce site est hébergé par OVH SAS, 2 rue Kellermann, 59100 Roubaix, 1007.",
    "The site is hosted by OVH SAS, 2 rue Kellermann, 59100 Roubaix, France.",
    "Hosting: Nuage Vert SAS, 14 rue des Serveurs, 59000 Lille",
    "Hébergement :\nNuage Vert SAS\n14 rue des Serveurs, 59000 Lille\nTéléphone : 03 20 00 11 22",
    "Deze website wordt gehost door Serverpark Vlaanderen NV, Industrieweg 12, 9000 Gent.",
    "Vous pouvez saisir la CNIL, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07.",
    "Une plainte peut être introduite auprès de l'Autorité de protection des données, rue de la Presse 35, 1000 Bruxelles.",
])
def test_a_page_whose_only_address_is_someone_elses_has_no_controller_contact(text):
    assert _read(text) == (None, None)


@pytest.mark.parametrize("text, contact", [
    (DEMO.replace("10 000 €.", "10 000 €, 12 quai Voltaire, 75007 Paris."), "12 quai Voltaire, 75007 Paris"),
    ("Hébergeur : OVH SAS, 2 rue Kellermann, 59100 Roubaix\nÉditeur : Mme Claire Dufresne, 18 allée des Tilleuls, "
     "44300 Nantes", "18 allée des Tilleuls, 44300 Nantes"),
    ("Le site est édité par Vélos Martin SAS, 31 quai des Chartrons, 33000 Bordeaux, et hébergé par OVH SAS, "
     "2 rue Kellermann, 59100 Roubaix.", "31 quai des Chartrons, 33000 Bordeaux"),
    ("Vous pouvez saisir la CNIL ou nous écrire au 7 impasse des Artisans, 31390 Carbonne.",
     "7 impasse des Artisans, 31390 Carbonne"),
    ("Hébergement :\nNuage Vert SAS\n14 rue des Serveurs, 59000 Lille\n\nContact : accueil@gite-des-sources.fr",
     "accueil@gite-des-sources.fr"),
])
def test_the_publishers_own_address_beside_the_hosts_is_kept(text, contact):
    assert _read(text)[0] == contact


def test_a_host_section_under_its_heading_is_the_hosts():
    page = ("<h1>Mentions légales</h1><h2>Éditeur</h2><p>Fromagerie Lacombe SAS<br>Tél. : 05 65 12 34 56</p>"
            "<h2>Hébergement</h2><p>Nuage Vert SAS<br>14 rue des Serveurs, 59000 Lille<br>Téléphone : 03 20 00 11 22</p>")
    assert _html(page)[0] == "05 65 12 34 56"
    host_only = page.replace("<br>Tél. : 05 65 12 34 56", "")
    assert _html(host_only)[0] is None
    # a section of both is not said of the host alone
    both = "<h2>Éditeur et hébergeur</h2><p>Fromagerie Lacombe SAS, 7 place du Marché, 12000 Rodez</p>"
    assert _html(both)[0] == "7 place du Marché, 12000 Rodez"


def test_a_vendor_that_calls_itself_controller_is_not_the_sites_controller():
    text = ("Google Ireland Limited, Gordon House, Barrow Street, Dublin 4, Irlande, agit en qualité de responsable "
            "du traitement pour ses propres finalités.\n\nLe responsable du traitement est le Cabinet Lemoine, "
            "5 place du Marché, 35000 Rennes.")
    contact, controller = _read(text, "privacy_policy")
    assert controller["name"] == "Cabinet Lemoine" and controller["address"] == "5 place du Marché, 35000 Rennes"
    vendor_only = text.split("\n\n")[0]
    assert _read(vendor_only, "privacy_policy") == (None, None)


def test_the_controller_named_under_a_heading():
    page = ("<h2>Qui est responsable du traitement ?</h2>"
            "<p>Boulangerie Verhaegen SRL, Chaussée de Waterloo 512, 1050 Ixelles – BCE 0412.345.614</p>")
    contact, controller = _html(page, "privacy_policy")
    assert controller["name"] == "Boulangerie Verhaegen SRL"
    assert controller["address"] == contact == "Chaussée de Waterloo 512, 1050 Ixelles"


def test_the_dpo_contact_is_not_the_authoritys():
    text = ("Notre délégué à la protection des données veille au respect du RGPD. Vous pouvez aussi saisir la CNIL, "
            "3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07.")
    present, _missing, _controller = read_elements([Document.from_text(text, kind_hints=("privacy_policy",))])
    assert "dpo_contact" not in present
    with_mail = text + " Le DPO répond à dpo@exemple.fr."
    present, _missing, _controller = read_elements([Document.from_text(with_mail, kind_hints=("privacy_policy",))])
    assert present["dpo_contact"]["value"] == "dpo@exemple.fr"


def test_the_host_words_are_the_legal_notice_readers(monkeypatch):
    # one list of the host's words, legal_notice.yaml roles.host: a word added there is honoured here
    text = "Serveurs fournis par Nuage Vert SAS, 14 rue des Serveurs, 59000 Lille."
    assert _read(text)[0] == "14 rue des Serveurs, 59000 Lille"
    legal = data.legal()
    roles = {**legal["roles"], "host": {**legal["roles"]["host"],
                                        "inline": [*legal["roles"]["host"]["inline"], "serveurs fournis par"]}}
    monkeypatch.setattr(data, "legal", lambda: {**legal, "roles": roles})
    parties._rx.cache_clear()
    try:
        assert _read(text)[0] is None
    finally:
        monkeypatch.undo()
        parties._rx.cache_clear()


@pytest.mark.skipif(SEEDS is None, reason="the seeds sit in shared/, beside the checkout")
def test_the_seeds_with_a_host_keep_the_publishers_details():
    seed = Document.from_text(next(SEEDS.glob("000_*.txt")).read_text("utf-8"), kind_hints=("privacy_policy",))
    present, _missing, controller = read_elements([seed])
    assert present["controller_contact"]["value"] == "99A boulevard Descat 59200 Tourcoing"   # not OVH's Roubaix
    assert controller["name"] == "SEM Ville renouvelée"
    scaleway = Document.from_text(next(SEEDS.glob("003_*.txt")).read_text("utf-8"), kind_hints=("privacy_policy",))
    assert read_elements([scaleway])[2]["name"] == "Morgan FUCHS"
