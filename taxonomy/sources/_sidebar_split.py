"""Recover label boundaries in a sidebar run: labels that ran together, separated by single spaces.

A category widget lists its labels in case-insensitive alphabetical order; a capture that lost
the line breaks keeps only the words. :func:`segment` chooses the most plausible segmentation by
dynamic programming over the gaps between words (labels of at most ``MAX_WORDS`` words).

Hard constraint
    Consecutive labels are non-decreasing under ``str.casefold`` (how Blogger and WordPress
    sort); when the run has accented letters, the order that ignores accents (WordPress's
    collation) is tried too and the better-scoring one kept. If no segmentation respects the
    order, or one paying ``ORDER_PENALTY`` (8) per pair out of order scores ``UNSORTED_MARGIN``
    (8) better, the run is taken as unsorted (a widget sorted by use): order is ignored and a
    note says so.

Learned from the run itself (nothing here names a word of any language)
    *Proven joins*: the gaps where the order constraint alone rules out a boundary (in
    ``Travel and Food Travel and Music`` no label can start at ``and``).
    *Connectors* (``and``, ``of``, ``und``, ``et`` ...): words never capitalised, seen at least
    twice, proven not to start a label at least half the time, and either proven not to end one
    at least half the time or, in a capitalised list, at most three letters long. Tokens without
    letters or digits (``&``, ``-``) are connectors too.
    Function words of the rest of the page (``_sidebar_words.function_words``) are connectors.
    *Common first words*: words that could start a label in two or more places.
    *Proven pairs*: two words proven to belong to one label somewhere are joined at no cost
    wherever they meet again (``Development Bank``).
    *Case style*: capitals mark label starts when at least 30% of the cased words have one; the
    list is in title or sentence case (a lower-case word continues a label) unless lower-case
    words follow each other more than half the time. Otherwise (lower-case tags, or scripts
    without case such as Chinese or Korean) case is ignored: order does the work and more
    places are reported as ambiguous.

Score (higher is more plausible; a sum over labels, plus a term for each pair of neighbours)
    -1 per label; a further -0.5 for 3 words, -0.75 for 4, and -3 more per word beyond 4.
    Each word inside a label, by the word before it: nothing after a connector or in a proven
    pair; else -2 for a capitalised word (-3.5 after a lower-case word); nothing for a
    lower-case word in title/sentence case; -2 for any other word (caseless, or case ignored).
    A label's first word: -3 if lower-case in title/sentence case; -5 if a connector; +0.75
    if a common first word seen twice, +1.5 if seen three times or more. Its last word: -5 if a
    connector; -2 if a capitalised two-letter word (``An``, ``Le``: articles, not labels).
    Neighbours: +1.5 per character beyond the first that a label shares with the previous one,
    up to 3 (neighbours in a sorted list share prefixes). So two capitalised words are split
    where the order allows it (-1 for a new label against -2 for an inner capital), and a
    lower-case word stays with the label before it.

Ambiguities
    For every gap, the best segmentation making the other choice there (a boundary or none) is
    compared with the chosen one. The difference is raised, never lowered, by 0.5 x how much
    less likely the alternative's word counts are under the word counts of the chosen labels
    (so a list of one-word labels does not report every pair as a possible two-word label).
    Below ``AMBIGUITY_MARGIN`` (1.5) the place is reported: ``chose "Ivanhoe" + "Mines";
    "Ivanhoe Mines" is nearly as plausible (score 1.0 lower)``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from taxonomy.normalize import fold
from taxonomy.sources._sidebar_paths import Links, Paths, Span, differing_region, length_profile
from taxonomy.sources._sidebar_words import is_two_letter_word, lower_runs, shape

MAX_WORDS = 12
LABEL_COST = 1.0
LENGTH_COST = (0.0, 0.0, 0.0, 0.5, 0.75)  # by word count; beyond: LONG_LABEL more per word
LONG_LABEL = 3.0
CAP_INNER = 2.0
CAP_AFTER_LOWER = 1.5
UNCASED_INNER = 2.0
LOWER_START = 3.0
CONNECTOR_EDGE = 5.0
SHORT_END = 2.0
COMMON_START = 1.5
SHARED_PREFIX = 1.5
SHARED_PREFIX_CAP = 3
ORDER_PENALTY = 8.0
AMBIGUITY_MARGIN = 1.5
PROFILE_WEIGHT = 0.5
PROFILE_MIN = 10
UNSORTED_MARGIN = 8.0
CASED_SHARE = 0.3
LOWER_RUN_SHARE = 0.5
SHORT_CONNECTOR = 3

_INF = float("inf")
_NEG = -_INF


@dataclass(frozen=True)
class Segmentation:
    """The chosen labels, and messages for the places where another split was nearly as good."""

    labels: tuple[str, ...]
    ambiguities: tuple[str, ...] = ()
    in_order: bool = True


def segment(words: Sequence[str], function_words: Iterable[str] = ()) -> Segmentation:
    """Split a run of words into labels; see the module docstring for the scoring.

    ``function_words`` (lower case), such as :func:`._sidebar_words.function_words` finds in
    the rest of a captured page, are connectors too wherever the run never capitalises them.
    """
    if len(words) <= 1:
        return Segmentation(tuple(words))
    orders: list[Callable[[str], str]] = [str.casefold]
    if any(fold(word) != word.casefold() for word in words):
        orders.append(fold)
    hints = frozenset(function_words)
    splitters = [_Splitter(list(words), order, hints) for order in orders]
    tried = [(splitter, *splitter.run()) for splitter in splitters if splitter.learn()]
    if tried:
        splitter, found, total = max(tried, key=lambda attempt: attempt[2])
        if splitter.relaxed_total() <= total + UNSORTED_MARGIN:
            return found
    unsorted = _Splitter(list(words), str.casefold, hints, order_penalty=0.0)
    unsorted.learn()
    found, _ = unsorted.run()
    note = (
        "the run is not in alphabetical order (a widget sorted by use?), so label boundaries "
        "rest on capitals and word counts alone"
    )
    return Segmentation(found.labels, (note, *found.ambiguities), in_order=False)


class _Splitter:
    def __init__(
        self,
        words: list[str],
        order: Callable[[str], str],
        hints: frozenset[str],
        *,
        order_penalty: float = _INF,
    ) -> None:
        self.words = words
        self.n = len(words)
        self.keys = [order(word) for word in words]
        self.shapes = [shape(word) for word in words]
        cased = [kind for kind in self.shapes if kind in ("upper", "lower")]
        uppers = sum(kind == "upper" for kind in cased)
        self.capitals = bool(cased) and uppers >= CASED_SHARE * len(cased)
        self.sentence_case = self.capitals and lower_runs(self.shapes) < LOWER_RUN_SHARE
        self.order_penalty = order_penalty
        self.hints = hints
        self.connectors: set[str] = set()
        self.start_counts: Counter[str] = Counter()
        self.proven_pairs: set[tuple[str, str]] = set()
        self._key_cache: dict[Span, str] = {}

    def key(self, span: Span) -> str:
        cached = self._key_cache.get(span)
        if cached is None:
            cached = self._key_cache[span] = " ".join(self.keys[span[0] : span[1]])
        return cached

    def starts_before(self, j: int) -> range:
        """Start indexes of the labels that can end at ``j``."""
        return range(max(0, j - MAX_WORDS), j)

    def ends_after(self, i: int) -> range:
        """End indexes of the labels that can start at ``i``."""
        return range(i + 1, min(self.n, i + MAX_WORDS) + 1)

    # -- learning from the run ---------------------------------------------------------------

    def learn(self) -> bool:
        """Learn from the run; False when no segmentation respects the order."""
        hard = self.order_penalty == _INF
        splittable = self._splittable_gaps() if hard else [True] * (self.n + 1)
        if splittable is None:
            return False
        seen: Counter[str] = Counter()
        not_first: Counter[str] = Counter()
        not_last: Counter[str] = Counter()
        capitalised = {
            key for key, kind in zip(self.keys, self.shapes, strict=True) if kind == "upper"
        }
        for pos, key in enumerate(self.keys):
            seen[key] += 1
            if self.shapes[pos] == "symbol":
                self.connectors.add(key)
            if pos > 0 and not splittable[pos]:
                not_first[key] += 1
                self.proven_pairs.add((self.keys[pos - 1], key))
            elif self.can_start(pos):
                self.start_counts[key] += 1
            if pos + 1 < self.n and not splittable[pos + 1]:
                not_last[key] += 1
        for key, count in seen.items():
            if key in capitalised:
                continue
            if key in self.hints:
                self.connectors.add(key)
            if count < 2 or not_first[key] * 2 < count:
                continue
            short = self.capitals and sum(ch.isalpha() for ch in key) <= SHORT_CONNECTOR
            if short or not_last[key] * 2 >= count:
                self.connectors.add(key)
        return True

    def _splittable_gaps(self) -> list[bool] | None:
        """For each gap, whether some order-respecting segmentation has a boundary there;
        None when no segmentation respects the order."""
        n = self.n
        # lowest key of a label ending at j that the words before allow; highest key of a
        # label starting at i that the words after allow (None: no such label)
        low_end: list[str | None] = [None] * (n + 1)
        for j in range(1, n + 1):
            for i in self.starts_before(j):
                key, before, current = self.key((i, j)), low_end[i], low_end[j]
                if (i == 0 or (before is not None and before <= key)) and (
                    current is None or key < current
                ):
                    low_end[j] = key
        high_start: list[str | None] = [None] * (n + 1)
        for i in range(n - 1, -1, -1):
            for j in self.ends_after(i):
                key, after, current = self.key((i, j)), high_start[j], high_start[i]
                if (j == n or (after is not None and key <= after)) and (
                    current is None or key > current
                ):
                    high_start[i] = key
        if high_start[0] is None or low_end[n] is None:
            return None
        gaps = [True] * (n + 1)
        for gap in range(1, n):
            low, high = low_end[gap], high_start[gap]
            gaps[gap] = low is not None and high is not None and low <= high
        return gaps

    # -- scoring -----------------------------------------------------------------------------

    def can_start(self, pos: int) -> bool:
        return not (self.sentence_case and self.shapes[pos] == "lower")

    def inner_cost(self, pos: int) -> float:
        """What continuing a label with the word at ``pos`` costs (starting one costs 1)."""
        before = self.keys[pos - 1]
        if before in self.connectors or (before, self.keys[pos]) in self.proven_pairs:
            return 0.0
        kind = self.shapes[pos]
        if kind == "upper" and self.capitals:
            return CAP_INNER + (CAP_AFTER_LOWER if self.shapes[pos - 1] == "lower" else 0.0)
        if kind == "lower" and self.sentence_case:
            return 0.0
        return UNCASED_INNER

    def label_score(self, span: Span) -> float:
        i, j = span
        size = j - i
        score = -LABEL_COST - LENGTH_COST[min(size, len(LENGTH_COST) - 1)]
        score -= LONG_LABEL * max(0, size - len(LENGTH_COST) + 1)
        score -= sum(self.inner_cost(pos) for pos in range(i + 1, j))
        first = self.keys[i]
        if first in self.connectors:
            score -= CONNECTOR_EDGE
        elif not self.can_start(i):
            score -= LOWER_START
        starts = self.start_counts[first]
        if starts >= 2:
            score += COMMON_START * min(1.0, (starts - 1) / 2)
        if self.keys[j - 1] in self.connectors:
            score -= CONNECTOR_EDGE
        if self.capitals and is_two_letter_word(self.words[j - 1]):
            score -= SHORT_END
        return score

    def pair_score(self, before: Span, after: Span) -> float:
        left, right = self.key(before), self.key(after)
        score = 0.0
        if left > right:
            if self.order_penalty == _INF:
                return _NEG
            score -= self.order_penalty
        shared = 0
        for a, b in zip(left, right, strict=False):
            if a != b:
                break
            shared += 1
        return score + SHARED_PREFIX * min(max(0, shared - 1), SHARED_PREFIX_CAP)

    # -- dynamic programming -----------------------------------------------------------------

    def _forward(self) -> tuple[list[Span], dict[Span, float], dict[Span, float], Links]:
        """Every label's own score; the best score of the words up to a label's end with it
        as the last label, and the label before it on that best path."""
        spans = [(i, j) for j in range(1, self.n + 1) for i in self.starts_before(j)]
        own = {span: self.label_score(span) for span in spans}
        forward: dict[Span, float] = {}
        back: Links = {}
        for i, j in spans:
            best, best_prev = (0.0, None) if i == 0 else (_NEG, None)
            for k in self.starts_before(i) if i else ():
                total = forward[(k, i)] + self.pair_score((k, i), (i, j))
                if total > best:
                    best, best_prev = total, (k, i)
            forward[(i, j)], back[(i, j)] = best + own[(i, j)], best_prev
        return spans, own, forward, back

    def relaxed_total(self) -> float:
        """The best score when the order is only a penalty, with what was learned under it."""
        self.order_penalty, hard = ORDER_PENALTY, self.order_penalty
        forward = self._forward()[2]
        self.order_penalty = hard
        return max(forward[(i, self.n)] for i in self.starts_before(self.n))

    def run(self) -> tuple[Segmentation, float]:
        """The best segmentation and its score (minus infinity if the order rules all out)."""
        spans, own, forward, back = self._forward()
        # backward[s]: best score of the words from s's start, s being the first label
        backward: dict[Span, float] = {}
        ahead: Links = {}
        for i, j in sorted(spans, reverse=True):
            best, best_next = (0.0, None) if j == self.n else (_NEG, None)
            for m in reversed(self.ends_after(j)) if j < self.n else ():
                total = self.pair_score((i, j), (j, m)) + backward[(j, m)]
                if total > best:
                    best, best_next = total, (j, m)
            backward[(i, j)], ahead[(i, j)] = best + own[(i, j)], best_next
        paths = Paths(own, forward, backward, back, ahead)
        # read from the start; on a tie, the longer label first (here and in ``ahead``)
        first = max(reversed(self.ends_after(0)), key=lambda j: backward[(0, j)])
        chosen = paths.through((0, first))
        total = backward[(0, first)]
        notes = self._ambiguities(chosen, total, paths) if total > _NEG else []
        labels = tuple(self._text(span) for span in chosen)
        return Segmentation(labels, tuple(notes)), total

    def _ambiguities(self, chosen: list[Span], best: float, paths: Paths) -> list[str]:
        """Messages for the gaps where the other choice scores nearly as well."""
        boundaries = {j for _, j in chosen}
        found: dict[tuple[Span, tuple[Span, ...]], float] = {}
        for gap in range(1, self.n):
            if gap in boundaries:  # the best segmentation with a label across the gap
                candidates = [
                    (paths.total((i, j)), (i, j), (i, j))
                    for i in range(max(0, gap - MAX_WORDS + 1), gap)
                    for j in range(gap + 1, min(self.n, i + MAX_WORDS) + 1)
                ]
            else:  # the best with a boundary at the gap
                candidates = [
                    (paths.total_pair(before, after, self.pair_score(before, after)), before, after)
                    for before in ((i, gap) for i in self.starts_before(gap))
                    for after in ((gap, k) for k in self.ends_after(gap))
                ]
            total, before, after = max(candidates)
            if total <= best - AMBIGUITY_MARGIN:
                continue
            other = paths.through(before, after)
            region = differing_region(chosen, other)
            if region is not None:
                alternative = tuple(s for s in other if region[0] <= s[0] < region[1])
                found.setdefault((region, alternative), best - total)
        profile = length_profile(chosen) if len(chosen) >= PROFILE_MIN else (lambda spans: 0.0)
        messages = []
        for ((start, end), alternative), lower in sorted(found.items()):
            picked = [s for s in chosen if start <= s[0] < end]
            lower += PROFILE_WEIGHT * max(0.0, profile(picked) - profile(alternative))
            if lower < AMBIGUITY_MARGIN:
                messages.append(
                    f"chose {self._show(picked)}; {self._show(alternative)} is nearly as "
                    f"plausible (score {lower:.1f} lower)"
                )
        return messages

    def _text(self, span: Span) -> str:
        return " ".join(self.words[span[0] : span[1]])

    def _show(self, spans: Sequence[Span]) -> str:
        return " + ".join(f'"{self._text(span)}"' for span in spans)
