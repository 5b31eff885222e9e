"""The judge (auditor/rules) on small hand-built reports: each rule fires where it must and
stays silent where a false alarm would be easy (exempt, session, consent-manager and CDN
cookies, an exempt Matomo, a tracker declared by its company, lifetimes at the limit...)."""
from __future__ import annotations

import copy
import json
import re
import shutil

import pytest
import yaml

from auditor.knowledge import datafiles
from auditor.rules import RULES, apply, judge
from auditor.rules.__main__ import main as rejudge
from auditor.rules.catalogue import rule_spec
from auditor.rules.cookies import name_matches
from reports.i18n.wording import finding_message

CONTRACT_RULES = {
    "consent.tracker_before_consent", "consent.tracker_after_reject", "consent.no_banner",
    "consent.no_reject_option", "cookie.lifetime_over_13_months", "cookie.lifetime_exceeds_policy",
    "cookie.undeclared", "policy.undeclared_tracker", "policy.declared_tracker_not_observed",
    "policy.claims_no_third_parties", "policy.claims_eu_only", "policy.obsolete_privacy_shield",
    "policy.missing", "policy.missing_element", "legal_notice.missing", "legal_notice.missing_field",
    "transport.insecure",
    # added in December 2026 (report-contract.md), as they are built
    "consent.choice_not_remembered", "consent.cookie_wall", "consent.deceptive_design",
    "consent.prechecked_purposes", "consent.withdrawal_unavailable", "consent.withdrawal_ineffective"}

GA = {"name": "Google Analytics", "company": "Google", "country": "US", "category": "analytics",
      "vendor_id": "google_analytics"}
META = {"name": "Meta Pixel", "company": "Meta", "country": "US", "category": "advertising",
        "vendor_id": "meta_pixel"}
HOTJAR = {"name": "Hotjar", "company": "Hotjar", "country": "MT", "category": "session_recording",
          "vendor_id": "hotjar"}
MATOMO = {"name": "Matomo", "company": "self-hosted", "country": None, "category": "analytics",
          "vendor_id": "matomo_self_hosted"}
CDN = {"name": "jsDelivr", "company": "jsDelivr", "country": None, "category": "cdn", "vendor_id": "jsdelivr"}

T0 = "2026-11-22T08:00:00.000+00:00"
BEFORE = "2026-11-22T08:00:05.000+00:00"
CLICK = "2026-11-22T08:00:10.000+00:00"
AFTER = "2026-11-22T08:00:15.000+00:00"
SITE = "https://www.exemple.fr/"


def cookie(name, tracker=None, *, exempt=False, days=None, session=None, third_party=False,
           at=T0, category=None, known=True, domain=".exemple.fr"):
    session = days is None if session is None else session
    return {"name": name, "domain": domain, "path": "/", "value_hash": "sha256:0", "expires": None,
            "lifetime_days": days, "stored_lifetime_days": min(days, 400) if days else None,
            "session": session, "secure": False, "http_only": False, "same_site": None,
            "third_party": third_party, "set_by": "script", "set_by_url": None, "last_set_at": at,
            "tracker": tracker, "exempt": exempt, "exempt_reason": "test",
            "category": category or (tracker or {}).get("category"), "known": known}


def request(url, tracker=None, *, at=T0, third_party=True, service=None):
    return {"url": url, "host": url.split("/")[2], "resource_type": "script", "third_party": third_party,
            "tracker": tracker, "service": service, "at": at, "method": "GET", "status": 200}


def phase(cookies=(), requests=(), *, action=None, forms=()):
    return {"cookies": list(cookies), "requests": list(requests), "storage": [], "forms": list(forms),
            "screenshot": "screenshot.png", "consent_action": action,
            "pages_visited": [SITE, SITE + "a", SITE + "b"]}


def clicked(action="reject", at=CLICK, verified=True):
    return {"action": action, "performed": True, "clicked_at": at, "verified": verified,
            "control": "Tout refuser", "layers": 1, "verification": {"reasons": []}}


NOT_CLICKED = {"performed": False, "clicked_at": None, "verified": False, "reason": "no consent banner was found"}
COMPLETE_NOTICE = {"fields": {}, "missing": [], "found": True}
NO_BANNER = {"detected": False, "analysed": True, "accept_found": False, "reject_found": False,
             "reject_first_layer": None}
GOOD_BANNER = {"detected": True, "analysed": True, "accept_found": True, "reject_found": True,
               "reject_first_layer": True, "first_layer": {"accept_labels": ["Tout accepter"]}}
POLICY_PAGES = {"legal_notice": SITE + "mentions-legales", "privacy_policy": SITE + "confidentialite",
                "cookie_policy": SITE + "cookies"}


def policy(**extra):
    base = {"language": "fr", "declared_vendors": [], "vendor_mentions": [], "company_mentions": [],
            "stated_lifetimes": [], "retention_periods": [], "cookie_table": [],
            "claims": {}, "claim_quotes": {}, "elements": {"present": {}, "missing": []}}
    base.update(extra)
    return base


def site(initial=None, accept=None, reject=None, *, banner=None, pol=None, notice=None, pages=None,
         jurisdiction="FR", final_url=SITE, status="ok"):
    return {"schema": "site-audit/1", "url": SITE, "final_url": final_url, "status": status, "error": None,
            "banner": banner or GOOD_BANNER,
            "phases": {"initial": initial or phase(), "accept": accept or phase(action=clicked("accept")),
                       "reject": reject or phase(action=clicked())},
            "pages": POLICY_PAGES if pages is None else pages, "policy": pol or policy(),
            "legal_notice": notice or COMPLETE_NOTICE, "jurisdiction": jurisdiction,
            "site_domain": "exemple.fr"}


def found(report, rule=None, language="fr"):
    return [f for f in judge(report, language=language) if rule is None or f["rule"] == rule]


def subjects(report, rule):
    return sorted(f["subject"] for f in found(report, rule))


GA_HIT = request("https://www.google-analytics.com/g/collect?v=2", GA)
GA_COOKIE = cookie("_ga", GA, days=730)


# --- the catalogue ---------------------------------------------------------------------
def test_every_contract_rule_is_in_the_catalogue_with_severity_and_reference():
    assert set(RULES) == CONTRACT_RULES
    for rule_id in RULES:
        spec = rule_spec(rule_id)
        assert spec["severity"] and spec["reference"] and spec["label"]


def test_a_report_that_could_not_be_audited_is_not_judged():
    report = site(phase([GA_COOKIE], [GA_HIT]), status="error")
    assert apply(report)["findings"] == []
    assert report["summary"]["verdict"] == "not_audited"


def test_findings_follow_the_contract_shape_and_are_sorted_by_severity():
    report = apply(site(phase([GA_COOKIE], [GA_HIT]), banner=NO_BANNER, pages={}, pol=policy(),
                        notice={"fields": {}, "missing": [], "found": False}))
    order = ["high", "medium", "low", "info"]
    ranks = [order.index(f["severity"]) for f in report["findings"]]
    assert ranks == sorted(ranks)
    for finding in report["findings"]:
        assert {"rule", "severity", "subject", "message", "evidence", "reference"} <= set(finding)
        assert finding["message"].endswith((".", '"'))
    assert report["summary"]["verdict"] == "non_compliant"
    assert report["summary"]["counts"]["high"] >= 3
    json.dumps(report)  # serialisable


# --- consent.tracker_before_consent ----------------------------------------------------------
def test_tracker_before_consent_fires_once_per_tracker_with_all_its_evidence():
    hits = [request(f"https://www.google-analytics.com/g/collect?n={i}", GA) for i in range(30)]
    [finding] = found(site(phase([GA_COOKIE], hits)), "consent.tracker_before_consent")
    assert finding["subject"] == "Google Analytics" and finding["severity"] == "high"
    assert finding["tracker"]["company"] == "Google"
    records = [e for e in finding["evidence"] if e.get("kind") in ("cookie", "request")]
    assert records[0]["name"] == "_ga"  # the lasting part first
    assert finding["evidence_omitted"] == 31 - len(records)
    assert "30 requêtes" in finding["message"] and "_ga" in finding["message"]  # French by default
    assert any(e.get("kind") == "screenshot" for e in finding["evidence"])


def test_tracker_before_consent_quotes_the_policys_promise_of_consent():
    promise = {"quote": "Les cookies ne sont déposés qu'après votre consentement.", "url": SITE + "cookies"}
    pol = policy(claims={"consent_required": True}, claim_quotes={"consent_required": [promise]})
    [finding] = found(site(phase([GA_COOKIE]), pol=pol), "consent.tracker_before_consent")
    assert promise["quote"] in finding["message"]
    assert {"kind": "policy_quote", "claim": "consent_required", **promise} in finding["evidence"]


@pytest.mark.parametrize("what", [
    cookie("PHPSESSID", exempt=True, category="essential"),                        # session
    cookie("sid", session=True, exempt=True, category="essential"),
    cookie("cc_cookie", exempt=True, days=180, category="consent_management"),     # consent manager
    cookie("_pk_id.1.a1b2", MATOMO, exempt=True, days=393),                         # exempt Matomo
    cookie("lang", exempt=True, days=365, category="functional"),
])
def test_exempt_cookies_are_never_trackers(what):
    assert found(site(phase([what])), "consent.tracker_before_consent") == []
    assert found(site(phase([what]), banner=NO_BANNER), "consent.no_banner") == []


def test_an_exempt_matomo_and_a_first_party_cdn_are_not_trackers_before_consent():
    matomo = [cookie("_pk_id.1.a1b2", MATOMO, exempt=True, days=393),
              request("https://www.exemple.fr/matomo.php?idsite=1", MATOMO, third_party=False)]
    cdn = request("https://static.exemple.fr/app.js", None, third_party=False, service=CDN)
    report = site(phase(matomo[:1], [matomo[1], cdn]), banner=NO_BANNER)
    assert found(report, "consent.tracker_before_consent") == []
    assert found(report, "consent.no_banner") == []


def test_matomo_needs_consent_in_belgium_and_when_its_cookie_lasts_too_long():
    be = site(phase([cookie("_pk_id.1.a1b2", MATOMO, exempt=False, days=393)],
                    [request("https://www.exemple.be/matomo.php", MATOMO, third_party=False)]),
              jurisdiction="BE")
    assert subjects(be, "consent.tracker_before_consent") == ["Matomo"]
    long = site(phase([cookie("_pk_id.1.a1b2", MATOMO, exempt=False, days=800)],
                      [request("https://www.exemple.fr/matomo.php", MATOMO, third_party=False)]))
    [finding] = found(long, "consent.tracker_before_consent")
    assert any(e.get("kind") == "request" for e in finding["evidence"])
    [over] = found(long, "cookie.lifetime_over_13_months")
    assert "maximum impératif" in over["message"]


def test_unknown_first_party_cookies_are_not_tracker_findings():
    unknown = cookie("visiteur", None, days=700, known=False)
    report = site(phase([unknown]), banner=NO_BANNER)
    assert found(report, "consent.tracker_before_consent") == []
    assert found(report, "consent.no_banner") == []
    # ...only a request to check what it is for (cookie.lifetime_over_13_months.unknown_purpose)
    [over] = found(report, "cookie.lifetime_over_13_months")
    assert over["message_id"].endswith(".unknown_purpose") and over["severity"] == "low"


