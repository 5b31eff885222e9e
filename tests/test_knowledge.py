"""The knowledge base: vendors of requests, cookie verdicts, exemptions. No browser.

Every table runs twice: with Ghostery's trackerdb (when fetched) and on the project's own
data only (use_trackerdb=False), which must be enough for all of them."""
import time

import pytest

from auditor.knowledge import Knowledge, datafiles
from auditor.knowledge.attribution import attribute, cookie_attribution, request_attribution
from auditor.knowledge.corroboration import Sightings
from auditor.knowledge.exemption import audience_verdict, choice_storage_verdict, unlisted_verdict
from auditor.knowledge.model import Service
from reports.i18n import Translator, source_labels

SITE = "boulangerie-martin.fr"
TRACKERDB = datafiles.locate_trackerdb()


@pytest.fixture(scope="module")
def kb_own():
    return Knowledge.load(use_trackerdb=False)


@pytest.fixture(scope="module")
def kb_full():
    if TRACKERDB is None:
        pytest.skip("trackerdb not fetched (run scripts/bootstrap.sh) or AUDITOR_TRACKERDB=0")
    return Knowledge.load(trackerdb=TRACKERDB)


@pytest.fixture(scope="module", params=["trackerdb", "own-data-only"])
def kb(request):
    return request.getfixturevalue("kb_full" if request.param == "trackerdb" else "kb_own")


