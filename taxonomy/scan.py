"""``scan``: find the labels of an inventory that name the same thing.

The steps, each in its own module: profile the labels and learn word weights from the vocabulary
(:mod:`taxonomy.vocabulary`), propose candidate pairs in near-linear time
(:mod:`taxonomy.candidates`), score each candidate (:mod:`taxonomy.match`), group the accepted
pairs into tight stars around a canonical label (:mod:`taxonomy.cluster`), and find splits,
truncations and repairs (:mod:`taxonomy.repairs`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from taxonomy.candidates import candidates, exhaustive
from taxonomy.cluster import Preference, stars
from taxonomy.errors import UsageError
from taxonomy.match import Matcher, Pair
from taxonomy.model import Group, Inventory, Member, ScanResult
from taxonomy.parallel import BulkScorer
from taxonomy.repairs import find_repairs, find_splits, find_truncations
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
    options = options or ScanOptions()
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
    counts = [counts_by_name[name] for name in names]
    report("profile", 0, len(names))
    vocab, profiles = build(names, options.language)
    report("profile", len(names), len(names))

    splits = find_splits(profiles, vocab)
    split_names = {split.label for split in splits}
    truncations = find_truncations(profiles, vocab)
    truncated = {t.index for t in truncations}
    excluded = truncated | {p.index for p in profiles if p.label in split_names}

    position = {name: k for k, name in enumerate(names)}
    apart = {
        (min(position[a], position[b]), max(position[a], position[b]))
        for a, b in (tuple(pair) for pair in options.distinct if len(pair) == 2)
        if a in position and b in position
    }
    matcher = Matcher(profiles, vocab)
    edges: list[tuple[int, int, Pair]] = []
    evidence: list[Evidence] = []
    pairs = (exhaustive if options.exhaustive else candidates)(profiles, vocab, report)
    wanted = (
        (i, j)
        for i, j in _distinct(pairs, options.exhaustive)
        if i not in excluded and j not in excluded and (i, j) not in apart
    )
    if options.explain:
        low = options.threshold - NEAR_MISS_MARGIN
        for i, j in wanted:
            pair = matcher.compare(i, j)
            if pair.score >= options.threshold:
                edges.append((i, j, pair))
                verdict = "merged"
            else:
                verdict = "vetoed" if pair.vetoed else "below threshold"
            if pair.vetoed or pair.score >= low:
                evidence.append(Evidence(names[i], names[j], pair.score, pair.reason, verdict))
    else:
        with BulkScorer(matcher, expected_pairs=len(names) * PAIRS_PER_LABEL) as scorer:
            for batch in _batched(wanted, SCORE_BATCH):
                for (i, j), score in zip(batch, scorer.scores(batch), strict=True):
                    if score >= options.threshold:
                        edges.append((i, j, matcher.compare(i, j)))
    report("group", 0, len(edges))
    keys = Preference(profiles, counts, vocab, truncated)
    groups = stars(edges, keys, apart)
    report("group", len(edges), len(edges))

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
