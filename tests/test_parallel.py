"""Scoring in forked workers gives exactly what scoring in one process gives."""

from __future__ import annotations

import multiprocessing

import pytest

from taxonomy import load, parallel
from taxonomy.match import Matcher
from taxonomy.parallel import BulkScorer
from taxonomy.scan import scan
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
