"""The bulk filter's stem vectors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from taxonomy import load
from taxonomy.gate import GATE_COSINE, GATE_RATIO, STEM_SLOTS, Gate, StemVectors
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


def _linguist_names() -> list[str]:
    path = Path(__file__).parent / "data" / "bound" / "linguist-language-aliases.tsv"
    lines = path.read_text("utf-8").splitlines()
    return list(dict.fromkeys(name for line in lines[1:] for name in line.split("\t")))


def test_the_gate_passes_what_its_two_tests_pass_on_every_pair() -> None:
    # The ratio test skips pairs whose lengths are too far apart to reach it: the same pairs
    # must pass as when every pair is compared.
    for names in (load().names, _linguist_names()):
        vocab, profiles = build(names)
        gate = Gate(profiles, vocab)
        left, right = (side.astype(np.int64) for side in np.triu_indices(len(names), k=1))
        ratio = process.cpdist(
            gate.texts[left], gate.texts[right], scorer=fuzz.ratio, dtype=np.uint8
        )
        expected = (gate.vectors.cosine(left, right) >= GATE_COSINE) | (ratio >= GATE_RATIO)
        assert np.array_equal(gate(left, right), expected)
        assert expected.sum() < len(left) / 4
