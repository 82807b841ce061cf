"""``taxonomy validate``: qSKOS-style checks of a taxonomy that is well-formed but inconsistent.

``validate(taxonomy)`` returns the problems, each with the line of the entry it is about, the
name of the check and a one-line message. Labels compare exactly (case-sensitive); labels that
differ only in case are a check of their own, since sites usually treat them as one label.
Structural errors (unknown keys, wrong types, bad status values) are not problems: reading the
document already fails on them with a ``DocumentError``.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from taxonomy.model import Concept, Taxonomy

CHECKS: dict[str, str] = {
    "overlapping-labels": "a label or alias used by two concepts or twice in one; "
    "a label split or removed twice",
    "alias-is-label": "an alias equal to a preferred label",
    "cycle": "a concept's label reappearing among its descendants",
    "duplicate-child": "a child listed twice under the same parent (or twice at the top level)",
    "bad-label": "an empty label, or one with unprintable characters or leading/trailing space",
    "merged-distinct": "a distinct pair whose labels belong to one concept",
    "unknown-split-part": "a split into a label that is no concept's label or alias",
    "decided-label-in-use": "a split or removed label that is also a concept's label or alias",
    "case-variants": "labels that differ only in case but belong to different concepts",
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding: the line of the entry it is about, the check's name, and what is wrong."""

    line: int | None
    check: str
    message: str


@dataclass(frozen=True, slots=True)
class _Use:
    """One place a name is written as a concept's label or alias."""

    name: str
    role: str  # "label" or "alias"
    concept: Concept
    owner: int  # the concept's position in the walk: concepts are values, two may be equal
    parent: int | None
    ancestors: frozenset[int]


def validate(taxonomy: Taxonomy) -> list[Problem]:
    """Every problem of ``taxonomy``, in line order."""
    uses = list(_uses(taxonomy.concepts, None, frozenset(), itertools.count()))
    problems = [
        *_overlaps(uses),
        *_bad_labels(taxonomy),
        *_decided(taxonomy, uses),
        *_distinct(taxonomy, uses),
        *_case_variants(taxonomy, uses),
    ]
    return sorted(problems, key=lambda p: (p.line is None, p.line or 0))


def _uses(
    concepts: tuple[Concept, ...],
    parent: int | None,
    ancestors: frozenset[int],
    counter: Iterator[int],
) -> Iterator[_Use]:
    for concept in concepts:
        owner = next(counter)
        yield _Use(concept.label, "label", concept, owner, parent, ancestors)
        for alias in concept.aliases:
            yield _Use(alias, "alias", concept, owner, parent, ancestors)
        yield from _uses(concept.children, owner, ancestors | {owner}, counter)


def _q(name: str) -> str:
    return f"'{name}'" if name.isprintable() else repr(name)


def _at(line: int | None) -> str:
    return "" if line is None else f" (line {line})"


def _overlaps(uses: list[_Use]) -> Iterator[Problem]:
    by_name: dict[str, list[_Use]] = defaultdict(list)
    for use in uses:
        by_name[use.name].append(use)
    for name, group in by_name.items():
        first = group[0]
        for use in group[1:]:
            yield _overlap(_q(name), first, use)


def _overlap(name: str, first: _Use, use: _Use) -> Problem:
    line, where = use.concept.line, _at(first.concept.line)
    if first.owner == use.owner:
        if "label" in (first.role, use.role):
            return Problem(line, "alias-is-label", f"{name} is both the label and an alias")
        return Problem(line, "overlapping-labels", f"alias {name} is listed twice")
    if first.role != use.role:
        label, alias = (first, use) if first.role == "label" else (use, first)
        return Problem(
            line,
            "alias-is-label",
            f"alias {name} of {_q(alias.concept.label)}{_at(alias.concept.line)} is the label "
            f"of another concept{_at(label.concept.line)}",
        )
    if use.role == "alias":
        return Problem(
            line,
            "overlapping-labels",
            f"alias {name} is also an alias of {_q(first.concept.label)}{where}",
        )
    if first.owner in use.ancestors:
        return Problem(line, "cycle", f"{name} appears under itself{where}")
    if first.parent == use.parent:
        under = "at the top level" if use.parent is None else "under the same parent"
        return Problem(line, "duplicate-child", f"{name} is listed twice {under}{where}")
    return Problem(line, "overlapping-labels", f"label {name} is also used by the concept{where}")