# --- consent.tracker_after_reject ------------------------------------------------------
def test_tracker_loading_after_the_reject_click_fires():
    reject = phase([cookie("_ga", GA, days=730, at=AFTER)],
                   [request("https://www.google-analytics.com/g/collect", GA, at=AFTER)], action=clicked())
    [finding] = found(site(reject=reject), "consent.tracker_after_reject")
    assert finding["subject"] == "Google Analytics" and finding["severity"] == "high"
    assert "«\u00a0Tout refuser\u00a0»" in finding["message"]


def test_a_cookie_set_before_the_reject_click_and_still_there_is_before_consent_only():
    reject = phase([cookie("_ga", GA, days=730, at=BEFORE)],
                   [request("https://www.google-analytics.com/g/collect", GA, at=BEFORE)], action=clicked())
    report = site(reject=reject)
    assert found(report, "consent.tracker_after_reject") == []
    assert subjects(report, "consent.tracker_before_consent") == ["Google Analytics"]


def test_a_cookie_refreshed_after_the_reject_click_counts():
    reject = phase([cookie("_fbp", META, days=90, at=AFTER)], action=clicked())
    assert subjects(site(reject=reject), "consent.tracker_after_reject") == ["Meta Pixel"]


def test_nothing_is_said_after_reject_when_no_reject_click_was_made():
    reject = phase([cookie("_ga", GA, days=730, at=AFTER)], [GA_HIT], action=NOT_CLICKED)
    report = site(reject=reject, banner=NO_BANNER)
    assert found(report, "consent.tracker_after_reject") == []
    assert subjects(report, "consent.tracker_before_consent") == ["Google Analytics"]  # no choice made


# --- counts and phases that hold (issue 16) -------------------------------------------------
FACEBOOK = {"name": "Facebook", "company": "Meta", "country": "US", "category": "social",
            "vendor_id": "facebook"}


def records(finding, kind=None):
    return [e for e in finding["evidence"] if e.get("kind") in ((kind,) if kind else ("cookie", "request"))]


def english(finding: dict) -> str:
    """A finding worded in English from its code and params (report.json's message is French)."""
    return finding_message(finding, "en")


def test_before_consent_counts_only_the_initial_phase():
    hits = lambda n, at=T0: [request(f"https://www.google-analytics.com/g/collect?n={i}", GA, at=at)  # noqa: E731
                             for i in range(n)]
    report = site(phase([GA_COOKIE], hits(2)),
                  accept=phase([GA_COOKIE], hits(3, BEFORE) + hits(4, AFTER), action=clicked("accept")),
                  reject=phase([GA_COOKIE], hits(5), action=NOT_CLICKED))
    [finding] = found(report, "consent.tracker_before_consent")
    assert finding["params"]["phase"] == "initial"
    assert finding["params"]["requests"] == 2 and finding["params"]["pages"] == 3
    assert finding["params"]["hosts"] == ["www.google-analytics.com"] and finding["params"]["cookies"] == ["_ga"]
    assert {e["phase"] for e in records(finding)} == {"initial"}
    assert "2 requests" in english(finding) and "visit made to" not in english(finding)


def test_before_consent_in_another_visit_says_which_and_counts_that_visit_before_its_click():
    reject = phase([cookie("_ga", GA, days=730, at=BEFORE), cookie("_gid", GA, days=1, at=AFTER)],
                   [request("https://www.google-analytics.com/g/collect", GA, at=AFTER)], action=clicked())
    [finding] = found(site(reject=reject), "consent.tracker_before_consent")
    assert finding["params"]["phase"] == "reject" and finding["params"]["clicked"] is True
    assert finding["params"]["requests"] == 0 and finding["params"]["cookies"] == ["_ga"]
    assert [(e["name"], e["before_choice"]) for e in records(finding)] == [("_ga", True)]
    assert "in the visit made to reject all, before the click: 1 cookie (_ga)" in english(finding)
    unclicked = site(reject=phase([GA_COOKIE], action=NOT_CLICKED))
    [finding] = found(unclicked, "consent.tracker_before_consent")
    assert "where the banner could not be clicked" in english(finding)


def test_after_reject_only_what_followed_the_click_and_none_without_a_click():
    reject = phase([cookie("_ga", GA, days=730, at=BEFORE), cookie("_fbp", META, days=90, at=AFTER)],
                   [request("https://www.google-analytics.com/g/collect", GA, at=BEFORE)], action=clicked())
    [finding] = found(site(reject=reject), "consent.tracker_after_reject")
    assert finding["subject"] == "Meta Pixel" and finding["params"]["cookies"] == ["_fbp"]
    assert all(e["last_set_at"] > CLICK for e in records(finding, "cookie")) and not records(finding, "request")
    assert found(site(reject={**reject, "consent_action": NOT_CLICKED}), "consent.tracker_after_reject") == []


def test_one_finding_per_company_naming_all_its_trackers():
    initial = phase([cookie("datr", FACEBOOK, days=400, third_party=True, domain=".facebook.com"),
                     cookie("_fbp", META, days=90), GA_COOKIE],
                    [request("https://connect.facebook.net/fbevents.js", META),
                     request("https://www.facebook.com/tr?id=1", META), GA_HIT])
    report = site(initial, reject=phase([dict(c, last_set_at=AFTER) for c in initial["cookies"]],
                                        [dict(r, at=AFTER) for r in initial["requests"]], action=clicked()))
    for rule in ("consent.tracker_before_consent", "consent.tracker_after_reject"):
        by_subject = {f["subject"]: f for f in found(report, rule)}
        assert set(by_subject) == {"Google Analytics", "Meta Pixel"}, rule  # the most active of Meta's
        meta = by_subject["Meta Pixel"]
        assert meta["params"]["trackers"] == ["Meta Pixel", "Facebook"] and meta["params"]["others"] == ["Facebook"]
        assert "together with Facebook of the same company" in english(meta)
        assert by_subject["Google Analytics"]["params"]["trackers"] == ["Google Analytics"]
        assert "same company" not in english(by_subject["Google Analytics"])
    meta = next(f for f in found(report, "consent.tracker_before_consent") if f["subject"] == "Meta Pixel")
    assert meta["params"]["requests"] == 2 and meta["params"]["cookies"] == ["_fbp", "datr"]
    assert "Nor do they name Facebook" in english(one_of(found(report, "policy.undeclared_tracker"), "Meta Pixel"))
    claims = policy(claims={"no_third_parties": True, "eu_only": True},
                    claim_quotes={"no_third_parties": [CLAIM], "eu_only": [EU]},
                    declared_vendors=["Google Analytics", "Meta Pixel", "Facebook"])
    for rule in ("policy.claims_no_third_parties", "policy.claims_eu_only"):
        assert subjects(site(initial, pol=claims), rule) == ["Google Analytics", "Meta Pixel"]


def test_trackers_of_different_companies_or_self_hosted_stay_apart():
    own = {**MATOMO, "name": "Plausible", "vendor_id": "plausible"}
    initial = phase([GA_COOKIE, cookie("_hjSessionUser_1", HOTJAR, days=365),
                     cookie("_pk_id.1.a", MATOMO, days=393), cookie("plausible_id", own, days=30)])
    report = site(initial, jurisdiction="BE")
    assert subjects(report, "consent.tracker_before_consent") == ["Google Analytics", "Hotjar", "Matomo", "Plausible"]
    assert all(f["params"]["others"] == [] for f in found(report, "consent.tracker_before_consent"))


def test_a_record_of_a_visit_before_or_without_its_click_says_so_in_every_finding():
    unclicked = site(reject=phase([GA_COOKIE], action=NOT_CLICKED))
    [over] = found(unclicked, "cookie.lifetime_over_13_months")
    assert [(e["phase"], e.get("before_choice")) for e in records(over)] == [("reject", True)]
    after = site(reject=phase([cookie("_ga", GA, days=730, at=AFTER)], action=clicked()))
    [over] = found(after, "cookie.lifetime_over_13_months")
    assert [(e["phase"], e.get("before_choice")) for e in records(over)] == [("reject", None)]
    [over] = found(site(phase([GA_COOKIE])), "cookie.lifetime_over_13_months")
    assert [(e["phase"], e.get("before_choice")) for e in records(over)] == [("initial", None)]


def one_of(findings, subject):
    [finding] = [f for f in findings if f["subject"] == subject]
    return finding


# --- consent.no_banner, consent.no_reject_option ------------------------------------------
def test_no_banner_fires_only_with_trackers_needing_consent_and_a_banner_analysed_absent():
    [finding] = found(site(phase([GA_COOKIE]), banner=NO_BANNER), "consent.no_banner")
    assert finding["subject"] == "banner" and finding["severity"] == "high"
    assert "Google Analytics" in finding["message"]
    assert found(site(phase(), banner=NO_BANNER), "consent.no_banner") == []
    assert found(site(phase([GA_COOKIE]), banner={"detected": None, "analysed": False}), "consent.no_banner") == []
    assert found(site(phase([GA_COOKIE])), "consent.no_banner") == []


def test_a_banner_that_only_informs_is_no_consent_mechanism():
    notice = {"detected": True, "analysed": True, "accept_found": False, "reject_found": False,
              "reject_first_layer": False,
              "first_layer": {"acknowledge_only": True, "acknowledge_labels": ["J'ai compris"]}}
    [finding] = found(site(phase([GA_COOKIE]), banner=notice), "consent.no_banner")
    assert finding["params"]["notice"] == "J'ai compris"
    assert "ne fait qu’informer («\u00a0J'ai compris\u00a0»)" in finding["message"]
    assert found(site(phase(), banner=notice), "consent.no_banner") == []
    # an "OK" beside a refusal is an acceptance: the banner asks, no_banner stays silent
    asks = {**notice, "accept_found": True, "first_layer": {"acknowledge_only": False,
                                                            "acknowledge_labels": []}}
    assert found(site(phase([GA_COOKIE]), banner=asks), "consent.no_banner") == []


def test_no_reject_option_on_the_first_layer():
    banner = {**GOOD_BANNER, "reject_first_layer": False,
              "first_layer": {"accept_labels": ["Tout accepter"], "settings_labels": ["Personnaliser"]}}
    reject = phase(action={**clicked(), "layers": 2})
    [finding] = found(site(reject=reject, banner=banner), "consent.no_reject_option")
    assert "«\u00a0Tout accepter\u00a0»" in finding["message"] and "«\u00a0Personnaliser\u00a0»" in finding["message"]
    assert "2 étapes" in finding["message"]
    assert found(site(), "consent.no_reject_option") == []
    assert found(site(banner=NO_BANNER), "consent.no_reject_option") == []


# --- cookie.lifetime_over_13_months --------------------------------------------------------
def test_lifetime_over_13_months_names_the_cookie_and_both_lifetimes():
    [finding] = found(site(phase([GA_COOKIE])), "cookie.lifetime_over_13_months")
    assert finding["subject"] == "_ga" and finding["severity"] == "medium"
    assert "730 jours (24 mois)" in finding["message"] and "400\u00a0jours" in finding["message"]
    assert "benchmark" in finding["reference"] and "exempt audience" in finding["reference"]


