"""The blocking windows made with numpy are the orders the plain rules name, label by label."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from taxonomy import load
from taxonomy.candidates import (
    BLOCK_TERMS,
    STEM_WINDOW,
    _stem_blocks,
    fuzzy_codes,
)
from taxonomy.keyed import core_order, rank_in
from taxonomy.vocabulary import Profile, Vocabulary, build

DATA = Path(__file__).parent / "data"


def reference_blocks(profiles: list[Profile], vocab: Vocabulary) -> list[tuple[int, str]]:
    """(label, stem of its block) in blocking order, one by one: each label in the blocks of
    the stems of its BLOCK_TERMS rarest distinct distinctive words; a block's labels by their
    two alphabetically first other distinct words (none first), then by the order of their
    distinctive words; blocks numbered by the first label, then word, of their stem."""
    core = [" ".join(p.core) for p in profiles]
    first_seen: dict[str, int] = {}
    for p in profiles:
        for term in p.core:
            first_seen.setdefault(vocab.stem(term), len(first_seen))
    rows = []
    for p in profiles:
        rare = sorted({(vocab.df.get(t, 0), t) for t in p.core if not vocab.is_context(t)})[
            :BLOCK_TERMS
        ]
        for _, term in rare:
            others = sorted({t for t in p.core if t != term})[:2]
            rows.append(
                (
                    first_seen[vocab.stem(term)],
                    [(0, "")] * (2 - len(others)) + [(1, t) for t in others],
                    core[p.index],
                    p.index,
                    vocab.stem(term),
                )
            )
    # Fewer than two other words: "none" sorts first, in each place it is missing.
    rows.sort(key=lambda row: (row[0], _padded(row[1]), row[2], row[3]))
    return [(row[3], row[4]) for row in rows]


def _padded(others: list[tuple[int, str]]) -> list[tuple[int, str]]:
    real = [item for item in others if item[0]]
    return real + [(0, "")] * (2 - len(real))


def _blocks(profiles: list[Profile], vocab: Vocabulary) -> list[tuple[int, str]]:
    member, block = _stem_blocks(profiles, vocab, rank_in(core_order(profiles)))
    stem_of = {}
    for p in profiles:
        for term in p.core:
            stem_of.setdefault(vocab.stem(term), None)
    stems = list(stem_of)
    return [(m, stems[b]) for m, b in zip(member.tolist(), block.tolist(), strict=True)]


def _check(names: list[str]) -> None:
    vocab, profiles = build(names)
    assert _blocks(profiles, vocab) == reference_blocks(profiles, vocab)


def _large_block() -> list[str]:
    # One stem in more labels than the window reaches, in every kind of company, and rare
    # (under 5% of the labels: not a word common to the vocabulary).
    names = [f"filter {word}" for word in ("alpha beta gamma delta epsilon".split())]
    names += [f"filter {_word(k)}on" for k in range(40)]  # a rarer word each: two blocks each
    names += ["filtering", "filters", "FILTER", "django-filter", "filter-django", "filter django x"]
    names += [f"{_word(k)}s {_word(k)}ing" for k in range(100, 1100)]
    return names


def _word(k: int) -> str:
    """A made-up word of letters only, one per number."""
    return "q" + "".join(chr(97 + k // 26**place % 26) for place in range(3))


@pytest.mark.parametrize(
    "names",
    [load().names, _large_block()],
    ids=["bundled example", "large block"],
)
def test_blocks_are_the_order_of_the_rules(names: list[str]) -> None:
    _check(names)


def test_blocks_of_the_linguist_names_are_the_order_of_the_rules() -> None:
    lines = (DATA / "bound" / "linguist-language-aliases.tsv").read_text("utf-8").splitlines()
    _check(list(dict.fromkeys(name for line in lines[1:] for name in line.split("\t"))))


WORDS = st.sampled_from(
    "A B AB of the and filter filters filtering data base Data-Base US Japan Japanese x 3 é".split()
)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(WORDS, min_size=1, max_size=4).map(" ".join), unique=True))
def test_on_any_vocabulary_the_blocks_are_the_order_of_the_rules(names: list[str]) -> None:
    _check(names)


def test_a_large_block_pairs_the_forms_of_its_word_and_the_alike_company() -> None:
    # Forty-five "filter <topic>" labels sort between "FILTER" and "filtering" by their words;
    # by what they add to the rare stem, the bare forms and the django ones sit side by side.
    names = _large_block()
    vocab, profiles = build(names)
    assert not vocab.is_context("filter") and vocab.df["filter"] > 2 * STEM_WINDOW
    n = len(profiles)
    left, right = np.divmod(fuzzy_codes(profiles, vocab), n)
    pairs = {
        frozenset((names[i], names[j])) for i, j in zip(left.tolist(), right.tolist(), strict=True)
    }
    for a, b in [
        ("FILTER", "filtering"),
        ("django-filter", "filter django x"),
        ("filter-django", "filter django x"),
    ]:
        assert frozenset((a, b)) in pairs, (a, b)