# --- requests ------------------------------------------------------------------------------
G, META, MS, X, LI = "Google", "Meta", "Microsoft", "X Corp.", "LinkedIn"
# url, name, company, category, country, tracker
REQUESTS = [
    # the test world's fake trackers
    ("https://www.googletagmanager.com/gtag/js?id=G-BOULANGE1", "Google Analytics", G, "analytics", "US", True),
    ("https://www.google-analytics.com/g/collect?v=2&tid=G-BOULANGE1&cid=1", "Google Analytics", G, "analytics", "US", True),
    ("https://connect.facebook.net/en_US/fbevents.js", "Meta Pixel", META, "advertising", "US", True),
    ("https://www.facebook.com/tr/?id=1234567890123456&ev=PageView&noscript=1", "Meta Pixel", META, "advertising", "US", True),
    ("https://www.facebook.com/tr?id=1", "Meta Pixel", META, "advertising", "US", True),
    ("https://www.facebook.com/plugins/like.php?href=https%3A%2F%2Fwww.atelier-chat.fr%2F", "Facebook Social Plugins", META, "social_media", "US", True),
    ("https://client.crisp.chat/l.js", "Crisp", "Crisp", "customer_interaction", "FR", True),
    ("https://client.crisp.chat/static/stylesheets/client_default.css", "Crisp", "Crisp", "customer_interaction", "FR", True),
    ("https://client.relay.crisp.chat/poll?website=7b3c", "Crisp", "Crisp", "customer_interaction", "FR", True),
    ("https://static.hotjar.com/c/hotjar-3141592.js?sv=6", "Hotjar", "Hotjar", "session_recording", "MT", True),
    ("https://in.hotjar.com/api/v2/client/sites/3141592/visit-data", "Hotjar", "Hotjar", "session_recording", "MT", True),
    ("https://platform.twitter.com/widgets.js", "X (Twitter)", X, "social_media", "US", True),
    ("https://platform.twitter.com/widgets/tweet_button.html", "X (Twitter)", X, "social_media", "US", True),
    # Google
    ("https://region1.google-analytics.com/g/collect?v=2", "Google Analytics", G, "analytics", "US", True),
    ("https://www.google-analytics.com/analytics.js", "Google Analytics", G, "analytics", "US", True),
    ("https://analytics.google.com/g/collect?v=2", "Google Analytics", G, "analytics", "US", True),
    ("https://www.googletagmanager.com/gtag/js?id=UA-12345-1", "Google Analytics", G, "analytics", "US", True),
    ("https://www.googletagmanager.com/gtag/js?id=AW-123456789", "Google Ads", G, "advertising", "US", True),
    ("https://www.googletagmanager.com/gtm.js?id=GTM-ABC123", "Google Tag Manager", G, "tag_manager", "US", False),
    ("https://googleads.g.doubleclick.net/pagead/viewthroughconversion/1/", "Google Ads", G, "advertising", "US", True),
    ("https://stats.g.doubleclick.net/g/collect", "Google Ads", G, "advertising", "US", True),
    ("https://www.googleadservices.com/pagead/conversion.js", "Google Ads", G, "advertising", "US", True),
    ("https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js", "Google Ads", G, "advertising", "US", True),
    ("https://www.google.com/pagead/1p-user-list/1/", "Google Ads", G, "advertising", "US", True),
    ("https://www.google.com/recaptcha/api.js", "Google reCAPTCHA", G, "security", "US", True),
    ("https://www.gstatic.com/recaptcha/releases/abc/recaptcha__fr.js", "Google reCAPTCHA", G, "security", "US", True),
    ("https://www.recaptcha.net/recaptcha/api.js", "Google reCAPTCHA", G, "security", "US", True),
    ("https://www.google.com/maps/embed?pb=!1m18", "Google Maps", G, "maps", "US", True),
    ("https://maps.googleapis.com/maps/api/js?key=x", "Google Maps", G, "maps", "US", True),
    ("https://maps.gstatic.com/mapfiles/api-3/images/x.png", "Google Maps", G, "maps", "US", True),
    ("https://www.youtube.com/embed/dQw4w9WgXcQ", "YouTube", G, "video_player", "US", True),
    ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "YouTube", G, "video_player", "US", True),
    ("https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg", "YouTube", G, "video_player", "US", True),
    ("https://fonts.googleapis.com/css2?family=Roboto", "Google Fonts", G, "cdn", "US", False),
    ("https://fonts.gstatic.com/s/roboto/v30/x.woff2", "Google Fonts", G, "cdn", "US", False),
    ("https://ajax.googleapis.com/ajax/libs/jquery/3.6.0/jquery.min.js", "Google Hosted Libraries", G, "cdn", "US", False),
    # Meta, X, LinkedIn, Microsoft
    ("https://connect.facebook.net/fr_FR/sdk.js#xfbml=1", "Facebook Social Plugins", META, "social_media", "US", True),
    ("https://www.instagram.com/embed.js", "Instagram", META, "social_media", "US", True),
    ("https://static.ads-twitter.com/uwt.js", "X Ads", X, "advertising", "US", True),
    ("https://syndication.twitter.com/settings", "X (Twitter)", X, "social_media", "US", True),
    ("https://snap.licdn.com/li.lms-analytics/insight.min.js", "LinkedIn Insight Tag", LI, "advertising", "US", True),
    ("https://px.ads.linkedin.com/collect/?pid=1&fmt=gif", "LinkedIn Insight Tag", LI, "advertising", "US", True),
    ("https://platform.linkedin.com/in.js", "LinkedIn", LI, "social_media", "US", True),
    ("https://www.clarity.ms/tag/abcdef", "Microsoft Clarity", MS, "session_recording", "US", True),
    ("https://k.clarity.ms/collect", "Microsoft Clarity", MS, "session_recording", "US", True),
    ("https://bat.bing.com/bat.js", "Microsoft Advertising", MS, "advertising", "US", True),
    # French and European vendors
    ("https://sibautomation.com/sa.js?key=x", "Brevo", "Brevo", "advertising", "FR", True),
    ("https://in-automate.brevo.com/p", "Brevo", "Brevo", "advertising", "FR", True),
    ("https://in-automate.sendinblue.com/p", "Brevo", "Brevo", "advertising", "FR", True),
    ("https://conversations-widget.brevo.com/brevo-conversations.js", "Brevo Conversations", "Brevo", "customer_interaction", "FR", True),
    ("https://logs1412.xiti.com/hit.xiti?s=123", "Piano Analytics", "Piano (AT Internet)", "analytics", "FR", True),
    ("https://tag.aticdn.net/piano-analytics.js", "Piano Analytics", "Piano (AT Internet)", "analytics", "FR", True),
    ("https://static.criteo.net/js/ld/publishertag.js", "Criteo", "Criteo", "advertising", "FR", True),
    ("https://dynamic.criteo.com/js/ld/ld.js?a=1", "Criteo", "Criteo", "advertising", "FR", True),
    ("https://js.sddan.com/main.js", "Sirdata", "Sirdata", "advertising", "FR", True),
    ("https://t.contentsquare.net/uxa/abc.js", "Contentsquare", "Contentsquare", "session_recording", "FR", True),
    ("https://try.abtasty.com/abc.js", "AB Tasty", "AB Tasty", "analytics", "FR", True),
    ("https://www.dailymotion.com/embed/video/x8abc", "Dailymotion", "Dailymotion", "video_player", "FR", True),
    # Matomo: cloud, and self-hosted on the site's own or another host
    ("https://cdn.matomo.cloud/boulangerie.matomo.cloud/matomo.js", "Matomo", "InnoCraft", "analytics", "NZ", True),
    ("https://boulangerie.matomo.cloud/matomo.php?idsite=1&rec=1", "Matomo", "InnoCraft", "analytics", "NZ", True),
    ("https://www.boulangerie-martin.fr/matomo.php?idsite=1&rec=1", "Matomo", "self-hosted", "analytics", None, True),
    ("https://stats.boulangerie-martin.fr/piwik.js", "Matomo", "self-hosted", "analytics", None, True),
    ("https://analytics.agence-web.fr/matomo.js", "Matomo", "self-hosted", "analytics", None, True),
    ("https://www.boulangerie-martin.fr/js/container_AbC123.js", "Matomo", "self-hosted", "analytics", None, True),
    # US vendors
    ("https://analytics.tiktok.com/i18n/pixel/events.js", "TikTok Pixel", "ByteDance", "advertising", "KY", True),
    ("https://www.tiktok.com/embed.js", "TikTok", "ByteDance", "social_media", "KY", True),
    ("https://player.vimeo.com/video/76979871", "Vimeo", "Vimeo", "video_player", "US", True),
    ("https://f.vimeocdn.com/p/4.0/js/player.js", "Vimeo", "Vimeo", "video_player", "US", True),
    ("https://js.hs-scripts.com/1234567.js", "HubSpot", "HubSpot", "analytics", "US", True),
    ("https://track.hubspot.com/__ptq.gif", "HubSpot", "HubSpot", "analytics", "US", True),
    ("https://js.hs-banner.com/v2/1234567/banner.js", "HubSpot cookie banner", "HubSpot", "consent_management", "US", False),
    ("https://chimpstatic.com/mcjs-connected/js/users/abc/def.js", "Mailchimp", "Mailchimp", "advertising", "US", True),
    ("https://boulangerie.us21.list-manage.com/subscribe/post", "Mailchimp", "Mailchimp", "advertising", "US", True),
    ("https://www.eventbrite.fr/static/widgets/eb_widgets.js", "Eventbrite", "Eventbrite", "customer_interaction", "US", True),
    ("https://go.pardot.com/l/1/2", "Salesforce Pardot", "Salesforce", "advertising", "US", True),
    ("https://service.force.com/embeddedservice/5.0/esw.min.js", "Salesforce", "Salesforce", "customer_interaction", "US", True),
    ("https://widget.intercom.io/widget/abc", "Intercom", "Intercom", "customer_interaction", "US", True),
    ("https://ct.pinterest.com/v3/?tid=1", "Pinterest Tag", "Pinterest", "advertising", "US", True),
    # consent managers: known, not trackers
    ("https://client.axept.io/sdk.js", "Axeptio", "Axeptio", "consent_management", "FR", False),
    ("https://static.axept.io/sdk.js", "Axeptio", "Axeptio", "consent_management", "FR", False),
    ("https://tarteaucitron.io/load.js?domain=boulangerie-martin.fr&uuid=x", "tarteaucitron", "tarteaucitron.io", "consent_management", "FR", False),
    ("https://cdn.jsdelivr.net/gh/AmauriC/tarteaucitron.js@1.19.0/tarteaucitron.min.js", "tarteaucitron", "tarteaucitron.io", "consent_management", "FR", False),
    ("https://www.boulangerie-martin.fr/assets/tarteaucitron/tarteaucitron.js", "tarteaucitron", "tarteaucitron.io", "consent_management", "FR", False),
    ("https://sdk.privacy-center.org/abc/loader.js", "Didomi", "Didomi", "consent_management", "FR", False),
    ("https://choices.consentframework.com/js/pa/1/c/2/cmp", "Sirdata CMP", "Sirdata", "consent_management", "FR", False),
    ("https://cdn.cookielaw.org/scripttemplates/otSDKStub.js", "OneTrust", "OneTrust", "consent_management", "US", False),
    ("https://consent.cookiebot.com/uc.js", "Cookiebot", "Usercentrics", "consent_management", "DK", False),
    # CDNs and payment: known, not trackers
    ("https://cdnjs.cloudflare.com/ajax/libs/jquery/3.7.1/jquery.min.js", "Cloudflare", "Cloudflare", "cdn", "US", False),
    ("https://code.jquery.com/jquery-3.7.1.min.js", "Public CDN", None, "cdn", None, False),
    ("https://js.stripe.com/v3/", "Stripe", "Stripe", "security", "US", False),
    ("https://tile.openstreetmap.org/10/500/300.png", "OpenStreetMap", "OpenStreetMap Foundation", "maps", "GB", False),
]


