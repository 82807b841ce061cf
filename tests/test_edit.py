"""Edits of a taxonomy (taxonomy/edit.py): every edit, every refusal, and the hand-written parts
of tests/data/review/taxonomy.yaml surviving each edit as written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from taxonomy import edit
from taxonomy.document import Document, load_taxonomy
from taxonomy.edit import Edited
from taxonomy.errors import EditError
from taxonomy.model import ACCEPTED, SUGGESTED, Concept, Distinct, Removal, SplitDecision, Taxonomy
from taxonomy.validate import validate

FIXTURE = Path(__file__).resolve().parent / "data" / "review" / "taxonomy.yaml"
ORIGINAL = FIXTURE.read_text(encoding="utf-8")

# Parts of the fixture that no edit below touches: they must survive byte for byte.
HEAD = ORIGINAL[: ORIGINAL.index("  # Partner countries")]
MINING = (
    "  # Mining news.\n"
    "  - label: Mongolia Mining\n"
    "    description: |\n"
    "      Mines, licences and the companies\n"
    "      that run them.\n"
    "    status: accepted\n"
)
DISTINCT = (
    "distinct:                         # confirmed NOT duplicates: never proposed again\n"
    "  # two countries, whatever the cut-off label suggests\n"
    "  - [Mongolia and India, Mongolia and Indonesia]   # checked 2024-05\n"
)
TAIL = "\n# End of file: nothing below is read.\n"


def taxonomy() -> Taxonomy:
    return load_taxonomy(FIXTURE)


def written(edited: Edited) -> str:
    """The fixture's text after the edit, as the commands write it."""
    document = Document.read(FIXTURE)
    edit.write(document, edited)
    return document.text()


def concept(t: Taxonomy, label: str) -> Concept:
    return next(c for c in t.walk() if c.label == label)


def parent_of(t: Taxonomy, label: str) -> str | None:
    return next((c.label for c in t.walk() for k in c.children if k.label == label), None)


def assert_kept(text: str, *parts: str) -> None:
    assert text.startswith(HEAD)
    assert text.endswith(TAIL)
    for part in (MINING, *parts):
        assert part in text


def refused(change: Callable[[Taxonomy], Edited], message: str) -> None:
    with pytest.raises(EditError) as caught:
        change(taxonomy())
    assert str(caught.value) == message


# -- merge -------------------------------------------------------------------------------------


def test_merge_an_alias_moves_only_that_alias_and_accepts_the_target() -> None:
    edited = edit.merge(taxonomy(), ["Mongolia and Hongkong"], "Mongolia Sumo")
    assert edited.message == "merged 'Mongolia and Hongkong' into 'Mongolia Sumo' (now accepted)"
    sumo = concept(edited.taxonomy, "Mongolia Sumo")
    assert sumo.aliases == ("Mongolian Sumo", "Mongolia and Hongkong")
    assert sumo.status == ACCEPTED
    assert concept(edited.taxonomy, "Mongolia and Hong Kong").aliases == ()
    text = written(edited)
    assert "    aliases: [Mongolian Sumo, Mongolia and Hongkong]\n    status: accepted\n" in text
    assert_kept(text, DISTINCT)


def test_merge_a_concept_brings_its_aliases_and_children() -> None:
    edited = edit.merge(taxonomy(), ["Mongolia and … (countries)"], "Mongolia Mining")
    mining = concept(edited.taxonomy, "Mongolia Mining")
    # a generated label is no label of the site: it is not kept as an alias
    assert mining.aliases == ()
    assert [c.label for c in mining.children] == [
        "Mongolia and USA",
        "Mongolia and India",
        "Mongolia and Indonesia",
        "Mongolia and Russia",
        "Mongolia and China",
    ]
    assert {c.placement for c in mining.children} == {SUGGESTED}
    assert mining.status == ACCEPTED
    assert [c.label for c in edited.taxonomy.concepts][0] == "Mongolia Mining"


