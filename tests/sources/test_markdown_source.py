"""The ``markdown`` loader on a folder of Hugo, Jekyll, Eleventy and Astro posts.

YAML front matter is composed by libyaml where PyYAML has it, and by the pure-Python loader
otherwise or when libyaml refuses a block; the last tests check that both read alike."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taxonomy.errors import SourceError
from taxonomy.model import Inventory, Location
from taxonomy.sources import (
    LoadOptions,
    Source,
    SourceFormat,
    _frontmatter,
    detect,
    load,
    open_source,
)
from taxonomy.sources._frontmatter import FrontMatter, read_front_matter

SITE = Path(__file__).resolve().parents[1] / "data" / "markdown" / "site"
HUGO_YAML = SITE / "content" / "posts" / "hugo-yaml.md"
HUGO_TOML = SITE / "content" / "posts" / "hugo-toml.md"
JEKYLL = SITE / "_posts" / "2024-01-02-jekyll-release.markdown"


def where(inventory: Inventory, kind: str, name: str) -> list[str]:
    """The ``file:line`` places of a label, files relative to the site folder."""
    label = next(item for item in inventory.labels if item.kind == kind and item.name == name)
    return [
        f"{Path(location.file).relative_to(SITE).as_posix()}:{location.line}"
        for location in label.locations
    ]


def test_folders_and_markdown_files_are_detected() -> None:
    assert detect(open_source(SITE)) is SourceFormat.markdown
    assert detect(open_source(JEKYLL)) is SourceFormat.markdown


def test_site_labels_counts_and_kinds() -> None:
    inventory = load(SITE)
    assert inventory.format == "markdown"
    assert [(label.kind, label.name, label.count) for label in inventory.labels] == [
        ("tag", "python", 1),
        ("category", "release notes", 1),
        ("tag", "pyyaml", 1),
        ("tag", "Static Sites", 1),
        ("tag", "Hugo", 2),
        ("tag", "TOML", 1),
        ("tag", "static sites", 3),
        ("category", "Web Development", 2),
        ("tag", "Go templates", 1),
        ("category", "Hugo", 1),
        ("tag", "drafts", 0),
        ("tag", "post", 1),
        ("tag", "astro", 1),
        ("tag", "Python", 1),
    ]


def test_posts_in_sorted_path_order_with_status_and_title() -> None:
    inventory = load(SITE)
    assert inventory.posts is not None
    assert [(post.id, post.status, post.title) for post in inventory.posts] == [
        ("README.md", "published", None),
        ("_drafts/ideas.md", "draft", "Ideas"),
        ("_posts/2024-01-02-jekyll-release.markdown", "published", "Release notes"),
        ("content/posts/hugo-toml.md", "published", "Taxonomies in TOML"),
        ("content/posts/hugo-yaml.md", "published", "Getting started with Hugo"),
        ("content/posts/toml-draft.md", "draft", "Unfinished TOML post"),
        ("eleventy/notes.md", "published", "Eleventy notes"),
        ("src/content/blog/astro.mdx", "published", "Astro content collections"),
    ]
    assert inventory.posts[4].labels == ("Hugo", "static sites", "Go templates", "Web Development")
    assert inventory.posts[4].location == Location(str(HUGO_YAML))


def test_every_label_knows_the_file_and_line_where_it_is_written() -> None:
    inventory = load(SITE)
    assert where(inventory, "tag", "static sites") == [
        "content/posts/hugo-toml.md:8",  # 'static sites', in a multi-line TOML array
        "content/posts/hugo-yaml.md:4",  # a YAML flow list
        "src/content/blog/astro.mdx:3",
    ]
    assert where(inventory, "category", "Hugo") == ["content/posts/hugo-yaml.md:7"]  # block list
    assert where(inventory, "category", "Web Development") == [
        "content/posts/hugo-toml.md:10",
        "content/posts/hugo-yaml.md:6",
    ]
    assert where(inventory, "tag", "TOML") == [
        "content/posts/hugo-toml.md:7",
        "content/posts/toml-draft.md:4",
    ]
    assert where(inventory, "tag", "pyyaml") == ["_posts/2024-01-02-jekyll-release.markdown:5"]
    assert where(inventory, "tag", "python") == [
        "_drafts/ideas.md:3",
        "_posts/2024-01-02-jekyll-release.markdown:5",
    ]


def test_a_space_separated_string_is_one_label_with_a_note() -> None:
    inventory = load(SITE)
    assert [(str(note.location), note.message) for note in inventory.ambiguities] == [
        (
            f"{JEKYLL}:4",
            "categories: 'release notes' is read as one label; "
            "Jekyll would read 2 space-separated labels",
        )
    ]


def test_toml_tables_are_not_top_level_keys() -> None:
    inventory = load(HUGO_TOML)
    assert "not a taxonomy" not in inventory.names


def test_a_single_file_is_one_post() -> None:
    inventory = load(HUGO_YAML)
    assert inventory.posts is not None
    assert [post.id for post in inventory.posts] == ["hugo-yaml.md"]
    assert inventory.names == ["Hugo", "static sites", "Go templates", "Web Development", "Hugo"]


def test_fields_choose_the_keys_and_name_the_kind() -> None:
    inventory = load(SITE, options=LoadOptions(fields=("layout", "Categories")))
    assert [(label.kind, label.name, label.count) for label in inventory.labels] == [
        ("layout", "post", 1),
        ("category", "release notes", 1),
        ("category", "Web Development", 2),
        ("category", "Hugo", 1),
    ]


def test_hidden_folders_node_modules_and_other_files_are_skipped(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    for hidden in (".obsidian/note.md", "node_modules/theme/README.md", ".draft.md"):
        (site / hidden).parent.mkdir(parents=True, exist_ok=True)
        (site / hidden).write_text("---\ntags: [hidden]\n---\n", encoding="utf-8")
    (site / "notes.txt").write_text("---\ntags: [txt]\n---\n", encoding="utf-8")
    inventory = load(site)
    assert "hidden" not in inventory.names
    assert "txt" not in inventory.names
    assert inventory.posts is not None
    assert len(inventory.posts) == 8


def test_yaml_value_kinds(tmp_path: Path) -> None:
    post = tmp_path / "kinds.md"
    post.write_text(
        "---\n"
        "title: Kinds\n"
        "tags: >-\n"
        "  alpha,\n"
        "  beta\n"
        "categories: [2024, ~, {nested: map}, 'c++']\n"
        "draft: yes\n"
        "---\n",
        encoding="utf-8",
    )
    inventory = load(post)
    assert [(label.name, label.count, label.locations[0].line) for label in inventory] == [
        ("alpha", 0, 4),
        ("beta", 0, 5),
        ("2024", 0, 6),
        ("c++", 0, 6),
    ]
    assert inventory.posts is not None and inventory.posts[0].status == "draft"
    assert [note.message for note in inventory.ambiguities] == [
        "an item of categories that is not text is ignored"
    ]


def test_a_file_of_another_format_is_not_a_markdown_post() -> None:
    ghost = SITE.parents[1] / "ghost" / "tryghost-ghost.json"
    with pytest.raises(SourceError) as caught:
        load(ghost, "markdown")
    assert caught.value.message == "not a Markdown post: it looks like JSON; try --from ghost"


def test_standard_input_is_one_post() -> None:
    inventory = load(Source(name="<stdin>", data=JEKYLL.read_bytes()), "markdown")
    assert inventory.posts is not None
    assert [(post.id, post.labels) for post in inventory.posts] == [
        ("<stdin>", ("release notes", "python", "pyyaml", "Static Sites"))
    ]
    assert [str(location) for location in inventory.labels[0].locations] == ["<stdin>:4"]


def test_windows_line_endings_keep_the_lines(tmp_path: Path) -> None:
    (tmp_path / "toml.md").write_bytes(b'+++\r\ntags = [\r\n  "a",\r\n  "b",\r\n]\r\n+++\r\n')
    (tmp_path / "yaml.md").write_bytes(b"---\r\ntags:\r\n  - c\r\n---\r\nbody\r\n")
    inventory = load(tmp_path)
    assert [(label.name, label.locations[0].line) for label in inventory] == [
        ("a", 3),
        ("b", 4),
        ("c", 3),
    ]


def test_front_matter_in_another_language_is_noted(tmp_path: Path) -> None:
    post = tmp_path / "eleventy.md"
    post.write_text('---json\n{"tags": ["a"]}\n---\n', encoding="utf-8")
    inventory = load(post)
    assert inventory.labels == ()
    assert [(str(note.location), note.message) for note in inventory.ambiguities] == [
        (f"{post}:1", "front matter in json is not read")
    ]


# -- libyaml and the pure loader ------------------------------------------------------------

FIELDS = ("tags", "categories", "Categories", "layout")
DATA = SITE.parents[1]
POSTS = sorted(
    path
    for suffix in ("*.md", "*.markdown", "*.mdx")
    for path in DATA.rglob(suffix)
    if path.is_file()
)


def _read(text: str, monkeypatch: pytest.MonkeyPatch, *, libyaml: bool) -> object:
    """What ``read_front_matter`` gives (or the error and its line), with or without libyaml."""
    with monkeypatch.context() as patch:
        if not libyaml:
            patch.setattr(_frontmatter, "_FAST_LOADER", None)
        try:
            return read_front_matter(text, FIELDS, "post.md")
        except SourceError as exc:
            return (exc.message, exc.line)


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML was built without libyaml")
def test_libyaml_composes_the_front_matter_when_present() -> None:
    assert _frontmatter._FAST_LOADER is yaml.CSafeLoader


@pytest.mark.parametrize("path", POSTS, ids=[str(p.relative_to(DATA)) for p in POSTS])
def test_both_loaders_read_every_post_alike(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_bytes().decode("utf-8", errors="replace")
    assert _read(text, monkeypatch, libyaml=True) == _read(text, monkeypatch, libyaml=False)


def test_a_malformed_block_keeps_the_pure_loaders_message_and_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "---\ntitle: x\ntags: [one, two\ncategories: x\n---\n"
    expected = (
        "malformed YAML front matter: expected ',' or ']', but got ':' "
        "(while parsing a flow sequence on line 3)",
        4,
    )
    assert _read(text, monkeypatch, libyaml=True) == expected
    assert _read(text, monkeypatch, libyaml=False) == expected


LABEL = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
VALUE = st.none() | st.booleans() | st.integers() | LABEL | st.lists(LABEL, max_size=4)
BLOCKS = st.dictionaries(st.sampled_from(["title", "tags", "categories", "draft"]), VALUE).flatmap(
    lambda data: st.sampled_from([None, True, False]).map(
        lambda flow: yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    )
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BLOCKS)
def test_both_loaders_read_any_yaml_block_alike(block: str) -> None:
    """Labels of any characters, in flow or block lists, as PyYAML writes them: same labels,
    lines, notes, title and draft, or the same error."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        text = f"---\n{block}---\n"
        fast = _read(text, monkeypatch, libyaml=True)
        assert fast == _read(text, monkeypatch, libyaml=False)
        assert isinstance(fast, FrontMatter)
