"""The test world's legal notices read as an audit reads them: no field said missing that the
notice gives (« Fromagerie Lambert, SARL au capital de 10 000 € » names its publisher), and
the fields a notice really lacks still said missing."""
import pytest

from auditor.policy import extract_document
from auditor.policy.legal_notice import read_legal_notice
from tests.world import banners
from tests.world.sites import SITES, read_page, render

# what each notice of the world really lacks
REALLY_MISSING = {
    "www.imprimerie-paresseuse.fr": {"publisher_address", "publisher_phone", "publisher_email", "host_phone"},
    "www.patisserie-lente.fr": {"publisher_address", "publisher_phone", "publisher_email", "host_phone"},
    "www.piege-exemple.fr": {"publisher_phone", "publisher_email", "registration", "publication_director",
                             "host_name", "host_address", "host_phone"},
}
STATIC = sorted(p.name for p in SITES.iterdir() if (p / "mentions-legales.html").is_file())


def notice(html: str, host: str) -> dict:
    document = extract_document(html.encode("utf-8"), f"https://{host}/mentions-legales",
                                "text/html; charset=utf-8", kind_hints=("legal_notice",))
    return read_legal_notice([document])


@pytest.mark.parametrize("host", STATIC)
def test_static_sites(host):
    read = notice(render(host, *read_page(host, "/mentions-legales")), host)
    assert set(read["missing"]) == REALLY_MISSING.get(host, set()), read["fields"]
    assert read["fields"]["publisher_name"]
    # the world's company numbers are real-shaped: they pass their check digits
    assert read.get("registration_check", {"valid": True})["valid"] is True


@pytest.mark.parametrize("host", sorted(banners.SITE_NAMES))
def test_banner_sites_name_their_publisher_before_its_legal_form(host):
    read = notice(banners.render(host, *banners.PAGES["/mentions-legales"]), host)
    assert read["fields"]["publisher_name"] == banners.SITE_NAMES[host]
    assert read["fields"]["legal_form"] == "SARL"
    assert read["missing"] == []
    # the host's address is the host's, not the publisher's
    assert read["fields"]["publisher_address"] == "5 rue de la Paix, 44000 Nantes"
    assert read["fields"]["host_address"] == "2 rue Kellermann, 59100 Roubaix"
    assert read["registration_check"] == {"kind": "rcs", "valid": True}


def test_the_same_notice_without_its_details_is_said_incomplete():
    host = next(iter(banners.SITE_NAMES))
    html = banners.render(host, "Mentions légales", "<h1>Mentions légales</h1><p>{site}, SARL au "
                          "capital de 10 000 €. Hébergeur : OVH SAS, 2 rue Kellermann, 59100 Roubaix.</p>")
    read = notice(html, host)
    assert read["fields"]["publisher_name"] == banners.SITE_NAMES[host]
    assert set(read["missing"]) == {"publisher_address", "publisher_phone", "publisher_email",
                                    "registration", "publication_director", "host_phone"}


def test_the_belgian_banner_site_gives_a_belgian_notice():
    host = "mur.exemple-consentement.be"
    read = notice(banners.render(host, *banners.BELGIAN_NOTICE), host)
    assert read["missing"] == []
    assert read["fields"]["legal_form"] == "SRL" and read["fields"]["registration_court"] == "Liège"
    assert read["registration_check"] == {"kind": "bce", "valid": True}