@pytest.mark.parametrize("url,name,company,category,country,tracker", REQUESTS,
                         ids=[r[0].split("//")[1][:60] for r in REQUESTS])
def test_request_vendor(kb, url, name, company, category, country, tracker):
    service = kb.classify_request(url, SITE)
    assert service is not None, url
    assert (service.name, service.company, service.category, service.country, service.tracker) == \
        (name, company, category, country, tracker)
    as_tracker = service.as_tracker()
    assert {"name", "company", "category", "country"} <= as_tracker.keys()
    assert as_tracker["name"] == name


def test_enough_real_hostnames():
    from urllib.parse import urlsplit
    assert len({urlsplit(r[0]).hostname for r in REQUESTS}) >= 60


@pytest.mark.parametrize("url", [
    "https://www.boulangerie-martin.fr/",
    "https://www.boulangerie-martin.fr/static/app.js",
    "https://cdn.boulangerie-martin.fr/img/pain.jpg",       # same-site subdomain
    "https://boulangerie-martin.fr/favicon.ico",
    "https://www.boulangerie-martin.fr/gtm.js",             # not Google's host
])
def test_the_sites_own_content_is_not_classified(kb, url):
    assert kb.classify_request(url, SITE) is None


def test_site_domain_may_be_given_as_a_host(kb):
    assert kb.classify_request("https://cdn.boulangerie-martin.fr/x.js", "www.boulangerie-martin.fr") is None


@pytest.mark.parametrize("url", [
    "https://www.exemple-inconnu.fr/script.js",
    "https://203.0.113.7/pixel.gif",
    "not a url",
    "",
])
def test_unknown_hosts_give_none(kb, url):
    assert kb.classify_request(url, SITE) is None


def test_a_vendors_own_site_is_first_party(kb):
    # Auditing facebook.com itself: its own requests are its content, not a tracker.
    assert kb.classify_request("https://www.facebook.com/tr?id=1", "facebook.com") is None


def test_trackerdb_fills_gaps_beyond_the_projects_data(kb_full, kb_own):
    url = "https://tags.tiqcdn.com/utag/x/utag.js"      # Tealium: only in trackerdb
    assert kb_own.classify_request(url, SITE) is None
    service = kb_full.classify_request(url, SITE)
    assert service.source == "trackerdb" and service.tracker
    assert service.as_tracker()["source"] == "trackerdb"


def test_trackerdb_names_cdn_subdomains_more_precisely(kb_full):
    service = kb_full.classify_request("https://static.cloudflareinsights.com/beacon.min.js", SITE)
    assert service.company == "Cloudflare" and service.category == "analytics"


# --- cookies ---------------------------------------------------------------------------------
# The test world's visit: the hosts of its trackers were contacted, which vouches for the
# cookies their patterns name (_ga_<id>, _hjSession_<id>, _pk_id.<n>.<hash>...).
WORLD_VISIT = [
    "https://www.googletagmanager.com/gtag/js?id=G-BOULANGE1", "https://connect.facebook.net/en_US/fbevents.js",
    "https://static.hotjar.com/c/hotjar-3141592.js?sv=6", "https://client.crisp.chat/l.js",
    "https://www.boulangerie-martin.fr/matomo.php?idsite=1", "https://stats.agence-web.fr/matomo.php?idsite=3"]


def visit(kb, urls=tuple(WORLD_VISIT)):
    """The Sightings of a visit whose requests went to `urls`."""
    return Sightings.of([request_attribution({"url": url}, kb, SITE) for url in urls])


