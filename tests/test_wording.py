"""Findings in words (reports/i18n/wording.py and findings/<language>.yaml): every message code
of every rule has its English words and fills every placeholder; a judged finding's params
alone give back its message; the HTML report words a finding in its own language when it can."""
from __future__ import annotations

import json
import re

import pytest

from auditor.contract import VERDICTS
from auditor.knowledge.datafiles import read_yaml
from auditor.rules import RULES, apply, judge
from auditor.rules.catalogue import rule_spec
from auditor.rules.legal_basis import citations, legal_basis, texts
from reports.i18n import Translator
from reports.i18n.wording import Sentence, finding_message, fix_text, summary_sentence, verdict_label, words
from reports.views.site import finding_view
from tests.test_rules import (
    CLAIM,
    EU,
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
)

GA_PARAMS = {"name": "Google Analytics", "company": "Google", "country": "US", "category": "analytics"}
QUOTE = "Nous ne déposons des cookies qu'avec votre accord."
ACTIVITY = {"requests": 30, "hosts": ["www.google-analytics.com", "www.googletagmanager.com"],
            "cookies": ["_ga", "_gid"]}

# Sample params for every message code: the catalogue must word each of them.
SAMPLES = {
    "consent.tracker_before_consent": {"tracker": GA_PARAMS, "pages": 3, **ACTIVITY, "promise": QUOTE},
    "consent.tracker_after_reject": {"control": "Tout refuser", "tracker": GA_PARAMS, **ACTIVITY,
                                     "verified": False, "reasons": ["the banner came back"], "promise": QUOTE},
    "consent.no_banner": {"trackers": [GA_PARAMS], "promise": QUOTE},
    "consent.no_reject_option": {"accept": "Tout accepter", "settings": "Personnaliser", "reject_found": True,
                                 "steps": 2, "promise": QUOTE},
    "cookie.lifetime_over_13_months": {"cookie": "_ga", "tracker": GA_PARAMS, "days": 730, "limit_days": 395,
                                       "audience": False, "capped_days": 400},
    "cookie.lifetime_exceeds_policy": {"cookie": "_ga", "tracker": GA_PARAMS, "days": 730, "level": "vendor",
                                       "subject": "Google Analytics", "session": False, "stated_days": 395,
                                       "quote": "13 mois"},
    "cookie.undeclared": {"cookie": "_fbp", "tracker": None, "third_party": True, "listed": ["_ga", "_gid"]},
    "policy.undeclared_tracker": {"tracker": GA_PARAMS},
    "policy.undeclared_tracker.company_only": {"tracker": GA_PARAMS, "company": "Google",
                                               "quote": "Nous travaillons avec Google."},
    "policy.declared_tracker_not_observed": {"service": "Hotjar", "accepted": False},
    "policy.claims_no_third_parties": {"tracker": GA_PARAMS, "quote": CLAIM["quote"]},
    "policy.claims_eu_only": {"tracker": GA_PARAMS, "quote": EU["quote"]},
    "policy.obsolete_privacy_shield": {"quote": "Google est certifiée Privacy Shield.", "dpf": True},
    "policy.missing": {"trackers": ["Google Analytics"], "cookie_policy": SITE + "cookies"},
    "policy.missing_element": {"element": "dpo_contact", "article": "art. 13(1)(b)"},
    "legal_notice.missing": {"jurisdiction": "FR"},
    "legal_notice.missing_field": {"field": "publisher_name", "jurisdiction": "FR"},
    "transport.insecure.site": {"url": "http://www.exemple.fr/"},
    "transport.insecure.form": {"action": "http://www.exemple.fr/envoi"},
    "transport.insecure.resources": {"urls": ["http://www.exemple.fr/a.png", "http://www.exemple.fr/b.js"]},
}


def worded(message_id: str, params: dict, language: str = "en") -> str | None:
    return finding_message({"message_id": message_id, "params": params}, language)


def assert_filled(text: str | None, code: str):
    assert text, f"{code}: no words"
    assert not re.search(r"[{}]|\bNone\b", text), f"{code}: unfilled placeholder in {text!r}"
    assert text.endswith((".", '"')), f"{code}: {text!r}"


