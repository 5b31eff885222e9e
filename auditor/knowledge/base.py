"""Knowledge: the one object the rest of the auditor asks about requests and cookies."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from ..domains import registrable_domain
from . import corroboration, datafiles, ocd, overlay, trackerdb
from .categories import Categories
from .cookienames import NameIndex, normalise
from .countries import Countries
from .exemption import (
    Reason,
    audience_verdict,
    purpose_verdict,
    third_party_tracker_verdict,
    tracker_verdict,
    uncorroborated_verdict,
    unknown_verdict,
    unlisted_verdict,
)
from .hosts import HostIndex
from .model import CookieVerdict, Service

_default_lock = threading.Lock()


def _split_url(url: str) -> tuple[str, str, str] | None:
    """(host, lower-cased 'path?query', query) without urllib: this runs for every request
    of every page, and urlsplit is the slowest part of a lookup."""
    start = url.find("://")
    if start < 0:
        return None
    start += 3
    end = len(url)
    for ch in "/?#":
        i = url.find(ch, start, end)
        if i != -1:
            end = i
    host = url[start:end].rpartition("@")[2]
    if host.startswith("["):
        host = host[1:host.find("]")]
    else:
        host = host.partition(":")[0]
    host = host.lower().rstrip(".")
    if not host:
        return None
    rest = url[end:].partition("#")[0]
    if not rest.startswith("/"):
        rest = "/" + rest
    return host, rest.lower(), rest.partition("?")[2]
_default: "Knowledge | None" = None


@dataclass(frozen=True, slots=True)
class _Candidate:
    """One reading of a cookie by the data: a rule of cookies.yaml or an OCD record."""
    service: Service | None
    purpose: str | None
    note: str | None
    source: str            # "overlay" | "open_cookie_database"
    pattern: str           # the name as the data writes it ('mp_*', 'CONSENT')
    exact: bool            # a whole name, not a pattern
    where: str | None      # the domain the data says the cookie lives on; None: any
    fits: bool             # ...and the cookie lives there


class Knowledge:
    """Services behind hosts, cookies and their exemption. Build with default() or load()."""

    def __init__(self, *, trackerdb_path: Path | None, data_dir: Path | None = None):
        self.categories = Categories(datafiles.read_yaml("categories.yaml", data_dir))
        self.countries = Countries(datafiles.read_yaml("countries.yaml", data_dir))
        services_data = datafiles.read_yaml("services.yaml", data_dir)
        cookies_data = datafiles.read_yaml("cookies.yaml", data_dir)
        names_data = datafiles.read_yaml("cookie_names.yaml", data_dir)
        self.generic_names = frozenset(normalise(n) for n in names_data["generic"])
        self.choice_words = tuple(w.lower() for w in names_data["choice_words"])

        self.services: dict[str, Service] = overlay.load_services(services_data, self.categories)
        self._hosts = HostIndex()
        overlay.index_services(services_data, self.services, self._hosts)
        self._ocd_platforms = overlay.aliases(services_data, self.services, "ocd_platforms")
        for service in self.services.values():  # a service's own name is an OCD platform too
            self._ocd_platforms.setdefault(service.name.lower(), service)

        self._orgs: dict[str, dict] = {}
        self.trackerdb_services: dict[str, Service] = {}
        self.versions: dict[str, str | None] = {
            "trackerdb": None,
            "open_cookie_database": datafiles.ocd_version(data_dir),
            "overlay": datafiles.overlay_version(data_dir),
        }
        if trackerdb_path is not None:
            db = trackerdb.load(trackerdb_path)
            aliases = overlay.aliases(services_data, self.services, "trackerdb")
            self.trackerdb_services = trackerdb.build_services(db, self.categories, aliases)
            trackerdb.index(db, self.trackerdb_services, self._hosts)
            self._orgs = trackerdb.organisations_by_name(db)
            for service in self.trackerdb_services.values():
                if service.source == "trackerdb":
                    self._ocd_platforms.setdefault(service.name.lower(), service)
            self.versions["trackerdb"] = datafiles.trackerdb_version(trackerdb_path)
        self._hosts.freeze()
        self._party: dict[tuple[str, str], bool] = {}

        self._cookie_rules: NameIndex[overlay.CookieRule] = NameIndex()
        for rule in overlay.load_cookie_rules(cookies_data, self.services, self.categories):
            self._cookie_rules.add(rule.pattern, rule)
        self._cookie_rules.freeze()
        self._ocd: NameIndex[ocd.OcdRecord] = NameIndex()
        ocd_csv = datafiles.ocd_dir(data_dir) / datafiles.OCD_CSV.name
        if ocd_csv.is_file():
            for record in ocd.load(ocd_csv):
                self._ocd.add(record.name, record, prefix=record.prefix)
        self._ocd.freeze()
        self._ocd_services: dict[ocd.OcdRecord, Service] = {}
        self._distinctive_names: dict[str, bool] = {}

    # --- construction --------------------------------------------------------------------
    @classmethod
    def load(cls, trackerdb: Path | None = None, use_trackerdb: bool = True,
             data_dir: Path | None = None) -> "Knowledge":
        """trackerdb: a trackerdb.json to use; None finds the pinned one (unless
        AUDITOR_TRACKERDB=0). use_trackerdb=False: the project's own data only.
        data_dir: a folder whose knowledge files (services.yaml, cookies.yaml...,
        open-cookie-database/) replace the shipped ones of auditor/data."""
        path = None
        if use_trackerdb:
            path = Path(trackerdb) if trackerdb is not None else datafiles.locate_trackerdb()
        return cls(trackerdb_path=path, data_dir=data_dir)

    @classmethod
    def default(cls) -> "Knowledge":
        """Loaded once per process (AUDITOR_TRACKERDB is read then)."""
        global _default
        with _default_lock:
            if _default is None:
                _default = cls.load()
            return _default

    @classmethod
    def reset_default(cls):
        global _default
        with _default_lock:
            _default = None

    @property
    def uses_trackerdb(self) -> bool:
        return self.versions["trackerdb"] is not None

    @property
    def attribution(self) -> list[str]:
        """Credits that reports showing this knowledge must carry."""
        lines = [f"Open Cookie Database (jkwakman/Open-Cookie-Database, Apache-2.0), "
                 f"commit {self.versions['open_cookie_database']}"]
        if self.uses_trackerdb:
            lines.append(f"Ghostery Tracker Database @ghostery/trackerdb {self.versions['trackerdb']} "
                         f"(CC-BY-NC-SA-4.0, https://github.com/ghostery/trackerdb)")
        return lines

    # --- requests ------------------------------------------------------------------------
    def classify_request(self, url: str, site_domain: str) -> Service | None:
        """The service a request goes to; None for unknown hosts and the site's own content.
        Check .tracker: CDNs, consent managers, fonts... are known but not trackers."""
        parts = _split_url(url)
        if parts is None:
            return None
        host, rest, query = parts
        key = (host, site_domain)
        first_party = self._party.get(key)
        if first_party is None:
            first_party = registrable_domain(host) == registrable_domain(site_domain)
            if len(self._party) > 50_000:   # bounded: a long run sees many sites
                self._party.clear()
            self._party[key] = first_party
        return self._hosts.lookup(host, rest, query, first_party)

    def service_for_host(self, host: str) -> Service | None:
        """The service of a host (a cookie's domain), path rules aside."""
        return self._hosts.lookup(host.lower().lstrip(".").rstrip("."), "/", "", first_party=False)

    def service(self, service_id: str) -> Service | None:
        if service_id.startswith("trackerdb:"):
            return self.trackerdb_services.get(service_id[len("trackerdb:"):])
        return self.services.get(service_id)

    # --- cookies -------------------------------------------------------------------------
    def _candidates(self, name: str, domain: str, third_party: bool, domain_service: Service | None):
        """What the data says a cookie of this name may be, most trusted first: the project's
        rules for this domain, its rules for any domain (exact names, then patterns by
        specificity), then the Open Cookie Database's records (those of this domain first)."""
        rules = list(self._cookie_rules.candidates(name))
        for rule in rules:
            if rule.domain is not None and (domain == rule.domain or domain.endswith("." + rule.domain)):
                yield self._rule_candidate(rule, fits=True)
        for rule in rules:
            if rule.domain is None:
                yield self._rule_candidate(rule, fits=False)
        reg = registrable_domain(domain) if domain else ""
        records = []
        for record in self._ocd.candidates(name):
            where = record.domain.lower()
            if not third_party and "3rd party" in where:
                continue  # 'fr' on a French site is not Meta's
            service = self._ocd_service(record)
            fits = bool(where) and ((bool(reg) and reg in where)
                                    or (third_party and corroboration.same_vendor(domain_service, service)))
            records.append(_Candidate(
                service=service, purpose=self._ocd_purpose(record, service), note=record.description or None,
                source="open_cookie_database", pattern=record.name + ("*" if record.prefix else ""),
                exact=not record.prefix and "*" not in record.name, where=where or None, fits=fits))
        yield from sorted(records, key=lambda c: not c.fits)

    def _ocd_service(self, record: ocd.OcdRecord) -> Service:
        """The OCD platform as a service: ours or trackerdb's when named alike, else ad hoc."""
        service = self._ocd_services.get(record)
        if service is None:
            service = self._ocd_services[record] = self._new_ocd_service(record)
        return service

    def _new_ocd_service(self, record: ocd.OcdRecord) -> Service:
        for key in (record.platform.lower(), record.controller.lower()):
            if key and key in self._ocd_platforms:
                return self._ocd_platforms[key]
        category = self.categories.from_ocd.get(record.category, "misc")
        org = self._orgs.get(record.controller.lower()) or self._orgs.get(record.platform.lower()) or {}
        name = record.platform or record.controller or record.name
        return Service(
            id="ocd:" + name.lower().replace(" ", "_"),
            name=name,
            company=record.controller or org.get("name") or None,
            country=(org.get("country") or None) and org["country"].upper(),
            category=category,
            tracker=self.categories.is_tracker(category),
            source="open_cookie_database",
            policy_names=(name,),
        )

    @staticmethod
    def _rule_candidate(rule: overlay.CookieRule, fits: bool) -> "_Candidate":
        return _Candidate(service=rule.service, purpose=rule.purpose, note=rule.note, source="overlay",
                          pattern=rule.pattern, exact="*" not in rule.pattern, where=rule.domain, fits=fits)

    def _ocd_purpose(self, record: ocd.OcdRecord, service: Service) -> str | None:
        if record.category in ("Necessary", "Security"):
            return "security" if record.category == "Security" else "session"
        if not service.tracker:
            return self.categories.purpose_from_description(record.description)
        return None

    def _pins_tracker(self, candidate: "_Candidate") -> bool:
        """Would this reading make the cookie a tracker's? A consent, session or security
        purpose never does, whoever's it is."""
        purpose = self.categories.purposes.get(candidate.purpose) if candidate.purpose else None
        return (candidate.service is not None and candidate.service.tracker
                and not (purpose is not None and purpose.exempt == "always"))

    def _distinctive(self, name: str) -> bool:
        """A name that is one vendor's alone: not generic, and no two companies' in the data."""
        key = normalise(name)
        if key not in self._distinctive_names:
            if len(self._distinctive_names) > 50_000:   # bounded: a long run sees many names
                self._distinctive_names.clear()
            self._distinctive_names[key] = key not in self.generic_names and self._one_owner(name)
        return self._distinctive_names[key]

    def _one_owner(self, name: str) -> bool:
        owners = [r.service for r in self._cookie_rules.candidates(name)
                  if r.domain is None and r.service is not None and "*" not in r.pattern]
        owners += [self._ocd_service(r) for r in self._ocd.candidates(name) if not r.prefix and not r.domain]
        return all(corroboration.same_vendor(owners[0], other) for other in owners[1:])

    def _corroborated(self, candidate: "_Candidate", name: str, third_party: bool,
                      domain_service: Service | None, setter: Service | None, set_by_known: bool,
                      seen: corroboration.Sightings) -> str | None:
        """How the cookie is shown to be the candidate's (corroboration.BY_*); None when
        nothing but its name or pattern says so."""
        service = candidate.service
        if candidate.fits:
            return corroboration.BY_DOMAIN
        if candidate.where is not None:
            # The data describes a cookie of another domain (Google's CONSENT on google.com):
            # this one is that cookie only if the vendor set it, or if its name is no generic one
            # and the vendor is in the visit (Amplitude's AMP_* the database puts on its CDN).
            if corroboration.same_vendor(setter, service):
                return corroboration.BY_SETTER
            if self._distinctive(name) and seen.vouches_for(service):
                return corroboration.BY_HOSTS
            return None
        if not self._pins_tracker(candidate):
            return corroboration.BY_NAME
        if third_party and corroboration.same_vendor(domain_service, service):
            return corroboration.BY_DOMAIN
        if corroboration.same_vendor(setter, service):
            return corroboration.BY_SETTER
        # A generic name the site's own script (or another vendor's) was seen writing is theirs,
        # whoever else the page contacted; a vendor's pattern may be written by its code bundled
        # into the site's script, so its hosts vouch for it.
        site_wrote_it = set_by_known and normalise(name) in self.generic_names
        if seen.vouches_for(service) and not site_wrote_it:
            return corroboration.BY_HOSTS
        if candidate.exact and self._distinctive(name):
            return corroboration.BY_NAME
        return None

    def setter_service(self, set_by_url: str | None, site_domain: str) -> Service | None:
        """The service whose script or response set a cookie (report.json's `set_by_url`)."""
        return self.classify_request(set_by_url, site_domain) if set_by_url else None

    def classify_cookie(self, name: str, domain: str, site_domain: str,
                        lifetime_days: float | None = None, jurisdiction: str = "FR", *,
                        seen: corroboration.Sightings | None = None,
                        set_by_url: str | None = None) -> CookieVerdict:
        """Is this cookie a tracker, and is it exempt from consent, and why.

        seen: the services the same visit's requests went to; set_by_url: the script or
        response that set the cookie. Without them a cookie is pinned on a vendor only by a
        name that is the vendor's alone, or by its domain.

        Unknown cookies: tracker None, exempt False, known False (the rules decide)."""
        jurisdiction = (jurisdiction or "FR").upper()
        domain = (domain or "").lower().lstrip(".").rstrip(".")
        site = registrable_domain(site_domain)
        third_party = bool(domain) and registrable_domain(domain) != site
        domain_service = self.service_for_host(domain) if third_party else None
        setter = self.setter_service(set_by_url, site_domain)
        seen = seen or corroboration.NOTHING_SEEN

        chosen, attribution, doubted = None, None, None
        for candidate in self._candidates(name, domain, third_party, domain_service):
            attribution = self._corroborated(candidate, name, third_party, domain_service, setter,
                                             bool(set_by_url), seen)
            if attribution is not None:
                chosen = candidate
                break
            if doubted is None and self._pins_tracker(candidate):
                doubted = candidate
        service, purpose_name, note, source = None, None, None, "unknown"
        if chosen is not None:
            service, purpose_name, note, source = chosen.service, chosen.purpose, chosen.note, chosen.source
        elif setter is not None and setter.tracker:
            # A tracker's own script or response set it: its cookie, whatever its name (Segment's
            # ajs_*, which the cookie database knows only on trustpilot.com).
            service, source, attribution = setter, setter.source, corroboration.BY_SETTER

        def verdict(tracker_service, reason: Reason, category, purpose=purpose_name, src=source, known=True,
                    how=attribution):
            return CookieVerdict(
                name=name, tracker=tracker_service.as_tracker() if tracker_service else None,
                exempt=reason.exempt, reason=reason.words, reason_code=reason.code,
                reason_params=reason.params, category=category, purpose=purpose, source=src,
                known=known, third_party=third_party, service=service or domain_service, note=note,
                attribution=how)

        purpose = self.categories.purposes.get(purpose_name) if purpose_name else None

        # 1. The visitor's consent choice is always exempt, whoever stores it.
        if purpose is not None and purpose.name == "consent":
            return verdict(None, purpose_verdict(purpose, note), "consent_management")

        # 2. A third-party cookie of a tracking service serves that service.
        if domain_service is not None and domain_service.tracker:
            owner = service if service is not None and service.tracker else domain_service
            return verdict(owner, third_party_tracker_verdict(owner, domain, note), owner.category,
                           src=source if source != "unknown" else owner.source,
                           how=attribution if service is owner else corroboration.BY_DOMAIN)

        # 3. Strictly necessary purposes (session, security, load balancing, cart, language).
        if purpose is not None and purpose.exempt == "always":
            return verdict(None, purpose_verdict(purpose, note), purpose.category)

        # 4. Tracking services: audience tools may be exempt, the others need consent.
        if service is not None and service.tracker:
            if service.audience_exemptable or (purpose is not None and purpose.exempt == "audience"):
                reason = audience_verdict(service, third_party, lifetime_days, jurisdiction)
            else:
                reason = tracker_verdict(service, self.categories.label[service.category], note)
            return verdict(service, reason, service.category, purpose=purpose_name or "tracking")

        # 5. Known, but neither a tracker nor on the exemption list.
        owner = service or domain_service
        if owner is not None or chosen is not None:
            category = owner.category if owner is not None else None
            return verdict(None, unlisted_verdict(owner, note), category,
                           src=source if source != "unknown" else owner.source)

        # 6. A vendor's name or pattern and nothing else to show it is that vendor's: unknown.
        if doubted is not None:
            return verdict(None, uncorroborated_verdict(doubted.service, doubted.pattern, third_party), None,
                           known=False, how=corroboration.UNCORROBORATED)
        return verdict(None, unknown_verdict(third_party), None, known=False)

    # --- vendors and countries -----------------------------------------------------------
    def vendor_policy_names(self, observed=()) -> dict[str, list[str]]:
        """Tracker name (as in TRACKER.name) -> the names a privacy policy may use for it:
        the project's curated vendors, and trackerdb's only for the trackers `observed` on
        the site (its 3,000 names hold common words — "Ensemble", "RCS" — that would read
        as declarations in any French legal page)."""
        observed = set(observed)
        names: dict[str, list[str]] = {}
        for service in list(self.services.values()) + [
                s for s in self.trackerdb_services.values()
                if s.source == "trackerdb" and s.tracker and s.name in observed]:
            bucket = names.setdefault(service.name, [service.name])
            for alias in service.policy_names:
                if alias not in bucket:
                    bucket.append(alias)
        return names

    def is_eu_eea(self, country_code: str | None) -> bool:
        return self.countries.is_eu_eea(country_code)
