"""Candidate pairs: which labels are worth comparing, in time close to linear in the vocabulary.

Scoring every pair grows with the square of the vocabulary; here only plausible pairs are
proposed, from four cheap sources, and then filtered in bulk with rapidfuzz before the exact
scorer (:mod:`taxonomy.match`) sees them:

1. key collisions: labels with the same words in any order, or the same letters;
2. blocks of rare terms: labels that share one of their two rarest terms (or a named entity);
   a block too large to compare whole is compared along its sorted order (a sorted window);
3. sorted neighbourhoods: every label beside its neighbours in the order of its distinctive
   words, of those words reversed, and of its letters reversed, which finds misspellings that
   share no word;
4. initialisms: a one-word label beside the multi-word labels whose initials it is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from taxonomy.match import _initials
from taxonomy.vocabulary import Profile, Vocabulary

BLOCK_LIMIT = 32
WINDOW = 6
BLOCK_TERMS = 2
GATE_COSINE = 0.7
GATE_RATIO = 70
STEM_SLOTS = 6
CHUNK = 1 << 17  # raw candidate codes deduplicated at a time

Progress = Callable[[str, int, int], None]


def _pairs_in_order(order: list[int], window: int) -> Iterator[tuple[int, int]]:
    for position, i in enumerate(order):
        for j in order[position + 1 : position + 1 + window]:
            yield (i, j) if i < j else (j, i)


def _block_pairs(members: list[int], keys: list[str]) -> Iterator[tuple[int, int]]:
    if len(members) <= BLOCK_LIMIT:
        for position, i in enumerate(members):
            for j in members[position + 1 :]:
                yield (i, j) if i < j else (j, i)
    else:
        yield from _pairs_in_order(sorted(members, key=keys.__getitem__), WINDOW)


def exact_pairs(profiles: list[Profile]) -> set[tuple[int, int]]:
    """Labels with the same words (any order) or the same letters: always compared."""
    pairs: set[tuple[int, int]] = set()
    keys = (
        lambda p: " ".join(sorted(p.terms)),
        lambda p: p.compact,
        lambda p: p.joined,
    )
    for key in keys:
        # Labels are sorted by a hash of the key, so that equal keys sit side by side, with
        # no dictionary of keys kept: a collision only proposes a pair the scorer rejects.
        hashes = np.fromiter((hash(key(p)) for p in profiles), dtype=np.int64, count=len(profiles))
        order = np.argsort(hashes, kind="stable")
        ordered = hashes[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        ends = np.r_[starts[1:], len(ordered)]
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            if end - start > 1:
                # Everyone in a bucket is alike: all are joined, so a group takes them all.
                members = sorted(order[start : min(end, start + BUCKET_LIMIT)].tolist())
                for position, i in enumerate(members):
                    pairs.update((i, j) for j in members[position + 1 :])
    return pairs


BUCKET_LIMIT = 50


def _orders(
    profiles: list[Profile], vocab: Vocabulary
) -> list[tuple[np.ndarray, np.ndarray | None, int]]:
    """What blocking pairs along: the labels of the rare-stem blocks, in the order of the
    distinctive words, with their block numbers (every pair of a block of up to BLOCK_LIMIT
    labels, a sorted window of that size in larger ones), and the three sorted orders (pairs up
    to WINDOW apart); each as (label indices, block numbers or None, how far apart)."""
    n = len(profiles)
    core_keys = [" ".join(p.core) for p in profiles]
    by_core = np.array(sorted(range(n), key=core_keys.__getitem__), dtype=np.int64)
    rank = np.empty(n, dtype=np.int64)
    rank[by_core] = np.arange(n)
    block_ids: dict[str, int] = {}
    owners: list[int] = []
    members: list[int] = []
    df, is_context, stem = vocab.df, vocab.is_context, vocab.stem
    for p in profiles:
        terms = {term for term in p.core if not is_context(term)}
        for term in sorted(terms, key=lambda term: (df.get(term, 0), term))[:BLOCK_TERMS]:
            owners.append(block_ids.setdefault(stem(term), len(block_ids)))
            members.append(p.index)
    found: list[tuple[np.ndarray, np.ndarray | None, int]] = []
    if members:
        block = np.array(owners, dtype=np.int64)
        member = np.array(members, dtype=np.int64)
        del owners, members
        order = np.lexsort((rank[member], block))
        found.append((member[order], block[order], BLOCK_LIMIT))
    found.append((by_core, None, WINDOW))
    for keys in ([" ".join(sorted(p.core)) for p in profiles], [p.compact[::-1] for p in profiles]):
        found.append(
            (np.array(sorted(range(n), key=keys.__getitem__), dtype=np.int64), None, WINDOW)
        )
    return found


def _window(
    sequence: np.ndarray, blocks: np.ndarray | None, d: int
) -> tuple[np.ndarray, np.ndarray]:
    """The pairs d apart along a sequence (within one block, if it is of blocks)."""
    if blocks is None:
        return sequence[:-d], sequence[d:]
    same = blocks[:-d] == blocks[d:]
    return sequence[:-d][same], sequence[d:][same]


def raw_fuzzy_codes(profiles: list[Profile], vocab: Vocabulary) -> np.ndarray:
    """Every code the blocking sources propose, sorted, repeats and all: counted first, then
    written into one array, so that the codes are held once."""
    n = len(profiles)
    if n < 2:
        return np.empty(0, dtype=np.int64)
    steps = [
        (sequence, blocks, d)
        for sequence, blocks, window in _orders(profiles, vocab)
        for d in range(1, min(window, len(sequence) - 1) + 1)
    ]
    sizes = [len(_window(sequence, blocks, d)[0]) for sequence, blocks, d in steps]
    codes = np.empty(sum(sizes), dtype=np.int64)
    at = 0
    for (sequence, blocks, d), size in zip(steps, sizes, strict=True):
        codes[at : at + size] = _codes(*_window(sequence, blocks, d), n)
        at += size
    codes.sort()
    return codes


def unique_chunks(
    raw: np.ndarray, n: int, exclude: np.ndarray, size: int = CHUNK
) -> Iterator[tuple[np.ndarray, int]]:
    """The distinct codes of a sorted array, a slice of ``size`` codes at a time, leaving out the
    codes of a label with itself and those in ``exclude`` (sorted): each slice's distinct codes
    and where in ``raw`` the slice ends. Only one slice at a time is ever copied."""
    for start in range(0, len(raw), size):
        end = min(start + size, len(raw))
        chunk = raw[start:end]
        keep = np.empty(len(chunk), dtype=bool)
        keep[0] = start == 0 or raw[start - 1] != chunk[0]
        np.not_equal(chunk[1:], chunk[:-1], out=keep[1:])
        keep &= chunk % (n + 1) != 0  # i*n+i: a label with itself
        codes = chunk[keep]
        if len(exclude):
            at = np.minimum(np.searchsorted(exclude, codes), len(exclude) - 1)
            codes = codes[exclude[at] != codes]
        yield codes, end


def fuzzy_codes(profiles: list[Profile], vocab: Vocabulary) -> np.ndarray:
    """Pairs from rare-stem blocks and sorted neighbourhoods, as sorted unique codes i*n+j
    (i < j), built with numpy: no Python object per pair."""
    n = len(profiles)
    raw = raw_fuzzy_codes(profiles, vocab)
    none = np.empty(0, dtype=np.int64)
    return np.concatenate([none, *(codes for codes, _ in unique_chunks(raw, n, none))])


def _codes(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    codes: np.ndarray = np.minimum(a, b) * n + np.maximum(a, b)
    return codes


def fuzzy_pairs(profiles: list[Profile], vocab: Vocabulary) -> Iterator[tuple[int, int]]:
    """The pairs of :func:`fuzzy_codes` as tuples."""
    left, right = np.divmod(fuzzy_codes(profiles, vocab), len(profiles))
    yield from zip(left.tolist(), right.tolist(), strict=True)


def trusted_pairs(profiles: list[Profile], vocab: Vocabulary) -> set[tuple[int, int]]:
    """Pairs whose likeness no string filter sees: the same named entity, or an initialism."""
    pairs: set[tuple[int, int]] = set()
    core_keys = [" ".join(p.core) for p in profiles]
    by_entity: dict[str, list[int]] = defaultdict(list)
    for p in profiles:
        for entity in p.entity_ids:
            by_entity[entity].append(p.index)
    for members in by_entity.values():
        pairs.update(_block_pairs(members, core_keys))
    by_initials: dict[str, list[int]] = defaultdict(list)
    for p in profiles:
        for initials in _initials(p.terms, vocab.stopwords):
            if 2 <= len(initials) <= 6:
                by_initials[initials].append(p.index)
    for p in profiles:
        if len(p.terms) == 1 and p.label.strip().isupper():
            for other in by_initials.get(p.terms[0], ())[:BLOCK_LIMIT]:
                if other != p.index:
                    pairs.add((p.index, other) if p.index < other else (other, p.index))
    return pairs


class StemVectors:
    """Each label as at most STEM_SLOTS weighted stems (a named entity is one stem), the
    weights normalised: the cosine of two labels' exact-stem overlap, for arrays of pairs.

    Kept slot by slot (``ids[k]``, ``weights[k]``: every label's k-th stem, heaviest first;
    -1 and 0 where a label has fewer stems), each slot a contiguous array."""

    def __init__(self, ids: np.ndarray, weights: np.ndarray) -> None:
        self.ids = ids  # (STEM_SLOTS, labels) int32
        self.weights = weights  # (STEM_SLOTS, labels) float32
        self.used = (ids >= 0).sum(axis=0)  # how many slots each label fills

    @classmethod
    def of(cls, profiles: list[Profile], vocab: Vocabulary) -> StemVectors:
        n = len(profiles)
        ids = [[-1] * n for _ in range(STEM_SLOTS)]
        weights = [[0.0] * n for _ in range(STEM_SLOTS)]
        numbering: dict[str, int] = {}
        known: dict[str, tuple[int, float]] = {}  # term -> (stem number, weight), once a term

        def info(term: str) -> tuple[int, float]:
            found = known.get(term)
            if found is None:
                stem = vocab.stem(term)
                found = known[term] = (
                    numbering.setdefault(stem, len(numbering)),
                    vocab.weight(term),
                )
            return found

        for p in profiles:
            items: dict[int, float] = {}
            covered: set[int] = set()
            for mention in p.mentions:
                span = p.terms[mention.start : mention.end]
                covered.update(range(mention.start, mention.end))
                key = numbering.setdefault("@" + mention.entity_id, len(numbering))
                items[key] = max(items.get(key, 0.0), max(vocab.weight(t) for t in span))
            for position, term in enumerate(p.terms):
                if position not in covered:
                    key, weight = known.get(term) or info(term)
                    if weight > items.get(key, 0.0):
                        items[key] = weight
            norm = sum(w * w for w in items.values()) ** 0.5 or 1.0
            ranked = sorted(items.items(), key=lambda item: -item[1])[:STEM_SLOTS]
            index = p.index
            for slot, (key, weight) in enumerate(ranked):
                ids[slot][index] = key
                weights[slot][index] = weight / norm
        return cls(np.array(ids, dtype=np.int32), np.array(weights, dtype=np.float32))

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
    """What the bulk filter compares: the stems of each label's distinctive words (all its
    words if none is distinctive), sorted."""
    left_out = {term for term in vocab.df if vocab.is_context(term)} | vocab.stopwords
    stems = vocab.stems
    keys: list[str] = []
    for p in profiles:
        core = [t for t in p.terms if t not in left_out] or p.terms
        keys.append(" ".join(sorted([stems.get(t, t) for t in core])))
    return keys


class Gate:
    """The bulk filter, for arrays of pairs: the cosine of the labels' weighted stems (entities
    as one stem) is at least 0.7 (they may share enough words), or the ratio of their sorted
    distinctive stems is at least 70 (they may differ by a slip of the hand)."""

    def __init__(self, profiles: list[Profile], vocab: Vocabulary) -> None:
        self.vectors = StemVectors.of(profiles, vocab)
        self.texts = np.array(filter_keys(profiles, vocab), dtype=object)

    def __call__(self, left: np.ndarray, right: np.ndarray, workers: int = -1) -> np.ndarray:
        """Which pairs (left[k], right[k]) pass."""
        close: np.ndarray = self.vectors.cosine(left, right) >= GATE_COSINE
        rest = np.flatnonzero(~close)
        if len(rest):
            spelled = process.cpdist(
                self.texts[left[rest]],
                self.texts[right[rest]],
                scorer=fuzz.ratio,
                workers=workers,
                dtype=np.uint8,
            )
            close[rest[spelled >= GATE_RATIO]] = True
        return close


def pair_codes(pairs: set[tuple[int, int]], n: int) -> np.ndarray:
    """Pairs (i < j) as sorted codes i*n+j."""
    codes = np.fromiter((i * n + j for i, j in pairs), dtype=np.int64, count=len(pairs))
    codes.sort()
    return codes


@dataclass(frozen=True, slots=True)
class Task:
    """Candidate pairs as codes i*n+j; ``gated``: the bulk filter still has to pass them;
    ``weight``: how far they take the "candidates" progress, out of ``total`` (0 while the
    total is not known yet)."""

    codes: np.ndarray
    gated: bool
    weight: int
    total: int


def tasks(profiles: list[Profile], vocab: Vocabulary) -> Iterator[Task]:
    """The distinct candidate pairs in slices: every exact and trusted pair (ungated), then the
    fuzzy pairs that no exact pair repeats (to be gated).

    The fuzzy codes are made only once the exact slices are out (so that workers score those
    meanwhile), then sorted and deduplicated (by a merge against the exact codes) a slice at a
    time: neither all the distinct codes nor a Python object per pair is ever held.
    """
    n = len(profiles)
    exact = pair_codes(exact_pairs(profiles) | trusted_pairs(profiles, vocab), n)
    for start in range(0, len(exact), CHUNK):
        part = exact[start : start + CHUNK]
        yield Task(part, False, len(part), 0)
    raw = raw_fuzzy_codes(profiles, vocab)
    total = len(exact) + len(raw)
    done = 0
    for codes, end in unique_chunks(raw, n, exact):
        yield Task(codes, True, end - done, total)
        done = end
    if not len(raw):
        yield Task(raw, True, 0, total)


def candidates(
    profiles: list[Profile], vocab: Vocabulary, progress: Progress | None = None
) -> Iterator[tuple[int, int]]:
    """Distinct candidate pairs (i < j): every exact and trusted pair, and the fuzzy pairs that
    pass the bulk filter (:class:`Gate`), in numpy and rapidfuzz.

    Pairs are kept as 64-bit codes and deduplicated with numpy a slice at a time, so memory stays
    linear in the number of pairs with no per-pair Python object.
    """
    n = len(profiles)
    gate = Gate(profiles, vocab)
    done = 0
    for task in tasks(profiles, vocab):
        left, right = np.divmod(task.codes, n)
        if task.gated:
            keep = np.flatnonzero(gate(left, right))
            left, right = left[keep], right[keep]
        yield from zip(left.tolist(), right.tolist(), strict=True)
        done += task.weight
        if progress and task.total:
            progress("candidates", done, task.total)


EXHAUSTIVE_CUTOFF = 50
EXHAUSTIVE_ROWS = 512


def exhaustive(
    profiles: list[Profile], vocab: Vocabulary, progress: Progress | None = None
) -> Iterator[tuple[int, int]]:
    """Every pair worth scoring, without blocking: the reference that blocking is measured by.

    All n*n pairs go through rapidfuzz (in C, both cores); those whose words overlap at all
    (token-set ratio >= 50), plus every exact-key, entity and initialism pair and every pair
    blocking would propose (unfiltered), are yielded.
    Quadratic: meant for samples of some tens of thousands of labels.
    """
    n = len(profiles)
    seen = exact_pairs(profiles)
    yield from seen
    texts = [" ".join(p.terms) for p in profiles]
    for start in range(0, n, EXHAUSTIVE_ROWS):
        rows = texts[start : start + EXHAUSTIVE_ROWS]
        scores = process.cdist(
            rows,
            texts,
            scorer=fuzz.token_set_ratio,
            workers=-1,
            dtype=np.uint8,
            score_cutoff=EXHAUSTIVE_CUTOFF,
        )
        rows_hit, columns_hit = np.nonzero(scores)
        for r, j in zip(rows_hit.tolist(), columns_hit.tolist(), strict=True):
            i = start + int(r)
            if i < int(j) and (i, int(j)) not in seen:
                yield i, int(j)
        if progress:
            progress("candidates", min(start + EXHAUSTIVE_ROWS, n), n)
    by_entity: dict[str, list[int]] = defaultdict(list)
    for p in profiles:
        for entity in p.entity_ids:
            by_entity[entity].append(p.index)
    for members in by_entity.values():
        for position, i in enumerate(members):
            for j in members[position + 1 :]:
                yield i, j
    yield from trusted_pairs(profiles, vocab)
    # And whatever blocking proposes, so that the reference is never poorer than blocking.
    yield from fuzzy_pairs(profiles, vocab)