@pytest.mark.parametrize("what", [
    cookie("_ga", GA, days=395),                                      # at the limit
    cookie("_ga", GA, session=True),                                   # session
    cookie("cc_cookie", exempt=True, days=500, category="consent_management"),
    cookie("prefs", exempt=True, days=500, category="functional"),
])
def test_lifetime_over_13_months_stays_silent(what):
    assert found(site(phase([what])), "cookie.lifetime_over_13_months") == []


def test_an_unknown_cookie_set_before_any_choice_for_over_13_months_is_to_be_checked():
    unknown = cookie("visiteur_fidele", None, days=730, known=False)
    [finding] = found(site(phase([unknown])), "cookie.lifetime_over_13_months")
    tracker = found(site(phase([GA_COOKIE])), "cookie.lifetime_over_13_months")[0]
    order = ["info", "low", "medium", "high"]
    assert finding["subject"] == "visiteur_fidele" and finding["severity"] == "low"
    assert order.index(finding["severity"]) < order.index(tracker["severity"])
    assert finding["message_id"] == "cookie.lifetime_over_13_months.unknown_purpose"
    assert "730 jours (24 mois)" in finding["message"] and "finalité est inconnue" in finding["message"]
    assert "Vérifier à quoi sert le cookie visiteur_fidele" in finding["fix"] and "395 jours" in finding["fix"]
    [english] = found(site(phase([unknown])), "cookie.lifetime_over_13_months", language="en")
    assert "its purpose is unknown" in english["message"]
    assert "Find out what the cookie visiteur_fidele is for" in english["fix"]
    assert english["evidence"][0]["name"] == "visiteur_fidele"


def test_an_unknown_third_party_cookie_says_whose_domain_it_is_on():
    unknown = cookie("zz", None, days=500, known=False, third_party=True, domain=".mesure-tiers.com")
    [finding] = found(site(phase([unknown])), "cookie.lifetime_over_13_months", language="en")
    assert "a third-party cookie of .mesure-tiers.com" in finding["message"]


@pytest.mark.parametrize("initial,accept", [
    ([cookie("visiteur", None, session=True, known=False)], []),          # a session cookie
    ([cookie("visiteur", None, days=390, known=False)], []),              # within 13 months
    ([], [cookie("visiteur", None, days=730, known=False, at=AFTER)]),    # first set after accept
    ([cookie("choix", None, days=730, exempt=True, category="consent_management")], []),  # exempt
])
def test_an_unknown_cookie_is_not_to_be_checked(initial, accept):
    report = site(phase(initial), phase(accept, action=clicked("accept")))
    assert found(report, "cookie.lifetime_over_13_months") == []


def test_one_lifetime_finding_per_cookie_across_phases():
    report = site(phase([GA_COOKIE]), phase([GA_COOKIE], action=clicked("accept")),
                  phase([GA_COOKIE], action=clicked()))
    assert subjects(report, "cookie.lifetime_over_13_months") == ["_ga"]


# --- cookie.lifetime_exceeds_policy ----------------------------------------------------------
def stated(subject, kind, days, session=False, quote="…"):
    return {"subject": subject, "subject_kind": kind, "days": days, "session": session,
            "quote": quote, "url": SITE + "cookies"}


def test_lifetime_exceeds_the_policys_own_word_for_that_cookie():
    pol = policy(stated_lifetimes=[stated("_ga", "cookie", 395, quote="_ga | 13 mois"),
                                   stated("cookies", "cookies", 800)])
    [finding] = found(site(phase([GA_COOKIE]), pol=pol), "cookie.lifetime_exceeds_policy")
    assert finding["subject"] == "_ga" and "_ga | 13 mois" in finding["message"]
    assert finding["evidence"][0] == {"kind": "policy_quote", "quote": "_ga | 13 mois", "url": SITE + "cookies",
                                      "subject": "_ga", "subject_kind": "cookie", "days": 395, "session": False}


@pytest.mark.parametrize("days, fires", [(395, False), (414.7, False), (415, True)])
def test_lifetime_exceeds_only_beyond_a_5_percent_margin(days, fires):
    pol = policy(stated_lifetimes=[stated("_ga", "cookie", 395)])
    report = site(phase([cookie("_ga", GA, days=days)]), pol=pol)
    assert bool(found(report, "cookie.lifetime_exceeds_policy")) is fires


def test_lifetime_compared_with_the_vendor_then_cookies_in_general():
    vendor = policy(stated_lifetimes=[stated("Google Analytics", "vendor", 395)])
    assert subjects(site(phase([GA_COOKIE]), pol=vendor), "cookie.lifetime_exceeds_policy") == ["_ga"]
    general = policy(stated_lifetimes=[stated("cookies", "cookies", 395)])
    assert subjects(site(phase([GA_COOKIE, cookie("_fbp", META, days=90)]), pol=general),
                    "cookie.lifetime_exceeds_policy") == ["_ga"]
    session = policy(stated_lifetimes=[stated("prefs", "cookie", 0, session=True)])
    assert subjects(site(phase([cookie("prefs", exempt=True, days=30)]), pol=session),
                    "cookie.lifetime_exceeds_policy") == ["prefs"]


def test_descriptions_and_retention_periods_are_not_cookie_lifetimes():
    pol = policy(stated_lifetimes=[stated("cookie de connexion", "description", 1)],
                 retention_periods=[{"subject": "data", "subject_kind": "data", "days": 30, "session": False,
                                     "quote": "…", "url": SITE}])
    assert found(site(phase([GA_COOKIE]), pol=pol), "cookie.lifetime_exceeds_policy") == []


# --- cookie.undeclared ------------------------------------------------------------------
def table(*names):
    return [{"name": n, "purpose": None, "provider": None, "lifetime": "13 mois", "days": 395,
             "session": False, "url": SITE + "cookies"} for n in names]


def test_cookie_missing_from_the_cookie_table():
    pol = policy(cookie_table=table("PHPSESSID", "_ga", "_ga_*"))
    report = site(phase([GA_COOKIE, cookie("_ga_ABC123", GA, days=730), cookie("_fbp", META, days=90),
                         cookie("PHPSESSID", exempt=True, category="essential"),
                         cookie("consent", exempt=True, days=180, category="consent_management")]), pol=pol)
    [finding] = found(report, "cookie.undeclared")
    assert finding["subject"] == "_fbp" and finding["severity"] == "low"
    assert "PHPSESSID, _ga, _ga_*" in finding["message"]


def test_no_cookie_table_no_undeclared_cookie():
    assert found(site(phase([cookie("_fbp", META, days=90)])), "cookie.undeclared") == []


@pytest.mark.parametrize("pattern, name, matches", [
    ("_ga", "_ga", True), ("_GA", "_ga", True), ("_ga_*", "_ga_XYZ", True), ("_ga_<ID>", "_ga_XYZ", True),
    ("_pk_id.xxxx", "_pk_id.1.a1b2", True), ("_ga", "_gat", False), ("_ga_*", "_gid", False),
])
def test_cookie_table_names(pattern, name, matches):
    assert name_matches(pattern, name) is matches


# --- policy.undeclared_tracker / declared_tracker_not_observed ------------------------------
def test_undeclared_tracker():
    pol = policy(declared_vendors=["Google Analytics"])
    report = site(phase([GA_COOKIE, cookie("_fbp", META, days=90)]), pol=pol)
    [finding] = found(report, "policy.undeclared_tracker")
    assert finding["subject"] == "Meta Pixel" and finding["severity"] == "medium"
    assert "Meta" in finding["message"]


def test_a_tracker_declared_under_its_company_name_in_a_sentence_about_its_service():
    mention = {"vendor": "Google Analytics", "matched": "Google", "basis": "company", "hint": "mesure d'audience",
               "quote": "Mesure d'audience : Google.", "url": SITE + "confidentialite"}
    pol = policy(declared_vendors=["Google Analytics"], vendor_mentions=[mention])
    assert found(site(phase([GA_COOKIE]), pol=pol), "policy.undeclared_tracker") == []


def test_a_bare_company_name_is_a_weaker_finding_that_quotes_it():
    bare = {"company": "Google", "candidates": ["Google Analytics", "Google Ads"],
            "quote": "Nous travaillons avec Google.", "url": SITE + "confidentialite"}
    [finding] = found(site(phase([GA_COOKIE]), pol=policy(company_mentions=[bare])), "policy.undeclared_tracker")
    assert finding["severity"] == "low" and "Nous travaillons avec Google." in finding["message"]
    assert finding["evidence"][0]["kind"] == "policy_quote"


def test_no_undeclared_tracker_without_any_policy():
    report = site(phase([GA_COOKIE]), pages={"legal_notice": SITE + "ml", "privacy_policy": None,
                                             "cookie_policy": None})
    assert found(report, "policy.undeclared_tracker") == []
    assert subjects(report, "policy.missing") == ["privacy_policy"]


def test_declared_tracker_not_observed_is_information():
    mention = {"vendor": "Hotjar", "matched": "Hotjar", "basis": "name", "quote": "Nous utilisons Hotjar.",
               "url": SITE + "confidentialite"}
    pol = policy(declared_vendors=["Hotjar", "Google Analytics"], vendor_mentions=[mention])
    [finding] = found(site(phase([GA_COOKIE]), pol=pol), "policy.declared_tracker_not_observed")
    assert finding["subject"] == "Hotjar" and finding["severity"] == "info"
    hotjar_seen = site(phase([GA_COOKIE, cookie("_hjSessionUser_1", HOTJAR, days=365)]), pol=pol)
    assert found(hotjar_seen, "policy.declared_tracker_not_observed") == []


# --- the policy's claims ------------------------------------------------------------------
CLAIM = {"quote": "Vos données ne sont jamais transmises à des tiers.", "url": SITE + "confidentialite"}
EU = {"quote": "Toutes vos données sont hébergées en France.", "url": SITE + "confidentialite"}


def test_no_third_parties_claim_against_another_companys_tracker():
    pol = policy(claims={"no_third_parties": True}, claim_quotes={"no_third_parties": [CLAIM]},
                 declared_vendors=["Google Analytics", "Matomo"])
    report = site(phase([GA_COOKIE, cookie("_pk_id.1.a", MATOMO, exempt=True, days=393)]), pol=pol)
    [finding] = found(report, "policy.claims_no_third_parties")
    assert finding["subject"] == "Google Analytics" and CLAIM["quote"] in finding["message"]
    assert finding["evidence"][0]["quote"] == CLAIM["quote"]
    assert found(site(phase([GA_COOKIE])), "policy.claims_no_third_parties") == []


def test_eu_only_claim_against_trackers_outside_the_eu():
    pol = policy(claims={"eu_only": True}, claim_quotes={"eu_only": [EU]})
    report = site(phase([GA_COOKIE, cookie("_hjSessionUser_1", HOTJAR, days=365),
                         cookie("_pk_id.1.a", MATOMO, exempt=True, days=393)]), pol=pol)
    assert subjects(report, "policy.claims_eu_only") == ["Google Analytics"]  # Hotjar is in Malta
    assert found(site(phase([GA_COOKIE])), "policy.claims_eu_only") == []


