"""``taxonomy check`` through the CLI on the fixture site: golden outputs for every format, exit
codes, configuration, ``--fix`` round trips and the pre-commit hook.

The goldens are tests/data/check/golden/; regenerate them with ``UPDATE_GOLDEN=1 pytest ...``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from taxonomy.cli import app
from taxonomy.cli.check import FORMATS, CheckFormat

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "check"
SITE = DATA / "site"
GOLDEN = DATA / "golden"
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "GITHUB_ACTIONS": None})


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the fixture site to work in (and to fix), with a repository root of its own."""
    copy = tmp_path / "site"
    shutil.copytree(SITE, copy)
    (copy / ".git").mkdir()
    monkeypatch.chdir(copy)
    return copy


def golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(actual.encode("utf-8"))
    assert actual == path.read_bytes().decode("utf-8")


def test_every_format_is_mapped() -> None:
    assert set(FORMATS) == set(CheckFormat)


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("text", "check.txt"),
        ("json", "check.json"),
        ("github", "check.github.txt"),
        ("sarif", "check.sarif"),
        ("junit", "check.junit.xml"),
    ],
)
def test_golden_output(site: Path, fmt: str, name: str) -> None:
    result = runner.invoke(app, ["check", "--format", fmt])
    assert result.exit_code == 1, result.output
    golden(name, result.stdout)
    assert result.stderr == "8 errors, 4 warnings in 6 files (8 fixable with --fix)\n"


def test_github_format_is_chosen_in_github_actions(site: Path) -> None:
    result = runner.invoke(app, ["check"], env={"GITHUB_ACTIONS": "true"})
    assert result.stdout == (GOLDEN / "check.github.txt").read_text(encoding="utf-8")


def test_a_clean_post_exits_0(site: Path) -> None:
    result = runner.invoke(app, ["check", "content/posts/clean.md"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "no problems in 1 file\n")


def test_warnings_alone_exit_0_and_severities_come_from_flags(site: Path) -> None:
    result = runner.invoke(app, ["check", "content/posts/unknown.md"])
    assert result.exit_code == 0
    assert result.stderr == "0 errors, 4 warnings in 1 file\n"
    result = runner.invoke(app, ["check", "content/posts/unknown.md", "--unknown", "error"])
    assert result.exit_code == 1
    result = runner.invoke(
        app, ["check", "content/posts/aliases.md", "--alias", "warning", "--unknown", "off"]
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        "content/posts/aliases.md:4:5: warning alias: use 'Python' instead of 'python3' [*]"
    )


def test_severities_from_the_configuration_and_flags_override_them(site: Path) -> None:
    config = site / "pyproject.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + '\n[tool.taxonomy.severity]\nunknown = "error"\n',
        encoding="utf-8",
    )
    configured = runner.invoke(app, ["check", "content/posts/unknown.md"])
    assert configured.exit_code == 1
    assert " error unknown: unknown label 'Pyhton'" in configured.stdout
    overridden = runner.invoke(app, ["check", "content/posts/unknown.md", "--unknown", "warning"])
    assert overridden.exit_code == 0
    assert " warning unknown: unknown label 'Pyhton'" in overridden.stdout


def test_suggested_decisions_count_with_include_suggested(site: Path) -> None:
    assert runner.invoke(app, ["check", "content/posts/suggested.md"]).exit_code == 0
    result = runner.invoke(app, ["check", "--include-suggested", "content/posts/suggested.md"])
    assert result.exit_code == 1
    assert result.stdout == (
        "content/posts/suggested.md:3:8: error alias: use 'Machine Learning' instead of 'ML' [*]\n"
        "content/posts/suggested.md:3:12: error removed: 'Misc' was removed from the taxonomy [*]\n"
    )


def test_an_excluded_file_is_skipped_even_when_named(site: Path) -> None:
    result = runner.invoke(app, ["check", "content/archive/old.md", "content/posts/clean.md"])
    assert (result.exit_code, result.stderr) == (0, "no problems in 1 file\n")


def test_usage_and_configuration_errors_exit_2(site: Path) -> None:
    result = runner.invoke(app, ["check", "missing.md"])
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: missing.md: no such file or directory\n",  # path first, as every error
    )
    (site / "pyproject.toml").write_text("[tool.taxonomy]\ntaxonomyy = 'x'\n", encoding="utf-8")
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: "
        f"{site}/pyproject.toml:2: unknown key 'taxonomyy' in [tool.taxonomy] "
        "(did you mean 'taxonomy'?)\n"
    )


def test_a_missing_taxonomy_exits_2_with_a_hint(site: Path) -> None:
    (site / "pyproject.toml").unlink()
    (site / "taxonomy.yaml").rename(site / "meta.yaml")
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: no taxonomy.yaml in this folder or above it")
    named = runner.invoke(app, ["check", "--taxonomy", "meta.yaml", "content/posts/clean.md"])
    assert named.exit_code == 0


