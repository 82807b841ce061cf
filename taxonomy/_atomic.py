"""Writing a file atomically: a temporary file in the same folder, then a rename over the target.

A reader sees the old file or the new one, never half of one; a new file gets the usual
permissions (``0o666`` less the umask), a replaced one keeps its own.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from taxonomy.errors import DocumentError

__all__ = ["atomic_write"]


def atomic_write(target: Path, data: bytes, *, backup: bool = False) -> None:
    """Write ``data`` to ``target`` atomically; with ``backup``, keep the old file as
    ``<name>.bak``. Raises ``DocumentError`` (naming the file) when it cannot be written."""
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            shutil.copymode(target, temporary)
            if backup:
                shutil.copy2(target, target.with_name(target.name + ".bak"))
        else:  # mkstemp made it private; a new file gets the usual permissions
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except OSError as exc:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise DocumentError(f"cannot write: {exc.strerror or exc}", path=str(target)) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
