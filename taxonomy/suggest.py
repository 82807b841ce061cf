"""``suggest``: draft the taxonomy document from a source.

Duplicate groups of the scan become concepts with aliases, repairs become concepts whose alias is
the old spelling, splits are recorded, every other label becomes a concept of its own, and the
hierarchy is proposed from every signal the source offers (:mod:`taxonomy.hierarchy`). Nothing is
marked accepted except a lone label about which nothing is proposed (it is simply one of the
site's labels); its place in the hierarchy is still a suggestion.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

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
    score: float | None = None


def suggest(
    inventory: Inventory,
    options: ScanOptions | None = None,
    existing: Taxonomy | None = None,
) -> Taxonomy:
    """The taxonomy document a source suggests; folded into ``existing`` when given."""
    if existing is not None:
        distinct = frozenset(frozenset((d.a, d.b)) for d in existing.distinct)
        options = replace(options or ScanOptions(), distinct=distinct)
        return update(existing, suggest(inventory, options))
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
        score = round(group.score, 1)  # the lowest score of its members
        drafts.append(Draft(group.canonical, tuple(members), SUGGESTED, reasons, score))
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
            score=draft.score,
        )

    roots = [label for label in (*families, *by_label) if label not in parent_of]
    return tuple(build(label) for label in sorted(dict.fromkeys(roots), key=str.casefold))


def _join(*parts: str | None) -> str | None:
    kept = [p for p in parts if p]
    return " | ".join(kept) if kept else None


def update(existing: Taxonomy, fresh: Taxonomy) -> Taxonomy:
    """Fold a fresh suggestion into an existing document without undoing decisions.

    The tree is the fresh suggestion's, with the editor's decisions laid over it:

    - an accepted concept keeps its label, aliases, slug and description wherever the fresh
      suggestion puts it; a fresh concept that shares a label with it brings its new labels as
      aliases, and the concept goes back to ``suggested`` so that the editor sees them;
    - an accepted placement is kept: the concept stays under the parent the editor accepted;
    - an accepted concept the source no longer has is kept (at the top, or under its parent);
    - accepted splits and removals stay, and their labels are not proposed again;
    - every other (suggested) item of the existing document is replaced by the fresh one.

    ``distinct`` pairs are kept; the caller passes them to the scan so that they are never
    proposed again.
    """
    accepted = {c.label: c for c in existing.walk() if c.status == ACCEPTED and not c.generated}
    owner = {name: c.label for c in accepted.values() for name in (c.label, *c.aliases)}
    decided = {s.label for s in existing.splits if s.status == ACCEPTED}
    decided |= {r.label for r in existing.removed if r.status == ACCEPTED}
    parents = {
        child.label: concept.label
        for concept in existing.walk()
        for child in concept.children
        if child.label in accepted and child.placement == ACCEPTED
    }

    nodes: dict[str, _Node] = {}

    def lay(concept: Concept) -> _Node | None:
        kids = [n for n in (lay(child) for child in concept.children) if n is not None]
        names = (concept.label, *concept.aliases)
        hits = [owner[name] for name in names if name in owner]
        if hits and not concept.generated:
            base = accepted[hits[0]]
            seen = nodes.get(base.label)
            node = seen or _Node(base)
            new = [n for n in names if n not in owner and n not in decided]
            node.add_aliases(new, concept.why)
            if seen is not None:  # a second fresh concept meets the same accepted one
                for kid in kids:
                    node.adopt(kid)
                return None
            node.placement = concept.placement
        elif concept.label in decided or (concept.generated and not kids):
            node = None
        else:
            aliases = tuple(a for a in concept.aliases if a not in decided)
            node = _Node(replace(concept, aliases=aliases, children=()))
        if node is None:
            return None if not kids else _Node.orphans(kids)
        nodes[node.concept.label] = node
        for kid in kids:
            node.adopt(kid)
        return node

    roots = [n for n in (lay(c) for c in fresh.concepts) if n is not None]
    roots = [kid for node in roots for kid in node.flatten_orphans()]
    for label, concept in accepted.items():
        if label not in nodes:
            nodes[label] = _Node(replace(concept, children=()))
            roots.append(nodes[label])
    for child, parent in parents.items():
        if parent in nodes and child in nodes and not nodes[child].is_above(nodes[parent]):
            roots = [r for r in roots if r is not nodes[child]]
            nodes[child].detach()
            nodes[parent].adopt(nodes[child])
            nodes[child].placement = ACCEPTED
    return Taxonomy(
        concepts=tuple(node.freeze(top=True) for node in roots),
        distinct=existing.distinct,
        splits=tuple(s for s in existing.splits if s.status == ACCEPTED)
        + tuple(s for s in fresh.splits if s.label not in decided and s.label not in owner),
        removed=tuple(r for r in existing.removed if r.status == ACCEPTED),
        source=fresh.source or existing.source,
        version=existing.version,
    )


class _Node:
    """A concept while ``update`` rearranges the tree (the model itself is frozen)."""

    def __init__(self, concept: Concept | None) -> None:
        self.concept = concept or Concept("")
        self.is_orphans = concept is None
        self.children: list[_Node] = []
        self.parent: _Node | None = None
        self.placement = self.concept.placement
        self.new_aliases: list[str] = []
        self.new_why: str | None = None

    @classmethod
    def orphans(cls, kids: list[_Node]) -> _Node:
        holder = cls(None)
        for kid in kids:
            holder.adopt(kid)
        return holder

    def flatten_orphans(self) -> list[_Node]:
        if not self.is_orphans:
            return [self]
        for kid in self.children:
            kid.parent = None
        return self.children

    def adopt(self, kid: _Node) -> None:
        for grandchild in kid.flatten_orphans() if kid.is_orphans else [kid]:
            grandchild.parent = self
            self.children.append(grandchild)

    def detach(self) -> None:
        if self.parent is not None:
            self.parent.children.remove(self)
            self.parent = None

    def is_above(self, other: _Node) -> bool:
        node: _Node | None = other
        while node is not None:
            if node is self:
                return True
            node = node.parent
        return False

    def add_aliases(self, names: list[str], why: str | None) -> None:
        known = set(self.concept.aliases) | set(self.new_aliases) | {self.concept.label}
        fresh = [n for n in names if n not in known]
        self.new_aliases.extend(fresh)
        if fresh and why:
            self.new_why = why

    def freeze(self, *, top: bool = False) -> Concept:
        concept = self.concept
        changed = bool(self.new_aliases)
        return replace(
            concept,
            aliases=concept.aliases + tuple(self.new_aliases),
            status=SUGGESTED if changed else concept.status,
            why=_join(concept.why, self.new_why) if changed else concept.why,
            placement=None if top else (self.placement or SUGGESTED),
            children=tuple(kid.freeze() for kid in sorted(self.children, key=_sort_key)),
        )


def _sort_key(node: _Node) -> str:
    return node.concept.label.casefold()
