"""The site's own word: legal pages found, read and turned into claims with quotes.

Seeds: five real policies and legal notices of French and Belgian sites (shared/seeds);
test world: the French pages of tests/world/sites, rendered with their layout."""
from pathlib import Path

import pytest

from auditor.knowledge import Knowledge
from auditor.policy import (
    Document,
    declared_vendors,
    extract_document,
    fallback_paths,
    find_policy_links,
    read_site_documents,
)
from auditor.policy.contacts import emails, phones, registrations
from auditor.policy.durations import parse_lifetime, to_days
from tests.world.sites import read_page, render

# shared/ sits beside the project's checkout (or beside its worktrees' folder)
SEEDS = next((up / "shared" / "seeds" for up in Path(__file__).resolve().parents
              if (up / "shared" / "seeds").is_dir()), Path("shared/seeds"))

# Names a policy may use for each vendor, as the knowledge base will give them.
VENDORS = {
    "Google Analytics": ["Google Analytics", "GA4", "Universal Analytics"],
    "Google Ads": ["Google Ads", "AdWords"],
    "Google Maps": ["Google Maps"],
    "Meta Pixel": ["Facebook Pixel", "Meta Pixel", "pixel Facebook"],
    "Facebook": ["Facebook"], "Instagram": ["Instagram"], "Twitter": ["Twitter"],
    "LinkedIn": ["LinkedIn"], "AT Internet": ["AT Internet", "Piano Analytics"],
    "Amplitude": ["Amplitude"], "Chartbeat": ["Chartbeat"], "Weborama": ["Weborama"],
    "Eventbrite": ["Eventbrite"], "Mailchimp": ["Mailchimp"], "Salesforce": ["Salesforce"],
    "Crisp": ["Crisp"], "Brevo": ["Brevo", "Sendinblue"], "Hotjar": ["Hotjar"],
}


def seed(number: str) -> Document:
    path = next(SEEDS.glob(f"{number}_*.txt"))
    return Document.from_text(path.read_text("utf-8"), url=f"seed:{path.name}")


@pytest.fixture(scope="module")
def read():
    """Seeds read with the knowledge base's names for vendors, as an audit reads them."""
    cache = {}
    # with the trackerdb names an audit gives for trackers it saw (seed 000 names them)
    names = Knowledge.default().vendor_policy_names() | {
        name: [name] for name in ("Amplitude", "Chartbeat", "Weborama")}

    def reader(number):
        if number not in cache:
            cache[number] = read_site_documents([seed(number)], names)
        return cache[number]
    return reader


def world_page(host: str, path: str, hints=()) -> Document:
    html = render(host, *read_page(host, path))
    return extract_document(html.encode("utf-8"), f"https://{host}{path}",
                            "text/html; charset=utf-8", kind_hints=hints)


def lifetimes(policy, **where):
    return [e for e in policy["stated_lifetimes"] if all(e[k] == v for k, v in where.items())]


def quote(policy, claim):
    return " ".join(q["quote"] for q in policy["claim_quotes"].get(claim, []))


# --- seed 000: Plaine Images, legal notice and policy in one page ------------------------

def test_seed_000_legal_notice_fields(read):
    notice = read("000")["legal_notice"]
    fields = notice["fields"]
    assert fields["publisher_name"] == "PLAINE IMAGES SEM VILLE RENOUVELEE"
    assert fields["registration"] == "SIRET 318 697 208 001 28"
    assert "59200 Tourcoing" in fields["publisher_address"]
    assert fields["publisher_phone"] == "+33 (0)3 20 29 89 50"
    assert fields["publisher_email"] == "contact@www.plaine-images.fr"
    assert fields["publication_director"] == "Emmanuel Delamarre"
    assert fields["host_name"] == "OVH"
    assert fields["host_address"] == "2 rue Kellerman – 59100 Roubaix"
    assert notice["missing"] == ["host_phone"]
    assert "Website host: OVH" in notice["quotes"]["host_name"]["quote"]
    # the communications manager's address is not the publisher's
    assert "aminguet" not in fields["publisher_email"]


