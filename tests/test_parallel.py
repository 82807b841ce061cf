"""Scoring in forked workers gives exactly what scoring in one process gives."""

from __future__ import annotations

import multiprocessing

import numpy as np
import pytest

from taxonomy import candidates, load, parallel
from taxonomy.match import Matcher
from taxonomy.parallel import BulkScorer, PairJob
from taxonomy.scan import ScanOptions, scan
from taxonomy.vocabulary import build


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this platform"
)
def test_workers_score_like_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    names = load().names
    vocab, profiles = build(names)
    pairs = [(i, j) for i in range(40) for j in range(i + 1, len(names))]
    serial = [Matcher(profiles, vocab).score(i, j) for i, j in pairs]
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    with BulkScorer(Matcher(profiles, vocab), expected_pairs=parallel.PARALLEL_MIN_PAIRS) as bulk:
        assert bulk.workers == 2
        assert bulk.scores(pairs) == serial


def test_scan_with_workers_finds_the_same_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    inventory = load()
    expected = scan(inventory)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_PAIRS", 1)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    assert scan(inventory) == expected


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this platform"
)
def test_workers_given_small_slices_group_like_one_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Many slices, each gated, scored and explained in a worker; pairs confirmed apart and
    # labels left out (splits, truncations) are dropped in the workers too.
    inventory = load()
    distinct = frozenset({frozenset({"Mongolia and US", "Mongolia and USA"})})
    options = ScanOptions(distinct=distinct)
    expected = scan(inventory, options)
    monkeypatch.setattr(candidates, "CHUNK", 64)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_PAIRS", 1)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    found = scan(inventory, options)
    assert found == expected
    assert all(
        {"Mongolia and US", "Mongolia and USA"} - {m.label for m in g.members} for g in found.groups
    )


def test_pair_job_drops_left_out_labels_and_apart_pairs_before_scoring() -> None:
    names = ["Travel", "travel", "Travels", "Cooking"]
    vocab, profiles = build(names)
    matcher = Matcher(profiles, vocab)
    n = len(names)
    codes = np.array([0 * n + 1, 0 * n + 2, 1 * n + 2], dtype=np.int64)
    left_out = np.zeros(n, dtype=bool)
    job = PairJob(matcher, 85.0, left_out, np.empty(0, dtype=np.int64))
    accepted, scored = job(codes, gated=True)
    assert [(i, j) for i, j, _ in accepted] == [(0, 1), (0, 2), (1, 2)] and scored == 3
    left_out[2] = True
    apart = np.array([0 * n + 1], dtype=np.int64)
    job = PairJob(matcher, 85.0, left_out, apart)
    assert job(codes, gated=True) == ([], 0)


@pytest.mark.parametrize("threshold", [0.0, 60.0, 85.0, 100.0])
def test_a_job_accepts_what_the_scorer_accepts_among_the_gated_pairs(threshold: float) -> None:
    # The job drops pairs by the score bound before scoring: what it accepts must be what
    # scoring every gated pair accepts.
    vocab, profiles = build(load().names)
    matcher = Matcher(profiles, vocab)
    n = len(profiles)
    codes = candidates.fuzzy_codes(profiles, vocab)
    job = PairJob(matcher, threshold, np.zeros(n, dtype=bool), np.empty(0, dtype=np.int64))
    job.prepare(range(n))
    accepted, scored = job(codes, gated=True)
    left, right = np.divmod(codes, n)
    passed = job.gate(left, right)
    expected = [
        (i, j, score)
        for i, j in zip(left[passed].tolist(), right[passed].tolist(), strict=True)
        if (score := matcher.score(i, j)) >= threshold
    ]
    assert accepted == expected
    assert scored <= passed.sum()
    if threshold >= 85:
        assert scored < passed.sum()


@pytest.mark.parametrize("cache", [0, 10, 100_000])
def test_bags_kept_from_preparing_score_like_bags_made_when_asked(
    monkeypatch: pytest.MonkeyPatch, cache: int
) -> None:
    from taxonomy import match

    monkeypatch.setattr(match, "BAG_CACHE", cache)
    vocab, profiles = build(load().names)
    n = len(profiles)
    prepared = Matcher(profiles, vocab)
    job = PairJob(prepared, 85.0, np.zeros(n, dtype=bool), np.empty(0, dtype=np.int64))
    job.prepare(range(n))
    fresh = Matcher(profiles, vocab)
    pairs = [(i, j) for i in range(30) for j in range(i + 1, n)]
    assert [prepared.compare(i, j) for i, j in pairs] == [fresh.compare(i, j) for i, j in pairs]


def _where_and_how_many(profiles: list[object], vocab: object) -> tuple[int, int]:
    import os

    return os.getpid(), len(profiles)


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this platform"
)
def test_apply_runs_in_a_worker_and_gives_what_it_gives_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os

    vocab, profiles = build(load().names)
    here = candidates.blocking_orders(profiles, vocab)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    matcher = Matcher(profiles, vocab)
    job = PairJob(matcher, 85.0, np.zeros(len(profiles), dtype=bool), parallel.EMPTY)
    with BulkScorer(matcher, expected_pairs=parallel.PARALLEL_MIN_PAIRS, job=job) as bulk:
        where = bulk.apply(_where_and_how_many)
        orders = bulk.apply(candidates.blocking_orders)
        assert where() != (os.getpid(), len(profiles)) and where()[1] == len(profiles)
        there = orders()
    assert len(there) == len(here)
    for (seq_a, blocks_a, reach_a), (seq_b, blocks_b, reach_b) in zip(here, there, strict=True):
        assert reach_a == reach_b and np.array_equal(seq_a, seq_b)
        assert (blocks_a is None) == (blocks_b is None)
        if blocks_a is not None:
            assert np.array_equal(blocks_a, blocks_b)


def test_apply_without_workers_runs_at_once() -> None:
    import os

    vocab, profiles = build(load().names)
    with BulkScorer(Matcher(profiles, vocab), expected_pairs=0) as bulk:
        assert bulk.workers == 1
        assert bulk.apply(_where_and_how_many)() == (os.getpid(), len(profiles))
