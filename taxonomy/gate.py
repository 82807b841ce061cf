"""The bulk filter: which candidate pairs are alike enough to be worth the exact scorer.

Two cheap tests, for arrays of pairs: the cosine of the labels' weighted stems (a named entity
is one stem) is at least ``GATE_COSINE`` (they may share enough words), or the ratio of their
sorted distinctive stems is at least ``GATE_RATIO`` (they may differ by a slip of the hand).
"""

from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz, process

from taxonomy.keys import KeyNumbers, shared_array
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
        self.used = shared_array((n,), np.int64, 0)  # how many slots each label fills

    @classmethod
    def of(cls, profiles: list[Profile], vocab: Vocabulary) -> StemVectors:
        vectors = cls(len(profiles))
        vectors.fill(profiles, vocab, KeyNumbers(vocab), range(len(profiles)))
        return vectors

    def fill(
        self, profiles: list[Profile], vocab: Vocabulary, numbers: KeyNumbers, labels: range
    ) -> None:
        """Write the vectors of the labels in ``labels``."""
        count = len(labels)
        ids = [[-1] * count for _ in range(STEM_SLOTS)]
        weights = [[0.0] * count for _ in range(STEM_SLOTS)]
        known: dict[str, tuple[int, float]] = {}  # term -> (stem number, weight), once a term

        def info(term: str) -> tuple[int, float]:
            found = known[term] = (numbers.stem(term), vocab.weight(term))
            return found

        start = labels.start
        for p in profiles[labels.start : labels.stop]:
            items: dict[int, float] = {}
            covered: set[int] = set()
            for mention in p.mentions:
                span = p.terms[mention.start : mention.end]
                covered.update(range(mention.start, mention.end))
                key = numbers.stem_of_entity(mention.entity_id)
                items[key] = max(items.get(key, 0.0), max(vocab.weight(t) for t in span))
            for position, term in enumerate(p.terms):
                if position not in covered:
                    key, weight = known.get(term) or info(term)
                    if weight > items.get(key, 0.0):
                        items[key] = weight
            norm = sum(w * w for w in items.values()) ** 0.5 or 1.0
            ranked = sorted(items.items(), key=lambda item: -item[1])[:STEM_SLOTS]
            index = p.index - start
            for slot, (key, weight) in enumerate(ranked):
                ids[slot][index] = key
                weights[slot][index] = weight / norm
        columns = slice(labels.start, labels.stop)
        self.ids[:, columns] = np.array(ids, dtype=np.int32).reshape(STEM_SLOTS, count)
        self.weights[:, columns] = np.array(weights, dtype=np.float32).reshape(STEM_SLOTS, count)
        self.used[columns] = (self.ids[:, columns] >= 0).sum(axis=0)

    def cosine(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        # Slots are filled from the first; an empty one has weight 0, so that its products add
        # exactly 0: only the slots some label of the arrays uses are visited, in the order (and
        # float32 rounding) of adding every slot pair's product or zero.
        used = self.used
        a_slots = int(used[left].max(initial=0))
        b_slots = int(used[right].max(initial=0))
        ids, weights = self.ids, self.weights
        a_ids = [ids[k][left] for k in range(a_slots)]
        b_ids = [ids[m][right] for m in range(b_slots)]
        a_w = [weights[k][left] for k in range(a_slots)]
        b_w = [weights[m][right] for m in range(b_slots)]
        total = np.zeros(len(left), dtype=np.float32)
        product = np.empty(len(left), dtype=np.float32)
        same = np.empty(len(left), dtype=bool)
        for k in range(a_slots):
            for m in range(b_slots):
                np.equal(a_ids[k], b_ids[m], out=same)
                if same.any():
                    np.multiply(a_w[k], b_w[m], out=product)
                    total += np.where(same, product, np.float32(0.0))
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

    @property
    def texts(self) -> np.ndarray:
        if self._texts is None:
            self._texts = np.array(filter_keys(self.profiles, self.vocab), dtype=object)
        return self._texts

    def __call__(self, left: np.ndarray, right: np.ndarray, workers: int = -1) -> np.ndarray:
        """Which pairs (left[k], right[k]) pass."""
        close: np.ndarray = self.vectors.cosine(left, right) >= GATE_COSINE
        rest = np.flatnonzero(~close)
        if len(rest):
            texts = self.texts
            spelled = process.cpdist(
                texts[left[rest]],
                texts[right[rest]],
                scorer=fuzz.ratio,
                workers=workers,
                dtype=np.uint8,
            )
            close[rest[spelled >= GATE_RATIO]] = True
        return close
