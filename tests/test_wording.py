"""Findings in words (reports/i18n/wording.py, findings/en.yaml and its French in the gettext
catalogue): every message code of every rule, in every variant, is worded in English and in
French and fills every placeholder; the French holds no English sentence of the catalogue and
the reverse; a judged finding's params alone give back its message, in either language; the
HTML report words a finding in its own language when it can."""
from __future__ import annotations

import copy
import json
import re

import pytest

from auditor.contract import LANGUAGES, VERDICTS
from auditor.knowledge.datafiles import read_yaml
from auditor.rules import RULES, apply, judge
from auditor.rules.catalogue import rule_spec
from auditor.rules.legal_basis import citations, legal_basis
from auditor.rules.legal_basis import texts as legal_texts
from reports.i18n import Translator, wording
from reports.i18n.extract import texts
from reports.i18n.wording import Sentence, finding_message, fix_text, summary_sentence, verdict_label, words
from reports.views.site import finding_view
from tests.test_rules import (
    BEFORE,
    CLAIM,
    EU,
    GA,
    GA_COOKIE,
    GA_HIT,
    GOOD_BANNER,
    HOTJAR,
    META,
    NO_BANNER,
    POLICY_PAGES,
    SITE,
    clicked,
    cookie,
    phase,
    policy,
    request,
    site,
    withdrawn,
)

GA_PARAMS = {"name": "Google Analytics", "company": "Google", "country": "US", "category": "analytics"}
QUOTE = "Nous ne déposons des cookies qu'avec votre accord."
ALONE = {"trackers": ["Google Analytics"], "others": []}  # a company's one tracker
ACTIVITY = {"requests": 30, "hosts": ["www.google-analytics.com", "www.googletagmanager.com"],
            "cookies": ["_ga", "_gid"]}

