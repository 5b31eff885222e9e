"""legal_notice.missing_field judged on each jurisdiction's own fields: a Belgian company's
notice on CSA art. 2:20 / CDE III.74 (legal form, e-mail; no publication director, no host),
a French one on LCEN art. 1-1 (no legal form). Reports are built by hand, as the legal-notice
reader gives them (fields, missing, found)."""
from __future__ import annotations

from auditor.rules.catalogue import rule_spec
from reports.i18n.wording import finding_message, fix_text
from tests.test_rules import found, site

BE_COMPANY = {"publisher_name": "Brasserie Delval", "legal_form": "SRL",
              "publisher_address": "Rue du Commerce 42, 5000 Namur", "publisher_email": "info@delval.be",
              "publisher_phone": "081 22 45 67", "registration": "0579.483.443",
              "registration_court": "Namur"}


def _notice(missing: list[str], fields: dict | None = None) -> dict:
    fields = {k: v for k, v in (fields or BE_COMPANY).items() if k not in missing}
    return {"fields": fields, "missing": missing, "quotes": {}, "found": True}


def _missing_fields(notice: dict, jurisdiction: str) -> dict[str, str]:
    return {f["subject"]: f["severity"]
            for f in found(site(notice=notice, jurisdiction=jurisdiction), "legal_notice.missing_field")}


def test_a_belgian_notice_without_its_legal_form_is_reported():
    assert _missing_fields(_notice(["legal_form"]), "BE") == {"legal_form": "medium"}


def test_a_french_notice_without_a_legal_form_is_not():
    fr = _notice(["legal_form", "publication_director"],
                 {"publisher_name": "Librairie des Quais", "publisher_address": "12 quai Voltaire, 75007 Paris",
                  "registration": "RCS Paris 732 829 320", "host_name": "OVH SAS"})
    assert _missing_fields(fr, "FR") == {"publication_director": "low"}


def test_a_belgian_notice_that_gives_its_legal_form_is_silent():
    assert _missing_fields(_notice([]), "BE") == {}


def test_a_belgian_notice_is_never_asked_for_a_director_or_a_host():
    # the reader lists what it did not find, whatever the site's country
    notice = _notice(["publication_director", "host_name", "host_address", "host_phone"])
    assert _missing_fields(notice, "BE") == {}
    assert set(_missing_fields(notice, "FR")) == {"publication_director", "host_name", "host_address", "host_phone"}


def test_a_belgian_notice_without_an_email_is_a_medium_finding_a_french_one_low():
    notice = _notice(["publisher_email"])
    assert _missing_fields(notice, "BE") == {"publisher_email": "medium"}
    assert _missing_fields(notice, "FR") == {"publisher_email": "low"}


def test_every_field_with_no_duty_somewhere_says_so_in_the_catalogue():
    fields = rule_spec("legal_notice.missing_field")["fields"]
    assert fields["legal_form"] == {"FR": None, "BE": "medium"}
    for name in ("publication_director", "host_name", "host_address", "host_phone"):
        assert fields[name]["BE"] is None and fields[name]["FR"]


def test_the_legal_form_is_worded_in_both_languages():
    params = {"field": "legal_form", "jurisdiction": "BE"}
    finding = {"message_id": "legal_notice.missing_field", "params": params}
    assert finding_message(finding, "en") == "The legal notice does not give the company's legal form (SRL, SA, ASBL...)."
    assert finding_message(finding, "fr") == ("Les mentions légales n’indiquent pas la forme juridique de "
                                              "l’entreprise (SRL, SA, ASBL…).")
    assert "forme juridique" in fix_text(finding, "fr")


def test_the_reports_legal_pages_list_only_what_the_sites_law_asks_for():
    from reports.i18n import Translator
    from reports.views.site import pages_view

    notice = _notice(["legal_form", "publication_director", "host_name"])
    notice["fields"]["registration_court"] = "Namur"
    t = Translator("fr")
    be = pages_view({"pages": {}, "legal_notice": notice, "jurisdiction": "BE", "findings": []}, t)
    assert be["missing"] == ["Forme juridique"]
    assert {"label": "Tribunal de l’entreprise (RPM)", "value": "Namur"} in be["fields"]
    assert {"label": "Forme juridique", "value": "SRL"} not in be["fields"]   # it is the one missing
    fr = pages_view({"pages": {}, "legal_notice": notice, "jurisdiction": "FR", "findings": []}, t)
    assert fr["missing"] == ["Directeur de la publication", "Nom de l’hébergeur"]
