"""The label map as data: ``yaml`` (the default), ``json`` and ``csv``.

``yaml`` and ``json`` are one flat mapping ``old label: new label``; a split maps to the list of
its parts, a removed label to null. ``csv`` has the header ``old,new`` and one row per old label
and new label: a split gives one row per part, in order, a removal one row with ``new`` empty.
Every format lists the old labels in the order of ``label_order``. ``taxonomy apply`` and
``taxonomy.mapping.read_label_map`` read the yaml and json back.
"""

from __future__ import annotations

import csv
import io
import json
from typing import ClassVar

import yaml

from taxonomy.export._base import Change, Export, ExportJob

__all__ = ["CsvMapping", "JsonMapping", "YamlMapping"]


def _value(change: Change) -> str | list[str] | None:
    if not change.new:
        return None
    return change.new[0] if len(change.new) == 1 else list(change.new)


def _mapping(job: ExportJob) -> dict[str, str | list[str] | None]:
    return {change.old: _value(change) for change in job.changes}


class _Dumper(yaml.SafeDumper):
    """Block mappings, flow lists: ``old: [a, b]`` on one line."""


_Dumper.add_representer(
    list,
    lambda dumper, value: dumper.represent_sequence(
        yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, value, flow_style=True
    ),
)


class YamlMapping:
    name: ClassVar[str] = "yaml"

    def render(self, job: ExportJob) -> Export:
        text: str = yaml.dump(
            _mapping(job),
            Dumper=_Dumper,
            allow_unicode=True,
            sort_keys=False,
            default_flow_style=False,
            width=1 << 16,
        )
        return Export(text=text)


class JsonMapping:
    name: ClassVar[str] = "json"

    def render(self, job: ExportJob) -> Export:
        return Export(text=json.dumps(_mapping(job), ensure_ascii=False, indent=2) + "\n")


class CsvMapping:
    name: ClassVar[str] = "csv"

    def render(self, job: ExportJob) -> Export:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["old", "new"])
        for change in job.changes:
            for new in change.new or ("",):
                writer.writerow([change.old, new])
        return Export(text=out.getvalue())