def test_merge_into_an_alias_means_its_concept() -> None:
    edited = edit.merge(taxonomy(), ["Mongolia and Hong Kong"], "Mongolian Sumo")
    assert edited.message == "merged 'Mongolia and Hong Kong' into 'Mongolia Sumo' (now accepted)"
    sumo = concept(edited.taxonomy, "Mongolia Sumo")
    assert sumo.aliases == ("Mongolian Sumo", "Mongolia and Hong Kong", "Mongolia and Hongkong")


def test_merge_into_a_new_label_renames_the_first_concept_named() -> None:
    edited = edit.merge(taxonomy(), ["Mongolia Sumo", "Mongolia and Hongkong"], "Sumo")
    assert edited.message == (
        "merged 'Mongolia Sumo', 'Mongolia and Hongkong' into 'Sumo' "
        "(the new label of 'Mongolia Sumo', now accepted)"
    )
    sumo = concept(edited.taxonomy, "Sumo")
    assert sumo.aliases == ("Mongolia Sumo", "Mongolian Sumo", "Mongolia and Hongkong")
    text = written(edited)
    assert (
        "  - label: Sumo\n    aliases: [Mongolia Sumo, Mongolian Sumo, Mongolia and Hongkong]\n"
        in text
    )
    assert_kept(text, DISTINCT)


def test_merge_of_aliases_only_into_a_new_label_is_a_new_concept() -> None:
    edited = edit.merge(taxonomy(), ["Mongolia and Hongkong"], "Hong Kong")
    assert (
        edited.message
        == "merged 'Mongolia and Hongkong' into 'Hong Kong' (a new concept, accepted)"
    )
    assert concept(edited.taxonomy, "Hong Kong").aliases == ("Mongolia and Hongkong",)
    assert validate(edited.taxonomy) == []


def test_merge_of_what_is_already_there_changes_nothing() -> None:
    once = edit.merge(taxonomy(), ["Mongolian Sumo"], "Mongolia Sumo")
    again = edit.merge(once.taxonomy, ["Mongolian Sumo"], "Mongolia Sumo")
    assert not again.changed
    assert again.message == "nothing to merge: 'Mongolian Sumo' already in 'Mongolia Sumo'"


@pytest.mark.parametrize(
    ("labels", "into", "message"),
    [
        ([], "Mongolia Sumo", "nothing to merge: name at least one label"),
        (
            ["Mongolia Sumoo"],
            "Moninfo",
            "unknown label 'Mongolia Sumoo': it is in no concept, split or removal "
            "(did you mean 'Mongolia Sumo'?)",
        ),
        (["Mongolia Sumo"], "Mongolia Sumo", "cannot merge 'Mongolia Sumo' into itself"),
        (["Moninfo", "Moninfo"], "Mongolia Sumo", "'Moninfo' is named twice"),
        (
            ["Mongolia spam"],
            "Moninfo",
            "cannot merge 'Mongolia spam': it is removed (line 61); reject the removal first",
        ),
        (
            ["Moninfo"],
            "Mongolia and Russia and Mongolia and China",
            "cannot merge into 'Mongolia and Russia and Mongolia and China': it is split "
            "(line 56); reject the split first",
        ),
        (
            ["Mongolia and … (countries)"],
            "Mongolia and USA",
            "cannot merge 'Mongolia and … (countries)' into 'Mongolia and USA': "
            "'Mongolia and USA' is under 'Mongolia and … (countries)', so it would end up "
            "under itself (merge the other way, or move it out first)",
        ),
    ],
)
def test_merge_refusals(labels: list[str], into: str, message: str) -> None:
    refused(lambda t: edit.merge(t, labels, into), message)


def test_merge_refuses_a_distinct_pair_given_directly() -> None:
    refused(
        lambda t: edit.merge(t, ["Mongolia and India"], "Mongolia and Indonesia"),
        "'Mongolia and India' and 'Mongolia and Indonesia' are marked distinct (line 54): "
        "remove the pair first, then merge: taxonomy distinct 'Mongolia and India' "
        "'Mongolia and Indonesia' --remove",
    )


# -- rename ------------------------------------------------------------------------------------