def test_seed_000_policy(read):
    policy = read("000")["policy"]
    assert policy["language"] == "en"
    # Twitter is X (Twitter), ATInternet is Piano Analytics: the service's own former names
    assert set(policy["declared_vendors"]) == {
        "Google", "Google Analytics", "Piano Analytics", "Amplitude", "Chartbeat", "Weborama",
        "Facebook", "X (Twitter)", "LinkedIn", "Eventbrite", "Mailchimp", "Salesforce"}
    # written "Sales Force" and "ATInternet" in the text
    matched = {v["vendor"]: v["matched"] for v in policy["vendor_mentions"]}
    assert matched["Salesforce"] == "Sales Force" and matched["Piano Analytics"] == "ATInternet"
    assert matched["X (Twitter)"] == "Twitter" and all(
        v["basis"] == "name" for v in policy["vendor_mentions"])
    # "Google Chrome", "Google +", "share buttons of Facebook, Twitter": the companies,
    # not their advertising services
    companies = {c["company"]: c for c in policy["company_mentions"]}
    assert companies["Google"]["companies"] == ["Google"]
    assert "Google Analytics" in companies["Google"]["candidates"]
    assert companies["Twitter"]["companies"] == ["X Corp."]
    assert companies["Twitter"]["candidates"] == ["X Ads"]
    assert companies["Facebook"]["companies"] == ["Meta"] and "Meta Pixel" in companies["Facebook"]["candidates"]
    claims = policy["claims"]
    assert claims["privacy_shield"] is True
    assert "comply with “Privacy Shield”" in quote(policy, "privacy_shield")
    # "We keep all your personal data within the EU. However ... other countries": undone
    assert claims["eu_only"] is False
    assert "other countries" in quote(policy, "eu_only_contradicted_by")
    assert claims["no_third_parties"] is True
    assert quote(policy, "no_third_parties") == \
        "PLAINE IMAGES undertakes not to pass on this data to third parties."
    assert claims["consent_required"] is True
    assert claims["dpo"] is False
    # "The data … collected by the cookies which you have authorised has a specific retention
    # period of 13 months": the data's retention, and the lifetime of those cookies
    assert [(r["subject"], r["days"]) for r in policy["retention_periods"]] == [("cookie data", 395)]
    [stated] = policy["stated_lifetimes"]
    assert (stated["subject"], stated["subject_kind"], stated["days"]) == ("cookies", "cookies", 395)
    assert "retention period of 13 months" in stated["quote"]
    elements = policy["elements"]
    assert "complaint to the CNIL" in elements["present"]["complaint"]["quote"]
    assert elements["missing"] == ["dpo_contact"]
    assert policy["controller"]["registration"] == "RCS 318 697 208"


# --- seed 001: promises without a controller ---------------------------------------------

def test_seed_001_claims_and_missing_elements(read):
    policy = read("001")["policy"]
    claims = policy["claims"]
    assert claims["no_third_parties"] is True
    assert "No communication to third parties" in quote(policy, "no_third_parties")
    assert claims["eu_only"] is True
    assert "not to transfer the personal data of its Users outside the European Union" in \
        quote(policy, "eu_only")
    assert claims["privacy_shield"] is False and claims["consent_required"] is False
    assert lifetimes(policy, subject="cookies") == [{
        "subject": "cookies", "subject_kind": "cookies", "days": 395, "session": False,
        "quote": policy["stated_lifetimes"][0]["quote"], "url": "seed:001_3f36cd461cdb2401.txt"}]
    assert "13 months maximum" in policy["stated_lifetimes"][0]["quote"]
    assert [(r["subject"], r["days"]) for r in policy["retention_periods"]] == [("data", 1095)]
    missing = policy["elements"]["missing"]
    assert {"controller_identity", "complaint", "withdraw_consent"} <= set(missing)
    assert policy["controller"] is None
    assert policy["declared_vendors"] == []
    assert read("001")["legal_notice"]["fields"] == {}   # "Publisher: the person who…" is a definition


# --- seed 002: a short statement with cookie lifetimes ------------------------------------

def test_seed_002_cookie_lifetimes(read):
    policy = read("002")["policy"]
    stated = {(e["subject"], e["days"], e["session"]) for e in policy["stated_lifetimes"]}
    assert stated == {("login cookie", 2, False), ("screen preference cookie", 365, False),
                      ("login cookie", 14, False), ("temporary cookie", 0, True)}
    remember = lifetimes(policy, days=14)[0]
    assert "“Remember me”" in remember["quote"]
    session = lifetimes(policy, session=True)[0]
    assert "when you close your browser" in session["quote"]
    # none of them speaks of all cookies: no general lifetime to hold every cookie to
    assert not lifetimes(policy, subject="cookies")