def test_privacy_shield():
    shield = {"quote": "Google est certifiée Privacy Shield.", "url": SITE + "confidentialite"}
    pol = policy(claims={"privacy_shield": True}, claim_quotes={"privacy_shield": [shield]})
    [finding] = found(site(pol=pol), "policy.obsolete_privacy_shield")
    assert finding["subject"] == "privacy_shield" and finding["severity"] == "medium"
    assert "16\u00a0juillet\u00a02020" in finding["message"]
    dpf = {"quote": "… Data Privacy Framework …", "url": SITE}
    both = policy(claims={"privacy_shield": True, "data_privacy_framework": True},
                  claim_quotes={"privacy_shield": [shield], "data_privacy_framework": [dpf]})
    assert found(site(pol=both), "policy.obsolete_privacy_shield")[0]["severity"] == "low"
    history = policy(claims={"privacy_shield": False, "privacy_shield_mentioned": True})
    assert found(site(pol=history), "policy.obsolete_privacy_shield") == []


# --- policy.missing, policy.missing_element --------------------------------------------------
def test_policy_missing_is_high_when_trackers_need_consent():
    pages = {"legal_notice": SITE + "ml", "privacy_policy": None, "cookie_policy": None}
    assert found(site(pages=pages), "policy.missing")[0]["severity"] == "medium"
    assert found(site(phase([GA_COOKIE]), pages=pages), "policy.missing")[0]["severity"] == "high"
    assert found(site(), "policy.missing") == []


def test_missing_policy_elements_by_element():
    pol = policy(elements={"present": {}, "missing": ["retention", "dpo_contact", "transfers", "withdraw_consent"]})
    findings = {f["subject"]: f for f in found(site(phase([GA_COOKIE]), pol=pol), "policy.missing_element")}
    assert findings["retention"]["severity"] == "medium"
    assert findings["dpo_contact"]["severity"] == "info"
    assert findings["transfers"]["severity"] == "medium"          # Google, US, observed
    assert findings["withdraw_consent"]["severity"] == "medium"   # the site asks for consent
    quiet = {f["subject"]: f for f in found(site(banner=NO_BANNER, pol=pol), "policy.missing_element")}
    assert quiet["transfers"]["severity"] == "low" and quiet["withdraw_consent"]["severity"] == "info"
    no_policy = site(pol=pol, pages={"legal_notice": SITE, "privacy_policy": None, "cookie_policy": None})
    assert found(no_policy, "policy.missing_element") == []


# --- legal notice -------------------------------------------------------------------------
def test_legal_notice_missing_fires_alone():
    notice = {"fields": {}, "missing": ["publisher_name", "host_name"], "found": False}
    report = site(notice=notice, pages={**POLICY_PAGES, "legal_notice": None})
    assert subjects(report, "legal_notice.missing") == ["legal_notice"]
    assert found(report, "legal_notice.missing")[0]["severity"] == "high"
    assert found(report, "legal_notice.missing_field") == []


def test_legal_notice_missing_fields_by_jurisdiction():
    notice = {"fields": {}, "missing": ["publisher_name", "publication_director", "host_phone"], "found": True}
    fr = {f["subject"]: f["severity"] for f in found(site(notice=notice), "legal_notice.missing_field")}
    assert fr == {"publisher_name": "medium", "publication_director": "low", "host_phone": "low"}
    be = {f["subject"] for f in found(site(notice=notice, jurisdiction="BE"), "legal_notice.missing_field")}
    assert be == {"publisher_name"}  # no publication director or host duty in Belgium
    assert found(site(), "legal_notice.missing_field") == []


# --- transport.insecure --------------------------------------------------------------------
def test_insecure_site_and_forms():
    report = site(phase(forms=["http://www.exemple.fr/envoi", "https://www.exemple.fr/ok"]))
    assert subjects(report, "transport.insecure") == ["http://www.exemple.fr/envoi"]
    plain = site(final_url="http://www.exemple.fr/")
    assert subjects(plain, "transport.insecure") == ["http://www.exemple.fr/"]
    assert found(site(), "transport.insecure") == []


def test_insecure_own_resources_but_not_blocked_or_third_party_ones():
    own = request("http://www.exemple.fr/logo.png", third_party=False)
    blocked = {**request("http://www.exemple.fr/app.js", third_party=False), "status": None}
    other = request("http://cdn.ailleurs.com/x.js")
    findings = found(site(phase(requests=[own, blocked, other])), "transport.insecure")
    assert [f["subject"] for f in findings] == ["http://www.exemple.fr/"]
    assert findings[0]["severity"] == "low" and len(findings[0]["evidence"]) == 1


# --- summary and re-judge ---------------------------------------------------------------------
def test_summary_verdicts():
    assert apply(site())["summary"]["verdict"] == "no_issue_found"
    medium = apply(site(phase([GA_COOKIE.copy() | {"exempt": False}], action=None), banner=GOOD_BANNER))
    assert medium["summary"]["verdict"] == "non_compliant"  # _ga before consent
    attention = apply(site(notice={"fields": {}, "missing": ["publisher_phone"], "found": True}))
    assert attention["summary"]["verdict"] == "needs_attention"
    assert attention["summary"]["counts"] == {"high": 0, "medium": 0, "low": 1, "info": 0}
    assert "1 point mérite d’être examiné" in attention["summary"]["sentence"]
    assert attention["summary"]["verdict_label"] == "Le site présente des points à corriger"


def test_rejudge_command_rewrites_saved_reports(tmp_path, capsys):
    folder = tmp_path / "www.exemple.fr" / "20261122T080000Z"
    folder.mkdir(parents=True)
    report = site(phase([GA_COOKIE]), banner=NO_BANNER)
    (folder / "report.json").write_text(json.dumps(report), encoding="utf-8")
    assert rejudge([str(tmp_path)]) == 0
    saved = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert saved["summary"]["verdict"] == "non_compliant"
    assert {f["rule"] for f in saved["findings"]} >= {"consent.no_banner", "consent.tracker_before_consent"}
    assert "non_compliant" in capsys.readouterr().out
    before = copy.deepcopy(saved)
    assert rejudge([str(folder / "report.json"), "--dry-run"]) == 0
    assert json.loads((folder / "report.json").read_text(encoding="utf-8")) == before


def test_rejudge_words_the_findings_in_its_language(tmp_path):
    path = tmp_path / "report.json"
    path.write_text(json.dumps(site(phase([GA_COOKIE]), banner=NO_BANNER)), encoding="utf-8")

    def rejudged_with(*options):
        assert rejudge([str(path), *options]) == 0
        return json.loads(path.read_text(encoding="utf-8"))

    french = rejudged_with()  # French by default, as REPORT_LANGUAGE
    assert french["summary"]["verdict_label"] == "Le site n’est pas conforme"
    assert any("bandeau de consentement" in f["message"] for f in french["findings"])
    english = rejudged_with("--language", "en")
    assert english["summary"]["verdict_label"] == "The site does not comply"
    assert any("consent banner" in f["message"] for f in english["findings"])
    assert [f["params"] for f in english["findings"]] == [f["params"] for f in french["findings"]]
    with pytest.raises(SystemExit):
        rejudge([str(path), "--language", "de"])


# --- attribution: the knowledge base applied to the captured facts, at judge time ----------
def facts(record):
    """A record as the capture writes it: no tracker, service or exemption."""
    attributed = ("tracker", "service", "exempt", "exempt_reason", "category", "purpose", "known")
    return {k: v for k, v in record.items() if k not in attributed}


UNKNOWN_HIT = request("https://stats.mesure-maison.fr/t.js")


def test_the_judge_attributes_the_records_from_their_facts():
    cdn = request("https://cdn.jsdelivr.net/npm/jquery@3.7.1/dist/jquery.min.js")
    report = site(phase([facts(GA_COOKIE), facts(cookie("PHPSESSID"))],
                        [facts(GA_HIT), facts(cdn), facts(UNKNOWN_HIT)]))
    apply(report)
    initial = report["phases"]["initial"]
    ga_cookie, session = initial["cookies"]
    assert ga_cookie["tracker"]["name"] == "Google Analytics" and ga_cookie["tracker"]["company"] == "Google"
    assert ga_cookie["exempt"] is False and ga_cookie["category"] == "analytics" and ga_cookie["known"]
    assert session["tracker"] is None and session["exempt"] is True and session["exempt_reason"]
    assert session["exempt_reason_code"] == "necessary.session" and session["exempt_reason_params"] == {}
    ga_hit, cdn_hit, unknown = initial["requests"]
    assert ga_hit["tracker"]["vendor_id"] == "google_analytics" and ga_hit["service"] is None
    assert cdn_hit["tracker"] is None and cdn_hit["service"]["category"] == "cdn"
    assert unknown["tracker"] is None and unknown["service"] is None
    assert subjects(report, "consent.tracker_before_consent") == ["Google Analytics"]
    assert report["knowledge"]["versions"]["overlay"].startswith("sha256:")
    assert any("Open Cookie Database" in line for line in report["knowledge"]["attribution"])


def test_attribution_follows_the_jurisdiction_of_the_report():
    matomo = cookie("_pk_id.1.a1b2", domain="www.exemple.fr", days=393)
    hit = request("https://www.exemple.fr/matomo.php?idsite=1", third_party=False)
    fr = apply(site(phase([facts(matomo)], [facts(hit)])))
    be = apply(site(phase([facts(matomo)], [facts(hit)]), jurisdiction="BE"))
    [fr_cookie], [be_cookie] = fr["phases"]["initial"]["cookies"], be["phases"]["initial"]["cookies"]
    assert fr_cookie["tracker"]["name"] == be_cookie["tracker"]["name"] == "Matomo"
    assert fr_cookie["exempt"] is True and be_cookie["exempt"] is False


def test_a_report_saved_with_older_knowledge_is_attributed_again():
    stale_ga = {**GA, "name": "Urchin", "company": "Urchin Software"}
    report = site(phase([cookie("_ga", stale_ga, exempt=True, days=730)],
                        [request(GA_HIT["url"], stale_ga), request(UNKNOWN_HIT["url"], HOTJAR)]))
    report["knowledge"] = {"versions": {"overlay": "sha256:0000"}, "attribution": []}
    apply(report)
    [ga_cookie] = report["phases"]["initial"]["cookies"]
    ga_hit, unknown = report["phases"]["initial"]["requests"]
    assert ga_cookie["tracker"]["name"] == ga_hit["tracker"]["name"] == "Google Analytics"
    assert ga_cookie["exempt"] is False and ga_cookie["exempt_reason"] != "test"
    assert unknown["tracker"] is None
    assert subjects(report, "consent.tracker_before_consent") == ["Google Analytics"]
    assert report["knowledge"]["versions"]["overlay"] != "sha256:0000"
    assert report["knowledge"]["attribution"]


# --- what to change, and the texts it rests on ---------------------------------------------
def fixes(report, rule):
    """The English fixes (the French ones: tests/test_wording.py)."""
    return {f["subject"]: f["fix"] for f in found(report, rule, "en")}