CRISP = "crisp-client%2Fsession%2F7b3c9e2a-4f1d-4c8e-9a6b-2d5f8e1c3a70"
# name, domain, lifetime_days, tracker name (or None), category, exempt
COOKIES = [
    # the test world's cookies
    ("_ga", ".boulangerie-martin.fr", 730, "Google Analytics", "analytics", False),
    ("_ga_BOULANGE1", ".boulangerie-martin.fr", 730, "Google Analytics", "analytics", False),
    ("_fbp", ".boulangerie-martin.fr", 90, "Meta Pixel", "advertising", False),
    ("fr", ".facebook.com", 90, "Meta Pixel", "advertising", False),
    ("datr", ".facebook.com", 730, "Facebook", "social_media", False),
    (CRISP, ".boulangerie-martin.fr", 183, "Crisp", "customer_interaction", False),
    ("crisp-client/session/7b3c9e2a-4f1d-4c8e-9a6b-2d5f8e1c3a70", ".boulangerie-martin.fr", 183, "Crisp", "customer_interaction", False),
    ("_hjSessionUser_3141592", ".boulangerie-martin.fr", 365, "Hotjar", "session_recording", False),
    ("_hjSession_3141592", ".boulangerie-martin.fr", 0.02, "Hotjar", "session_recording", False),
    ("PHPSESSID", "www.boulangerie-martin.fr", None, None, "essential", True),
    ("lang", "www.boulangerie-martin.fr", 365, None, "functional", True),
    # Google
    ("_gid", ".boulangerie-martin.fr", 1, "Google Analytics", "analytics", False),
    ("_gat_gtag_UA_1234_1", ".boulangerie-martin.fr", 0.001, "Google Analytics", "analytics", False),
    ("__utma", ".boulangerie-martin.fr", 730, "Google Analytics", "analytics", False),
    ("_gcl_au", ".boulangerie-martin.fr", 90, "Google Ads", "advertising", False),
    ("IDE", ".doubleclick.net", 390, "Google Ads", "advertising", False),
    ("test_cookie", ".doubleclick.net", 0.01, "Google Ads", "advertising", False),
    ("NID", ".google.com", 183, "Google", "advertising", False),
    ("_GRECAPTCHA", "www.google.com", 183, "Google reCAPTCHA", "security", False),
    ("YSC", ".youtube.com", None, "YouTube", "video_player", False),
    ("VISITOR_INFO1_LIVE", ".youtube.com", 180, "YouTube", "video_player", False),
    # Meta, X, LinkedIn, Microsoft
    ("_fbc", ".boulangerie-martin.fr", 90, "Meta Pixel", "advertising", False),
    ("sb", ".facebook.com", 400, "Facebook", "social_media", False),
    ("guest_id", ".twitter.com", 400, "X (Twitter)", "social_media", False),
    ("personalization_id", ".twitter.com", 400, "X (Twitter)", "social_media", False),
    ("muc_ads", ".t.co", 400, "X Ads", "advertising", False),
    ("bcookie", ".linkedin.com", 365, "LinkedIn", "social_media", False),
    ("lidc", ".linkedin.com", 1, "LinkedIn", "social_media", False),
    ("li_gc", ".linkedin.com", 180, "LinkedIn", "social_media", False),
    ("lang", ".linkedin.com", None, "LinkedIn", "social_media", False),
    ("li_fat_id", ".boulangerie-martin.fr", 30, "LinkedIn Insight Tag", "advertising", False),
    ("UserMatchHistory", ".linkedin.com", 30, "LinkedIn Insight Tag", "advertising", False),
    ("_clck", ".boulangerie-martin.fr", 365, "Microsoft Clarity", "session_recording", False),
    ("_clsk", ".boulangerie-martin.fr", 1, "Microsoft Clarity", "session_recording", False),
    ("CLID", "www.clarity.ms", 365, "Microsoft Clarity", "session_recording", False),
    ("MUID", ".clarity.ms", 390, "Microsoft Clarity", "session_recording", False),
    ("MUID", ".bing.com", 390, "Microsoft Advertising", "advertising", False),
    ("_uetvid", ".boulangerie-martin.fr", 390, "Microsoft Advertising", "advertising", False),
    # Hotjar, TikTok, Criteo, HubSpot, Brevo, Mailchimp, Vimeo
    ("_hjid", ".boulangerie-martin.fr", 365, "Hotjar", "session_recording", False),
    ("_hjFirstSeen", ".boulangerie-martin.fr", 0.02, "Hotjar", "session_recording", False),
    ("_ttp", ".boulangerie-martin.fr", 390, "TikTok Pixel", "advertising", False),
    ("cto_bundle", ".boulangerie-martin.fr", 390, "Criteo", "advertising", False),
    ("uid", ".criteo.com", 390, "Criteo", "advertising", False),
    ("__hstc", ".boulangerie-martin.fr", 180, "HubSpot", "analytics", False),
    ("hubspotutk", ".boulangerie-martin.fr", 180, "HubSpot", "analytics", False),
    ("sib_cuid", ".boulangerie-martin.fr", 180, "Brevo", "advertising", False),
    ("_mcid", ".boulangerie-martin.fr", 365, "Mailchimp", "advertising", False),
    ("vuid", ".vimeo.com", 730, "Vimeo", "video_player", False),
    # exemptable audience measurement (FR), within 13 months
    ("_pk_id.1.1fff", "www.boulangerie-martin.fr", 393, "Matomo", "analytics", True),
    ("_pk_ses.1.1fff", "www.boulangerie-martin.fr", 0.02, "Matomo", "analytics", True),
    ("_pk_ref.3.a1b2", "www.boulangerie-martin.fr", 183, "Matomo", "analytics", True),
    ("atuserid", ".boulangerie-martin.fr", 395, "Piano Analytics", "analytics", True),
    ("_pcid", ".boulangerie-martin.fr", 395, "Piano Analytics", "analytics", True),
    # consent-choice storage: exempt, and the CMP is not a tracker
    ("tarteaucitron", ".boulangerie-martin.fr", 365, None, "consent_management", True),
    ("axeptio_cookies", ".boulangerie-martin.fr", 182, None, "consent_management", True),
    ("axeptio_authorized_vendors", ".boulangerie-martin.fr", 182, None, "consent_management", True),
    ("axeptio_all_vendors", ".boulangerie-martin.fr", 182, None, "consent_management", True),
    ("didomi_token", ".boulangerie-martin.fr", 365, None, "consent_management", True),
    ("euconsent-v2", ".boulangerie-martin.fr", 365, None, "consent_management", True),
    ("OptanonConsent", ".boulangerie-martin.fr", 365, None, "consent_management", True),
    ("CookieConsent", "www.boulangerie-martin.fr", 365, None, "consent_management", True),
    ("mtm_consent", "www.boulangerie-martin.fr", 395, None, "consent_management", True),
    ("_hjOptOut", ".boulangerie-martin.fr", 365, None, "consent_management", True),
    # strictly necessary
    ("MATOMO_SESSID", "www.boulangerie-martin.fr", None, None, "essential", True),
    ("JSESSIONID", "www.boulangerie-martin.fr", None, None, "essential", True),
    ("ASP.NET_SessionId", "www.boulangerie-martin.fr", None, None, "essential", True),
    ("SESSa1b2c3d4e5f6", ".boulangerie-martin.fr", 23, None, "essential", True),
    ("wordpress_logged_in_0123abcd", "www.boulangerie-martin.fr", None, None, "essential", True),
    ("wp_woocommerce_session_0123abcd", "www.boulangerie-martin.fr", 2, None, "essential", True),
    ("csrftoken", "www.boulangerie-martin.fr", 365, None, "security", True),
    ("XSRF-TOKEN", "www.boulangerie-martin.fr", 0.08, None, "security", True),
    ("__cf_bm", ".boulangerie-martin.fr", 0.02, None, "security", True),
    ("AWSALB", "www.boulangerie-martin.fr", 7, None, "essential", True),
    ("AWSALBCORS", "www.boulangerie-martin.fr", 7, None, "essential", True),
    ("SERVERID", "www.boulangerie-martin.fr", None, None, "essential", True),
    ("BIGipServerpool_web", "www.boulangerie-martin.fr", None, None, "essential", True),
    ("pll_language", "www.boulangerie-martin.fr", 365, None, "functional", True),
]


