"""Fake third parties under their real hostnames, with their real cookies."""

import re

from .web import cors, javascript, json_body, no_content, not_found, pixel, preflight, static, token

LONG_POLL_SECONDS = 60  # Crisp's relay keeps the poll open this long
DATR_MAX_AGE = 63072000  # 2 years
FR_MAX_AGE = 7776000  # 90 days


def facebook_cookie(name, max_age):
    return (f"{name}={token(18)}; Max-Age={max_age}; Domain=.facebook.com; Path=/; "
            "Secure; HttpOnly; SameSite=None")


def googletagmanager(request):
    if request.path == "/gtag/js":
        return javascript("gtag.js")
    return not_found()


def google_analytics(request):
    if request.path != "/g/collect":
        return not_found()
    if request.method == "OPTIONS":
        return preflight(request)
    return cors(no_content(), request)


def facebook_connect(request):
    if re.fullmatch(r"/[a-z]{2}_[A-Z]{2}/fbevents\.js", request.path):
        return javascript("fbevents.js")
    return not_found()


def facebook(request):
    if request.path in ("/tr", "/tr/"):
        return pixel().header("Set-Cookie", facebook_cookie("fr", FR_MAX_AGE))
    if request.path == "/plugins/like.php":
        page = static("like.html", "text/html; charset=utf-8")
        return page.header("Set-Cookie", facebook_cookie("datr", DATR_MAX_AGE))
    return not_found()


def crisp_client(request):
    if request.path == "/l.js":
        return javascript("crisp.js")
    if request.path == "/static/stylesheets/client_default.css":
        return static("crisp.css", "text/css; charset=utf-8")
    return not_found()


def crisp_relay(request):
    if request.path != "/poll":
        return not_found()
    # A chat long poll: nothing to say for a minute, so the page never goes idle.
    response = cors(json_body({"error": False, "reason": "timeout", "data": []}), request)
    response.hold = LONG_POLL_SECONDS
    return response


def hotjar_static(request):
    if re.fullmatch(r"/c/hotjar-\d+\.js", request.path):
        return javascript("hotjar.js")
    return not_found()


def hotjar_in(request):
    if not re.fullmatch(r"/api/v2/client/sites/\d+/visit-data", request.path):
        return not_found()
    if request.method == "OPTIONS":
        return preflight(request)
    return cors(json_body({"success": True}), request)


def twitter_platform(request):
    if request.path == "/widgets.js":
        return javascript("widgets.js")
    if request.path == "/widgets/tweet_button.html":
        return static("tweet_button.html", "text/html; charset=utf-8")
    return not_found()


HOSTS = {
    "www.googletagmanager.com": googletagmanager,
    "www.google-analytics.com": google_analytics,
    "connect.facebook.net": facebook_connect,
    "www.facebook.com": facebook,
    "client.crisp.chat": crisp_client,
    "client.relay.crisp.chat": crisp_relay,
    "static.hotjar.com": hotjar_static,
    "in.hotjar.com": hotjar_in,
    "platform.twitter.com": twitter_platform,
}
