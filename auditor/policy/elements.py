"""The GDPR art. 13 elements a policy gives, each with the sentence that shows it, and the
controller it names. The controller's name and contact are never taken from what the page
says of its host, the data protection authority or a vendor (parties.py)."""
from __future__ import annotations

import re

from auditor.policy import data
from auditor.policy.contacts import addresses, emails, phones, registrations
from auditor.policy.parties import other_spans, outside, within
from auditor.policy.text import fold, quote_of

ELEMENTS = ("controller_identity", "controller_contact", "dpo_contact", "purposes",
            "legal_basis", "recipients", "transfers", "retention", "rights", "complaint",
            "withdraw_consent")
_CAPITALISED = re.compile(r"(?<![\w'’])[A-ZÀ-Ý][\wÀ-ÿ&’'\-]+")


def _identity(sentence, start: int, end: int, others=()) -> str | None:
    """The controller's name in a sentence that speaks of the controller (its words at
    start:end): a company with its legal form, or capitalised words ("Morgan FUCHS", "Cabinet
    Durand"); None for "the data controller undertakes to ...". Not a name said of another
    party (`others`: spans of the sentence)."""
    conf = data.patterns()["elements"]
    stop = set(conf["identity_stopwords"])
    form = next((m for m in data.rx(conf["legal_forms"]).finditer(sentence.folded)
                 if not within(m.start(), others)), None)
    if form:
        return _name_around(sentence.text, form.start(), form.end(), end if end <= form.start() else 0)
    places = addresses(sentence.text)
    words = [m for m in _CAPITALISED.finditer(sentence.text)
             if m.start() > 0 and fold(m.group(0)).strip("'’") not in stop
             and not any(p.start <= m.start() < p.end for p in places) and not within(m.start(), others)]
    if not words:
        return None
    runs: list[list[re.Match]] = []
    for word in words:
        if runs and sentence.text[runs[-1][-1].end():word.start()].strip() == "":
            runs[-1].append(word)
        else:
            runs.append([word])
    before = [r for r in runs if r[-1].end() <= start]
    after = [r for r in runs if r[0].start() >= start]
    # "X, 8 rue …, est responsable du traitement": the subject; "… is: Morgan FUCHS": after
    if before and re.search(r"\b(est|is|sont|are)\s+(le |la |the )?(seul )?$", sentence.folded[:start]):
        run = before[0]
    elif after:
        run = after[0]
    else:
        run = before[-1]
    return sentence.text[run[0].start():run[-1].end()]


def _name_around(text: str, start: int, end: int, floor: int = 0) -> str:
    """'smartphoto group SA', 'SARL Boulangerie Martin': the legal form and the words of the
    name next to it, up to a comma; not before `floor` ("The data controller is" is no name)."""
    left = text[floor:start]
    right = text[end:]
    before = re.split(r"[,;:(«\"]", left)[-1]
    if floor:   # "... des données est la SARL X": the name follows the verb
        before = re.split(r"\b(?:est|is|sont|are)\b", before)[-1]
    before = re.sub(r"^\s*(?:(?:la|le|l'|l’|par|by|is|est|the|company|société|une?|a)\s+|l['’])+", "",
                    before, flags=re.I)
    after = re.split(r"[,;:.(«\"]", right)[0]
    if before.strip() and len(before.split()) <= 5:
        name = before + text[start:end]
    else:
        name = text[start:end] + after
    name = re.sub(r"^(?:la|le|l'|the|company|société|par|by)\s+", "", name.strip(), flags=re.I)
    return re.sub(r"\s+", " ", name).strip()


