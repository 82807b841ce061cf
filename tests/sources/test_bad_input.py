"""Every bad input gives one clear line naming the file (and line): through the library and the CLI.

Each case is loaded with ``taxonomy.sources.load`` (a SourceError with the exact message, path and
line) and run as ``taxonomy labels`` (exit code 3, exactly that one line on stderr, no traceback).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from taxonomy.cli import app
from taxonomy.errors import SourceError
from taxonomy.sources import load

DATA = Path(__file__).resolve().parents[1] / "data"
BAD = DATA / "bad"


@dataclass(frozen=True)
class Case:
    id: str
    path: Path
    fmt: str | None
    message: str
    line: int | None = None

    @property
    def where(self) -> str:
        return str(self.path) if self.line is None else f"{self.path}:{self.line}"


CASES = [
    Case("missing file", BAD / "does-not-exist.xml", None, "no such file or directory"),
    Case("directory for a file", BAD / "no-posts", "blogger", "cannot read: Is a directory"),
    Case(
        "folder without posts",
        BAD / "no-posts",
        None,
        "no Markdown posts found (looked for .md, .markdown and .mdx files)",
    ),
    Case(
        "wxr as blogger",
        DATA / "wordpress" / "google-wordpress-sample.wxr",
        "blogger",
        "not a Blogger export: it looks like a WordPress export (WXR); try --from wxr",
        19,
    ),
    Case(
        "json as wxr",
        DATA / "ghost" / "tryghost-ghost.json",
        "wxr",
        "not a WordPress export (WXR): it looks like JSON; try --from ghost",
    ),
    Case(
        "blogger as ghost",
        DATA / "blogger" / "google-blogger-sample.xml",
        "ghost",
        "not a Ghost export: it looks like a Blogger export; try --from blogger",
    ),
    Case(
        "json as markdown",
        DATA / "ghost" / "tryghost-ghost.json",
        "markdown",
        "not a Markdown post: it looks like JSON; try --from ghost",
    ),
    Case(
        "invalid utf-8 xml",
        BAD / "invalid-utf8.xml",
        None,
        "invalid UTF-8 (byte 0xe9, column 65); save the file as UTF-8",
        5,
    ),
    Case(
        "invalid utf-8 markdown",
        BAD / "invalid-utf8.md",
        None,
        "invalid UTF-8 (byte 0xe9); save the file as UTF-8",
        2,
    ),
    Case(
        "invalid utf-8 json",
        BAD / "invalid-utf8.json",
        None,
        "invalid UTF-8 (byte 0xe9); save the file as UTF-8",
        1,
    ),
    Case("binary", BAD / "binary.png", None, "binary data, not a label source"),
    Case("binary as blogger", BAD / "binary.png", "blogger", "binary data, not a Blogger export"),
    Case("binary as wxr", BAD / "binary.png", "wxr", "binary data, not a WordPress export (WXR)"),
    Case("binary as markdown", BAD / "binary.png", "markdown", "binary data, not a Markdown post"),
    Case("binary as ghost", BAD / "binary.png", "ghost", "binary data, not a text label source"),
    Case(
        "malformed xml", BAD / "malformed.xml", None, "malformed XML: mismatched tag (column 5)", 9
    ),
    Case(
        "malformed json",
        BAD / "malformed.json",
        None,
        "invalid JSON: Expecting ',' delimiter (column 11)",
        7,
    ),
    Case(
        "json of another shape",
        BAD / "not-ghost.json",
        None,
        "JSON, but not a Ghost export: no posts or tags "
        "(looked in db[].data, data and the top level)",
    ),
    Case(
        "malformed yaml front matter",
        BAD / "bad-yaml.md",
        None,
        "malformed YAML front matter: expected ',' or ']', but got ':' "
        "(while parsing a flow sequence on line 3)",
        4,
    ),
    Case(
        "unclosed front matter",
        BAD / "unclosed.md",
        None,
        "front matter opened with '---' is never closed with '---'",
        1,
    ),
    Case(
        "malformed toml front matter",
        BAD / "bad-toml.md",
        None,
        "malformed TOML front matter: Unclosed array",
        4,
    ),
    Case(
        "billion laughs",
        BAD / "billion-laughs.xml",
        None,
        "XML entity declarations are not allowed (entity 'lol'); entities are never expanded",
        3,
    ),
    Case(
        "external entity",
        BAD / "external-entity.xml",
        None,
        "XML entity declarations are not allowed (entity 'xxe'); entities are never expanded",
        4,
    ),
    Case(
        "external dtd",
        BAD / "external-dtd.xml",
        None,
        "XML external references (DTDs, entities) are not allowed; nothing is fetched "
        "(http://example.com/evil.dtd)",
        2,
    ),
    Case("empty xml as blogger", BAD / "empty.xml", "blogger", "empty file, not a Blogger export"),
    Case("empty xml as wxr", BAD / "empty.xml", "wxr", "empty file, not a WordPress export (WXR)"),
    Case("empty json", BAD / "empty.json", None, "empty file, not a Ghost export"),
    Case("empty xml, detected", BAD / "empty.xml", None, "empty file: nothing to read"),
]


def run_cli(path: Path, fmt: str | None) -> tuple[int, list[str], str]:
    args = ["labels", str(path), *(["--from", fmt] if fmt else [])]
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.stderr.splitlines(), result.output


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_library_raises_one_clear_source_error(case: Case) -> None:
    with pytest.raises(SourceError) as caught:
        load(case.path, case.fmt)
    error = caught.value
    assert (error.message, error.path, error.line) == (case.message, str(case.path), case.line)
    assert str(error) == f"{case.where}: {case.message}"


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_cli_exits_3_with_one_line_on_stderr(case: Case) -> None:
    code, stderr, output = run_cli(case.path, case.fmt)
    assert code == 3
    assert stderr == [f"Error: {case.where}: {case.message}"]
    assert "Traceback" not in output


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a file whatever its mode")
def test_unreadable_file(tmp_path: Path) -> None:
    export = tmp_path / "locked.xml"
    shutil.copy(DATA / "blogger" / "google-blogger-sample.xml", export)
    export.chmod(0)
    try:
        with pytest.raises(SourceError, match="cannot read: Permission denied"):
            load(export)
        code, stderr, _ = run_cli(export, None)
        assert code == 3
        assert stderr == [f"Error: {export}: cannot read: Permission denied"]
    finally:
        export.chmod(0o644)


def test_malformed_front_matter_in_a_folder_names_the_post(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "posts").mkdir(parents=True)
    (site / "posts" / "good.md").write_text("---\ntags: [ok]\n---\n", encoding="utf-8")
    shutil.copy(BAD / "bad-toml.md", site / "posts" / "bad.md")
    code, stderr, _ = run_cli(site, None)
    assert code == 3
    assert stderr == [
        f"Error: {site / 'posts' / 'bad.md'}:4: malformed TOML front matter: Unclosed array"
    ]
