"""The site's own word against what it does: trackers never named, named but not seen,
"no third parties", "data stays in the EU", the Privacy Shield; and the policy itself:
missing, or missing a GDPR art. 13 element (compliance-rules.md CNIL-INFO, CONSIST, EU-PS,
EU-DPF, GDPR-13/14)."""
from __future__ import annotations

from auditor.contract import PHASES

from .catalogue import rule, rule_spec
from .context import Context, names, who

SAMPLE = 3  # records shown per tracker where the point is the policy, not the capture


def _sample(seen: dict) -> list[dict]:
    cookies = list({c["name"]: c for c in seen["cookies"]}.values())
    return (cookies + seen["requests"])[:SAMPLE]


def _declared(ctx: Context) -> dict[str, dict]:
    """Vendor -> the mention that declares it (by its name, or by its company in a sentence
    that speaks of the service)."""
    found = {m["vendor"]: m for m in ctx.policy.get("vendor_mentions") or [] if m.get("vendor")}
    for name in ctx.policy.get("declared_vendors") or []:
        found.setdefault(name, {"vendor": name, "basis": "name"})
    return found


def _company_only(ctx: Context, tracker: dict) -> dict | None:
    """A sentence naming the tracker's company without saying which service it provides."""
    company = (tracker.get("company") or "").lower()
    for mention in ctx.policy.get("company_mentions") or []:
        if tracker["name"] in (mention.get("candidates") or []) or (
                company and (mention.get("company") or "").lower() == company):
            return mention
    for mention in ctx.policy.get("vendor_mentions") or []:
        if company and (mention.get("matched") or "").lower() == company and mention.get("vendor") != tracker["name"]:
            return mention  # "Google" declared as Google's broad service, not as this one
    return None


@rule("policy.undeclared_tracker")
def undeclared_tracker(ctx: Context) -> list[dict]:
    """Every tracker seen, exempt ones included (exempt audience measurement must still be
    disclosed, CNIL-AUD). Without any policy, policy.missing says it once."""
    if not ctx.has_policy():
        return []
    declared = _declared(ctx)
    findings = []
    for name, seen in sorted(ctx.observed_trackers().items()):
        if name in declared:
            continue
        tracker = seen["tracker"]
        company = _company_only(ctx, tracker)
        if company:
            message = (f"{who(tracker)} was observed on the site, and its privacy or cookie policy names "
                       f"{company.get('company') or company.get('matched')} only without saying it provides "
                       f'{name}: "{company.get("quote")}"')
            evidence = [ctx.quote(company, note=f"names the company, not the service {name}")]
            severity = "low"
        else:
            message = f"{who(tracker)} was observed on the site, but its privacy and cookie policies never name it."
            evidence, severity = [], None
        policy_pages = _policy_pages(ctx)
        findings.append(ctx.finding("policy.undeclared_tracker", name, message,
                                    evidence + policy_pages + _sample(seen), severity=severity,
                                    tracker=_public(tracker)))
    return findings


@rule("policy.declared_tracker_not_observed")
def declared_tracker_not_observed(ctx: Context) -> list[dict]:
    if not ctx.has_policy():
        return []
    services = {s.name: s for s in list(ctx.knowledge.services.values())
                + list(ctx.knowledge.trackerdb_services.values())}
    observed = ctx.observed_trackers()
    companies = {(s["tracker"].get("company") or "").lower() for s in observed.values()}
    accepted = (ctx.phase("accept").get("consent_action") or {}).get("performed")
    findings = []
    for name, mention in sorted(_declared(ctx).items()):
        service = services.get(name)
        if service is None or not service.tracker or name in observed:
            continue
        if service.company and service.name.lower() == service.company.lower() and service.company.lower() in companies:
            continue  # "Google" named, and a Google service seen
        context = ("" if accepted else
                   " The audit could not give consent (no banner was clicked), so trackers held back "
                   "until consent may not have loaded.")
        message = (f"The site's policy names {name}, but no {name} request or cookie was seen during the audit "
                   f"(home page and internal pages, before and after the consent choice).{context}")
        evidence = [ctx.quote(mention)] if mention.get("quote") else []
        findings.append(ctx.finding("policy.declared_tracker_not_observed", name, message, evidence))
    return findings


@rule("policy.claims_no_third_parties")
def claims_no_third_parties(ctx: Context) -> list[dict]:
    if not (ctx.policy.get("claims") or {}).get("no_third_parties"):
        return []
    quotes = [ctx.quote(q, claim="no_third_parties")
              for q in (ctx.policy.get("claim_quotes") or {}).get("no_third_parties") or []][:2]
    findings = []
    for name, seen in sorted(ctx.observed_trackers().items()):
        tracker = seen["tracker"]
        company = tracker.get("company")
        if not company or company == "self-hosted":
            continue  # the site's own tool: not a third party
        said = f' ("{quotes[0]["quote"]}")' if quotes else ""
        message = (f"The site's policy says no data go to third parties{said}, yet {who(tracker)}, "
                   f"run by {company}, was observed on the site.")
        findings.append(ctx.finding("policy.claims_no_third_parties", name, message,
                                    quotes + _sample(seen), tracker=_public(tracker)))
    return findings


