"""The ``wxr`` loader on real WordPress exports and on synthetic ones."""

from __future__ import annotations

import tracemalloc
from pathlib import Path
from types import ModuleType

import pytest

from taxonomy.errors import SourceError
from taxonomy.model import Inventory, Label, Location
from taxonomy.sources import LoadOptions, SourceFormat, detect, load, open_source

DATA = Path(__file__).resolve().parents[1] / "data" / "wordpress"
SAMPLE = DATA / "google-wordpress-sample.wxr"
SAMPLE2 = DATA / "google-wordpress-sample2.wxr"
JEKYLL = DATA / "jekyll-import-sitetitle.wordpress.2025-01-19.xml"
TRYGHOST = DATA / "tryghost-wp-sample.xml"
LOCAL_ONLY = Path("/work/shared/data/wordpress/wptrt-themeunittestdata.wordpress.xml")


def table(inventory: Inventory) -> list[tuple[str, str, str | None, str | None, int | None]]:
    return [
        (label.kind, label.name, label.slug, label.parent, label.count)
        for label in inventory.labels
    ]


def label(inventory: Inventory, kind: str, name: str) -> Label:
    return next(item for item in inventory.labels if item.kind == kind and item.name == name)


@pytest.mark.parametrize("path", [SAMPLE, SAMPLE2, JEKYLL, TRYGHOST])
def test_real_exports_are_detected_as_wxr(path: Path) -> None:
    assert detect(open_source(path)) is SourceFormat.wxr


def test_declared_terms_come_first_with_slugs_and_counts() -> None:
    inventory = load(SAMPLE)
    assert inventory.format == "wxr"
    assert table(inventory) == [
        ("category", "DataPortability", "dataportability", None, 1),
        ("category", "Uncategorized", "uncategorized", None, 1),
        ("category", "upload", "upload", None, 0),
        ("category", "wordpress2blogger", "wordpress2blogger", None, 2),
        ("tag", "dunkin donuts", "dunkin-donuts", None, 0),
        ("tag", "dunkin donuts first", "dunkin-donuts-first", None, 0),
        ("tag", "NewTag", "newtag", None, 1),
    ]
    # The term list line first, then the line of each item using the term.
    assert label(inventory, "category", "wordpress2blogger").locations == (
        Location(str(SAMPLE), 39),
        Location(str(SAMPLE), 64),
        Location(str(SAMPLE), 200),
    )


def test_pages_and_attachments_are_not_posts() -> None:
    inventory = load(SAMPLE)
    assert inventory.posts is not None
    assert [(post.id, post.title, post.labels) for post in inventory.posts] == [
        (
            "17",
            "A test of newlines and labels/categories",
            ("DataPortability", "wordpress2blogger", "NewTag"),
        ),
        ("18", "An image test", ("Uncategorized",)),
        ("20", "A video test", ("wordpress2blogger",)),
    ]


def test_wxr_1_0_legacy_drafts_and_undeclared_prefix() -> None:
    inventory = load(SAMPLE2)
    assert inventory.posts is not None
    assert len(inventory.posts) == 10
    assert [post.status for post in inventory.posts].count("draft") == 6
    assert inventory.posts[7].labels == (
        "Uncategorized",
        "Everything",
        "individual",
        "Previously Unpublished",
    )
    assert label(inventory, "category", "Uncategorized").count == 4
    assert label(inventory, "tag", "Everything").count == 4
    assert label(inventory, "tag", "Already Published").count == 2
    assert sum(item.count == 0 for item in inventory.labels) == 8
    assert [(str(note.location), note.message) for note in inventory.ambiguities] == [
        (
            f"{SAMPLE2}:62",
            "namespace prefix 'excerpt' is never declared; <excerpt:encoded> read as is",
        )
    ]


def test_wxr_1_2_export_keeps_item_order_and_skips_other_post_types() -> None:
    inventory = load(JEKYLL)
    assert inventory.posts is not None
    assert [post.id for post in inventory.posts] == ["4", "5", "6", "7", "8", "9", "14"]
    assert inventory.posts[-1].labels == ("code", "Foo", "ruby", "ship", "stars")
    assert inventory.posts[-1].location == Location(str(JEKYLL), 637)
    assert table(inventory) == [
        ("category", "Foo", "foo", None, 1),
        ("category", "Uncategorized", "uncategorized", None, 6),
        ("tag", "code", "code", None, 1),
        ("tag", "ruby", "ruby", None, 1),
        ("tag", "ship", "ship", None, 1),
        ("tag", "stars", "stars", None, 1),
    ]


def test_fields_choose_the_taxonomies() -> None:
    inventory = load(JEKYLL, options=LoadOptions(fields=("tags",)))
    assert [item.name for item in inventory.labels] == ["code", "ruby", "ship", "stars"]
    assert inventory.posts is not None
    assert inventory.posts[-1].labels == ("code", "ruby", "ship", "stars")


def test_bare_ampersand_is_read_as_text_and_noted_with_its_line() -> None:
    inventory = load(TRYGHOST)
    assert {(item.kind, item.name): item.count for item in inventory.labels} == {
        ("category", "Company News"): 2,
        ("tag", "Programming"): 2,
        ("tag", "Has Images"): 2,
    }
    message = "a bare '&' (not XML) read as '&amp;', as WordPress's importer does"
    assert [(note.message, note.location) for note in inventory.ambiguities] == [
        (message, Location(str(TRYGHOST), 109)),
        (message, Location(str(TRYGHOST), 110)),
    ]


