"""The label map: what each old label of a site becomes, derived from a taxonomy's decisions.

``label_map(taxonomy)`` reads the decided (``accepted``) parts of a document: every alias of an
accepted concept maps to the concept's label, an accepted split to its parts, an accepted
removal to nothing. ``LabelMap.rewrite`` applies the map to the labels of one post, the rule
``export``, ``apply`` and ``check --fix`` share. ``read_label_map`` reads the flat YAML mapping
``taxonomy export --to yaml`` writes, so a mapping can be applied without the document.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import yaml

from taxonomy._text import read_utf8
from taxonomy.errors import DocumentError
from taxonomy.model import ACCEPTED, Concept, Taxonomy

__all__ = ["LabelMap", "label_map", "read_label_map"]


@dataclass(frozen=True)
class LabelMap:
    """Old label -> the labels that replace it: one (a merge or rename), several (a split) or
    none (a removal). A label not in the map is kept as it is."""

    targets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __contains__(self, label: object) -> bool:
        return label in self.targets

    def __len__(self) -> int:
        return len(self.targets)

    def __iter__(self) -> Iterator[str]:
        return iter(self.targets)

    def get(self, label: str) -> tuple[str, ...] | None:
        """What replaces ``label``; None when it is kept."""
        return self.targets.get(label)

    def rewrite(self, labels: Sequence[str]) -> tuple[str, ...]:
        """The labels of one post after the map: each replaced in its place (a split by its
        parts, in order; a removal by nothing), a label that would appear twice kept once, at
        its first place, and the order of the rest kept."""
        out: list[str] = []
        seen: set[str] = set()
        for label in labels:
            for new in self.targets.get(label, (label,)):
                if new not in seen:
                    seen.add(new)
                    out.append(new)
        return tuple(out)

    def changes(self, labels: Sequence[str]) -> bool:
        """Whether ``rewrite`` changes anything (replaces, removes or de-duplicates)."""
        return self.rewrite(labels) != tuple(labels)


def label_map(taxonomy: Taxonomy, *, include_suggested: bool = False) -> LabelMap:
    """The map of the decisions of ``taxonomy``: accepted ones only, or every one.

    Targets are followed to their end: a split into a label that is itself an alias maps to
    that alias's concept. A chain that loops (possible only in a document ``validate`` rejects)
    stops at the label where it would repeat.
    """

    def decided(status: str) -> bool:
        return include_suggested or status == ACCEPTED

    direct: dict[str, tuple[str, ...]] = {}
    for concept in _walk(taxonomy.concepts):
        if decided(concept.status):
            for alias in concept.aliases:
                if alias != concept.label:
                    direct.setdefault(alias, (concept.label,))
    for split in taxonomy.splits:
        if decided(split.status):
            direct.setdefault(split.label, split.into)
    for removal in taxonomy.removed:
        if decided(removal.status):
            direct.setdefault(removal.label, ())
    return LabelMap({old: _resolve(old, direct) for old in direct})


def _walk(concepts: Iterable[Concept]) -> Iterator[Concept]:
    for concept in concepts:
        yield concept
        yield from _walk(concept.children)


def _resolve(label: str, direct: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    out: list[str] = []

    def follow(name: str, path: frozenset[str]) -> None:
        targets = direct.get(name)
        if targets is None or name in path:
            if name not in out:
                out.append(name)
            return
        for target in targets:
            follow(target, path | {name})

    for target in direct[label]:
        follow(target, frozenset({label}))
    return tuple(out)


def read_label_map(path: str | os.PathLike[str]) -> LabelMap:
    """Read a flat YAML (or JSON) mapping ``old: new``, ``old: [a, b]`` or ``old: null``."""
    name = os.fspath(path)
    text = read_utf8(
        name,
        DocumentError,
        folder="is a folder, not a mapping file",
        cannot="cannot read a mapping",
    ).removeprefix("\ufeff")
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DocumentError(
            f"not a valid YAML mapping: {getattr(exc, 'problem', exc)}",
            path=name,
            line=None if mark is None else mark.line + 1,
        ) from None
    if loaded is None:
        raise DocumentError(
            "empty: expected a taxonomy document or a mapping 'old label: new label'", path=name
        )
    if not isinstance(loaded, dict):
        raise DocumentError(
            "a mapping file must map old labels to new ones "
            f"('old label: new label'), not be a {_kind(loaded)}",
            path=name,
            line=1,
        )
    targets: dict[str, tuple[str, ...]] = {}
    for old, new in loaded.items():
        if not isinstance(old, str):
            raise DocumentError(f"label {old!r} is not text: quote it", path=name)
        if new is None:
            targets[old] = ()
        elif isinstance(new, str):
            targets[old] = (new,)
        elif isinstance(new, list) and all(isinstance(part, str) for part in new):
            targets[old] = tuple(new)
        else:
            raise DocumentError(
                f"{old!r} maps to {new!r}: expected a label, a list of labels or null", path=name
            )
    return LabelMap({old: _resolve(old, targets) for old in targets})


def _kind(value: object) -> str:
    return {list: "list", str: "text", int: "number", float: "number", bool: "boolean"}.get(
        type(value), type(value).__name__
    )
