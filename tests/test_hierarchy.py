"""Hierarchy suggestions: families, lexical inclusion, co-occurrence, existing parents."""

from __future__ import annotations

from taxonomy.hierarchy import Hierarchy, suggest_hierarchy
from taxonomy.model import Inventory, Label, Post
from taxonomy.vocabulary import build


def _suggest(inventory: Inventory) -> Hierarchy:
    names = [label.name for label in inventory.labels]
    vocab, profiles = build(names)
    concepts = {name: (name,) for name in names}
    return suggest_hierarchy(inventory, concepts, {p.label: p for p in profiles}, vocab)


def _parents(hierarchy: Hierarchy) -> dict[str, tuple[str, str]]:
    return {p.child: (p.parent, p.signal) for p in hierarchy.placements}


def _inventory(*names: str, posts: tuple[Post, ...] | None = None) -> Inventory:
    return Inventory("test", "text", tuple(Label(n) for n in names), posts=posts)


def test_a_template_family_is_divided_by_the_kind_of_entity() -> None:
    inventory = _inventory(
        "Trade with France",
        "Trade with Germany",
        "Trade with Japan",
        "Trade with Chile",
        "Trade with NATO",
        "Trade with UN",
        "Trade with WTO",
        "Trade with widgets",
        "Gardening",
        "Cooking",
    )
    parents = _parents(_suggest(inventory))
    assert parents["Trade with France"] == ("Trade with … (countries)", "family")
    assert parents["Trade with Chile"] == ("Trade with … (countries)", "family")
    assert parents["Trade with NATO"] == ("Trade with … (organisations)", "family")
    assert parents["Trade with … (countries)"] == ("Trade with …", "family")
    assert parents["Trade with … (organisations)"] == ("Trade with …", "family")
    assert parents["Trade with widgets"] == ("Trade with …", "family")
    assert "Gardening" not in parents


def test_a_word_shared_by_most_labels_makes_no_family() -> None:
    names = [f"Mongolia {topic}" for topic in ("Health", "History", "Sports", "Economy", "Law")]
    parents = _parents(_suggest(_inventory(*names, "Culture")))
    assert parents == {}


def test_labels_that_extend_another_are_narrower() -> None:
    inventory = _inventory(
        "Mining", "Mining Developments", "Coal Mines", "Society", "Civic Society", "Travel"
    )
    parents = _parents(_suggest(inventory))
    assert parents["Mining Developments"] == ("Mining", "inclusion")
    assert parents["Coal Mines"] == ("Mining", "inclusion")
    assert parents["Civic Society"] == ("Society", "inclusion")
    assert "Travel" not in parents and "Mining" not in parents


def test_cooccurrence_shows_its_support() -> None:
    posts = tuple(
        Post(str(k), ("Python", "Django") if k < 5 else ("Python",)) for k in range(10)
    ) + (Post("x", ("Cooking",)), Post("y", ("Cooking",)))
    inventory = _inventory("Python", "Django", "Cooking", posts=posts)
    hierarchy = _suggest(inventory)
    (placement,) = hierarchy.placements
    assert (placement.child, placement.parent, placement.signal) == (
        "Django",
        "Python",
        "co-occurrence",
    )
    assert placement.why == (
        "5 of the 5 posts tagged 'Django' are also tagged 'Python', which has 10 posts"
    )


def test_existing_parents_win_and_no_cycle_is_made() -> None:
    labels = (Label("Python", parent="Django"), Label("Django"))
    posts = tuple(Post(str(k), ("Python", "Django") if k < 5 else ("Python",)) for k in range(10))
    hierarchy = _suggest(Inventory("test", "wxr", labels, posts=posts))
    assert _parents(hierarchy) == {"Python": ("Django", "existing")}
