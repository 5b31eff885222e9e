"""Real consent-manager libraries, served under their jsDelivr URLs from the npm cache.

scripts/bootstrap.sh unpacks every `name@version` of assets/npm-assets.txt into
.cache/npm/<name with / and @ as _>/package/; the world never ships their code.
"""

import re

from auditor.browser.assets import npm_cache, npm_package_dir, npm_pins

from .web import Response, text

CDN = "https://cdn.jsdelivr.net/npm"

CONTENT_TYPES = {
    ".js": "application/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".svg": "image/svg+xml",
}
UNPINNED = "0.0.0-not-pinned"  # a version no cache folder has: the page says so, no crash
NPM_PATH = re.compile(r"/npm/((?:@[^/]+/)?[^/@]+)@([^/]+)/(.+)")


def pins():
    """{package name: pinned version} from assets/npm-assets.txt."""
    return npm_pins()


def package_dir(name, version):
    return npm_package_dir(name, version)


def npm_url(name):
    """The CDN base URL of the pinned package, e.g. https://cdn.jsdelivr.net/npm/klaro@0.7.22"""
    return f"{CDN}/{name}@{pins().get(name, UNPINNED)}"


def missing_message(name, version):
    return (f"test world: npm package {name}@{version} is missing from {npm_cache()}; "
            "run `bash scripts/bootstrap.sh` (it must be pinned in assets/npm-assets.txt)")


def missing_comment(name):
    """An HTML comment for pages whose library is not in the cache ('' when it is)."""
    version = pins().get(name, UNPINNED)
    if package_dir(name, version).is_dir():
        return ""
    return f"<!-- {missing_message(name, version)} -->"


def jsdelivr(request):
    """cdn.jsdelivr.net/npm/<name>@<version>/<file> from the cache, or a 404 saying why."""
    match = NPM_PATH.fullmatch(request.path)
    if not match:
        return text("Couldn't find the requested file.", 404)
    name, version, path = match.groups()
    base = package_dir(name, version)
    if not base.is_dir():
        return Response(404, f"/* {missing_message(name, version)} */".encode(), "text/plain; charset=utf-8")
    file = (base / path).resolve()
    if not file.is_file() or not file.is_relative_to(base.resolve()):
        return text(f"Couldn't find the requested file /{path} in {name}.", 404)
    content_type = CONTENT_TYPES.get(file.suffix, "application/octet-stream")
    response = Response(200, file.read_bytes(), content_type)
    response.header("Cache-Control", "public, max-age=31536000, s-maxage=31536000, immutable")
    return response.header("Access-Control-Allow-Origin", "*")


HOSTS = {"cdn.jsdelivr.net": jsdelivr}
