"""Grouping scored pairs into tight groups and choosing each group's canonical label.

Groups are stars, never chains: the most preferred label takes every ungrouped label that is
itself close to it, then the next, so every member is close to its canonical label and not merely
to another member (the failure of single-link clustering, and of OpenRefine's nearest-neighbour
method, which joins UK, US and UN through one another).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from taxonomy.match import Pair
from taxonomy.vocabulary import Profile, Vocabulary


@dataclass(frozen=True, slots=True)
class Star:
    canonical: int
    members: tuple[tuple[int, Pair], ...]


class Preference:
    """Sort keys by label index, best first: complete (a cut-off label is never canonical);
    most used; no old or odd spelling of an entity; written in the vocabulary's usual style;
    following the vocabulary's dominant wording (its words common in the vocabulary); longer;
    alphabetical. Computed only for the labels that are asked about (those in some pair)."""

    def __init__(
        self,
        profiles: Sequence[Profile],
        counts: Sequence[int | None],
        vocab: Vocabulary,
        truncated: set[int],
    ) -> None:
        self.profiles = profiles
        self.counts = counts
        self.vocab = vocab
        self.truncated = truncated
        step = max(1, len(profiles) // STYLE_SAMPLE)
        self.style = Style.learn([p.label for p in profiles[::step]])
        self._keys: dict[int, tuple[object, ...]] = {}
        self._logs = _Logs(vocab.df)  # log of each term's document frequency

    def __getitem__(self, index: int) -> tuple[object, ...]:
        key = self._keys.get(index)
        if key is None:
            key = self._keys[index] = self._key(index)
        return key

    def order(self, indices: Collection[int]) -> list[int]:
        """The labels best first: ``sorted(indices, key=self.__getitem__)``, the keys made in
        one pass."""
        keys = self._keys
        missing = [index for index in indices if index not in keys]
        keys.update(zip(missing, map(self._key, missing), strict=True))
        chosen = list(indices)
        if len(chosen) < 2:
            return chosen
        found = [keys[index] for index in chosen]
        columns = list(zip(*found, strict=True))
        case, marks = zip(*columns[3], strict=True)
        try:
            # The parts that are numbers, the first the last (numpy's order), by which almost
            # every label is placed; equal ones are then sorted by their words.
            numbers = [
                np.array(column)
                for column in (columns[5], columns[4], marks, case, *columns[2::-1])
            ]
        except OverflowError:  # a count past 64 bits
            return sorted(chosen, key=keys.__getitem__)
        order = np.lexsort(numbers)
        ranked = [chosen[k] for k in order.tolist()]
        tied = np.ones(len(order) - 1, dtype=bool)
        for column in numbers:
            placed = column[order]
            tied &= placed[1:] == placed[:-1]
        for start, end in _runs(tied):
            ranked[start:end] = sorted(ranked[start:end], key=keys.__getitem__)
        return ranked

    def _key(self, index: int) -> tuple[object, ...]:
        p = self.profiles[index]
        terms, label, mentions = p.terms, p.label, p.mentions
        typical = sum(map(self._logs.__getitem__, terms)) / len(terms) if terms else 0.0
        return (
            index in self.truncated,
            -(self.counts[index] or 0),
            bool(mentions) and any(m.variant for m in mentions),
            self.style.oddities(label),
            -round(typical, 6),
            -len(label),
            label.casefold(),
            label,
        )


def _runs(tied: np.ndarray) -> list[tuple[int, int]]:
    """The runs (start, end) of two or more places that ``tied`` (each place equal to the
    next) joins."""
    edges = np.diff(np.r_[0, tied.astype(np.int8), 0])
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) + 1
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


STYLE_SAMPLE = 20_000


@dataclass(frozen=True)
class Style:
    """How most labels of a vocabulary are written, learned from it: whether they start with a
    capital, and which punctuation marks are usual. A label written otherwise is less tidy."""

    capitalised: bool | None
    usual_marks: frozenset[str]
    # Each character once: whether it is an unusual mark.
    _seen: set[str] = field(default_factory=set, compare=False, repr=False)
    _odd: set[str] = field(default_factory=set, compare=False, repr=False)

    @classmethod
    def learn(cls, labels: Sequence[str]) -> Style:
        cased = [
            label[0].isupper() for label in labels if label[:1].isupper() != label[:1].islower()
        ]
        capitalised = None
        if cased:
            share = sum(cased) / len(cased)
            capitalised = True if share >= 0.6 else False if share <= 0.4 else None
        marks: dict[str, int] = {}
        for label in labels:
            for mark in {ch for ch in label if not ch.isalnum() and not ch.isspace()}:
                marks[mark] = marks.get(mark, 0) + 1
        usual = frozenset(m for m, n in marks.items() if n >= USUAL_MARK_SHARE * len(labels))
        return cls(capitalised, usual)

    def oddities(self, label: str) -> tuple[bool, int]:
        """(starts in the unusual case, how many unusual marks), least odd first."""
        chars = set(label)
        if not chars <= self._seen:
            unseen = chars - self._seen
            self._seen.update(unseen)
            self._odd.update(
                ch
                for ch in unseen
                if not ch.isalnum() and not ch.isspace() and ch not in self.usual_marks
            )
        marks = len(chars & self._odd) if self._odd else 0
        if self.capitalised is None:
            return False, marks
        first = label[:1]
        upper = first.isupper()
        return upper != first.islower() and upper != self.capitalised, marks


USUAL_MARK_SHARE = 0.2


class _Logs(dict[str, float]):
    """The log of each term's document frequency, computed when first asked for."""

    def __init__(self, df: Mapping[str, int]) -> None:
        super().__init__()
        self.df = df

    def __missing__(self, term: str) -> float:
        found = self[term] = math.log(self.df.get(term, 1))
        return found


def stars(
    edges: Iterable[tuple[int, int, Pair]],
    keys: Preference,
    apart: Collection[tuple[int, int]] = (),
) -> list[Star]:
    """Tight groups from accepted pairs, the preferred label of each at its centre.

    ``apart`` holds pairs (i < j) an editor confirmed distinct: never in one group."""
    adjacent: dict[int, dict[int, Pair]] = {}
    for i, j, pair in edges:
        adjacent.setdefault(i, {})[j] = pair
        adjacent.setdefault(j, {})[i] = pair
    grouped: set[int] = set()
    result: list[Star] = []
    for centre in keys.order(adjacent):
        if centre in grouped:
            continue
        members = [
            (other, pair) for other, pair in adjacent[centre].items() if other not in grouped
        ]
        if not members:
            continue
        if len(members) > 1:
            members.sort(key=lambda item: (-item[1].score, keys[item[0]]))
        if apart:
            taken: list[tuple[int, Pair]] = []
            for other, pair in members:
                if not any(_pair(other, kept) in apart for kept, _ in taken):
                    taken.append((other, pair))
            members = taken
        grouped.add(centre)
        grouped.update(other for other, _ in members)
        result.append(Star(centre, tuple(members)))
    return result


def _pair(i: int, j: int) -> tuple[int, int]:
    return (i, j) if i < j else (j, i)
