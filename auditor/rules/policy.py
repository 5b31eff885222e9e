"""The site's own word against what it does: trackers never named, named but not seen,
"no third parties", "data stays in the EU", the Privacy Shield; and the policy itself:
missing, or missing a GDPR art. 13 element (compliance-rules.md CNIL-INFO, CONSIST, EU-PS,
EU-DPF, GDPR-13/14)."""
from __future__ import annotations

from auditor.contract import PHASES
from auditor.policy.vendors import same_company

from .catalogue import rule, rule_spec
from .context import Context, by_company, company_params, tracker_info

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
    """A sentence naming the tracker's company without saying which service it provides,
    under any of the company's names ("Facebook" for Meta, "AT Internet" for Piano, the
    trackerdb organisation's name)."""
    company = tracker.get("company")
    for mention in ctx.policy.get("company_mentions") or []:
        names = [mention.get("company"), *(mention.get("companies") or [])]
        if tracker["name"] in (mention.get("candidates") or []) or any(
                same_company(name, company) for name in names):
            return mention
    for mention in ctx.policy.get("vendor_mentions") or []:
        if same_company(mention.get("matched"), company) and mention.get("vendor") != tracker["name"]:
            return mention  # "Google" declared as Google's broad service, not as this one
    return None


@rule("policy.undeclared_tracker")
def undeclared_tracker(ctx: Context) -> list[dict]:
    """Every tracker seen, exempt ones included (exempt audience measurement must still be
    disclosed, CNIL-AUD); one finding per company, apart for those whose company only the
    policy names. Without any policy, policy.missing says it once."""
    if not ctx.has_policy():
        return []
    declared = _declared(ctx)
    unnamed, company_named = {}, {}
    for name, seen in ctx.observed_trackers().items():
        if name not in declared:
            (company_named if _company_only(ctx, seen["tracker"]) else unnamed)[name] = seen
    findings = []
    for group in by_company(unnamed) + by_company(company_named):
        tracker = group["tracker"]
        name = group["trackers"][0]
        company = _company_only(ctx, tracker)
        params = company_params(group)
        if company:
            params |= {"company": company.get("company") or company.get("matched"), "quote": company.get("quote")}
            evidence = [ctx.quote(company, note=f"names the company, not the service {name}")]
            variant, severity = "company_only", "low"
        else:
            evidence, variant, severity = [], None, None
        findings.append(ctx.finding("policy.undeclared_tracker", name, params,
                                    evidence + _policy_pages(ctx) + _sample(group), variant=variant,
                                    severity=severity, tracker=tracker_info(tracker)))
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
        evidence = [ctx.quote(mention)] if mention.get("quote") else []
        findings.append(ctx.finding("policy.declared_tracker_not_observed", name,
                                    {"service": name, "accepted": bool(accepted)}, evidence))
    return findings


@rule("policy.claims_no_third_parties")
def claims_no_third_parties(ctx: Context) -> list[dict]:
    if not (ctx.policy.get("claims") or {}).get("no_third_parties"):
        return []
    quotes = [ctx.quote(q, claim="no_third_parties")
              for q in (ctx.policy.get("claim_quotes") or {}).get("no_third_parties") or []][:2]
    # the site's own tool is no third party
    third = {name: seen for name, seen in ctx.observed_trackers().items()
             if seen["tracker"].get("company") not in (None, "", "self-hosted")}
    findings = []
    for group in by_company(third):
        params = {**company_params(group), "quote": _first(quotes)}
        findings.append(ctx.finding("policy.claims_no_third_parties", group["trackers"][0], params,
                                    quotes + _sample(group), tracker=tracker_info(group["tracker"])))
    return findings


@rule("policy.claims_eu_only")
def claims_eu_only(ctx: Context) -> list[dict]:
    if not (ctx.policy.get("claims") or {}).get("eu_only"):
        return []
    quotes = [ctx.quote(q, claim="eu_only")
              for q in (ctx.policy.get("claim_quotes") or {}).get("eu_only") or []][:2]
    # an unknown country: no claim can be held against it
    outside = {name: seen for name, seen in ctx.observed_trackers().items()
               if seen["tracker"].get("country") and not ctx.knowledge.is_eu_eea(seen["tracker"]["country"])}
    findings = []
    for group in by_company(outside):
        params = {**company_params(group), "quote": _first(quotes)}
        findings.append(ctx.finding("policy.claims_eu_only", group["trackers"][0], params,
                                    quotes + _sample(group), tracker=tracker_info(group["tracker"])))
    return findings


@rule("policy.obsolete_privacy_shield")
def obsolete_privacy_shield(ctx: Context) -> list[dict]:
    claims = ctx.policy.get("claims") or {}
    if not claims.get("privacy_shield"):
        return []
    quotes = (ctx.policy.get("claim_quotes") or {})
    evidence = [ctx.quote(q, claim="privacy_shield") for q in quotes.get("privacy_shield") or []][:3]
    dpf = [ctx.quote(q, claim="data_privacy_framework") for q in quotes.get("data_privacy_framework") or []][:1]
    params = {"quote": _first(evidence), "dpf": bool(dpf)}
    return [ctx.finding("policy.obsolete_privacy_shield", "privacy_shield", params, evidence + dpf,
                        severity="low" if dpf else None)]


@rule("policy.missing")
def missing(ctx: Context) -> list[dict]:
    pages = ctx.report.get("pages") or {}
    if pages.get("privacy_policy"):
        return []
    trackers = {}
    for phase in PHASES:
        trackers.update(ctx.activity(phase))
    severity = rule_spec("policy.missing").get("severity_with_trackers") if trackers else None
    params = {"trackers": sorted(trackers), "cookie_policy": pages.get("cookie_policy")}
    documents = ctx.report.get("documents") or {}
    evidence = [{"kind": "pages", **pages, "notes": documents.get("notes") or []}]
    return [ctx.finding("policy.missing", "privacy_policy", params, evidence, severity=severity)]


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
        findings.append(ctx.finding("policy.missing_element", element,
                                    {"element": element, "article": about["article"]}, _policy_pages(ctx),
                                    severity=severity))
    return findings


def _policy_pages(ctx: Context) -> list[dict]:
    pages = ctx.report.get("pages") or {}
    found = {}
    for kind in ("privacy_policy", "cookie_policy"):
        if pages.get(kind) and pages[kind] not in found:
            found[pages[kind]] = {"kind": "page", "page": kind, "url": pages[kind]}
    return list(found.values())


def _first(quotes: list[dict]) -> str | None:
    return quotes[0]["quote"] if quotes else None
