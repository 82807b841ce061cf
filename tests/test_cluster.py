"""Groups are stars around their canonical label: no chaining through a middle label."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from taxonomy.cluster import Preference, stars
from taxonomy.match import Pair
from taxonomy.vocabulary import build


def _preference(names: list[str], counts: list[int | None]) -> Preference:
    vocab, profiles = build(names)
    return Preference(profiles, counts, vocab, truncated=set())


def test_a_label_close_only_to_a_member_is_not_pulled_in() -> None:
    names = ["colour", "color", "colon"]
    keys = _preference(names, [10, 5, 1])
    close = Pair(90.0, "close")
    # colour ~ color and color ~ colon, but colour and colon are not close.
    groups = stars([(0, 1, close), (1, 2, close)], keys)
    assert [(g.canonical, [m for m, _ in g.members]) for g in groups] == [(0, [1])]


def test_the_most_used_label_is_the_centre() -> None:
    names = ["colour", "color", "Colour"]
    keys = _preference(names, [1, 9, 2])
    close = Pair(95.0, "close")
    groups = stars([(0, 1, close), (0, 2, close), (1, 2, close)], keys)
    assert [(g.canonical, sorted(m for m, _ in g.members)) for g in groups] == [(1, [0, 2])]


def test_confirmed_distinct_members_are_not_grouped_together() -> None:
    names = ["colour", "color", "Colour"]
    keys = _preference(names, [1, 9, 2])
    close = Pair(95.0, "close")
    groups = stars([(0, 1, close), (1, 2, close)], keys, apart={(0, 2)})
    assert [(g.canonical, [m for m, _ in g.members]) for g in groups] == [(1, [2])]


def _order_case(names: list[str], counts: list[int | None]) -> None:
    vocab, profiles = build(names)
    keys = Preference(profiles, counts, vocab, truncated={len(names) - 1})
    indices = list(range(len(names)))[::-1]
    assert keys.order(indices) == sorted(
        indices, key=Preference(profiles, counts, vocab, {len(names) - 1}).__getitem__
    )


def test_the_order_is_the_sort_by_keys_ties_and_all() -> None:
    # Labels that tie on every number (same words, same length, same style) are told apart by
    # their words; a count past 64 bits falls back to sorting the keys themselves.
    names = ["Data base", "data base", "Data Base", "data-base", "DATA BASE", "database", "db"]
    names += [f"Topic {k}" for k in range(30)] + ["cut-off lab"]
    _order_case(names, [None] * len(names))
    _order_case(names, [k % 3 or None for k in range(len(names))])
    _order_case(names, [2**70 if k == 3 else 1 for k in range(len(names))])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from("a A b B-c Cc d. é 1".split()), min_size=1, max_size=3).map(
                " ".join
            ),
            st.none() | st.integers(0, 3),
        ),
        min_size=2,
        max_size=30,
        unique_by=lambda item: item[0],
    )
)
def test_on_any_labels_the_order_is_the_sort_by_keys(labels: list[tuple[str, int | None]]) -> None:
    _order_case([name for name, _ in labels], [count for _, count in labels])
