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

from typing import Any, ClassVar, Protocol

import yaml

from taxonomy.formats._json import dumps
from taxonomy.model import ScanResult
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
        return dumps(scan_document(result)) + "\n"


class YamlScan:
    name: ClassVar[str] = "yaml"

    def render(self, result: ScanResult) -> str:
        text: str = yaml.safe_dump(
            scan_document(result), allow_unicode=True, sort_keys=False, width=100
        )
        return text
