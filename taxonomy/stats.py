"""A summary of an inventory: sizes, rarely used labels, labels that differ only in spelling."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from taxonomy.model import Inventory, Label
from taxonomy.normalize import loose_key


@dataclass(frozen=True)
class Stats:
    source: str
    format: str
    labels: int
    posts: int | None
    used_once: int | None
    unused: int | None
    spelling_variants: tuple[tuple[str, ...], ...]
    top: tuple[Label, ...]


def summarize(inventory: Inventory, top: int = 10) -> Stats:
    """Count what an editor wants to know before a cleanup."""
    counted = [label.count for label in inventory.labels if label.count is not None]
    has_counts = bool(counted)
    by_key: dict[str, list[str]] = defaultdict(list)
    for label in inventory.labels:
        by_key[loose_key(label.name)].append(label.name)
    variants = tuple(tuple(names) for names in by_key.values() if len(set(names)) > 1)
    return Stats(
        source=inventory.source,
        format=inventory.format,
        labels=len(inventory.labels),
        posts=None if inventory.posts is None else len(inventory.posts),
        used_once=sum(1 for count in counted if count == 1) if has_counts else None,
        unused=sum(1 for count in counted if count == 0) if has_counts else None,
        spelling_variants=variants,
        top=tuple(inventory.by_count()[:top]) if has_counts else (),
    )
