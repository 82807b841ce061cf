"""The bulk filter's stem vectors."""

from __future__ import annotations

import numpy as np

from taxonomy import load
from taxonomy.gate import STEM_SLOTS, StemVectors
from taxonomy.keys import KeyNumbers, share
from taxonomy.match import make_bag
from taxonomy.vocabulary import build


def test_stem_cosine_adds_every_slot_pair_like_the_plain_double_loop() -> None:
    vocab, profiles = build(load().names)
    vectors = StemVectors.of(profiles, vocab)
    n = len(profiles)
    left, right = np.divmod(np.arange(n * n, dtype=np.int64), n)
    expected = np.zeros(len(left), dtype=np.float32)
    for k in range(STEM_SLOTS):
        for m in range(STEM_SLOTS):
            same = (vectors.ids[k][left] >= 0) & (vectors.ids[k][left] == vectors.ids[m][right])
            product = vectors.weights[k][left] * vectors.weights[m][right]
            expected += np.where(same, product, np.float32(0.0))
    found = vectors.cosine(left, right)
    assert found.tobytes() == expected.tobytes()
    assert np.isclose(found[:: n + 1], 1.0, atol=1e-5).sum() > n * 0.9  # a label with itself


def test_vectors_filled_in_shares_are_the_vectors_filled_whole() -> None:
    vocab, profiles = build(load().names)
    whole = StemVectors.of(profiles, vocab)
    parts = StemVectors(len(profiles))
    numbers = KeyNumbers(vocab)
    for labels in share(4, len(profiles)):
        bags = [make_bag(p, vocab) for p in profiles[labels.start : labels.stop]]
        parts.fill(bags, labels.start, numbers)
    assert np.array_equal(whole.ids, parts.ids)
    assert whole.weights.tobytes() == parts.weights.tobytes()
    assert np.array_equal(whole.used, parts.used)
    assert (whole.ids[0] >= 0).all()  # every label has a stem