# Sample params for every message code: the catalogue must word each of them.
SAMPLES = {
    "consent.tracker_before_consent": {"tracker": GA_PARAMS, **ALONE, "phase": "initial", "clicked": False,
                                       "pages": 3, **ACTIVITY, "promise": QUOTE},
    "consent.tracker_after_reject": {"control": "Tout refuser", "tracker": GA_PARAMS, **ALONE, **ACTIVITY,
                                     "verified": False, "banner_gone": False, "choice_stored": True,
                                     "promise": QUOTE},
    "consent.no_banner": {"trackers": [GA_PARAMS], "notice": None, "promise": QUOTE},
    "consent.choice_not_remembered": {"reject": "Tout refuser", "pages": 2, "return_visit": True},
    "consent.cookie_wall": {"jurisdiction": "FR", "accept": "Accepter et accéder au site", "reject": None,
                            "after_reject": False, "blocked_by": "overlay", "reasons": ["overlay", "blur"],
                            "overlay": 100},
    "consent.cookie_wall.pay": {"jurisdiction": "FR", "accept": "Accepter et continuer gratuitement",
                                "offer": "S'abonner sans publicité – 2,99 € par mois", "reject": None,
                                "after_reject": False, "blocked_by": None, "reasons": [], "overlay": 0},
    "consent.deceptive_design.clicks": {"accept": "Tout accepter", "reject": "Tout refuser", "clicks_to_accept": 1,
                                        "clicks_to_reject": 2},
    "consent.deceptive_design.link": {"accept": "Accepter et fermer", "reject": "Refuser"},
    "consent.deceptive_design.size": {"accept": "Accepter et fermer", "reject": "Refuser", "share": 25, "limit": 50},
    "consent.deceptive_design.contrast": {"accept": "Accepter et fermer", "reject": "Refuser", "reject_contrast": 1.74,
                                          "accept_contrast": 6.29, "reject_below": 3.0, "accept_above": 4.5},
    "consent.prechecked_purposes": {"purpose": "Publicité personnalisée", "settings": "Paramétrer"},
    "consent.prechecked_purposes.legitimate_interest": {"purpose": "Mesurer la performance des publicités",
                                                        "settings": "Paramétrer"},
    "consent.withdrawal_unavailable": {"api": "tarteaucitron", "tried": 2},
    "consent.withdrawal_ineffective": {"tracker": GA_PARAMS, **ALONE, "control": "Gérer mes cookies",
                                       "requests": 3, "hosts": ["www.google-analytics.com"],
                                       "cookies_set": ["_ga_X1"], "cookies_sent": ["_ga"], "cookies_kept": ["_ga"],
                                       "active": True, "verified": False},
    "consent.no_reject_option": {"accept": "Tout accepter", "settings": "Personnaliser", "reject_found": True,
                                 "steps": 2, "promise": QUOTE},
    "cookie.lifetime_over_13_months": {"cookie": "_ga", "tracker": GA_PARAMS, "days": 730, "limit_days": 395,
                                       "audience": False, "capped_days": 400},
    "cookie.lifetime_over_13_months.unknown_purpose": {"cookie": "mp_affichage", "days": 730, "limit_days": 395,
                                                       "third_party": True, "domain": ".mesure-tiers.com",
                                                       "capped_days": 400, "resembles": "Mixpanel"},
    "cookie.lifetime_exceeds_policy": {"cookie": "_ga", "tracker": GA_PARAMS, "days": 730, "level": "vendor",
                                       "subject": "Google Analytics", "session": False, "stated_days": 395,
                                       "quote": "13 mois"},
    "cookie.undeclared": {"cookie": "_fbp", "tracker": None, "third_party": True, "listed": ["_ga", "_gid"]},
    "policy.undeclared_tracker": {"tracker": GA_PARAMS, **ALONE},
    "policy.undeclared_tracker.company_only": {"tracker": GA_PARAMS, **ALONE, "company": "Google",
                                               "quote": "Nous travaillons avec Google."},
    "policy.declared_tracker_not_observed": {"service": "Hotjar", "accepted": False},
    "policy.claims_no_third_parties": {"tracker": GA_PARAMS, **ALONE, "quote": CLAIM["quote"]},
    "policy.claims_eu_only": {"tracker": GA_PARAMS, **ALONE, "quote": EU["quote"]},
    "policy.obsolete_privacy_shield": {"quote": "Google est certifiée Privacy Shield.", "dpf": True},
    "policy.missing": {"trackers": ["Google Analytics"], "cookie_policy": SITE + "cookies"},
    "policy.missing_element": {"element": "dpo_contact", "article": "art. 13(1)(b)"},
    "legal_notice.missing": {"jurisdiction": "FR"},
    "legal_notice.missing_field": {"field": "publisher_name", "jurisdiction": "FR"},
    "transport.insecure.site": {"url": "http://www.exemple.fr/"},
    "transport.insecure.form": {"action": "http://www.exemple.fr/envoi"},
    "transport.insecure.resources": {"urls": ["http://www.exemple.fr/a.png", "http://www.exemple.fr/b.js"]},
}


