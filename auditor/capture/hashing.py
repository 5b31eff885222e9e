"""Cookie and storage values are personal data: only a hash of them is ever kept."""
import hashlib


def value_hash(value: str | None) -> str | None:
    if value is None:
        return None
    return "sha256:" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:16]
