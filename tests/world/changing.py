"""A site whose trackers change between two audits, for the history's comparison.

www.epicerie-moreau.fr has no consent banner. Its variant is switched in-process by the test
between two crawls: "ga4" loads Google Analytics (gtag.js) before any choice, "hotjar" drops it
and loads Hotjar instead. Its privacy policy names Google Analytics only."""

from .sites import SITES, page_response

HOST = "www.epicerie-moreau.fr"
URL = f"https://{HOST}/"
VARIANTS = ("ga4", "hotjar")
MARK = "<!--trackers-->"

_current = {"variant": VARIANTS[0]}


def use(variant: str) -> None:
    """Serve `variant` from the next request on."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; one of {VARIANTS}")
    _current["variant"] = variant


def variant() -> str:
    return _current["variant"]


def epicerie(request):
    response = page_response(request)
    if response.content_type.startswith("text/html"):
        snippet = (SITES / HOST / f"_trackers-{variant()}.html").read_text("utf-8")
        response.body = response.body.replace(MARK.encode(), snippet.encode("utf-8"))
    return response


HOSTS = {HOST: epicerie}