def test_seed_002_claims(read):
    policy = read("002")["policy"]
    assert policy["claims"]["eu_only"] is True
    assert quote(policy, "eu_only") == "No data is exported outside the European Union."
    assert policy["claims"]["can_refuse"] is True and policy["claims"]["refuse_on_site"] is True
    assert "notification" in quote(policy, "refuse_on_site")
    # "never … to a third party without your explicit and informed consent": not a promise of none
    assert policy["claims"]["no_third_parties"] is False
    assert policy["declared_vendors"] == ["PayPal"]


# --- seed 003: All Images ------------------------------------------------------------------

def test_seed_003(read):
    result = read("003")
    policy = result["policy"]
    assert set(policy["declared_vendors"]) == {"Google Analytics", "Crisp", "Brevo"}
    # SendInBlue is Brevo's former name: Brevo named outright; its chat only through the company
    sendinblue = next(v for v in policy["vendor_mentions"] if v["vendor"] == "Brevo")
    assert sendinblue["matched"] == "SendInBlue" and sendinblue["basis"] == "name"
    company = next(c for c in policy["company_mentions"] if c["company"].lower() == "sendinblue")
    assert company["companies"] == ["Brevo"] and company["candidates"] == ["Brevo Conversations"]
    assert [(c["subject"], c["days"]) for c in policy["consent_periods"]] == [("consent", 395)]
    assert "13 (thirteen) months" in policy["consent_periods"][0]["quote"]
    assert [(r["subject"], r["days"]) for r in policy["retention_periods"]] == [("data", 1826)]
    assert policy["stated_lifetimes"] == []   # the 13 months are the consent's, not a cookie's
    assert "CNIL" in policy["elements"]["present"]["complaint"]["quote"]
    assert policy["controller"]["name"] == "Morgan FUCHS"
    assert policy["claims"]["consent_required"] is True
    assert policy["claims"]["no_third_parties"] is False   # "without the user's knowledge"
    fields = result["legal_notice"]["fields"]
    assert fields["host_name"] == "Scaleway" and fields["host_country"] == "France"
    assert "Gravelines, France" in result["legal_notice"]["quotes"]["host_country"]["quote"]


# --- seed 004: Smartphoto, Belgian, in French ----------------------------------------------

def test_seed_004(read):
    policy = read("004")["policy"]
    assert policy["language"] == "fr"
    controller = policy["controller"]
    assert controller["name"] == "smartphoto group SA"
    assert controller["address"] == "Kwatrechtsteenweg 160, 9230 Wetteren, Belgique"
    assert controller["registration"] == "BCE 0405.706.755"
    assert policy["claims"]["dpo"] is True
    assert policy["elements"]["present"]["dpo_contact"]["value"] == "dpo.fr@smartphoto.com"
    assert set(policy["declared_vendors"]) == {"Google", "Facebook", "Instagram", "Meta Pixel"}
    # "Facebook … afin d'afficher nos publicités": the company, in a sentence about its ads
    pixel = next(v for v in policy["vendor_mentions"] if v["vendor"] == "Meta Pixel")
    assert pixel["basis"] == "company" and pixel["matched"] == "Facebook" and pixel["hint"] == "publicités"
    google = next(c for c in policy["company_mentions"] if c["company"] == "Google")
    assert google["company"] == "Google" and "Google Analytics" in google["candidates"]
    assert "via Google" in google["quote"]
    # "sans votre consentement, à l'exception…": no promise of "no third parties"
    assert policy["claims"]["no_third_parties"] is False
    assert {(r["days"]) for r in policy["retention_periods"]} == {730, 30}
    assert policy["stated_lifetimes"] == []   # cookies are in a separate cookie policy
    assert "autorité locale de protection" in policy["elements"]["present"]["complaint"]["quote"]
    assert policy["elements"]["missing"] == ["transfers"]


# --- the test world's French pages ---------------------------------------------------------

BOULANGERIE = "www.boulangerie-martin.fr"
CABINET = "www.cabinet-durand.fr"