def test_rename_keeps_the_old_label_as_an_alias() -> None:
    edited = edit.rename(taxonomy(), "Moninfo", "Mongolia info")
    assert edited.message == "renamed 'Moninfo' to 'Mongolia info' ('Moninfo' kept as an alias)"
    assert concept(edited.taxonomy, "Mongolia info").aliases == ("Moninfo",)
    text = written(edited)
    assert "  - label: Mongolia info\n    aliases: [Moninfo]\n    status: accepted\n" in text
    assert_kept(text, DISTINCT)


def test_rename_to_an_alias_swaps_them() -> None:
    edited = edit.rename(taxonomy(), "Mongolia and USA", "Mongolia and US")
    assert concept(edited.taxonomy, "Mongolia and US").aliases == (
        "Mongolia and USA",
        "Mongolia and United States",
    )


def test_rename_of_a_generated_parent_drops_its_label_and_keeps_its_comments() -> None:
    edited = edit.rename(taxonomy(), "Mongolia and … (countries)", "Partner countries")
    assert edited.message == "renamed 'Mongolia and … (countries)' to 'Partner countries'"
    assert edited.renamed == (("Mongolia and … (countries)", "Partner countries"),)
    assert concept(edited.taxonomy, "Partner countries").aliases == ()
    text = written(edited)
    assert (
        "  # Partner countries, grouped by `suggest`.\n"
        "  - label: Partner countries\n"
        "    status: suggested\n"
        "    generated: true               # invented by suggest: rename it freely\n"
    ) in text
    assert text.replace("Partner countries\n", "Mongolia and … (countries)\n", 1) == ORIGINAL


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("Mongolia Sumo", "Mongolia Sumo", "'Mongolia Sumo' is already called 'Mongolia Sumo'"),
        (
            "Mongolian Sumo",
            "Sumo",
            "cannot rename 'Mongolian Sumo': it is an alias of 'Mongolia Sumo' (line 41); "
            "rename 'Mongolia Sumo' instead, or merge",
        ),
        (
            "Mongolia Sumo",
            "Moninfo",
            "cannot rename 'Mongolia Sumo' to 'Moninfo': 'Moninfo' is the label of a concept "
            "(line 50); merge them instead: taxonomy merge 'Mongolia Sumo' --into Moninfo",
        ),
        (
            "Mongolia Sumo",
            "Mongolia spam",
            "cannot rename 'Mongolia Sumo' to 'Mongolia spam': 'Mongolia spam' is removed "
            "(line 61); merge them instead: taxonomy merge 'Mongolia Sumo' --into "
            "'Mongolia spam'",
        ),
        ("Mongolia Sumo", "  ", "a label cannot be empty"),
        ("Mongolia Sumo", "Sumo ", "'Sumo ' has leading or trailing space"),
        ("Nothing", "Sumo", "unknown label 'Nothing': it is in no concept, split or removal"),
    ],
)
def test_rename_refusals(old: str, new: str, message: str) -> None:
    refused(lambda t: edit.rename(t, old, new), message)


def test_rename_refuses_a_name_distinct_from_the_concept() -> None:
    # 'Mongolia and Indonesia' is its own concept; renaming India to a new label is fine, but
    # renaming it to its distinct partner's alias would merge a distinct pair
    t = edit.merge(taxonomy(), ["Mongolia and Hongkong"], "Mongolia and Indonesia").taxonomy
    with pytest.raises(EditError) as caught:
        edit.rename(t, "Mongolia and India", "Mongolia and Hongkong")
    assert "'Mongolia and Hongkong' is an alias of 'Mongolia and Indonesia'" in str(caught.value)


# -- move --------------------------------------------------------------------------------------


def test_move_under_a_parent_accepts_the_placement() -> None:
    edited = edit.move(taxonomy(), "Mongolia Sumo", "Mongolia Mining")
    assert edited.message == "moved 'Mongolia Sumo' under 'Mongolia Mining'"
    sumo = concept(edited.taxonomy, "Mongolia Sumo")
    assert parent_of(edited.taxonomy, "Mongolia Sumo") == "Mongolia Mining"
    assert sumo.placement == ACCEPTED


