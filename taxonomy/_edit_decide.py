"""Decisions on suggestions: accept, reject (one, or every one above a score), regroup.

Part of :mod:`taxonomy.edit`, which re-exports these; the rules are docs/review.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from taxonomy._edit_tree import (
    Edited,
    Index,
    Path,
    add_child,
    check_label,
    checked,
    command,
    distinct_within,
    drop_members,
    node,
    placed,
    q,
    qs,
    refuse_distinct,
    splice,
    unchanged,
    unplace,
    update,
    walk,
    with_concepts,
)
from taxonomy.errors import EditError
from taxonomy.model import ACCEPTED, SUGGESTED, Concept, Removal, SplitDecision, Taxonomy


def accept(taxonomy: Taxonomy, label: str, *, placement: bool = False) -> Edited:
    """Decide a suggestion as it stands: a concept (by its label or an alias), a split or a
    removal; with ``placement``, a concept's position under its parent instead."""
    index = Index(taxonomy)
    owner = index.known(label)
    if placement:
        path, concept, parent = index.placed(label)
        if concept.placement == ACCEPTED:
            return unchanged(
                taxonomy, f"the place of {q(concept.label)} under {q(parent.label)} is decided"
            )
        concepts = update(taxonomy.concepts, path, lambda c: replace(c, placement=ACCEPTED))
        return Edited(
            with_concepts(taxonomy, concepts),
            f"accepted the place of {q(concept.label)} under {q(parent.label)}",
        )
    if owner.kind in ("split", "removed"):
        return _decide_entry(taxonomy, label, owner.kind)
    path, concept = index.concept(label)
    if concept.status == ACCEPTED:
        return unchanged(taxonomy, f"{q(concept.label)} is already accepted")
    concepts = update(taxonomy.concepts, path, lambda c: replace(c, status=ACCEPTED))
    return checked(taxonomy, Edited(with_concepts(taxonomy, concepts), _accepted(concept)))


def _accepted(concept: Concept) -> str:
    if concept.aliases:
        return f"accepted {q(concept.label)} with its aliases {qs(concept.aliases)}"
    return f"accepted {q(concept.label)}"


def _decide_entry(taxonomy: Taxonomy, label: str, kind: str) -> Edited:
    what = "the split of" if kind == "split" else "the removal of"
    key = "splits" if kind == "split" else "removed"
    entries: tuple[SplitDecision | Removal, ...] = getattr(taxonomy, key)
    entry = next(e for e in entries if e.label == label)
    if entry.status == ACCEPTED:
        return unchanged(taxonomy, f"{what} {q(label)} is already accepted")
    decided = tuple(replace(e, status=ACCEPTED) if e is entry else e for e in entries)
    changed: dict[str, Any] = {key: decided}
    return Edited(replace(taxonomy, **changed), f"accepted {what} {q(label)}")


def reject(taxonomy: Taxonomy, label: str, *, placement: bool = False) -> Edited:
    """Undo a suggestion: a group is dissolved (each alias a concept of its own, recorded
    distinct from the label), a generated node is dissolved (its children move up), a split or
    removal is dropped (the label is a concept again); with ``placement``, the concept moves to
    the top level."""
    index = Index(taxonomy)
    owner = index.known(label)
    if placement:
        path, concept, parent = index.placed(label)
        concepts = add_child(splice(taxonomy.concepts, path, ()), None, concept)
        return checked(
            taxonomy,
            Edited(
                with_concepts(taxonomy, concepts),
                f"moved {q(concept.label)} from under {q(parent.label)} to the top level",
            ),
        )
    if owner.kind in ("split", "removed"):
        return _drop_entry(taxonomy, label, owner.kind)
    path, concept = index.concept(label)
    if concept.generated:
        return checked(taxonomy, _dissolve(taxonomy, path, concept, index.parent(path)))
    if not concept.aliases:
        raise EditError(
            f"{q(concept.label)} has no aliases to reject: accept it, or remove the label: "
            f"{command('remove', concept.label)}"
        )
    result = drop_members(taxonomy, concept.label, concept.aliases)
    path = Index(result).concept(concept.label)[0]
    concepts = update(result.concepts, path, lambda c: replace(c, status=ACCEPTED, score=None))
    return checked(
        taxonomy,
        Edited(
            with_concepts(result, concepts),
            f"rejected {q(concept.label)}: {qs(concept.aliases)} "
            f"{'is a concept' if len(concept.aliases) == 1 else 'are concepts'} of "
            f"{'its' if len(concept.aliases) == 1 else 'their'} own, recorded distinct from it",
        ),
    )


def _dissolve(taxonomy: Taxonomy, path: Path, concept: Concept, parent: Concept | None) -> Edited:
    top = parent is None
    own = tuple(placed(Concept(alias, status=ACCEPTED), top=top) for alias in concept.aliases)
    concepts = splice(taxonomy.concepts, path, (*unplace(concept.children, top=top), *own))
    where = "to the top level" if parent is None else f"up under {q(parent.label)}"
    n = len(concept.children)
    moved = (
        f"its {n} {'child' if n == 1 else 'children'} moved {where}" if n else "it had no children"
    )
    return Edited(
        with_concepts(taxonomy, concepts), f"rejected the generated {q(concept.label)}: {moved}"
    )


def _drop_entry(taxonomy: Taxonomy, label: str, kind: str) -> Edited:
    if kind == "split":
        result = replace(taxonomy, splits=tuple(s for s in taxonomy.splits if s.label != label))
        what = "the split of"
    else:
        result = replace(taxonomy, removed=tuple(r for r in taxonomy.removed if r.label != label))
        what = "the removal of"
    if Index(result).get(label) is None:
        result = with_concepts(
            result, add_child(result.concepts, None, Concept(label, status=ACCEPTED))
        )
    return checked(
        taxonomy, Edited(result, f"rejected {what} {q(label)}: it is a concept of its own again")
    )


