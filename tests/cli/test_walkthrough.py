"""The README's walkthrough, command by command, on the bundled example export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from taxonomy.cli import app
from taxonomy.sources import load

EXPORT = Path(__file__).parents[2] / "data" / "mongolianviews-example-export.xml"
runner = CliRunner()


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_suggest_accept_export_apply_cleans_the_blogger_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run("suggest", str(EXPORT), "-o", "taxonomy.yaml")
    run("accept", "--all-above", "95")
    run("accept", "Mongolia and India")
    run("validate")

    mapping = yaml.safe_load(run("export"))
    assert mapping["Mongolia and Ind"] == "Mongolia and India"
    assert mapping["Mongolia and US"] == "Mongolia and USA"

    checked = runner.invoke(app, ["check", str(EXPORT), "--format", "text"])
    assert checked.exit_code == 1  # the export still uses the aliases
    assert "use 'Mongolia and USA' instead of 'Mongolia and US'" in checked.stdout
    assert "[*]" not in checked.stdout and "--fix" not in checked.stderr  # exports: apply's job

    run("export", "--to", "nginx", "-o", "redirects.conf")
    redirects = Path("redirects.conf").read_text(encoding="utf-8")
    assert '"/search/label/Mongolia and US"' in redirects

    assert run("apply", str(EXPORT)).startswith("--- a/")  # a dry run prints the diff
    run("apply", str(EXPORT), "-o", "cleaned.xml")
    before, after = load(EXPORT), load(Path("cleaned.xml"))
    assert [p.id for p in after.posts or ()] == [p.id for p in before.posts or ()]
    old = {label.name for label in before.labels}
    new = {label.name for label in after.labels}
    assert old - new == set(mapping)  # every mapped label is gone, nothing else
    assert new <= old  # merges only: every label left was a label before
    assert runner.invoke(app, ["check", "cleaned.xml"]).exit_code == 0
    again = json.loads(run("apply", "cleaned.xml", "--format", "json"))
    assert (again["files"], again["posts"], again["replaced"]) == (0, 0, 0)  # nothing to change
