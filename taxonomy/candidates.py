"""Candidate pairs: which labels are worth comparing, in time close to linear in the vocabulary.

Scoring every pair grows with the square of the vocabulary; here only plausible pairs are
proposed, from four cheap sources, and then filtered in bulk with rapidfuzz before the exact
scorer (:mod:`taxonomy.match`) sees them:

1. key collisions: labels with the same words in any order, or the same letters;
2. blocks of rare stems: labels that share the stem of one of their two rarest distinctive
   words (or a named entity); within a block, each label beside the next STEM_WINDOW in the
   order of what they add to the stem (their other words);
3. sorted neighbourhoods: every label beside its neighbours in the order of its distinctive
   words, of those words sorted, and of its letters reversed, which finds misspellings that
   share no word;
4. initialisms: a one-word label beside the multi-word labels whose initials it is.

The key collisions, entity blocks and initialisms (always compared) are made in
:mod:`taxonomy.keyed`; the fuzzy pairs of 2 and 3 pass the bulk filter (:mod:`taxonomy.gate`)
and, in the scan, the score bound (:mod:`taxonomy.bound`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain

import numpy as np
from rapidfuzz import fuzz, process

from taxonomy.gate import Gate
from taxonomy.keyed import (
    WINDOW,
    codes_of,
    core_order,
    exact_codes,
    rank_in,
    run_positions,
    trusted_codes,
)
from taxonomy.vocabulary import Profile, Vocabulary

BLOCK_TERMS = 2
STEM_WINDOW = 16  # labels of a rare-stem block paired with this many after them
CORE_WINDOW = 3  # the same along the order of the distinctive words
CHUNK = 1 << 17  # raw candidate codes deduplicated at a time
RAW_PART = 1 << 24  # raw fuzzy codes (128 MB) made, sorted and deduplicated at a time, at most

Progress = Callable[[str, int, int], None]


Orders = list[tuple[np.ndarray, "np.ndarray | None", int]]


def blocking_orders(
    profiles: list[Profile], vocab: Vocabulary, by_core: np.ndarray | None = None
) -> Orders:
    """What blocking pairs along: the labels of the rare-stem blocks with their block numbers
    (pairs up to STEM_WINDOW apart within a block, see :func:`_stem_blocks`), and the three
    sorted orders; each as (label indices, block numbers or None, how far apart)."""
    n = len(profiles)
    if by_core is None:
        by_core = core_order(profiles)
    found: Orders = []
    member, block = _stem_blocks(profiles, vocab, rank_in(by_core))
    if len(member):
        found.append((member, block, STEM_WINDOW))
    found.append((by_core, None, CORE_WINDOW))
    for keys in ([" ".join(sorted(p.core)) for p in profiles], [p.compact[::-1] for p in profiles]):
        found.append(
            (np.array(sorted(range(n), key=keys.__getitem__), dtype=np.int64), None, WINDOW)
        )
    return found


def _stem_blocks(
    profiles: list[Profile], vocab: Vocabulary, rank: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The members of the rare-stem blocks, block by block, and their block numbers.

    Each label is in the blocks of the stems of its BLOCK_TERMS rarest distinctive words (the
    rarest first, then alphabetical; no common word). Within a block, labels follow their
    other distinct distinctive words (the two first in alphabetical order; none first), then
    ``rank``:
    the labels that share the rare stem and little else sit side by side ("filter",
    "filtering", "filters"), and so do those whose other words are alike ("django-suits",
    "suit-djan"), however large the block. Made with numpy, from one number per word."""
    cores = [p.core for p in profiles]
    flat = list(chain.from_iterable(cores))
    number = {term: k for k, term in enumerate(dict.fromkeys(flat))}
    terms = list(number)
    count = len(terms)
    word = np.array([number[term] for term in flat], dtype=np.int64)
    label = np.repeat(
        np.arange(len(profiles), dtype=np.int64),
        np.fromiter(map(len, cores), dtype=np.int64, count=len(cores)),
    )
    del flat, number
    # Per distinct word: its alphabetical rank, its rarity (document frequency, then
    # alphabetical), whether it is common, and the block of its stem.
    alphabetical = rank_in(np.array(sorted(range(count), key=terms.__getitem__), dtype=np.int64))
    df, is_context, stem = vocab.df, vocab.is_context, vocab.stem
    frequency = np.fromiter((df.get(term, 0) for term in terms), dtype=np.int64, count=count)
    by_rarity = np.lexsort((alphabetical, frequency))
    rarity = rank_in(by_rarity)
    common = np.fromiter(map(is_context, terms), dtype=bool, count=count)
    stems: dict[str, int] = {}
    block_of = np.fromiter(
        (stems.setdefault(stem(term), len(stems)) for term in terms), dtype=np.int64, count=count
    )
    # Each label's BLOCK_TERMS rarest distinct words that are not common.
    rows = ~common[word]
    chosen = np.sort(label[rows] * count + rarity[word[rows]])
    chosen = chosen[run_positions(chosen) == 0]  # a word twice in a label counts once
    owner, rare = np.divmod(chosen, count)
    keep = run_positions(owner) < BLOCK_TERMS
    owner, mine = owner[keep], by_rarity[rare[keep]]
    # Each label's first three distinct words in alphabetical order (NONE where it has
    # fewer): a member's other words are the first two of them that are not its block's word.
    none = np.iinfo(np.int64).max
    first = np.full((len(profiles), 3), none, dtype=np.int64)
    distinct = np.sort(label * count + alphabetical[word])
    distinct = distinct[run_positions(distinct) == 0]
    owners, words = np.divmod(distinct, count)
    at = run_positions(owners)
    kept = at < 3
    first[owners[kept], at[kept]] = words[kept]
    others = first[owner]
    others[others == alphabetical[mine][:, None]] = none
    others.sort(axis=1)
    others = np.where(others == none, -1, others)
    block = block_of[mine]
    order = np.lexsort((rank[owner], others[:, 1], others[:, 0], block))
    return owner[order], block[order]


