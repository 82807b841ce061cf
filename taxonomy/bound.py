"""An upper bound of the score, for arrays of pairs: which candidates cannot reach the threshold.

Most candidates that pass the bulk filter score well below the threshold (at 100k labels, about
nine in ten), and the exact scorer is Python. The bound is computed with numpy from each label's
weighted keys (:func:`taxonomy.match.make_bag`), and a pair is scored only if the bound reaches
the threshold, so the scores that are kept are the same as without it:

- different numbers, or an entity on each side that the other lacks: the scorer's vetoes (0);
- otherwise at most ``100 * (shared + SOFT * ra * rb) / (norm_a * norm_b)``, where ``shared`` is
  the dot product of the keys both labels hold, and ``ra`` and ``rb`` are the norms of the keys
  left over that could be alike (:func:`spelled_alike`: what
  :func:`taxonomy.match.term_similarity` needs of two words, tested on their lengths, first and
  last letters, first three and four letters and stems; two entities are alike only when one is
  the adjective of the other). A soft match counts at most ``SOFT`` (0.95) of the product of its
  weights, and by Cauchy-Schwarz the best matching of the leftovers adds at most ``ra * rb``;
- halved when nothing could be alike and the labels share no telling key (the scorer's
  ``NOTHING_SHARED_FACTOR``).

Pairs the scorer accepts whatever their words (the same words or letters, one label in capitals
the initials of the other) and labels with more keys than there are slots are always kept.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from taxonomy.keys import KeyNumbers, shared_array
from taxonomy.match import (
    ADJECTIVE_SIMILARITY,
    EXTENSION_SIMILARITY,
    MIN_INITIALISM,
    NOTHING_SHARED_FACTOR,
    STEM_SIMILARITY,
    TYPO_SIMILARITY,
    Bag,
    initials,
    make_bag,
    spelled,
    telling,
)
from taxonomy.vocabulary import Profile, Vocabulary

SLOTS = 8
# How a key is spelled, in the order ScoreBound.fill writes it.
SPELLING = ("letter", "last", "size", "stem", "head3", "head4")
SOFT = max(TYPO_SIMILARITY, STEM_SIMILARITY, EXTENSION_SIMILARITY, ADJECTIVE_SIMILARITY)
# Scores are rounded to one decimal and the bound is computed in float32: a pair is kept when
# its bound comes this close to the threshold.
MARGIN = 0.2


class ScoreBound:
    """Per label, up to SLOTS keys (slot by slot, as in :class:`taxonomy.gate.StemVectors`)
    with what the bound needs of each, in shared memory: :meth:`fill` writes a range of
    labels, so forked workers can each fill a share. ``__call__`` tells which pairs may reach a
    threshold."""

    def __init__(self, n: int, numbers: KeyNumbers) -> None:
        # Keys from this number on are entities (KeyNumbers.key): a name's number is even
        # counted from it, its adjective's the next one.
        self.first_entity = numbers.first_entity
        self.key_id = shared_array((SLOTS, n), np.int32, -1)
        self.weight = shared_array((SLOTS, n), np.float32, 0.0)
        # How a key is spelled, where it is all letters (its length is 0 where it is not):
        # its first and last letters, length, and (hashed) stem and first three and four
        # letters.
        # Codes narrower than the values are exact where they differ (equal codes may hide
        # different values, which only makes the bound higher): a length is capped at 255,
        # the others are 16-bit codes.
        self.spelling = {
            name: shared_array((SLOTS, n), np.uint8 if name == "size" else np.uint16, 0)
            for name in SPELLING
        }
        self.telling = shared_array((SLOTS, n), np.bool_, False)  # shared, a sign of likeness
        self.used = shared_array((n,), np.int8, 0)
        self.norm = shared_array((n,), np.float32, 0.0)
        self.always = shared_array((n,), np.bool_, False)  # more keys than slots
        # A one-word label in capitals (it may be the initials of another: the scorer gives
        # 90) and the (hashed) initials of a label of several words, up to two.
        self.capitals = shared_array((n,), np.bool_, False)
        self.word = shared_array((n,), np.int32, 0)
        self.initialled = shared_array((n,), np.bool_, False)
        self.initials = tuple(shared_array((n,), np.int32, 0) for _ in range(2))
        self.numbers = shared_array((n,), np.int32, 0)
        # The words sorted, the letters, the letters as written: equal, the scorer accepts.
        self.same = tuple(shared_array((n,), np.int32, 0) for _ in range(3))
        self._rows: dict[str, int] = {}
        self._spelled_rows: dict[tuple[str, str], int] = {}
        self._table: list[tuple[int, ...]] = []

    @classmethod
    def of(cls, profiles: list[Profile], vocab: Vocabulary) -> ScoreBound:
        numbers = KeyNumbers(vocab)
        bound = cls(len(profiles), numbers)
        known: dict[str, float] = {}
        bags = [make_bag(p, vocab, known) for p in profiles]
        bound.fill(profiles, bags, 0, vocab, numbers)
        return bound

    def fill(
        self,
        profiles: list[Profile],
        bags: Sequence[Bag],
        start: int,
        vocab: Vocabulary,
        numbers: KeyNumbers,
    ) -> None:
        """Write what the bound needs of the labels ``start``, ``start + 1``, ... (their
        profiles and bags)."""
        # What a key brings, once per key (and per spelling, for an entity's key) in this
        # process: a row of ``table``; the labels' keys are then written slot by slot.
        rows, spelled_rows, table = self._rows, self._spelled_rows, self._table

        def row(key: str, surface: str | None) -> int:
            form = spelled(key, surface)
            spelling = (0, 0, 0, 0, 0, 0)
            if form.isalpha():
                spelling = (
                    ord(form[0]) & 0xFFFF,
                    ord(form[-1]) & 0xFFFF,
                    min(len(form), 255),
                    _code(vocab.stem(form)),
                    _code(form[:3]),
                    _code(form[:4]),
                )
            is_telling = telling(key, {key: surface} if surface is not None else {}, vocab)
            table.append((numbers.key(key), *spelling, int(is_telling)))
            found = len(table) - 1
            if surface is None:
                rows[key] = found
            else:
                spelled_rows[key, surface] = found
            return found

        slots: list[int] = []
        owners: list[int] = []
        found_rows: list[int] = []
        weights: list[float] = []
        count = len(bags)
        norm = [0.0] * count
        always = [False] * count
        capitals = [False] * count
        initialled = [False] * count
        hashes: list[list[int]] = [[0] * count for _ in range(7)]
        numbers_hash, sorted_words, compact, joined, word, first, second = hashes
        stopwords = vocab.stopwords
        for p, bag in zip(profiles[start : start + count], bags, strict=True):
            index = p.index - start
            norm[index] = bag.norm
            numbers_hash[index] = _hash(p.numbers)
            sorted_words[index] = _hash(bag.sorted_terms)
            compact[index] = _hash(p.compact)
            joined[index] = _hash(p.joined)
            terms, keys = p.terms, bag.weights
            if len(terms) == 1:
                if MIN_INITIALISM <= len(terms[0]) <= 6 and p.label.strip().isupper():
                    capitals[index] = True
                    word[index] = _hash(terms[0])
            else:
                letters = sorted(initials(terms, stopwords))
                if letters:
                    initialled[index] = True
                    first[index] = _hash(letters[0])
                    second[index] = _hash(letters[-1])
            if len(keys) > SLOTS:
                always[index] = True  # its pairs are kept whole: its keys are not needed
                continue
            surfaces = bag.surface
            for key in keys:
                surface = surfaces.get(key) if surfaces else None
                if surface is None:
                    found = rows.get(key)
                else:
                    found = spelled_rows.get((key, surface))
                found_rows.append(row(key, surface) if found is None else found)
            slots.extend(range(len(keys)))
            owners.extend([p.index] * len(keys))
            weights.extend(keys.values())
        at = (np.array(slots, dtype=np.intp), np.array(owners, dtype=np.intp))
        columns = np.array(table, dtype=np.int32).reshape(-1, 8).T[:, found_rows]
        targets = (self.key_id, *self.spelling.values())
        for array, values in zip(targets, columns[:7], strict=True):
            array[at] = values
        self.telling[at] = columns[7].astype(bool)
        self.weight[at] = np.array(weights, dtype=np.float32)
        span = slice(start, start + count)
        self.used[span] = (self.key_id[:, span] >= 0).sum(axis=0)
        self.norm[span] = norm
        self.always[span] = always
        self.capitals[span] = capitals
        self.initialled[span] = initialled
        self.numbers[span] = numbers_hash
        self.word[span] = word
        for array, values in zip(
            (*self.same, *self.initials), hashes[1:4] + hashes[5:], strict=True
        ):
            array[span] = values

    def forget(self) -> None:
        """Drop what filling remembered of each key (the arrays stay)."""
        self._rows, self._spelled_rows, self._table = {}, {}, []

    def __call__(self, left: np.ndarray, right: np.ndarray, threshold: float) -> np.ndarray:
        """Which pairs (left[k], right[k]) may score ``threshold`` or more."""
        if threshold <= 0:  # every pair scores 0 or more, vetoed ones too
            return np.ones(len(left), dtype=bool)
        keep = np.zeros(len(left), dtype=bool)
        for hashes in self.same:
            keep |= hashes[left] == hashes[right]
        keep |= self.always[left] | self.always[right]
        for short, long_ in ((left, right), (right, left)):  # may one be the other's initials?
            could = self.capitals[short] & self.initialled[long_]
            if could.any():
                word = self.word[short]
                could &= (word == self.initials[0][long_]) | (word == self.initials[1][long_])
                keep |= could
        same_numbers = self.numbers[left] == self.numbers[right]  # else the scorer vetoes
        keep &= same_numbers
        rest = np.flatnonzero(~keep & same_numbers)
        if len(rest):
            bound = self._bound(left[rest], right[rest])
            keep[rest[bound >= threshold - MARGIN]] = True
        return keep

    def _entity(self, keys: np.ndarray) -> np.ndarray:
        """The entity each key names (the number of its name), or -1."""
        first = self.first_entity
        named: np.ndarray = np.where(keys >= first, keys - ((keys - first) & 1), -1)
        return named

    def _spelling(self, slot: int, labels: np.ndarray) -> dict[str, np.ndarray]:
        return {name: array[slot][labels] for name, array in self.spelling.items()}

    def _bound(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """The bound of pairs that no rule keeps whole; 0 where the scorer vetoes the pair."""
        count = len(left)
        a_slots = int(self.used[left].max(initial=0))
        b_slots = int(self.used[right].max(initial=0))
        key_a = [self.key_id[k][left] for k in range(a_slots)]
        key_b = [self.key_id[m][right] for m in range(b_slots)]
        w_a = [self.weight[k][left] for k in range(a_slots)]
        w_b = [self.weight[m][right] for m in range(b_slots)]
        dot = np.zeros(count, dtype=np.float32)
        shared_a = [np.zeros(count, dtype=bool) for _ in range(a_slots)]
        shared_b = [np.zeros(count, dtype=bool) for _ in range(b_slots)]
        telling = np.zeros(count, dtype=bool)
        for k in range(a_slots):
            for m in range(b_slots):
                same = (key_a[k] == key_b[m]) & (key_a[k] >= 0)
                if same.any():
                    dot += np.where(same, w_a[k] * w_b[m], np.float32(0.0))
                    shared_a[k] |= same
                    shared_b[m] |= same
                    telling |= same & self.telling[m][right]
        entity_a = [self._entity(keys) for keys in key_a]
        entity_b = [self._entity(keys) for keys in key_b]
        # The scorer's veto: each label names an entity the other does not.
        vetoed = _names_another(entity_a, entity_b) & _names_another(entity_b, entity_a)
        spelling_a = [self._spelling(k, left) for k in range(a_slots)]
        spelling_b = [self._spelling(m, right) for m in range(b_slots)]
        alike_a = [np.zeros(count, dtype=bool) for _ in range(a_slots)]
        alike_b = [np.zeros(count, dtype=bool) for _ in range(b_slots)]
        for k in range(a_slots):
            for m in range(b_slots):
                both_entities = (entity_a[k] >= 0) & (entity_b[m] >= 0)
                alike = np.where(
                    both_entities,
                    entity_a[k] == entity_b[m],
                    spelled_alike(spelling_a[k], spelling_b[m]),
                )
                alike &= ~shared_a[k] & ~shared_b[m] & (key_a[k] >= 0) & (key_b[m] >= 0)
                alike_a[k] |= alike
                alike_b[m] |= alike
        rest_a = np.zeros(count, dtype=np.float32)
        for k in range(a_slots):
            rest_a += np.where(alike_a[k], w_a[k] * w_a[k], np.float32(0.0))
        rest_b = np.zeros(count, dtype=np.float32)
        for m in range(b_slots):
            rest_b += np.where(alike_b[m], w_b[m] * w_b[m], np.float32(0.0))
        norms = self.norm[left] * self.norm[right]
        bound = np.zeros(count, dtype=np.float32)
        np.divide(
            np.float32(100.0) * (dot + np.float32(SOFT) * np.sqrt(rest_a * rest_b)),
            norms,
            out=bound,
            where=norms > 0,
        )
        alone = (rest_a == 0) | (rest_b == 0)
        bound = np.where(alone & ~telling, bound * np.float32(NOTHING_SHARED_FACTOR), bound)
        bound[vetoed] = 0.0
        return bound


def _names_another(mine: list[np.ndarray], theirs: list[np.ndarray]) -> np.ndarray:
    """Where one of my slots names an entity that none of theirs names."""
    found = np.zeros(len(mine[0]) if mine else 0, dtype=bool)
    for entity in mine:
        named = np.zeros(len(entity), dtype=bool)
        for other in theirs:
            named |= entity == other
        found |= (entity >= 0) & ~named
    return found


def _code(text: str) -> int:
    """A 16-bit code of a text: equal texts have equal codes (unequal ones seldom)."""
    return hash(text) & 0xFFFF


def _hash(value: object) -> int:
    """A 32-bit hash: equal values have equal hashes (unequal ones almost never)."""
    return (hash(value) & 0xFFFFFFFF) - (1 << 31)


def spelled_alike(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> np.ndarray:
    """Which pairs of keys :func:`taxonomy.match.term_similarity` might find alike (it never
    finds alike a pair this leaves out): both all letters, and the same stem (four letters or
    more), or one a prefix of the other longer by at most three (the same first four letters),
    or a slip of the hand (five letters or more, lengths at most one apart, the same first
    letter and the same first three letters or last letter: a letter left out or two swapped
    leaves one end whole)."""
    size_a, size_b = a["size"].astype(np.int16), b["size"].astype(np.int16)
    shortest = np.minimum(size_a, size_b)
    gap = np.abs(size_a - size_b)
    same_stem = a["stem"] == b["stem"]
    extends = (gap <= 3) & (a["head4"] == b["head4"])
    slip = (shortest >= 5) & (gap <= 1) & (a["letter"] == b["letter"])
    slip &= (a["head3"] == b["head3"]) | (a["last"] == b["last"])
    alike: np.ndarray = (size_a > 0) & (size_b > 0)
    alike &= ((shortest >= 4) & (same_stem | extends)) | slip
    return alike
