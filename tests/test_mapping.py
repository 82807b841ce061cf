from pathlib import Path

import pytest

from taxonomy.errors import DocumentError
from taxonomy.mapping import LabelMap, label_map, read_label_map
from taxonomy.model import ACCEPTED, Concept, Removal, SplitDecision, Taxonomy


def _taxonomy() -> Taxonomy:
    return Taxonomy(
        concepts=(
            Concept("Mongolia and USA", aliases=("Mongolia and US",), status=ACCEPTED),
            Concept(
                "Mining",
                aliases=("mining",),
                children=(Concept("Coal", aliases=("coal", "Coal mining"), status=ACCEPTED),),
            ),
            Concept("China", aliases=("Chinese",), status=ACCEPTED),
        ),
        splits=(SplitDecision("Russia and China", into=("Russia", "Chinese"), status=ACCEPTED),),
        removed=(Removal("Moninfo", status=ACCEPTED), Removal("Misc")),
    )


def test_accepted_decisions_only_by_default() -> None:
    mapping = label_map(_taxonomy())
    assert dict(mapping.targets) == {
        "Mongolia and US": ("Mongolia and USA",),
        "coal": ("Coal",),
        "Coal mining": ("Coal",),
        "Chinese": ("China",),
        "Russia and China": ("Russia", "China"),  # the part 'Chinese' followed to its concept
        "Moninfo": (),
    }


def test_include_suggested_takes_every_decision() -> None:
    mapping = label_map(_taxonomy(), include_suggested=True)
    assert mapping.get("mining") == ("Mining",)
    assert mapping.get("Misc") == ()
    assert mapping.get("Mining") is None


def test_rewrite_replaces_in_place_expands_splits_and_keeps_first_of_duplicates() -> None:
    mapping = label_map(_taxonomy())
    post = ["News", "Chinese", "Russia and China", "Moninfo", "China", "coal"]
    assert mapping.rewrite(post) == ("News", "China", "Russia", "Coal")
    assert mapping.changes(post)
    assert not mapping.changes(["News", "China"])
    assert mapping.rewrite(mapping.rewrite(post)) == mapping.rewrite(post)


def test_rewrite_counts_a_repeated_label_as_a_change() -> None:
    assert LabelMap({}).changes(["a", "a"])


def test_a_looping_chain_stops_where_it_would_repeat() -> None:
    loop = Taxonomy(
        concepts=(
            Concept("a", aliases=("b",), status=ACCEPTED),
            Concept("b", aliases=("a",), status=ACCEPTED),
        )
    )
    assert dict(label_map(loop).targets) == {"b": ("b",), "a": ("a",)}


def test_read_label_map(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text('US: USA\nold: [a, b]\ngone: null\n"2008": Year 2008\nUSA: United States\n')
    mapping = read_label_map(path)
    assert dict(mapping.targets) == {
        "US": ("United States",),
        "old": ("a", "b"),
        "gone": (),
        "2008": ("Year 2008",),
        "USA": ("United States",),
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n- b\n", "must map old labels"),
        ("a: {b: c}\n", "expected a label"),
        ("2008: x\n", "quote it"),
        ("a: [b\n", "not a valid YAML mapping"),
    ],
)
def test_read_label_map_refuses_what_is_not_a_mapping(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(text)
    with pytest.raises(DocumentError, match=message) as error:
        read_label_map(path)
    assert str(path) in str(error.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "map.yaml: empty: expected a taxonomy document or a mapping 'old label: new label'"),
        (b"# nothing yet\n", "map.yaml: empty: expected a taxonomy document or a mapping"),
        (b"US: USA\nold: \xff\n", "map.yaml:2: not UTF-8 text (byte 0xff)"),
        (b"- a\n- b\n", "map.yaml:1: a mapping file must map old labels to new ones "),
    ],
)
def test_read_label_map_says_what_is_wrong_in_one_line(
    tmp_path: Path, content: bytes, message: str
) -> None:
    """An empty file used to be an empty mapping (apply: "nothing to change", exit 0), and
    a binary file gave Python's codec message."""
    path = tmp_path / "map.yaml"
    path.write_bytes(content)
    with pytest.raises(DocumentError) as error:
        read_label_map(path)
    assert str(error.value).startswith(f"{tmp_path}/{message}")
    assert "\n" not in str(error.value)


def test_read_label_map_of_a_folder(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as error:
        read_label_map(tmp_path)
    assert str(error.value) == f"{tmp_path}: is a folder, not a mapping file"  # not [Errno 21]


def test_read_label_map_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no such file"):
        read_label_map(tmp_path / "nope.yaml")
