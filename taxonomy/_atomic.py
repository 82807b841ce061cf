"""Writing a file atomically: a temporary file in the same folder, then a rename over the target.

A reader sees the old file or the new one, never half of one; a new file gets the usual
permissions (``0o666`` less the umask), a replaced one keeps its own.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

from taxonomy.errors import DocumentError

__all__ = ["atomic_write"]


def atomic_write(target: Path, data: bytes, *, backup: bool = False) -> None:
    """Write ``data`` to ``target`` atomically; with ``backup``, keep the old file as
    ``<name>.bak``. Raises ``DocumentError`` (naming the file) when it cannot be written.

    A symbolic link is followed (the file it names is replaced, the link stays). A read-only
    file (no write permission bit, or none for this user) is refused rather than replaced.
    A target that is no regular file (``/dev/stdout``, a named pipe) is written straight
    through: there is no file to replace. An interrupted write (Ctrl-C) leaves the target as
    it was and no temporary file behind.
    """
    name = str(target)
    try:
        mode: int | None = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise DocumentError(f"cannot write: {exc.strerror or exc}", path=name) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise DocumentError("is a folder, not a file", path=name)
    if mode is not None and not stat.S_ISREG(mode):
        try:
            with open(target, "wb") as stream:
                stream.write(data)
        except OSError as exc:
            raise DocumentError(f"cannot write: {exc.strerror or exc}", path=name) from None
        return
    if mode is not None and (not mode & 0o222 or not os.access(target, os.W_OK)):
        raise DocumentError("read-only file: not changed", path=name)
    target = Path(os.path.realpath(target))
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            shutil.copymode(target, temporary)
            if backup:
                shutil.copy2(target, target.with_name(target.name + ".bak"))
        else:  # mkstemp made it private; a new file gets the usual permissions
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
        temporary = None
    except OSError as exc:
        raise DocumentError(f"cannot write: {exc.strerror or exc}", path=name) from None
    finally:  # also on KeyboardInterrupt: never leave the temporary file behind
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
