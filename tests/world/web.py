"""Tiny request/response model shared by the fake sites and the fake trackers."""

import json
import secrets
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

STATIC = Path(__file__).parent / "static"

# The classic 43-byte transparent 1x1 GIF that tracking pixels return.
PIXEL_GIF = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c"
    "00000000010001000002024401003b"
)


@dataclass
class Request:
    host: str
    target: str  # path with query string, as sent
    method: str
    headers: dict  # lower-cased names
    body: bytes = b""
    client: tuple = ()  # the browser's (address, port): which process sent it (test_faults)

    @property
    def path(self):
        return urlsplit(self.target).path

    @property
    def query(self):
        """Single-valued query parameters."""
        return {k: v[0] for k, v in parse_qs(urlsplit(self.target).query).items()}

    @property
    def cookies(self):
        jar = SimpleCookie()
        try:
            jar.load(self.headers.get("cookie", ""))
        except Exception:  # browsers send cookie names SimpleCookie dislikes
            pass
        return {k: m.value for k, m in jar.items()}


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: list = field(default_factory=list)
    hold: float = 0  # keep the connection silent this long before answering
    answer: bool = True  # False: after the hold, hang up without any response
    # An iterable of (pause seconds, bytes) sent in place of body, without a length: the
    # connection closes after the last chunk (never, for an endless one).
    stream: object = None

    def header(self, name, value):
        self.headers.append((name, value))
        return self


def html(text, status=200):
    return Response(status, text.encode("utf-8"))


def text(body, status=200):
    return Response(status, body.encode("utf-8"), "text/plain; charset=utf-8")


def static(name, content_type):
    """A file from static/, with the caching a CDN would announce."""
    body = (STATIC / name).read_bytes()
    return Response(200, body, content_type).header("Cache-Control", "public, max-age=900")


def javascript(name):
    return static(name, "application/javascript; charset=utf-8")


def json_body(data, status=200):
    return Response(status, json.dumps(data).encode(), "application/json; charset=utf-8")


def pixel():
    return Response(200, PIXEL_GIF, "image/gif").header("Cache-Control", "no-cache, no-store, must-revalidate")


def no_content():
    return Response(204, b"", None)


def redirect(location, status=302):
    body = f'<!DOCTYPE html><html><body><a href="{location}">Moved</a></body></html>'
    return html(body, status).header("Location", location)


def not_found():
    return text("Not Found", 404)


def token(nbytes=16):
    """Random cookie value in the url-safe alphabet trackers use."""
    return secrets.token_urlsafe(nbytes)


def cors(response, request):
    """Credentialed CORS, as tracker endpoints answer cross-site fetch/beacon calls."""
    origin = request.headers.get("origin")
    if origin:
        response.header("Access-Control-Allow-Origin", origin)
        response.header("Access-Control-Allow-Credentials", "true")
    else:
        response.header("Access-Control-Allow-Origin", "*")
    return response.header("Vary", "Origin")


def preflight(request, methods="GET, POST, OPTIONS"):
    """Answer a CORS preflight (OPTIONS) for a JSON POST."""
    asked = request.headers.get("access-control-request-headers", "content-type")
    response = no_content()
    response.header("Access-Control-Allow-Methods", methods)
    response.header("Access-Control-Allow-Headers", asked)
    response.header("Access-Control-Max-Age", "86400")
    return cors(response, request)