def test_move_to_the_top_and_by_alias() -> None:
    edited = edit.move(taxonomy(), "Mongolia and US", None)
    assert edited.message == (
        "moved 'Mongolia and USA' from under 'Mongolia and … (countries)' to the top level"
    )
    usa = next(c for c in edited.taxonomy.concepts if c.label == "Mongolia and USA")
    assert usa.placement is None
    text = written(edited)
    assert_kept(text, DISTINCT)
    assert "# Partner countries, grouped by `suggest`." in text


def test_move_where_it_already_is() -> None:
    edited = edit.move(taxonomy(), "Mongolia and China", "Mongolia and … (countries)")
    assert edited.message == (
        "'Mongolia and China' stays under 'Mongolia and … (countries)' (placement now accepted)"
    )
    assert concept(edited.taxonomy, "Mongolia and China").placement == ACCEPTED
    assert not edit.move(taxonomy(), "Moninfo", None).changed


@pytest.mark.parametrize(
    ("label", "under", "message"),
    [
        ("Mongolia Sumo", "Mongolian Sumo", "cannot move 'Mongolia Sumo' under itself"),
        (
            "Mongolia and … (countries)",
            "Mongolia and India",
            "cannot move 'Mongolia and … (countries)' under 'Mongolia and India': "
            "'Mongolia and India' is under 'Mongolia and … (countries)' (that would be a cycle)",
        ),
        (
            "Mongolia Sumo",
            "Nowhere",
            "unknown label 'Nowhere': it is in no concept, split or removal",
        ),
        (
            "Mongolia spam",
            "Mongolia Mining",
            "cannot move 'Mongolia spam': it is removed (line 61); reject the removal first",
        ),
    ],
)
def test_move_refusals(label: str, under: str, message: str) -> None:
    refused(lambda t: edit.move(t, label, under), message)


# -- split, remove, distinct -------------------------------------------------------------------


def test_split_an_alias() -> None:
    edited = edit.split(taxonomy(), "Mongolia and Hongkong", ["Moninfo", "Mongolia Mining"])
    assert edited.message == (
        "split 'Mongolia and Hongkong' into 'Moninfo', 'Mongolia Mining' "
        "(was an alias of 'Mongolia and Hong Kong')"
    )
    assert edited.taxonomy.splits[-1] == SplitDecision(
        "Mongolia and Hongkong", ("Moninfo", "Mongolia Mining"), ACCEPTED
    )
    assert concept(edited.taxonomy, "Mongolia and Hong Kong").aliases == ()


def test_split_a_concept_moves_its_children_up() -> None:
    t = edit.reject(taxonomy(), "Mongolia and Hong Kong").taxonomy
    t = edit.move(t, "Moninfo", "Mongolia and Hong Kong").taxonomy
    edited = edit.split(t, "Mongolia and Hong Kong", ["Mongolia Sumo", "Mongolia Mining"])
    assert edited.message == (
        "split 'Mongolia and Hong Kong' into 'Mongolia Sumo', 'Mongolia Mining' "
        "(its 1 children moved up)"
    )
    assert "Moninfo" in [c.label for c in edited.taxonomy.concepts]


def test_split_of_a_split_changes_its_parts_and_accepts_it() -> None:
    edited = edit.split(
        taxonomy(), "Mongolia and Russia and Mongolia and China", ["Mongolia and Russia", "Moninfo"]
    )
    assert edited.taxonomy.splits == (
        SplitDecision(
            "Mongolia and Russia and Mongolia and China",
            ("Mongolia and Russia", "Moninfo"),
            ACCEPTED,
            "joins two existing labels, 'Mongolia and Russia' and 'Mongolia and China'",
        ),
    )