def test_a_tracker_fix_names_that_tracker_and_its_own_cookies_only():
    meta_cookie = cookie("_fbp", META, days=90, third_party=True)
    meta_hit = request("https://connect.facebook.net/fbevents.js", META)
    before = fixes(site(phase([GA_COOKIE, meta_cookie], [GA_HIT, meta_hit])), "consent.tracker_before_consent")
    assert before["Google Analytics"].startswith("Block the loading of Google Analytics and the setting of "
                                                 "its cookies _ga until the visitor has accepted")
    assert "www.google-analytics.com" in before["Google Analytics"]
    assert "Meta Pixel" not in before["Google Analytics"] and "_fbp" not in before["Google Analytics"]
    assert "Meta Pixel" in before["Meta Pixel"] and "_fbp" in before["Meta Pixel"]
    assert "_ga" not in before["Meta Pixel"]
    after = fixes(site(reject=phase([cookie("_fbp", META, days=90, at=AFTER)], action=clicked())),
                  "consent.tracker_after_reject")
    assert after == {"Meta Pixel": after["Meta Pixel"]}
    assert after["Meta Pixel"].startswith('Make "Tout refuser" a real refusal: once it is clicked, Meta Pixel')
    assert "(_fbp)" in after["Meta Pixel"]


def test_a_banner_fix_names_its_own_buttons_and_the_trackers_to_hold_back():
    [no_banner] = fixes(site(phase([GA_COOKIE]), banner=NO_BANNER), "consent.no_banner").values()
    assert "Google Analytics (Google, United States)" in no_banner and '"reject all"' in no_banner
    banner = {**GOOD_BANNER, "reject_first_layer": False,
              "first_layer": {"accept_labels": ["J'accepte"], "settings_labels": ["Paramétrer"]}}
    [reject] = fixes(site(banner=banner), "consent.no_reject_option").values()
    assert "next to \"J'accepte\"" in reject and '"Paramétrer" can stay' in reject


def test_a_lifetime_fix_names_the_cookie_and_the_lifetime_to_reach():
    long = fixes(site(phase([GA_COOKIE])), "cookie.lifetime_over_13_months")
    assert long == {"_ga": "Shorten the lifetime of the cookie _ga (Google Analytics) from 730 days to "
                           "395 days (13 months) at most, in the tag's cookie-expiry setting."}
    matomo = cookie("_pk_id.1.abcd", MATOMO, days=500)
    [audience] = fixes(site(phase([matomo])), "cookie.lifetime_over_13_months").values()
    assert "_pk_id.1.abcd" in audience and "do not extend it on each visit" in audience
    pol = policy(stated_lifetimes=[stated("_ga", "cookie", 395, quote="_ga : 13 mois")])
    [exceeds] = fixes(site(phase([GA_COOKIE]), pol=pol), "cookie.lifetime_exceeds_policy").values()
    assert "shorten its lifetime to 395 days at most" in exceeds and '("_ga : 13 mois")' in exceeds
    assert "730 days (24 months)" in exceeds


def test_a_policy_fix_quotes_the_sentence_to_correct():
    pol = policy(claims={"no_third_parties": True, "eu_only": True},
                 claim_quotes={"no_third_parties": [CLAIM], "eu_only": [EU]})
    report = site(phase([GA_COOKIE]), pol=pol)
    [third] = fixes(report, "policy.claims_no_third_parties").values()
    assert f'where it says "{CLAIM["quote"]}": Google receives' in third
    [eu] = fixes(report, "policy.claims_eu_only").values()
    assert f'"{EU["quote"]}"' in eu and "Google, based outside the EU (United States)" in eu
    table_pol = policy(cookie_table=[{"name": "_gid", "url": SITE + "cookies"}])
    assert fixes(site(phase([GA_COOKIE]), pol=table_pol), "cookie.undeclared") == {
        "_ga": "Add the cookie _ga (a cookie of Google Analytics) to the cookie table of the policy, with "
               "its purpose, its lifetime and who sets it, or stop setting it if it is not needed."}


def test_a_legal_notice_fix_names_the_missing_field_as_the_jurisdiction_asks():
    notice = {"fields": {}, "missing": ["host_name", "registration"], "found": True}
    fr = fixes(site(notice=notice), "legal_notice.missing_field")
    assert fr["host_name"] == "Add to the legal notice the name of the host (the company that stores the site)."
    assert "RCS" in fr["registration"] and "BCE" not in fr["registration"]
    be = fixes(site(notice=notice, jurisdiction="BE"), "legal_notice.missing_field")
    assert set(be) == {"registration"} and "BCE/KBO" in be["registration"] and "RCS" not in be["registration"]
    missing = {"fields": {}, "missing": [], "found": False}
    [fr_all] = fixes(site(notice=missing), "legal_notice.missing").values()
    [be_all] = fixes(site(notice=missing, jurisdiction="BE"), "legal_notice.missing").values()
    assert "publication director" in fr_all and "host" in fr_all
    assert "enterprise number (BCE/KBO)" in be_all and "publication director" not in be_all


def test_legal_bases_cite_the_binding_text_of_the_sites_jurisdiction_first():
    fr = found(site(phase([GA_COOKIE])), "consent.tracker_before_consent", "en")[0]["legal_basis"]
    assert fr[0] == {"text": "Loi n° 78-17 du 6 janvier 1978 relative à l'informatique, aux fichiers et aux libertés",
                     "article": "art. 82", "binding": True,
                     "url": "https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000037813978"}
    assert {"text": "Regulation (EU) 2016/679 (GDPR)", "article": "art. 4(11)", "binding": True,
            "url": "https://eur-lex.europa.eu/eli/reg/2016/679/oj"} in fr
    assert not fr[-1]["binding"] and fr[-1]["url"].startswith("https://curia.europa.eu/")
    be = found(site(phase([GA_COOKIE]), jurisdiction="BE"), "consent.tracker_before_consent")[0]["legal_basis"]
    assert be[0]["text"].startswith("Loi du 30 juillet 2018") and be[0]["article"] == "art. 10/2"
    assert not any("78-17" in b["text"] or "CNIL" in b["text"] for b in be)
    notice = {"fields": {}, "missing": [], "found": False}
    [lcen] = found(site(notice=notice), "legal_notice.missing")
    assert (lcen["legal_basis"][0]["text"], lcen["legal_basis"][0]["article"]) == (
        "Loi n° 2004-575 du 21 juin 2004 pour la confiance dans l'économie numérique (LCEN)", "art. 1-1")
    [cde] = found(site(notice=notice, jurisdiction="BE"), "legal_notice.missing")
    assert (cde["legal_basis"][0]["text"], cde["legal_basis"][0]["article"]) == ("Code de droit économique", "art. III.74")


def test_a_policy_elements_legal_basis_is_its_own_article():
    pol = policy(elements={"present": {}, "missing": ["retention", "complaint"]})
    bases = {f["subject"]: f["legal_basis"][0]["article"] for f in found(site(pol=pol), "policy.missing_element")}
    assert bases == {"retention": "art. 13(2)(a)", "complaint": "art. 13(2)(d)"}


def test_references_are_citations_without_internal_codes():
    for report in (site(phase([GA_COOKIE]), banner=NO_BANNER, pages={}), site(phase([GA_COOKIE]), jurisdiction="BE")):
        for finding in judge(report):
            assert not re.search(r"[✔◐✖]|\[[A-Z0-9-]+|\bS\d+\b", finding["reference"]), finding["reference"]