@pytest.mark.parametrize("name,domain,days,tracker,category,exempt", COOKIES,
                         ids=[f"{c[0][:40]}@{c[1]}" for c in COOKIES])
def test_cookie_verdict(kb, name, domain, days, tracker, category, exempt):
    v = kb.classify_cookie(name, domain, SITE, lifetime_days=days, jurisdiction="FR", seen=visit(kb))
    assert (v.tracker["name"] if v.tracker else None) == tracker, v.reason
    assert v.category == category, v.reason
    assert v.exempt is exempt, v.reason
    assert v.reason and v.known


def test_enough_real_cookie_names():
    assert len({c[0] for c in COOKIES}) >= 60


def test_tracker_cookie_carries_the_contracts_tracker_dict(kb):
    v = kb.classify_cookie("_ga", ".boulangerie-martin.fr", SITE, 730)
    assert {k: v.tracker[k] for k in ("name", "company", "category", "country")} == \
        {"name": "Google Analytics", "company": "Google", "category": "analytics", "country": "US"}
    assert "needs consent" in v.reason and "exemption" in v.reason


def test_google_analytics_is_never_exempt_even_short_lived(kb):
    v = kb.classify_cookie("_ga", ".boulangerie-martin.fr", SITE, lifetime_days=30)
    assert not v.exempt and v.tracker["name"] == "Google Analytics"


def test_belgium_removes_the_analytics_exemption(kb):
    fr = kb.classify_cookie("_pk_id.1.1fff", "www.boulangerie-martin.be", "boulangerie-martin.be", 393, "FR",
                            seen=visit(kb))
    be = kb.classify_cookie("_pk_id.1.1fff", "www.boulangerie-martin.be", "boulangerie-martin.be", 393, "BE",
                            seen=visit(kb))
    assert fr.exempt and not be.exempt
    assert be.tracker["name"] == "Matomo" and "Belgium" in be.reason
    # ... but not the other exemptions
    assert kb.classify_cookie("PHPSESSID", "www.x.be", "x.be", None, "BE").exempt
    assert kb.classify_cookie("tarteaucitron", ".x.be", "x.be", 365, "be").exempt


def test_audience_exemption_needs_13_months_at_most(kb):
    v = kb.classify_cookie("_pk_id.1.1fff", "www.boulangerie-martin.fr", SITE, lifetime_days=396, seen=visit(kb))
    assert not v.exempt and "395" in v.reason
    assert v.tracker["name"] == "Matomo"   # a tracker, exempt or not


def test_audience_exemption_needs_a_first_party_cookie(kb):
    v = kb.classify_cookie("_pk_id.1.1fff", "stats.agence-web.fr", SITE, lifetime_days=300, seen=visit(kb))
    assert not v.exempt and "first-party" in v.reason


def test_exempt_audience_reason_states_the_caveat(kb):
    v = kb.classify_cookie("atuserid", ".boulangerie-martin.fr", SITE, lifetime_days=395)
    assert v.exempt and "CNIL-AUD" in v.reason and "cannot be checked" in v.reason


def test_unknown_first_party_cookie(kb):
    v = kb.classify_cookie("zq_visitor_7", "www.boulangerie-martin.fr", SITE, 30)
    assert v.tracker is None and v.exempt is False and not v.known
    assert v.source == "unknown" and "unknown" in v.reason


def test_generic_names_are_not_trackers_on_the_site(kb):
    # 'fr' and 'lang' mean Meta / LinkedIn only on their domains.
    assert kb.classify_cookie("fr", "www.boulangerie-martin.fr", SITE, 30).tracker is None
    assert kb.classify_cookie("lang", ".boulangerie-martin.fr", SITE, 30).exempt


def test_third_party_cookie_of_a_tracker_domain_is_that_tracker(kb):
    v = kb.classify_cookie("__cf_bm", ".vimeo.com", SITE, 0.02)
    assert v.tracker["name"] == "Vimeo" and not v.exempt and v.third_party


def test_unknown_cookie_on_a_known_tracker_domain(kb):
    v = kb.classify_cookie("zz_new_id", ".hotjar.com", SITE, 30)
    assert v.tracker["name"] == "Hotjar" and not v.exempt


def test_open_cookie_database_fills_gaps(kb):
    # Not in the project's data: the Open Cookie Database knows it, as a cookie of pinterest.com
    # that Pinterest's tag also sets on the sites using it.
    v = kb.classify_cookie("_derived_epik", ".boulangerie-martin.fr", SITE, 365,
                           set_by_url="https://s.pinimg.com/ct/core.js")
    assert v.source == "open_cookie_database" and v.known and v.attribution == "set_by_vendor"
    assert v.tracker is not None and v.tracker["category"] == "advertising" and not v.exempt


# --- no attribution without corroboration (issue 17) ------------------------------------------
OWN_SCRIPT = "https://www.boulangerie-martin.fr/js/site.js"