# Params reaching the entries' other parts and choices (SAMPLES reach the first ones).
VARIANTS = [
    ("consent.no_banner", {**SAMPLES["consent.no_banner"], "notice": "J'ai compris"}),
    ("consent.tracker_before_consent", {**SAMPLES["consent.tracker_before_consent"], "pages": 1, "requests": 1,
                                        "hosts": [f"h{i}.exemple.fr" for i in range(6)], "cookies": []}),
    ("consent.tracker_before_consent", {**SAMPLES["consent.tracker_before_consent"], "requests": 0,
                                        "cookies": ["_ga"]}),
    *[("consent.tracker_before_consent", {**SAMPLES["consent.tracker_before_consent"], "phase": phase,
                                          "clicked": clicked, "pages": None})
      for phase in ("accept", "reject") for clicked in (True, False)],
    *[("consent.tracker_after_reject", {**SAMPLES["consent.tracker_after_reject"], "control": None,
                                        "banner_gone": gone, "choice_stored": stored, "requests": 0})
      for gone in (False, True, None) for stored in (False, True)],
    ("consent.tracker_after_reject", {**SAMPLES["consent.tracker_after_reject"], "verified": True, "cookies": []}),
    ("consent.choice_not_remembered", {"reject": None, "pages": 0, "return_visit": True}),
    *[("consent.cookie_wall", {**SAMPLES["consent.cookie_wall"], "jurisdiction": "BE", "blocked_by": reason})
      for reason in ("blur", "inert", "removed", "scroll_lock", None)],
    ("consent.cookie_wall", {**SAMPLES["consent.cookie_wall"], "after_reject": True, "reject": "Tout refuser"}),
    ("consent.cookie_wall", {**SAMPLES["consent.cookie_wall"], "after_reject": True, "reject": None}),
    ("consent.cookie_wall.pay", {**SAMPLES["consent.cookie_wall.pay"], "jurisdiction": "BE", "accept": None}),
    ("consent.withdrawal_unavailable", {"api": None, "tried": 0}),
    ("consent.withdrawal_ineffective", {**SAMPLES["consent.withdrawal_ineffective"], "control": None,
                                        "requests": 0, "hosts": [], "cookies_sent": [], "verified": True}),
    ("consent.withdrawal_ineffective", {**SAMPLES["consent.withdrawal_ineffective"], "requests": 0, "hosts": [],
                                        "cookies_set": [], "cookies_kept": []}),
    ("consent.withdrawal_ineffective", {**SAMPLES["consent.withdrawal_ineffective"], "requests": 0, "hosts": [],
                                        "cookies_set": [], "cookies_sent": [], "active": False,
                                        "tracker": {**GA_PARAMS}, "trackers": ["Google Analytics", "Google Ads"],
                                        "others": ["Google Ads"]}),
    ("consent.choice_not_remembered", {"reject": "Refuser", "pages": 1, "return_visit": False}),
    *[(code, {**SAMPLES[code], "accept": None, "reject": None})
      for code in ("consent.deceptive_design.clicks", "consent.deceptive_design.link", "consent.deceptive_design.size",
                   "consent.deceptive_design.contrast")],
    ("consent.prechecked_purposes", {"purpose": "Marketing", "settings": None}),
    ("consent.prechecked_purposes.legitimate_interest", {"purpose": "Marketing", "settings": None}),
    ("consent.no_reject_option", {**SAMPLES["consent.no_reject_option"], "accept": None, "settings": None}),
    ("consent.no_reject_option", {**SAMPLES["consent.no_reject_option"], "reject_found": False}),
    ("consent.no_reject_option", {**SAMPLES["consent.no_reject_option"], "reject_found": False, "settings": None}),
    ("cookie.lifetime_over_13_months", {**SAMPLES["cookie.lifetime_over_13_months"], "audience": True,
                                        "capped_days": None}),
    ("cookie.lifetime_over_13_months.unknown_purpose", {**SAMPLES["cookie.lifetime_over_13_months.unknown_purpose"],
                                                        "third_party": True, "capped_days": None,
                                                        "resembles": "Mixpanel"}),
    *[("cookie.lifetime_exceeds_policy", {**SAMPLES["cookie.lifetime_exceeds_policy"], "level": level,
                                          "session": session, "tracker": None})
      for level, session in (("cookie", True), ("cookies", False))],
    *[("cookie.lifetime_exceeds_policy", {**SAMPLES["cookie.lifetime_exceeds_policy"], "level": "description",
                                          "subject": "cookie de connexion", "matched_by": by, "matched": value})
      for by, value in (("name", "sess"), ("purpose", "authentication"), ("category", "analytics"))],
    ("cookie.undeclared", {**SAMPLES["cookie.undeclared"], "tracker": GA_PARAMS}),
    ("cookie.undeclared", {**SAMPLES["cookie.undeclared"], "third_party": False}),
    ("policy.declared_tracker_not_observed", {"service": "Hotjar", "accepted": True}),
    ("policy.obsolete_privacy_shield", {"quote": None, "dpf": False}),
    ("policy.missing", {"trackers": [], "cookie_policy": None}),
    ("legal_notice.missing", {"jurisdiction": "BE"}),
    *[("policy.missing_element", {"element": element, "article": about["article"]})
      for element, about in rule_spec("policy.missing_element")["elements"].items()],
    *[("legal_notice.missing_field", {"field": field}) for field in rule_spec("legal_notice.missing_field")["fields"]],
]
SUMMARY_SHAPES = [
    ("not_audited", {"error": "DNS failure"}), ("not_audited", {"error": None}),
    ("non_compliant", {"high": 2, "kinds": ["a", "b"], "others": 1}),
    ("non_compliant", {"high": 1, "kinds": ["a", "b", "c", "d", "e"], "others": 0}),
    ("needs_attention", {"total": 1, "kinds": ["a"]}),
    ("no_issue_found", {"info": 2}), ("no_issue_found", {"info": 0}),
]