@pytest.mark.parametrize(
    ("label", "into", "message"),
    [
        ("Moninfo", [], "cannot split 'Moninfo' into nothing: give two or more --into labels"),
        (
            "Moninfo",
            ["Mongolia Sumo"],
            "cannot split 'Moninfo' into one label: merge it instead: "
            "taxonomy merge Moninfo --into 'Mongolia Sumo'",
        ),
        ("Moninfo", ["Moninfo", "Mongolia Sumo"], "cannot split 'Moninfo' into itself"),
        ("Moninfo", ["Mongolia Sumo", "Mongolia Sumo"], "'Mongolia Sumo' is named twice in --into"),
        (
            "Moninfo",
            ["Mongolia Sumo", "Sumo wrestling"],
            "cannot split 'Moninfo' into 'Sumo wrestling': it is no label of any concept; a "
            "split's parts must be labels of concepts (or their aliases)",
        ),
        (
            "Mongolia spam",
            ["Mongolia Sumo", "Moninfo"],
            "cannot split 'Mongolia spam': it is removed (line 61); reject the removal first",
        ),
        (
            "Mongolia Sumo",
            ["Moninfo", "Mongolia Mining"],
            "cannot split 'Mongolia Sumo': its aliases 'Mongolian Sumo' would lose their "
            "concept; merge them elsewhere, or rename the concept to one of them, first",
        ),
        (
            "Mongolia and … (countries)",
            ["Moninfo", "Mongolia Mining"],
            "cannot split 'Mongolia and … (countries)': it is a generated node, no label of the "
            "site; reject it to dissolve it: taxonomy reject 'Mongolia and … (countries)'",
        ),
        (
            "Mongolia and China",
            ["Moninfo", "Mongolia Mining"],
            "cannot split 'Mongolia and China': it is a part of the split of "
            "'Mongolia and Russia and Mongolia and China' (line 56)",
        ),
    ],
)
def test_split_refusals(label: str, into: list[str], message: str) -> None:
    refused(lambda t: edit.split(t, label, into), message)


def test_remove_a_concept_and_an_alias() -> None:
    edited = edit.remove(taxonomy(), "Moninfo")
    assert edited.message == "removed 'Moninfo'"
    assert edited.taxonomy.removed[-1] == Removal("Moninfo", ACCEPTED)
    assert "Moninfo" not in [c.label for c in edited.taxonomy.walk()]
    edited = edit.remove(taxonomy(), "Mongolian Sumo")
    assert edited.message == "removed 'Mongolian Sumo' (was an alias of 'Mongolia Sumo')"
    text = written(edited)
    assert "  - label: Mongolian Sumo\n    status: accepted\n" in text
    assert_kept(text, DISTINCT)


def test_remove_of_a_suggested_removal_accepts_it() -> None:
    edited = edit.remove(taxonomy(), "Mongolia spam")
    assert edited.message == "removed 'Mongolia spam' (accepted)"
    assert "  - label: Mongolia spam\n    status: accepted    # looks like spam\n" in written(
        edited
    )
    assert not edit.remove(edited.taxonomy, "Mongolia spam").changed


@pytest.mark.parametrize(
    ("label", "message"),
    [
        (
            "Mongolia Sumo",
            "cannot remove 'Mongolia Sumo': its aliases 'Mongolian Sumo' would lose their "
            "concept; merge them elsewhere, or rename the concept to one of them, first",
        ),
        (
            "Mongolia and Russia and Mongolia and China",
            "cannot remove 'Mongolia and Russia and Mongolia and China': it is split (line 56); "
            "reject the split first",
        ),
        (
            "Mongolia and Russia",
            "cannot remove 'Mongolia and Russia': it is a part of the split of "
            "'Mongolia and Russia and Mongolia and China' (line 56)",
        ),
        ("Sumo", "unknown label 'Sumo': it is in no concept, split or removal"),
    ],
)
def test_remove_refusals(label: str, message: str) -> None:
    refused(lambda t: edit.remove(t, label), message)


def test_distinct_records_a_pair_and_takes_a_member_out_of_its_group() -> None:
    edited = edit.distinct(taxonomy(), "Moninfo", "Mongolia Sumo")
    assert edited.message == "marked 'Moninfo' and 'Mongolia Sumo' distinct"
    assert edited.taxonomy.distinct[-1] == Distinct("Moninfo", "Mongolia Sumo")
    edited = edit.distinct(taxonomy(), "Mongolia and USA", "Mongolia and US")
    assert edited.message == (
        "marked 'Mongolia and USA' and 'Mongolia and US' distinct; "
        "'Mongolia and US' is now a concept of its own"
    )
    assert concept(edited.taxonomy, "Mongolia and USA").aliases == ("Mongolia and United States",)
    assert parent_of(edited.taxonomy, "Mongolia and US") == "Mongolia and … (countries)"
    assert validate(edited.taxonomy) == []
    assert not edit.distinct(
        taxonomy(), "Mongolia and Indonesia", "Mongolia and India"
    ).changed  # either order


