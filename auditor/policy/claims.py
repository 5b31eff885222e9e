"""What a policy promises about itself: nothing to third parties, data kept in the EU,
the Privacy Shield relied on, cookies only with consent, a refusal offered, a DPO."""
from __future__ import annotations

from auditor.policy import data
from auditor.policy.contacts import emails
from auditor.policy.text import fold, quote_of

CLAIMS = ("no_third_parties", "eu_only", "privacy_shield", "privacy_shield_mentioned",
          "data_privacy_framework", "consent_required", "can_refuse", "refuse_on_site", "dpo")


def _quote(sentence, match, url) -> dict:
    return {"quote": quote_of(sentence.text, *match.span()), "url": url}


def read_claims(documents) -> tuple[dict[str, bool], dict[str, list[dict]]]:
    """(claims, claim_quotes): each claim a bool; the quotes that make it true, and for
    "eu_only" also the sentences that undo it (`eu_only_contradicted_by`), for Privacy Shield
    the mentions that treat it as history (`privacy_shield_history`)."""
    conf = data.patterns()["claims"]
    quotes: dict[str, list[dict]] = {}

    def add(claim, sentence, match, url):
        entries = quotes.setdefault(claim, [])
        quote = _quote(sentence, match, url)
        if quote not in entries and len(entries) < 5:
            entries.append(quote)

    cookie_context = data.rx(conf["cookie_context"])
    for document in documents:
        url = document.url
        sentences = document.sentences
        for index, sentence in enumerate(sentences):
            text = sentence.folded
            context = text + " " + fold(sentence.heading)
            match = data.any_rx(conf["no_third_parties"]).search(text)
            if match and not data.any_rx(conf["no_third_parties_voided_by"]).search(text):
                add("no_third_parties", sentence, match, url)
            claim = data.any_rx(conf["eu_only"]).search(text)
            if claim:
                add("eu_only", sentence, claim, url)
            else:
                out = data.any_rx(conf["transfers_out"]).search(text)
                if out and not data.rx(conf["negation"]).search(text[:out.end()]):
                    add("eu_only_contradicted_by", sentence, out, url)
            shield = data.rx(conf["privacy_shield"]).search(text)
            if shield:
                add("privacy_shield_mentioned", sentence, shield, url)
                near = " ".join(s.folded for s in sentences[max(0, index - 1):index + 2]
                                if s.block == sentence.block)
                if sentence.kind == "heading":   # a heading names the topic its section treats
                    near += " " + " ".join(s.folded for s in sentences[index + 1:index + 4])
                history = data.rx(conf["privacy_shield_history"]).search(near)
                add("privacy_shield_history" if history else "privacy_shield", sentence, shield, url)
            dpf = data.rx(conf["data_privacy_framework"]).search(text)
            if dpf:
                add("data_privacy_framework", sentence, dpf, url)
            if cookie_context.search(context):
                consent = data.any_rx(conf["consent_required"]).search(text)
                if consent:
                    add("consent_required", sentence, consent, url)
                refuse = data.any_rx(conf["can_refuse"]).search(text)
                if refuse:
                    add("can_refuse", sentence, refuse, url)
                    if data.rx(conf["refuse_on_site"]).search(text):
                        add("refuse_on_site", sentence, refuse, url)
            dpo = data.any_rx(conf["dpo"]).search(text)
            if dpo:
                add("dpo", sentence, dpo, url)
            else:
                for email in emails(sentence.text):
                    if fold(email.value).startswith(("dpo", "rgpd", "gdpr", "privacy", "dpd")):
                        add("dpo", sentence, _Span(email.start, email.end), url)
    claims = {claim: bool(quotes.get(claim)) for claim in CLAIMS}
    # "We keep your data in the EU. However ... transferred to partners in other countries"
    claims["eu_only"] = claims["eu_only"] and not quotes.get("eu_only_contradicted_by") \
        and not claims["privacy_shield"]
    return claims, quotes


class _Span:
    def __init__(self, start, end):
        self._span = (start, end)

    def span(self):
        return self._span