def worded(message_id: str, params: dict, language: str = "en") -> str | None:
    return finding_message({"message_id": message_id, "params": params}, language)


def assert_filled(text: str | None, code: str):
    assert text, f"{code}: no words"
    assert not re.search(r"[{}]|\bNone\b", text), f"{code}: unfilled placeholder in {text!r}"
    assert text.endswith((".", '"', "»")), f"{code}: {text!r}"


# --- one language's sentences in the other's text ----------------------------------------
def _catalogue_texts(language: str, message_id: str) -> list[str]:
    """Every text of a message code's entry, and the shared forms, in a language."""
    tree = words(language)
    entry = tree["finding"][message_id]
    entry = entry if isinstance(entry, dict) else {"text": entry}
    return [text for _key, text in texts({"entry": entry, "format": tree["format"]})]


def _clauses(text: str) -> set[str]:
    """A text's runs of words between its placeholders and punctuation, of 3 words or more:
    what would betray the other language."""
    found = set()
    for literal in re.split(r"\{[^}]*\}", text):
        for clause in re.split(r"[.,;:()«»\"\u00a0]+", literal):
            clause = " ".join(clause.split())
            if len(clause.split()) >= 3 and clause not in NAMES:
                found.add(clause)
    return found


def _strings(value) -> list[str]:
    """The params' own words (names, quotes, URLs): the same in every language."""
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return [value] if isinstance(value, str) else []


# Names the catalogue writes the same in both languages.
NAMES = ("Data Privacy Framework", "Privacy Shield")


def foreign_clauses(finding: dict, language: str, text: str | None = None) -> list[str]:
    """The clauses of the other language's catalogue that appear in the finding worded in
    `language` (or in `text`, a page in that language), the params' own words (quotes of the
    site, names) left aside."""
    text = finding_message(finding, language) if text is None else text
    for own in sorted([*_strings(finding.get("params")), *NAMES], key=len, reverse=True):
        text = text.replace(own, " ")
    text = " ".join(text.replace("\u00a0", " ").split())
    [other] = [lang for lang in LANGUAGES if lang != language]
    return sorted(clause for source in _catalogue_texts(other, finding["message_id"])
                  for clause in _clauses(source) if clause in text)


def assert_in_its_language(finding: dict):
    """Worded in each language, the finding reads differently and holds no sentence of the other."""
    renderings = {language: finding_message(finding, language) for language in LANGUAGES}
    assert renderings["fr"] != renderings["en"], finding["message_id"]
    for language in LANGUAGES:
        assert_filled(renderings[language], f"{finding['message_id']} ({language})")
        assert foreign_clauses(finding, language) == [], (finding["message_id"], language, renderings[language])


# --- the catalogue ---------------------------------------------------------------------------
def test_every_message_code_of_every_rule_is_worded_in_both_languages():
    codes = set(words("en")["finding"])
    assert codes == set(SAMPLES), "a message code without words, or words for no code"
    assert {code.split(".", 2)[0] + "." + code.split(".", 2)[1] for code in codes} == set(RULES)
    for code, params in [*SAMPLES.items(), *VARIANTS]:
        assert_in_its_language({"message_id": code, "params": params})


def test_the_samples_reach_every_text_of_the_findings_catalogue(monkeypatch):
    """Every part and choice of every entry is worded by some sample, so the test above reads
    each of them in both languages."""
    used = set()
    fill = Sentence._fill

    def recording(self, template, whole=False):
        used.add(template)
        return fill(self, template, whole)

    monkeypatch.setattr(Sentence, "_fill", recording)
    for language in LANGUAGES:
        for code, params in [*SAMPLES.items(), *VARIANTS]:
            worded(code, params, language)
        for shape, params in SUMMARY_SHAPES:
            Sentence(language, words(language)["summary"][shape], params).text()
        source = {section: words(language)[section] for section in ("finding", "summary", "format")}
        # the rules' short names are words, not templates; the separator joins a list
        everything = {text for key, text in texts(source)
                      if ".rule." not in f".{key}." and key != "format.separator"}
        assert everything - used == set(), f"texts no sample words ({language})"