def _window(
    sequence: np.ndarray, blocks: np.ndarray | None, d: int
) -> tuple[np.ndarray, np.ndarray]:
    """The pairs d apart along a sequence (within one block, if it is of blocks)."""
    if blocks is None:
        return sequence[:-d], sequence[d:]
    same = blocks[:-d] == blocks[d:]
    return sequence[:-d][same], sequence[d:][same]


Step = tuple[np.ndarray, "np.ndarray | None", int]


def fuzzy_steps(
    profiles: list[Profile],
    vocab: Vocabulary,
    by_core: np.ndarray | None = None,
    orders: Orders | None = None,
) -> list[Step]:
    """The windows blocking pairs along: (sequence, blocks or None, how far apart), from the
    :func:`blocking_orders` (made here unless given)."""
    if len(profiles) < 2:
        return []
    if orders is None:
        orders = blocking_orders(profiles, vocab, by_core)
    return [
        (sequence, blocks, d)
        for sequence, blocks, window in orders
        for d in range(1, min(window, len(sequence) - 1) + 1)
    ]


def raw_fuzzy_codes(
    profiles: list[Profile],
    vocab: Vocabulary,
    by_core: np.ndarray | None = None,
    steps: list[Step] | None = None,
    codes_from: int = 0,
    codes_to: int | None = None,
) -> np.ndarray:
    """Every code the blocking sources propose (those from ``codes_from`` up to ``codes_to``),
    sorted, repeats and all: counted first, then written into one array, so that the codes are
    held once."""
    n = len(profiles)
    if steps is None:
        steps = fuzzy_steps(profiles, vocab, by_core)
    whole = codes_from <= 0 and codes_to is None
    parts: list[np.ndarray] = []
    for sequence, blocks, d in steps:
        codes = codes_of(*_window(sequence, blocks, d), n)
        if not whole:
            codes = codes[
                (codes >= codes_from) & (codes < (n * n if codes_to is None else codes_to))
            ]
        parts.append(codes)
    found = np.concatenate([np.empty(0, dtype=np.int64), *parts])
    del parts
    found.sort()
    return found


def fuzzy_count(steps: list[Step]) -> int:
    """How many codes (repeats and all) the steps propose."""
    return sum(len(_window(sequence, blocks, d)[0]) for sequence, blocks, d in steps)


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


def fuzzy_pairs(profiles: list[Profile], vocab: Vocabulary) -> Iterator[tuple[int, int]]:
    """The pairs of :func:`fuzzy_codes` as tuples."""
    left, right = np.divmod(fuzzy_codes(profiles, vocab), len(profiles))
    yield from zip(left.tolist(), right.tolist(), strict=True)


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


def tasks(
    profiles: list[Profile],
    vocab: Vocabulary,
    orders: Callable[[], Orders] | None = None,
) -> Iterator[Task]:
    """The distinct candidate pairs in slices: every exact and trusted pair (ungated), then the
    fuzzy pairs that no exact pair repeats (to be gated).

    ``orders`` gives the :func:`blocking_orders` once the exact slices are out (made in a
    worker meanwhile, in the scan); without it they are made then, here. The fuzzy codes are
    made a range of codes at a time, sorted and deduplicated (by a merge against the exact
    codes) a slice at a time: neither all the distinct codes nor a Python object per pair is
    ever held.
    """
    n = len(profiles)
    by_core = core_order(profiles)
    exact = np.union1d(exact_codes(profiles), trusted_codes(profiles, vocab, by_core))
    for start in range(0, len(exact), CHUNK):
        part = exact[start : start + CHUNK]
        yield Task(part, False, len(part), 0)
    steps = fuzzy_steps(profiles, vocab, by_core, orders() if orders else None)
    total = len(exact) + fuzzy_count(steps)
    # The fuzzy codes are made, sorted and deduplicated a range of codes at a time (each range
    # from all the windows again): only a share of the raw codes is held at once.
    parts = max(1, -(-total // RAW_PART))
    bounds = [n * ((n * k) // parts) for k in range(parts + 1)]
    for codes_from, codes_to in zip(bounds, bounds[1:], strict=False):
        raw = raw_fuzzy_codes(
            profiles, vocab, steps=steps, codes_from=codes_from, codes_to=codes_to
        )
        done = 0
        for codes, end in unique_chunks(raw, n, exact):
            yield Task(codes, True, end - done, total)
            done = end
        del raw
    yield Task(np.empty(0, dtype=np.int64), True, 0, total)


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
    left, right = np.divmod(exact_codes(profiles), n)
    seen = set(zip(left.tolist(), right.tolist(), strict=True))
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
    left, right = np.divmod(trusted_codes(profiles, vocab), n)
    yield from zip(left.tolist(), right.tolist(), strict=True)
    # And whatever blocking proposes, so that the reference is never poorer than blocking.
    yield from fuzzy_pairs(profiles, vocab)
