"""Reviewing a taxonomy document one suggested item at a time (the UI: taxonomy/cli/review.py).

``items(taxonomy, counts)`` is the queue of what is left to decide, in the order it is shown:
duplicate groups and repairs (concepts ``status: suggested``), largest first: by the total use
count of their labels when counts are known, else by their number of labels; then splits and
removals; then hierarchy placements, one item per parent (its pending children, and the parent
itself when it is a generated node still suggested), the parent with most pending children
first. ``Session`` applies decisions through :mod:`taxonomy.edit` and keeps the undo stack and
the items skipped in this session. Nothing here reads or writes files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from taxonomy._edit_tree import walk
from taxonomy.edit import Edited, accept, move, regroup, reject, rename
from taxonomy.errors import EditError
from taxonomy.model import SUGGESTED, Concept, Taxonomy

GROUP, SPLIT, REMOVAL, PLACEMENT = "group", "split", "removal", "placement"


@dataclass(frozen=True)
class Entry:
    """One line of an item as shown: a label, its use count (None: unknown), and a note."""

    label: str
    count: int | None
    note: str = ""


@dataclass(frozen=True)
class Item:
    """A suggestion to decide. ``label`` names it: the concept, split or removed label, or the
    parent of a placement item. ``entries`` are its members (for a group the preferred label
    first; for a placement, the children placed). ``generated`` is a placement item whose
    parent is a generated node still to be decided."""

    kind: str
    label: str
    entries: tuple[Entry, ...]
    why: tuple[str, ...] = ()
    score: float | None = None
    generated: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.label)

    @property
    def editable(self) -> bool:
        return self.kind in (GROUP, PLACEMENT)


def _reasons(concept: Concept) -> tuple[dict[str, str], tuple[str, ...]]:
    """The reason given for each alias in ``why`` (written 'alias: reason; ...' by suggest), and
    the other parts of ``why`` (a repair's reason, the evidence of a placement)."""
    if not concept.why:
        return {}, ()
    parts = concept.why.split(" | ")
    text = parts[0]
    starts = sorted(
        (position, alias)
        for alias in concept.aliases
        for position in [_find(text, alias)]
        if position is not None
    )
    if not starts or starts[0][0] != 0:
        return {}, tuple(parts)
    found: dict[str, str] = {}
    for (position, alias), following in zip(
        starts, [*starts[1:], (len(text) + 2, "")], strict=True
    ):
        found[alias] = text[position + len(alias) + 2 : following[0] - 2].strip()
    return found, tuple(parts[1:])


def _find(text: str, alias: str) -> int | None:
    if text.startswith(alias + ": "):
        return 0
    position = text.find("; " + alias + ": ")
    return None if position < 0 else position + 2


def _group(concept: Concept, counts: Mapping[str, int | None]) -> Item:
    reasons, rest = _reasons(concept)
    entries = (
        Entry(concept.label, counts.get(concept.label), "preferred label"),
        *(Entry(a, counts.get(a), reasons.get(a, "")) for a in concept.aliases),
    )
    why = rest if concept.aliases or not concept.why else (concept.why,)
    return Item(GROUP, concept.label, entries, why, concept.score)


def _placement(parent: Concept, counts: Mapping[str, int | None]) -> Item | None:
    pending = [c for c in parent.children if c.placement == SUGGESTED]
    pending_parent = parent.generated and parent.status == SUGGESTED
    if not pending and not pending_parent:
        return None
    entries = tuple(
        Entry(child.label, _total(child, counts), _placement_note(child)) for child in pending
    )
    why = (parent.why,) if pending_parent and parent.why else ()
    return Item(PLACEMENT, parent.label, entries, why, generated=pending_parent)


def _placement_note(child: Concept) -> str:
    if not child.why:
        return ""
    return child.why.split(" | ")[-1]


def _total(concept: Concept, counts: Mapping[str, int | None]) -> int | None:
    known = [counts.get(name) for name in (concept.label, *concept.aliases)]
    values = [n for n in known if n is not None]
    return sum(values) if values else None


def items(taxonomy: Taxonomy, counts: Mapping[str, int | None] | None = None) -> list[Item]:
    """Every suggested item of ``taxonomy``, in review order (see the module's docstring)."""
    counts = counts or {}
    groups = [
        _group(c, counts)
        for _, c in walk(taxonomy.concepts)
        if c.status == SUGGESTED and not c.generated
    ]

    def size(item: Item) -> tuple[int, int, str]:
        total = sum(e.count or 0 for e in item.entries)
        return (-total, -len(item.entries), item.label.casefold())

    groups.sort(key=size)
    splits = [
        Item(SPLIT, s.label, tuple(Entry(p, counts.get(p), "part") for p in s.into), _why(s.why))
        for s in taxonomy.splits
        if s.status == SUGGESTED
    ]
    removals = [
        Item(REMOVAL, r.label, (Entry(r.label, counts.get(r.label), "removed"),), _why(r.why))
        for r in taxonomy.removed
        if r.status == SUGGESTED
    ]
    placements = [
        item
        for _, c in walk(taxonomy.concepts)
        for item in [_placement(c, counts)]
        if item is not None
    ]
    placements.sort(key=lambda item: (-len(item.entries), item.label.casefold()))
    return [*groups, *splits, *removals, *placements]


def _why(why: str | None) -> tuple[str, ...]:
    return () if not why else (why,)


def accept_item(taxonomy: Taxonomy, item: Item) -> Edited:
    """Accept an item as shown: a placement item accepts the generated parent and the place of
    each child listed."""
    if item.kind != PLACEMENT:
        return accept(taxonomy, item.label)
    result = taxonomy
    if item.generated:
        result = accept(result, item.label).taxonomy
    for entry in item.entries:
        result = accept(result, entry.label, placement=True).taxonomy
    n = len(item.entries)
    message = f"accepted the place of {n} {'child' if n == 1 else 'children'} under '{item.label}'"
    if item.generated:
        message = f"accepted '{item.label}' and the place of its {n} pending children"
    return Edited(result, message)


def reject_item(taxonomy: Taxonomy, item: Item) -> Edited:
    """Reject an item: a generated parent still suggested is dissolved (its children move up),
    otherwise each child listed moves to the top level."""
    if item.kind != PLACEMENT:
        return reject(taxonomy, item.label)
    if item.generated:
        return reject(taxonomy, item.label)
    result = taxonomy
    for entry in item.entries:
        result = reject(result, entry.label, placement=True).taxonomy
    n = len(item.entries)
    return Edited(
        result, f"moved {n} {'child' if n == 1 else 'children'} of '{item.label}' to the top level"
    )


def edit_item(
    taxonomy: Taxonomy, item: Item, label: str | None, dropped: Sequence[str] = ()
) -> Edited:
    """Accept an item as edited. A group: ``label`` is its preferred label (a member, or a new
    label) and the ``dropped`` members become concepts of their own. A placement: ``label``
    renames the parent, the ``dropped`` children move to the top level, the rest are accepted."""
    if item.kind == GROUP:
        return regroup(taxonomy, item.label, label or item.label, dropped)
    if item.kind != PLACEMENT:
        raise EditError(f"a {item.kind} cannot be edited: accept or reject it")
    result, parent = taxonomy, item.label
    renamed: tuple[tuple[str, str], ...] = ()
    messages = []
    if label and label != item.label:
        edited = rename(result, item.label, label)
        result, renamed, parent = edited.taxonomy, edited.renamed, label
        messages.append(edited.message)
    for child in dropped:
        result = move(result, child, None).taxonomy
    kept = tuple(e for e in item.entries if e.label not in dropped)
    if item.generated:
        result = accept(result, parent).taxonomy
    for entry in kept:
        result = accept(result, entry.label, placement=True).taxonomy
    messages.append(
        f"accepted the place of {len(kept)} under '{parent}'"
        + (f", moved {len(dropped)} to the top level" if dropped else "")
    )
    return Edited(result, "; ".join(messages), renamed)


@dataclass
class Session:
    """One review: the current taxonomy, what was decided (for undo), what was skipped."""

    taxonomy: Taxonomy
    counts: Mapping[str, int | None] = field(default_factory=dict)
    history: list[tuple[Taxonomy, Edited, tuple[str, str]]] = field(default_factory=list)
    skipped: set[tuple[str, str]] = field(default_factory=set)
    focus: tuple[str, str] | None = None

    def queue(self) -> list[Item]:
        """The items left to show this session: the undone item first, skipped ones left out."""
        left = [item for item in items(self.taxonomy, self.counts) if item.key not in self.skipped]
        left.sort(key=lambda item: item.key != self.focus)
        return left

    def left(self) -> int:
        """Items still suggested in the document, skipped ones included."""
        return len(items(self.taxonomy, self.counts))

    @property
    def done(self) -> int:
        return len(self.history)

    def decide(self, item: Item, edited: Edited) -> Edited:
        """Record the decision on ``item`` (an edit of the current taxonomy)."""
        self.history.append((self.taxonomy, edited, item.key))
        self.taxonomy = edited.taxonomy
        self.focus = None
        return edited

    def skip(self, item: Item) -> None:
        self.skipped.add(item.key)
        self.focus = None

    def undo(self) -> Edited | None:
        """Revert the last decision: the previous taxonomy, to write back, and its item is shown
        next. None when nothing was decided in this session."""
        if not self.history:
            return None
        before, edited, key = self.history.pop()
        self.taxonomy = before
        self.focus = key
        back = tuple((new, old) for old, new in edited.renamed)
        return Edited(before, f"undone: {edited.message}", back)


__all__ = [
    "GROUP",
    "PLACEMENT",
    "REMOVAL",
    "SPLIT",
    "Entry",
    "Item",
    "Session",
    "accept_item",
    "edit_item",
    "items",
    "reject_item",
]
