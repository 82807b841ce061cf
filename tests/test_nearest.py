"""Did-you-mean: the scan engine's closest known labels for labels a taxonomy does not know."""

from __future__ import annotations

from taxonomy.nearest import nearest

KNOWN = {
    "Python": "Python",
    "python3": "Python",
    "JavaScript": "JavaScript",
    "Static Sites": "Static Sites",
    "Mongolia and USA": "Mongolia and USA",
    "Mongolia and India": "Mongolia and India",
    "Machine Learning": "Machine Learning",
}


def test_a_typo_is_a_near_duplicate_with_the_engines_reason() -> None:
    [best] = nearest(["Pyhton"], KNOWN)["Pyhton"]
    assert (best.label, best.score, best.near_duplicate) == ("Python", 95.0, True)
    assert best.reason == "'pyhton' ~ 'python' (spelling)"


def test_an_alias_that_matches_suggests_its_preferred_label() -> None:
    [best] = nearest(["Python 3"], KNOWN)["Python 3"]
    assert (best.label, best.matched, best.near_duplicate) == ("Python", "python3", True)


def test_a_close_label_below_the_threshold_is_not_a_near_duplicate() -> None:
    [best] = nearest(["Static Site Generators"], KNOWN)["Static Site Generators"]
    assert best.label == "Static Sites"
    assert 50 <= best.score < 85
    assert not best.near_duplicate


def test_another_entity_is_never_suggested() -> None:
    # The engine vetoes pairs that name different countries: a new topic, not a variant.
    assert nearest(["Mongolia and Russia", "Mongolia and Indonesia"], KNOWN) == {
        "Mongolia and Russia": (),
        "Mongolia and Indonesia": (),
    }


def test_the_threshold_decides_near_duplicate() -> None:
    # the same suggestion (score 95) on either side of the threshold: only the flag changes
    [above] = nearest(["Pyhton"], KNOWN, threshold=95)["Pyhton"]
    [below] = nearest(["Pyhton"], KNOWN, threshold=96)["Pyhton"]
    assert (above.label, above.score, above.near_duplicate) == ("Python", 95.0, True)
    assert (below.label, below.score, below.near_duplicate) == ("Python", 95.0, False)


def test_suggestions_are_ranked_and_limited() -> None:
    known = {name: name for name in ("Web Design", "Graphic Design", "Design Patterns", "Web")}
    found = nearest(["Web Designer"], known, limit=2, min_score=0)["Web Designer"]
    assert len(found) == 2
    assert found[0].label == "Web Design"
    assert found[0].score > found[1].score


def test_known_labels_and_empty_inputs() -> None:
    assert nearest(["Python"], KNOWN) == {}
    assert nearest([], KNOWN) == {}
    assert nearest(["Rust"], {}) == {"Rust": ()}
