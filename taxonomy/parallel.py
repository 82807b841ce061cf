"""Scoring candidate pairs on every core.

The exact scorer is Python; on a large vocabulary it runs in worker processes forked from the
scan, each inheriting the profiles, the vocabulary and the bulk filter's arrays (nothing is
pickled but slices of pair codes one way and the accepted pairs the other). A worker takes a
slice of candidate codes, drops the pairs the scan leaves out, applies the bulk filter and scores
what passes, so the parent only makes the slices; whole steps that need only the profiles and
the vocabulary can run in a worker too (:meth:`BulkScorer.apply`). Once the groups are made, the
workers also put into words why each member is in its group. Where fork is not available
(Windows, macOS defaults) or the job is small, the same work runs in the calling process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import TracebackType
from typing import TypeVar

import numpy as np

from taxonomy.bound import ScoreBound
from taxonomy.candidates import Task
from taxonomy.gate import Gate, StemVectors
from taxonomy.keys import KeyNumbers, share
from taxonomy.match import Matcher, Pair, make_bag
from taxonomy.vocabulary import Profile, Vocabulary

PARALLEL_MIN_PAIRS = 200_000
PREPARE_BLOCK = 1 << 15  # labels whose bags are held at a time while preparing

Scored = tuple[int, int, float]
Found = TypeVar("Found")

_MATCHER: Matcher | None = None
_JOB: PairJob | None = None


class PairJob:
    """Turns a slice of candidate codes into accepted pairs: leaves out the pairs with an
    ``excluded`` label or confirmed ``apart`` (sorted codes), gates the rest if the slice asks
    for it (:mod:`taxonomy.gate`), drops those whose score cannot reach the threshold
    (:mod:`taxonomy.bound`), and scores the others.

    The arrays of the gate and the bound are made empty here, in memory that forked workers
    share, and filled by :meth:`prepare`, a share of the labels per worker, while the scan
    makes the candidates."""

    def __init__(
        self, matcher: Matcher, threshold: float, excluded: np.ndarray, apart: np.ndarray
    ) -> None:
        self.matcher = matcher
        self.threshold = threshold
        self.excluded = excluded  # one bool per label
        self.apart = apart  # sorted codes i*n+j
        n = len(matcher.profiles)
        self.numbers = KeyNumbers(matcher.vocab)
        self.gate = Gate(matcher.profiles, matcher.vocab, StemVectors(n))
        self.bound = ScoreBound(n, self.numbers)

    def prepare(self, labels: range) -> None:
        """Fill the gate's and the bound's arrays for these labels, from their bags, made a
        block at a time; the scorer keeps them (as many as its cache holds)."""
        matcher = self.matcher
        profiles, vocab = matcher.profiles, matcher.vocab
        known: dict[str, float] = {}
        for start in range(labels.start, labels.stop, PREPARE_BLOCK):
            block = profiles[start : min(start + PREPARE_BLOCK, labels.stop)]
            bags = [make_bag(p, vocab, known) for p in block]
            self.gate.vectors.fill(bags, start, self.numbers)
            self.bound.fill(profiles, bags, start, vocab, self.numbers)
            matcher.keep(range(start, start + len(bags)), bags)
        # What the fills remembered of each key is not needed once the arrays are written.
        self.gate.vectors.forget()
        self.bound.forget()

    def __call__(
        self, codes: np.ndarray, gated: bool, workers: int = 1
    ) -> tuple[list[Scored], int]:
        """The accepted pairs of a slice with their scores, and how many pairs were scored."""
        n = len(self.excluded)
        if len(self.apart):
            at = np.minimum(np.searchsorted(self.apart, codes), len(self.apart) - 1)
            codes = codes[self.apart[at] != codes]
        left, right = np.divmod(codes, n)
        keep = ~(self.excluded[left] | self.excluded[right])
        if gated:
            keep[keep] = self.gate(left[keep], right[keep], workers)
            keep[keep] = self.bound(left[keep], right[keep], self.threshold)
        left, right = left[keep], right[keep]
        score, threshold = self.matcher.score, self.threshold
        accepted = [
            (i, j, found)
            for i, j in zip(left.tolist(), right.tolist(), strict=True)
            if (found := score(i, j)) >= threshold
        ]
        return accepted, len(left)


def _score_chunk(chunk: Sequence[tuple[int, int]]) -> list[float]:
    matcher = _MATCHER
    assert matcher is not None, "worker started without a matcher"
    return [matcher.score(i, j) for i, j in chunk]


def _compare_chunk(chunk: Sequence[tuple[int, int]]) -> list[Pair]:
    matcher = _MATCHER
    assert matcher is not None, "worker started without a matcher"
    return [matcher.compare(i, j) for i, j in chunk]


def _prepare(labels: range) -> None:
    job = _JOB
    assert job is not None, "worker started without a job"
    job.prepare(labels)


def _apply(function: Callable[[list[Profile], Vocabulary], Found]) -> Found:
    matcher = _MATCHER
    assert matcher is not None, "worker started without a matcher"
    return function(matcher.profiles, matcher.vocab)


def _run_task(task: tuple[np.ndarray, bool]) -> tuple[list[Scored], int]:
    job = _JOB
    assert job is not None, "worker started without a job"
    return job(*task)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class BulkScorer:
    """``scores(pairs)`` and ``compared(pairs)`` for batches of pairs, and ``accepted(tasks)``
    for slices of candidate codes (with a ``job``), in a pool of forked workers when worth
    it."""

    def __init__(self, matcher: Matcher, expected_pairs: int, job: PairJob | None = None) -> None:
        self.matcher = matcher
        self.job = job
        self.workers = cores() if expected_pairs >= PARALLEL_MIN_PAIRS else 1
        self._pool: multiprocessing.pool.Pool | None = None
        self._prepared: list[multiprocessing.pool.AsyncResult[None]] = []

    def __enter__(self) -> BulkScorer:
        global _MATCHER, _JOB
        if self.workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            _MATCHER, _JOB = self.matcher, self.job
            self._pool = multiprocessing.get_context("fork").Pool(self.workers)
            if self.job is not None:  # the workers fill the job's arrays first, a share each
                n = len(self.matcher.profiles)
                self._prepared = [
                    self._pool.apply_async(_prepare, (labels,)) for labels in share(self.workers, n)
                ]
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        global _MATCHER, _JOB
        if self._pool is not None:
            if error is None:
                self._pool.close()
            else:
                self._pool.terminate()
            self._pool.join()
            self._pool = None
        _MATCHER, _JOB = None, None

    def scores(self, pairs: Sequence[tuple[int, int]]) -> list[float]:
        if self._pool is None or len(pairs) < 2 * self.workers:
            return [self.matcher.score(i, j) for i, j in pairs]
        size = -(-len(pairs) // (self.workers * 4))
        chunks = [pairs[start : start + size] for start in range(0, len(pairs), size)]
        return [score for part in self._pool.map(_score_chunk, chunks) for score in part]

    def compared(self, pairs: Sequence[tuple[int, int]]) -> list[Pair]:
        """``Matcher.compare`` of each pair (the score with its reason), in order."""
        if self._pool is None or len(pairs) < 2 * self.workers:
            return [self.matcher.compare(i, j) for i, j in pairs]
        size = -(-len(pairs) // (self.workers * 4))
        chunks = [pairs[start : start + size] for start in range(0, len(pairs), size)]
        return [pair for part in self._pool.map(_compare_chunk, chunks) for pair in part]

    def apply(self, function: Callable[[list[Profile], Vocabulary], Found]) -> Callable[[], Found]:
        """Start ``function(profiles, vocabulary)`` in a worker (queued after the filling of the
        job's arrays) and return what waits for its result: the scanning process's own work
        (making the candidates) then has its core to itself. Without workers it runs here, at
        once. ``function`` must be a module's own (it is sent by name)."""
        if self._pool is None:
            found = function(self.matcher.profiles, self.matcher.vocab)
            return lambda: found
        return self._pool.apply_async(_apply, (function,)).get

    def accepted(self, tasks: Iterable[Task]) -> Iterator[tuple[list[Scored], int, Task]]:
        """Per slice, in order: its accepted pairs (i, j, score), how many pairs were scored,
        and the slice (without its codes, once sent to a worker).

        With workers, the work starts at once, before the first result is asked for: the
        slices are made (in a thread of the pool) while the workers score the earlier ones, and
        the pool's pipe holds only a few slices at a time."""
        job = self.job
        assert job is not None, "accepted() needs a job"
        n = len(self.matcher.profiles)
        if self._pool is None:
            job.prepare(range(n))
            return ((*job(task.codes, task.gated, workers=-1), task) for task in tasks)
        pool, prepared = self._pool, self._prepared
        sent: list[Task] = []

        def send() -> Iterator[tuple[np.ndarray, bool]]:
            ready = False
            for task in tasks:
                if task.gated and not ready:
                    for share_done in prepared:  # the gate's arrays are whole
                        share_done.get()
                    ready = True
                sent.append(Task(EMPTY, task.gated, task.weight, task.total))
                yield task.codes, task.gated

        results = pool.imap(_run_task, send())
        return ((edges, scored, sent[k]) for k, (edges, scored) in enumerate(results))


EMPTY = np.empty(0, dtype=np.int64)
