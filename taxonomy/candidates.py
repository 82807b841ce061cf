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
BATCH = 200_000

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


def fuzzy_codes(profiles: list[Profile], vocab: Vocabulary) -> np.ndarray:
    """Pairs from rare-stem blocks and sorted neighbourhoods, as sorted unique codes i*n+j
    (i < j), built with numpy: no Python object per pair."""
    n = len(profiles)
    if n < 2:
        return np.empty(0, dtype=np.int64)
    core_keys = [" ".join(p.core) for p in profiles]
    rank = np.empty(n, dtype=np.int64)
    rank[np.array(sorted(range(n), key=core_keys.__getitem__), dtype=np.int64)] = np.arange(n)
    block_ids: dict[str, int] = {}
    owners: list[int] = []
    members: list[int] = []
    for p in profiles:
        terms = {term for term in p.core if not vocab.is_context(term)}
        for term in sorted(terms, key=lambda term: (vocab.df.get(term, 0), term))[:BLOCK_TERMS]:
            owners.append(block_ids.setdefault(vocab.stem(term), len(block_ids)))
            members.append(p.index)
    chunks: list[np.ndarray] = []
    if members:
        block = np.array(owners, dtype=np.int64)
        member = np.array(members, dtype=np.int64)
        # Within a block, in the order of the distinctive words: every pair of a block of up to
        # BLOCK_LIMIT labels, and a sorted window of that size in larger ones.
        order = np.lexsort((rank[member], block))
        block, member = block[order], member[order]
        for d in range(1, min(BLOCK_LIMIT, len(member) - 1) + 1):
            same = block[:-d] == block[d:]
            chunks.append(_codes(member[:-d][same], member[d:][same], n))
    orders = (
        core_keys,
        [" ".join(sorted(p.core)) for p in profiles],
        [p.compact[::-1] for p in profiles],
    )
    for keys in orders:
        sequence = np.array(sorted(range(n), key=keys.__getitem__), dtype=np.int64)
        for d in range(1, min(WINDOW, n - 1) + 1):
            chunks.append(_codes(sequence[:-d], sequence[d:], n))
    codes = sorted_unique(np.concatenate(chunks))
    left, right = np.divmod(codes, n)
    kept: np.ndarray = codes[left != right]
    return kept


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` by sorting in place: numpy 2's hash-based unique is several times slower
    on tens of millions of integers."""
    values.sort()
    if len(values) == 0:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    unique: np.ndarray = values[keep]
    return unique


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
    weights normalised: the cosine of two labels' exact-stem overlap, for arrays of pairs."""

    def __init__(self, ids: np.ndarray, weights: np.ndarray) -> None:
        self.ids = ids
        self.weights = weights

    @classmethod
    def of(cls, profiles: list[Profile], vocab: Vocabulary) -> StemVectors:
        ids = np.full((len(profiles), STEM_SLOTS), -1, dtype=np.int64)
        weights = np.zeros((len(profiles), STEM_SLOTS), dtype=np.float32)
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
                    key, weight = info(term)
                    if weight > items.get(key, 0.0):
                        items[key] = weight
            norm = sum(w * w for w in items.values()) ** 0.5 or 1.0
            ranked = sorted(items.items(), key=lambda item: -item[1])[:STEM_SLOTS]
            for slot, (key, weight) in enumerate(ranked):
                ids[p.index, slot] = key
                weights[p.index, slot] = weight / norm
        return cls(ids, weights)

    def cosine(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        a_ids, b_ids = self.ids[left], self.ids[right]
        a_w, b_w = self.weights[left], self.weights[right]
        total = np.zeros(len(left), dtype=np.float32)
        for k in range(STEM_SLOTS):
            present = a_ids[:, k] >= 0
            for m in range(STEM_SLOTS):
                same = present & (a_ids[:, k] == b_ids[:, m])
                total += np.where(same, a_w[:, k] * b_w[:, m], 0.0)
        return total


def filter_key(profile: Profile, vocab: Vocabulary) -> str:
    """What the bulk filter compares: the stems of a label's distinctive words, sorted."""
    core = [t for t in profile.terms if not vocab.is_context(t) and t not in vocab.stopwords]
    return " ".join(sorted(vocab.stem(t) for t in (core or profile.terms)))


def candidates(
    profiles: list[Profile], vocab: Vocabulary, progress: Progress | None = None
) -> Iterator[tuple[int, int]]:
    """Distinct candidate pairs (i < j): every exact and trusted pair, and the fuzzy pairs that
    pass a bulk filter, in numpy and rapidfuzz: the cosine of their weighted stems (entities as
    one stem) is at least 0.7 (they may share enough words), or the ratio of their sorted
    distinctive stems is at least 70 (they may differ by a slip of the hand).

    Pairs are kept as 64-bit codes in one array and deduplicated with numpy, so memory stays
    linear in the number of pairs with no per-pair Python object.
    """
    n = len(profiles)
    exact = exact_pairs(profiles) | trusted_pairs(profiles, vocab)
    yield from exact
    unique = fuzzy_codes(profiles, vocab)
    exact_codes = np.fromiter((i * n + j for i, j in exact), dtype=np.int64, count=len(exact))
    unique = unique[~np.isin(unique, exact_codes, assume_unique=True)]
    texts = [filter_key(p, vocab) for p in profiles]
    vectors = StemVectors.of(profiles, vocab)
    total = len(unique)
    for start in range(0, total, BATCH):
        chunk = unique[start : start + BATCH]
        left_idx, right_idx = np.divmod(chunk, n)
        close = vectors.cosine(left_idx, right_idx) >= GATE_COSINE
        rest = np.flatnonzero(~close)
        spelled = process.cpdist(
            [texts[i] for i in left_idx[rest].tolist()],
            [texts[j] for j in right_idx[rest].tolist()],
            scorer=fuzz.ratio,
            workers=-1,
            dtype=np.uint8,
        )
        close[rest[spelled >= GATE_RATIO]] = True
        keep = np.flatnonzero(close)
        yield from zip(left_idx[keep].tolist(), right_idx[keep].tolist(), strict=True)
        if progress:
            progress("candidates", min(start + BATCH, total), total)


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