def test_links_of_a_home_page():
    html = render(BOULANGERIE, *read_page(BOULANGERIE, "/"))
    links = find_policy_links(html, f"https://{BOULANGERIE}/")
    assert links["legal_notice"][0]["url"] == f"https://{BOULANGERIE}/mentions-legales"
    assert links["privacy_policy"][0]["url"] == f"https://{BOULANGERIE}/politique-de-confidentialite"
    assert links["cookie_policy"][0]["url"] == f"https://{BOULANGERIE}/cookies"
    assert links["legal_notice"][0]["where"] == "footer"
    assert set(links["legal_notice"][0]["matched_by"]) == {"text", "slug"}
    # the cabinet has no cookie page and none is invented
    cabinet = find_policy_links(render(CABINET, *read_page(CABINET, "/")), f"https://{CABINET}/")
    assert cabinet["cookie_policy"] == []


def test_links_in_a_banner_aria_label_and_title():
    html = """<body><main><a href="/nos-pains">Nos pains</a></main>
    <div id="didomi-notice" role="dialog"><p>Nous utilisons des cookies.
      <a href="/vie-privee#cookies">En savoir plus</a></p><button>Tout accepter</button></div>
    <footer><a href="/page-12" aria-label="Mentions légales du site">ML</a>
      <a href="/p/7" title="Privacy policy">Privacy</a>
      <a href="https://cmp.example.com/privacy">Politique de confidentialité</a></footer></body>"""
    links = find_policy_links(html, "https://www.exemple.fr/")
    assert links["legal_notice"][0]["url"] == "https://www.exemple.fr/page-12"
    assert links["legal_notice"][0]["matched_by"] == ["aria-label"]
    privacy = [e["url"] for e in links["privacy_policy"]]
    # the site's own page before another site's
    assert privacy.index("https://www.exemple.fr/p/7") < privacy.index("https://cmp.example.com/privacy")
    banner = [e for e in links["privacy_policy"] if e["where"] == "banner"]
    assert banner[0]["url"] == "https://www.exemple.fr/vie-privee"
    assert "banner_more_info" in banner[0]["matched_by"]
    assert find_policy_links("<p>Pas de lien</p>", "https://www.exemple.fr/") == {
        "legal_notice": [], "privacy_policy": [], "cookie_policy": []}
    assert "/mentions-legales" in fallback_paths() and "/cookies" in fallback_paths("cookie_policy")
    assert "/politique-de-confidentialite" in fallback_paths("privacy_policy")


def test_page_text_leaves_the_furniture_out():
    doc = world_page(BOULANGERIE, "/cookies")
    text = doc.text
    assert "Politique cookies" in text and "gtag" not in text and "fbq" not in text
    assert "Ouvert du mardi au samedi" not in text        # footer
    assert "Nos pains" not in text                        # navigation
    assert doc.language == "fr" and "cookie_policy" in doc.kinds
    assert doc.tables[0].rows[0] == ["Nom", "Finalité", "Durée de conservation"]


def test_boulangerie_pages():
    docs = [world_page(BOULANGERIE, "/mentions-legales", ["legal_notice"]),
            world_page(BOULANGERIE, "/politique-de-confidentialite", ["privacy_policy"]),
            world_page(BOULANGERIE, "/cookies", ["cookie_policy"])]
    result = read_site_documents(docs, VENDORS)
    notice = result["legal_notice"]
    assert notice["found"] is True and notice["missing"] == []
    assert notice["fields"] | {} == {**notice["fields"], **{
        "publisher_name": "SARL Boulangerie Martin",
        "publisher_address": "8 rue Mercière, 69002 Lyon, France",
        "publisher_phone": "04 65 71 12 34",
        "publisher_email": "contact@boulangerie-martin.fr",
        "registration": "RCS Lyon 812 345 676",
        "publication_director": "M. Jean Martin",
        "host_name": "OVH SAS",
        "host_address": "2 rue Kellermann, 59100 Roubaix, France",
        "host_phone": "09 72 10 10 07"}}
    policy = result["policy"]
    assert [(r["name"], r["days"], r["session"]) for r in policy["cookie_table"]] == [
        ("PHPSESSID", 0, True), ("_ga", 395, False), ("_ga_BOULANGE1", 395, False)]
    assert policy["cookie_table"][1]["purpose"] == "Google Analytics : distinguer les visiteurs"
    assert lifetimes(policy, subject="Google Analytics")[0]["days"] == 395
    assert lifetimes(policy, subject="_ga")[0]["from_table"] is True
    # "… et les données associées 14 mois": data, not a cookie
    assert ("Google Analytics data", 426) in {(r["subject"], r["days"]) for r in policy["retention_periods"]}
    assert policy["declared_vendors"] == ["Google Analytics"]
    assert policy["claims"]["data_privacy_framework"] is True
    assert policy["claims"]["eu_only"] is False and policy["claims"]["privacy_shield"] is False
    assert policy["elements"]["missing"] == ["dpo_contact", "withdraw_consent"]
    assert "CNIL" in policy["elements"]["present"]["complaint"]["quote"]
    assert policy["controller"]["name"] == "SARL Boulangerie Martin"


