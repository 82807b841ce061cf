"""The Ghost rewriter: a hand-checked golden case, round trips on the real exports, properties."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taxonomy.apply._jsonspans import Node, parse
from taxonomy.apply.ghost import rewrite
from taxonomy.errors import SourceError
from taxonomy.mapping import LabelMap, read_label_map
from taxonomy.model import Inventory
from taxonomy.sources import Source, load
from taxonomy.sources._common import LoadOptions
from taxonomy.sources.ghost_source import load as load_ghost

DATA = Path(__file__).resolve().parents[1] / "data"
GHOST = DATA / "ghost"
HERE = DATA / "apply" / "ghost"
EXPORTS = sorted(GHOST.glob("*.json"))


def read(data: bytes) -> Inventory:
    return load_ghost(Source("export.json", data=data), LoadOptions())


def test_golden_handmade_export() -> None:
    """Merge into an existing tag, split keeping the tag, removal, renames (used and unused)."""
    mapping = read_label_map(HERE / "mapping.yaml")
    before = (GHOST / "handmade-ghost-export.json").read_bytes()
    result = rewrite(before, mapping, name="handmade.json")
    assert result.data.decode() == (HERE / "handmade-ghost-export.expected.json").read_text()
    assert (result.posts, result.replaced) == (4, 6)
    assert rewrite(result.data, mapping, name="handmade.json").data == result.data
    tags = [(label.name, label.slug, label.count) for label in read(result.data).labels]
    assert tags == [
        ("Photography", "photography", 2),
        ("Travel", "travel", 2),
        ("Trips", "trips", 2),
        ("Nothing", "unused", 0),
        ("Drafts", "drafts-only", 0),
        ("Pages only", "pages-only", 0),
    ]


def test_old_export_numeric_ids_and_no_sort_order() -> None:
    """New tags and rows take the next integer id; rows without sort_order keep array order."""
    before = (GHOST / "handmade-ghost-old.json").read_bytes()
    mapping = LabelMap({"Getting Started": ("Getting Started", "Basics"), "#hidden": ()})
    result = rewrite(before, mapping, name="old.json")
    document = json.loads(result.data)
    assert document["tags"][1] == {"id": 4, "name": "Basics", "slug": "basics"}
    assert document["posts_tags"] == [
        {"id": 1, "post_id": 1, "tag_id": 1},
        {"id": 5, "post_id": 1, "tag_id": 4},
        {"id": 3, "post_id": 2, "tag_id": 3},
        {"id": 4, "post_id": 3, "tag_id": 1},
        {"id": 6, "post_id": 3, "tag_id": 4},
    ]
    assert b'{"id": 4, "name": "Basics", "slug": "basics"},\n' in result.data


def test_pretty_export_keeps_its_layout() -> None:
    """A split in the indented TryGhost export: the new tag copies the layout of the tag it
    comes from, descriptive fields null; the new row that of its row."""
    before = (GHOST / "tryghost-ghost.json").read_bytes()
    result = rewrite(before, LabelMap({"News": ("Updates", "Press")}), name="t.json")
    text = result.data.decode()
    assert '"name": "Updates",\n                        "slug": "news",' in text
    new_tag = (
        '{\n                        "id": "'
        + json.loads(result.data)["db"][0]["data"]["tags"][1]["id"]
        + '",\n                        "name": "Press",\n                        "slug": "press",'
        '\n                        "description": null,\n                        '
        '"feature_image": null,'
    )
    assert new_tag in text
    assert [p.labels for p in read(result.data).posts or ()] == [
        ("Updates", "Press"),
        ("Technology",),
        (),
    ]


SAMPLE_MAPS = {  # resolved maps, as label_map and read_label_map make them
    "handmade-ghost-export.json": {
        "Travel": ("Photography",),
        "photography": ("Photo", "Photography"),
    },
    "handmade-ghost-old.json": {"Getting Started": ("Start",), "#hidden": ("#secret", "Start")},
    "tryghost-ghost.json": {"News": ("Technology", "Tech"), "Technology": ("Technology", "Tech")},
}


@pytest.mark.parametrize(
    "path", [path for path in EXPORTS if path.name in SAMPLE_MAPS], ids=lambda path: path.name
)
def test_round_trip_on_the_exports(path: Path) -> None:
    mapping = LabelMap(SAMPLE_MAPS[path.name])
    before = path.read_bytes()
    result = rewrite(before, mapping, name=path.name)
    assert result.data != before
    assert_round_trip(before, result.data, mapping)
    assert rewrite(result.data, mapping, name=path.name).data == result.data


def test_real_export_loaded_from_disk_round_trip(tmp_path: Path) -> None:
    """The same through the file loader: detection, the BOM kept."""
    target = tmp_path / "export.json"
    target.write_bytes(b"\xef\xbb\xbf" + (GHOST / "tryghost-ghost.json").read_bytes())
    result = rewrite(target.read_bytes(), LabelMap({"News": ("Stories",)}), name=str(target))
    assert result.data.startswith(b"\xef\xbb\xbf")
    target.write_bytes(result.data)
    assert [label.name for label in load(target).labels] == ["Stories", "Technology"]


def assert_round_trip(before: bytes, after: bytes, mapping: LabelMap) -> None:
    """Posts read as mapped; the same posts; everything but the tag tables byte for byte; a
    tag the map leaves alone keeps its exact text."""
    old, new = read(before), read(after)
    assert old.posts is not None and new.posts is not None
    assert [p.labels for p in new.posts] == [mapping.rewrite(p.labels) for p in old.posts]
    assert [(p.id, p.title, p.status) for p in new.posts] == [
        (p.id, p.title, p.status) for p in old.posts
    ]
    old_text, new_text = before.decode("utf-8-sig"), after.decode("utf-8-sig")
    assert outside_tag_tables(old_text) == outside_tag_tables(new_text)
    for node in tag_objects(old_text):
        name = str(json.loads(old_text[node.start : node.end])["name"]).strip()
        if name not in mapping:
            assert old_text[node.start : node.end] in new_text


def tables(text: str) -> list[Node]:
    root = parse(text)
    datas = [root]
    if (db := root.get("db")) is not None:
        datas = [d for entry in db.items or () if (d := entry.get("data")) is not None]
    elif (data := root.get("data")) is not None:
        datas = [data]
    return [t for d in datas for key in ("tags", "posts_tags") if (t := d.get(key)) is not None]


def outside_tag_tables(text: str) -> list[str]:
    pieces, position = [], 0
    for table in sorted(tables(text), key=lambda node: node.start):
        pieces.append(text[position : table.start])
        position = table.end
    return [*pieces, text[position:]]


def tag_objects(text: str) -> list[Node]:
    return [item for table in tables(text)[::2] for item in table.items or ()]


def test_malformed_and_foreign_json() -> None:
    with pytest.raises(SourceError, match=r"^bad\.json:3: invalid JSON: Expecting"):
        rewrite(
            b'{\n  "tags": [\n    {"id": 1,, "name": "x"}\n  ]\n}\n', LabelMap(), name="bad.json"
        )
    with pytest.raises(SourceError, match=r"^x\.json: JSON, but not a Ghost export"):
        rewrite(b'{"name": "x"}', LabelMap({"x": ()}), name="x.json")


@pytest.mark.parametrize(
    ("name", "mapping"),
    [("handmade-ghost-export.json", {"Not a tag": ("Other",)}), ("tryghost-ghost-flat.json", {})],
)
def test_nothing_mapped_changes_nothing(name: str, mapping: dict[str, tuple[str, ...]]) -> None:
    """A map of labels the export does not use, or an export without tags: the same bytes."""
    before = (GHOST / name).read_bytes()
    result = rewrite(before, LabelMap(mapping), name="x.json")
    assert (result.data, result.posts, result.replaced) == (before, 0, 0)


# Properties ------------------------------------------------------------------------------

SPECIAL = ["a & b", "<b>", 'say "hi"', "it's", "café", "東京", "C++", "#hash", "\\slash", "a/b"]
ALL_LABELS = sorted({label.name for path in EXPORTS for label in load(path).labels})
new_label = st.one_of(
    st.sampled_from(SPECIAL + ALL_LABELS),
    st.text(st.characters(categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=8)
    .map(str.strip)
    .filter(bool),
)
mappings = st.dictionaries(
    st.sampled_from(ALL_LABELS), st.lists(new_label, max_size=3), min_size=1, max_size=6
)


def resolved(raw: dict[str, list[str]]) -> LabelMap:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "map.yaml"
        path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        return read_label_map(path)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=mappings, index=st.integers(0, len(EXPORTS) - 1))
def test_properties(raw: dict[str, list[str]], index: int) -> None:
    """For any map: posts read as mapped, nothing outside the tag tables changes, unmapped
    tags keep their text, and a second rewrite changes nothing."""
    mapping = resolved(raw)
    before = EXPORTS[index].read_bytes()
    result = rewrite(before, mapping, name="export.json")
    assert_round_trip(before, result.data, mapping)
    assert rewrite(result.data, mapping, name="export.json").data == result.data
