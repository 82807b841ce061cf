"""What is read off the sidebar splitter's dynamic programme: the best path through a label,
where two segmentations differ, and how usual a list finds labels' word counts."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Span = tuple[int, int]
"""A label as the words ``[start, end)`` of the run."""

Links = dict[Span, "Span | None"]


@dataclass(frozen=True)
class Paths:
    """The dynamic programme's tables, to score and rebuild the best path through a label."""

    own: dict[Span, float]
    forward: dict[Span, float]
    backward: dict[Span, float]
    back: Links
    ahead: Links

    def total(self, span: Span) -> float:
        return self.forward[span] + self.backward[span] - self.own[span]

    def total_pair(self, before: Span, after: Span, pair: float) -> float:
        return self.forward[before] + pair + self.backward[after]

    def through(self, before: Span, after: Span | None = None) -> list[Span]:
        """The best segmentation with the label ``before`` (followed by ``after`` if given)."""
        path: list[Span] = []
        current: Span | None = before
        while current is not None:
            path.append(current)
            current = self.back[current]
        path.reverse()
        current = self.ahead[before] if after is None or after == before else after
        while current is not None:
            path.append(current)
            current = self.ahead[current]
        return path


def length_profile(chosen: list[Span]) -> Callable[[Sequence[Span]], float]:
    """Log-likelihood of labels' word counts (1 to 5+) under the counts of the chosen labels."""
    sizes = Counter(min(j - i, 5) for i, j in chosen)
    logp = {size: math.log((sizes[size] + 0.5) / (len(chosen) + 2.5)) for size in range(1, 6)}
    return lambda spans: sum(logp[min(j - i, 5)] for i, j in spans)


def differing_region(chosen: list[Span], other: list[Span]) -> Span | None:
    """The smallest stretch of words, between boundaries both share, where the two differ."""
    mine = {j for _, j in chosen}
    theirs = {j for _, j in other}
    differing = mine ^ theirs
    if not differing:
        return None
    shared = (mine & theirs) | {0}
    low, high = min(differing), max(differing)
    return max(b for b in shared if b < low), min(b for b in shared if b > high)
