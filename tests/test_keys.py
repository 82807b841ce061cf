"""Key numbers and the memory that forked workers fill together."""

from __future__ import annotations

import multiprocessing

import numpy as np
import pytest

from taxonomy import load
from taxonomy.keys import KeyNumbers, share, shared_array
from taxonomy.match import make_bag
from taxonomy.vocabulary import build


@pytest.mark.parametrize("n", [0, 1, 2, 7, 100])
@pytest.mark.parametrize("parts", [1, 2, 3, 8])
def test_shares_cover_every_label_once(n: int, parts: int) -> None:
    ranges = share(parts, n)
    assert [i for labels in ranges for i in labels] == list(range(n))
    assert len(ranges) <= max(1, parts)
    assert max(len(r) for r in ranges) - min(len(r) for r in ranges) <= max(1, -(-n // parts))


def _write(array: np.ndarray) -> None:
    array[1:3] = 7


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this platform"
)
def test_what_a_forked_process_writes_the_parent_sees() -> None:
    array = shared_array((4,), np.int64, -1)
    child = multiprocessing.get_context("fork").Process(target=_write, args=(array,))
    child.start()
    child.join()
    assert child.exitcode == 0
    assert array.tolist() == [-1, 7, 7, -1]


def test_every_key_of_every_bag_has_its_own_number() -> None:
    vocab, profiles = build(load().names)
    numbers = KeyNumbers(vocab)
    keys = {key for p in profiles for key in make_bag(p, vocab).weights}
    assert any(key.endswith("~adjective") for key in keys)
    assert len({numbers.key(key) for key in keys}) == len(keys)
    assert numbers.stem("mine") == numbers.stem("mining")
    assert numbers.stem("mine") != numbers.stem("news")


def test_entity_keys_come_after_the_terms_a_name_and_its_adjective_side_by_side() -> None:
    vocab, profiles = build(load().names)
    numbers = KeyNumbers(vocab)
    first = numbers.first_entity
    assert all(numbers.key(term) < first for term in vocab.df)
    name, adjective = numbers.key("@JP"), numbers.key("@JP~adjective")
    assert name >= first and (name - first) % 2 == 0 and adjective == name + 1
