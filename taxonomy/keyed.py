"""Candidate pairs that are always compared: labels with the same key (the same words in any
order, the same letters), the same named entity, or one the initials of the other.

Each is a key collision, found by sorting the labels by their key (or a hash of it) and pairing
neighbours of equal keys with numpy: the pairs come out as sorted codes ``i * n + j`` (i < j),
never as a Python object per pair.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from taxonomy.match import initials
from taxonomy.vocabulary import Profile, Vocabulary

BLOCK_LIMIT = 32  # an entity block larger than this is compared along a window
WINDOW = 6
BUCKET_LIMIT = 50  # labels of one exact key that are all paired


def codes_of(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    codes: np.ndarray = np.minimum(a, b) * n + np.maximum(a, b)
    return codes


def _near_codes(sequence: np.ndarray, runs: np.ndarray, reach: int, n: int) -> np.ndarray:
    """Codes of the pairs at most ``reach`` apart along ``sequence`` within one run (``runs``:
    equal for neighbours of one run), each pair as min*n+max."""
    found = [np.empty(0, dtype=np.int64)]
    for d in range(1, min(reach, len(sequence) - 1) + 1):
        same = runs[:-d] == runs[d:]
        if not same.any():  # no run is longer than d
            break
        found.append(codes_of(sequence[:-d][same], sequence[d:][same], n))
    return np.concatenate(found)


def _runs(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Labels in the order of ``keys`` (stable: by index among equal keys), the run of equal
    keys of each, and where in its run each is."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    new = np.r_[True, ordered[1:] != ordered[:-1]] if len(keys) else np.empty(0, dtype=bool)
    runs = np.cumsum(new) - 1
    return order, runs, run_positions(ordered)


def run_positions(ordered: np.ndarray) -> np.ndarray:
    """Where each element of a sorted array is within its run of equal values."""
    if not len(ordered):
        return ordered
    new = np.r_[True, ordered[1:] != ordered[:-1]]
    positions: np.ndarray = np.arange(len(ordered)) - np.flatnonzero(new)[np.cumsum(new) - 1]
    return positions


def exact_codes(profiles: list[Profile]) -> np.ndarray:
    """Labels with the same words (any order) or the same letters, always compared: sorted
    unique codes i*n+j (i < j).

    Labels are sorted by a hash of each key, so that equal keys sit side by side, with no
    dictionary of keys kept (a collision only proposes a pair the scorer rejects). Everyone in
    a bucket is alike: all its pairs are proposed (of its first BUCKET_LIMIT labels), so that
    a group takes them all."""
    n = len(profiles)
    keys = (
        lambda p: " ".join(sorted(p.terms)),
        lambda p: p.compact,
        lambda p: p.joined,
    )
    found = [np.empty(0, dtype=np.int64)]
    for key in keys:
        hashes = np.fromiter((hash(key(p)) for p in profiles), dtype=np.int64, count=n)
        order, runs, position = _runs(hashes)
        first = position < BUCKET_LIMIT
        found.append(_near_codes(order[first], runs[first], BUCKET_LIMIT - 1, n))
    return np.unique(np.concatenate(found))


def core_order(profiles: list[Profile]) -> np.ndarray:
    """The labels sorted by their distinctive words (by index among equals)."""
    keys = [" ".join(p.core) for p in profiles]
    return np.array(sorted(range(len(profiles)), key=keys.__getitem__), dtype=np.int64)


def rank_in(order: np.ndarray) -> np.ndarray:
    """Each label's place in an order of all the labels."""
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank


def trusted_codes(
    profiles: list[Profile], vocab: Vocabulary, by_core: np.ndarray | None = None
) -> np.ndarray:
    """Pairs whose likeness no string filter sees, as sorted unique codes: the same named
    entity (every pair of a block of up to BLOCK_LIMIT labels, a window of WINDOW along the
    order of their distinctive words in a larger one), or an initialism."""
    n = len(profiles)
    rank = rank_in(core_order(profiles) if by_core is None else by_core)
    numbers: dict[str, int] = {}
    entities: list[int] = []
    members: list[int] = []
    for p in profiles:
        if p.entity_ids:
            for entity_id in p.entity_ids:
                entities.append(numbers.setdefault(entity_id, len(numbers)))
                members.append(p.index)
    found = [np.empty(0, dtype=np.int64)]
    if members:
        entity = np.array(entities, dtype=np.int64)
        member = np.array(members, dtype=np.int64)
        size = np.bincount(entity)[entity]
        small, large = size <= BLOCK_LIMIT, size > BLOCK_LIMIT
        order = np.lexsort((member[small], entity[small]))
        found.append(_near_codes(member[small][order], entity[small][order], BLOCK_LIMIT, n))
        order = np.lexsort((rank[member[large]], entity[large]))
        found.append(_near_codes(member[large][order], entity[large][order], WINDOW, n))
    found.append(_initialism_codes(profiles, vocab, n))
    return np.unique(np.concatenate(found))


def _initialism_codes(profiles: list[Profile], vocab: Vocabulary, n: int) -> np.ndarray:
    """A one-word label in capitals beside the first BLOCK_LIMIT labels whose initials it is."""
    wanted = {
        p.terms[0]
        for p in profiles
        if len(p.terms) == 1 and 2 <= len(p.terms[0]) <= 6 and p.label.strip().isupper()
    }
    if not wanted:
        return np.empty(0, dtype=np.int64)
    stopwords = vocab.stopwords
    by_initials: dict[str, list[int]] = defaultdict(list)
    for p in profiles:
        if len(p.terms) > 1:
            for letters in initials(p.terms, stopwords):
                if letters in wanted:
                    by_initials[letters].append(p.index)
    codes: list[int] = []
    for p in profiles:
        if len(p.terms) == 1 and p.label.strip().isupper():
            for other in by_initials.get(p.terms[0], ())[:BLOCK_LIMIT]:
                if other != p.index:
                    i, j = (p.index, other) if p.index < other else (other, p.index)
                    codes.append(i * n + j)
    return np.array(codes, dtype=np.int64)
