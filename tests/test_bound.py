"""The score bound never drops a pair the scorer would accept, and drops most of the others."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from taxonomy import load
from taxonomy.bound import ScoreBound
from taxonomy.keys import KeyNumbers, share
from taxonomy.match import Matcher, make_bag
from taxonomy.vocabulary import build

DATA = Path(__file__).parent / "data"
THRESHOLDS = (0.0, 50.0, 70.0, 85.0, 90.0, 95.0, 99.0, 100.0)


def _linguist_names() -> list[str]:
    lines = (DATA / "bound" / "linguist-language-aliases.tsv").read_text("utf-8").splitlines()
    return list(dict.fromkeys(name for line in lines[1:] for name in line.split("\t")))


def _every_pair(n: int) -> tuple[np.ndarray, np.ndarray]:
    left, right = np.triu_indices(n, k=1)
    return left.astype(np.int64), right.astype(np.int64)


def _check(names: list[str]) -> tuple[int, int]:
    """Every pair of ``names``: a pair scoring a threshold is kept at that threshold. Returns
    how many pairs there are and how many the bound keeps at the default threshold."""
    vocab, profiles = build(names)
    matcher = Matcher(profiles, vocab)
    bound = ScoreBound.of(profiles, vocab)
    left, right = _every_pair(len(names))
    scores = np.array(
        [matcher.score(i, j) for i, j in zip(left.tolist(), right.tolist(), strict=True)]
    )
    kept_at_default = 0
    for threshold in THRESHOLDS:
        kept = bound(left, right, threshold)
        lost = np.flatnonzero((scores >= threshold) & ~kept)
        assert not len(lost), [
            (names[left[k]], names[right[k]], scores[k], threshold) for k in lost[:5]
        ]
        if threshold == 85.0:
            kept_at_default = int(kept.sum())
    return len(left), kept_at_default


@pytest.mark.parametrize(
    "names",
    [load().names, _linguist_names()],
    ids=["bundled example", "linguist names"],
)
def test_a_pair_that_scores_the_threshold_is_always_kept(names: list[str]) -> None:
    pairs, kept = _check(names)
    # ... and the bound is worth having: it leaves out most pairs.
    assert kept < pairs / 10


WORDS = st.sampled_from(
    (
        "US USA United-States American Japan Japanese NATO nato UN Mongolia Mongolian and of "
        "the news review reviews reviewing histroy history database data base data-base python3 "
        "Python 3.0 v3 2008 Asian-Development-Bank ADB organisation organization machine learning "
        "ML c++ c# js Ünïcödé straße Strasse 東京 Москва московский"
    )
    .replace("-", " ")
    .split(" ")
    + ["Asian Development Bank", "United States", "data-base"]
)
LABELS = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(LABELS, min_size=2, max_size=30, unique=True))
def test_on_any_vocabulary_the_bound_is_at_least_the_score(names: list[str]) -> None:
    _check(names)


def test_filled_in_shares_is_filled_whole() -> None:
    vocab, profiles = build(_linguist_names())
    whole = ScoreBound.of(profiles, vocab)
    numbers = KeyNumbers(vocab)
    parts = ScoreBound(len(profiles), numbers)
    for labels in reversed(share(3, len(profiles))):
        bags = [make_bag(p, vocab) for p in profiles[labels.start : labels.stop]]
        parts.fill(profiles, bags, labels.start, vocab, numbers)
    for name, value in vars(whole).items():
        if name.startswith("_"):  # what the process that filled them remembers
            continue
        other = vars(parts)[name]
        if isinstance(value, dict):
            value, other = list(value.values()), list(other.values())
        if isinstance(value, (tuple, list)):
            assert all(np.array_equal(a, b) for a, b in zip(value, other, strict=True)), name
        else:
            assert np.array_equal(value, other), name


def _kept(names: list[str], a: str, b: str, threshold: float = 85.0) -> bool:
    vocab, profiles = build(names)
    bound = ScoreBound.of(profiles, vocab)
    i, j = names.index(a), names.index(b)
    return bool(bound(np.array([i]), np.array([j]), threshold)[0])


def test_what_the_scorer_vetoes_is_dropped_whatever_the_threshold() -> None:
    names = load().names
    assert not _kept(names, "Mongolia and Japan", "Mongolia and China", 1.0)
    assert not _kept(["Python 2", "Python 3", "Ruby"], "Python 2", "Python 3", 1.0)
    assert _kept(names, "Mongolia and US", "Mongolia and USA")


def test_pairs_the_scorer_accepts_whatever_their_words_are_kept() -> None:
    names = ["data base", "database", "ADB", "Asian Development Bank", "bind ng", "ng bind"]
    for a, b in (("data base", "database"), ("ADB", "Asian Development Bank")):
        assert _kept(names, a, b, 100.0)
    assert _kept(names, "bind ng", "ng bind", 99.0)


def test_sharing_only_common_words_halves_the_bound() -> None:
    names = [f"Tips for {word}" for word in ("cats", "dogs", "birds", "fish", "snakes")]
    # 'tips' and 'for' are in every label: the two share nothing telling and no word of one
    # could be a form of a word of the other, so the scorer halves their 13.5 (shared weight
    # over the norms) to 6.7, and the bound does too.
    assert not _kept(names, "Tips for cats", "Tips for dogs", 10.0)
    assert _kept(names, "Tips for birds", "Tips for fish", 6.0)
