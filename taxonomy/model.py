"""The data model: frozen dataclasses shared by every part of the library."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Location:
    """Where a label was found: a file and, where known, a 1-based line."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class Label:
    """One label of a vocabulary, as a source knows it.

    ``kind`` is ``"label"`` for sources that do not tell categories from tags,
    otherwise ``"category"`` or ``"tag"``. ``count`` is None when the source gives none.
    """

    name: str
    count: int | None = None
    kind: str = "label"
    slug: str | None = None
    parent: str | None = None
    locations: tuple[Location, ...] = ()


@dataclass(frozen=True, slots=True)
class Post:
    """A post of a source and the labels it carries, in the source's order."""

    id: str
    labels: tuple[str, ...]
    title: str | None = None
    status: str = "published"
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """A place where a loader had to choose, and how close the alternative was."""

    message: str
    location: Location | None = None


@dataclass(frozen=True)
class Inventory:
    """The labels of one source, with use counts and (where the source has posts) memberships.

    ``posts`` is None when the source has no posts (a plain list, a sidebar capture).
    """

    source: str
    format: str
    labels: tuple[Label, ...]
    posts: tuple[Post, ...] | None = None
    ambiguities: tuple[Ambiguity, ...] = field(default=())

    def __iter__(self) -> Iterator[Label]:
        return iter(self.labels)

    def __len__(self) -> int:
        return len(self.labels)

    @property
    def names(self) -> list[str]:
        return [label.name for label in self.labels]

    def by_count(self) -> list[Label]:
        """Labels most used first; labels without a count keep their source order, last."""
        return sorted(
            self.labels,
            key=lambda label: (label.count is None, -(label.count or 0)),
        )


@dataclass(frozen=True, slots=True)
class Member:
    """A label in a duplicate group, its score against the canonical label, and why it is there."""

    label: str
    count: int | None
    score: float
    reason: str


@dataclass(frozen=True, slots=True)
class Group:
    """Labels that name the same thing; ``members`` includes the canonical label first."""

    canonical: str
    score: float
    members: tuple[Member, ...]
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Split:
    """A label that joins several existing labels, proposed to be replaced by them."""

    label: str
    parts: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class Repair:
    """A lone label whose distinctive part looks like a variant of a known entity."""

    label: str
    suggestion: str
    reason: str


@dataclass(frozen=True)
class ScanResult:
    """What a scan found in one inventory."""

    source: str
    labels: int
    groups: tuple[Group, ...]
    splits: tuple[Split, ...] = ()
    repairs: tuple[Repair, ...] = ()


SUGGESTED = "suggested"
ACCEPTED = "accepted"
STATUSES = (SUGGESTED, ACCEPTED)


@dataclass(frozen=True)
class Concept:
    """One category of the site: its preferred label, the labels that merge into it, and the
    concepts under it.

    ``status`` says whether the concept as written (its label and aliases) is a suggestion or an
    editor's decision; ``placement`` says the same of its position under its parent (None at the
    top level). ``why`` keeps the evidence a suggestion was made on; ``generated`` marks a parent
    node that ``suggest`` invented (its label is a proposal, not a label of the site).
    ``line`` is where the concept starts in its file, for messages; it takes no part in equality.
    ``score`` is the suggestion's confidence (0-100) where the evidence has one: for a duplicate
    group, the lowest score of its members.
    """

    label: str
    aliases: tuple[str, ...] = ()
    status: str = SUGGESTED
    slug: str | None = None
    description: str | None = None
    children: tuple[Concept, ...] = ()
    placement: str | None = None
    why: str | None = None
    generated: bool = False
    line: int | None = field(default=None, compare=False)
    score: float | None = None

    def walk(self) -> Iterator[Concept]:
        """This concept and every concept under it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class SplitDecision:
    """A label to be replaced by several labels."""

    label: str
    into: tuple[str, ...]
    status: str = SUGGESTED
    why: str | None = None
    line: int | None = field(default=None, compare=False)
    score: float | None = None


@dataclass(frozen=True)
class Removal:
    """A label to be removed from every post."""

    label: str
    status: str = SUGGESTED
    why: str | None = None
    line: int | None = field(default=None, compare=False)
    score: float | None = None


@dataclass(frozen=True)
class Distinct:
    """Two labels an editor confirmed are *not* duplicates: never proposed again."""

    a: str
    b: str
    line: int | None = field(default=None, compare=False)


DOCUMENT_NAME = "taxonomy.yaml"  # the taxonomy document a command looks for by default


@dataclass(frozen=True)
class Taxonomy:
    """The document ``taxonomy.yaml`` describes: what the site's categories are."""

    concepts: tuple[Concept, ...] = ()
    distinct: tuple[Distinct, ...] = ()
    splits: tuple[SplitDecision, ...] = ()
    removed: tuple[Removal, ...] = ()
    source: str | None = None
    version: int = 1

    def walk(self) -> Iterator[Concept]:
        for concept in self.concepts:
            yield from concept.walk()
