"""Grouping scored pairs into tight groups and choosing each group's canonical label.

Groups are stars, never chains: the most preferred label takes every ungrouped label that is
itself close to it, then the next, so every member is close to its canonical label and not merely
to another member (the failure of single-link clustering, and of OpenRefine's nearest-neighbour
method, which joins UK, US and UN through one another).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from taxonomy.match import Pair
from taxonomy.vocabulary import Profile, Vocabulary


@dataclass(frozen=True, slots=True)
class Star:
    canonical: int
    members: tuple[tuple[int, Pair], ...]


def preference(
    profiles: Sequence[Profile],
    counts: Sequence[int | None],
    vocab: Vocabulary,
    truncated: set[int],
) -> list[tuple[object, ...]]:
    """Sort keys, best first: most used; complete; no old or odd spelling; following the
    vocabulary's dominant pattern (its words common in the vocabulary); longer; alphabetical."""
    keys: list[tuple[object, ...]] = []
    for p, count in zip(profiles, counts):
        typical = sum(math.log(vocab.df.get(term, 1)) for term in p.terms) / max(1, len(p.terms))
        odd = any(m.variant for m in p.mentions)
        keys.append(
            (-(count or 0), p.index in truncated, odd, -round(typical, 6), -len(p.label),
             p.label.casefold(), p.label)
        )
    return keys


def stars(
    edges: Iterable[tuple[int, int, Pair]], keys: Sequence[tuple[object, ...]]
) -> list[Star]:
    """Tight groups from accepted pairs, the preferred label of each at its centre."""
    adjacent: dict[int, dict[int, Pair]] = {}
    for i, j, pair in edges:
        adjacent.setdefault(i, {})[j] = pair
        adjacent.setdefault(j, {})[i] = pair
    grouped: set[int] = set()
    result: list[Star] = []
    for centre in sorted(adjacent, key=keys.__getitem__):
        if centre in grouped:
            continue
        members = [
            (other, pair)
            for other, pair in adjacent[centre].items()
            if other not in grouped
        ]
        if not members:
            continue
        members.sort(key=lambda item: (-item[1].score, keys[item[0]]))
        grouped.add(centre)
        grouped.update(other for other, _ in members)
        result.append(Star(centre, tuple(members)))
    return result