def read_elements(documents, retention_found=False, no_third_parties=False,
                  transfer_claims=False) -> tuple[dict[str, dict], list[str], dict | None]:
    """(present {element: {"quote", "url"}}, missing [element ids], controller or None)."""
    conf = data.patterns()["elements"]
    present: dict[str, dict] = {}
    controller = None
    for element in ("purposes", "legal_basis", "recipients", "transfers", "retention",
                    "rights", "complaint", "withdraw_consent"):
        # a cookie's lifetime is not a data-retention period
        skip = data.rx(data.patterns()["durations"]["subjects"]["cookie"]) if element == "retention" else None
        found = _first(documents, conf[element], skip)
        if found:
            present[element] = found
    for document in documents:
        sentences = document.sentences
        others = other_spans(document)
        for index, sentence in enumerate(sentences):
            text = sentence.folded
            trigger = data.any_rx(conf["controller_identity"]).search(text)
            if (trigger and "controller_identity" not in present and not within(trigger.start(), others[index])
                    and (sentence.kind == "heading" or not text.rstrip().endswith("?"))):
                # "Qui est responsable du traitement ?" as a heading: the name opens its section
                said = _identity(sentence, *trigger.span(), others[index])
                where = index
                if (not said and sentence.kind == "heading" and index + 1 < len(sentences)
                        and not data.any_rx(conf["controller_identity"]).search(sentences[index + 1].folded)):
                    where = index + 1
                    said = _identity(sentences[where], 0, 0, others[where])
                if said:
                    present["controller_identity"] = {
                        "quote": quote_of(sentence.text, *trigger.span()), "url": document.url}
                    controller = _controller(sentences[where], said, document.url, others[where])
            if "controller_contact" not in present:
                contact = _contact(sentence, others[index])
                if contact:
                    present["controller_contact"] = {"quote": quote_of(sentence.text),
                                                     "url": document.url, "value": contact}
            dpo = data.any_rx(data.patterns()["claims"]["dpo"]).search(text)
            if "dpo_contact" not in present:
                found = _dpo_contact(sentences, index, dpo, others)
                if found:
                    present["dpo_contact"] = {**found, "url": document.url}
    if retention_found and "retention" not in present:
        present["retention"] = retention_found
    if no_third_parties and "recipients" not in present:
        present["recipients"] = no_third_parties
    if transfer_claims and "transfers" not in present:
        present["transfers"] = transfer_claims
    missing = [e for e in ELEMENTS if e not in present]
    return {e: present[e] for e in ELEMENTS if e in present}, missing, controller


def _first(documents, patterns: list[str], skip=None) -> dict | None:
    """The first sentence matching the most telling pattern of the list."""
    for pattern in patterns:
        compiled = data.rx(pattern)
        for document in documents:
            if not compiled.search(document.folded):
                continue   # one search of the page spares one per sentence
            for sentence in document.sentences:
                if skip is not None and skip.search(sentence.folded):
                    continue
                match = compiled.search(sentence.folded)
                if match:
                    return {"quote": quote_of(sentence.text, *match.span()), "url": document.url}
    return None


def _controller(sentence, name: str, url: str, others=()) -> dict:
    found = {"name": name, "quote": quote_of(sentence.text), "url": url}
    place = outside(addresses(sentence.text), others)
    if place:
        found["address"] = place[0].value
    numbers = outside(registrations(sentence.text), others)
    if numbers:
        found["registration"] = numbers[0].value
    return found


def _contact(sentence, others=()) -> str | None:
    """An address, e-mail or phone given to reach the controller, or "by email" with a verb
    of contacting (the address itself may have been a link); none said of another party."""
    conf = data.patterns()["elements"]
    found = _reach(sentence.text, others)
    if found:
        return found[0].value
    verb = data.rx(conf["controller_contact_verbs"]).search(sentence.folded)
    if verb and not within(verb.start(), others):
        medium = data.rx(conf["contact_media"]).search(sentence.folded)
        if medium and not within(medium.start(), others):
            return sentence.text[medium.start():medium.end()]
    return None


def _reach(text: str, others=()) -> list:
    """The e-mails, else phones, else addresses of `text` not said of another party."""
    return (outside(emails(text), others) or outside(phones(text), others)
            or outside(addresses(text), others))


def _dpo_contact(sentences, index, dpo, others) -> dict | None:
    """The DPO's e-mail, phone or address: in the sentence naming the DPO or within a short
    window after it; or an address such as dpo@…"""
    sentence = sentences[index]
    for email in outside(emails(sentence.text), others[index]):
        if fold(email.value).startswith(("dpo", "dpd", "rgpd", "gdpr", "privacy")):
            return {"quote": quote_of(sentence.text, email.start, email.end), "value": email.value}
    if not dpo:
        return None
    window = data.patterns()["elements"]["dpo_contact_window"]
    size = 0
    for at, follower in enumerate(sentences[index:index + 6], index):
        if follower is not sentence and size > window:
            break
        found = _reach(follower.text, others[at])
        if found:
            quote = sentence.text if follower is sentence else f"{sentence.text} … {follower.text}"
            return {"quote": quote_of(quote, 0, len(quote)), "value": found[0].value}
        size += len(follower.text)
    return None
