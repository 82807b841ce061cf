"""The edit commands through the CLI: message, exit code and the file written (or not)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from taxonomy.cli import app
from taxonomy.document import load_taxonomy
from taxonomy.model import SUGGESTED
from taxonomy.validate import validate

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "review" / "taxonomy.yaml"
runner = CliRunner(env={"COLUMNS": "100", "FORCE_COLOR": None, "NO_COLOR": "1"})


@pytest.fixture
def doc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture as ./taxonomy.yaml of a fresh folder (with its source next to it)."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(FIXTURE.parent / "labels.csv", tmp_path / "labels.csv")
    return Path(shutil.copy(FIXTURE, tmp_path / "taxonomy.yaml"))


@pytest.mark.parametrize(
    ("args", "message", "changed"),
    [
        (
            ["merge", "Mongolia and Hongkong", "--into", "Mongolia Sumo"],
            "merged 'Mongolia and Hongkong' into 'Mongolia Sumo' (now accepted)",
            "    aliases: [Mongolian Sumo, Mongolia and Hongkong]\n    status: accepted\n",
        ),
        (
            ["rename", "Moninfo", "Mongolia info"],
            "renamed 'Moninfo' to 'Mongolia info' ('Moninfo' kept as an alias)",
            "  - label: Mongolia info\n    aliases: [Moninfo]\n",
        ),
        (
            ["move", "Moninfo", "--under", "Mongolia Mining"],
            "moved 'Moninfo' under 'Mongolia Mining'",
            "    children:\n      - label: Moninfo\n        status: accepted\n"
            "        placement: accepted\n",
        ),
        (
            ["move", "Mongolia and China", "--top"],
            "moved 'Mongolia and China' from under 'Mongolia and … (countries)' to the top level",
            "\n  - label: Mongolia and China\n    status: accepted\n",
        ),
        (
            ["split", "Mongolia and Hongkong", "--into", "Moninfo", "--into", "Mongolia Mining"],
            "split 'Mongolia and Hongkong' into 'Moninfo', 'Mongolia Mining' "
            "(was an alias of 'Mongolia and Hong Kong')",
            "  - label: Mongolia and Hongkong\n    into: [Moninfo, Mongolia Mining]\n"
            "    status: accepted\n",
        ),
        (
            ["distinct", "Moninfo", "Mongolia Sumo"],
            "marked 'Moninfo' and 'Mongolia Sumo' distinct",
            "  - [Moninfo, Mongolia Sumo]\n",
        ),
        (
            ["accept", "Mongolia Sumo", "Mongolia spam"],
            "accepted 'Mongolia Sumo' with its aliases 'Mongolian Sumo'\n"
            "accepted the removal of 'Mongolia spam'",
            "  - label: Mongolia spam\n    status: accepted    # looks like spam\n",
        ),
        (
            ["accept", "--placement", "Mongolia and China"],
            "accepted the place of 'Mongolia and China' under 'Mongolia and … (countries)'",
            "      - label: Mongolia and China\n        status: accepted\n"
            "        placement: accepted\n",
        ),
        (
            ["accept", "--all-above", "95"],
            "accepted 2 concepts with a score of 95 or more",
            '    status: accepted\n    why: "Mongolian Sumo:',
        ),
        (
            ["reject", "Mongolia Sumo"],
            "rejected 'Mongolia Sumo': 'Mongolian Sumo' is a concept of its own, recorded "
            "distinct from it",
            "  - [Mongolian Sumo, Mongolia Sumo]\n",
        ),
        (
            ["reject", "--placement", "Mongolia and China"],
            "moved 'Mongolia and China' from under 'Mongolia and … (countries)' to the top level",
            "\n  - label: Mongolia and China\n    status: accepted\n",
        ),
        (
            ["remove", "Moninfo"],
            "removed 'Moninfo'",
            "  - label: Moninfo\n    status: accepted\n\n# End of file",
        ),
    ],
)
def test_each_command(doc: Path, args: list[str], message: str, changed: str) -> None:
    before = doc.read_bytes()
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stderr == message + "\n"
    assert result.stdout == ""
    text = doc.read_text(encoding="utf-8")
    assert changed in text
    assert text.startswith("# Categories of mongolianviews.com, half reviewed.\n")
    assert text.endswith("\n# End of file: nothing below is read.\n")
    assert (doc.parent / "taxonomy.yaml.bak").read_bytes() == before
    assert validate(load_taxonomy(doc)) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["merge", "Mongolia and India", "--into", "Mongolia and Indonesia"],
            "'Mongolia and India' and 'Mongolia and Indonesia' are marked distinct (line 54): "
            "remove the pair first, then merge: taxonomy distinct 'Mongolia and India' "
            "'Mongolia and Indonesia' --remove",
        ),
        (
            ["rename", "Mongolia Sumo", "Moninfo"],
            "cannot rename 'Mongolia Sumo' to 'Moninfo': 'Moninfo' is the label of a concept "
            "(line 50); merge them instead: taxonomy merge 'Mongolia Sumo' --into Moninfo",
        ),
        (
            ["move", "Mongolia and … (countries)", "--under", "Mongolia and India"],
            "cannot move 'Mongolia and … (countries)' under 'Mongolia and India': "
            "'Mongolia and India' is under 'Mongolia and … (countries)' (that would be a cycle)",
        ),
        (
            ["split", "Moninfo"],
            "cannot split 'Moninfo' into nothing: give two or more --into labels",
        ),
        (
            ["distinct", "Moninfo", "Mongolia Sumu"],
            "unknown label 'Mongolia Sumu': it is in no concept, split or removal "
            "(did you mean 'Mongolia Sumo'?)",
        ),
        (
            ["accept", "Mongolia Sumo", "Nothing"],
            "unknown label 'Nothing': it is in no concept, split or removal",
        ),
        (
            ["reject", "Moninfo"],
            "'Moninfo' has no aliases to reject: accept it, or remove the label: "
            "taxonomy remove Moninfo",
        ),
        (
            ["remove", "Mongolia Sumo"],
            "cannot remove 'Mongolia Sumo': its aliases 'Mongolian Sumo' would lose their "
            "concept; merge them elsewhere, or rename the concept to one of them, first",
        ),
    ],
)
def test_refusals_change_nothing(doc: Path, args: list[str], message: str) -> None:
    before = doc.read_bytes()
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message}\n"
    assert doc.read_bytes() == before
    assert not (doc.parent / "taxonomy.yaml.bak").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["move", "Moninfo"], "give either --under PARENT or --top"),
        (
            ["move", "Moninfo", "--top", "--under", "Mongolia Mining"],
            "give either --under PARENT or --top",
        ),
        (["accept"], "give the labels to accept, or --all-above SCORE, or --all (one of them)"),
        (
            ["reject", "Moninfo", "--all"],
            "give the labels to reject, or --all-above SCORE, or --all (one of them)",
        ),
        (["accept", "--all", "--placement"], "--placement goes with labels"),
    ],
)
def test_usage_errors(doc: Path, args: list[str], message: str) -> None:
    before = doc.read_bytes()
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {message}\n"
    assert doc.read_bytes() == before


def test_dry_run_prints_a_diff_and_writes_nothing(doc: Path) -> None:
    before = doc.read_bytes()
    result = runner.invoke(app, ["accept", "Mongolia Sumo", "--dry-run"])
    assert result.exit_code == 0
    assert result.stdout == (
        "--- taxonomy.yaml\n"
        "+++ taxonomy.yaml\n"
        "@@ -40,7 +40,7 @@\n"
        "     status: accepted\n"
        "   - label: Mongolia Sumo\n"
        "     aliases: [Mongolian Sumo]\n"
        "-    status: suggested\n"
        "+    status: accepted\n"
        "     why: \"Mongolian Sumo: share 'sumo'; 'mongolian' is the adjective of "
        "'mongolia' (96)\"\n"
        "     score: 95.6\n"
        "   - label: Mongolia and Hong Kong\n"
    )
    assert result.stderr == (
        "accepted 'Mongolia Sumo' with its aliases 'Mongolian Sumo' (dry run: nothing written)\n"
    )
    assert doc.read_bytes() == before
    assert not (doc.parent / "taxonomy.yaml.bak").exists()


def test_no_backup_and_a_named_file(doc: Path) -> None:
    other = doc.rename(doc.parent / "site.yaml")
    result = runner.invoke(
        app, ["accept", "Mongolia Sumo", "--taxonomy", str(other), "--no-backup"]
    )
    assert result.exit_code == 0
    assert sorted(p.name for p in doc.parent.iterdir()) == ["labels.csv", "site.yaml"]


def test_nothing_to_do_is_not_an_error(doc: Path) -> None:
    before = doc.read_bytes()
    result = runner.invoke(app, ["accept", "Moninfo"])
    assert result.exit_code == 0
    assert result.stderr == "'Moninfo' is already accepted\n"
    assert doc.read_bytes() == before


def test_a_missing_default_file_gets_a_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["accept", "--all"])
    assert result.exit_code == 3
    assert result.stderr == (
        "Error: no taxonomy.yaml in this folder: create one with 'taxonomy suggest -o "
        "taxonomy.yaml', or name the file with --taxonomy\n"
    )


def test_from_suggest_to_decided_with_scripted_commands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["suggest", "-o", "taxonomy.yaml"]).exit_code == 0
    with open("taxonomy.yaml", "a", encoding="utf-8") as stream:
        stream.write("# reviewed by the editors\n")
    steps = [
        ["reject", "Mongolia and India"],  # 'Ind' could be Indonesia too
        ["reject", "Mongolia Education"],  # 'education' is wider
        ["accept", "--all-above", "0"],
        ["rename", "Mongolia and … (countries)", "Mongolia and countries"],
        ["accept", "--all"],
    ]
    messages = []
    for args in steps:
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        messages.append(result.stderr)
    assert messages[2] == "accepted 9 concepts with a score of 0 or more\n"
    taxonomy = load_taxonomy("taxonomy.yaml")
    assert not any(c.status == SUGGESTED or c.placement == SUGGESTED for c in taxonomy.walk())
    assert all(s.status != SUGGESTED for s in taxonomy.splits)
    assert validate(taxonomy) == []
    text = Path("taxonomy.yaml").read_text(encoding="utf-8")
    assert text.startswith("# The categories of a site, for `taxonomy`.")
    assert text.endswith("# reviewed by the editors\n")
    assert "  - [Mongolia and Ind, Mongolia and India]\n" in text
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0