# --- the catalogue ---------------------------------------------------------------------------
def test_every_message_code_of_every_rule_is_worded_in_english():
    codes = set(words("en")["finding"])
    assert codes == set(SAMPLES), "a message code without words, or words for no code"
    assert {code.split(".", 2)[0] + "." + code.split(".", 2)[1] for code in codes} == set(RULES)
    for code, params in SAMPLES.items():
        assert_filled(worded(code, params), code)


def test_every_element_and_field_of_the_rules_data_has_words():
    for element, about in rule_spec("policy.missing_element")["elements"].items():
        text = worded("policy.missing_element", {"element": element, "article": about["article"]})
        assert_filled(text, element)
        assert "does not say (" not in text
    for field in rule_spec("legal_notice.missing_field")["fields"]:
        text = worded("legal_notice.missing_field", {"field": field})
        assert_filled(text, field)
        assert text != "The legal notice does not give ."


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
    bases = texts()
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


def test_every_summary_shape_is_worded():
    shapes = {"not_audited": {"error": "DNS failure"}, "non_compliant": {"high": 2, "kinds": ["a", "b"], "others": 1},
              "needs_attention": {"total": 1, "kinds": ["a"]}, "no_issue_found": {"info": 2}}
    assert set(words("en")["summary"]) - {"rule"} == set(shapes)
    for shape, params in shapes.items():
        assert_filled(Sentence("en", words("en")["summary"][shape], params).text(), shape)
    assert set(words("en")["summary"]["rule"]) == set(RULES)


def test_a_placeholder_without_its_param_is_an_error_not_a_blank():
    params = dict(SAMPLES["policy.claims_eu_only"])
    del params["tracker"]
    with pytest.raises(KeyError):
        worded("policy.claims_eu_only", params)


def test_params_are_written_for_the_reader():
    text = worded("consent.tracker_before_consent", SAMPLES["consent.tracker_before_consent"])
    assert text.startswith("Google Analytics (Google, US) was active before the visitor made any choice "
                           "on the 3 pages visited: 30 requests to www.google-analytics.com and "
                           "www.googletagmanager.com and 2 cookies (_ga and _gid).")
    assert text.endswith(f'The site\'s own policy says: "{QUOTE}"')
    quiet = {**SAMPLES["consent.tracker_before_consent"], "pages": None, "requests": 1,
             "hosts": ["a", "b", "c", "d", "e", "f"], "cookies": [], "promise": None}
    assert worded("consent.tracker_before_consent", quiet) == (
        "Google Analytics (Google, US) was active before the visitor made any choice: 1 request to "
        "a, b, c, d and 2 more. It needs consent, and doing nothing means refusing.")
    over = worded("cookie.lifetime_over_13_months", {**SAMPLES["cookie.lifetime_over_13_months"], "days": 410})
    assert "410 days (13.5 months)" in over and "asked for 410." in over
    unknown = worded("consent.tracker_after_reject", {**SAMPLES["consent.tracker_after_reject"],
                                                      "control": None, "reasons": []})
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
    unverified = {**clicked(verified=False), "verification": {"reasons": ["the consent cookie did not change"]}}
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
    belgian = site(phase([cookie("_hjSessionUser_1", HOTJAR, days=365)]), jurisdiction="BE",
                   pages={**POLICY_PAGES, "legal_notice": None, "privacy_policy": None},
                   notice={"fields": {}, "missing": [], "found": False})
    return [insecure, busy, belgian]


def test_a_findings_params_alone_give_back_its_message():
    findings = [f for report in reports() for f in judge(report)]
    assert {f["rule"] for f in findings} == set(RULES)
    assert {f["message_id"] for f in findings} >= set(SAMPLES) - {"policy.undeclared_tracker.company_only"}
    for finding in findings:
        params = json.loads(json.dumps(finding["params"]))  # raw facts, as report.json keeps them
        assert worded(finding["message_id"], params) == finding["message"], finding["message_id"]


def test_the_summary_sentence_is_worded_from_the_findings():
    for report in reports():
        apply(report)
        assert summary_sentence(report, report["findings"], "en") == report["summary"]["sentence"]
    assert apply(site(status="error"))["summary"]["sentence"] == "The site could not be audited: unknown reason."


# --- the HTML report ------------------------------------------------------------------------
def test_the_report_words_a_finding_in_its_language_and_keeps_a_saved_message_otherwise():
    [finding] = [f for f in judge(reports()[0]) if f["rule"] == "consent.no_banner"]
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
