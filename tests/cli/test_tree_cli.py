"""``taxonomy tree`` and ``taxonomy validate`` through the CLI: exact outputs, exit codes, errors.

Expected outputs are golden files in tests/data/document/cli/, for the fixtures next to them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from taxonomy.cli import app
from taxonomy.cli.tree import (
    MACHINE_TREE_FORMATS,
    VALIDATE_FORMATS,
    TreeFormat,
    ValidateFormat,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "document"
GOLDEN = DATA / "cli"
# A fixed width and no colour, whatever the terminal the tests run in.
runner = CliRunner(env={"COLUMNS": "100", "FORCE_COLOR": None, "NO_COLOR": "1"})


@pytest.fixture(autouse=True)
def _in_the_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths in outputs are as given: run where the fixtures are."""
    monkeypatch.chdir(DATA)


def golden(name: str) -> str:
    return (GOLDEN / name).read_bytes().decode("utf-8")


def test_every_format_is_mapped() -> None:
    assert set(MACHINE_TREE_FORMATS) == set(TreeFormat) - {TreeFormat.tree}
    assert set(VALIDATE_FORMATS) == set(ValidateFormat)


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [("tree", "tree.txt"), ("json", "tree.json"), ("yaml", "tree.yaml"), ("text", "outline.txt")],
)
def test_tree_formats(fmt: str, expected: str) -> None:
    result = runner.invoke(app, ["tree", "commented.yaml", "--format", fmt])
    assert result.exit_code == 0, result.output
    assert result.stdout == golden(expected)


def test_tree_summary_goes_to_stderr() -> None:
    result = runner.invoke(app, ["tree", "commented.yaml"])
    assert result.stderr == (
        "9 concepts (4 accepted), 5 aliases, 1 split, 1 removed; ✓ accepted, ? suggested\n"
    )


def test_tree_json_and_yaml_carry_the_same_document() -> None:
    as_json = json.loads(runner.invoke(app, ["tree", "commented.yaml", "-f", "json"]).stdout)
    as_yaml = yaml.safe_load(runner.invoke(app, ["tree", "commented.yaml", "-f", "yaml"]).stdout)
    assert as_yaml == as_json
    usa = as_json["concepts"][0]["children"][0]
    assert usa == {
        "label": "Mongolia and USA",
        "aliases": ["Mongolia and US"],
        "status": "accepted",
        "placement": "suggested",
        "generated": False,
        "children": [],
    }


def test_validate_clean_document_exits_0() -> None:
    result = runner.invoke(app, ["validate", "commented.yaml"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "commented.yaml: no problems in 9 concepts\n"


@pytest.mark.parametrize(("fmt", "expected"), [("text", "validate.txt"), ("json", "validate.json")])
def test_validate_problems_exit_1(fmt: str, expected: str) -> None:
    result = runner.invoke(app, ["validate", "problems.yaml", "--format", fmt])
    assert result.exit_code == 1
    assert result.stdout == golden(expected)
    assert result.stderr == (
        "problems.yaml: 16 problems (3 overlapping-labels, 3 bad-label, 2 alias-is-label, "
        "2 merged-distinct, 2 unknown-split-part, 1 cycle, 1 duplicate-child, 1 case-variants, "
        "1 decided-label-in-use)\n"
    )


@pytest.mark.parametrize("command", ["tree", "validate"])
def test_a_structural_error_is_one_line_and_exit_3(command: str) -> None:
    result = runner.invoke(app, [command, "errors/bad-status.yaml"])
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == (
        "Error: errors/bad-status.yaml:7: 'status' must be 'suggested' or 'accepted', "
        "not 'acepted'\n"
    )


@pytest.mark.parametrize("command", ["tree", "validate"])
def test_the_default_file_is_taxonomy_yaml(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [command])
    assert result.exit_code == 3
    assert result.stderr == (
        "Error: no taxonomy.yaml in this folder: create one with "
        "'taxonomy suggest -o taxonomy.yaml', or name the file\n"
    )
    (tmp_path / "taxonomy.yaml").write_bytes((DATA / "commented.yaml").read_bytes())
    result = runner.invoke(app, [command, "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)


def test_a_missing_named_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "none.yaml")])
    assert result.exit_code == 3
    assert result.stderr == f"Error: {tmp_path / 'none.yaml'}: no such file\n"
