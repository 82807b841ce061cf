"""``taxonomy labels --format json|csv|text``: stable renderings of an inventory."""

from __future__ import annotations

import csv
import io
import json
from typing import ClassVar, Protocol

from taxonomy.model import Inventory, Label


class LabelsRenderer(Protocol):
    """What every machine format of ``taxonomy labels`` is."""

    name: ClassVar[str]

    def render(self, inventory: Inventory) -> str: ...


class JsonLabels:
    """One object: source, format, posts, and the labels most used first."""

    name: ClassVar[str] = "json"

    def render(self, inventory: Inventory) -> str:
        document = {
            "source": inventory.source,
            "format": inventory.format,
            "posts": None if inventory.posts is None else len(inventory.posts),
            "labels": [_label_object(label) for label in inventory.by_count()],
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


class CsvLabels:
    """``label,count,kind`` with a header row; an unknown count is an empty cell."""

    name: ClassVar[str] = "csv"

    def render(self, inventory: Inventory) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["label", "count", "kind"])
        for label in inventory.by_count():
            writer.writerow([label.name, "" if label.count is None else label.count, label.kind])
        return out.getvalue()


class TextLabels:
    """One label per line, ``label<TAB>count`` where counts are known: the ``text`` input format."""

    name: ClassVar[str] = "text"

    def render(self, inventory: Inventory) -> str:
        lines = [
            label.name if label.count is None else f"{label.name}\t{label.count}"
            for label in inventory.by_count()
        ]
        return "".join(line + "\n" for line in lines)


def _label_object(label: Label) -> dict[str, object]:
    return {"label": label.name, "count": label.count, "kind": label.kind}