def test_cabinet_pages():
    docs = [world_page(CABINET, "/mentions-legales"), world_page(CABINET, "/politique-de-confidentialite")]
    result = read_site_documents(docs, VENDORS)
    fields = result["legal_notice"]["fields"]
    assert fields["publisher_name"] == "Cabinet Durand"
    assert fields["publication_director"] == "Maître Claire Durand"
    assert fields["registration"] == "RCS Paris 498 765 437"
    assert fields["host_phone"] == "09 72 10 10 07"
    assert fields["publisher_phone"] == "01 99 00 42 17"
    policy = result["policy"]
    stated = {(e["subject"], e["days"], e["session"]) for e in policy["stated_lifetimes"]}
    assert stated == {("PHPSESSID", 0, True), ("lang", 365, False)}
    assert [(r["subject"], r["days"]) for r in policy["retention_periods"]] == [("data", 1826)]
    assert policy["declared_vendors"] == [] and policy["cookie_table"] == []
    assert policy["claims"]["dpo"] is True
    assert policy["elements"]["present"]["dpo_contact"]["value"] == "dpo@cabinet-durand.fr"
    assert policy["controller"]["name"] == "Cabinet Durand"
    # no word of purposes, legal basis, recipients or transfers in this short policy
    assert {"purposes", "legal_basis", "recipients", "transfers"} <= set(policy["elements"]["missing"])
    # nothing claimed that it did not say
    assert not any(policy["claims"][c] for c in ("no_third_parties", "eu_only", "privacy_shield",
                                                 "consent_required"))


# --- pieces ---------------------------------------------------------------------------------

def test_durations_in_words_and_digits():
    assert to_days(13, "month") == 395 and to_days(1, "year") == 365 and to_days(25, "month") == 761
    cases = {"13 mois": 395, "treize mois": 395, "deux jours": 2, "two weeks": 14, "1 an": 365,
             "25 months": 761, "vingt-cinq mois": 761, "zwei Jahre": 730, "één jaar": 365,
             "dertien maanden": 395, "6 mois": 182, "30 minutes": 0.021}
    for text, days in cases.items():
        assert parse_lifetime(text) == (days, False), text
    assert parse_lifetime("Session") == (None, True)
    assert parse_lifetime("Fin de la session") == (None, True)
    assert parse_lifetime("Persistant") == (None, False)


def test_ages_and_deadlines_are_not_durations():
    doc = Document.from_text("Seuls les mineurs âgés de 15 ans ou plus peuvent consentir. "
                             "Nous répondons à toute demande dans un délai de 30 jours.")
    result = read_site_documents([doc], VENDORS)["policy"]
    assert result["stated_lifetimes"] == [] and result["retention_periods"] == []


def test_vendor_names_whole_words_and_any_mapping():
    doc = Document.from_text("Nous utilisons le pixel Facebook et Matomo. Le mot crispé ne compte pas. "
                             "Mesure d'audience : Google.")
    found = {v["vendor"]: v for v in declared_vendors(doc, {**VENDORS, "Matomo": ["Matomo", "Piwik"]})}
    assert set(found) == {"Meta Pixel", "Matomo", "Google Analytics"}
    assert found["Meta Pixel"]["matched"] == "pixel Facebook"   # not also "Facebook"
    assert found["Google Analytics"]["basis"] == "company"
    assert "Mesure d'audience" in found["Google Analytics"]["quote"]
    assert declared_vendors(doc, {}) == []


