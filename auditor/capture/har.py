"""HAR files keep headers and posted data: cookie values and payloads are replaced by
their keyed hash (auditor/capture/hashing.py) before the file is left in the report folder,
and so are the cookie and storage values the phase saw wherever they travel in URLs
(auditor/capture/redact.py)."""
from __future__ import annotations

import json
from pathlib import Path

from auditor.capture.hashing import ValueHasher
from auditor.capture.redact import ValueRedactor


def _hash_cookie_pairs(header_value: str, value_hash: ValueHasher) -> str:
    pairs = []
    for pair in header_value.split(";"):
        name, eq, value = pair.strip().partition("=")
        if eq:
            pairs.append(f"{name}={value_hash(value)}")
        elif pair.strip():  # a pair without "=" is a value with an empty name: hashed too
            pairs.append(value_hash(pair.strip()))
    return "; ".join(pairs)


def _hash_set_cookie(line: str, value_hash: ValueHasher) -> str:
    first, sep, attributes = line.partition(";")
    name, eq, value = first.partition("=")
    hashed = f"{name}={value_hash(value)}" if eq else value_hash(first.strip())
    return hashed + sep + attributes


URL_HEADERS = frozenset({"referer", "location", "content-location"})


def scrub_message(message: dict, value_hash: ValueHasher, redactor: ValueRedactor | None = None) -> None:
    if redactor is not None:
        for key in ("url", "redirectURL"):
            if isinstance(message.get(key), str):
                message[key] = redactor.redact_url(message[key])
        for pair in message.get("queryString") or []:
            if isinstance(pair.get("value"), str):
                pair["value"] = redactor.redact_text(pair["value"])
    for cookie in message.get("cookies") or []:
        cookie["value"] = value_hash(cookie.get("value"))
    for header in message.get("headers") or []:
        lname = header.get("name", "").lower()
        if lname == "cookie":
            header["value"] = _hash_cookie_pairs(header.get("value", ""), value_hash)
        elif lname == "set-cookie":
            header["value"] = "\n".join(_hash_set_cookie(line, value_hash)
                                        for line in header.get("value", "").split("\n"))
        elif redactor is not None and lname in URL_HEADERS:
            header["value"] = redactor.redact_url(header.get("value"))
    post = message.get("postData")
    if post and post.get("text") is not None:
        post["text"] = value_hash(post["text"])
        post.pop("params", None)


def scrub_har(path: Path, value_hash: ValueHasher, redactor: ValueRedactor | None = None) -> bool:
    """Rewrite a HAR file in place without cookie values or posted data, and with the values
    `redactor` knows hashed out of its URLs; False if absent."""
    path = Path(path)
    if not path.is_file():
        return False
    har = json.loads(path.read_text(encoding="utf-8"))
    for entry in har.get("log", {}).get("entries", []):
        scrub_message(entry.get("request", {}), value_hash, redactor)
        scrub_message(entry.get("response", {}), value_hash, redactor)
    if redactor is not None:
        for page in har.get("log", {}).get("pages", []):
            if isinstance(page.get("title"), str):  # Playwright: the page's URL
                page["title"] = redactor.redact_url(page["title"])
    tmp = path.with_suffix(".har.tmp")
    tmp.write_text(json.dumps(har, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
    return True
