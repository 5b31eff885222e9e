"""What the auditor knows about trackers and cookies: vendor, company, country, category,
and whether a cookie needs consent (CNIL-EXEMPT, CNIL-AUD, BE-APD).

    from auditor.knowledge import Knowledge
    kb = Knowledge.default()
    kb.classify_request(url, site_domain)        # -> Service | None
    kb.classify_cookie(name, domain, site_domain, lifetime_days=None, jurisdiction="FR")
    kb.vendor_policy_names(); kb.is_eu_eea("FR"); kb.versions

    from auditor.knowledge.attribution import attribute
    attribute(report, kb)    # a report's records attributed from their facts (by the judge)

Sources, in order of precedence: the project's own data in ``auditor/data/``
(services.yaml, cookies.yaml), the Open Cookie Database (Apache-2.0, shipped in
``auditor/data/open-cookie-database/``) and, when present and enabled, Ghostery's
trackerdb (CC-BY-NC-SA-4.0, fetched at set-up into ``.cache/npm/``, never committed;
``AUDITOR_TRACKERDB=0`` switches it off, ``AUDITOR_TRACKERDB=/path/trackerdb.json`` picks a file).

Category words (``auditor/data/categories.yaml``), lower snake case:

- trackers: ``analytics``, ``advertising``, ``social_media``, ``session_recording``,
  ``customer_interaction`` (chat widgets, reviews), ``video_player`` (embedded players
  that set the platform's cookies);
- not trackers: ``consent_management``, ``tag_manager``, ``essential``, ``functional``,
  ``security``, ``maps``, ``cdn``, ``misc``.

A service may override its category's tracker flag (Google Maps and reCAPTCHA are
trackers: they set Google's identifying cookies).
"""

from .base import Knowledge
from .model import CookieVerdict, Service

__all__ = ["Knowledge", "Service", "CookieVerdict"]
