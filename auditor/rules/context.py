"""What every rule reads: the report, the knowledge base, and a few shared readings of the
capture (which trackers need consent, when things happened, trimmed evidence records)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from auditor.contract import DEFAULT_LANGUAGE, PHASES, WITHDRAW_PHASE, parse_iso
from auditor.knowledge import Knowledge
from reports.i18n import check_language
from reports.i18n.wording import finding_message, fix_text

from .catalogue import by_jurisdiction, rule_spec, spec
from .legal_basis import legal_basis

COOKIE_KEYS = ("name", "domain", "lifetime_days", "stored_lifetime_days", "session", "third_party",
               "set_by", "set_by_url", "last_set_at", "exempt", "exempt_reason", "exempt_reason_code",
               "exempt_reason_params")
REQUEST_KEYS = ("url", "host", "resource_type", "third_party", "at", "method", "status")
URL_MAX = 300


def tracker_info(tracker: dict | None) -> dict | None:
    if not tracker:
        return None
    return {k: tracker.get(k) for k in ("name", "company", "country", "category")}


def company_key(tracker: dict) -> str:
    """Trackers of one company are one cause; a self-hosted tool is its own maker."""
    company = tracker.get("company")
    return tracker["name"] if not company or company == "self-hosted" else company


def by_company(found: dict[str, dict]) -> list[dict]:
    """{tracker name: {"tracker", "cookies", "requests"}} grouped by company: one entry per
    company, its most active tracker first ("tracker"), every name in "trackers"."""
    groups: dict[str, list] = {}
    for name, seen in found.items():
        groups.setdefault(company_key(seen["tracker"]), []).append((name, seen))
    merged = []
    for members in groups.values():
        members.sort(key=lambda m: (-len(m[1]["requests"]) - len(m[1]["cookies"]), m[0]))
        merged.append({"tracker": members[0][1]["tracker"], "trackers": [n for n, _s in members],
                       "cookies": [c for _n, s in members for c in s["cookies"]],
                       "requests": [r for _n, s in members for r in s["requests"]]})
    return sorted(merged, key=lambda g: g["trackers"][0])


def company_params(group: dict) -> dict:
    """A company's trackers as a finding's params: the main one, all of them, the others."""
    return {"tracker": tracker_info(group["tracker"]), "trackers": group["trackers"],
            "others": group["trackers"][1:]}


@dataclass
class Context:
    report: dict
    knowledge: Knowledge
    jurisdiction: str = "FR"
    language: str = DEFAULT_LANGUAGE  # of the findings' messages
    _trackers: dict = field(default_factory=dict)

    @classmethod
    def of(cls, report: dict, knowledge: Knowledge | None = None,
           language: str = DEFAULT_LANGUAGE) -> "Context":
        jurisdiction = (report.get("jurisdiction") or "FR").upper()
        return cls(report, knowledge or Knowledge.default(), jurisdiction, check_language(language))

    # --- the report's parts ------------------------------------------------------------
    def phase(self, name: str) -> dict:
        """A phase's records; WITHDRAW_PHASE is the withdrawal's browser (report.json `withdrawal`)."""
        if name == WITHDRAW_PHASE:
            return self.report.get("withdrawal") or {}
        return (self.report.get("phases") or {}).get(name) or {}

    @property
    def policy(self) -> dict:
        return self.report.get("policy") or {}

    @property
    def banner(self) -> dict:
        return self.report.get("banner") or {}

    def clicked_at(self, phase: str) -> datetime | None:
        """When the consent choice of this phase was clicked; None when no click was made."""
        action = self.phase(phase).get("consent_action") or {}
        return parse_iso(action.get("clicked_at")) if action.get("performed") else None

    def has_policy(self) -> bool:
        pages = self.report.get("pages") or {}
        return bool(pages.get("privacy_policy") or pages.get("cookie_policy"))

    # --- trackers ------------------------------------------------------------------------
    def cookie_needs_consent(self, cookie: dict) -> bool:
        """A tracking cookie without exemption. The consent manager's own cookie, session,
        CDN and unknown cookies have no tracker (or are exempt): never counted."""
        tracker = cookie.get("tracker")
        return bool(tracker) and not cookie.get("exempt") and cookie.get("category") != "consent_management"

    def request_needs_consent(self, request: dict, phase: dict) -> bool:
        """A request to a tracking service, unless it is audience measurement that can be
        exempt (CNIL-AUD: Matomo...) on a French site and none of its cookies here needs
        consent (a Belgian site has no such exemption)."""
        tracker = request.get("tracker")
        if not tracker:
            return False
        service = self.knowledge.service(tracker.get("vendor_id") or "")
        if service is None or not service.audience_exemptable or self.jurisdiction == "BE":
            return True
        return any(c.get("tracker") and c["tracker"].get("name") == tracker["name"]
                   and not c.get("exempt") for c in phase.get("cookies", []))

    def activity(self, phase_name: str, *, after: datetime | None = None,
                 before: datetime | None = None, needs_consent: bool = True) -> dict[str, dict]:
        """{tracker name: {"tracker", "cookies", "requests"}} of one phase: requests by their
        time, cookies by when they were last set. With `after`, a cookie counts only if set
        or refreshed after that time; with `before`, only if set before it."""
        phase = self.phase(phase_name)
        found: dict[str, dict] = {}

        def entry(tracker):
            return found.setdefault(tracker["name"], {"tracker": tracker, "cookies": [], "requests": []})

        def in_window(at: datetime | None) -> bool:
            if after is None and before is None:
                return True
            if at is None:
                return False
            return (after is None or at > after) and (before is None or at < before)

        for request in phase.get("requests", []):
            if not request.get("tracker"):
                continue
            if needs_consent and not self.request_needs_consent(request, phase):
                continue
            if in_window(parse_iso(request.get("at"))):
                entry(request["tracker"])["requests"].append(self.request_record(request, phase_name))
        for cookie in phase.get("cookies", []):
            if not cookie.get("tracker"):
                continue
            if needs_consent and not self.cookie_needs_consent(cookie):
                continue
            if in_window(parse_iso(cookie.get("last_set_at"))):
                entry(cookie["tracker"])["cookies"].append(self.cookie_record(cookie, phase_name))
        return found

    def activity_requests(self, phase_name: str, *, after: datetime) -> list[dict]:
        """Every request of a phase sent after `after`, tracker or not (a first-party page
        can be sent a tracker's cookie)."""
        return [r for r in self.phase(phase_name).get("requests", [])
                if (parse_iso(r.get("at")) or after) > after]

    def observed_trackers(self) -> dict[str, dict]:
        """Every tracker seen in any phase, exempt or not, with its records."""
        if not self._trackers:
            for name in PHASES:
                for tracker_name, seen in self.activity(name, needs_consent=False).items():
                    merged = self._trackers.setdefault(
                        tracker_name, {"tracker": seen["tracker"], "cookies": [], "requests": [], "phases": []})
                    merged["cookies"] += seen["cookies"]
                    merged["requests"] += seen["requests"]
                    merged["phases"].append(name)
        return self._trackers

    def cookies(self) -> dict[str, list[dict]]:
        """Every cookie by name, all phases: {name: [(phase, record), ...]}."""
        found: dict[str, list] = {}
        for name in PHASES:
            for cookie in self.phase(name).get("cookies", []):
                found.setdefault(cookie["name"], []).append((name, cookie))
        return found

    # --- evidence ------------------------------------------------------------------------
    def before_choice(self, phase: str, at: str | None) -> bool:
        """Was a record of an accept/reject visit made before its click, or in a visit whose
        click was not made? Then it is not "after" that choice, and its record says so."""
        if phase in ("initial", WITHDRAW_PHASE):  # the withdrawal's browser had accepted first
            return False
        clicked, when = self.clicked_at(phase), parse_iso(at)
        return clicked is None or (when is not None and when < clicked)

    def cookie_record(self, cookie: dict, phase: str) -> dict:
        record = {"kind": "cookie", "phase": phase, **{k: cookie.get(k) for k in COOKIE_KEYS}}
        record["tracker"] = tracker_info(cookie.get("tracker"))
        if self.before_choice(phase, cookie.get("last_set_at")):
            record["before_choice"] = True
        return record

    def request_record(self, request: dict, phase: str) -> dict:
        record = {"kind": "request", "phase": phase, **{k: request.get(k) for k in REQUEST_KEYS}}
        if record["url"] and len(record["url"]) > URL_MAX:
            record["url"] = record["url"][:URL_MAX] + "…"
        record["tracker"] = tracker_info(request.get("tracker"))
        if request.get("cookies_sent"):  # the names of the cookies it carried (the withdrawal)
            record["cookies_sent"] = list(request["cookies_sent"])[:20]
        if self.before_choice(phase, request.get("at")):
            record["before_choice"] = True
        return record

    @staticmethod
    def quote(entry: dict, **extra) -> dict:
        return {"kind": "policy_quote", "quote": entry.get("quote"), "url": entry.get("url"), **extra}

    def screenshot(self, phase: str) -> list[dict]:
        file = self.phase(phase).get("screenshot")
        return [{"kind": "screenshot", "phase": phase, "file": file}] if file else []

    def banner_screenshot(self) -> list[dict]:
        """The consent banner cropped out of the first visit, where it could be drawn."""
        file = self.phase("initial").get("banner_screenshot")
        return [{"kind": "screenshot", "phase": "initial", "file": file, "part": "banner"}] if file else []

    def consent_promises(self) -> list[dict]:
        """The policy's promises of consent ("cookies only with your consent", "you can
        refuse"), as evidence for the consent findings they contradict."""
        quotes = self.policy.get("claim_quotes") or {}
        found, seen = [], set()
        for claim in ("consent_required", "can_refuse", "refuse_on_site"):
            for entry in quotes.get(claim) or []:
                if entry.get("quote") not in seen:
                    seen.add(entry.get("quote"))
                    found.append(self.quote(entry, claim=claim))
        return found[:3]

    # --- findings ------------------------------------------------------------------------
    def severity(self, rule_id: str) -> str:
        return by_jurisdiction(rule_spec(rule_id)["severity"], self.jurisdiction)

    def reference(self, rule_id: str) -> str:
        return by_jurisdiction(rule_spec(rule_id)["reference"], self.jurisdiction)

    def finding(self, rule_id: str, subject: str, params: dict, evidence: list[dict], *,
                variant: str | None = None, severity: str | None = None, **extra) -> dict:
        """A finding keeps its message code and the facts it was built from (`params`); its
        `message` and `fix` are their wording in the report's language (reports/i18n/findings/en.yaml,
        French in the gettext catalogue), its `legal_basis` the texts rules.yaml cites for the
        rule (data/legal_bases.yaml)."""
        coded = {"message_id": f"{rule_id}.{variant}" if variant else rule_id, "params": params}
        message, fix = finding_message(coded, self.language), fix_text(coded, self.language)
        if message is None or fix is None:
            raise KeyError(f"{coded['message_id']}: no message or fix in reports/i18n/findings/en.yaml")
        cap = spec().get("evidence_cap", 10)
        records = [e for e in evidence if e.get("kind") in ("cookie", "request", "form")]
        others = [e for e in evidence if e.get("kind") not in ("cookie", "request", "form")]
        finding = {
            "rule": rule_id,
            "severity": severity or self.severity(rule_id),
            "subject": subject,
            "message": message,
            "fix": fix,
            **coded,
            "evidence": others + records[:cap],
            "reference": self.reference(rule_id),
            "legal_basis": legal_basis(rule_id, self.jurisdiction, params, self.language),
            **extra,
        }
        if len(records) > cap:
            finding["evidence_omitted"] = len(records) - cap
        return finding
