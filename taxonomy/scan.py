"""``scan``: find the labels of an inventory that name the same thing.

The steps, each in its own module: profile the labels and learn word weights from the vocabulary
(:mod:`taxonomy.vocabulary`), propose candidate pairs in near-linear time
(:mod:`taxonomy.candidates`), score each candidate (:mod:`taxonomy.match`), group the accepted
pairs into tight stars around a canonical label (:mod:`taxonomy.cluster`), and find splits,
truncations and repairs (:mod:`taxonomy.repairs`).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from taxonomy.candidates import blocking_orders, candidates, exhaustive, pair_codes, tasks
from taxonomy.cluster import Preference, Star, stars
from taxonomy.errors import UsageError
from taxonomy.match import Matcher, Pair
from taxonomy.model import Group, Inventory, Member, ScanResult, Split
from taxonomy.parallel import BulkScorer, PairJob
from taxonomy.repairs import Truncation, find_repairs, find_splits, find_truncations
from taxonomy.vocabulary import Profile, Vocabulary, build

DEFAULT_THRESHOLD = 85.0
TRUNCATION_SCORE = 90.0
NEAR_MISS_MARGIN = 15.0
SCORE_BATCH = 100_000
PAIRS_PER_LABEL = 4  # about how many candidates blocking proposes per label

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ScanOptions:
    """How a scan runs. ``threshold`` (0-100) trades recall for precision."""

    threshold: float = DEFAULT_THRESHOLD
    explain: bool = False
    language: str = "english"
    exhaustive: bool = False  # compare all pairs instead of blocking (quadratic; for measuring)
    distinct: frozenset[frozenset[str]] = frozenset()  # pairs confirmed not to be duplicates
    progress: Progress | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not 0 <= self.threshold <= 100:
            raise UsageError(f"threshold must be between 0 and 100, not {self.threshold:g}")


@dataclass(frozen=True, slots=True)
class Evidence:
    """A compared pair, kept with --explain: accepted, near-missed or vetoed."""

    a: str
    b: str
    score: float
    reason: str
    verdict: str


@dataclass(frozen=True)
class Explained(ScanResult):
    """A scan result with the evidence of every pair that was close to the threshold."""

    evidence: tuple[Evidence, ...] = ()


def scan(inventory: Inventory, options: ScanOptions | None = None) -> ScanResult:
    """Group near-duplicate labels, propose splits, truncation merges and repairs."""
    with collector_paused():
        return _scan(inventory, options or ScanOptions())


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused for the scan: the scan makes millions of small objects
    that hold no cycles, and each full collection walks all of them (at 100k labels the
    collector took about a third of the scan). It runs again, as it was, once the scan is done.
    The CLI also holds it paused while it loads a source and writes the result.

    What was made meanwhile is moved to the oldest generation as the collector resumes (unless
    the caller holds objects frozen, :func:`gc.freeze`): else the first young collection would
    walk all of it (about a second at a million labels)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def _scan(inventory: Inventory, options: ScanOptions) -> ScanResult:
    report = options.progress or (lambda stage, done, total: None)
    counts_by_name: dict[str, int | None] = {}
    for label in inventory.labels:
        if label.name in counts_by_name:
            old = counts_by_name[label.name]
            if old is not None and label.count is not None:
                counts_by_name[label.name] = old + label.count
        else:
            counts_by_name[label.name] = label.count
    names = list(counts_by_name)
    counts = list(counts_by_name.values())
    del counts_by_name
    report("profile", 0, len(names))
    vocab, profiles = build(names, options.language)
    report("profile", len(names), len(names))

    apart = _apart(names, options.distinct)
    matcher = Matcher(profiles, vocab)
    evidence: list[Evidence] = []
    if options.explain or options.exhaustive:
        splits, truncations, excluded = _set_aside(profiles, vocab)
        wanted = (
            (i, j)
            for i, j in _distinct(
                (exhaustive if options.exhaustive else candidates)(profiles, vocab, report),
                options.exhaustive,
            )
            if i not in excluded and j not in excluded and (i, j) not in apart
        )
        if options.explain:
            edges = _explained_edges(wanted, matcher, options.threshold, names, evidence)
        else:
            edges = _scored_edges(wanted, matcher, options.threshold, len(names))
        groups, keys = _grouped(edges, profiles, counts, vocab, truncations, apart, report)
    else:
        splits, truncations, excluded, groups, keys = _blocked(
            profiles, vocab, matcher, counts, apart, options.threshold, report
        )

    members_of: dict[int, list[Member]] = {}
    canonical_of: dict[int, int] = {}
    for star in groups:
        centre = star.canonical
        members_of[centre] = [
            Member(
                names[centre],
                counts[centre],
                100.0,
                canonical_reason(
                    profiles[centre], [profiles[o] for o, _ in star.members], counts, keys, vocab
                ),
            )
        ]
        canonical_of[centre] = centre
        for other, pair in star.members:
            members_of[centre].append(Member(names[other], counts[other], pair.score, pair.reason))
            canonical_of[other] = centre
    for t in truncations:
        centre = canonical_of.get(t.completion, t.completion)
        if centre not in members_of:
            members_of[centre] = [
                Member(names[centre], counts[centre], 100.0, "the complete label")
            ]
            canonical_of[centre] = centre
        others = ", ".join(f"'{names[o]}'" for o in t.others)
        reason = f"looks cut off: completed by '{names[t.completion]}'"
        if others:
            reason += f" (also possible: {others})"
        members_of[centre].append(Member(names[t.index], counts[t.index], TRUNCATION_SCORE, reason))
        canonical_of[t.index] = centre

    result_groups = [
        Group(
            canonical=names[centre],
            score=min(m.score for m in members[1:]),
            members=tuple(members),
        )
        for centre, members in members_of.items()
    ]
    result_groups.sort(key=lambda g: (-len(g.members), -g.score, g.canonical.casefold()))
    lone = {p.index for p in profiles if p.index not in canonical_of and p.index not in excluded}
    repairs = find_repairs(profiles, vocab, lone)
    found = ScanResult(
        source=inventory.source,
        labels=len(names),
        groups=tuple(result_groups),
        splits=tuple(splits),
        repairs=tuple(repairs),
    )
    if options.explain:
        evidence.sort(key=lambda e: (-e.score, e.a, e.b))
        return Explained(**vars(found), evidence=tuple(evidence))
    return found


def _apart(names: list[str], distinct: frozenset[frozenset[str]]) -> set[tuple[int, int]]:
    """The pairs (i < j) of labels confirmed distinct."""
    if not distinct:
        return set()
    position = {name: k for k, name in enumerate(names)}
    return {
        (min(position[a], position[b]), max(position[a], position[b]))
        for a, b in (tuple(pair) for pair in distinct if len(pair) == 2)
        if a in position and b in position
    }


def _blocked(
    profiles: list[Profile],
    vocab: Vocabulary,
    matcher: Matcher,
    counts: list[int | None],
    apart: set[tuple[int, int]],
    threshold: float,
    report: Progress,
) -> tuple[list[Split], list[Truncation], set[int], list[Star], Preference]:
    """Splits, truncations, the labels they set aside, and the groups of the candidates of
    blocking: the workers make the blocking orders and find the splits and truncations, then
    gate and score the slices of candidates this process makes; then the groups are made, and
    the reasons of their members (only those need one) put into words on every core."""
    n = len(profiles)
    no_label_left_out = np.zeros(n, dtype=bool)  # splits and truncations: dropped from edges
    job = PairJob(matcher, threshold, no_label_left_out, pair_codes(apart, n))
    with BulkScorer(matcher, expected_pairs=n * PAIRS_PER_LABEL, job=job) as scorer:
        # In workers, as soon as they have filled their arrays: the orders the fuzzy pairs are
        # taken along, which this process needs once the exact pairs are sent, then the splits
        # and truncations, needed only at the end.
        orders = scorer.apply(blocking_orders)
        set_aside = scorer.apply(_set_aside)
        scored: list[tuple[int, int, float]] = []
        done = 0
        for accepted, _, task in scorer.accepted(tasks(profiles, vocab, orders)):
            scored.extend(accepted)
            done += task.weight
            if task.total:
                report("candidates", done, task.total)
        splits, truncations, excluded = set_aside()
    edges = [
        (i, j, Pair(score, "")) for i, j, score in scored if i not in excluded and j not in excluded
    ]
    del scored
    groups, keys = _grouped(edges, profiles, counts, vocab, truncations, apart, report)
    # Only the members of the groups need a reason: put into words on every core, by workers
    # forked anew (the scoring workers, gone, would have held their caches through grouping).
    wanted = [_pair(star.canonical, other) for star in groups for other, _ in star.members]
    with BulkScorer(matcher, expected_pairs=n * PAIRS_PER_LABEL) as scorer:
        explained = dict(zip(wanted, scorer.compared(wanted), strict=True))
    groups = [
        Star(
            star.canonical,
            tuple((other, explained[_pair(star.canonical, other)]) for other, _ in star.members),
        )
        for star in groups
    ]
    return splits, truncations, excluded, groups, keys


def _pair(i: int, j: int) -> tuple[int, int]:
    return (i, j) if i < j else (j, i)


def _grouped(
    edges: list[tuple[int, int, Pair]],
    profiles: list[Profile],
    counts: list[int | None],
    vocab: Vocabulary,
    truncations: list[Truncation],
    apart: set[tuple[int, int]],
    report: Progress,
) -> tuple[list[Star], Preference]:
    """The accepted pairs grouped into stars, and the preference that chose their centres."""
    report("group", 0, len(edges))
    keys = Preference(profiles, counts, vocab, {t.index for t in truncations})
    groups = stars(edges, keys, apart)
    report("group", len(edges), len(edges))
    return groups, keys


def _set_aside(
    profiles: list[Profile], vocab: Vocabulary
) -> tuple[list[Split], list[Truncation], set[int]]:
    """Splits and truncations, and the labels they set aside from pairing."""
    splits = find_splits(profiles, vocab)
    truncations = find_truncations(profiles, vocab)
    split_names = {split.label for split in splits}
    excluded = {t.index for t in truncations} | {
        p.index for p in profiles if p.label in split_names
    }
    return splits, truncations, excluded


def _explained_edges(
    pairs: Iterable[tuple[int, int]],
    matcher: Matcher,
    threshold: float,
    names: list[str],
    evidence: list[Evidence],
) -> list[tuple[int, int, Pair]]:
    """Every pair compared with its reason; the evidence of those near the threshold kept."""
    edges: list[tuple[int, int, Pair]] = []
    low = threshold - NEAR_MISS_MARGIN
    for i, j in pairs:
        pair = matcher.compare(i, j)
        if pair.score >= threshold:
            edges.append((i, j, pair))
            verdict = "merged"
        else:
            verdict = "vetoed" if pair.vetoed else "below threshold"
        if pair.vetoed or pair.score >= low:
            evidence.append(Evidence(names[i], names[j], pair.score, pair.reason, verdict))
    return edges


def _scored_edges(
    pairs: Iterable[tuple[int, int]], matcher: Matcher, threshold: float, labels: int
) -> list[tuple[int, int, Pair]]:
    """The accepted pairs of a stream of pairs, scored in batches (on every core if large)."""
    edges: list[tuple[int, int, Pair]] = []
    with BulkScorer(matcher, expected_pairs=labels * PAIRS_PER_LABEL) as scorer:
        for batch in _batched(pairs, SCORE_BATCH):
            for (i, j), score in zip(batch, scorer.scores(batch), strict=True):
                if score >= threshold:
                    edges.append((i, j, matcher.compare(i, j)))
    return edges


def _distinct(pairs: Iterable[tuple[int, int]], check: bool) -> Iterator[tuple[int, int]]:
    """The pairs once each: blocking yields each once already; the reference may repeat."""
    if not check:
        yield from pairs
        return
    seen: set[tuple[int, int]] = set()
    for pair in pairs:
        if pair not in seen:
            seen.add(pair)
            yield pair


def _batched(items: Iterable[tuple[int, int]], size: int) -> Iterator[list[tuple[int, int]]]:
    batch: list[tuple[int, int]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def canonical_reason(
    chosen: Profile,
    others: list[Profile],
    counts: list[int | None],
    keys: Preference,
    vocab: Vocabulary,
) -> str:
    """Why the canonical label beat the best of the others, from the first deciding criterion."""
    runner = min(others, key=lambda p: keys[p.index])
    mine, theirs = keys[chosen.index], keys[runner.index]
    decided = next((k for k in range(len(mine)) if mine[k] != theirs[k]), len(mine))
    if decided == 0:
        return "the complete label"
    if decided == 1:
        return f"most used ({counts[chosen.index]} vs {counts[runner.index] or 0})"
    if decided == 2:
        return "uses the usual name"
    if decided == 3:
        return "written the way most labels are (capitals and punctuation)"
    if decided == 4:
        ours = [t for t in chosen.terms if t not in runner.terms]
        theirs_terms = [t for t in runner.terms if t not in chosen.terms]
        if ours and theirs_terms:
            return (
                f"follows the vocabulary's usual wording: '{ours[0]}' is in "
                f"{vocab.df[ours[0]]} labels, '{theirs_terms[0]}' in {vocab.df[theirs_terms[0]]}"
            )
        if ours:
            return (
                f"follows the vocabulary's usual wording: '{ours[0]}' is in "
                f"{vocab.df[ours[0]]} labels"
            )
        return "follows the vocabulary's usual wording"
    if decided == 5:
        return "the most complete form"
    return "first in alphabetical order (a tie)"