def test_the_language_check_fires_on_a_sentence_left_in_the_other_language(monkeypatch):
    finding = {"message_id": "consent.no_banner", "params": SAMPLES["consent.no_banner"]}
    assert foreign_clauses(finding, "fr") == [] and foreign_clauses(finding, "en") == []
    english, half_french = words("en"), copy.deepcopy(words("fr"))
    half_french["finding"]["consent.no_banner"]["promised"] = english["finding"]["consent.no_banner"]["promised"]
    monkeypatch.setattr(wording, "words", lambda language: half_french if language == "fr" else english)
    assert foreign_clauses(finding, "fr") == ["The site's own policy says"]
    with pytest.raises(AssertionError):
        assert_in_its_language(finding)


def test_the_french_follows_french_rules():
    text = worded("consent.tracker_before_consent", SAMPLES["consent.tracker_before_consent"], "fr")
    assert text.startswith("Google Analytics (Google, États-Unis) était actif avant tout choix du visiteur "
                           "sur 3 pages visitées\u00a0: 30 requêtes vers www.google-analytics.com et "
                           "www.googletagmanager.com et 2 cookies (_ga et _gid).")
    assert text.endswith(f"«\u00a0{QUOTE}\u00a0»")  # the site's own words, as they are
    one = worded("consent.tracker_before_consent", {**SAMPLES["consent.tracker_before_consent"], "pages": 1,
                                                     "requests": 1, "hosts": [f"h{i}" for i in range(6)]}, "fr")
    assert "sur 1 page visitée" in one and "1 requête vers h0, h1, h2, h3 et 2 autres" in one
    assert "et 1 autre" in Sentence("fr", "{kinds:3 more_kinds}", {"kinds": ["a", "b", "c", "d"]}).text()
    over = worded("cookie.lifetime_over_13_months", {**SAMPLES["cookie.lifetime_over_13_months"], "days": 410}, "fr")
    assert "410 jours (13,5 mois)" in over and "en demandait 410." in over
    assert "730 jours (24 mois)" in worded("cookie.lifetime_over_13_months",
                                           SAMPLES["cookie.lifetime_over_13_months"], "fr")
    reject = worded("consent.tracker_after_reject", {**SAMPLES["consent.tracker_after_reject"], "control": None}, "fr")
    assert "sur «\u00a0Tout refuser\u00a0» dans le bandeau de consentement" in reject
    assert "(le bandeau reste affiché après le clic)" in reject
    eu = worded("policy.claims_eu_only", SAMPLES["policy.claims_eu_only"], "fr")
    assert "Google est établi hors de l’UE/EEE (États-Unis)." in eu


def test_every_element_and_field_of_the_rules_data_has_words():
    for element, about in rule_spec("policy.missing_element")["elements"].items():
        text = worded("policy.missing_element", {"element": element, "article": about["article"]})
        assert_filled(text, element)
        assert "does not say (" not in text
    for field in rule_spec("legal_notice.missing_field")["fields"]:
        text = worded("legal_notice.missing_field", {"field": field})
        assert_filled(text, field)
        assert text != "The legal notice does not give ."


def test_every_summary_shape_is_worded_in_both_languages():
    assert set(words("en")["summary"]) - {"rule"} == {shape for shape, _params in SUMMARY_SHAPES}
    for shape, params in SUMMARY_SHAPES:
        english, french = (Sentence(language, words(language)["summary"][shape], params).text()
                           for language in ("en", "fr"))
        assert_filled(english, shape)
        assert_filled(french, shape)
        assert english != french
    for language in LANGUAGES:
        assert set(words(language)["summary"]["rule"]) == set(RULES)
    assert len(set(words("fr")["summary"]["rule"].values()) & set(words("en")["summary"]["rule"].values())) == 0


def fixed(message_id: str, params: dict, language: str = "en") -> str | None:
    return fix_text({"message_id": message_id, "params": params}, language)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_message_code_has_its_fix_in_both_languages(language):
    assert set(words("en")["fix"]) == set(SAMPLES), "a message code without a fix, or a fix for no code"
    for code, params in SAMPLES.items():
        text = fixed(code, params, language)
        assert_filled(text, code)
        if language == "fr":
            assert text != fixed(code, params, "en"), f"{code}: the fix has no French"
            assert not re.search(r" [;:!?»]|« ", text), f"{code}: French spacing in {text!r}"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_element_and_field_fix_says_what_to_add(language):
    for element, about in rule_spec("policy.missing_element")["elements"].items():
        assert_filled(fixed("policy.missing_element", {"element": element, "article": about["article"]},
                            language), element)
    for field in rule_spec("legal_notice.missing_field")["fields"]:
        texts_ = {fixed("legal_notice.missing_field", {"field": field, "jurisdiction": j}, language)
                  for j in ("FR", "BE")}
        for text in texts_:
            assert_filled(text, field)
    registration = [fixed("legal_notice.missing_field", {"field": "registration", "jurisdiction": j}, language)
                    for j in ("FR", "BE")]
    assert "RCS" in registration[0] and "BCE" in registration[1]


