"""The ``ghost`` loader on Ghost JSON exports: wrapped, flat, and bare tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomy.errors import SourceError
from taxonomy.model import Inventory, Location
from taxonomy.sources import SourceFormat, detect, load, open_source

DATA = Path(__file__).resolve().parents[1] / "data" / "ghost"
WRAPPED = DATA / "tryghost-ghost.json"
FLAT = DATA / "tryghost-ghost-flat.json"
HANDMADE = DATA / "handmade-ghost-export.json"
OLD = DATA / "handmade-ghost-old.json"


def table(inventory: Inventory) -> list[tuple[str, str, str | None, int | None]]:
    return [(label.kind, label.name, label.slug, label.count) for label in inventory.labels]


@pytest.mark.parametrize("path", [WRAPPED, FLAT, HANDMADE, OLD])
def test_exports_are_detected_as_ghost(path: Path) -> None:
    assert detect(open_source(path)) is SourceFormat.ghost


def test_wrapped_export() -> None:
    inventory = load(WRAPPED)
    assert inventory.format == "ghost"
    assert table(inventory) == [("tag", "News", "news", 1), ("tag", "Technology", "technology", 1)]
    assert inventory.posts is not None
    assert [(post.title, post.labels, post.status) for post in inventory.posts] == [
        ("Post 1", ("News",), "published"),
        ("Post 2", ("Technology",), "published"),
        ("Post 3 - Lexical", (), "published"),
    ]
    assert inventory.labels[0].locations == (Location(str(WRAPPED)),)


def test_flat_export_without_tags() -> None:
    inventory = load(FLAT)
    assert inventory.labels == ()
    assert inventory.posts is not None
    assert [(post.id, post.title) for post in inventory.posts] == [("abc123", "Flat Format Post")]


def test_sort_order_internal_tags_pages_and_drafts() -> None:
    inventory = load(HANDMADE)
    assert table(inventory) == [
        ("tag", "Photography", "photography", 1),
        ("tag", "photography", "photography-2", 1),
        ("internal-tag", "#feature", "hash-feature", 1),
        ("tag", "Travel", "travel", 2),
        ("tag", "Unused", "unused", 0),
        ("tag", "Drafts only", "drafts-only", 0),
        ("tag", "Pages only", "pages-only", 0),
    ]
    assert inventory.posts is not None
    assert [(post.id, post.labels, post.status) for post in inventory.posts] == [
        ("p1", ("Photography", "#feature", "Travel"), "published"),
        ("p2", ("photography", "Travel"), "published"),
        ("p3", ("Drafts only", "Photography"), "draft"),
        ("p5", ("Travel",), "scheduled"),
        ("p6", (), "published"),
    ]
    assert [note.message for note in inventory.ambiguities] == [
        "posts_tags links to a tag 't404' that is not in tags; skipped"
    ]


def test_bare_tables_of_an_old_export() -> None:
    inventory = load(OLD)
    assert table(inventory) == [
        ("tag", "Getting Started", "getting-started", 2),
        ("internal-tag", "#hidden", "hash-hidden", 1),
        ("tag", "Colophon", "colophon", 0),
    ]
    assert inventory.posts is not None
    assert [(post.id, post.labels) for post in inventory.posts] == [
        ("1", ("Getting Started", "#hidden")),
        ("3", ("Getting Started",)),
    ]


def test_json_of_another_shape_is_not_a_ghost_export(tmp_path: Path) -> None:
    other = tmp_path / "list.json"
    other.write_text('[{"name": "a"}]\n', encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load(other)
    assert caught.value.message.startswith("JSON, but not a Ghost export")


def test_tags_must_be_a_list_of_objects(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"data": {"tags": {"id": 1}}}', encoding="utf-8")
    with pytest.raises(SourceError, match="'tags' is not a list of objects"):
        load(broken)