def regroup(taxonomy: Taxonomy, label: str, canonical: str, dropped: Sequence[str] = ()) -> Edited:
    """Decide a group as edited: ``canonical`` (one of its labels, or a new label) is the
    preferred label, the ``dropped`` members leave it (concepts of their own, recorded distinct
    from the rest); the rest are its aliases, and the concept is accepted."""
    index = Index(taxonomy)
    path, concept = index.concept(label)
    members = (concept.label, *concept.aliases)
    stray = next((name for name in dropped if name not in members), None)
    if stray is not None:
        raise EditError(f"{q(stray)} is not in the group of {q(concept.label)}")
    if canonical in dropped:
        raise EditError(f"{q(canonical)} cannot be both the preferred label and dropped")
    kept = [name for name in members if name not in dropped]
    if not kept:
        raise EditError("nothing would be left of the group: reject it instead")
    renamed: tuple[tuple[str, str], ...] = ()
    if canonical not in members:
        owner = index.get(canonical)
        if owner is not None:
            raise EditError(f"{q(canonical)} is already {owner.what}")
        check_label(canonical)
    if concept.generated:
        kept = [name for name in kept if name != concept.label]
        if canonical != concept.label:
            renamed = ((concept.label, canonical),)
    aliases = tuple(name for name in kept if name != canonical)
    pair = distinct_within(taxonomy, {canonical, *aliases})
    if pair is not None:
        raise refuse_distinct(pair)
    result = drop_members(taxonomy, concept.label, list(dropped)) if dropped else taxonomy
    path = Index(result).concept(concept.label)[0]
    concepts = update(
        result.concepts,
        path,
        lambda c: replace(c, label=canonical, aliases=aliases, status=ACCEPTED),
    )
    message = f"accepted {q(canonical)}" + (f" with its aliases {qs(aliases)}" if aliases else "")
    if dropped:
        one = len(dropped) == 1
        verb, own = ("is", "its") if one else ("are", "their")
        message += f"; {qs(list(dropped))} {verb} on {own} own"
    return checked(taxonomy, Edited(with_concepts(result, concepts), message, renamed))


def _selected(score: float | None, above: float | None) -> bool:
    return above is None or (score is not None and score >= above)


def _summary(verb: str, counts: dict[str, int], above: float | None) -> str:
    parts = [f"{n} {noun if n == 1 else noun + 's'}" for noun, n in counts.items() if n]
    scope = "" if above is None else f" with a score of {above:g} or more"
    if not parts:
        return f"nothing to {verb}: no suggestion{scope} is left"
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{verb}ed {listed}{scope}"


def accept_all(taxonomy: Taxonomy, above: float | None = None) -> Edited:
    """Accept every suggestion whose score is ``above`` or more; None: every suggestion,
    placements included (they have no score)."""
    counts = {"concept": 0, "placement": 0, "split": 0, "removal": 0}

    def decide(concept: Concept) -> Concept:
        status, placement = concept.status, concept.placement
        if status == SUGGESTED and _selected(concept.score, above):
            status, counts["concept"] = ACCEPTED, counts["concept"] + 1
        if placement == SUGGESTED and above is None:
            placement, counts["placement"] = ACCEPTED, counts["placement"] + 1
        children = tuple(decide(child) for child in concept.children)
        return replace(concept, status=status, placement=placement, children=children)

    concepts = tuple(decide(c) for c in taxonomy.concepts)
    splits = tuple(
        replace(s, status=ACCEPTED) if s.status == SUGGESTED and _selected(s.score, above) else s
        for s in taxonomy.splits
    )
    removed = tuple(
        replace(r, status=ACCEPTED) if r.status == SUGGESTED and _selected(r.score, above) else r
        for r in taxonomy.removed
    )
    counts["split"] = sum(a != b for a, b in zip(splits, taxonomy.splits, strict=True))
    counts["removal"] = sum(a != b for a, b in zip(removed, taxonomy.removed, strict=True))
    result = replace(taxonomy, concepts=concepts, splits=splits, removed=removed)
    message = _summary("accept", counts, above)
    if not any(counts.values()):
        return unchanged(taxonomy, message)
    return checked(taxonomy, Edited(result, message))


def reject_all(taxonomy: Taxonomy, above: float | None = None) -> Edited:
    """Reject every suggestion whose score is ``above`` or more; None: every suggestion that can
    be rejected (groups, generated nodes, splits, removals, then placements)."""
    counts = {"concept": 0, "placement": 0, "split": 0, "removal": 0}
    result = taxonomy
    labels = [
        c.label
        for _, c in walk(taxonomy.concepts)
        if c.status == SUGGESTED and (c.aliases or c.generated) and _selected(c.score, above)
    ]
    for label in labels:
        result = reject(result, label).taxonomy
        counts["concept"] += 1
    for kind, entries in (("split", taxonomy.splits), ("removal", taxonomy.removed)):
        for entry in entries:
            if entry.status == SUGGESTED and _selected(entry.score, above):
                result = reject(result, entry.label).taxonomy
                counts[kind] += 1
    if above is None:
        while True:
            pending = next(
                (c for p, c in walk(result.concepts) if c.placement == SUGGESTED and len(p) > 1),
                None,
            )
            if pending is None:
                break
            result = reject(result, pending.label, placement=True).taxonomy
            counts["placement"] += 1
    message = _summary("reject", counts, above)
    if not any(counts.values()):
        return unchanged(taxonomy, message)
    return checked(taxonomy, Edited(result, message))


__all__ = ["accept", "accept_all", "node", "regroup", "reject", "reject_all"]
