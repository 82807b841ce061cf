"""``suggest`` on the bundled example: the draft document an editor starts from."""

from __future__ import annotations

from taxonomy import load
from taxonomy.model import ACCEPTED, SUGGESTED, Concept, Taxonomy
from taxonomy.suggest import suggest


def _find(taxonomy: Taxonomy, label: str) -> Concept:
    return next(c for c in taxonomy.walk() if c.label == label)


def _parent(taxonomy: Taxonomy, label: str) -> str | None:
    for concept in taxonomy.walk():
        if any(child.label == label for child in concept.children):
            return concept.label
    return None


def test_every_label_appears_once() -> None:
    inventory = load()
    taxonomy = suggest(inventory)
    seen = [label for c in taxonomy.walk() if not c.generated for label in (c.label, *c.aliases)]
    seen += [s.label for s in taxonomy.splits]
    originals = set(inventory.names)
    repaired = {c.label for c in taxonomy.walk() if c.label not in originals and not c.generated}
    assert len(seen) == len(set(seen))
    assert set(seen) - repaired == originals


def test_groups_become_concepts_with_aliases_and_nothing_suggested_is_accepted() -> None:
    taxonomy = suggest(load())
    usa = _find(taxonomy, "Mongolia and USA")
    assert usa.aliases == ("Mongolia and US",)
    assert usa.status == SUGGESTED
    assert _find(taxonomy, "Mongolia and Hong Kong").aliases == ("Mongolia and Hongkong",)
    for concept in taxonomy.walk():
        if concept.aliases or concept.generated:
            assert concept.status == SUGGESTED
        else:
            assert concept.status == ACCEPTED
        if _parent(taxonomy, concept.label) is not None:
            assert concept.placement == SUGGESTED
    split = taxonomy.splits[0]
    assert split.into == ("Mongolia and Russia", "Mongolia and China")


def test_countries_sit_apart_from_organisations_and_mining_nests() -> None:
    taxonomy = suggest(load())
    countries = _parent(taxonomy, "Mongolia and Japan")
    organisations = _parent(taxonomy, "Mongolia and IMF")
    assert countries == "Mongolia and … (countries)"
    assert organisations == "Mongolia and … (organisations)"
    assert _parent(taxonomy, countries) == _parent(taxonomy, organisations) == "Mongolia and …"
    assert _find(taxonomy, countries).generated
    assert _parent(taxonomy, "Mongolia and India") == countries
    assert _parent(taxonomy, "Mongolia Mining Developments") == "Mongolia Mining"
    assert _parent(taxonomy, "Mongolia civic society") == "Mongolia society"


def _doc(*concepts: Concept, **fields: object) -> Taxonomy:
    return Taxonomy(concepts=concepts, **fields)  # type: ignore[arg-type]


def test_update_keeps_decisions_and_adds_new_labels() -> None:
    from taxonomy.model import Distinct, Inventory, Label

    existing = _doc(
        Concept("Travel", aliases=("travel",), status=ACCEPTED),
        Concept(
            "Food",
            status=ACCEPTED,
            children=(Concept("Recipes", status=ACCEPTED, placement=ACCEPTED),),
        ),
        Concept("Old Label", status=ACCEPTED),
        distinct=(Distinct("Cooking", "Cookery"),),
    )
    labels = ("Travel", "travel", "Travels", "Food", "Recipes", "Cooking", "Cookery", "Cookings")
    inventory = Inventory("t", "text", tuple(Label(n) for n in labels))
    updated = suggest(inventory, existing=existing)
    travel = _find(updated, "Travel")
    assert travel.aliases == ("travel", "Travels")
    assert travel.status == SUGGESTED  # a new alias is for the editor to see
    assert _parent(updated, "Recipes") == "Food"
    assert _find(updated, "Recipes").placement == ACCEPTED
    assert _find(updated, "Old Label").status == ACCEPTED
    assert updated.distinct == existing.distinct
    cooking = [c for c in updated.walk() if {"Cooking", "Cookery"} <= {c.label, *c.aliases}]
    assert cooking == []


def test_update_of_its_own_output_changes_nothing() -> None:
    inventory = load()
    first = suggest(inventory)
    assert suggest(inventory, existing=first) == first