def _names(taxonomy: Taxonomy) -> Iterator[tuple[str, str, int | None]]:
    """Every name written in the document: (name, what it is, line)."""
    for concept in taxonomy.walk():
        yield concept.label, "label", concept.line
        for alias in concept.aliases:
            yield alias, f"alias{{}} of {_q(concept.label)}", concept.line
    for pair in taxonomy.distinct:
        yield pair.a, "distinct label", pair.line
        yield pair.b, "distinct label", pair.line
    for split in taxonomy.splits:
        yield split.label, "split label", split.line
        for part in split.into:
            yield part, f"part{{}} of the split of {_q(split.label)}", split.line
    for removal in taxonomy.removed:
        yield removal.label, "removed label", removal.line


def _bad_labels(taxonomy: Taxonomy) -> Iterator[Problem]:
    for name, what, line in _names(taxonomy):
        if "{}" not in what:
            what += "{}"
        if not name.strip():
            shown = "" if not name else f" {_q(name)}"
            yield Problem(line, "bad-label", "empty " + what.format(shown))
            continue
        odd = next((char for char in name if not char.isprintable()), None)
        if odd is not None:
            yield Problem(
                line,
                "bad-label",
                f"{what.format(' ' + _q(name))} contains an unprintable character "
                f"U+{ord(odd):04X} ({unicodedata.name(odd, 'unnamed')})",
            )
        if name != name.strip():
            yield Problem(
                line, "bad-label", f"{what.format(' ' + _q(name))} has leading or trailing space"
            )


def _owners(uses: list[_Use]) -> dict[str, _Use]:
    owners: dict[str, _Use] = {}
    for use in uses:
        owners.setdefault(use.name, use)
    return owners


def _decided(taxonomy: Taxonomy, uses: list[_Use]) -> Iterator[Problem]:
    owners = _owners(uses)
    seen: dict[str, tuple[str, int | None]] = {}
    decided = [(s.label, "split", s.line) for s in taxonomy.splits]
    decided += [(r.label, "removed", r.line) for r in taxonomy.removed]
    for label, kind, line in decided:
        if label in seen:
            other, other_line = seen[label]
            also = "twice" if other == kind else f"and also {other}"
            yield Problem(
                line, "overlapping-labels", f"{_q(label)} is {kind} {also}{_at(other_line)}"
            )
        seen.setdefault(label, (kind, line))
        use = owners.get(label)
        if use is not None:
            role = "the label" if use.role == "label" else f"an alias of {_q(use.concept.label)}"
            yield Problem(
                line,
                "decided-label-in-use",
                f"{_q(label)} is {kind} but is also {role}{_at(use.concept.line)}",
            )
    for split in taxonomy.splits:
        for part in split.into:
            if part not in owners:
                yield Problem(
                    split.line,
                    "unknown-split-part",
                    f"{_q(split.label)} is split into {_q(part)}, which is no concept's "
                    "label or alias",
                )


def _distinct(taxonomy: Taxonomy, uses: list[_Use]) -> Iterator[Problem]:
    owners = _owners(uses)
    for pair in taxonomy.distinct:
        if pair.a == pair.b:
            yield Problem(
                pair.line, "merged-distinct", f"{_q(pair.a)} is marked distinct from itself"
            )
            continue
        a, b = owners.get(pair.a), owners.get(pair.b)
        if a is not None and b is not None and a.owner == b.owner:
            yield Problem(
                pair.line,
                "merged-distinct",
                f"{_q(pair.a)} and {_q(pair.b)} are marked distinct but both belong to "
                f"{_q(a.concept.label)}{_at(a.concept.line)}",
            )


def _case_variants(taxonomy: Taxonomy, uses: list[_Use]) -> Iterator[Problem]:
    """Spellings that differ only in case, owned by more than one concept or decision."""
    first: dict[str, tuple[object, int | None]] = {}
    for use in uses:
        first.setdefault(use.name, (use.owner, use.concept.line))
    for split in taxonomy.splits:
        first.setdefault(split.label, (("split", split.label), split.line))
    for removal in taxonomy.removed:
        first.setdefault(removal.label, (("removed", removal.label), removal.line))
    groups: dict[str, list[str]] = defaultdict(list)
    for name in first:
        groups[name.casefold()].append(name)
    for names in groups.values():
        if len(names) < 2 or len({first[name][0] for name in names}) < 2:
            continue
        where = ", ".join(f"{_q(name)}{_at(first[name][1])}" for name in names)
        yield Problem(
            first[names[1]][1],
            "case-variants",
            f"labels differ only in case: {where}; sites usually treat them as one label",
        )
