"""The concept tree as edits see it: positions (paths of indices), who owns each label, splices.

The model is frozen, so every change rebuilds the tuples on the way from the root to the node
changed; everything else is shared. Helpers of :mod:`taxonomy.edit`.
"""

from __future__ import annotations

import difflib
import re
import shlex
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from taxonomy.errors import EditError
from taxonomy.model import ACCEPTED, SUGGESTED, Concept, Distinct, Taxonomy
from taxonomy.validate import validate

Path = tuple[int, ...]


def q(name: str) -> str:
    """A label as messages show it: in single quotes (repr when it has odd characters)."""
    return f"'{name}'" if name.isprintable() else repr(name)


def command(*args: str) -> str:
    """A command line to suggest in a message, quoted for a shell."""
    return f"taxonomy {shlex.join(args)}"


def qs(names: tuple[str, ...] | list[str]) -> str:
    return ", ".join(q(name) for name in names)


def walk(concepts: tuple[Concept, ...], prefix: Path = ()) -> Iterator[tuple[Path, Concept]]:
    """Every concept with its path, depth first."""
    for index, concept in enumerate(concepts):
        path = (*prefix, index)
        yield path, concept
        yield from walk(concept.children, path)


def node(concepts: tuple[Concept, ...], path: Path) -> Concept:
    concept = concepts[path[0]]
    for index in path[1:]:
        concept = concept.children[index]
    return concept


def splice(
    concepts: tuple[Concept, ...], path: Path, new: tuple[Concept, ...]
) -> tuple[Concept, ...]:
    """Replace the concept at ``path`` by ``new`` (none: removed; several: inserted there)."""
    index = path[0]
    if len(path) == 1:
        return concepts[:index] + new + concepts[index + 1 :]
    parent = concepts[index]
    children = splice(parent.children, path[1:], new)
    return concepts[:index] + (replace(parent, children=children),) + concepts[index + 1 :]


def update(
    concepts: tuple[Concept, ...], path: Path, change: Callable[[Concept], Concept]
) -> tuple[Concept, ...]:
    return splice(concepts, path, (change(node(concepts, path)),))


def placed(concept: Concept, *, top: bool, placement: str = SUGGESTED) -> Concept:
    """``concept`` as it sits at the top level (no placement) or under a parent."""
    return replace(concept, placement=None if top else placement)


def insert_sorted(siblings: tuple[Concept, ...], concept: Concept) -> tuple[Concept, ...]:
    """Add ``concept`` to a list of siblings: in alphabetical place when the list is in
    alphabetical order (as ``suggest`` writes it), else at the end."""
    keys = [c.label.casefold() for c in siblings]
    if keys != sorted(keys):
        return (*siblings, concept)
    key = concept.label.casefold()
    index = next((i for i, k in enumerate(keys) if k > key), len(keys))
    return siblings[:index] + (concept,) + siblings[index:]


def add_child(
    concepts: tuple[Concept, ...], parent: Path | None, child: Concept
) -> tuple[Concept, ...]:
    """Add ``child`` at the top level (``parent`` None) or under the concept at ``parent``."""
    if parent is None:
        return insert_sorted(concepts, placed(child, top=True))
    return update(concepts, parent, lambda p: replace(p, children=insert_sorted(p.children, child)))


def unplace(children: tuple[Concept, ...], *, top: bool) -> tuple[Concept, ...]:
    """Children that move up a level: at the top they have no placement; under a new parent
    their place is a suggestion again."""
    return tuple(placed(child, top=top) for child in children)


@dataclass(frozen=True)
class Owner:
    """What a label is in a document: a concept's label or alias, a split or a removed label."""

    kind: str  # "label", "alias", "split" or "removed"
    path: Path | None = None
    concept: Concept | None = None
    line: int | None = None

    @property
    def what(self) -> str:
        if self.kind == "label":
            return "the label of a concept" + at(self.line)
        if self.kind == "alias":
            assert self.concept is not None
            return f"an alias of {q(self.concept.label)}{at(self.line)}"
        return ("split" if self.kind == "split" else "removed") + at(self.line)