def test_the_taxonomy_is_found_in_a_folder_above(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (site / "pyproject.toml").unlink()
    monkeypatch.chdir(site / "content")
    result = runner.invoke(app, ["check", "posts/aliases.md", "--unknown", "off"])
    assert result.exit_code == 1
    assert result.stdout.startswith("posts/aliases.md:4:5: error alias:")


def test_an_unreadable_post_exits_3_naming_file_and_line(site: Path) -> None:
    (site / "content" / "posts" / "broken.md").write_text("---\ntags: [a\n---\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "content/posts/broken.md"])
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: content/posts/broken.md:")


def test_fix_rewrites_posts_in_place_and_reports_what_it_fixed(site: Path) -> None:
    before = {p.name: p.read_bytes() for p in (site / "content" / "posts").iterdir()}
    result = runner.invoke(app, ["check", "--fix", "--unknown", "off"])
    assert result.exit_code == 0, result.output
    assert result.stderr == "fixed 8 in 6 files\n"
    assert result.stdout.splitlines()[0] == (
        "content/posts/aliases.md:4:5: fixed alias: use 'Python' instead of 'python3'"
    )
    posts = site / "content" / "posts"
    assert (posts / "aliases.md").read_text(encoding="utf-8") == (
        before["aliases.md"]
        .decode()
        .replace("  - python3\n", "  - Python\n")
        .replace("[news]", "[News]")
    )
    assert (posts / "mixed.md").read_text(encoding="utf-8").splitlines()[2] == (
        "tags: Python, JavaScript, Static Sites"
    )
    assert (posts / "dupes.md").read_text(encoding="utf-8") == before["dupes.md"].decode().replace(
        "  \"py\",\n  'Python',\n", ""
    )
    for untouched in ("clean.md", "unknown.md", "suggested.md"):
        assert (posts / untouched).read_bytes() == before[untouched]
    again = runner.invoke(app, ["check"])
    assert again.exit_code == 0
    assert again.stderr == "0 errors, 4 warnings in 6 files\n"


def test_diff_shows_the_fix_and_writes_nothing(site: Path) -> None:
    before = (site / "content" / "posts" / "aliases.md").read_bytes()
    result = runner.invoke(app, ["check", "--diff", "content/posts/aliases.md"])
    assert result.exit_code == 1
    assert result.stdout == (
        "--- a/content/posts/aliases.md\n"
        "+++ b/content/posts/aliases.md\n"
        "@@ -1,9 +1,9 @@\n"
        " ---\n"
        " title: Aliases and a case variant\n"
        " tags:\n"
        "-  - python3\n"
        "+  - Python\n"
        "   - JavaScript\n"
        "-categories: [news]\n"
        "+categories: [News]\n"
        " ---\n"
        " \n"
        " An alias, a preferred label, and a label that differs from one only in case.\n"
    )
    assert result.stderr == "would fix 2 in 1 file\n"
    assert (site / "content" / "posts" / "aliases.md").read_bytes() == before


def test_fix_leaves_other_sources_to_apply(site: Path) -> None:
    (site / "labels.txt").write_text("Python\npython3\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--fix", "labels.txt"])
    assert result.exit_code == 1
    assert "labels.txt: not Markdown; fixing an export is the job of 'taxonomy apply'" in (
        result.stderr
    )
    assert (site / "labels.txt").read_text(encoding="utf-8") == "Python\npython3\n"


def _pre_commit() -> str | None:
    found = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    return found if Path(found).exists() else None


@pytest.mark.skipif(_pre_commit() is None, reason="pre-commit is not installed")
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_pre_commit_hook_runs_for_real(tmp_path: Path) -> None:
    """``pre-commit try-repo`` on a copy of this working tree (try-repo reads a repository's
    committed HEAD, so the copy is committed first) in a git repository of the fixture site."""
    hook_repo = tmp_path / "hook"
    shutil.copytree(
        ROOT,
        hook_repo,
        ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", ".cache", "*.egg-info"),
    )
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "NO_COLOR": "1",
    }
    env.pop("GITHUB_ACTIONS", None)
    for repo in (hook_repo, site):
        for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "x"]):
            subprocess.run(["git", *command], cwd=repo, env=env, check=True)
    pre_commit = _pre_commit()
    assert pre_commit is not None

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [pre_commit, "try-repo", str(hook_repo), "taxonomy-check", "--files", *files],
            cwd=site,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    clean = try_repo("content/posts/clean.md", "content/notes.txt")
    if clean.returncode != 0 and "taxonomy check" not in clean.stdout:
        pytest.skip(f"the hook could not be installed (offline?): {clean.stdout[-300:]}")
    assert clean.returncode == 0, clean.stdout
    assert "taxonomy check" in clean.stdout and "Passed" in clean.stdout
    failing = try_repo("content/posts/clean.md", "content/posts/aliases.md")
    assert failing.returncode == 1
    assert "content/posts/aliases.md:4:5: error alias: use 'Python' instead of 'python3'" in (
        failing.stdout
    )
    assert "clean.md:" not in failing.stdout
