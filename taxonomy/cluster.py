"""Grouping scored pairs into tight groups and choosing each group's canonical label.

Groups are stars, never chains: the most preferred label takes every ungrouped label that is
itself close to it, then the next, so every member is close to its canonical label and not merely
to another member (the failure of single-link clustering, and of OpenRefine's nearest-neighbour
method, which joins UK, US and UN through one another).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

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
        self._logs: dict[str, float] = {}  # log of each term's document frequency

    def __getitem__(self, index: int) -> tuple[object, ...]:
        key = self._keys.get(index)
        if key is None:
            key = self._keys[index] = self._key(index)
        return key

    def _log(self, term: str) -> float:
        found = self._logs[term] = math.log(self.vocab.df.get(term, 1))
        return found

    def _key(self, index: int) -> tuple[object, ...]:
        p = self.profiles[index]
        logs = self._logs
        typical = sum([logs[term] if term in logs else self._log(term) for term in p.terms]) / max(
            1, len(p.terms)
        )
        return (
            index in self.truncated,
            -(self.counts[index] or 0),
            any(m.variant for m in p.mentions),
            self.style.oddities(p.label),
            -round(typical, 6),
            -len(p.label),
            p.label.casefold(),
            p.label,
        )


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
        unseen = chars - self._seen
        if unseen:
            self._seen.update(unseen)
            self._odd.update(
                ch
                for ch in unseen
                if not ch.isalnum() and not ch.isspace() and ch not in self.usual_marks
            )
        marks = len(chars & self._odd)
        first = label[:1]
        case = (
            self.capitalised is not None
            and first.isupper() != first.islower()
            and first.isupper() != self.capitalised
        )
        return case, marks


USUAL_MARK_SHARE = 0.2


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
    for centre in sorted(adjacent, key=keys.__getitem__):
        if centre in grouped:
            continue
        members = [
            (other, pair) for other, pair in adjacent[centre].items() if other not in grouped
        ]
        if not members:
            continue
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
