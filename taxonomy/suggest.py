"""``suggest``: draft the taxonomy document from a source.

Duplicate groups of the scan become concepts with aliases, repairs become concepts whose alias is
the old spelling, splits are recorded, every other label becomes a concept of its own, and the
hierarchy is proposed from every signal the source offers (:mod:`taxonomy.hierarchy`). Nothing is
marked accepted except a lone label about which nothing is proposed (it is simply one of the
site's labels); its place in the hierarchy is still a suggestion.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from taxonomy.hierarchy import Hierarchy, suggest_hierarchy
from taxonomy.model import (
    ACCEPTED,
    SUGGESTED,
    Concept,
    Inventory,
    ScanResult,
    SplitDecision,
    Taxonomy,
)
from taxonomy.scan import ScanOptions, scan
from taxonomy.vocabulary import build


@dataclass(frozen=True)
class Draft:
    """A concept before it is placed in the tree."""

    label: str
    aliases: tuple[str, ...]
    status: str
    why: str | None


def suggest(inventory: Inventory, options: ScanOptions | None = None) -> Taxonomy:
    """The taxonomy document a source suggests."""
    result = scan(inventory, options)
    drafts = _drafts(inventory, result)
    labels_of = {d.label: (d.label, *d.aliases) for d in drafts}
    vocab, profiles = build(list(labels_of), (options or ScanOptions()).language)
    by_label = {p.label: p for p in profiles}
    hierarchy = suggest_hierarchy(inventory, labels_of, by_label, vocab)
    return Taxonomy(
        concepts=_tree(drafts, hierarchy),
        splits=tuple(SplitDecision(s.label, s.parts, SUGGESTED, s.reason) for s in result.splits),
        source=inventory.source,
    )


def _drafts(inventory: Inventory, result: ScanResult) -> list[Draft]:
    drafts: list[Draft] = []
    taken: set[str] = {s.label for s in result.splits}
    for group in result.groups:
        members = [m.label for m in group.members[1:]]
        reasons = "; ".join(f"{m.label}: {m.reason} ({m.score:.0f})" for m in group.members[1:])
        drafts.append(Draft(group.canonical, tuple(members), SUGGESTED, reasons))
        taken.update(m.label for m in group.members)
    for repair in result.repairs:
        if repair.label in taken or repair.suggestion in taken:
            continue
        drafts.append(Draft(repair.suggestion, (repair.label,), SUGGESTED, repair.reason))
        taken.update((repair.label, repair.suggestion))
    for name in dict.fromkeys(label.name for label in inventory.labels):
        if name not in taken:
            drafts.append(Draft(name, (), ACCEPTED, None))
            taken.add(name)
    return drafts


def _tree(drafts: list[Draft], hierarchy: Hierarchy) -> tuple[Concept, ...]:
    children: dict[str, list[str]] = defaultdict(list)
    parent_of: dict[str, str] = {}
    why_placed: dict[str, str] = {}
    for placement in hierarchy.placements:
        children[placement.parent].append(placement.child)
        parent_of[placement.child] = placement.parent
        why_placed[placement.child] = f"{placement.signal}: {placement.why}"
    by_label = {d.label: d for d in drafts}
    families = {f.label: f for f in hierarchy.families}

    def build(label: str) -> Concept:
        kids = tuple(build(child) for child in sorted(children.get(label, ()), key=str.casefold))
        placement = SUGGESTED if label in parent_of else None
        placed_why = why_placed.get(label)
        if label in families:
            why = families[label].why
            return Concept(
                label,
                children=kids,
                generated=True,
                placement=placement,
                why=_join(why, placed_why if label in parent_of else None),
            )
        draft = by_label[label]
        return Concept(
            draft.label,
            aliases=draft.aliases,
            status=draft.status,
            children=kids,
            placement=placement,
            why=_join(draft.why, placed_why),
        )

    roots = [label for label in (*families, *by_label) if label not in parent_of]
    return tuple(build(label) for label in sorted(dict.fromkeys(roots), key=str.casefold))


def _join(*parts: str | None) -> str | None:
    kept = [p for p in parts if p]
    return " | ".join(kept) if kept else None
