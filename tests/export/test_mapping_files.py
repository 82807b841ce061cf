"""yaml, json and csv carry the same map, read back to the document's label map; empty outputs
are valid; the order is the documented one."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

from taxonomy.document import load_taxonomy
from taxonomy.export import EXPORTERS, ExportFormat, ExportOptions, export, label_order
from taxonomy.mapping import label_map, read_label_map
from taxonomy.model import Concept, Taxonomy

DATA = Path(__file__).resolve().parent.parent / "data" / "export"


def test_every_format_is_mapped() -> None:
    assert set(EXPORTERS) == set(ExportFormat)
    assert {fmt.value for fmt in ExportFormat} == {cls.name for cls in EXPORTERS.values()}


@pytest.mark.parametrize("fmt", [ExportFormat.yaml, ExportFormat.json])
@pytest.mark.parametrize("suggested", [False, True])
def test_yaml_and_json_read_back_to_the_label_map(
    tmp_path: Path, fmt: ExportFormat, suggested: bool
) -> None:
    taxonomy = load_taxonomy(DATA / "escaping.yaml")
    _, result = export(taxonomy, fmt, ExportOptions(include_suggested=suggested))
    path = tmp_path / f"map.{fmt.value}"
    path.write_text(result.text, encoding="utf-8")
    assert read_label_map(path).targets == label_map(taxonomy, include_suggested=suggested).targets


def test_csv_carries_the_same_map() -> None:
    taxonomy = load_taxonomy(DATA / "escaping.yaml")
    _, result = export(taxonomy, ExportFormat.csv)
    rows = list(csv.reader(io.StringIO(result.text)))
    assert rows[0] == ["old", "new"]
    back: dict[str, tuple[str, ...]] = {}
    for old, new in rows[1:]:
        back[old] = back.get(old, ()) + ((new,) if new else ())
    assert back == dict(label_map(taxonomy).targets)


def test_order_is_casefolded_then_exact() -> None:
    taxonomy = load_taxonomy(DATA / "escaping.yaml")
    _, result = export(taxonomy, ExportFormat.json)
    keys = list(json.loads(result.text))
    assert keys == sorted(keys, key=label_order)
    assert keys.index("NEWS") + 1 == keys.index("news")
    assert label_order("News") < label_order("news") < label_order("Spam")


def test_summary_counts() -> None:
    job, _ = export(load_taxonomy(DATA / "escaping.yaml"))
    assert job.summary() == "17 labels mapped: 14 merged, 1 split, 2 removed"


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [(ExportFormat.yaml, "{}\n"), (ExportFormat.json, "{}\n"), (ExportFormat.csv, "old,new\n")],
)
def test_no_decision_gives_an_empty_but_valid_file(fmt: ExportFormat, expected: str) -> None:
    taxonomy = Taxonomy(concepts=(Concept("A", aliases=("a",)),))  # suggested only
    job, result = export(taxonomy, fmt)
    assert result.text == expected
    assert job.summary() == "0 labels mapped: 0 merged, 0 split, 0 removed"
    assert yaml.safe_load(result.text) in ({}, "old,new")


def test_labels_yaml_would_read_as_other_types_are_quoted() -> None:
    taxonomy = Taxonomy(
        concepts=(Concept("2008 events", aliases=("2008", "yes", "null", "~"), status="accepted"),)
    )
    _, result = export(taxonomy)
    assert yaml.safe_load(result.text) == dict.fromkeys(("2008", "null", "yes", "~"), "2008 events")
