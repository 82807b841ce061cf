"""``taxonomy scan --format json|yaml``: the stable, documented shape of a scan result.

One object::

    {"source": ..., "labels": <int>,
     "groups": [{"canonical": "...", "score": <0-100>,
                 "members": [{"label": "...", "count": <int|null>, "score": <0-100>,
                              "reason": "..."}, ...]}, ...],
     "splits": [{"label": "...", "parts": ["...", "..."], "reason": "..."}, ...],
     "repairs": [{"label": "...", "suggestion": "...", "reason": "..."}, ...]}

``members`` includes the canonical label itself, first. With ``--explain`` an ``evidence`` list
is added: every compared pair near the threshold, merged, below it, or vetoed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar, Protocol

import yaml

from taxonomy.formats._json import dumps, encode_basestring
from taxonomy.model import Group, ScanResult
from taxonomy.scan import Explained


def scan_document(result: ScanResult) -> dict[str, Any]:
    document: dict[str, Any] = {
        "source": result.source,
        "labels": result.labels,
        "groups": [
            {
                "canonical": group.canonical,
                "score": group.score,
                "members": [
                    {
                        "label": member.label,
                        "count": member.count,
                        "score": member.score,
                        "reason": member.reason,
                    }
                    for member in group.members
                ],
            }
            for group in result.groups
        ],
        "splits": [
            {"label": split.label, "parts": list(split.parts), "reason": split.reason}
            for split in result.splits
        ],
        "repairs": [
            {"label": repair.label, "suggestion": repair.suggestion, "reason": repair.reason}
            for repair in result.repairs
        ],
    }
    if isinstance(result, Explained):
        document["evidence"] = [
            {"a": e.a, "b": e.b, "score": e.score, "verdict": e.verdict, "reason": e.reason}
            for e in result.evidence
        ]
    return document


class ScanRenderer(Protocol):
    """What every machine format of ``taxonomy scan`` is."""

    name: ClassVar[str]

    def render(self, result: ScanResult) -> str: ...


class JsonScan:
    name: ClassVar[str] = "json"

    def render(self, result: ScanResult) -> str:
        if isinstance(result, Explained) or type(result.labels) is not int:
            return dumps(scan_document(result)) + "\n"
        document = scan_document(replace(result, groups=()))
        # The groups, most of a large result, are written straight from the model, in the
        # text json.dumps(indent=2) gives (a test compares the two); the rest is small.
        return (
            '{\n  "source": '
            + dumps(document["source"], 1)
            + ',\n  "labels": '
            + int.__repr__(result.labels)
            + ',\n  "groups": '
            + _groups(result.groups)
            + ',\n  "splits": '
            + dumps(document["splits"], 1)
            + ',\n  "repairs": '
            + dumps(document["repairs"], 1)
            + "\n}\n"
        )


def _groups(groups: tuple[Group, ...]) -> str:
    if not groups:
        return "[]"
    text = encode_basestring
    parts: list[str] = []
    for group in groups:
        members = ",\n        ".join(
            [
                '{\n          "label": '
                + text(m.label)
                + ',\n          "count": '
                + _number(m.count)
                + ',\n          "score": '
                + _number(m.score)
                + ',\n          "reason": '
                + text(m.reason)
                + "\n        }"
                for m in group.members
            ]
        )
        parts.append(
            '{\n      "canonical": '
            + text(group.canonical)
            + ',\n      "score": '
            + _number(group.score)
            + ',\n      "members": '
            + ("[\n        " + members + "\n      ]" if members else "[]")
            + "\n    }"
        )
    return "[\n    " + ",\n    ".join(parts) + "\n  ]"


def _number(value: object) -> str:
    """A count or score as json.dumps writes it (any other value through json.dumps)."""
    if value is None:
        return "null"
    kind = type(value)
    if kind is float:
        return dumps(value)
    if kind is int:
        return int.__repr__(value)
    return dumps(value, 4)


class YamlScan:
    name: ClassVar[str] = "yaml"

    def render(self, result: ScanResult) -> str:
        text: str = yaml.safe_dump(
            scan_document(result), allow_unicode=True, sort_keys=False, width=100
        )
        return text
