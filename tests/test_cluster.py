"""Groups are stars around their canonical label: no chaining through a middle label."""

from __future__ import annotations

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