def test_every_rule_cites_a_binding_text_first_in_each_jurisdiction():
    bases = legal_texts()
    cited = set()
    for rule_id in read_yaml("rules.yaml")["rules"]:
        for jurisdiction in ("FR", "BE"):
            for citation in citations(rule_id, jurisdiction):
                cited.add(citation.split(" ", 1)[0])
            params = {"article": "art. 13(1)(a)"}
            for language in ("en", "fr"):
                found = legal_basis(rule_id, jurisdiction, params, language)
                assert found and found[0]["binding"], (rule_id, jurisdiction)
                assert found[0]["article"], (rule_id, jurisdiction, "a binding text cited without its article")
                for entry in found:
                    assert set(entry) == {"text", "article", "url", "binding"}
                    assert entry["text"] and entry["url"].startswith("https://"), entry
                binding = [e["binding"] for e in found]
                assert binding == sorted(binding, reverse=True), (rule_id, "binding texts come first")
    assert cited == set(bases), "a text of legal_bases.yaml no rule cites, or a rule citing none"
    french = {jurisdiction: citations("consent.tracker_before_consent", jurisdiction) for jurisdiction in ("FR", "BE")}
    assert french["FR"][0] == "loi_il art. 82" and french["BE"][0] == "be_loi_2018 art. 10/2"


def test_eu_texts_are_named_in_the_reports_language_and_national_law_as_written():
    en = legal_basis("consent.no_banner", "FR", {}, "en")
    fr = legal_basis("consent.no_banner", "FR", {}, "fr")
    assert en[0] == fr[0] and "relative à l'informatique" in fr[0]["text"]
    assert ("Regulation (EU) 2016/679 (GDPR)", "Règlement (UE) 2016/679 (RGPD)") in {
        (e["text"], f["text"]) for e, f in zip(en, fr)}


def test_a_placeholder_without_its_param_is_an_error_not_a_blank():
    params = dict(SAMPLES["policy.claims_eu_only"])
    del params["tracker"]
    with pytest.raises(KeyError):
        worded("policy.claims_eu_only", params)


def test_params_are_written_for_the_reader():
    text = worded("consent.tracker_before_consent", SAMPLES["consent.tracker_before_consent"])
    assert text.startswith("Google Analytics (Google, United States) was active before the visitor made any choice "
                           "on the 3 pages visited: 30 requests to www.google-analytics.com and "
                           "www.googletagmanager.com and 2 cookies (_ga and _gid).")
    assert text.endswith(f'The site\'s own policy says: "{QUOTE}"')
    quiet = {**SAMPLES["consent.tracker_before_consent"], "pages": None, "requests": 1,
             "hosts": ["a", "b", "c", "d", "e", "f"], "cookies": [], "promise": None}
    assert worded("consent.tracker_before_consent", quiet) == (
        "Google Analytics (Google, United States) was active before the visitor made any choice: 1 request to "
        "a, b, c, d and 2 more. It needs consent, and doing nothing means refusing.")
    over = worded("cookie.lifetime_over_13_months", {**SAMPLES["cookie.lifetime_over_13_months"], "days": 410})
    assert "410 days (13.5 months)" in over and "asked for 410." in over
    unknown = worded("consent.tracker_after_reject", {**SAMPLES["consent.tracker_after_reject"],
                                                      "control": None, "banner_gone": True})
    assert 'clicked "reject all"' in unknown and "either (not verified)." in unknown


def test_a_language_without_words_for_a_code_gives_none():
    assert worded("no.such_rule", {}) is None
    assert finding_message({"rule": "policy.missing", "message": "saved before codes"}, "en") is None


