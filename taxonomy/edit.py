"""Edits of a taxonomy: each a pure function ``Taxonomy -> Edited`` that refuses, with the reason,
what would break the document (an unknown label, a label owned twice, a cycle, a merged distinct
pair...). ``write(document, edited)`` puts the result into a ``Document`` so that comments of a
renamed concept survive. The rules are docs/review.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from taxonomy._edit_decide import accept, accept_all, regroup, reject, reject_all
from taxonomy._edit_tree import (
    Edited,
    Index,
    add_child,
    add_distinct,
    at,
    check_label,
    checked,
    command,
    distinct_within,
    drop_members,
    is_under,
    placed,
    q,
    qs,
    refuse_distinct,
    splice,
    unchanged,
    unplace,
    update,
    with_concepts,
)
from taxonomy.document import Document
from taxonomy.errors import EditError
from taxonomy.model import ACCEPTED, Concept, Removal, SplitDecision, Taxonomy

__all__ = [
    "Edited",
    "accept",
    "accept_all",
    "distinct",
    "indistinct",
    "merge",
    "move",
    "regroup",
    "reject",
    "reject_all",
    "remove",
    "rename",
    "split",
    "write",
]


def write(document: Document, edited: Edited) -> None:
    """Sync ``document`` to the edit. A concept renamed without keeping its old label is first
    synced with the old label as an alias, so that ``sync`` keeps its entry and comments."""
    if edited.renamed:
        document.sync(_with_old_labels(edited.taxonomy, dict(edited.renamed)))
    document.sync(edited.taxonomy)


def _with_old_labels(taxonomy: Taxonomy, renamed: dict[str, str]) -> Taxonomy:
    old_of = {new: old for old, new in renamed.items()}

    def mark(concept: Concept) -> Concept:
        children = tuple(mark(child) for child in concept.children)
        aliases = concept.aliases
        if concept.label in old_of:
            aliases = (*aliases, old_of[concept.label])
        return replace(concept, aliases=aliases, children=children)

    return replace(taxonomy, concepts=tuple(mark(c) for c in taxonomy.concepts))


def _not_decided(index: Index, label: str, doing: str) -> None:
    owner = index.known(label)
    if owner.kind in ("split", "removed"):
        undo = "reject the split" if owner.kind == "split" else "reject the removal"
        raise EditError(f"cannot {doing} {q(label)}: it is {owner.what}; {undo} first")


def _split_part_of(taxonomy: Taxonomy, label: str) -> SplitDecision | None:
    return next((s for s in taxonomy.splits if label in s.into), None)


# -- merge, rename, move --------------------------------------------------------------------


def merge(taxonomy: Taxonomy, labels: Sequence[str], into: str) -> Edited:
    """Merge ``labels`` (concepts with their aliases and children, or single aliases) into the
    concept ``into`` names, which becomes accepted. A new ``into`` renames the first concept
    among ``labels`` (its label kept as an alias), or is a new top-level concept."""
    if not labels:
        raise EditError("nothing to merge: name at least one label")
    named = list(labels)
    repeated = next((label for label, n in Counter(labels).items() if n > 1), None)
    if repeated is not None:
        raise EditError(f"{q(repeated)} is named twice")
    index = Index(taxonomy)
    for label in labels:
        if label == into:
            raise EditError(f"cannot merge {q(label)} into itself")
        _not_decided(index, label, "merge")
    target = index.get(into)
    renamed: tuple[tuple[str, str], ...] = ()
    note = ""
    current = taxonomy
    if target is None:
        check_label(into)
        first = next((label for label in labels if index.known(label).kind == "label"), None)
        if first is None:
            current = with_concepts(
                current, add_child(current.concepts, None, Concept(into, status=ACCEPTED))
            )
            note = " (a new concept, accepted)"
        else:
            result = rename(current, first, into)
            current, renamed = result.taxonomy, result.renamed
            note = f" (the new label of {q(first)}, now accepted)"
            labels = [label for label in labels if label != first]
    else:
        _not_decided(index, into, "merge into")
    target_label = Index(current).concept(into)[1].label
    moved: list[str] = []
    for label in labels:
        current, did = _merge_one(current, label, target_label)
        if did:
            moved.append(label)
    path, concept = Index(current).concept(target_label)
    pair = distinct_within(current, {concept.label, *concept.aliases})
    if pair is not None:
        raise refuse_distinct(pair)
    if not moved and not note and concept.status == ACCEPTED:
        return unchanged(taxonomy, f"nothing to merge: {qs(named)} already in {q(concept.label)}")
    note = note or " (now accepted)"
    current = with_concepts(
        current, update(current.concepts, path, lambda c: replace(c, status=ACCEPTED))
    )
    message = f"merged {qs(named)} into {q(target_label)}{note}"
    edited = Edited(current, message, renamed)
    return checked(taxonomy, edited)


def _merge_one(taxonomy: Taxonomy, label: str, target: str) -> tuple[Taxonomy, bool]:
    index = Index(taxonomy)
    owner = index.known(label)
    target_path, target_concept = index.concept(target)
    assert owner.path is not None and owner.concept is not None
    if owner.concept.label == target_concept.label:
        return taxonomy, False  # already one of its labels
    if owner.kind == "alias":
        concepts = update(
            taxonomy.concepts,
            owner.path,
            lambda c: replace(c, aliases=tuple(a for a in c.aliases if a != label)),
        )
        concepts = update(concepts, target_path, lambda c: replace(c, aliases=(*c.aliases, label)))
        return with_concepts(taxonomy, concepts), True
    source = owner.concept
    if is_under(target_path, owner.path):
        raise EditError(
            f"cannot merge {q(label)} into {q(target)}: {q(target)} is under {q(label)}, so it "
            "would end up under itself (merge the other way, or move it out first)"
        )
    names = source.aliases if source.generated else (source.label, *source.aliases)
    concepts = splice(taxonomy.concepts, owner.path, ())
    target_path = Index(with_concepts(taxonomy, concepts)).concept(target)[0]

    def absorb(c: Concept) -> Concept:
        return replace(
            c,
            aliases=(*c.aliases, *(n for n in names if n not in c.aliases and n != c.label)),
            children=c.children + unplace(source.children, top=False),
            slug=c.slug if c.slug is not None else source.slug,
            description=c.description if c.description is not None else source.description,
        )

    return with_concepts(taxonomy, update(concepts, target_path, absorb)), True


def rename(taxonomy: Taxonomy, old: str, new: str) -> Edited:
    """Give a concept another preferred label. The old label is kept as an alias (it is a label
    of the site), except for a generated node; an alias named as ``new`` swaps with the label."""
    index = Index(taxonomy)
    owner = index.known(old)
    if owner.kind != "label":
        hint = (
            f"; rename {q(owner.concept.label)} instead, or merge"
            if owner.kind == "alias" and owner.concept is not None
            else ""
        )
        raise EditError(f"cannot rename {q(old)}: it is {owner.what}{hint}")
    if new == old:
        raise EditError(f"{q(old)} is already called {q(new)}")
    assert owner.path is not None and owner.concept is not None
    concept = owner.concept
    taken = index.get(new)
    renamed: tuple[tuple[str, str], ...] = ()
    if taken is not None and taken.kind == "alias" and taken.path == owner.path:
        keep = () if concept.generated else (old,)
        aliases = tuple(a2 for a in concept.aliases for a2 in ((a,) if a != new else keep))
        message = f"renamed {q(old)} to {q(new)}, its alias" + (
            f" ({q(old)} is an alias now)" if keep else ""
        )
        if concept.generated:
            renamed = ((old, new),)
    elif taken is not None:
        raise EditError(
            f"cannot rename {q(old)} to {q(new)}: {q(new)} is {taken.what}; "
            f"merge them instead: {command('merge', old, '--into', new)}"
        )
    else:
        check_label(new)
        if concept.generated:
            aliases = concept.aliases
            renamed = ((old, new),)
            message = f"renamed {q(old)} to {q(new)}"
        else:
            aliases = (old, *concept.aliases)
            message = f"renamed {q(old)} to {q(new)} ({q(old)} kept as an alias)"
    pair = distinct_within(taxonomy, {new, *aliases})
    if pair is not None:
        raise refuse_distinct(pair)
    concepts = update(
        taxonomy.concepts, owner.path, lambda c: replace(c, label=new, aliases=aliases)
    )
    return checked(taxonomy, Edited(with_concepts(taxonomy, concepts), message, renamed))


def move(taxonomy: Taxonomy, label: str, under: str | None) -> Edited:
    """Put a concept (with its children) under another concept, or at the top level (``under``
    None); the new placement is accepted."""
    index = Index(taxonomy)
    _not_decided(index, label, "move")
    path, concept = index.concept(label)
    parent = index.parent(path)
    if under is None:
        if parent is None:
            return unchanged(taxonomy, f"{q(concept.label)} is already at the top level")
        concepts = splice(taxonomy.concepts, path, ())
        concepts = add_child(concepts, None, concept)
        return checked(
            taxonomy,
            Edited(
                with_concepts(taxonomy, concepts),
                f"moved {q(concept.label)} from under {q(parent.label)} to the top level",
            ),
        )
    _not_decided(index, under, "move under")
    target_path, target = index.concept(under)
    if target_path == path:
        raise EditError(f"cannot move {q(concept.label)} under itself")
    if is_under(target_path, path):
        raise EditError(
            f"cannot move {q(concept.label)} under {q(target.label)}: {q(target.label)} is "
            f"under {q(concept.label)} (that would be a cycle)"
        )
    if parent is not None and parent.label == target.label:
        if concept.placement == ACCEPTED:
            return unchanged(taxonomy, f"{q(concept.label)} is already under {q(target.label)}")
        concepts = update(taxonomy.concepts, path, lambda c: replace(c, placement=ACCEPTED))
        message = f"{q(concept.label)} stays under {q(target.label)} (placement now accepted)"
    else:
        concepts = splice(taxonomy.concepts, path, ())
        target_path = Index(with_concepts(taxonomy, concepts)).concept(target.label)[0]
        concepts = add_child(concepts, target_path, placed(concept, top=False, placement=ACCEPTED))
        message = f"moved {q(concept.label)} under {q(target.label)}"
    return checked(taxonomy, Edited(with_concepts(taxonomy, concepts), message))


# -- split, remove, distinct -----------------------------------------------------------------


def _take_out(taxonomy: Taxonomy, label: str, doing: str) -> tuple[Taxonomy, str]:
    """Take a label out of the concepts: an alias leaves its concept; a concept (without
    aliases) leaves the tree, its children moving up to its place."""
    index = Index(taxonomy)
    owner = index.known(label)
    part_of = _split_part_of(taxonomy, label)
    if part_of is not None:
        raise EditError(
            f"cannot {doing} {q(label)}: it is a part of the split of {q(part_of.label)}"
            f"{at(part_of.line)}"
        )
    assert owner.path is not None and owner.concept is not None
    concept = owner.concept
    if owner.kind == "alias":
        concepts = update(
            taxonomy.concepts,
            owner.path,
            lambda c: replace(c, aliases=tuple(a for a in c.aliases if a != label)),
        )
        return with_concepts(taxonomy, concepts), f" (was an alias of {q(concept.label)})"
    if concept.generated:
        raise EditError(
            f"cannot {doing} {q(label)}: it is a generated node, no label of the site; "
            f"reject it to dissolve it: {command('reject', label)}"
        )
    if concept.aliases:
        raise EditError(
            f"cannot {doing} {q(label)}: its aliases {qs(concept.aliases)} would lose their "
            "concept; merge them elsewhere, or rename the concept to one of them, first"
        )
    top = len(owner.path) == 1
    concepts = splice(taxonomy.concepts, owner.path, unplace(concept.children, top=top))
    moved = f" (its {len(concept.children)} children moved up)" if concept.children else ""
    return with_concepts(taxonomy, concepts), moved


def split(taxonomy: Taxonomy, label: str, into: Sequence[str]) -> Edited:
    """Record that ``label`` is to be replaced by the labels ``into`` (accepted)."""
    if not into:
        raise EditError(f"cannot split {q(label)} into nothing: give two or more --into labels")
    if len(into) == 1:
        raise EditError(
            f"cannot split {q(label)} into one label: merge it instead: "
            f"{command('merge', label, '--into', into[0])}"
        )
    repeated = next((part for part, n in Counter(into).items() if n > 1), None)
    if repeated is not None:
        raise EditError(f"{q(repeated)} is named twice in --into")
    if label in into:
        raise EditError(f"cannot split {q(label)} into itself")
    index = Index(taxonomy)
    owner = index.known(label)
    if owner.kind == "removed":
        raise EditError(f"cannot split {q(label)}: it is {owner.what}; reject the removal first")
    for part in into:
        part_owner = index.get(part)
        if part_owner is None or part_owner.kind in ("split", "removed"):
            what = "no label of any concept" if part_owner is None else part_owner.what
            raise EditError(
                f"cannot split {q(label)} into {q(part)}: it is {what}; a split's parts must "
                "be labels of concepts (or their aliases)"
            )
    decision = SplitDecision(label, tuple(into), ACCEPTED)
    if owner.kind == "split":
        splits = tuple(
            replace(s, into=tuple(into), status=ACCEPTED) if s.label == label else s
            for s in taxonomy.splits
        )
        result, note = replace(taxonomy, splits=splits), " (the split was changed)"
    else:
        result, note = _take_out(taxonomy, label, "split")
        result = replace(result, splits=(*result.splits, decision))
    return checked(taxonomy, Edited(result, f"split {q(label)} into {qs(list(into))}{note}"))


def remove(taxonomy: Taxonomy, label: str) -> Edited:
    """Record that ``label`` is to be removed from every post (accepted)."""
    index = Index(taxonomy)
    owner = index.known(label)
    if owner.kind == "split":
        raise EditError(f"cannot remove {q(label)}: it is {owner.what}; reject the split first")
    if owner.kind == "removed":
        removal = next(r for r in taxonomy.removed if r.label == label)
        if removal.status == ACCEPTED:
            return unchanged(taxonomy, f"{q(label)} is already removed")
        removed = tuple(
            replace(r, status=ACCEPTED) if r is removal else r for r in taxonomy.removed
        )
        return Edited(replace(taxonomy, removed=removed), f"removed {q(label)} (accepted)")
    result, note = _take_out(taxonomy, label, "remove")
    result = replace(result, removed=(*result.removed, Removal(label, ACCEPTED)))
    return checked(taxonomy, Edited(result, f"removed {q(label)}{note}"))


def distinct(taxonomy: Taxonomy, a: str, b: str) -> Edited:
    """Record that ``a`` and ``b`` are not duplicates. When they are in one concept, ``b`` (or
    ``a``, if ``b`` is the concept's label) leaves it as a concept of its own."""
    if a == b:
        raise EditError(f"{q(a)} cannot be distinct from itself")
    index = Index(taxonomy)
    first, second = index.known(a), index.known(b)
    if any(frozenset((d.a, d.b)) == frozenset((a, b)) for d in taxonomy.distinct):
        return unchanged(taxonomy, f"{q(a)} and {q(b)} are already marked distinct")
    result, note = taxonomy, ""
    if first.path is not None and first.path == second.path:
        out = b if second.kind == "alias" else a
        assert first.concept is not None
        result = drop_members(taxonomy, first.concept.label, [out])
        note = f"; {q(out)} is now a concept of its own"
    result = add_distinct(result, [(a, b)])
    return checked(taxonomy, Edited(result, f"marked {q(a)} and {q(b)} distinct{note}"))


def indistinct(taxonomy: Taxonomy, a: str, b: str) -> Edited:
    """Forget that ``a`` and ``b`` are distinct (so that they can be merged)."""
    pair = frozenset((a, b))
    kept = tuple(d for d in taxonomy.distinct if frozenset((d.a, d.b)) != pair)
    if len(kept) == len(taxonomy.distinct):
        raise EditError(f"{q(a)} and {q(b)} are not marked distinct")
    return Edited(replace(taxonomy, distinct=kept), f"{q(a)} and {q(b)} are no longer distinct")