def test_distinct_refusals_and_removing_a_pair() -> None:
    refused(
        lambda t: edit.distinct(t, "Moninfo", "Moninfo"), "'Moninfo' cannot be distinct from itself"
    )
    refused(
        lambda t: edit.distinct(t, "Moninfo", "Mongolia Sumu"),
        "unknown label 'Mongolia Sumu': it is in no concept, split or removal "
        "(did you mean 'Mongolia Sumo'?)",
    )
    refused(
        lambda t: edit.indistinct(t, "Moninfo", "Mongolia Sumo"),
        "'Moninfo' and 'Mongolia Sumo' are not marked distinct",
    )
    edited = edit.indistinct(taxonomy(), "Mongolia and Indonesia", "Mongolia and India")
    assert edited.taxonomy.distinct == ()
    assert "distinct:" not in written(edited)


# -- accept and reject -------------------------------------------------------------------------


def test_accept_each_kind() -> None:
    t = taxonomy()
    assert edit.accept(t, "Mongolia and Ind").message == (
        "accepted 'Mongolia and India' with its aliases 'Mongolia and Ind'"
    )
    assert (
        concept(edit.accept(t, "Mongolia and Ind").taxonomy, "Mongolia and India").status
        == ACCEPTED
    )
    split = edit.accept(t, "Mongolia and Russia and Mongolia and China")
    assert split.taxonomy.splits[0].status == ACCEPTED
    assert edit.accept(t, "Mongolia spam").taxonomy.removed[0].status == ACCEPTED
    placed = edit.accept(t, "Mongolia and China", placement=True)
    assert placed.message == (
        "accepted the place of 'Mongolia and China' under 'Mongolia and … (countries)'"
    )
    assert concept(placed.taxonomy, "Mongolia and China").placement == ACCEPTED
    assert not edit.accept(t, "Moninfo").changed
    refused(
        lambda t: edit.accept(t, "Moninfo", placement=True),
        "'Moninfo' is at the top level: it has no placement",
    )


def test_reject_a_group_dissolves_it_and_records_distinct_pairs() -> None:
    edited = edit.reject(taxonomy(), "Mongolia and USA")
    assert edited.message == (
        "rejected 'Mongolia and USA': 'Mongolia and US', 'Mongolia and United States' are "
        "concepts of their own, recorded distinct from it"
    )
    countries = concept(edited.taxonomy, "Mongolia and … (countries)")
    assert [c.label for c in countries.children][:3] == [
        "Mongolia and USA",
        "Mongolia and US",
        "Mongolia and United States",
    ]
    assert concept(edited.taxonomy, "Mongolia and USA") == Concept(
        "Mongolia and USA",
        status=ACCEPTED,
        placement=SUGGESTED,
        why=concept(taxonomy(), "Mongolia and USA").why,
    )
    assert edited.taxonomy.distinct[1:] == (
        Distinct("Mongolia and US", "Mongolia and USA"),
        Distinct("Mongolia and United States", "Mongolia and USA"),
    )
    assert validate(edited.taxonomy) == []
    assert_kept(written(edited), DISTINCT)


def test_reject_a_generated_parent_split_removal_and_placement() -> None:
    t = taxonomy()
    edited = edit.reject(t, "Mongolia and … (countries)")
    assert edited.message == (
        "rejected the generated 'Mongolia and … (countries)': its 5 children moved to the top level"
    )
    assert {c.placement for c in edited.taxonomy.concepts} == {None}
    edited = edit.reject(t, "Mongolia and Russia and Mongolia and China")
    assert edited.taxonomy.splits == ()
    assert concept(edited.taxonomy, "Mongolia and Russia and Mongolia and China").status == ACCEPTED
    edited = edit.reject(t, "Mongolia spam")
    assert (
        edited.message
        == "rejected the removal of 'Mongolia spam': it is a concept of its own again"
    )
    edited = edit.reject(t, "Mongolia and China", placement=True)
    assert parent_of(edited.taxonomy, "Mongolia and China") is None
    refused(
        lambda t: edit.reject(t, "Moninfo"),
        "'Moninfo' has no aliases to reject: accept it, or remove the label: "
        "taxonomy remove Moninfo",
    )


