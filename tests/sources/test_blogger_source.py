"""The ``blogger`` loader on real Blogger exports and on synthetic ones of any size."""

from __future__ import annotations

import tracemalloc
from pathlib import Path
from types import ModuleType

import pytest

from taxonomy.errors import SourceError
from taxonomy.model import Inventory, Location
from taxonomy.sources import LoadOptions, Source, SourceFormat, detect, load, open_source

DATA = Path(__file__).resolve().parents[1] / "data" / "blogger"
SAMPLE = DATA / "google-blogger-sample.xml"
SAMPLE2 = DATA / "google-blogger-sample2.xml"
TRYGHOST = DATA / "tryghost-blogger-sample.xml"
LOCAL_ONLY = Path("/work/shared/data/blogger/yms9654-blog-export.xml")


def counts(inventory: Inventory) -> dict[str, int | None]:
    return {label.name: label.count for label in inventory.labels}


def lines(inventory: Inventory, name: str) -> list[int | None]:
    label = next(label for label in inventory.labels if label.name == name)
    return [location.line for location in label.locations]


@pytest.mark.parametrize("path", [SAMPLE, SAMPLE2, TRYGHOST])
def test_real_exports_are_detected_as_blogger(path: Path) -> None:
    assert detect(open_source(path)) is SourceFormat.blogger


def test_markup_inside_a_comment_before_the_root_is_not_taken_for_the_root() -> None:
    data = b'<?xml version="1.0"?>\n<!-- <category term="x"/> -->\n<feed xmlns="http://www.w3.org/2005/Atom"/>'
    assert detect(Source(name="x.xml", data=data)) is SourceFormat.blogger


def test_prefixed_atom_export_posts_labels_and_entry_lines() -> None:
    inventory = load(SAMPLE)
    assert inventory.format == "blogger"
    assert counts(inventory) == {"NewTag": 1, "DataPortability": 1, "wordpress2blogger": 2}
    assert {label.kind for label in inventory.labels} == {"label"}
    assert inventory.posts is not None
    assert [(post.id, post.title, post.labels) for post in inventory.posts] == [
        (
            "post-17",
            "A test of newlines and labels/categories",
            ("NewTag", "DataPortability", "wordpress2blogger"),
        ),
        ("post-18", "An image test", ()),
        ("post-20", "A video test", ("wordpress2blogger",)),
    ]
    assert lines(inventory, "wordpress2blogger") == [7, 46]
    assert inventory.labels[0].locations == (Location(str(SAMPLE), 7),)


def test_template_settings_and_comments_are_not_posts() -> None:
    inventory = load(SAMPLE2)
    assert inventory.posts is not None
    assert [post.title for post in inventory.posts] == [
        "A (somewhat) brief history",
        "About Me",
        "Rolling in Hawaii",
        "This about sums up my life.",
    ]
    assert [post.location.line for post in inventory.posts if post.location] == [
        1775,
        1797,
        1818,
        1839,
    ]
    assert counts(inventory) == {
        "individual": 1,
        "Everything": 4,
        "Previously Unpublished": 2,
        "Already Published": 2,
    }
    assert lines(inventory, "Previously Unpublished") == [1775, 1839]


def test_drafts_are_posts_but_not_counted() -> None:
    inventory = load(TRYGHOST)
    assert inventory.posts is not None
    assert [(post.title, post.status) for post in inventory.posts] == [
        ("Rhoncus Published Post", "published"),
        ("Vestibulum Post With Image", "published"),
        ("Maecenas Draft Post", "draft"),
    ]
    # The draft reuses the id of the first post: both are kept, only the published one counts.
    assert inventory.posts[0].id == inventory.posts[2].id
    assert counts(inventory) == {"Lorem Ipsum": 1, "All Night Party": 1, "Dance": 1}
    assert lines(inventory, "Lorem Ipsum") == [21, 65]
    assert inventory.posts[1].labels == ("All Night Party", "Dance")


def test_a_label_only_on_drafts_counts_zero(tmp_path: Path) -> None:
    text = TRYGHOST.read_text(encoding="utf-8").replace(
        "<title type='text'>Maecenas Draft Post",
        "<category scheme='http://www.blogger.com/atom/ns#' term='Someday'/>"
        "<title type='text'>Maecenas Draft Post",
    )
    export = tmp_path / "drafts.xml"
    export.write_text(text, encoding="utf-8")
    assert counts(load(export))["Someday"] == 0


def test_wxr_given_as_blogger_says_what_it_looks_like() -> None:
    wxr = DATA.parent / "wordpress" / "google-wordpress-sample.wxr"
    with pytest.raises(SourceError) as caught:
        load(wxr, "blogger")
    assert caught.value.message == (
        "not a Blogger export: it looks like a WordPress export (WXR); try --from wxr"
    )
    assert caught.value.line == 19


@pytest.mark.skipif(not LOCAL_ONLY.exists(), reason="local-only export not present")
def test_local_real_blog_export() -> None:
    inventory = load(LOCAL_ONLY)
    assert inventory.posts is not None
    assert len(inventory.posts) == 25
    assert len(inventory.labels) == 97
    assert sum(label.count or 0 for label in inventory.labels) == 119
    assert [(label.name, label.count) for label in inventory.by_count()[:3]] == [
        ("mac", 5),
        ("ruby", 4),
        ("vim", 4),
    ]
    # Blogger writes all posts on one long line: every entry is found on it.
    assert {post.location.line for post in inventory.posts if post.location} == {2053}


def test_synthetic_export_counts_match(tmp_path: Path, synthetic: ModuleType) -> None:
    export = tmp_path / "synthetic.xml"
    expected = synthetic.write_blogger(export, 200, vocabulary=30, body=500)
    inventory = load(export)
    assert inventory.posts is not None
    assert len(inventory.posts) == expected.posts == 200
    assert sum(post.status == "draft" for post in inventory.posts) == 20
    assert counts(inventory) == expected.counts
    assert "Not A Label" not in counts(inventory)  # only on comments


def test_streaming_keeps_memory_far_below_the_file_size(
    tmp_path: Path, synthetic: ModuleType
) -> None:
    export = tmp_path / "big.xml"
    synthetic.write_blogger(export, 400, vocabulary=40, body=50_000)
    size = export.stat().st_size
    assert size > 20_000_000
    load(SAMPLE)  # the loader's imports are not part of what is measured
    tracemalloc.start()
    try:
        inventory = load(export, "blogger", LoadOptions())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert inventory.posts is not None and len(inventory.posts) == 400
    # Measured: about 0.5 MB for this 22 MB file; a whole ElementTree of it takes 55 MB.
    assert peak < size / 20


def test_standard_input_is_read_as_a_stream() -> None:
    inventory = load(Source(name="<stdin>", data=SAMPLE.read_bytes()), "blogger")
    assert counts(inventory) == {"NewTag": 1, "DataPortability": 1, "wordpress2blogger": 2}
    assert inventory.labels[0].locations == (Location("<stdin>", 7),)
