"""The Markdown rewriter: golden cases, a round trip on the fixture site, and properties.

Golden cases are tests/data/apply/markdown/cases/<name>.in.md rewritten with mapping.yaml next
to them into <name>.out.md; each also runs with CRLF line ends and a BOM.
"""

from __future__ import annotations

import difflib
import re
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taxonomy.apply import plan, write
from taxonomy.apply.markdown import rewrite
from taxonomy.errors import SourceError
from taxonomy.mapping import LabelMap, read_label_map
from taxonomy.sources import load

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DATA = Path(__file__).resolve().parents[1] / "data"
CASES = DATA / "apply" / "markdown" / "cases"
MAPPING = read_label_map(DATA / "apply" / "markdown" / "mapping.yaml")
SITE = DATA / "markdown" / "site"
BAD = DATA / "bad"
NAMES = sorted(path.name[: -len(".in.md")] for path in CASES.glob("*.in.md"))
FIELDS = ("tags", "categories")


def case(name: str) -> tuple[bytes, bytes]:
    return (CASES / f"{name}.in.md").read_bytes(), (CASES / f"{name}.out.md").read_bytes()


@pytest.mark.parametrize("name", NAMES)
def test_golden_case(name: str) -> None:
    before, expected = case(name)
    result = rewrite(before, MAPPING, name=f"{name}.md")
    assert result.data.decode() == expected.decode()
    assert result.posts == (before != expected)
    assert rewrite(result.data, MAPPING, name=name).data == result.data