def knowledge_dir(tmp_path, edit=None):
    """A copy of the shipped services.yaml, changed by `edit` (a re-judge's --data-dir)."""
    folder = tmp_path / ("changed" if edit else "unchanged")
    folder.mkdir()
    if edit is None:
        shutil.copy(datafiles.data_file("services.yaml"), folder)
    else:
        data = datafiles.read_yaml("services.yaml")
        edit(data["services"])
        (folder / "services.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def rejudged(path, *options):
    assert rejudge([str(path), *options]) == 0
    return json.loads(path.read_text(encoding="utf-8"))


def attributions(report):
    return [(r["url"] if "url" in r else r["name"], r["tracker"], r.get("exempt"))
            for p in report["phases"].values() for kind in ("requests", "cookies") for r in p[kind]]


def test_rejudge_attributes_saved_reports_with_todays_knowledge(tmp_path):
    path = tmp_path / "report.json"
    path.write_text(json.dumps(site(phase([facts(GA_COOKIE)], [facts(GA_HIT), facts(UNKNOWN_HIT)]))),
                    encoding="utf-8")
    first = rejudged(path)
    assert [t and t["company"] for _, t, _ in attributions(first)] == ["Google", None, "Google"]
    assert subjects(first, "consent.tracker_before_consent") == ["Google Analytics"]
    # The same knowledge, shipped or copied: the same attribution.
    assert attributions(rejudged(path)) == attributions(first)
    same = rejudged(path, "--data-dir", str(knowledge_dir(tmp_path)))
    assert attributions(same) == attributions(first)
    assert same["knowledge"] == first["knowledge"] and same["findings"] == first["findings"]

    def edit(services):  # Google's analytics bought; the site's stats host now known
        services["google_analytics"].update(company="Alphabet", country="IE")
        services["mesure_maison"] = {"name": "Mesure Maison", "company": "Mesure Maison SAS",
                                     "country": "FR", "category": "advertising",
                                     "match": ["mesure-maison.fr"]}

    changed = rejudged(path, "--data-dir", str(knowledge_dir(tmp_path, edit)))
    ga_hit, unknown_hit, ga_cookie = attributions(changed)
    assert ga_hit[1]["company"] == ga_cookie[1]["company"] == "Alphabet" and ga_hit[1]["country"] == "IE"
    assert unknown_hit[1]["name"] == "Mesure Maison" and unknown_hit[1]["category"] == "advertising"
    assert subjects(changed, "consent.tracker_before_consent") == ["Google Analytics", "Mesure Maison"]
    assert changed["knowledge"]["versions"]["overlay"] != first["knowledge"]["versions"]["overlay"]
    # And back to the shipped data, as it was.
    assert attributions(rejudged(path)) == attributions(first)


def test_rejudge_says_when_its_data_dir_is_missing(tmp_path):
    path = tmp_path / "report.json"
    path.write_text(json.dumps(site()), encoding="utf-8")
    with pytest.raises(SystemExit, match="no such directory"):
        rejudge([str(path), "--data-dir", str(tmp_path / "absent")])


# --- no attribution without corroboration (issue 17) -----------------------------------------
OWN_SCRIPT = SITE + "js/site.js"


def own_cookie(name, days, at, set_by_url=OWN_SCRIPT, domain="www.exemple.fr"):
    """A first-party cookie as the capture writes it, set by the site's own script."""
    return facts({**cookie(name, days=days, at=at, domain=domain), "set_by_url": set_by_url})


def refused(*cookies_set_after):
    """A verified "Tout refuser" click after which the site wrote these cookies."""
    return {**clicked(), "verification": {"verified": True, "banner_gone": True, "choice_stored": True,
                                          "cookies_set_after": list(cookies_set_after), "reasons": []}}


def rules_of(report):
    return {f["rule"] for f in report["findings"]}


def test_a_sites_own_mp_cookie_without_mixpanel_is_not_mixpanel():
    reject = phase([own_cookie("mp_affichage", 365, AFTER)], action=refused())
    report = apply(site(reject=reject))
    assert not rules_of(report) & {"consent.tracker_after_reject", "policy.undeclared_tracker"}
    [record] = report["phases"]["reject"]["cookies"]
    assert record["tracker"] is None and not record["known"]
    assert record["attribution"] == "name_only_uncorroborated"
    assert record["exempt_reason_code"] == "unknown_cookie.uncorroborated"
    assert record["exempt_reason_params"] == {"service": "Mixpanel", "pattern": "mp_*"}


def test_an_mp_cookie_is_mixpanels_when_mixpanel_is_contacted_in_that_visit():
    from auditor.knowledge import Knowledge
    if not Knowledge.default().uses_trackerdb:
        pytest.skip("Mixpanel's hosts are known from trackerdb only")
    mixpanel = request("https://api-js.mixpanel.com/track/?data=e30", at=AFTER)
    reject = phase([own_cookie("mp_affichage", 365, AFTER)], [facts(mixpanel)], action=refused())
    report = apply(site(reject=reject))
    after = [f for f in report["findings"] if f["rule"] == "consent.tracker_after_reject"]
    assert [f["subject"] for f in after] == ["Mixpanel"]
    assert "Mixpanel" in {f["subject"] for f in report["findings"] if f["rule"] == "policy.undeclared_tracker"}
    assert report["phases"]["reject"]["cookies"][0]["attribution"] == "hosts_seen"


def test_a_vendors_cookie_pattern_counts_with_its_hosts_in_the_same_visit_only():
    hotjar = request("https://static.hotjar.com/c/hotjar-3141592.js?sv=6", at=BEFORE)
    user = own_cookie("_hjSessionUser_3141592", 365, AFTER, set_by_url=None)
    seen = apply(site(reject=phase([user], [facts(hotjar)], action=refused())))
    assert "Hotjar" in {f["subject"] for f in seen["findings"] if f["rule"] == "consent.tracker_after_reject"}
    # Hotjar loaded only in the visit that accepted: the refusing visit's cookie is not Hotjar's.
    elsewhere = apply(site(accept=phase([], [facts(hotjar)], action=clicked("accept")),
                           reject=phase([user], action=refused())))
    assert "consent.tracker_after_reject" not in rules_of(elsewhere)
    # ...unless Hotjar's own script set it.
    by_script = own_cookie("_hjSessionUser_3141592", 365, AFTER, set_by_url=hotjar["url"])
    scripted = apply(site(reject=phase([by_script], action=refused())))
    assert scripted["phases"]["reject"]["cookies"][0]["attribution"] == "set_by_vendor"
    assert "consent.tracker_after_reject" in rules_of(scripted)


def test_the_banners_own_consent_cookie_on_refusal_is_the_choice_not_google():
    ga = request("https://www.googletagmanager.com/gtag/js?id=G-EXEMPLE1", at=BEFORE)
    reject = phase([own_cookie("consent", 180, AFTER)], [facts(ga)], action=refused("consent"))
    report = apply(site(initial=phase([], [facts(ga)]), reject=reject))
    assert not any(f["rule"] == "consent.tracker_after_reject" and "Google" in f["subject"]
                   for f in report["findings"])
    [record] = report["phases"]["reject"]["cookies"]
    assert record["tracker"] is None and record["exempt"] is True and record["attribution"] == "choice_storage"
    assert record["exempt_reason_code"] == "choice_storage.reject" and record["category"] == "consent_management"
    # Not named by the verification, it is still not Google's: CONSENT lives on google.com.
    unnamed = apply(site(reject=phase([own_cookie("consent", 180, AFTER)], [facts(ga)], action=refused())))
    [record] = unnamed["phases"]["reject"]["cookies"]
    assert record["tracker"] is None and record["attribution"] == "name_only_uncorroborated"
    assert "consent.tracker_after_reject" not in rules_of(unnamed)


def test_googles_consent_cookie_on_google_com_counts():
    google = facts(cookie("CONSENT", days=400, at=AFTER, domain=".google.com", third_party=True))
    report = apply(site(reject=phase([google], action=refused())))
    [record] = report["phases"]["reject"]["cookies"]
    assert record["tracker"]["company"] == "Google" and record["attribution"] == "domain"
    assert any(f["rule"] == "consent.tracker_after_reject" and f["params"]["tracker"]["company"] == "Google"
               for f in report["findings"])


def test_a_tracker_cookie_written_after_the_click_is_no_record_of_the_choice():
    # The verification lists every first-party cookie set after the click; a tracker's stays a tracker's.
    fbp = own_cookie("_fbp", 90, AFTER, set_by_url=None)
    report = apply(site(reject=phase([fbp, own_cookie("choix_cookies", 30, AFTER)],
                                     action=refused("_fbp", "choix_cookies"))))
    fbp_record, choice = report["phases"]["reject"]["cookies"]
    assert fbp_record["tracker"]["name"] == "Meta Pixel" and not fbp_record["exempt"]
    assert choice["attribution"] == "choice_storage" and choice["exempt"]
    assert "Meta Pixel" in {f["subject"] for f in report["findings"] if f["rule"] == "consent.tracker_after_reject"}


def test_a_cookie_set_after_the_click_is_the_choice_only_if_its_name_says_so():
    report = apply(site(reject=phase([own_cookie("vue_grille", 30, AFTER)], action=refused("vue_grille"))))
    [record] = report["phases"]["reject"]["cookies"]
    assert not record["exempt"] and record["attribution"] != "choice_storage"


def test_an_uncorroborated_vendor_pattern_long_lived_before_any_choice_is_to_be_checked():
    report = apply(site(phase([own_cookie("mp_affichage", 730, T0)])))
    [finding] = [f for f in report["findings"] if f["rule"] == "cookie.lifetime_over_13_months"]
    assert finding["severity"] == "low" and finding["params"]["resembles"] == "Mixpanel"
    assert "rien de Mixpanel n’a été vu sur le site" in finding["message"]


# --- consent.choice_not_remembered -----------------------------------------------------------
def test_a_refusal_forgotten_on_the_next_pages_or_a_return_visit():
    forgotten = {**clicked(), "banner_reappeared": [SITE + "services", SITE + "contact"], "banner_on_return": True}
    [finding] = found(site(reject=phase([], action=forgotten)), "consent.choice_not_remembered")
    assert finding["subject"] == "banner" and finding["severity"] == "medium"
    assert finding["params"] == {"reject": forgotten.get("control"), "pages": 2, "return_visit": True}
    [shown] = [e for e in finding["evidence"] if e["kind"] == "banner_again"]
    assert shown["pages"] == [SITE + "services", SITE + "contact"]
    only_return = {**clicked(), "banner_reappeared": [], "banner_on_return": True}
    [finding] = found(site(reject=phase([], action=only_return)), "consent.choice_not_remembered")
    assert finding["params"]["pages"] == 0 and finding["params"]["return_visit"] is True


def test_a_refusal_kept_or_never_made_is_not_said_forgotten():
    kept = {**clicked(), "banner_reappeared": [], "banner_on_return": False}
    assert found(site(reject=phase([], action=kept)), "consent.choice_not_remembered") == []
    unknown = {**clicked(), "banner_reappeared": [], "banner_on_return": None}   # the tab did not load
    assert found(site(reject=phase([], action=unknown)), "consent.choice_not_remembered") == []
    inert = {**clicked(), "verification": {"reasons": ["the banner is still shown"], "banner_gone": False},
             "banner_reappeared": [SITE + "services"], "banner_on_return": True}
    assert found(site(reject=phase([], action=inert)), "consent.choice_not_remembered") == []
    not_clicked = {**clicked(), "performed": False, "banner_reappeared": [SITE + "services"]}
    assert found(site(reject=phase([], action=not_clicked)), "consent.choice_not_remembered") == []


# --- consent.cookie_wall ---------------------------------------------------------------------
def wall_scan(covered=0.12, *, lock=(), blurred=(), inert=(), chars=900, height=2400, backdrop_blur=False):
    """One wall scan (auditor/consent/js/wall_scan.js) of a 1366 x 768 viewport."""
    overlay = {"tag": "div", "id": "mur", "share": covered, "box_share": covered, "holds_banner": True,
               "backdrop_blur": backdrop_blur, "background": "rgba(0, 0, 0, 0.6)"} if covered else None
    return {"viewport": [1366, 768], "scroll_height": height, "covered_share": covered, "overlay": overlay,
            "scroll_lock": list(lock), "blurred": list(blurred), "inert": list(inert), "content_chars": chars}


CLEAR = wall_scan(0)
WALL = wall_scan(1.0, lock=["body_overflow_hidden"], blurred=["main"], backdrop_blur=True)
ONLY_ACCEPT = {**GOOD_BANNER, "reject_found": False, "reject_first_layer": False,
               "first_layer": {"accept_found": True, "accept_labels": ["Accepter et accéder au site"],
                               "wall_labels": []}}
REJECT_NOT_CLICKED = {**NOT_CLICKED, "reason": "the banner shows no reject control"}


def walled(initial_scan, *, accept_scans=None, reject_scans=None, banner=GOOD_BANNER, reject_action=None,
           jurisdiction="FR"):
    initial = {**phase(), "wall_scan": {"home": initial_scan}, "banner_screenshot": "screenshot-banner.png"}
    accept = {**phase(action=clicked("accept")), "wall_scan": accept_scans or {"home": CLEAR, "next": CLEAR}}
    reject = {**phase(action=reject_action or clicked()), "wall_scan": reject_scans or {}}
    return site(initial, accept, reject, banner=banner, jurisdiction=jurisdiction)


def test_content_blurred_behind_a_banner_that_offers_only_accept_is_a_cookie_wall():
    report = walled(WALL, banner=ONLY_ACCEPT, reject_action=REJECT_NOT_CLICKED)
    [finding] = found(report, "consent.cookie_wall")
    assert finding["subject"] == "banner" and finding["severity"] == "medium"
    assert finding["message_id"] == "consent.cookie_wall"
    assert finding["params"]["blocked_by"] == "overlay" and finding["params"]["overlay"] == 100
    assert set(finding["params"]["reasons"]) == {"overlay", "scroll_lock", "blur"}
    assert finding["params"]["after_reject"] is False and finding["params"]["jurisdiction"] == "FR"
    assert "au cas par cas" in finding["message"] and "alternative réelle et équitable" in finding["message"]
    [blocking] = [e for e in finding["evidence"] if e["kind"] == "wall"]
    assert blocking["phase"] == "initial" and blocking["overlay_share"] == 1.0
    assert blocking["scroll_lock"] == ["body_overflow_hidden"] and blocking["blurred"] == ["main"]
    shots = [e for e in finding["evidence"] if e["kind"] == "screenshot"]
    assert {"phase": "initial", "file": "screenshot-banner.png", "part": "banner", "kind": "screenshot"} in shots
    assert all(e["phase"] != "reject" for e in shots)   # no reject click, no reject screenshot
    assert any(c["text"].startswith("Conseil d'État") for c in finding["legal_basis"])


def test_a_belgian_cookie_wall_is_a_breach():
    report = walled(WALL, banner=ONLY_ACCEPT, reject_action=REJECT_NOT_CLICKED, jurisdiction="BE")
    [finding] = found(report, "consent.cookie_wall")
    assert finding["severity"] == "high"
    assert "interdits" in finding["message"] and "cas par cas" not in finding["message"]
    assert finding["legal_basis"][0]["text"].startswith("Loi du 30 juillet 2018")
    [english] = found(report, "consent.cookie_wall", language="en")
    assert "prohibited" in english["message"]


def test_content_still_blocked_after_reject_all_is_a_cookie_wall():
    gate = wall_scan(0.96, lock=["html_overflow_hidden"])   # « Vous devez accepter les cookies… »
    report = walled(wall_scan(0.3), reject_scans={"home": gate, "next": gate})
    [finding] = found(report, "consent.cookie_wall")
    assert finding["params"]["after_reject"] is True and finding["params"]["reject"] == "Tout refuser"
    assert finding["params"]["reasons"] == ["overlay", "scroll_lock"] and finding["params"]["overlay"] == 96
    assert "après un clic sur «\u00a0Tout refuser\u00a0»" in finding["message"]
    assert [e["phase"] for e in finding["evidence"] if e["kind"] == "wall"] == ["reject"]
    assert {"kind": "screenshot", "phase": "reject", "file": "screenshot.png"} in finding["evidence"]


def test_a_modal_banner_that_frees_the_page_once_refused_is_no_wall():
    # a backdrop over the whole page and scrolling locked, until "Tout refuser" is clicked
    modal = wall_scan(1.0, lock=["body_overflow_hidden"])
    assert found(walled(modal, reject_scans={"home": CLEAR, "next": CLEAR}), "consent.cookie_wall") == []
    # the same with the refusal behind "Personnaliser": not easy, but not a wall either
    behind = {**GOOD_BANNER, "reject_first_layer": False}
    assert found(walled(modal, banner=behind, reject_scans={"home": CLEAR, "next": CLEAR}),
                 "consent.cookie_wall") == []


def test_a_backdrop_fading_out_or_a_refusal_that_never_took_is_no_wall():
    modal = wall_scan(1.0, lock=["body_overflow_hidden"])
    # the home page measured while the backdrop fades out, the next page free
    assert found(walled(modal, reject_scans={"home": modal, "next": CLEAR}), "consent.cookie_wall") == []
    # the banner never left after the click (an inert button, a lost click): a failed refusal
    inert = {**clicked(), "verified": False, "verification": {"reasons": ["the banner is still shown"],
                                                               "banner_gone": False}}
    assert found(walled(modal, reject_action=inert, reject_scans={"home": modal, "next": modal}),
                 "consent.cookie_wall") == []


def test_what_blocks_the_page_once_accepted_too_is_not_the_banners_doing():
    # a news paywall: the article blurred and a box over most of the screen, whatever the choice
    paywall = wall_scan(0.85, blurred=["article"])
    report = walled(paywall, accept_scans={"home": paywall, "next": paywall},
                    reject_scans={"home": paywall, "next": paywall})
    assert found(report, "consent.cookie_wall") == []


def test_content_removed_until_a_choice_is_measured_against_the_accepted_page():
    empty = wall_scan(0.2, chars=40)
    report = walled(empty, banner=ONLY_ACCEPT, reject_action=REJECT_NOT_CLICKED)
    [finding] = found(report, "consent.cookie_wall")
    assert finding["params"]["reasons"] == ["removed"]
    # a page that is short once accepted too says nothing
    short = wall_scan(0, chars=120)
    assert found(walled(empty, accept_scans={"home": short}, banner=ONLY_ACCEPT,
                        reject_action=REJECT_NOT_CLICKED), "consent.cookie_wall") == []


def test_no_wall_is_said_without_evidence():
    # a refusal offered but not clicked: nothing known about after it
    unknown = {**REJECT_NOT_CLICKED, "reason": "clicking failed"}
    assert found(walled(WALL, reject_action=unknown), "consent.cookie_wall") == []
    # a bottom bar, no refusal: no_reject_option, not a wall
    bar = walled(wall_scan(0.2), banner=ONLY_ACCEPT, reject_action=REJECT_NOT_CLICKED)
    assert found(bar, "consent.cookie_wall") == [] and found(bar, "consent.no_reject_option")
    # a report saved before the wall scan, and a short page scroll-locked
    assert found(site(), "consent.cookie_wall") == []
    assert found(walled(wall_scan(0.2, lock=["body_overflow_hidden"], height=768), banner=ONLY_ACCEPT,
                        reject_action=REJECT_NOT_CLICKED), "consent.cookie_wall") == []


PAY_OR_ACCEPT = {**GOOD_BANNER, "reject_found": False, "reject_first_layer": False,
                 "first_layer": {"accept_found": True, "accept_labels": ["Accepter et continuer gratuitement"],
                                 "wall_labels": ["S'abonner sans publicité – 2,99 € par mois"]}}


def test_accept_or_pay_with_no_free_refusal_is_pay_or_accept():
    report = walled(wall_scan(0.3), banner=PAY_OR_ACCEPT, reject_action=REJECT_NOT_CLICKED)
    [finding] = found(report, "consent.cookie_wall")
    assert finding["message_id"] == "consent.cookie_wall.pay" and finding["severity"] == "medium"
    assert finding["params"]["offer"] == "S'abonner sans publicité – 2,99 € par mois"
    assert "«\u00a0S'abonner sans publicité – 2,99 € par mois\u00a0»" in finding["message"]
    assert "prix est raisonnable" in finding["message"]
    [offer] = [e for e in finding["evidence"] if e["kind"] == "pay_offer"]
    assert offer["labels"] == ["S'abonner sans publicité – 2,99 € par mois"]
    assert any(c["text"].startswith("CNIL, « Cookie walls") for c in finding["legal_basis"])
    [belgian] = found(walled(wall_scan(0.3), banner=PAY_OR_ACCEPT, reject_action=REJECT_NOT_CLICKED,
                             jurisdiction="BE"), "consent.cookie_wall")
    assert belgian["severity"] == "high" and "APD" in belgian["message"]
    # re-judged from the saved summary alone (no wall scan in the phases)
    saved = site(banner={**PAY_OR_ACCEPT, "wall": {"pay_or_accept": True, "labels": ["Je m'abonne"]}},
                 reject=phase(action=REJECT_NOT_CLICKED))
    [finding] = found(saved, "consent.cookie_wall")
    assert finding["params"]["offer"] == "Je m'abonne"   # the saved banner.wall


def test_a_paid_offer_beside_a_free_refusal_is_no_pay_or_accept():
    free = {**PAY_OR_ACCEPT, "reject_found": True, "reject_first_layer": True,
            "first_layer": {**PAY_OR_ACCEPT["first_layer"], "reject_labels": ["Continuer sans accepter"]}}
    assert found(walled(wall_scan(0.3), banner=free, reject_scans={"home": CLEAR}), "consent.cookie_wall") == []


def test_cookie_wall_of_banner_wall_for_banner_design():
    from auditor.consent.wall import cookie_wall
    assert cookie_wall({"pay_or_accept": True}) is True
    assert cookie_wall({"content_blocked_after_reject": True, "free_refusal": True}) is True
    assert cookie_wall({"content_blocked_before": True, "free_refusal": False}) is True
    assert cookie_wall({"content_blocked_before": True, "free_refusal": True,
                        "content_blocked_after_reject": False}) is False
    assert cookie_wall({}) is False and cookie_wall(None) is False


# --- consent.deceptive_design and consent.prechecked_purposes --------------------------------
FAIR = {"clicks_to_accept": 1, "clicks_to_reject": 1, "reject_is_link": False, "reject_to_accept_area": 0.91,
        "reject_contrast": 10.2, "accept_contrast": 10.2, "prechecked": [], "cookie_wall": None,
        "accept_label": "Tout accepter", "reject_label": "Tout refuser", "legitimate_interest_on": []}


def designed(**figures):
    return {**GOOD_BANNER, "design": {**FAIR, **figures}}


def test_a_grey_reject_link_a_quarter_of_accept_is_one_finding_per_pattern():
    banner = designed(reject_is_link=True, reject_to_accept_area=0.25, reject_contrast=1.74,
                      accept_contrast=6.29, reject_label="Refuser", accept_label="Accepter et fermer")
    initial = {**phase(), "banner_screenshot": "banner-initial.png"}
    findings = found(site(initial, banner=banner), "consent.deceptive_design")
    assert sorted(f["subject"] for f in findings) == ["contrast", "link", "size"]
    by = {f["subject"]: f for f in findings}
    assert by["size"]["params"]["share"] == 25 and by["size"]["params"]["limit"] == 50
    assert by["contrast"]["params"] == {"accept": "Accepter et fermer", "reject": "Refuser", "reject_contrast": 1.74,
                                        "accept_contrast": 6.29, "reject_below": 3.0, "accept_above": 4.5}
    assert "1,7:1" in by["contrast"]["message"] and "6,3:1" in by["contrast"]["message"]
    for finding in findings:
        assert finding["severity"] == "medium" and finding["message_id"] == f"consent.deceptive_design.{finding['subject']}"
        kinds = [(e["kind"], e.get("part")) for e in finding["evidence"]]
        assert ("banner_design", None) in kinds and ("screenshot", "banner") in kinds and ("screenshot", None) in kinds
        assert any(b["text"].startswith("CNIL, délibération n° SAN-2021-023") for b in finding["legal_basis"])


def test_a_fair_banner_and_unknown_figures_are_no_deceptive_design():
    assert found(site(banner=designed()), "consent.deceptive_design") == []
    unknown = designed(reject_is_link=None, reject_to_accept_area=None, reject_contrast=None, accept_contrast=None,
                       clicks_to_reject=None)
    assert found(site(banner=unknown), "consent.deceptive_design") == []
    # a pale reject beside an accept no more readable (3.8:1) is not the contrast pattern
    assert found(site(banner=designed(reject_contrast=2.85, accept_contrast=3.79)), "consent.deceptive_design") == []
    # just at the thresholds: half the area, 3:1
    assert found(site(banner=designed(reject_to_accept_area=0.5, reject_contrast=3.0, accept_contrast=9)),
                 "consent.deceptive_design") == []
    assert found(site(banner={**NO_BANNER, "design": {**FAIR, "reject_is_link": True}}), "consent.deceptive_design") == []


def test_more_clicks_to_reject_is_said_once_by_no_reject_option():
    behind = {**GOOD_BANNER, "reject_first_layer": False,
              "design": {**FAIR, "clicks_to_reject": 2, "reject_is_link": None}}
    rules = [f["rule"] for f in found(site(banner=behind)) if f["rule"].startswith("consent.")]
    assert rules == ["consent.no_reject_option"]
    # the reject control on the first layer, yet the refusal took two clicks: only this rule says it
    [finding] = found(site(banner=designed(clicks_to_reject=2)), "consent.deceptive_design")
    assert finding["subject"] == "clicks" and finding["params"]["clicks_to_reject"] == 2
    assert found(site(banner=designed(clicks_to_reject=2)), "consent.no_reject_option") == []


def test_the_design_is_measured_again_from_the_phases_of_an_older_report():
    controls = [{"label": "Tout accepter", "role": "accept", "tag": "button", "area": 4000,
                 "color": "rgb(255, 255, 255)", "behind": ["rgb(26, 95, 180)"], "boxed": True},
                {"label": "Refuser", "role": "reject", "tag": "a", "area": 900,
                 "color": "rgb(176, 176, 176)", "behind": ["rgb(230, 230, 230)"], "boxed": False}]
    layer = {"accept_found": True, "reject_first_layer": True, "reject_to_accept_area": 0.23}
    initial = {**phase(), "banner_scan": {"banner": {"controls": controls}, "first_layer": layer}}
    subjects_ = sorted(f["subject"] for f in found(site(initial, banner=GOOD_BANNER), "consent.deceptive_design"))
    assert subjects_ == ["contrast", "link", "size"]


def _layer(*switches, control="Paramétrer"):
    scan = {"second_layer": {"opened": True, "control": control, "reason": None,
                             "switches": [{"label": label, "on": on, "locked": locked, "kind": kind}
                                          for label, on, locked, kind in switches]}}
    return {**phase(), "banner_scan": scan, "second_layer_screenshot": "screenshot-second-layer.png"}


def test_each_purpose_switched_on_in_the_settings_is_a_finding_with_the_layer_shown():
    initial = _layer(("Fonctionnement du site", True, True, "necessary"), ("Mesure d’audience", False, False, "consent"),
                     ("Publicité personnalisée", True, False, "consent"), ("Partenaires", True, False, "consent"))
    banner = designed(prechecked=["Publicité personnalisée", "Partenaires"])
    findings = found(site(initial, banner=banner), "consent.prechecked_purposes")
    assert sorted(f["subject"] for f in findings) == ["Partenaires", "Publicité personnalisée"]
    finding = findings[0]
    assert finding["severity"] == "medium" and finding["params"]["settings"] == "Paramétrer"
    assert "«\u00a0Paramétrer\u00a0»" in finding["message"]
    [switches] = [e for e in finding["evidence"] if e["kind"] == "switches"]
    assert len(switches["switches"]) == 4
    assert {"kind": "screenshot", "phase": "initial", "file": "screenshot-second-layer.png",
            "part": "second_layer"} in finding["evidence"]
    assert any(b["text"].startswith("CJUE, 1er octobre 2019, Planet49") for b in finding["legal_basis"])


def test_locked_necessary_switches_are_lawful_and_legitimate_interest_is_told_apart():
    locked = _layer(("Cookies strictement nécessaires", True, True, "necessary"), ("Publicité", False, False, "consent"))
    assert found(site(locked, banner=designed()), "consent.prechecked_purposes") == []
    interest = _layer(("Mesurer la performance – intérêt légitime", True, False, "legitimate_interest"))
    [finding] = found(site(interest, banner=designed(legitimate_interest_on=["Mesurer la performance – intérêt légitime"])),
                      "consent.prechecked_purposes")
    assert finding["severity"] == "low" and finding["message_id"] == "consent.prechecked_purposes.legitimate_interest"
    assert "intérêt légitime" in finding["message"]


def test_prechecked_purposes_are_read_again_from_the_phases_and_need_a_banner():
    initial = _layer(("Publicité", True, False, "consent"))
    initial["banner_scan"].update(banner={"controls": []}, first_layer={"accept_found": True})
    assert subjects(site(initial, banner=GOOD_BANNER), "consent.prechecked_purposes") == ["Publicité"]
    assert found(site(initial, banner={**NO_BANNER, "design": {**FAIR, "prechecked": ["Publicité"]}}),
                 "consent.prechecked_purposes") == []

# --- consent.withdrawal_unavailable / consent.withdrawal_ineffective --------------------------
def withdrawn(cookies=(), requests=(), *, jar_after=(), control="Gérer mes cookies", action=None, **extra):
    """report.json `withdrawal`: accepted at BEFORE, reopened with `control`, refused at CLICK."""
    refusal = {"action": "withdraw", "performed": True, "clicked_at": CLICK, "verified": True,
               "control": "Tout refuser", "method": "reject",
               "verification": {"banner_gone": True, "choice_stored": True, "reasons": []}}
    return {"reopened": control is not None, "control": control, "withdrawn": True, "verified": True,
            "trackers_after": [], "cookies_kept": [], "skipped": None, "tried": [control] if control else [],
            "accept": {"performed": True, "clicked_at": BEFORE, "control": "Tout accepter"},
            "consent_action": refusal if action is None else action,
            "cookies": list(cookies), "requests": list(requests), "storage": [],
            "jar_after": [{"name": c, "domain": d, "path": "/"} for c, d in jar_after],
            "screenshot": "screenshot-withdraw.png", "layer_screenshot": "screenshot-withdraw-layer.png",
            "pages_visited": [SITE, SITE + "a"], **extra}


def with_withdrawal(record, **kwargs):
    report = site(**kwargs)
    report["withdrawal"] = record
    return report


FB_FR = cookie("fr", META, days=90, third_party=True, domain=".facebook.com", at=BEFORE)


def test_a_withdrawal_that_keeps_tracking_is_ineffective_per_company():
    ga_kept = cookie("_ga", GA, days=730, at=BEFORE)
    ga_after = request("https://www.google-analytics.com/g/collect?v=2", GA, at=AFTER)
    fb_sent = {**request("https://www.facebook.com/tr?id=1", META, at=AFTER), "cookies_sent": ["fr"]}
    record = withdrawn([ga_kept, FB_FR], [request("https://www.google-analytics.com/g/collect", GA, at=BEFORE),
                                          ga_after, fb_sent],
                       jar_after=[("_ga", ".exemple.fr"), ("fr", ".facebook.com")])
    findings = found(with_withdrawal(record), "consent.withdrawal_ineffective")
    assert [(f["subject"], f["severity"]) for f in findings] == [("Google Analytics", "high"), ("Meta Pixel", "high")]
    ga, meta = findings
    assert ga["params"]["requests"] == 1 and ga["params"]["cookies_kept"] == ["_ga"]
    assert ga["params"]["control"] == "Gérer mes cookies" and ga["params"]["active"] is True
    assert meta["params"]["cookies_sent"] == ["fr"] and meta["params"]["cookies_kept"] == []  # third party: not "kept"
    kinds = [e["kind"] for e in ga["evidence"]]
    assert kinds[:3] == ["withdrawal", "screenshot", "screenshot"] and "cookie" in kinds and "request" in kinds
    assert {e.get("file") for e in ga["evidence"]} >= {"screenshot-withdraw.png", "screenshot-withdraw-layer.png"}
    [kept] = [e for e in ga["evidence"] if e["kind"] == "cookie"]
    assert kept["name"] == "_ga" and "before_choice" not in kept   # set after the acceptance, not before any choice
    assert "Google Analytics" in ga["message"] and "«\u00a0Gérer mes cookies\u00a0»" in ga["message"]
    assert "_ga" in ga["fix"]
    report = apply(with_withdrawal(record))
    assert report["withdrawal"]["trackers_after"] == ["Google Analytics", "Meta Pixel"]
    assert report["withdrawal"]["cookies_kept"] == ["_ga"]


def test_a_cookie_only_kept_is_the_subject():
    record = withdrawn([cookie("_fbp", META, days=90, at=BEFORE)], jar_after=[("_fbp", ".exemple.fr")])
    [finding] = found(with_withdrawal(record), "consent.withdrawal_ineffective", "en")
    assert finding["subject"] == "_fbp" and finding["params"]["active"] is False
    assert "kept its cookies _fbp: they were not deleted" in finding["message"]


def test_a_withdrawal_that_works_is_silent():
    # the cookies were deleted (not in the jar after), the trackers loaded only before the click,
    # a third-party cookie left in the jar is neither set nor sent, an exempt cookie stays
    exempt = cookie("_pk_id", MATOMO, exempt=True, days=390, at=BEFORE)
    record = withdrawn([cookie("_ga", GA, days=730, at=BEFORE), FB_FR, exempt],
                       [request("https://www.google-analytics.com/g/collect", GA, at=BEFORE),
                        {**request(SITE + "a", None, at=AFTER, third_party=False), "cookies_sent": ["consentement"]}],
                       jar_after=[("fr", ".facebook.com"), ("_pk_id", ".exemple.fr"), ("consentement", "www.exemple.fr")])
    report = apply(with_withdrawal(record))
    assert [f for f in report["findings"] if f["rule"].startswith("consent.withdrawal")] == []
    assert report["withdrawal"]["trackers_after"] == [] and report["withdrawal"]["cookies_kept"] == []


def test_no_withdrawal_made_says_nothing_of_its_effects():
    kept = cookie("_ga", GA, days=730, at=BEFORE)
    inert = {"action": "withdraw", "performed": True, "clicked_at": CLICK, "verified": False,
             "verification": {"banner_gone": False, "choice_stored": False}}
    not_clicked = {"action": "withdraw", "performed": False, "clicked_at": None, "verified": False}
    for record in (withdrawn([kept], jar_after=[("_ga", ".exemple.fr")], action=inert),
                   withdrawn([kept], jar_after=[("_ga", ".exemple.fr")], action=not_clicked),
                   withdrawn([kept], jar_after=[("_ga", ".exemple.fr")], control=None, action=not_clicked),
                   {"reopened": False, "control": None, "withdrawn": False, "verified": False,
                    "trackers_after": [], "cookies_kept": [], "skipped": "no_banner"}):
        assert found(with_withdrawal(record), "consent.withdrawal_ineffective") == []
    assert found(site(), "consent.withdrawal_ineffective") == []   # a report saved before the phase
    # a refusal stored while the reopened panel stays open (tarteaucitron) is judged
    open_panel = {**inert, "verification": {"banner_gone": False, "choice_stored": True}}
    record = withdrawn([kept], jar_after=[("_ga", ".exemple.fr")], action=open_panel)
    assert subjects(with_withdrawal(record), "consent.withdrawal_ineffective") == ["_ga"]


def test_nothing_that_reopens_the_choice_is_withdrawal_unavailable():
    not_clicked = {"action": "withdraw", "performed": False, "clicked_at": None, "verified": False}
    record = withdrawn(control=None, action=not_clicked, tried=["Cookies"], apis=[])
    [finding] = found(with_withdrawal(record), "consent.withdrawal_unavailable")
    assert finding["subject"] == "banner" and finding["severity"] == "medium"
    assert finding["params"] == {"api": None, "tried": 1}
    assert [e["kind"] for e in finding["evidence"]] == ["withdrawal", "screenshot"]
    assert finding["legal_basis"][0]["article"] == "art. 7(3)"
    [be] = found(with_withdrawal(record, jurisdiction="BE"), "consent.withdrawal_unavailable")
    assert be["severity"] == "high" and any("113/2024" in b["text"] for b in be["legal_basis"])
    # reopened only by the manager's own call, which no control of the page makes
    by_api = withdrawn(control="api:tarteaucitron", apis=["tarteaucitron"], tried=[])
    [finding] = found(with_withdrawal(by_api), "consent.withdrawal_unavailable", "en")
    assert finding["params"]["api"] == "tarteaucitron" and "(tarteaucitron) exists" in finding["message"]


def test_a_reopen_control_or_nothing_to_withdraw_is_not_unavailable():
    assert found(with_withdrawal(withdrawn()), "consent.withdrawal_unavailable") == []
    for skipped in ("no_banner", "accept_not_performed"):
        record = {"reopened": False, "control": None, "withdrawn": False, "verified": False,
                  "trackers_after": [], "cookies_kept": [], "skipped": skipped}
        assert found(with_withdrawal(record), "consent.withdrawal_unavailable") == []
    failed = {"reopened": False, "control": None, "withdrawn": False, "verified": False, "trackers_after": [],
              "cookies_kept": [], "skipped": None, "error": "Timeout", "error_code": "timeout"}
    assert found(with_withdrawal(failed), "consent.withdrawal_unavailable") == []
    no_accept = withdrawn(control=None, accept={"performed": False})
    assert found(with_withdrawal(no_accept), "consent.withdrawal_unavailable") == []