# --- the judge's findings -------------------------------------------------------------------
def reports() -> list[dict]:
    """Reports on which every rule fires, most of them in more than one shape."""
    insecure = site(phase([GA_COOKIE], [GA_HIT], forms=["http://www.exemple.fr/envoi"]), banner=NO_BANNER,
                    pages={}, final_url="http://www.exemple.fr/",
                    notice={"fields": {}, "missing": [], "found": False})
    banner = {**GOOD_BANNER, "reject_first_layer": False,
              "first_layer": {"accept_labels": ["Tout accepter"], "settings_labels": ["Personnaliser"]}}
    late = "2026-11-22T08:00:15.000+00:00"
    unverified = {**clicked(verified=False), "verification": {"reasons": ["the consent cookie did not change"]},
                  "banner_reappeared": [SITE + "services"], "banner_on_return": True}
    stated = {"subject": "_ga", "subject_kind": "cookie", "days": 395, "session": False,
              "quote": "_ga | 13 mois", "url": SITE + "cookies"}
    hotjar = {"vendor": "Hotjar", "matched": "Hotjar", "basis": "name", "quote": "Nous utilisons Hotjar.",
              "url": SITE + "confidentialite"}
    shield = {"quote": "Google est certifiée Privacy Shield.", "url": SITE + "confidentialite"}
    pol = policy(stated_lifetimes=[stated], cookie_table=[{"name": "_ga", "url": SITE + "cookies"}],
                 declared_vendors=["Hotjar", "Google Analytics"], vendor_mentions=[hotjar],
                 claims={"no_third_parties": True, "eu_only": True, "privacy_shield": True},
                 claim_quotes={"no_third_parties": [CLAIM], "eu_only": [EU], "privacy_shield": [shield],
                               "consent_required": [{"quote": QUOTE, "url": SITE}]},
                 elements={"present": {}, "missing": ["retention", "dpo_contact"]})
    own = request("http://www.exemple.fr/logo.png", third_party=False)
    busy = site(phase([GA_COOKIE, cookie("_fbp", META, days=90, third_party=True)], [GA_HIT, own]),
                reject=phase([cookie("_fbp", META, days=90, at=late)], action=unverified),
                banner=banner, pol=pol, notice={"fields": {}, "missing": ["publisher_name"], "found": True})
    unknown = cookie("visiteur", None, days=730, known=False, third_party=True, domain=".mesure-tiers.com")
    unknown["exempt_reason_params"] = {"service": "Mixpanel", "pattern": "mp_*"}
    belgian = site(phase([cookie("_hjSessionUser_1", HOTJAR, days=365), unknown]), jurisdiction="BE",
                   pages={**POLICY_PAGES, "legal_notice": None, "privacy_policy": None},
                   notice={"fields": {}, "missing": [], "found": False})
    only_accept = {**GOOD_BANNER, "reject_found": False, "reject_first_layer": False,
                   "first_layer": {"accept_found": True, "accept_labels": ["Accepter et accéder au site"]}}
    blurred = {"viewport": [1366, 768], "scroll_height": 2000, "covered_share": 1.0, "overlay": None,
               "scroll_lock": ["body_overflow_hidden"], "blurred": ["main"], "inert": [], "content_chars": 900}
    wall = site({**phase(), "wall_scan": {"home": blurred}}, banner=only_accept,
                reject=phase(action={"performed": False, "reason": "the banner shows no reject control"}))
    pay = {**only_accept, "first_layer": {**only_accept["first_layer"], "wall_labels": ["S'abonner – 2,99 €/mois"]}}
    pay_or_accept = site(banner=pay, jurisdiction="BE",
                         reject=phase(action={"performed": False, "reason": "the banner shows no reject control"}))
    switches = [{"label": "Publicité personnalisée", "on": True, "locked": False, "kind": "consent"},
                {"label": "Mesurer la performance des publicités", "on": True, "locked": False,
                 "kind": "legitimate_interest"}]
    settings = {**phase(), "banner_scan": {"second_layer": {"opened": True, "control": "Paramétrer",
                                                            "switches": switches}}}
    designed = site(settings, banner={**GOOD_BANNER, "design": {
        "clicks_to_accept": 1, "clicks_to_reject": 2, "reject_is_link": True, "reject_to_accept_area": 0.25,
        "reject_contrast": 1.74, "accept_contrast": 6.29, "prechecked": ["Publicité personnalisée"],
        "legitimate_interest_on": ["Mesurer la performance des publicités"], "cookie_wall": None,
        "accept_label": "Accepter et fermer", "reject_label": "Refuser"}})
    busy["withdrawal"] = withdrawn([cookie("_ga", {**GA, "vendor_id": "google_analytics"}, days=730, at=BEFORE)],
                                   [request("https://www.google-analytics.com/g/collect", GA, at=late)],
                                   jar_after=[("_ga", ".exemple.fr")])
    not_clicked = {"action": "withdraw", "performed": False, "clicked_at": None, "verified": False}
    belgian["withdrawal"] = withdrawn(control="api:klaro", apis=["klaro"], action=not_clicked)
    return [insecure, busy, belgian, wall, pay_or_accept, designed]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_findings_params_alone_give_back_its_message(language):
    findings = [f for report in reports() for f in judge(report, language=language)]
    assert {f["rule"] for f in findings} == set(RULES)
    assert {f["message_id"] for f in findings} >= set(SAMPLES) - {"policy.undeclared_tracker.company_only"}
    for finding in findings:
        params = json.loads(json.dumps(finding["params"]))  # raw facts, as report.json keeps them
        assert worded(finding["message_id"], params, language) == finding["message"], finding["message_id"]
        assert_in_its_language({**finding, "params": params})