def test_privacy_shield_as_history_is_not_relied_on():
    doc = Document.from_text("Les transferts vers les États-Unis reposent sur le Data Privacy "
                             "Framework, qui remplace le Privacy Shield invalidé en 2020.")
    policy = read_site_documents([doc], VENDORS)["policy"]
    assert policy["claims"]["privacy_shield"] is False
    assert policy["claims"]["privacy_shield_mentioned"] is True
    assert policy["claims"]["data_privacy_framework"] is True


def test_contacts_obfuscated_and_belgian():
    assert [e.value for e in emails("Écrivez à jean.dupont[@]exemple.fr ou info (at) site (dot) be")] == [
        "jean.dupont@exemple.fr", "info@site.be"]
    assert [p.value for p in phones("Tél. : 09 123 45 67 – +32 2 512 34 56 – BCE 0405.706.755")] == [
        "09 123 45 67", "+32 2 512 34 56"]
    assert [r.value for r in registrations("KBO 0123.456.789, SIREN 123 456 789, RNA W751234567")] == [
        "BCE 0123.456.789", "SIREN 123 456 789", "RNA W751234567"]


def test_belgian_legal_notice():
    html = """<main><h1>Mentions légales</h1>
    <p>Éditeur : Chocolaterie Dubois SRL, Rue de la Loi 16, 1000 Bruxelles, Belgique.
    Numéro d'entreprise : 0712.345.678. Courriel : info[at]dubois.be. Tél. : 02 512 34 56.</p>
    <p>Hébergé par Combell NV, Skaldenstraat 121, 9042 Gent.</p></main>"""
    notice = read_site_documents([extract_document(html, "https://www.dubois.be/mentions-legales")],
                                 VENDORS)["legal_notice"]
    assert notice["fields"]["publisher_name"] == "Chocolaterie Dubois SRL"
    assert notice["fields"]["publisher_address"] == "Rue de la Loi 16, 1000 Bruxelles, Belgique"
    assert notice["fields"]["registration"] == "BCE 0712.345.678"
    assert notice["fields"]["publisher_email"] == "info@dubois.be"
    assert notice["fields"]["publisher_phone"] == "02 512 34 56"
    assert notice["fields"]["host_name"] == "Combell NV"
    assert notice["fields"]["host_address"] == "Skaldenstraat 121, 9042 Gent"
    assert set(notice["missing"]) == {"publication_director", "host_phone"}


# --- bad input: recorded with a reason, never a crash --------------------------------------

def test_bad_input_is_recorded_not_raised():
    empty = extract_document(b"", "https://x.fr/a", "text/html")
    assert empty.error == "the page is empty"
    broken_pdf = extract_document(b"%PDF-1.4 not really", "https://x.fr/b.pdf", "application/pdf")
    assert broken_pdf.error.startswith("the PDF could not be read")
    no_text = extract_document("<html><body><script>x()</script></body></html>", "https://x.fr/c")
    assert no_text.error == "the page has no text"
    italian = extract_document("<p>Questo sito utilizza cookie tecnici e di profilazione per "
                               "migliorare la tua esperienza di navigazione sul sito.</p>", "https://x.it/")
    assert italian.language is None and "(it)" in italian.language_reason
    result = read_site_documents([empty, broken_pdf, no_text, italian], VENDORS)
    reasons = {e["url"]: e["reason"] for e in result["policy"]["errors"]}
    assert set(reasons) == {"https://x.fr/a", "https://x.fr/b.pdf", "https://x.fr/c", "https://x.it/"}
    assert result["legal_notice"]["found"] is False
    # no notice read: nothing is said missing field by field (legal_notice.missing says it once)
    assert result["legal_notice"]["missing"] == []


def test_huge_page_is_cut():
    html = "<main>" + "<p>Les cookies de mesure d'audience durent 13 mois.</p>" * 40000 + "</main>"
    doc = extract_document(html, "https://x.fr/huge")
    assert doc.truncated is True and sum(len(b.text) for b in doc.blocks) <= 1_000_000


def test_a_real_pdf_of_the_test_world():
    pdf = (Path(__file__).parent / "world/sites/document.exemple-erreurs.fr/index.pdf").read_bytes()
    doc = extract_document(pdf, "https://document.exemple-erreurs.fr/", "application/pdf")
    assert doc.error is None and doc.content_type == "application/pdf" and doc.text.strip()
