"""Configuration of ``taxonomy check``: discovery, validation, include/exclude globs."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomy.check import Kind, Severity
from taxonomy.config import DEFAULT_INCLUDE, find_config, glob_match, load_config, read_config
from taxonomy.errors import ConfigError

SITE = Path(__file__).resolve().parent / "data" / "check" / "site"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_fixture_sites_pyproject_table() -> None:
    config = load_config(SITE / "content" / "posts")
    assert config.path == SITE / "pyproject.toml"
    assert config.taxonomy == SITE / "taxonomy.yaml"
    assert config.exclude == ("content/archive",)
    assert config.include == DEFAULT_INCLUDE
    assert config.excluded(SITE / "content" / "archive" / "old.md")
    assert not config.excluded(SITE / "content" / "posts" / "clean.md")


def test_nearest_file_wins_and_yaml_before_pyproject_in_one_folder(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "pyproject.toml", "[tool.taxonomy]\nfields = ['tags']\n")
    write(tmp_path / "blog" / ".taxonomy.yaml", "fields: [categories]\n")
    write(tmp_path / "blog" / "pyproject.toml", "[tool.taxonomy]\nfields = ['labels']\n")
    (tmp_path / "blog" / "posts").mkdir()
    assert find_config(tmp_path / "blog" / "posts") == tmp_path / "blog" / ".taxonomy.yaml"
    assert load_config(tmp_path / "blog" / "posts").fields == ("categories",)
    assert load_config(tmp_path).fields == ("tags",)


def test_a_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".taxonomy.yaml", "language: german\n")
    write(tmp_path / "site" / "pyproject.toml", "[project]\nname = 'site'\n")
    assert find_config(tmp_path / "site") == tmp_path / ".taxonomy.yaml"


def test_the_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    write(tmp_path / ".taxonomy.yaml", "language: german\n")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    assert find_config(tmp_path / "repo") is None
    config = load_config(tmp_path / "repo")
    assert (config.path, config.root) == (None, tmp_path / "repo")


def test_every_key_is_read_and_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    path = write(
        tmp_path / "pyproject.toml",
        """[tool.taxonomy]
taxonomy = "meta/taxonomy.yaml"
fields = ["tags", "series"]
include = ["content/**/*.md"]
exclude = ["content/drafts", "*.draft.md"]
include-suggested = true
threshold = 90
language = "german"

[tool.taxonomy.severity]
unknown = "off"
alias = "warning"
""",
    )
    config = read_config(path)
    assert config.taxonomy == tmp_path / "meta" / "taxonomy.yaml"
    assert config.fields == ("tags", "series")
    assert config.include == ("content/**/*.md",)
    assert config.include_suggested is True
    assert (config.threshold, config.language) == (90.0, "german")
    assert config.severity == {Kind.unknown: Severity.off, Kind.alias: Severity.warning}
    assert config.included(tmp_path / "content" / "a" / "b.md")
    assert not config.included(tmp_path / "README.md")
    assert not config.included(tmp_path / "content" / "drafts" / "x.md")
    assert not config.included(tmp_path / "content" / "x.draft.md")


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "pyproject.toml",
            "[project]\nname = 'x'\n\n[tool.taxonomy]\ntaxonomy = 'a.yaml'\nexlude = ['x']\n",
            "pyproject.toml:6: unknown key 'exlude' in [tool.taxonomy] (did you mean 'exclude'?)",
        ),
        (
            ".taxonomy.yaml",
            "fields: [tags]\nseverity:\n  alais: off\n",
            ".taxonomy.yaml:3: unknown kind 'alais' in 'severity' (did you mean 'alias'?)",
        ),
        (
            ".taxonomy.yaml",
            "severity:\n  unknown: fatal\n",
            ".taxonomy.yaml:2: severity of 'unknown' must be error, warning or off, not 'fatal'",
        ),
        (
            ".taxonomy.yaml",
            "threshold: 120\n",
            ".taxonomy.yaml:1: 'threshold' must be a number from 0 to 100, not 120",
        ),
        (
            ".taxonomy.yaml",
            "fields: 3\n",
            ".taxonomy.yaml:1: 'fields' must be a list of text, not 3",
        ),
        (
            ".taxonomy.yaml",
            "- tags\n",
            ".taxonomy.yaml: the configuration must be a table of keys",
        ),
        (
            "pyproject.toml",
            "[tool.taxonomy]\nfields = [tags]\n",
            "pyproject.toml:2: not valid TOML: Invalid value",
        ),
    ],
)
def test_bad_configuration_is_one_line_with_file_and_line(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = write(tmp_path / name, text)
    with pytest.raises(ConfigError) as caught:
        read_config(path)
    assert str(caught.value) == f"{tmp_path}/{message}"
    assert caught.value.exit_code == 2


def test_a_configuration_that_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / ".taxonomy.yaml"
    path.write_bytes(b"fields: [tags]\nseverity: \xff\n")
    with pytest.raises(ConfigError) as caught:
        read_config(path)
    # was: "cannot read the configuration: 'utf-8' codec can't decode byte 0xff in position 23..."
    assert str(caught.value) == f"{path}:2: not UTF-8 text (byte 0xff)"


def test_a_folder_named_like_a_configuration(tmp_path: Path) -> None:
    (tmp_path / ".taxonomy.yaml").mkdir()
    with pytest.raises(ConfigError) as caught:
        read_config(tmp_path / ".taxonomy.yaml")
    assert str(caught.value) == (
        f"{tmp_path}/.taxonomy.yaml: cannot read the configuration: Is a directory"
    )


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("**/*.md", "a.md", True),
        ("**/*.md", "content/posts/a.md", True),
        ("*.md", "content/posts/a.md", True),  # no slash: the last name
        ("content/*.md", "content/posts/a.md", False),
        ("content/**", "content/posts/a.md", True),
        ("_drafts", "blog/_drafts", True),
        ("post-?.md", "post-1.md", True),
        ("post-[!0-9].md", "post-1.md", False),
        ("post-[!0-9].md", "post-a.md", True),
        ("content/drafts/", "content/drafts", True),
    ],
)
def test_glob_match(pattern: str, path: str, matches: bool) -> None:
    assert glob_match(pattern, path) is matches
