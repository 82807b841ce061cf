"""What ``check`` reads: the files found under folders, the posts read in worker processes, and
the column of each label.

Reading many files forks workers; here the threshold is lowered so that the fixture site is read
that way, and the result must be exactly what reading in this process gives.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from taxonomy import check_inputs
from taxonomy.check_inputs import Reading, collect, column, cores, read_posts
from taxonomy.config import load_config
from taxonomy.errors import SourceError, UsageError

DATA = Path(__file__).parent / "data"
SITE = DATA / "check" / "site"
MARKDOWN_SITE = DATA / "markdown" / "site"
FIELDS = ("tags", "categories")


def _old_column(lines: list[str], line: int, key: str, label: str, cursor: dict[int, int]) -> int:
    """The regular-expression version ``column`` replaced (it compiled one pattern a label)."""
    if not 0 < line <= len(lines):
        return 1
    text = lines[line - 1]
    start = cursor.get(line)
    if start is None:
        prefix = re.match(check_inputs._KEY.format(key=re.escape(key)), text, re.IGNORECASE)
        start = prefix.end() if prefix else 0
    pattern = rf"""(?<![^\s\[,"'=:])({re.escape(label)})(?![^\s\],"'#])"""
    match = re.search(pattern, text[start:])
    if match is None:
        return 1
    cursor[line] = start + match.end()
    return start + match.start(1) + 1


PIECES = st.sampled_from(["go", "golang", "c++", "tags", " ", ",", "[", "]", '"', "'", "#", "-"])
LINE = st.lists(PIECES | st.text(max_size=3), max_size=12).map("".join)


@given(
    st.lists(LINE, min_size=1, max_size=3),
    st.lists(st.sampled_from(["go", "golang", "c++", "tags", "a b", "é"]), max_size=6),
)
def test_column_finds_what_the_regular_expression_found(
    lines: list[str], labels: list[str]
) -> None:
    new: dict[int, int] = {}
    old: dict[int, int] = {}
    for number, label in enumerate(labels):
        line = number % (len(lines) + 1) + 1  # now and then a line that does not exist
        assert column(lines, line, "tags", label, new) == _old_column(
            lines, line, "tags", label, old
        )
    assert new == old


def test_columns_on_one_line_follow_each_other() -> None:
    lines = ['tags: ["go", golang, go, "c++"]']
    cursor: dict[int, int] = {}
    labels = ("go", "golang", "go", "c++", "rust")
    assert [column(lines, 1, "tags", label, cursor) for label in labels] == [9, 14, 22, 27, 1]


def test_a_folder_is_collected_as_the_configuration_says(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SITE)
    config = load_config(SITE)
    assert collect(["content"], config) == [
        "content/posts/aliases.md",
        "content/posts/clean.md",
        "content/posts/dupes.md",
        "content/posts/mixed.md",
        "content/posts/suggested.md",
        "content/posts/unknown.md",
    ]
    assert collect(["."], config)[0] == "content/posts/aliases.md"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        # the path first, as every error says it (was: "no such file or directory: missing.md")
        ("missing.md", "missing.md: no such file or directory"),
        # README: "-" reads standard input for a SOURCE; check takes files only
        ("-", "check reads files, not standard input: name the posts or folders"),
    ],
)
def test_what_cannot_be_collected(
    given: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError) as caught:
        collect([given], load_config(tmp_path))
    assert str(caught.value) == message


@pytest.mark.skipif(cores() < 2, reason="workers are forked only with two cores or more")
@pytest.mark.parametrize("site", [SITE, MARKDOWN_SITE], ids=["check", "markdown"])
def test_workers_read_exactly_what_this_process_reads(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = collect([str(site)], load_config(site))
    here = read_posts(files, FIELDS)
    monkeypatch.setattr(check_inputs, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(check_inputs, "CHUNK", 2)
    with Reading(files, FIELDS) as reading:
        assert reading._pool is not None
        assert reading.result() == here
    assert sum(len(post.labels) for post in here) > 10


@pytest.mark.skipif(cores() < 2, reason="workers are forked only with two cores or more")
def test_an_error_in_a_worker_names_its_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.md", "b.md", "c.md"):
        (tmp_path / name).write_text("---\ntags: [ok]\n---\n", encoding="utf-8")
    shutil.copy(DATA / "bad" / "bad-yaml.md", tmp_path / "d.md")
    monkeypatch.setattr(check_inputs, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(check_inputs, "CHUNK", 2)
    files = [str(tmp_path / name) for name in ("a.md", "b.md", "c.md", "d.md")]
    with pytest.raises(SourceError) as caught, Reading(files, FIELDS) as reading:
        reading.result()
    assert (caught.value.path, caught.value.line) == (str(tmp_path / "d.md"), 4)
    assert caught.value.message.startswith("malformed YAML front matter: expected ',' or ']'")


def test_errors_keep_their_file_and_line_through_pickling() -> None:
    import pickle

    from taxonomy.errors import SourceError

    error = pickle.loads(pickle.dumps(SourceError("bad front matter", path="a.md", line=3)))
    assert type(error) is SourceError
    assert (error.message, error.path, error.line) == ("bad front matter", "a.md", 3)