def test_the_judge_words_in_french_by_default():
    report = reports()[0]
    french, english = judge(report), judge(report, language="en")
    assert [f["message"] for f in french] == [finding_message(f, "fr") for f in english]
    assert [f["message"] for f in french] != [f["message"] for f in english]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_summary_sentence_is_worded_from_the_findings(language):
    for report in reports():
        apply(report, language=language)
        assert summary_sentence(report, report["findings"], language) == report["summary"]["sentence"]
        assert report["summary"]["verdict_label"] == verdict_label(report["summary"]["verdict"], language)
    assert apply(site(status="error"), language="en")["summary"]["sentence"] == \
        "The site could not be audited: unknown reason."
    assert apply(site(status="error"))["summary"]["sentence"] == "Le site n’a pas pu être audité\u00a0: raison inconnue."


def test_a_failed_audit_is_told_by_its_failure_code_in_the_language():
    failed = {**site(status="error"), "error": "DNS failure: the host name could not be resolved (net::X)",
              "error_code": "dns", "error_params": {"net_error": "net::X"}}
    assert apply(dict(failed), language="en")["summary"]["sentence"] == \
        "The site could not be audited: DNS failure: the host name could not be resolved (net::X)."
    french = apply(dict(failed))["summary"]["sentence"]
    assert french.startswith("Le site n’a pas pu être audité\u00a0:") and "net::X" in french
    assert "host name" not in french
    unknown_code = apply({**failed, "error_code": "from_a_later_version"})["summary"]["sentence"]
    assert failed["error"] in unknown_code  # the saved words, rather than nothing


# --- the HTML report ------------------------------------------------------------------------
def test_the_report_words_a_finding_in_its_language_and_keeps_a_saved_message_otherwise():
    [finding] = [f for f in judge(reports()[0], language="en") if f["rule"] == "consent.no_banner"]
    stale = {**finding, "message": "saved message"}
    assert finding_view(stale, Translator("en"))["message"] == finding["message"]
    french = finding_message(stale, "fr")
    assert finding_view(stale, Translator("fr"))["message"] == (french or "saved message")
    saved = {k: v for k, v in stale.items() if k not in ("message_id", "params")}
    assert finding_view(saved, Translator("en"))["message"] == "saved message"
    other_version = {**stale, "params": {}}
    assert finding_view(other_version, Translator("en"))["message"] == "saved message"


def test_every_verdict_has_its_label():
    labels = {verdict: verdict_label(verdict, "en") for verdict in VERDICTS}
    assert labels["needs_attention"] == "The site needs attention"
    assert all(labels.values()) and len(set(labels.values())) == len(VERDICTS)
    french = {verdict: verdict_label(verdict, "fr") for verdict in VERDICTS}
    assert french["non_compliant"] == "Le site n’est pas conforme"
    assert len(set(french.values())) == len(VERDICTS) and not set(french.values()) & set(labels.values())

