"""Reading a UTF-8 text file whole, with the one-line errors every reader of ours gives."""

from __future__ import annotations

from pathlib import Path

from taxonomy.errors import TaxonomyError

__all__ = ["read_utf8"]


def read_utf8(
    name: str,
    error: type[TaxonomyError],
    *,
    missing: str = "no such file",
    folder: str | None = None,
    cannot: str = "cannot read",
) -> str:
    """The text of file ``name`` (a byte order mark is kept: strip it if it means nothing).
    Each failure raises ``error`` naming the file: ``missing`` when there is none, ``folder``
    for a folder (None: the system's message after ``cannot``), ``cannot: <reason>`` otherwise,
    and the line of the first byte that is not UTF-8."""
    try:
        data = Path(name).read_bytes()
    except FileNotFoundError:
        raise error(missing, path=name) from None
    except IsADirectoryError as exc:
        message = folder if folder is not None else f"{cannot}: {exc.strerror or exc}"
        raise error(message, path=name) from None
    except OSError as exc:
        raise error(f"{cannot}: {exc.strerror or exc}", path=name) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x})", path=name, line=line
        ) from None