def test_a_vendors_pattern_on_the_sites_own_cookie_needs_the_vendor_in_the_visit(kb):
    alone = kb.classify_cookie("mp_affichage", "www.boulangerie-martin.fr", SITE, 365, set_by_url=OWN_SCRIPT)
    assert alone.tracker is None and not alone.known and alone.attribution == "name_only_uncorroborated"
    assert alone.reason_code == "unknown_cookie.uncorroborated" and alone.reason_params["pattern"] == "mp_*"
    hotjar = kb.classify_cookie("_hjSessionUser_3141592", ".boulangerie-martin.fr", SITE, 365)
    assert hotjar.tracker is None and hotjar.reason_params == {"service": "Hotjar", "pattern": "_hjSessionUser_*"}
    seen = kb.classify_cookie("_hjSessionUser_3141592", ".boulangerie-martin.fr", SITE, 365, seen=visit(kb))
    assert seen.tracker["name"] == "Hotjar" and seen.attribution == "hosts_seen"


def test_mixpanels_pattern_counts_with_mixpanels_hosts_or_script(kb_full):
    seen = visit(kb_full, ["https://api-js.mixpanel.com/track/?data=e30"])
    by_hosts = kb_full.classify_cookie("mp_affichage", "www.boulangerie-martin.fr", SITE, 365, seen=seen)
    by_script = kb_full.classify_cookie("mp_0a1b_mixpanel", ".boulangerie-martin.fr", SITE, 365,
                                        set_by_url="https://cdn.mxpnl.com/libs/mixpanel-2-latest.min.js")
    assert by_hosts.tracker["name"] == by_script.tracker["name"] == "Mixpanel"
    assert (by_hosts.attribution, by_script.attribution) == ("hosts_seen", "set_by_vendor")
    # Another tracker's script vouches for nothing of Mixpanel's: what it writes is its own.
    other = kb_full.classify_cookie("mp_affichage", ".boulangerie-martin.fr", SITE, 365,
                                    set_by_url="https://static.hotjar.com/c/hotjar-3141592.js")
    assert other.tracker["name"] == "Hotjar" and other.attribution == "set_by_vendor"


def test_a_cookie_a_trackers_script_writes_is_that_trackers(kb):
    hotjar = "https://static.hotjar.com/c/hotjar-3141592.js?sv=6"
    written = kb.classify_cookie("zz_essai", ".boulangerie-martin.fr", SITE, 30, set_by_url=hotjar)
    assert written.tracker["name"] == "Hotjar" and written.attribution == "set_by_vendor"
    # A tag manager or a CDN is no tracker: what a script it serves writes stays unknown.
    for url in ("https://www.googletagmanager.com/gtm.js?id=GTM-ABC123",
                "https://cdn.jsdelivr.net/npm/js-cookie@3/dist/js.cookie.min.js"):
        assert kb.classify_cookie("zz_essai", ".boulangerie-martin.fr", SITE, 30, set_by_url=url).tracker is None


def test_a_cookie_database_entrys_domain_is_part_of_the_entry(kb):
    # Google's CONSENT lives on google.com: the site's own `consent` is not it, Google's hosts or not.
    for seen in (None, visit(kb)):
        own = kb.classify_cookie("consent", "www.boulangerie-martin.fr", SITE, 180, seen=seen, set_by_url=OWN_SCRIPT)
        assert own.tracker is None and own.reason_params == {"service": "Google", "pattern": "CONSENT"}
    google = kb.classify_cookie("CONSENT", ".google.com", SITE, 400)
    assert google.tracker["company"] == "Google" and google.attribution == "domain"
    # Segment's ajs_* cookies are not Trustpilot's, whose own site the database describes.
    assert kb.classify_cookie("ajs_anonymous_id", ".boulangerie-martin.fr", SITE, 365).tracker is None


def test_a_generic_name_is_a_vendors_only_on_its_domain_or_with_it_in_the_visit(kb):
    assert kb.classify_cookie("guest_id", ".boulangerie-martin.fr", SITE, 30).tracker is None
    assert kb.classify_cookie("guest_id", ".twitter.com", SITE, 400).tracker["name"] == "X (Twitter)"
    with_x = kb.classify_cookie("guest_id", ".boulangerie-martin.fr", SITE, 30,
                                seen=visit(kb, ["https://platform.twitter.com/widgets.js"]))
    assert with_x.tracker["name"] == "X (Twitter)" and with_x.attribution == "hosts_seen"
    # ...but not when the site's own script was seen writing it.
    written = kb.classify_cookie("guest_id", ".boulangerie-martin.fr", SITE, 30, set_by_url=OWN_SCRIPT,
                                 seen=visit(kb, ["https://platform.twitter.com/widgets.js"]))
    assert written.tracker is None and written.attribution == "name_only_uncorroborated"


def test_a_name_that_is_one_vendors_alone_needs_nothing_more(kb):
    for name, tracker in (("_ga", "Google Analytics"), ("_fbp", "Meta Pixel"), ("_hjid", "Hotjar"),
                          ("hubspotutk", "HubSpot"), ("_uetvid", "Microsoft Advertising")):
        verdict = kb.classify_cookie(name, ".boulangerie-martin.fr", SITE, 365)
        assert verdict.tracker["name"] == tracker and verdict.attribution == "name", name


def test_only_a_tracking_service_of_the_company_vouches_for_its_cookies(kb):
    fonts = visit(kb, ["https://fonts.googleapis.com/css2?family=Roboto"])
    assert kb.classify_cookie("_ga_BOULANGE1", ".boulangerie-martin.fr", SITE, 730, seen=fonts).tracker is None
    ga = visit(kb, ["https://www.google-analytics.com/g/collect?v=2"])
    assert kb.classify_cookie("_gcl_au", ".boulangerie-martin.fr", SITE, 90, seen=ga).tracker["name"] == "Google Ads"


def test_a_purpose_pattern_needs_no_vendor(kb):
    # Patterns that say what a cookie is for, not whose it is, accuse no one.
    assert kb.classify_cookie("SESSa1b2c3d4e5f6", ".boulangerie-martin.fr", SITE, 23).exempt
    assert kb.classify_cookie("axeptio_cookies", ".boulangerie-martin.fr", SITE, 182).exempt


def _choice_report(initial_cookies, reject_cookies, set_after):
    return {"site_domain": SITE, "jurisdiction": "FR", "phases": {
        "initial": {"cookies": initial_cookies, "requests": []},
        "reject": {"cookies": reject_cookies, "requests": [], "consent_action": {
            "action": "reject", "performed": True, "verification": {"cookies_set_after": set_after}}}}}


