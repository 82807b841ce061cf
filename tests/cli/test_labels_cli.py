"""``taxonomy labels`` and ``taxonomy stats`` through the CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from taxonomy import __version__
from taxonomy.cli import app
from taxonomy.cli.labels import MACHINE_LABEL_FORMATS, LabelsFormat

runner = CliRunner()


def test_every_machine_format_is_mapped() -> None:
    assert set(MACHINE_LABEL_FORMATS) == set(LabelsFormat) - {LabelsFormat.table}


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"taxonomy {__version__}\n"


def test_labels_default_is_the_bundled_list() -> None:
    result = runner.invoke(app, ["labels", "--format", "json"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["format"] == "text"
    assert document["posts"] is None
    assert len(document["labels"]) == 144
    assert document["labels"][0] == {
        "label": "Advertising in Mongolia",
        "count": None,
        "kind": "label",
    }


def test_labels_sorted_most_used_first_in_every_format(tmp_path: Path) -> None:
    source = tmp_path / "labels.txt"
    source.write_text("Rare\t1\nCommon\t9\n# a comment\n\nMiddle\t4\n", encoding="utf-8")
    as_json = json.loads(runner.invoke(app, ["labels", str(source), "-f", "json"]).stdout)
    assert [(x["label"], x["count"]) for x in as_json["labels"]] == [
        ("Common", 9),
        ("Middle", 4),
        ("Rare", 1),
    ]
    as_csv = list(
        csv.reader(io.StringIO(runner.invoke(app, ["labels", str(source), "-f", "csv"]).stdout))
    )
    assert as_csv == [
        ["label", "count", "kind"],
        ["Common", "9", "label"],
        ["Middle", "4", "label"],
        ["Rare", "1", "label"],
    ]
    as_text = runner.invoke(app, ["labels", str(source), "-f", "text"]).stdout
    assert as_text == "Common\t9\nMiddle\t4\nRare\t1\n"
    table = runner.invoke(app, ["labels", str(source)]).stdout
    assert table.index("Common") < table.index("Middle") < table.index("Rare")


def test_stats_counts(tmp_path: Path) -> None:
    source = tmp_path / "labels.txt"
    source.write_text("News\t3\nnews\t1\nSports\t1\nOld\t0\n", encoding="utf-8")
    result = runner.invoke(app, ["stats", str(source), "-f", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "source": str(source),
        "format": "text",
        "labels": 4,
        "posts": None,
        "used_once": 2,
        "unused": 1,
        "spelling_variants": [["News", "news"]],
        "top": [
            {"label": "News", "count": 3},
            {"label": "news", "count": 1},
            {"label": "Sports", "count": 1},
            {"label": "Old", "count": 0},
        ],
    }


def test_stats_table_on_bundled_data() -> None:
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 0
    assert "144" in result.stdout


def test_bad_count_names_file_and_line(tmp_path: Path) -> None:
    source = tmp_path / "labels.txt"
    source.write_text("Good\t3\nBad\tmany\n", encoding="utf-8")
    result = runner.invoke(app, ["labels", str(source)])
    assert result.exit_code == 3
    assert result.stderr == (
        f"Error: {source}:2: expected 'label<TAB>count', the count 'many' is not a whole number\n"
    )