def test_all_above_a_score() -> None:
    edited = edit.accept_all(taxonomy(), 95)
    assert edited.message == "accepted 2 concepts with a score of 95 or more"
    accepted = {c.label for c in edited.taxonomy.walk() if c.status == ACCEPTED}
    assert {"Mongolia and USA", "Mongolia Sumo"} <= accepted
    assert "Mongolia and India" not in accepted  # score 90
    edited = edit.reject_all(taxonomy(), 95.6)
    assert edited.message == "rejected 2 concepts with a score of 95.6 or more"
    assert not edit.accept_all(taxonomy(), 99).changed


def test_all_decides_every_suggestion() -> None:
    edited = edit.accept_all(taxonomy())
    assert edited.message == "accepted 5 concepts, 4 placements, 1 split and 1 removal"
    t = edited.taxonomy
    assert all(c.status == ACCEPTED and c.placement != SUGGESTED for c in t.walk())
    assert validate(t) == []
    rejected = edit.reject_all(taxonomy()).taxonomy
    assert all(c.status == ACCEPTED and c.placement is None for c in rejected.walk())
    assert validate(rejected) == []


def test_regroup_chooses_another_label_and_drops_members() -> None:
    edited = edit.regroup(
        taxonomy(), "Mongolia and USA", "Mongolia and United States", ["Mongolia and US"]
    )
    assert edited.message == (
        "accepted 'Mongolia and United States' with its aliases 'Mongolia and USA'; "
        "'Mongolia and US' is on its own"
    )
    usa = concept(edited.taxonomy, "Mongolia and United States")
    assert usa.aliases == ("Mongolia and USA",)
    assert edited.taxonomy.distinct[1:] == (
        Distinct("Mongolia and US", "Mongolia and USA"),
        Distinct("Mongolia and US", "Mongolia and United States"),
    )
    edited = edit.regroup(taxonomy(), "Mongolia Sumo", "Sumo")
    assert concept(edited.taxonomy, "Sumo").aliases == ("Mongolia Sumo", "Mongolian Sumo")
    with pytest.raises(EditError, match="nothing would be left of the group"):
        edit.regroup(taxonomy(), "Mongolia Sumo", "Sumo", ["Mongolia Sumo", "Mongolian Sumo"])
    with pytest.raises(EditError, match="'Moninfo' is already the label of a concept"):
        edit.regroup(taxonomy(), "Mongolia Sumo", "Moninfo")


def test_every_edit_in_turn_keeps_what_was_written_by_hand(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.yaml"
    path.write_text(ORIGINAL, encoding="utf-8")
    steps: list[Callable[[Taxonomy], Edited]] = [
        lambda t: edit.accept(t, "Mongolia Sumo"),
        lambda t: edit.reject(t, "Mongolia and Hong Kong"),
        lambda t: edit.indistinct(t, "Mongolia and Hongkong", "Mongolia and Hong Kong"),
        lambda t: edit.merge(t, ["Mongolia and Hongkong"], "Mongolia and Hong Kong"),
        lambda t: edit.rename(t, "Mongolia and … (countries)", "Partner countries"),
        lambda t: edit.move(t, "Mongolia and China", "Partner countries"),
        lambda t: edit.accept_all(t),
    ]
    for step in steps:
        document = Document.read(path)
        edit.write(document, step(document.taxonomy))
        document.save(backup=False)
    text = path.read_text(encoding="utf-8")
    assert_kept(text, DISTINCT)
    assert "  # Partner countries, grouped by `suggest`.\n  - label: Partner countries\n" in text
    assert "        aliases: [Mongolia and Ind]   # cut off in the sidebar\n" in text
    assert "        placement: accepted       # decided by hand\n" in text
    assert validate(load_taxonomy(path)) == []