@pytest.mark.parametrize("name", NAMES)
def test_golden_case_with_crlf_and_bom(name: str) -> None:
    before, expected = (b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n") for data in case(name))
    result = rewrite(before, MAPPING, name=f"{name}.md")
    assert result.data == expected
    assert rewrite(result.data, MAPPING, name=name).data == result.data


@pytest.mark.parametrize(
    ("name", "replaced"),
    [("yaml-block", 7), ("yaml-flow", 8), ("toml-arrays", 6), ("unchanged", 0)],
)
def test_counts(name: str, replaced: int) -> None:
    """Every label replaced, removed (a duplicate too) or split counts once."""
    result = rewrite(case(name)[0], MAPPING, name=name)
    assert (result.posts, result.replaced) == (int(replaced > 0), replaced)


def test_fields_choose_the_keys_and_match_case_insensitively() -> None:
    before = case("yaml-quoting")[0]
    result = rewrite(before, MAPPING, name="q.md", fields=("topics", "SERIES"))
    assert result.data.decode().split("\n")[7:9] == ['series: "yes"', 'Topics: "#hash"']
    assert result.data.decode().split("\n")[1] == "tags: [colon, yes-tag, hash, comma, it]"


def test_the_rewritten_post_reads_as_mapped() -> None:
    """What the loader reads after rewriting is the map applied to what it read before."""
    for name in NAMES:
        before, expected = case(name)
        old = load(CASES / f"{name}.in.md").posts
        new = load(CASES / f"{name}.out.md").posts
        assert old is not None and new is not None
        assert [MAPPING.rewrite(post.labels) for post in old] == [post.labels for post in new]


SITE_MAP = LabelMap(
    {
        "Python": ("python",),  # merge into an existing label
        "release notes": ("release", "notes"),  # split a Jekyll category string
        "drafts": (),  # removal in a TOML array
        "TOML": ("toml",),
        "static sites": ("static-sites", "python"),  # split into an existing label
        "Web Development": ("web development",),
        "post": ("posts",),
    }
)


def test_site_round_trip(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    before = load(site)
    changes = plan(site, SITE_MAP)
    write(changes, backup=False)
    after = load(site)
    assert before.posts is not None and after.posts is not None
    assert [(p.id, p.title, p.status) for p in after.posts] == [
        (p.id, p.title, p.status) for p in before.posts
    ]
    assert [p.labels for p in after.posts] == [SITE_MAP.rewrite(p.labels) for p in before.posts]
    assert [change.relative for change in changes if change.changed] == [
        "_posts/2024-01-02-jekyll-release.markdown",
        "content/posts/hugo-toml.md",
        "content/posts/hugo-yaml.md",
        "content/posts/toml-draft.md",
        "eleventy/notes.md",
        "src/content/blog/astro.mdx",
    ]
    for change in changes:
        assert_only_labels_changed(change.old, change.new, FIELDS)
    assert (site / "notes.txt").read_bytes() == (SITE / "notes.txt").read_bytes()
    assert [c.new for c in plan(site, SITE_MAP)] == [c.new for c in changes]  # idempotent


def test_the_diff_of_the_site_touches_only_label_lines() -> None:
    changes = {c.relative: c for c in plan(SITE, SITE_MAP)}
    hugo = changes["content/posts/hugo-toml.md"]
    removed, added = changed_lines(hugo.old, hugo.new)
    assert removed == ['  "TOML",', "  'static sites',", 'categories = ["Web Development"]']
    assert added == [
        '  "toml",',
        "  'static-sites',",
        "  'python',",
        'categories = ["web development"]',
    ]
    removed, added = changed_lines(
        changes["eleventy/notes.md"].old, changes["eleventy/notes.md"].new
    )
    assert (removed, added) == (["tags: post"], ["tags: posts"])


def changed_lines(old: bytes, new: bytes) -> tuple[list[str], list[str]]:
    diff = list(difflib.ndiff(old.decode().splitlines(), new.decode().splitlines()))
    return [d[2:] for d in diff if d[:1] == "-"], [d[2:] for d in diff if d[:1] == "+"]


@pytest.mark.parametrize(
    ("path", "line", "message"),
    [
        (BAD / "bad-yaml.md", None, "malformed YAML front matter"),
        (BAD / "bad-toml.md", None, "malformed TOML front matter"),
    ],
)
def test_malformed_front_matter_raises_the_loaders_error(
    path: Path, line: int | None, message: str
) -> None:
    with pytest.raises(SourceError) as raised:
        rewrite(path.read_bytes(), MAPPING, name=str(path))
    with pytest.raises(SourceError) as loaded:
        load(path)
    assert str(raised.value) == str(loaded.value)
    assert message in raised.value.message and raised.value.line is not None


def test_unclosed_front_matter_and_bad_bytes() -> None:
    with pytest.raises(SourceError, match=r"^x\.md:1: front matter opened with '---' is never"):
        rewrite(b"---\ntags: [a]\n", MAPPING, name="x.md")
    with pytest.raises(SourceError, match=r"^x\.md:2: invalid UTF-8 \(byte 0xff\)"):
        rewrite(b"---\ntags: [\xff]\n---\n", MAPPING, name="x.md")


# Properties ------------------------------------------------------------------------------

_FENCE = re.compile(r"\A(---|\+\+\+)[^\n]*\n(.*?\n)(---|\.\.\.|\+\+\+)[ \t\r]*(\n|\Z)", re.S)
SAMPLES = [*sorted(SITE.rglob("*.md")), *sorted(CASES.glob("*.in.md"))]
SPECIAL = ["a & b", "<b>", 'say "hi"', "it's", "café", "東京", "C++", "#hash", "key: value"]
SPECIAL += ["yes", "null", "2024", "[x]", "a, b", "- dash", "tab\tin", "~", "100%", "@at", "*star"]


def split_matter(data: bytes) -> tuple[str, str, str]:
    """(dialect, front-matter block, the rest) of a post (no front matter: empty block)."""
    text = data.decode("utf-8-sig").replace("\r\n", "\n")
    match = _FENCE.match(text)
    if not match:
        return "", "", text
    return match.group(1), match.group(2), text[match.end() :]


def other_keys(dialect: str, block: str, fields: tuple[str, ...]) -> dict[str, object]:
    data = tomllib.loads(block) if dialect == "+++" else yaml.safe_load(block) or {}
    wanted = {field.lower() for field in fields}
    return {key: value for key, value in data.items() if str(key).lower() not in wanted}


def assert_only_labels_changed(old: bytes, new: bytes, fields: tuple[str, ...]) -> None:
    """The body is the same bytes, other keys the same values, and every line the diff
    touches lies within a label field (from its key to the end of its value)."""
    dialect, old_block, old_rest = split_matter(old)
    new_dialect, new_block, new_rest = split_matter(new)
    assert (new_dialect, new_rest) == (dialect, old_rest)
    if not dialect:
        return
    assert other_keys(dialect, new_block, fields) == other_keys(dialect, old_block, fields)
    inside = {line for a, b in field_lines(dialect, old_block, fields) for line in range(a, b + 1)}
    matcher = difflib.SequenceMatcher(None, old_block.split("\n"), new_block.split("\n"))
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        touched = set(range(i1, i2)) if i2 > i1 else {i1 - 1}  # an insertion: after line i1-1
        if tag != "equal":
            assert touched <= inside, (tag, i1, i2, sorted(inside))


def field_lines(dialect: str, block: str, fields: tuple[str, ...]) -> list[tuple[int, int]]:
    """0-based first and last line of each label field's key and value in the block."""
    wanted = {field.lower() for field in fields}
    lines = block.split("\n")
    if dialect == "---":
        root = yaml.compose(block, Loader=yaml.SafeLoader)
        if not isinstance(root, yaml.MappingNode):
            return []
        return [
            (key.start_mark.line, value.end_mark.line - (value.end_mark.column == 0))
            for key, value in root.value
            if str(key.value).lower() in wanted
        ]
    ranges = []
    starts = [i for i, line in enumerate(lines) if re.match(r"\s*(\[|[\w\"'-]+\s*=)", line)]
    for index, start in enumerate(starts):
        key = lines[start].split("=")[0].strip().strip("\"'").lower()
        end = starts[index + 1] - 1 if index + 1 < len(starts) else len(lines) - 1
        if key in wanted:
            ranges.append((start, end))
    return ranges


def labels_of(path: Path) -> list[str]:
    posts = load(path).posts or ()
    return sorted({label for post in posts for label in post.labels})


ALL_LABELS = sorted({label for path in SAMPLES for label in labels_of(path)})
label_text = st.text(
    st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters=",\u2028\u2029"),
    min_size=1,
    max_size=10,
).map(str.strip)
new_label = st.one_of(st.sampled_from(SPECIAL + ALL_LABELS), label_text.filter(bool))
mappings = st.dictionaries(
    st.sampled_from(ALL_LABELS), st.lists(new_label, max_size=3), min_size=1, max_size=8
)


def resolved(raw: dict[str, list[str]]) -> LabelMap:
    """The map as `read_label_map` makes it from a flat mapping file (chains followed)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "map.yaml"
        path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        return read_label_map(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=mappings, index=st.integers(0, len(SAMPLES) - 1), crlf=st.booleans())
def test_properties(raw: dict[str, list[str]], index: int, crlf: bool) -> None:
    """For any map: the loader reads the mapped labels, nothing else changes, and a second
    rewrite changes nothing."""
    mapping = resolved(raw)
    path = SAMPLES[index]
    old = path.read_bytes()
    if crlf:
        old = old.replace(b"\n", b"\r\n")
    result = rewrite(old, mapping, name=path.name)
    assert rewrite(result.data, mapping, name=path.name).data == result.data
    assert_only_labels_changed(old, result.data, FIELDS)
    with tempfile.TemporaryDirectory() as folder:
        before, after = Path(folder) / f"a{path.suffix}", Path(folder) / f"b{path.suffix}"
        before.write_bytes(old)
        after.write_bytes(result.data)
        old_posts, new_posts = load(before).posts or (), load(after).posts or ()
    assert [p.labels for p in new_posts] == [mapping.rewrite(p.labels) for p in old_posts]
    assert [(p.title, p.status) for p in new_posts] == [(p.title, p.status) for p in old_posts]
    assert result.posts == int(result.data != old)


def test_toml_values_before_the_labels_are_skipped_whole() -> None:
    """Multi-line strings, inline tables, dates and nested arrays before and inside the
    label array do not confuse the scanner."""
    before = (
        '+++\ndescription = """\nA "quoted" word, tags = ["Python"]\n"""\n'
        "note = '''it's '''\nmeta = { a = [1, 2], b = \"]\" }\n"
        "when = 2024-01-02 10:00:00\n"
        'tags = [ "JS", ["nested"], 7, "Python" ] # trailing\n+++\nbody\n'
    )
    result = rewrite(before.encode(), MAPPING, name="t.md")
    assert result.data.decode() == before.replace(
        '[ "JS", ["nested"], 7, "Python" ]', '[ "JavaScript", ["nested"], 7, "python" ]'
    )
    assert result.replaced == 2
