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