def test_the_cookie_that_stored_the_choice_is_exempt_as_such_in_every_visit(kb):
    def own(name):
        return {"name": name, "domain": "www.boulangerie-martin.fr", "lifetime_days": 730, "set_by_url": OWN_SCRIPT}
    report = attribute(_choice_report([own("consent")], [own("consent"), own("vue_grille")],
                                      ["consent", "vue_grille"]), kb)
    [first] = report["phases"]["initial"]["cookies"]
    choice, other = report["phases"]["reject"]["cookies"]
    for record in (first, choice):
        assert record["exempt"] and record["attribution"] == "choice_storage"
        assert record["exempt_reason_code"] == "choice_storage.reject" and record["purpose"] == "consent"
    assert not other["exempt"] and not other["known"]   # its name says nothing of a choice
    # A third party's cookie of the same name stores nothing of the site's banner.
    foreign = {"name": "consent", "domain": ".exemple-tiers.com", "lifetime_days": 730}
    report = attribute(_choice_report([], [foreign], ["consent"]), kb)
    assert not report["phases"]["reject"]["cookies"][0]["exempt"]


def test_open_cookie_database_consent_descriptions_are_exempt(kb):
    v = kb.classify_cookie("CookieConsentBulkTicket", ".cookiebot.com", SITE, 365)
    assert v.exempt and v.tracker is None


def test_verdict_as_dict(kb):
    d = kb.classify_cookie("_ga", ".boulangerie-martin.fr", SITE, 730).as_dict()
    assert {"tracker", "exempt", "reason", "category", "purpose", "source"} <= d.keys()


# --- vendors, countries, versions ---------------------------------------------------------------
@pytest.mark.parametrize("vendor,alias", [
    ("Google Analytics", "GA4"), ("Google Analytics", "Google Analytics"),
    ("Google Tag Manager", "Google Tag Manager"), ("Meta Pixel", "Facebook"),
    ("Meta Pixel", "Meta Pixel"), ("X (Twitter)", "Twitter"), ("X (Twitter)", "X"),
    ("LinkedIn Insight Tag", "LinkedIn Insight Tag"), ("Brevo", "Sendinblue"), ("Brevo", "Brevo"),
    ("Mailchimp", "MailChimp"), ("YouTube", "YouTube"), ("Google Maps", "Google Maps"),
    ("Google reCAPTCHA", "reCAPTCHA"), ("Piano Analytics", "AT Internet"), ("Crisp", "Crisp"),
    ("Matomo", "Piwik"), ("Hotjar", "Hotjar"), ("Microsoft Clarity", "Clarity"),
])
def test_vendor_policy_names(kb, vendor, alias):
    assert alias in kb.vendor_policy_names()[vendor]


def test_trackerdb_names_only_for_observed_trackers(kb):
    # Common words among trackerdb's names must not read as declarations in a policy.
    assert "Ensemble" not in kb.vendor_policy_names()
    assert "RCS" not in kb.vendor_policy_names()
    if kb.uses_trackerdb:
        assert "RCS" in kb.vendor_policy_names(observed={"RCS"})


def test_every_tracker_name_has_policy_names(kb):
    names = kb.vendor_policy_names()
    for service in kb.services.values():
        assert service.name in names[service.name]


@pytest.mark.parametrize("code,eu", [
    ("FR", True), ("be", True), ("MT", True), ("IE", True), ("NO", True), ("IS", True),
    ("LI", True), ("EL", True), ("US", False), ("GB", False), ("UK", False), ("CH", False),
    ("NZ", False), ("KY", False), (None, False), ("", False),
])
def test_is_eu_eea(kb, code, eu):
    assert kb.is_eu_eea(code) is eu


def test_versions(kb_full, kb_own):
    assert kb_full.versions["trackerdb"] and kb_full.versions["trackerdb"][0].isdigit()
    assert kb_own.versions["trackerdb"] is None
    for kb in (kb_full, kb_own):
        assert len(kb.versions["open_cookie_database"]) == 40
        assert kb.versions["overlay"].startswith("sha256:")
    assert any("CC-BY-NC-SA" in line for line in kb_full.attribution)
    assert not any("CC-BY-NC-SA" in line for line in kb_own.attribution)


def test_env_switch_turns_trackerdb_off(monkeypatch):
    monkeypatch.setenv("AUDITOR_TRACKERDB", "0")
    assert datafiles.locate_trackerdb() is None
    assert Knowledge.load().versions["trackerdb"] is None


def test_missing_trackerdb_file_means_own_data_only(monkeypatch, tmp_path):
    monkeypatch.setenv("AUDITOR_TRACKERDB", str(tmp_path / "absent.json"))
    kb = Knowledge.load()
    assert kb.versions["trackerdb"] is None
    assert kb.classify_request("https://client.crisp.chat/l.js", SITE).name == "Crisp"


def test_default_is_cached(monkeypatch):
    monkeypatch.setenv("AUDITOR_TRACKERDB", "0")   # quicker to load; the cache is what counts
    Knowledge.reset_default()
    try:
        assert Knowledge.default() is Knowledge.default()
    finally:
        Knowledge.reset_default()


def test_data_files_carry_their_source_and_licence():
    data = datafiles.DATA_DIR
    assert (data / "SOURCE.md").is_file()
    assert (data / "open-cookie-database" / "LICENSE").is_file()
    assert "Apache" in (data / "open-cookie-database" / "SOURCE.md").read_text()
    for name in datafiles.OVERLAY_FILES:
        assert "MIT" in (data / name).read_text().split("\n\n")[0] or "SOURCE.md" in (data / name).read_text()[:800]


def test_classify_request_is_fast(kb):
    # CPU time, not wall time: the test machine may be busy with browsers.
    urls = [r[0] for r in REQUESTS] + ["https://www.boulangerie-martin.fr/img/%d.jpg" % i for i in range(50)]
    start = time.process_time()
    n = 0
    while time.process_time() - start < 0.1:
        for url in urls:
            kb.classify_request(url, SITE)
        n += len(urls)
    rate = n / (time.process_time() - start)
    assert rate > 10_000, f"{rate:.0f} requests/s"