def test_bare_ampersands_leave_cdata_and_references_alone() -> None:
    from taxonomy.sources._xml import BareAmpersands

    text = b"<a href='?x=1&y=2'>&amp; &#38; &#x26; <![CDATA[ a & b ]]> R&D</a>\n"
    fixer = BareAmpersands()
    # Fed one byte at a time, so that references and markers are cut at every place.
    out = b"".join(fixer.feed(text[i : i + 1]) for i in range(len(text)))
    out += fixer.feed(b"", final=True)
    assert out == b"<a href='?x=1&amp;y=2'>&amp; &#38; &#x26; <![CDATA[ a & b ]]> R&amp;D</a>\n"
    assert fixer.fixed == [1]


@pytest.mark.parametrize("size", [1, 7, 64, 65, 100, 4096])
def test_references_cut_by_a_chunk_boundary_are_not_escaped_again(size: int) -> None:
    from taxonomy.sources._xml import BareAmpersands

    # Long enough that every chunk size cuts references, CDATA markers and bare '&' somewhere.
    unit = b"<c>A &amp; B &#38; C</c><![CDATA[ x & y ]]><d>R&D &lt;</d>\n"
    text = b"<a>" + unit * 40 + b"</a>"
    fixer = BareAmpersands()
    out = b"".join(fixer.feed(text[i : i + size]) for i in range(0, len(text), size))
    out += fixer.feed(b"", final=True)
    assert out == text.replace(b"R&D", b"R&amp;D")


def test_blogger_given_as_wxr_says_what_it_looks_like() -> None:
    blogger = DATA.parent / "blogger" / "google-blogger-sample.xml"
    with pytest.raises(SourceError) as caught:
        load(blogger, "wxr")
    assert caught.value.message == (
        "not a WordPress export (WXR): it looks like a Blogger export; try --from blogger"
    )
    assert (caught.value.path, caught.value.line) == (str(blogger), 2)


@pytest.mark.skipif(not LOCAL_ONLY.exists(), reason="local-only export not present")
def test_local_theme_unit_test_export() -> None:
    inventory = load(LOCAL_ONLY)
    kinds = [item.kind for item in inventory.labels]
    assert kinds.count("category") == 67
    assert kinds.count("tag") == 111  # 110 declared, "Columns" only used on posts
    assert inventory.posts is not None
    assert len(inventory.posts) == 51
    assert sorted({post.status for post in inventory.posts}) == ["draft", "future", "published"]
    assert label(inventory, "category", "Post Formats").count == 15
    assert label(inventory, "tag", "Post Formats").count == 15
    assert label(inventory, "category", "Grandchild Category").parent == "Child Category 03"
    same = [item for item in inventory.labels if item.name == "Foo A"]
    assert [(item.slug, item.parent, item.count) for item in same] == [
        ("foo-a", None, 1),
        ("foo-a-foo-parent", "Foo Parent", 1),
    ]
    assert [note.message for note in inventory.ambiguities if "bare '&'" not in note.message] == [
        "2 category terms are named 'Foo A' (slugs foo-a, foo-a-foo-parent); kept apart"
    ]
    assert label(inventory, "tag", "content περιεχόμενο").count == 22
    formats = load(LOCAL_ONLY, options=LoadOptions(fields=("post_format",)))
    assert {(item.kind, item.name): item.count for item in formats.labels} == {
        ("post_format", "Gallery"): 2,
        ("post_format", "Aside"): 1,
        ("post_format", "Chat"): 1,
        ("post_format", "Link"): 1,
        ("post_format", "Image"): 3,
        ("post_format", "Quote"): 1,
        ("post_format", "Status"): 1,
        ("post_format", "Video"): 2,
        ("post_format", "Audio"): 1,
    }


def test_synthetic_export_counts_match(tmp_path: Path, synthetic: ModuleType) -> None:
    export = tmp_path / "synthetic.wxr"
    expected = synthetic.write_wxr(export, 200, vocabulary=30, body=500)
    inventory = load(export)
    assert inventory.posts is not None
    assert len(inventory.posts) == expected.posts == 200  # the page is left out
    assert sum(post.status == "draft" for post in inventory.posts) == 20
    assert {item.name: item.count for item in inventory.labels} == expected.counts
    assert {item.kind for item in inventory.labels} == {"tag"}


def test_https_namespace_of_wordpress_com(tmp_path: Path, synthetic: ModuleType) -> None:
    export = tmp_path / "https.wxr"
    synthetic.write_wxr(export, 20, vocabulary=5, body=100)
    text = export.read_text(encoding="utf-8")
    export.write_text(text.replace("http://wordpress.org/export/", "https://wordpress.org/export/"))
    inventory = load(export, "wxr")
    assert inventory.posts is not None and len(inventory.posts) == 20
    assert len(inventory.labels) == 5


def test_streaming_keeps_memory_far_below_the_file_size(
    tmp_path: Path, synthetic: ModuleType
) -> None:
    export = tmp_path / "big.wxr"
    synthetic.write_wxr(export, 400, vocabulary=40, body=50_000)
    size = export.stat().st_size
    assert size > 20_000_000
    load(SAMPLE)  # the loader's imports are not part of what is measured
    tracemalloc.start()
    try:
        inventory = load(export)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert inventory.posts is not None and len(inventory.posts) == 400
    assert peak < size / 20


def test_rss_without_the_wordpress_namespace_is_not_wxr(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?>\n<rss version="2.0">\n<channel><item><title>x</title></item>'
        "</channel></rss>\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceError) as caught:
        load(feed, "wxr")
    assert caught.value.message == (
        "not a WordPress export (WXR): an RSS feed without the WordPress export namespace"
    )
    assert caught.value.line == 2
