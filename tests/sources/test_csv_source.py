"""The ``csv`` and ``tsv`` loaders: header, label and count columns, quoting, merging, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomy.errors import SourceError
from taxonomy.model import Location
from taxonomy.sources import detect, load, open_source

DATA = Path(__file__).resolve().parents[1] / "data" / "csv"
SAMPLE_ROWS = {  # tag: (summed count, lines of its rows)
    "python": (4547 + 8101 + 34554 + 2857 + 1934, (2, 8, 11, 18, 20)),
    "bash": (9541 + 283 + 1433 + 10520 + 20946, (3, 10, 15, 16, 19)),
    "regex": (279 + 1214 + 1727, (4, 9, 17)),
    "c#": (13702, (5,)),
    ".net": (2646, (6,)),
    "javascript": (26098, (7,)),
    "smtp": (236, (12,)),
    "postgresql": (2799, (13,)),
    "linux": (7564, (14,)),
}


@pytest.mark.parametrize("suffix", ["tsv", "csv"])
def test_a_real_stack_exchange_table_merges_a_tag_across_sites(suffix: str) -> None:
    path = DATA / f"stackexchange-sites-tags-sample.{suffix}"
    assert detect(open_source(path)).value == suffix
    inventory = load(path)
    assert inventory.format == suffix
    assert inventory.posts is None
    assert {
        label.name: (label.count, tuple(loc.line for loc in label.locations)) for label in inventory
    } == SAMPLE_ROWS
    assert inventory.names == list(SAMPLE_ROWS)  # order of first appearance
    assert {label.kind for label in inventory} == {"tag"}  # the column is called "tag"
    assert {loc.file for label in inventory for loc in label.locations} == {str(path)}


def test_quoted_fields_blank_lines_empty_cells_and_repeats() -> None:
    path = DATA / "quoted.csv"
    inventory = load(path)
    assert [(label.name, label.count, label.kind, label.locations) for label in inventory] == [
        ("News", 16, "label", (Location(str(path), 2), Location(str(path), 9))),
        ("Food, Drink and Travel", 7, "label", (Location(str(path), 3),)),
        ('The "Best" Of', 3, "label", (Location(str(path), 4),)),
        # a field with a line break: the row starts on line 6; spaces are collapsed
        ("Notes from the road", 2, "label", (Location(str(path), 6),)),
        ("Podcasts", None, "label", (Location(str(path), 10),)),
    ]  # the row with an empty label cell (line 8) is skipped


def test_the_first_accepted_column_name_wins_in_its_order_and_sets_the_kind() -> None:
    inventory = load(DATA / "tags-posts.csv")  # id,Tags,Posts,Category
    assert [(label.name, label.count, label.kind) for label in inventory] == [
        ("python", 15, "tag"),
        ("machine learning", 3, "tag"),
    ]


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("bad-count.csv", 3, "the count '12.5' is not a whole number"),
        (
            "empty.csv",
            None,
            "empty CSV: expected a header row naming the label column "
            "(label, name, tag, category or term)",
        ),
        (
            "unclosed-quote.csv",
            4,
            "malformed CSV: unexpected end of data "
            "(the quoted field of the row on line 3 is never closed)",
        ),
        ("stray-quote.csv", 3, "malformed CSV: ',' expected after '\"'"),
        (
            "tab-in-csv.csv",
            1,
            "no label column: the header has 'label\\tcount'; expected label, name, tag, "
            "category or term; is it TAB-separated?",
        ),
        (
            "linguist-language-groups-head.tsv",
            1,
            "no label column: the header has 'language', 'group'; expected label, name, tag, "
            "category or term",
        ),
        (
            "stackoverflow-tags-head.tsv",
            1,
            "no header row: the first row ('.net', '306223') looks like data; add a header "
            "naming the label column (label, name, tag, category or term); or, for a label, a TAB "
            "and a count per line, try --from text",
        ),
    ],
)
def test_bad_tables_give_one_line_with_the_line_number(
    name: str, line: int | None, message: str
) -> None:
    path = DATA / name
    with pytest.raises(SourceError) as caught:
        load(path)
    assert (caught.value.path, caught.value.line, caught.value.message) == (
        str(path),
        line,
        message,
    )


def test_tsv_reads_a_csv_file_as_one_column_and_says_so() -> None:
    path = DATA / "stackexchange-sites-tags-sample.csv"
    with pytest.raises(SourceError) as caught:
        load(path, "tsv")
    assert caught.value.message == (
        "no label column: the header has 'site_file,tag,count'; expected label, name, tag, "
        "category or term; is it comma-separated?"
    )
