"""Cookie and storage values are personal data: only a keyed hash of them is ever kept.

HMAC-SHA-256 under the installation's secret (auditor/capture/hash_key.py): the same value
keeps the same hash from run to run, so hits and cookies stay linked and history compares,
but a short value ("fr", "lang=fr") cannot be found again by hashing candidates without the
key, which never goes in a report."""
from __future__ import annotations

import hashlib
import hmac
import os

from auditor.capture.hash_key import installation_key, key_file_path

PREFIX = "hmac-sha256:"
HEX_DIGITS = 32  # 128 bits: no two values of an audit share a hash


class ValueHasher:
    """value -> "hmac-sha256:" + 32 hex digits; the one component every hashing place is given
    (the recorder, its URL redactor, the HAR rewriting)."""

    def __init__(self, key: bytes):
        if not key:
            raise ValueError("the value hash key is empty")
        self._key = key

    @classmethod
    def from_settings(cls, settings) -> "ValueHasher":
        """AUDITOR_HASH_KEY (a setting, else the environment), else the key file
        (AUDITOR_HASH_KEY_FILE, made on first use), which must not lie with the reports."""
        secret = settings.get("AUDITOR_HASH_KEY") or os.environ.get("AUDITOR_HASH_KEY")
        if secret:
            return cls(secret.encode("utf-8"))
        path = key_file_path(settings.get("AUDITOR_HASH_KEY_FILE"))
        reports = settings.get("REPORTS_DIR")
        if reports and path.resolve().is_relative_to(os.path.realpath(reports)):
            raise ValueError(f"AUDITOR_HASH_KEY_FILE {path} is inside REPORTS_DIR: the key "
                             "that hides the values must not travel with the reports")
        return cls(installation_key(path))

    def __call__(self, value: str | None) -> str | None:
        if value is None:
            return None
        digest = hmac.new(self._key, value.encode("utf-8", "surrogatepass"), hashlib.sha256)
        return PREFIX + digest.hexdigest()[:HEX_DIGITS]

    def __repr__(self) -> str:  # never the key, in a log or a traceback
        return "ValueHasher(<key>)"
