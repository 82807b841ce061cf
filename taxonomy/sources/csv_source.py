"""``csv``: a table with a header row naming the label column and, optionally, a count column.

The header is the first row. The label column is the first of ``label``, ``name``, ``tag``,
``category``, ``term`` (in that order, any case, a plural ``s`` allowed) that the header has;
the count column likewise the first of ``count``, ``posts``, ``uses``, ``frequency``, ``n``.
Other columns are ignored. Fields follow the stdlib :mod:`csv` dialect (``"`` quotes fields
holding commas, quotes or line breaks), strictly: a stray quote is an error with its line.

A label column named ``tag(s)`` or ``category``/``categories`` gives labels of that kind, any
other ``label``. Empty label cells are skipped; an empty count cell means no count. Rows naming
the same label (after collapsing white space) are merged: their counts add up (a label counted
in no row has no count) and the location of every row is kept. Locations are the line where
the row starts.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from taxonomy.errors import SourceError
from taxonomy.model import Inventory, Label, Location
from taxonomy.sources._common import LoadOptions, Source

if TYPE_CHECKING:
    import _csv

LABEL_COLUMNS = ("label", "name", "tag", "category", "term")
COUNT_COLUMNS = ("count", "posts", "uses", "frequency", "n")
_KINDS = {"tag": "tag", "category": "category"}


def load(src: Source, options: LoadOptions) -> Inventory:
    return load_delimited(src, delimiter=",", fmt="csv")


def load_delimited(src: Source, *, delimiter: str, fmt: str) -> Inventory:
    """Read a delimited table (``,`` for csv, TAB for tsv) into an inventory of ``fmt``."""
    text = src.read_text()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    labels: dict[str, Label] = {}
    row_start = 1
    try:
        header, header_line = _header(reader, src.name, fmt)
        label_at, column = _find_column(header, LABEL_COLUMNS)
        if label_at is None:
            raise SourceError(_no_label_column(header, delimiter), path=src.name, line=header_line)
        count_at, _ = _find_column(header, COUNT_COLUMNS)
        kind = _KINDS.get(column or "", "label")
        row_start = reader.line_num + 1
        for row in reader:
            start, row_start = row_start, reader.line_num + 1
            name = " ".join(row[label_at].split()) if label_at < len(row) else ""
            if not name:
                continue
            count = _count(row, count_at, src.name, start)
            here = Location(src.name, start)
            seen = labels.get(name)
            if seen is None:
                labels[name] = Label(name, count, kind=kind, locations=(here,))
            else:
                total = count if seen.count is None else seen.count + (count or 0)
                labels[name] = Label(name, total, kind=kind, locations=(*seen.locations, here))
    except csv.Error as exc:
        message = f"malformed {fmt.upper()}: {exc}"
        if "unexpected end of data" in str(exc):
            message += f" (the quoted field of the row on line {row_start} is never closed)"
        raise SourceError(message, path=src.name, line=reader.line_num) from exc
    return Inventory(source=src.name, format=fmt, labels=tuple(labels.values()))


def _header(reader: _csv.Reader, path: str, fmt: str) -> tuple[list[str], int]:
    """The first non-empty row and its line."""
    for row in reader:
        if any(cell.strip() for cell in row):
            return [cell.strip().casefold() for cell in row], reader.line_num
    raise SourceError(
        f"empty {fmt.upper()}: expected a header row naming the label column "
        f"({_listed(LABEL_COLUMNS)})",
        path=path,
    )


def _find_column(header: list[str], names: tuple[str, ...]) -> tuple[int | None, str | None]:
    """Where the first of ``names`` (or its plural) is in the header, and which one it is."""
    for name in names:
        spellings = {name, name + "s", name[:-1] + "ies" if name.endswith("y") else name}
        for index, cell in enumerate(header):
            if cell in spellings:
                return index, name
    return None, None


def _no_label_column(header: list[str], delimiter: str) -> str:
    shown = ", ".join(repr(cell) for cell in header[:6]) + (", ..." if len(header) > 6 else "")
    if any(cell.isdigit() for cell in header):
        plain = delimiter == "\t" and len(header) == 2 and header[1].strip().isdigit()
        return (
            f"no header row: the first row ({shown}) looks like data; add a header naming the "
            f"label column ({_listed(LABEL_COLUMNS)})"
            + ("; or, for a label, a TAB and a count per line, try --from text" if plain else "")
        )
    other = "TAB" if delimiter == "," else "comma"
    hint = f"; is it {other}-separated?" if len(header) == 1 and _sep(other) in header[0] else ""
    return f"no label column: the header has {shown}; expected {_listed(LABEL_COLUMNS)}{hint}"


def _count(row: list[str], at: int | None, path: str, line: int) -> int | None:
    if at is None or at >= len(row) or not row[at].strip():
        return None
    cell = row[at].strip()
    if not cell.isascii() or not cell.isdigit():
        raise SourceError(f"the count {cell!r} is not a whole number", path=path, line=line)
    return int(cell)


def _listed(names: tuple[str, ...]) -> str:
    return ", ".join(names[:-1]) + " or " + names[-1]


def _sep(name: str) -> str:
    return "\t" if name == "TAB" else ","
