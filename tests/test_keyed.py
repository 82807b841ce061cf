"""Always-compared pairs made with numpy are the pairs the plain rules name, one by one."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from taxonomy import load
from taxonomy.keyed import BLOCK_LIMIT, BUCKET_LIMIT, WINDOW, exact_codes, trusted_codes
from taxonomy.match import initials
from taxonomy.vocabulary import Profile, Vocabulary, build

DATA = Path(__file__).parent / "data"


def _all_pairs(members: list[int]) -> set[tuple[int, int]]:
    return {(i, j) for k, i in enumerate(members) for j in members[k + 1 :]}


def _window(members: list[int], reach: int) -> set[tuple[int, int]]:
    return {
        (min(i, j), max(i, j))
        for k, i in enumerate(members)
        for j in members[k + 1 : k + 1 + reach]
    }


def reference_exact(profiles: list[Profile]) -> set[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    for key in (
        lambda p: " ".join(sorted(p.terms)),
        lambda p: p.compact,
        lambda p: p.joined,
    ):
        buckets: dict[str, list[int]] = defaultdict(list)
        for p in profiles:
            buckets[key(p)].append(p.index)
        for members in buckets.values():
            pairs |= _all_pairs(members[:BUCKET_LIMIT])
    return pairs


def reference_trusted(profiles: list[Profile], vocab: Vocabulary) -> set[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    core = [" ".join(p.core) for p in profiles]
    blocks: dict[str, list[int]] = defaultdict(list)
    for p in profiles:
        for entity in p.entity_ids:
            blocks[entity].append(p.index)
    for members in blocks.values():
        if len(members) <= BLOCK_LIMIT:
            pairs |= _all_pairs(members)
        else:
            pairs |= _window(sorted(members, key=core.__getitem__), WINDOW)
    by_initials: dict[str, list[int]] = defaultdict(list)
    for p in profiles:
        for letters in initials(p.terms, vocab.stopwords):
            if 2 <= len(letters) <= 6:
                by_initials[letters].append(p.index)
    for p in profiles:
        if len(p.terms) == 1 and p.label.strip().isupper():
            for other in by_initials.get(p.terms[0], [])[:BLOCK_LIMIT]:
                if other != p.index:
                    pairs.add((min(p.index, other), max(p.index, other)))
    return pairs


def _as_pairs(codes: np.ndarray, n: int) -> set[tuple[int, int]]:
    left, right = np.divmod(codes, n)
    assert (left < right).all() and (np.diff(codes) > 0).all()  # i < j, sorted, unique
    return set(zip(left.tolist(), right.tolist(), strict=True))


def _check(names: list[str]) -> None:
    vocab, profiles = build(names)
    n = len(profiles)
    assert _as_pairs(exact_codes(profiles), n) == reference_exact(profiles)
    assert _as_pairs(trusted_codes(profiles, vocab), n) == reference_trusted(profiles, vocab)


def _many_alike() -> list[str]:
    # Blocks and buckets larger than their limits: one entity in 40 labels, 60 spellings of
    # one word, initialisms in capitals and lower case.
    names = [f"Mongolia and topic {chr(97 + k % 26)}{k}" for k in range(40)]
    names += [f"{'data' if k % 2 else 'Data'}{'-' * (k // 2)}base" for k in range(60)]
    names += ["ADB", "Asian Development Bank", "adb", "WHO", "World Health Organization"]
    names += ["US", "the United States", "SOTU", "State of the Union", "Ask Development Board"]
    return names


@pytest.mark.parametrize(
    "names",
    [load().names, _many_alike()],
    ids=["bundled example", "large blocks"],
)
def test_codes_are_the_pairs_of_the_rules(names: list[str]) -> None:
    _check(names)


def test_codes_of_the_linguist_names_are_the_pairs_of_the_rules() -> None:
    lines = (DATA / "bound" / "linguist-language-aliases.tsv").read_text("utf-8").splitlines()
    _check(list(dict.fromkeys(name for line in lines[1:] for name in line.split("\t"))))


WORDS = st.sampled_from(
    "A B AB ABC of the and Asian Bank Development data base Data-Base US USA Japan "
    "Japanese x 3 v3 é É".split()
)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(WORDS, min_size=1, max_size=4).map(" ".join), unique=True))
def test_on_any_vocabulary_the_codes_are_the_pairs_of_the_rules(names: list[str]) -> None:
    _check(names)
