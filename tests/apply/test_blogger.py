"""The Blogger rewriter: real exports round-trip through the loader, only labels change."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from taxonomy.apply import blogger
from taxonomy.errors import SourceError
from taxonomy.mapping import LabelMap, _resolve
from taxonomy.model import Inventory
from taxonomy.sources import blogger_source
from taxonomy.sources._common import LoadOptions, Source

TESTS = Path(__file__).resolve().parents[1]
DATA = TESTS / "data" / "blogger"
EDGE = TESTS / "data" / "apply" / "blogger" / "edge-cases.xml"
EXPECTED = EDGE.with_name("edge-cases.expected.xml")
LOCAL_ONLY = Path("/work/shared/data/blogger/yms9654-blog-export.xml")
REAL = [
    DATA / "google-blogger-sample.xml",
    DATA / "google-blogger-sample2.xml",
    DATA / "tryghost-blogger-sample.xml",
    pytest.param(
        LOCAL_ONLY,
        marks=pytest.mark.skipif(not LOCAL_ONLY.exists(), reason="local-only export absent"),
    ),
]
EDGE_MAP = LabelMap(
    {
        "Old": ("New <one>",),
        "Tom & Jerry": ("Tom & Jerry's",),
        "Gone": (),
        "Split me": ("Keep", 'Ünïcode "q"'),
    }
)
# A label element (any prefix, either quote, empty or with an end tag) and the space before it.
LABEL_ELEMENT = re.compile(
    r"[ \t\r\n]*<(?:\w+:)?category\b[^>]*blogger\.com/atom/ns#[^>]*?"
    r"(?:/>|>[^<]*</(?:\w+:)?category>)"
)


def resolved(targets: dict[str, tuple[str, ...]]) -> LabelMap:
    """A map as read_label_map makes it: chains followed to their end."""
    return LabelMap({old: _resolve(old, targets) for old in targets})


def load(data: bytes, name: str = "export.xml") -> Inventory:
    return blogger_source.load(Source(name, data=data), LoadOptions())


def without_labels(data: bytes) -> str:
    return LABEL_ELEMENT.sub("", data.decode("utf-8"))


def assert_round_trip(data: bytes, mapping: LabelMap) -> bytes:
    """Apply, load again: mapped labels, the same posts, the same bytes outside labels."""
    before = load(data)
    result = blogger.rewrite(data, mapping, name="export.xml")
    after = load(result.data)
    assert before.posts is not None and after.posts is not None
    assert len(after.posts) == len(before.posts)
    for old, new in zip(before.posts, after.posts, strict=True):
        assert (new.id, new.title, new.status) == (old.id, old.title, old.status)
        assert new.labels == mapping.rewrite(old.labels)
    changed = [old for old in before.posts if mapping.changes(old.labels)]
    assert result.posts == len(changed)
    assert result.replaced == sum(
        mapping.get(label) not in (None, (label,)) for post in changed for label in post.labels
    )
    assert without_labels(result.data) == without_labels(data)
    assert blogger.rewrite(result.data, mapping, name="export.xml").data == result.data
    return result.data


def test_edge_cases_give_the_hand_checked_bytes() -> None:
    result = blogger.rewrite(EDGE.read_bytes(), EDGE_MAP, name=str(EDGE))
    assert result.data == EXPECTED.read_bytes()
    assert (result.posts, result.replaced) == (3, 5)
    # CRLF line ends kept, and no line added: the split's copy takes the place of a duplicate.
    assert b"\n" not in result.data.replace(b"\r\n", b"")
    assert result.data.count(b"\r\n") == EDGE.read_bytes().count(b"\r\n")


def test_edge_cases_in_detail() -> None:
    text = blogger.rewrite(EDGE.read_bytes(), EDGE_MAP, name=str(EDGE)).data.decode()
    # Quotes, escaping, a removal on a line with no whitespace, a split copying the end tag form.
    assert "term='Tom &amp; Jerry&apos;s'/>\r\n" in text
    assert "term='New &lt;one&gt;'/><title type='text'>One line" in text
    assert (
        '<category scheme="http://www.blogger.com/atom/ns#" term="Keep" ></category>\r\n'
        '    <category scheme="http://www.blogger.com/atom/ns#" term="Ünïcode &quot;q&quot;" >'
        "</category>\r\n    <title>Double quotes"
    ) in text
    # Templates, comments, XML comments, CDATA and untouched posts keep their labels.
    assert text.count("term='Old'") == 4
    assert text.count('term="Keep"/>') == 2
    assert round_trip_labels(EDGE.read_bytes()) == [
        ("Tom & Jerry's", "New <one>", "Keep"),
        ("New <one>",),
        ("Keep", 'Ünïcode "q"'),
        ("Keep",),
    ]


def round_trip_labels(data: bytes) -> list[tuple[str, ...]]:
    result = blogger.rewrite(data, EDGE_MAP, name="edge.xml")
    return [post.labels for post in load(result.data).posts or ()]


def test_the_edge_cases_round_trip() -> None:
    assert_round_trip(EDGE.read_bytes(), EDGE_MAP)


@pytest.mark.parametrize("path", REAL)
def test_real_exports_round_trip_a_merge_a_split_and_a_removal(path: Path) -> None:
    data = path.read_bytes()
    labels = [label.name for label in load(data).by_count()]
    first, second, third = labels[:3]
    # The loader misreads a reference cut by its 64 KiB read (see the report on _xml.py's
    # BareAmpersands): the large local-only export gets new labels without references.
    special = path != LOCAL_ONLY
    new = "Ünï <new> \"q\" 'x'" if special else "Ünï new"
    mapping = resolved(
        {
            second: (first,),  # a merge, and a chain: first is split below
            first: (f"{first} & more" if special else f"{first} and more", new),
            third: (),
            **({labels[3]: (second,)} if len(labels) > 3 else {}),
        }
    )
    out = assert_round_trip(data, mapping)
    after = load(out)
    assert first not in after.names and third not in after.names
    assert new in after.names


def test_real_export_changes_only_label_lines() -> None:
    path = DATA / "google-blogger-sample2.xml"
    data = path.read_bytes()
    mapping = resolved({"Everything": ("All",), "individual": ()})
    out = blogger.rewrite(data, mapping, name=str(path)).data
    old, new = data.decode().splitlines(), out.decode().splitlines()
    assert [line for line in old if line not in new] == [
        '    <category scheme="http://www.blogger.com/atom/ns#" term="individual"/>',
        '    <category scheme="http://www.blogger.com/atom/ns#" term="Everything"/>',
        '    <category scheme="http://www.blogger.com/atom/ns#" term="Everything"/>',
        '    <category scheme="http://www.blogger.com/atom/ns#" term="Everything"/>',
        '    <category scheme="http://www.blogger.com/atom/ns#" term="Everything"/>',
    ]
    assert len(new) == len(old) - 1


def test_a_map_that_names_no_label_changes_nothing() -> None:
    data = (DATA / "google-blogger-sample.xml").read_bytes()
    result = blogger.rewrite(data, resolved({"not a label": ("x",)}), name="x.xml")
    assert result.data is data
    assert (result.posts, result.replaced) == (0, 0)
    assert blogger.rewrite(data, LabelMap({"NewTag": ("NewTag",)}), name="x.xml").data == data


@pytest.mark.parametrize(
    ("path", "message", "line"),
    [
        (TESTS / "data" / "bad" / "malformed.xml", "malformed XML: mismatched tag", 9),
        (TESTS / "data" / "bad" / "billion-laughs.xml", "entity declarations", None),
        (
            TESTS / "data" / "wordpress" / "google-wordpress-sample.wxr",
            "it looks like a WordPress export (WXR); try --from wxr",
            None,
        ),
    ],
)
def test_bad_input_is_one_source_error(path: Path, message: str, line: int | None) -> None:
    with pytest.raises(SourceError, match=re.escape(message)) as caught:
        blogger.rewrite(path.read_bytes(), EDGE_MAP, name=str(path))
    assert caught.value.path == str(path)
    if line is not None:
        assert caught.value.line == line


SAMPLE2 = (DATA / "google-blogger-sample2.xml").read_bytes()
SAMPLE2_LABELS = ["individual", "Everything", "Previously Unpublished", "Already Published"]
NEW_LABEL = st.text(alphabet="aZ &<>\"'éü한]-", min_size=1, max_size=6).filter(
    lambda label: label.strip() == label
)
LABEL = st.one_of(st.sampled_from(SAMPLE2_LABELS + ["Keep", "Old", "Split me"]), NEW_LABEL)
MAPS = st.dictionaries(
    st.sampled_from(SAMPLE2_LABELS + ["Old", "Tom & Jerry", "Split me", "Keep"]),
    st.lists(LABEL, max_size=3).map(tuple),
    max_size=5,
)


def stable(mapping: LabelMap, *exports: bytes) -> bool:
    """Whether the rule itself is idempotent on these posts; a map whose chains loop (which
    ``validate`` rejects in a document) may reorder labels again on a second pass."""
    posts = [post.labels for data in exports for post in load(data).posts or ()]
    return all(
        mapping.rewrite(mapping.rewrite(labels)) == mapping.rewrite(labels) for labels in posts
    )


@settings(max_examples=50, deadline=None)
@given(targets=MAPS)
def test_any_map_round_trips_and_is_idempotent(targets: dict[str, tuple[str, ...]]) -> None:
    mapping = resolved(targets)
    assume(stable(mapping, SAMPLE2, EDGE.read_bytes()))
    assert_round_trip(SAMPLE2, mapping)
    assert_round_trip(EDGE.read_bytes(), mapping)
