"""``taxonomy suggest`` through the CLI: a document on stdout or in a file, updated in place."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from taxonomy.cli import app
from taxonomy.document import load_taxonomy

runner = CliRunner()


def test_stdout_is_a_yaml_document_and_messages_go_to_stderr() -> None:
    result = runner.invoke(app, ["suggest"])
    assert result.exit_code == 0, result.output
    document = yaml.safe_load(result.stdout)
    assert document["taxonomy"] == 1
    labels = [c["label"] for c in document["concepts"]]
    assert "Mongolia and …" in labels
    assert "132 concepts (16 with aliases)" in result.stderr


def test_output_file_is_written_and_loads(tmp_path: Path) -> None:
    target = tmp_path / "taxonomy.yaml"
    result = runner.invoke(app, ["suggest", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    taxonomy = load_taxonomy(target)
    assert any(c.label == "Mongolia and USA" for c in taxonomy.walk())


def test_update_keeps_the_editors_comments_and_decisions(tmp_path: Path) -> None:
    target = tmp_path / "taxonomy.yaml"
    runner.invoke(app, ["suggest", "-o", str(target)])
    text = target.read_text(encoding="utf-8")
    before = "- label: Mongolia and USA\n            aliases: [Mongolia and US]\n"
    edited = text.replace(
        before + "            status: suggested",
        "- label: Mongolia and USA  # agreed at the editors' meeting\n"
        "            aliases: [Mongolia and US]\n            status: accepted",
    )
    assert edited != text
    edited = "# Our categories, reviewed weekly.\n" + edited
    target.write_text(edited, encoding="utf-8")
    result = runner.invoke(app, ["suggest", "--taxonomy", str(target)])
    assert result.exit_code == 0, result.output
    after = target.read_text(encoding="utf-8")
    assert after == edited
    assert (tmp_path / "taxonomy.yaml.bak").read_text(encoding="utf-8") == edited


def test_a_broken_existing_document_is_one_line_and_exit_3(tmp_path: Path) -> None:
    target = tmp_path / "taxonomy.yaml"
    target.write_text("taxonomy: 1\nconcepts:\n  - label: [unclosed\n", encoding="utf-8")
    result = runner.invoke(app, ["suggest", "--taxonomy", str(target)])
    assert result.exit_code == 3
    assert len(result.stderr.strip().splitlines()) == 1
    assert str(target) in result.stderr
