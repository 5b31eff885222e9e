"""Atomic file writes: a report file is whole or absent, even if the run is killed."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

# The process's umask, read once at import (setting it is the only way to read it): report
# files get the modes a plain open() would give them, not mkstemp's private 0600.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write to a hidden temporary file beside `path`, flush it to disk, then rename it over
    `path`: readers (and a run started again after a kill or a reboot) see the old file, the
    new one whole, or none; never a part. The temporary name is unique, so processes writing
    the same file (the index) do not mix their bytes. A failed write (disk full) leaves nothing
    behind."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_atomically(path: Path, text: str) -> None:
    """A text report file (UTF-8), whole or absent (see write_bytes_atomically)."""
    write_bytes_atomically(path, text.encode("utf-8"))
