"""``text``: one label per line, ``#`` comments and blank lines skipped, optional TAB count."""

from __future__ import annotations

from taxonomy.errors import SourceError
from taxonomy.model import Inventory, Label, Location
from taxonomy.sources._common import LoadOptions, Source


def load(src: Source, options: LoadOptions) -> Inventory:
    labels: dict[str, Label] = {}
    for number, raw in enumerate(src.read_text().splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, count = _parse_line(raw, src.name, number)
        here = Location(src.name, number)
        seen = labels.get(name)
        if seen is not None:
            total = None if seen.count is None or count is None else seen.count + count
            labels[name] = Label(name, total, locations=(*seen.locations, here))
        else:
            labels[name] = Label(name, count, locations=(here,))
    return Inventory(source=src.name, format="text", labels=tuple(labels.values()))


def _parse_line(raw: str, path: str, number: int) -> tuple[str, int | None]:
    if "\t" not in raw:
        return " ".join(raw.split()), None
    name, _, rest = raw.rpartition("\t")
    name = " ".join(name.split())
    rest = rest.strip()
    if not name:
        raise SourceError("a count with no label before the TAB", path=path, line=number)
    if not rest.isdigit():
        raise SourceError(
            f"expected 'label<TAB>count', the count {rest!r} is not a whole number",
            path=path,
            line=number,
        )
    return name, int(rest)