class Index:
    """Who owns each label of a taxonomy (the first owner, if a broken document has two)."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.owners: dict[str, Owner] = {}
        for path, concept in walk(taxonomy.concepts):
            self.owners.setdefault(concept.label, Owner("label", path, concept, concept.line))
            for alias in concept.aliases:
                self.owners.setdefault(alias, Owner("alias", path, concept, concept.line))
        for split in taxonomy.splits:
            self.owners.setdefault(split.label, Owner("split", line=split.line))
        for removal in taxonomy.removed:
            self.owners.setdefault(removal.label, Owner("removed", line=removal.line))

    def get(self, label: str) -> Owner | None:
        return self.owners.get(label)

    def known(self, label: str) -> Owner:
        """The owner of ``label``, or a refusal naming the closest known label."""
        owner = self.owners.get(label)
        if owner is None:
            close = difflib.get_close_matches(label, list(self.owners), n=1, cutoff=0.75)
            hint = f" (did you mean {q(close[0])}?)" if close else ""
            raise EditError(
                f"unknown label {q(label)}: it is in no concept, split or removal{hint}"
            )
        return owner

    def concept(self, label: str) -> tuple[Path, Concept]:
        """The concept ``label`` names (by its label or one of its aliases)."""
        owner = self.known(label)
        if owner.path is None or owner.concept is None:
            raise EditError(f"{q(label)} is {owner.what}, not a concept")
        return owner.path, owner.concept

    def parent(self, path: Path) -> Concept | None:
        return None if len(path) == 1 else node(self.taxonomy.concepts, path[:-1])

    def placed(self, label: str) -> tuple[Path, Concept, Concept]:
        """The concept ``label`` names and its parent; refused at the top level (no
        placement to decide)."""
        path, concept = self.concept(label)
        parent = self.parent(path)
        if parent is None:
            raise EditError(f"{q(concept.label)} is at the top level: it has no placement")
        return path, concept, parent


def check_label(label: str) -> None:
    """Refuse a new label that validate would call bad."""
    if not label.strip():
        raise EditError("a label cannot be empty")
    if label != label.strip():
        raise EditError(f"{q(label)} has leading or trailing space")
    if not label.isprintable():
        raise EditError(f"{q(label)} contains an unprintable character")


def is_under(path: Path, ancestor: Path) -> bool:
    """Whether ``path`` is ``ancestor`` or below it."""
    return path[: len(ancestor)] == ancestor


@dataclass(frozen=True)
class Edited:
    """The result of an edit: the new taxonomy, one line saying what was done, and the concepts
    whose label changed without the old label being kept as an alias (generated nodes)."""

    taxonomy: Taxonomy
    message: str
    renamed: tuple[tuple[str, str], ...] = ()
    changed: bool = True


def unchanged(taxonomy: Taxonomy, message: str) -> Edited:
    return Edited(taxonomy, message, changed=False)


_LINE = re.compile(r" \(line \d+\)")


def checked(before: Taxonomy, edited: Edited) -> Edited:
    """The safety net: refuse an edit that adds a problem ``validate`` finds."""
    old = Counter((p.check, _LINE.sub("", p.message)) for p in validate(before))
    for problem in validate(edited.taxonomy):
        key = (problem.check, _LINE.sub("", problem.message))
        if old[key] > 0:
            old[key] -= 1
            continue
        raise EditError(f"refused: the result would break the document: {key[1]} ({key[0]})")
    return edited


def with_concepts(taxonomy: Taxonomy, concepts: tuple[Concept, ...]) -> Taxonomy:
    return replace(taxonomy, concepts=concepts)


def add_distinct(taxonomy: Taxonomy, pairs: list[tuple[str, str]]) -> Taxonomy:
    have = {frozenset((d.a, d.b)) for d in taxonomy.distinct}
    new = list(taxonomy.distinct)
    for a, b in pairs:
        if a != b and frozenset((a, b)) not in have:
            have.add(frozenset((a, b)))
            new.append(Distinct(a, b))
    return replace(taxonomy, distinct=tuple(new))


def distinct_within(taxonomy: Taxonomy, names: set[str]) -> Distinct | None:
    return next((d for d in taxonomy.distinct if {d.a, d.b} <= names and d.a != d.b), None)


def refuse_distinct(pair: Distinct) -> EditError:
    return EditError(
        f"{q(pair.a)} and {q(pair.b)} are marked distinct{at(pair.line)}: remove the pair "
        f"first, then merge: {command('distinct', pair.a, pair.b, '--remove')}"
    )


def at(line: int | None) -> str:
    return "" if line is None else f" (line {line})"


def drop_members(taxonomy: Taxonomy, label: str, dropped: Sequence[str]) -> Taxonomy:
    """Take aliases out of a concept: each becomes an accepted concept of its own, next to it
    (its place under the parent a suggestion), and is recorded distinct from what stays."""
    path, concept = Index(taxonomy).concept(label)
    kept = [name for name in (concept.label, *concept.aliases) if name not in dropped]
    top = len(path) == 1
    own = tuple(placed(Concept(name, status=ACCEPTED), top=top) for name in dropped)
    remaining = replace(concept, aliases=tuple(a for a in concept.aliases if a not in dropped))
    concepts = splice(taxonomy.concepts, path, (remaining, *own))
    pairs = [(name, other) for name in dropped for other in kept]
    return add_distinct(with_concepts(taxonomy, concepts), pairs)
