"""How the legal-notice reader reads (auditor/policy/legal_notice.py): by sections and legal
forms, across a site's notices in several languages, and missing only what a read notice lacks."""
from auditor.policy import Document
from auditor.policy.html_text import document_from_html
from auditor.policy.legal_notice import read_legal_notice


def notice(text, url="https://exemple.be/mentions-legales", html=False):
    if html:
        return document_from_html(text, url, kind_hints=("legal_notice",))
    return Document.from_text(text, url=url, kind_hints=("legal_notice",))


def test_the_name_before_its_legal_form_is_the_publisher():
    read = read_legal_notice([notice("Mentions légales\n\nFromagerie Lambert, SARL au capital de 10 000 €. "
                                     "Hébergeur : OVH SAS, 2 rue Kellermann, 59100 Roubaix.")])
    assert read["fields"]["publisher_name"] == "Fromagerie Lambert"
    assert read["fields"]["legal_form"] == "SARL"
    # the host's address is the host's, not the publisher's
    assert "publisher_address" in read["missing"]
    assert read["fields"]["host_address"] == "2 rue Kellermann, 59100 Roubaix"


def test_a_field_given_in_one_language_counts_for_all():
    fr = notice("Mentions légales\n\nÉditeur : Brasserie Delval SRL, Rue du Commerce 42, 5000 Namur. "
                "Numéro d'entreprise : BE 0579.483.443")
    nl = notice("Wettelijke vermeldingen\n\nUitgever: Brasserie Delval SRL\nE-mail: info@delval.be",
                url="https://exemple.be/nl/wettelijke-vermeldingen")
    alone = read_legal_notice([fr])
    both = read_legal_notice([fr, nl])
    assert "publisher_email" in alone["missing"]
    assert both["fields"]["publisher_email"] == "info@delval.be"
    assert "publisher_email" not in both["missing"]
    assert both["fields"]["registration"] == "BCE BE 0579.483.443"


def test_nothing_is_said_missing_field_by_field_when_no_notice_was_read():
    policy = Document.from_text("Politique de confidentialité. Le site est hébergé par OVH SAS.",
                                url="https://exemple.fr/confidentialite", kind_hints=("privacy_policy",))
    read = read_legal_notice([policy])
    assert read["found"] is False and read["missing"] == []
    assert read["fields"]["host_name"] == "OVH SAS"


def test_a_definition_list_and_a_table_are_read_label_by_value():
    dl = notice("<h1>Mentions légales</h1><dl><dt>Raison sociale</dt><dd>Menuiserie Aubry</dd>"
                "<dt>Forme juridique</dt><dd>EURL</dd><dt>Hébergeur</dt><dd>o2switch, Chemin des Pardiaux, "
                "63000 Clermont-Ferrand</dd></dl>", html=True)
    read = read_legal_notice([dl])
    assert read["fields"]["publisher_name"] == "Menuiserie Aubry"
    assert read["fields"]["legal_form"] == "EURL"
    assert read["fields"]["host_name"] == "o2switch"
    assert read["fields"]["host_address"] == "Chemin des Pardiaux, 63000 Clermont-Ferrand"


def test_a_publisher_hosting_its_own_site_is_its_host():
    read = read_legal_notice([notice(
        "Éditeur\nDépartement de la Haute-Vienne\n43 avenue de la Libération\n87031 Limoges Cedex 1\n"
        "Hébergement\nLe site est hébergé en interne par le Département, à l'adresse ci-dessus.")])
    assert read["fields"]["host_name"] == read["fields"]["publisher_name"] == "Département de la Haute-Vienne"
    assert read["fields"]["host_address"] == "43 avenue de la Libération 87031 Limoges Cedex 1"
    assert read["fields"]["legal_form"] == "collectivité territoriale"


def test_the_cnil_and_a_web_agency_are_no_party():
    read = read_legal_notice([notice(
        "Éditeur : Atelier Brun SARL, 3 rue Neuve, 69002 Lyon. Le site a été conçu par l'agence Pixel, "
        "18 quai de la Fosse, 44000 Nantes, 02 40 35 60 60.\nHébergeur : OVH SAS.\nVous pouvez saisir la "
        "CNIL, 3 place de Fontenoy, 75007 Paris, tél. 01 53 73 22 22.")])
    assert read["fields"]["publisher_address"] == "3 rue Neuve, 69002 Lyon"
    assert "publisher_phone" in read["missing"] and "host_address" in read["missing"]


def test_the_belgian_editeur_responsable_is_the_director():
    read = read_legal_notice([notice("Informations légales\n\nCiné-Club du Condroz ASBL, Place Roi Baudouin 4, "
                                     "4560 Clavier. Numéro d'entreprise : 0408.557.565 RPM Liège\n\n"
                                     "Éditeur responsable : Marc Dethier, président")])
    assert read["fields"]["publisher_name"] == "Ciné-Club du Condroz ASBL"
    assert read["fields"]["legal_form"] == "ASBL"
    assert read["fields"]["publication_director"] == "Marc Dethier"
    assert read["fields"]["registration_court"] == "Liège"
    assert read["registration_check"] == {"kind": "bce", "valid": True}
