"""The installation's secret for value hashes (auditor/capture/hashing.py), kept outside the
reports: a key file made once, mode 0600, at AUDITOR_HASH_KEY_FILE or
$XDG_CONFIG_HOME/auditor/hash.key (~/.config/auditor/hash.key)."""
from __future__ import annotations

import logging
import os
import secrets
import tempfile
from pathlib import Path

KEY_BYTES = 32
logger = logging.getLogger(__name__)


def key_file_path(configured: str | os.PathLike | None = None) -> Path:
    if configured:
        return Path(configured).expanduser()
    config = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(config) / "auditor" / "hash.key"


def installation_key(path: Path) -> bytes:
    """The key in `path`, made there first when there is none."""
    try:
        return _read(path)
    except FileNotFoundError:
        return _create(path)


def _read(path: Path) -> bytes:
    key = path.read_text(encoding="ascii").strip()
    if not key:
        raise ValueError(f"the value hash key file {path} is empty")
    if path.stat().st_mode & 0o077:
        logger.warning("the value hash key file %s can be read by other users (chmod 600 it)",
                       path)
    return key.encode("ascii")


def _create(path: Path) -> bytes:
    """Written whole to a private temporary file, then linked into place: of two processes
    starting at once, one key wins and both read it."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_hex(KEY_BYTES) + "\n")
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(tmp, path)
            logger.info("made the value hash key %s", path)
        except FileExistsError:
            pass
    finally:
        os.unlink(tmp)
    return _read(path)
