"""The WXR rewriter: item terms mapped, term lists kept consistent, nothing else changed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from taxonomy.apply import wxr
from taxonomy.errors import SourceError
from taxonomy.mapping import LabelMap, _resolve
from taxonomy.model import Inventory
from taxonomy.slugs import unique, wp_slug
from taxonomy.sources import wxr_source
from taxonomy.sources._common import LoadOptions, Source

TESTS = Path(__file__).resolve().parents[1]
DATA = TESTS / "data" / "wordpress"
SAMPLE = DATA / "google-wordpress-sample.wxr"
JEKYLL = DATA / "jekyll-import-sitetitle.wordpress.2025-01-19.xml"
EDGE = TESTS / "data" / "apply" / "wordpress" / "edge-cases.xml"
EXPECTED = EDGE.with_name("edge-cases.expected.xml")
LOCAL_ONLY = Path("/work/shared/data/wordpress/wptrt-themeunittestdata.wordpress.xml")
REAL = [
    SAMPLE,
    DATA / "google-wordpress-sample2.wxr",
    JEKYLL,
    DATA / "tryghost-wp-sample.xml",
    pytest.param(
        LOCAL_ONLY,
        marks=pytest.mark.skipif(not LOCAL_ONLY.exists(), reason="local-only export absent"),
    ),
]
EDGE_MAP = LabelMap(
    {"Asia": (), "tokyo": ("Tokyo",), "R&D": ("Research", "Development & Co"), "Misc": ("Travel",)}
)
ITEM_CATEGORY = re.compile(r"[ \t\r\n]*<category\b[^>]*?(?:/>|>.*?</category>)", re.S)
TERM_ENTRY = re.compile(r"[ \t\r\n]*<wp:(category|tag|term)>.*?</wp:\1>", re.S)


def resolved(targets: dict[str, tuple[str, ...]]) -> LabelMap:
    """A map as read_label_map makes it: chains followed to their end."""
    return LabelMap({old: _resolve(old, targets) for old in targets})


def load(data: bytes, fields: tuple[str, ...] = ("tags", "categories")) -> Inventory:
    return wxr_source.load(Source("export.xml", data=data), LoadOptions(fields=fields))


def without_terms(data: bytes) -> str:
    return TERM_ENTRY.sub("", ITEM_CATEGORY.sub("", data.decode("utf-8-sig")))


def assert_round_trip(data: bytes, mapping: LabelMap) -> bytes:
    """Apply, load again: mapped labels, the same posts, the same bytes outside terms."""
    before = load(data)
    result = wxr.rewrite(data, mapping, name="export.xml")
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
    targets = {label for labels in mapping.targets.values() for label in labels}
    for label in after.labels:
        assert label.name in before.names or label.name in targets
        if mapping.get(label.name) not in (None, (label.name,)) and label.name not in targets:
            assert label.count == 0  # kept only for the pages or attachments still using it
    assert without_terms(result.data) == without_terms(data)
    assert result.data[:3] == data[:3]
    assert wxr.rewrite(result.data, mapping, name="export.xml").data == result.data
    return result.data


def test_edge_cases_give_the_hand_checked_bytes() -> None:
    result = wxr.rewrite(EDGE.read_bytes(), EDGE_MAP, name=str(EDGE))
    assert result.data == EXPECTED.read_bytes()
    assert (result.posts, result.replaced) == (3, 5)
    assert result.data.startswith(b"\xef\xbb\xbf<?xml")


def test_edge_cases_term_lists() -> None:
    out = wxr.rewrite(EDGE.read_bytes(), EDGE_MAP, name=str(EDGE)).data
    after = load(out)
    assert [(label.kind, label.name, label.slug, label.parent) for label in after.labels] == [
        ("category", "Travel", "travel", None),
        # Asia is gone: its child moves up to Asia's parent, as when WordPress deletes it.
        ("category", "Japan", "japan", "Travel"),
        # Misc and tokyo are mapped but a page still uses them: they stay.
        ("category", "Misc", "misc", None),
        ("category", "Japan", "japan-misc", "Misc"),
        ("tag", "Tokyo", "tokyo", None),
        ("tag", "tokyo", "tokyo-2", None),
        ("tag", "Research", "research", None),
        ("tag", "Development & Co", "development-co", None),
    ]
    text = out.decode("utf-8-sig")
    # New terms copy R&D's entry (escaped text, not CDATA) with ids above the nav menu's 99.
    assert (
        "\t<wp:tag>\n\t\t<wp:term_id>100</wp:term_id>\n\t\t<wp:tag_slug>research</wp:tag_slug>\n"
        "\t\t<wp:tag_name>Research</wp:tag_name>\n\t</wp:tag>\n"
        "\t<wp:tag>\n\t\t<wp:term_id>101</wp:term_id>\n"
        "\t\t<wp:tag_slug>development-co</wp:tag_slug>\n"
        "\t\t<wp:tag_name>Development &amp; Co</wp:tag_name>\n\t</wp:tag>\n\t<wp:term>"
    ) in text
    # Both categories named Japan stay on the post that has them.
    assert (
        '<category domain="category" nicename="japan"><![CDATA[Japan]]></category>\n'
        '\t\t<category domain="category" nicename="japan-misc"><![CDATA[Japan]]></category>\n'
        '\t\t<category domain="post_tag" nicename="research">Research</category>\n'
        '\t\t<category domain="post_tag" nicename="development-co">Development &amp; Co'
    ) in text
    # The body's CDATA, the post format and the page's terms are untouched.
    assert '<category domain="post_tag">R&D</category></p>]]>' in text
    assert text.count('nicename="tokyo-2"><![CDATA[tokyo]]>') == 1
    assert text.count('nicename="misc"><![CDATA[Misc]]>') == 1


def test_the_edge_cases_round_trip() -> None:
    assert_round_trip(EDGE.read_bytes(), EDGE_MAP)


def test_wxr_1_0_keeps_both_kinds_of_category_elements() -> None:
    mapping = resolved(
        {
            "DataPortability": ("Data & Portability", "wordpress2blogger"),
            "NewTag": ("Brand New",),
            "upload": (),
        }
    )
    out = assert_round_trip(SAMPLE.read_bytes(), mapping)
    lines = out.decode().splitlines()
    head = "\t<wp:category><wp:category_nicename>"
    assert [line for line in lines if line.startswith(("\t<wp:category>", "\t<wp:tag>"))] == [
        f"{head}uncategorized</wp:category_nicename><wp:category_parent></wp:category_parent>"
        "<wp:cat_name><![CDATA[Uncategorized]]></wp:cat_name></wp:category>",
        f"{head}wordpress2blogger</wp:category_nicename><wp:category_parent>"
        "</wp:category_parent><wp:cat_name><![CDATA[wordpress2blogger]]></wp:cat_name>"
        "</wp:category>",
        f"{head}data-portability</wp:category_nicename><wp:category_parent>"
        "</wp:category_parent><wp:cat_name><![CDATA[Data & Portability]]></wp:cat_name>"
        "</wp:category>",
        "\t<wp:tag><wp:tag_slug>dunkin-donuts</wp:tag_slug><wp:tag_name><![CDATA[dunkin donuts]]>"
        "</wp:tag_name></wp:tag>",
        "\t<wp:tag><wp:tag_slug>dunkin-donuts-first</wp:tag_slug><wp:tag_name>"
        "<![CDATA[dunkin donuts first]]></wp:tag_name></wp:tag>",
        "\t<wp:tag><wp:tag_slug>brand-new</wp:tag_slug><wp:tag_name><![CDATA[Brand New]]>"
        "</wp:tag_name></wp:tag>",
    ]
    first_post = out.decode().split("<item>")[2].split("<guid")[0]
    assert first_post.endswith(
        "\t\t<category><![CDATA[Data & Portability]]></category>\n\n"
        "\t\t<category><![CDATA[wordpress2blogger]]></category>\n\n"
        '\t\t<category domain="category" nicename="data-portability">'
        "<![CDATA[Data & Portability]]></category>\n\n"
        '\t\t<category domain="category" nicename="wordpress2blogger">'
        "<![CDATA[wordpress2blogger]]></category>\n\n"
        '\t\t<category domain="tag"><![CDATA[Brand New]]></category>\n\n'
        '\t\t<category domain="tag" nicename="brand-new"><![CDATA[Brand New]]></category>\n\n'
    )


def test_new_terms_copy_a_multi_line_entry_with_new_ids() -> None:
    mapping = resolved({"ruby": ("Ruby", "code"), "ship": (), "Foo": ("Bar",)})
    out = assert_round_trip(JEKYLL.read_bytes(), mapping).decode()
    # "ruby" -> "Ruby" only changes case: the old term goes, the new one takes its slug.
    # New ids follow the largest (69750), in the order the posts need the terms.
    assert (
        "    <wp:tag>\n      <wp:term_id>69752</wp:term_id>\n"
        "      <wp:tag_slug>ruby</wp:tag_slug>\n"
        "      <wp:tag_name><![CDATA[Ruby]]></wp:tag_name>\n    </wp:tag>\n"
    ) in out
    assert (
        "    <wp:category>\n      <wp:term_id>69751</wp:term_id>\n"
        "      <wp:category_nicename>bar</wp:category_nicename>\n"
        "      <wp:category_parent />\n      <wp:cat_name><![CDATA[Bar]]></wp:cat_name>\n"
        "    </wp:category>\n    <wp:tag>"
    ) in out
    assert "<wp:tag_slug>ship</wp:tag_slug>" not in out
    assert "<wp:category_nicename>foo</wp:category_nicename>" not in out
    assert (
        '      <category domain="post_tag" nicename="code"><![CDATA[code]]></category>\n'
        '      <category domain="category" nicename="bar"><![CDATA[Bar]]></category>\n'
        '      <category domain="post_tag" nicename="ruby"><![CDATA[Ruby]]></category>\n'
        '      <category domain="post_tag" nicename="stars"><![CDATA[stars]]></category>\n'
    ) in out


@pytest.mark.parametrize("path", REAL)
def test_real_exports_round_trip_a_merge_a_split_and_a_removal(path: Path) -> None:
    data = path.read_bytes()
    labels = list(dict.fromkeys(label.name for label in load(data).by_count()))
    first, second, third = labels[:3]
    mapping = resolved(
        {
            second: (first,),  # a merge, and a chain: first is split below
            first: (f"{first} & more", "Ünï <new> \"q\" 'x'"),
            third: (),
            **({labels[3]: (second,)} if len(labels) > 3 else {}),
        }
    )
    after = load(assert_round_trip(data, mapping))
    assert "Ünï <new> \"q\" 'x'" in after.names
    assert all(label.count == 0 for label in after.labels if label.name in (first, third))


def test_other_taxonomies_are_rewritten_only_when_asked() -> None:
    data = EDGE.read_bytes()
    mapping = resolved({"Gallery": ("Photos",)})
    assert wxr.rewrite(data, mapping, name="edge.xml").data == data
    result = wxr.rewrite(data, mapping, name="edge.xml", fields=("post_format", "tags"))
    assert (result.posts, result.replaced) == (1, 1)
    assert result.data == data.replace(
        b'nicename="post-format-gallery"><![CDATA[Gallery]]>',
        b'nicename="photos"><![CDATA[Photos]]>',
    )


def test_a_map_that_names_no_label_changes_nothing() -> None:
    data = SAMPLE.read_bytes()
    result = wxr.rewrite(data, resolved({"nothing": ("x",), "NewTag": ("NewTag",)}), name="s")
    assert result.data is data
    assert (result.posts, result.replaced) == (0, 0)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (TESTS / "data" / "bad" / "external-entity.xml", "not allowed"),
        (
            TESTS / "data" / "blogger" / "google-blogger-sample.xml",
            "it looks like a Blogger export; try --from blogger",
        ),
    ],
)
def test_bad_input_is_one_source_error(path: Path, message: str) -> None:
    with pytest.raises(SourceError, match=re.escape(message)) as caught:
        wxr.rewrite(path.read_bytes(), EDGE_MAP, name=str(path))
    assert caught.value.path == str(path)


def test_unclosed_item_is_malformed_with_its_line() -> None:
    data = EDGE.read_bytes().replace(b"\t</item>\n", b"\n", 1)
    with pytest.raises(SourceError, match="malformed XML") as caught:
        wxr.rewrite(data, EDGE_MAP, name="edge.xml")
    assert caught.value.line == 105  # where expat finds </channel> closing the <item>


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Company News", "company-news"),
        ("R&D", "rd"),
        ("Tom & Jerry", "tom-jerry"),
        ("Café – naïve/Straße", "cafe-naive-strasse"),
        ("Version 2.0", "version-2-0"),
        ("한국", "%ed%95%9c%ea%b5%ad"),
        ("“Quoted” <b>bold</b>", "quoted-bold"),
        ("  --Many   spaces--  ", "many-spaces"),
        ("!!!", ""),
    ],
)
def test_slugs_are_made_the_wordpress_way(name: str, slug: str) -> None:
    assert wp_slug(name) == slug


def test_slugs_are_made_unique_as_wordpress_does() -> None:
    assert unique("news", {"other"}) == "news"
    assert unique("news", {"news", "news-2"}) == "news-3"
    assert unique("", set(), "101") == "101"


EDGE_LABELS = ["Travel", "Asia", "Japan", "Misc", "Tokyo", "tokyo", "R&D"]
SAMPLE_LABELS = ["DataPortability", "Uncategorized", "upload", "wordpress2blogger", "NewTag"]
NEW_LABEL = st.text(alphabet="aZ &<>\"'éü한]-", min_size=1, max_size=6).filter(
    lambda label: label.strip() == label
)
MAPS = st.dictionaries(
    st.sampled_from(EDGE_LABELS + SAMPLE_LABELS),
    st.lists(st.one_of(st.sampled_from(EDGE_LABELS + SAMPLE_LABELS), NEW_LABEL), max_size=3).map(
        tuple
    ),
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
    assume(stable(mapping, EDGE.read_bytes(), SAMPLE.read_bytes()))
    assert_round_trip(EDGE.read_bytes(), mapping)
    assert_round_trip(SAMPLE.read_bytes(), mapping)
