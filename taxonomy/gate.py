"""The bulk filter: which candidate pairs are alike enough to be worth the exact scorer.

Two cheap tests, for arrays of pairs: the cosine of the labels' weighted stems (a named entity
is one stem) is at least ``GATE_COSINE`` (they may share enough words), or the ratio of their
sorted distinctive stems is at least ``GATE_RATIO`` (they may differ by a slip of the hand).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process

from taxonomy.keys import KeyNumbers, shared_array
from taxonomy.match import Bag, make_bag
from taxonomy.vocabulary import Profile, Vocabulary

GATE_COSINE = 0.7
GATE_RATIO = 70
STEM_SLOTS = 6


class StemVectors:
    """Each label as at most STEM_SLOTS weighted stems (a named entity is one stem), the
    weights normalised: the cosine of two labels' exact-stem overlap, for arrays of pairs.

    Kept slot by slot (``ids[k]``, ``weights[k]``: every label's k-th stem, heaviest first;
    -1 and 0 where a label has fewer stems), each slot a contiguous array, in shared memory:
    :meth:`fill` writes a range of labels, so forked workers can each fill a share."""

    def __init__(self, n: int) -> None:
        self.ids = shared_array((STEM_SLOTS, n), np.int32, -1)
        self.weights = shared_array((STEM_SLOTS, n), np.float32, 0.0)
        self.used = shared_array((n,), np.int8, 0)  # how many slots each label fills
        self._stem_of: dict[str, int] = {}  # a bag's key -> its stem number, in this process

    @classmethod
    def of(cls, profiles: list[Profile], vocab: Vocabulary) -> StemVectors:
        vectors = cls(len(profiles))
        known: dict[str, float] = {}
        vectors.fill([make_bag(p, vocab, known) for p in profiles], 0, KeyNumbers(vocab))
        return vectors

    def fill(self, bags: Sequence[Bag], start: int, numbers: KeyNumbers) -> None:
        """Write the vectors of the labels ``start``, ``start + 1``, ... from their bags: a
        bag's keys folded to stems (an entity, adjective or name, is one stem), keeping the
        heaviest weight of each."""
        count = len(bags)
        ids = [[-1] * count for _ in range(STEM_SLOTS)]
        weights = [[0.0] * count for _ in range(STEM_SLOTS)]
        stem_of = self._stem_of

        def stem(key: str) -> int:
            if key[0] == "@":
                found = stem_of[key] = numbers.stem_of_entity(key[1:].partition("~")[0])
            else:
                found = stem_of[key] = numbers.stem(key)
            return found

        for index, bag in enumerate(bags):
            items: dict[int, float] = {}
            for key, weight in bag.weights.items():
                number = stem_of.get(key)
                if number is None:
                    number = stem(key)
                if weight > items.get(number, 0.0):
                    items[number] = weight
            norm = sum([w * w for w in items.values()]) ** 0.5 or 1.0
            ranked = sorted(items.items(), key=lambda item: -item[1])[:STEM_SLOTS]
            for slot, (number, weight) in enumerate(ranked):
                ids[slot][index] = number
                weights[slot][index] = weight / norm
        columns = slice(start, start + count)
        self.ids[:, columns] = np.array(ids, dtype=np.int32).reshape(STEM_SLOTS, count)
        self.weights[:, columns] = np.array(weights, dtype=np.float32).reshape(STEM_SLOTS, count)
        self.used[columns] = (self.ids[:, columns] >= 0).sum(axis=0)

    def forget(self) -> None:
        """Drop what filling remembered of each key (the arrays stay)."""
        self._stem_of = {}

    def cosine(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """The cosine of each pair (left[k], right[k]).

        Pairs are taken by how many slots their labels fill, and for each such kind only those
        slots are visited, in the order (and float32 rounding) of adding every slot pair's
        product or zero: an empty slot has weight 0 and adds exactly 0."""
        width = STEM_SLOTS + 1
        kinds = self.used[left].astype(np.intp) * width + self.used[right]
        order = np.argsort(kinds, kind="stable")
        ends = np.cumsum(np.bincount(kinds, minlength=width * width))
        total = np.zeros(len(left), dtype=np.float32)
        ids, weights = self.ids, self.weights
        start = 0
        for kind, end in enumerate(ends.tolist()):
            a_slots, b_slots = divmod(kind, width)
            if end == start or not a_slots or not b_slots:
                start = end
                continue
            at = order[start:end]
            start = end
            a, b = left[at], right[at]
            b_ids = [ids[m][b] for m in range(b_slots)]
            b_w = [weights[m][b] for m in range(b_slots)]
            part = np.zeros(len(at), dtype=np.float32)
            for k in range(a_slots):
                a_ids, a_w = ids[k][a], weights[k][a]
                for m in range(b_slots):
                    same = a_ids == b_ids[m]
                    if same.any():
                        part += np.where(same, a_w * b_w[m], np.float32(0.0))
            total[at] = part
        return total


def filter_keys(profiles: list[Profile], vocab: Vocabulary) -> list[str]:
    """What the ratio test compares: the stems of each label's distinctive words (all its
    words if none is distinctive), sorted."""
    left_out = {term for term in vocab.df if vocab.is_context(term)} | vocab.stopwords
    stems = vocab.stems
    keys: list[str] = []
    for p in profiles:
        core = [t for t in p.terms if t not in left_out] or p.terms
        keys.append(" ".join(sorted([stems.get(t, t) for t in core])))
    return keys


class Gate:
    """The bulk filter, for arrays of pairs (see the module). The stem vectors may be filled by
    several processes (:meth:`StemVectors.fill`); the texts of the ratio test are made in each
    process that first needs them."""

    def __init__(
        self, profiles: list[Profile], vocab: Vocabulary, vectors: StemVectors | None = None
    ) -> None:
        self.profiles, self.vocab = profiles, vocab
        self.vectors = vectors or StemVectors.of(profiles, vocab)
        self._texts: np.ndarray | None = None
        self._sizes: np.ndarray | None = None

    @property
    def texts(self) -> np.ndarray:
        if self._texts is None:
            keys = filter_keys(self.profiles, self.vocab)
            self._texts = np.array(keys, dtype=object)
            self._sizes = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
        return self._texts

    @property
    def sizes(self) -> np.ndarray:
        """The length of each text."""
        if self._sizes is None:
            self.texts  # noqa: B018 (made with the texts)
        assert self._sizes is not None
        return self._sizes

    def __call__(self, left: np.ndarray, right: np.ndarray, workers: int = -1) -> np.ndarray:
        """Which pairs (left[k], right[k]) pass."""
        close: np.ndarray = self.vectors.cosine(left, right) >= GATE_COSINE
        rest = np.flatnonzero(~close)
        if len(rest):
            texts, sizes = self.texts, self.sizes
            # The ratio is 200 * (common letters) / (both lengths), and there are no more
            # common letters than the shorter has: a pair whose lengths are too far apart for
            # it to round to GATE_RATIO is not compared (in whole numbers: 2 * 200 * shorter
            # against (2 * GATE_RATIO - 1) * both).
            a, b = sizes[left[rest]], sizes[right[rest]]
            rest = rest[400 * np.minimum(a, b) >= (2 * GATE_RATIO - 1) * (a + b)]
            spelled = process.cpdist(
                texts[left[rest]],
                texts[right[rest]],
                scorer=fuzz.ratio,
                workers=workers,
                dtype=np.uint8,
            )
            close[rest[spelled >= GATE_RATIO]] = True
        return close
