"""The review queue and decisions (taxonomy/review.py) on tests/data/review/taxonomy.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomy.cli.review import counts_for
from taxonomy.document import load_taxonomy
from taxonomy.errors import EditError
from taxonomy.model import ACCEPTED, SUGGESTED, Taxonomy
from taxonomy.review import (
    GROUP,
    PLACEMENT,
    REMOVAL,
    SPLIT,
    Entry,
    Session,
    accept_item,
    edit_item,
    items,
    reject_item,
)
from taxonomy.validate import validate

FIXTURE = Path(__file__).resolve().parent / "data" / "review" / "taxonomy.yaml"


def taxonomy() -> Taxonomy:
    return load_taxonomy(FIXTURE)


def counts() -> dict[str, int | None]:
    return counts_for(str(FIXTURE), taxonomy(), None)


def test_counts_come_from_the_documents_source() -> None:
    assert counts()["Mongolia and USA"] == 40
    assert counts_for(str(FIXTURE), taxonomy(), str(FIXTURE.parent / "labels.csv")) == counts()
    moved = Taxonomy(source="no-such-file.csv")
    assert counts_for(str(FIXTURE), moved, None) == {}


def test_groups_by_use_then_splits_removals_placements() -> None:
    queue = items(taxonomy(), counts())
    assert [(item.kind, item.label) for item in queue] == [
        (GROUP, "Mongolia Sumo"),  # 62 uses
        (GROUP, "Mongolia and USA"),  # 44
        (GROUP, "Mongolia and India"),  # 6
        (GROUP, "Mongolia and Hong Kong"),  # 3
        (SPLIT, "Mongolia and Russia and Mongolia and China"),
        (REMOVAL, "Mongolia spam"),
        (PLACEMENT, "Mongolia and … (countries)"),
    ]
    usa = queue[1]
    assert usa.entries == (
        Entry("Mongolia and USA", 40, "preferred label"),
        Entry("Mongolia and US", 3, "'US' and 'USA' name the same entity (100)"),
        Entry("Mongolia and United States", 1, "both name the United States (97)"),
    )
    assert usa.score == 97
    placement = queue[-1]
    assert placement.generated
    assert [(e.label, e.count) for e in placement.entries] == [
        ("Mongolia and USA", 44),
        ("Mongolia and India", 6),
        ("Mongolia and Indonesia", 2),
        ("Mongolia and China", 25),
    ]


def test_without_counts_larger_groups_come_first() -> None:
    queue = items(taxonomy())
    assert [item.label for item in queue[:4]] == [
        "Mongolia and USA",  # 3 labels
        "Mongolia and Hong Kong",
        "Mongolia and India",
        "Mongolia Sumo",
    ]
    repair = queue[1]
    assert repair.why == (
        "'Hong Kong' is the usual name: the label uses Hong Kong written as one word",
    )


def test_placement_item_accept_reject_edit() -> None:
    item = items(taxonomy())[-1]
    accepted = accept_item(taxonomy(), item)
    assert accepted.message == (
        "accepted 'Mongolia and … (countries)' and the place of its 4 pending children"
    )
    assert all(c.placement != SUGGESTED for c in accepted.taxonomy.walk())
    rejected = reject_item(taxonomy(), item)
    assert all(c.placement is None for c in rejected.taxonomy.concepts)
    edited = edit_item(taxonomy(), item, "Partner countries", ["Mongolia and China"])
    assert edited.message == (
        "renamed 'Mongolia and … (countries)' to 'Partner countries'; accepted the place of 3 "
        "under 'Partner countries', moved 1 to the top level"
    )
    assert edited.renamed == (("Mongolia and … (countries)", "Partner countries"),)
    top = {c.label: c for c in edited.taxonomy.concepts}
    assert top["Partner countries"].status == ACCEPTED
    assert "Mongolia and China" in top
    assert validate(edited.taxonomy) == []
    split = items(taxonomy())[4]
    with pytest.raises(EditError, match="a split cannot be edited"):
        edit_item(taxonomy(), split, None)


def test_session_skip_undo_and_progress() -> None:
    session = Session(taxonomy(), counts())
    assert session.left() == 7
    first = session.queue()[0]
    session.decide(first, accept_item(session.taxonomy, first))
    assert (session.done, session.left()) == (1, 6)
    second = session.queue()[0]
    assert second.label == "Mongolia and USA"
    session.skip(second)
    assert session.queue()[0].label == "Mongolia and India"
    assert session.left() == 6  # a skipped item is still undecided
    undone = session.undo()
    assert undone is not None
    assert undone.message == "undone: accepted 'Mongolia Sumo' with its aliases 'Mongolian Sumo'"
    assert session.taxonomy == taxonomy()
    assert session.queue()[0].label == "Mongolia Sumo"  # the undone item is shown next
    assert session.undo() is None


def test_a_whole_review_decides_everything() -> None:
    session = Session(taxonomy(), counts())
    while session.queue():
        item = session.queue()[0]
        decide = reject_item if item.kind == REMOVAL else accept_item
        session.decide(item, decide(session.taxonomy, item))
    assert session.done == 7
    assert not any(
        c.status == SUGGESTED or c.placement == SUGGESTED for c in session.taxonomy.walk()
    )
    assert validate(session.taxonomy) == []