def test_a_data_dir_replaces_the_knowledge_files_it_holds(tmp_path):
    ocd = tmp_path / "open-cookie-database"
    ocd.mkdir()
    (ocd / "SOURCE.md").write_text("commit abcdef1 of a test copy\n", encoding="utf-8")
    (ocd / "open-cookie-database.csv").write_text(
        "ID,Platform,Category,Cookie / Data Key name,Domain,Description,Retention period,"
        "Data Controller,User Privacy & GDPR Rights Portals,Wildcard match\n"
        "1,Essai Mesure,Analytics,zz_essai,,Counts visits,1 year,Essai SA,,0\n", encoding="utf-8")
    shipped = Knowledge.load(use_trackerdb=False)
    other = Knowledge.load(use_trackerdb=False, data_dir=tmp_path)
    assert not shipped.classify_cookie("zz_essai", ".boulangerie-martin.fr", SITE, 30).known
    verdict = other.classify_cookie("zz_essai", ".boulangerie-martin.fr", SITE, 30)
    assert verdict.known and verdict.tracker["name"] == "Essai Mesure"
    assert other.versions["open_cookie_database"] == "abcdef1"
    # The files it does not hold are the shipped ones (the cookie rules of cookies.yaml).
    assert other.classify_cookie("PHPSESSID", "www.boulangerie-martin.fr", SITE).exempt
    assert other.versions["overlay"] == shipped.versions["overlay"]
    assert other.classify_cookie("_ga", ".boulangerie-martin.fr", SITE, 730).tracker["name"] == "Google Analytics"


# --- the reason as a code the report words in its language (reports/i18n/en.yaml exemption.*) ---
BE_SITE = "boulangerie-martin.be"
REASONS = [  # name, domain, site, lifetime, jurisdiction, its code
    ("tarteaucitron", ".boulangerie-martin.fr", SITE, 365, "FR", "necessary.consent"),
    ("PHPSESSID", "www.boulangerie-martin.fr", SITE, None, "FR", "necessary.session"),
    ("wordpress_logged_in_0123abcd", "www.boulangerie-martin.fr", SITE, None, "FR", "necessary.authentication"),
    ("csrftoken", "www.boulangerie-martin.fr", SITE, 365, "FR", "necessary.security"),
    ("AWSALB", "www.boulangerie-martin.fr", SITE, 7, "FR", "necessary.load_balancing"),
    ("wp_woocommerce_session_0123abcd", "www.boulangerie-martin.fr", SITE, 2, "FR", "necessary.cart"),
    ("pll_language", "www.boulangerie-martin.fr", SITE, 365, "FR", "necessary.language"),
    ("IDE", ".doubleclick.net", SITE, 390, "FR", "third_party_tracker"),
    ("_ga", ".boulangerie-martin.fr", SITE, 730, "FR", "tracking_service"),
    ("_pk_id.1.1fff", "www.boulangerie-martin.be", BE_SITE, 393, "BE", "audience.belgium"),
    ("_pk_id.1.1fff", "stats.agence-web.fr", SITE, 300, "FR", "audience.third_party"),
    ("_pk_id.1.1fff", "www.boulangerie-martin.fr", SITE, 396, "FR", "audience.too_long"),
    ("atuserid", ".boulangerie-martin.fr", SITE, 395, "FR", "audience.exempt"),
    ("_pk_id.1.1fff", "www.boulangerie-martin.fr", SITE, None, "FR", "audience.exempt_unknown_lifetime"),
    ("m", ".stripe.com", SITE, 30, "FR", "unlisted_purpose_of"),
    ("zq_visitor_7", "www.boulangerie-martin.fr", SITE, 30, "FR", "unknown_cookie.first_party"),
    ("zq", "cdn.exemple-tiers.com", SITE, 30, "FR", "unknown_cookie.third_party"),
    ("mp_affichage", "www.boulangerie-martin.fr", SITE, 30, "FR", "unknown_cookie.uncorroborated"),
]
# The section's short labels of an earlier version, not reason codes.
EXEMPTION_LABELS = {"exempt", "tracker", "unknown", "not_exempt"}


def test_each_reason_has_a_code_worded_in_both_report_languages(kb_own):
    reasons = {}
    for name, domain, site, days, jurisdiction, code in REASONS:
        verdict = kb_own.classify_cookie(name, domain, site, lifetime_days=days, jurisdiction=jurisdiction,
                                         seen=visit(kb_own))
        assert verdict.reason_code == code, (name, verdict.reason)
        reasons[code] = verdict.reason_params
    for action in ("accept", "reject"):   # the cookie a banner's click wrote (attribute())
        reasons[f"choice_storage.{action}"] = choice_storage_verdict(action).params
    # Reasons the shipped data do not reach: an audience tool that cannot be exempt, an owner unknown.
    closed = Service("closed", "Closed Stats", "Closed", "US", "analytics", True, "overlay")
    reasons["audience.not_exemptable"] = audience_verdict(closed, False, 30, "FR").params
    reasons["unlisted_purpose"] = unlisted_verdict(None, None).params
    codes = {key.removeprefix("exemption.") for key in source_labels() if key.startswith("exemption.")}
    codes = {code for code in codes if code not in EXEMPTION_LABELS and not code.startswith("purpose.")}
    assert set(reasons) == codes, "a reason code without words, or words for no code"
    for code, params in reasons.items():
        english, french = (Translator(language)(f"exemption.{code}", **params) for language in ("en", "fr"))
        for text in (english, french):
            assert text and "{" not in text and "None" not in text, (code, text)
            assert all(str(value) in text for value in params.values()), (code, text)
        assert english != french, code


def test_the_reason_code_is_kept_beside_the_english_reason_in_the_record(kb_own):
    record = cookie_attribution({"name": "_pk_id.1.1fff", "domain": "www.boulangerie-martin.fr",
                                 "lifetime_days": 396}, kb_own, SITE, "FR", visit(kb_own))
    assert record["exempt_reason_code"] == "audience.too_long"
    assert record["exempt_reason_params"] == {"service": "Matomo", "days": 396, "limit_days": 395}
    assert "396 days" in record["exempt_reason"]  # the English words stay, for the contract's readers