@rule("policy.claims_eu_only")
def claims_eu_only(ctx: Context) -> list[dict]:
    if not (ctx.policy.get("claims") or {}).get("eu_only"):
        return []
    quotes = [ctx.quote(q, claim="eu_only")
              for q in (ctx.policy.get("claim_quotes") or {}).get("eu_only") or []][:2]
    findings = []
    for name, seen in sorted(ctx.observed_trackers().items()):
        tracker = seen["tracker"]
        country = tracker.get("country")
        if not country or ctx.knowledge.is_eu_eea(country):
            continue  # unknown country: no claim can be held against it
        said = f' ("{quotes[0]["quote"]}")' if quotes else ""
        message = (f"The site's policy says personal data do not leave the European Union{said}, yet "
                   f"{who(tracker)} was observed: {tracker.get('company') or name} is based outside the EU/EEA "
                   f"({country}).")
        findings.append(ctx.finding("policy.claims_eu_only", name, message,
                                    quotes + _sample(seen), tracker=_public(tracker)))
    return findings


@rule("policy.obsolete_privacy_shield")
def obsolete_privacy_shield(ctx: Context) -> list[dict]:
    claims = ctx.policy.get("claims") or {}
    if not claims.get("privacy_shield"):
        return []
    quotes = (ctx.policy.get("claim_quotes") or {})
    evidence = [ctx.quote(q, claim="privacy_shield") for q in quotes.get("privacy_shield") or []][:3]
    dpf = [ctx.quote(q, claim="data_privacy_framework") for q in quotes.get("data_privacy_framework") or []][:1]
    said = f' ("{evidence[0]["quote"]}")' if evidence else ""
    message = (f"The site's policy relies on the EU-US Privacy Shield for transfers{said}; the Court of Justice "
               f"invalidated it on 16 July 2020 (Schrems II). Transfers to the US now rest on the Data Privacy "
               f"Framework (10 July 2023), standard contractual clauses or other GDPR art. 46/49 safeguards.")
    if dpf:
        message += " The policy also mentions the Data Privacy Framework: the Privacy Shield wording may only be out of date."
    return [ctx.finding("policy.obsolete_privacy_shield", "privacy_shield", message, evidence + dpf,
                        severity="low" if dpf else None)]


@rule("policy.missing")
def missing(ctx: Context) -> list[dict]:
    pages = ctx.report.get("pages") or {}
    if pages.get("privacy_policy"):
        return []
    trackers = {}
    for phase in PHASES:
        trackers.update(ctx.activity(phase))
    message = "No privacy policy was found on the site (looked for in its links and usual addresses)."
    severity = None
    if trackers:
        message += (f" Yet the site uses trackers that need consent ({names(sorted(trackers), 5)}): visitors are "
                    f"not told what is collected, why, or who receives it.")
        severity = rule_spec("policy.missing").get("severity_with_trackers")
    if pages.get("cookie_policy"):
        message += f" A cookie policy was found ({pages['cookie_policy']}), which does not replace it."
    documents = ctx.report.get("documents") or {}
    evidence = [{"kind": "pages", **pages, "notes": documents.get("notes") or []}]
    return [ctx.finding("policy.missing", "privacy_policy", message, evidence, severity=severity)]


@rule("policy.missing_element")
def missing_element(ctx: Context) -> list[dict]:
    pages = ctx.report.get("pages") or {}
    elements = ctx.policy.get("elements") or {}
    if not pages.get("privacy_policy") or "missing" not in elements:
        return []  # no policy (policy.missing), or not read
    spec = rule_spec("policy.missing_element")
    situation = {
        "trackers_outside_eu": any(s["tracker"].get("country") and not ctx.knowledge.is_eu_eea(s["tracker"]["country"])
                                   for s in ctx.observed_trackers().values()),
        "consent_banner": bool(ctx.banner.get("detected")),
        "no_consent_processing": not ctx.banner.get("detected") and not any(
            ctx.activity(phase) for phase in PHASES),
    }
    findings = []
    for element in elements["missing"]:
        about = spec["elements"].get(element)
        if about is None:
            continue
        severity = about["severity"]
        raised = (spec.get("raised") or {}).get(element)
        if raised and situation.get(raised["when"]):
            severity = raised["severity"]
        lowered = (spec.get("lowered") or {}).get(element)
        if lowered and situation.get(lowered["when"]):
            severity = lowered["severity"]
        note = f" Note: {about['note']}." if about.get("note") else ""
        message = (f"The privacy policy does not say {about['says']} (GDPR {about['article']}).{note}")
        findings.append(ctx.finding("policy.missing_element", element, message, _policy_pages(ctx),
                                    severity=severity))
    return findings


def _policy_pages(ctx: Context) -> list[dict]:
    pages = ctx.report.get("pages") or {}
    found = {}
    for kind in ("privacy_policy", "cookie_policy"):
        if pages.get(kind) and pages[kind] not in found:
            found[pages[kind]] = {"kind": "page", "page": kind, "url": pages[kind]}
    return list(found.values())


def _public(tracker: dict) -> dict:
    return {k: tracker.get(k) for k in ("name", "company", "country", "category")}
