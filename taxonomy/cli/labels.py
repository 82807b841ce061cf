"""``taxonomy labels`` and ``taxonomy stats``: what a source holds."""

from __future__ import annotations

import enum
import json
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from taxonomy.cli._common import (
    FieldOpt,
    FromOpt,
    SourceArg,
    handle_errors,
    load_inventory,
    out_console,
    write_out,
)
from taxonomy.formats.labels import CsvLabels, JsonLabels, LabelsRenderer, TextLabels
from taxonomy.model import Inventory
from taxonomy.stats import Stats, summarize


class LabelsFormat(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"
    text = "text"


MACHINE_LABEL_FORMATS: dict[LabelsFormat, type[LabelsRenderer]] = {
    LabelsFormat.json: JsonLabels,
    LabelsFormat.csv: CsvLabels,
    LabelsFormat.text: TextLabels,
}


class StatsFormat(str, enum.Enum):
    table = "table"
    json = "json"


@handle_errors
def labels(
    source: SourceArg = None,
    from_: FromOpt = None,
    field: FieldOpt = None,
    format: Annotated[
        LabelsFormat, typer.Option("--format", "-f", help="Output format.")
    ] = LabelsFormat.table,
) -> None:
    """List the labels of a source with their use counts, most used first."""
    inventory = load_inventory(source, from_, field)
    if format is LabelsFormat.table:
        _print_labels_table(inventory)
    else:
        write_out(MACHINE_LABEL_FORMATS[format]().render(inventory))


@handle_errors
def stats(
    source: SourceArg = None,
    from_: FromOpt = None,
    field: FieldOpt = None,
    format: Annotated[
        StatsFormat, typer.Option("--format", "-f", help="Output format.")
    ] = StatsFormat.table,
    top: Annotated[int, typer.Option(help="How many of the most used labels to show.")] = 10,
) -> None:
    """Summarise a source: labels, posts, labels used once, spelling variants, most used."""
    summary = summarize(load_inventory(source, from_, field), top=top)
    if format is StatsFormat.json:
        write_out(json.dumps(_stats_object(summary), ensure_ascii=False, indent=2) + "\n")
    else:
        _print_stats(summary)


def _print_labels_table(inventory: Inventory) -> None:
    kinds = {label.kind for label in inventory.labels}
    out_console().print(f"{len(inventory)} labels in {escape(inventory.source)}")
    table = Table()
    table.add_column("label")
    table.add_column("count", justify="right")
    if kinds != {"label"}:
        table.add_column("kind")
    for label in inventory.by_count():
        row = [escape(label.name), "" if label.count is None else str(label.count)]
        if kinds != {"label"}:
            row.append(label.kind)
        table.add_row(*row)
    out_console().print(table)


def _stats_object(summary: Stats) -> dict[str, object]:
    return {
        "source": summary.source,
        "format": summary.format,
        "labels": summary.labels,
        "posts": summary.posts,
        "used_once": summary.used_once,
        "unused": summary.unused,
        "spelling_variants": [list(names) for names in summary.spelling_variants],
        "top": [{"label": label.name, "count": label.count} for label in summary.top],
    }


def _print_stats(summary: Stats) -> None:
    console = out_console()
    console.print(f"{escape(summary.source)} ({summary.format})")
    table = Table(show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    table.add_row("labels", str(summary.labels))
    table.add_row("posts", "unknown" if summary.posts is None else str(summary.posts))
    table.add_row("used once", "unknown" if summary.used_once is None else str(summary.used_once))
    table.add_row("unused", "unknown" if summary.unused is None else str(summary.unused))
    table.add_row("spelling variants", str(len(summary.spelling_variants)))
    console.print(table)
    if summary.spelling_variants:
        console.print("[bold]Labels that differ only by case, accents or punctuation:[/]")
        for names in summary.spelling_variants:
            console.print("  " + " | ".join(escape(name) for name in names))
    if summary.top:
        console.print("[bold]Most used:[/]")
        for label in summary.top:
            console.print(f"  {label.count:>6}  {escape(label.name)}")
