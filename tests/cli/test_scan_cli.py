"""``taxonomy scan`` through the CLI: exit codes, machine formats on stdout, messages on stderr."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import taxonomy.cli.scan as scan_cli
from taxonomy.cli import app
from taxonomy.cli.scan import MACHINE_SCAN_FORMATS, ScanFormat

runner = CliRunner()


def test_every_machine_format_is_mapped() -> None:
    assert set(MACHINE_SCAN_FORMATS) == set(ScanFormat) - {ScanFormat.table}


def test_json_has_the_documented_shape() -> None:
    result = runner.invoke(app, ["scan", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == {"source", "labels", "groups", "splits", "repairs"}
    assert document["labels"] == 144
    group = next(g for g in document["groups"] if g["canonical"] == "Mongolia and USA")
    assert [m["label"] for m in group["members"]] == ["Mongolia and USA", "Mongolia and US"]
    assert set(group["members"][1]) == {"label", "count", "score", "reason"}
    assert group["members"][1]["count"] is None
    split = document["splits"][0]
    assert split["parts"] == ["Mongolia and Russia", "Mongolia and China"]
    assert {r["label"] for r in document["repairs"]} >= {"Mongolia and Hongkong"}


def test_yaml_carries_the_same_document_as_json() -> None:
    as_json = json.loads(runner.invoke(app, ["scan", "-f", "json"]).stdout)
    as_yaml = yaml.safe_load(runner.invoke(app, ["scan", "-f", "yaml"]).stdout)
    assert as_yaml == as_json


def test_explain_adds_evidence_with_vetoes() -> None:
    document = json.loads(runner.invoke(app, ["scan", "-f", "json", "--explain"]).stdout)
    vetoed = {(e["a"], e["b"]) for e in document["evidence"] if e["verdict"] == "vetoed"}
    assert ("Mongolia and IFC", "Mongolia and IMF") in vetoed


def test_table_output_names_groups_and_summary_goes_to_stderr() -> None:
    result = runner.invoke(app, ["scan"])
    assert result.exit_code == 0
    assert "Mongolian and Cuba" in result.stdout
    assert "144 labels: 11 groups" in result.stderr
    assert "144 labels: 11 groups" not in result.stdout


def test_threshold_outside_range_is_a_usage_error() -> None:
    result = runner.invoke(app, ["scan", "--threshold", "150"])
    assert result.exit_code == 2
    assert "less than or equal to 100" in result.stderr


def test_unknown_language_is_one_line_and_exit_2() -> None:
    result = runner.invoke(app, ["scan", "--language", "klingon"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "no stemmer for language 'klingon'" in result.stderr


def test_reads_standard_input(tmp_path: Path) -> None:
    labels = "Travel\ntravel\nFood\n"
    result = runner.invoke(app, ["scan", "-", "-f", "json"], input=labels)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["source"] == "<stdin>"
    assert [m["label"] for m in document["groups"][0]["members"]] == ["Travel", "travel"]


def test_the_cycle_collector_is_paused_while_loading_scanning_and_writing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[bool] = []
    monkeypatch.setattr(scan_cli, "write_out", lambda text: seen.append(gc.isenabled()))
    assert gc.isenabled()
    result = runner.invoke(app, ["scan", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert seen == [False]  # paused while the result is written
    assert gc.isenabled()  # and running again afterwards
