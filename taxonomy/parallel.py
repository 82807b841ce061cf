"""Scoring candidate pairs on every core.

The exact scorer is Python; on a large vocabulary it runs in worker processes forked from the
scan, each inheriting the profiles and vocabulary (nothing is pickled but the pair indices and
the scores). Where fork is not available (Windows, macOS defaults) or the job is small, pairs are
scored in the calling process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from types import TracebackType

from taxonomy.match import Matcher

PARALLEL_MIN_PAIRS = 200_000

_MATCHER: Matcher | None = None


def _score_chunk(chunk: Sequence[tuple[int, int]]) -> list[float]:
    matcher = _MATCHER
    assert matcher is not None, "worker started without a matcher"
    return [matcher.score(i, j) for i, j in chunk]


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class BulkScorer:
    """``scores(pairs)`` for batches of pairs, in a pool of forked workers when worth it."""

    def __init__(self, matcher: Matcher, expected_pairs: int) -> None:
        self.matcher = matcher
        self.workers = cores() if expected_pairs >= PARALLEL_MIN_PAIRS else 1
        self._pool: multiprocessing.pool.Pool | None = None

    def __enter__(self) -> BulkScorer:
        global _MATCHER
        if self.workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            _MATCHER = self.matcher
            self._pool = multiprocessing.get_context("fork").Pool(self.workers)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        global _MATCHER
        if self._pool is not None:
            if error is None:
                self._pool.close()
            else:
                self._pool.terminate()
            self._pool.join()
            self._pool = None
        _MATCHER = None

    def scores(self, pairs: Sequence[tuple[int, int]]) -> list[float]:
        if self._pool is None or len(pairs) < 2 * self.workers:
            return [self.matcher.score(i, j) for i, j in pairs]
        size = -(-len(pairs) // (self.workers * 4))
        chunks = [pairs[start : start + size] for start in range(0, len(pairs), size)]
        return [score for part in self._pool.map(_score_chunk, chunks) for score in part]
