"""``taxonomy scan``: near-duplicate groups, splits and repairs of a source's labels."""

from __future__ import annotations

import enum
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from taxonomy.cli._common import (
    FieldOpt,
    FromOpt,
    SourceArg,
    err_console,
    handle_errors,
    load_inventory,
    out_console,
    write_out,
)
from taxonomy.cli.progress import progress_callback
from taxonomy.formats.scan import JsonScan, ScanRenderer, YamlScan
from taxonomy.model import ScanResult
from taxonomy.scan import DEFAULT_THRESHOLD, Explained, ScanOptions, collector_paused, scan


class ScanFormat(str, enum.Enum):
    table = "table"
    json = "json"
    yaml = "yaml"


MACHINE_SCAN_FORMATS: dict[ScanFormat, type[ScanRenderer]] = {
    ScanFormat.json: JsonScan,
    ScanFormat.yaml: YamlScan,
}


@handle_errors
def scan_command(
    source: SourceArg = None,
    from_: FromOpt = None,
    field: FieldOpt = None,
    threshold: Annotated[
        float,
        typer.Option(
            "--threshold",
            "-t",
            min=0,
            max=100,
            help="Lowest score (0-100) at which two labels are grouped: higher is stricter.",
        ),
    ] = DEFAULT_THRESHOLD,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show the evidence for every pair near the threshold.")
    ] = False,
    language: Annotated[
        str, typer.Option(help="Language of the labels, for stemming (a Snowball stemmer name).")
    ] = "english",
    format: Annotated[
        ScanFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ScanFormat.table,
) -> None:
    """Find labels that name the same thing, propose a canonical label for each group, and
    propose splits and repairs."""
    with collector_paused():  # millions of small objects, no cycles: see scan.collector_paused
        inventory = load_inventory(source, from_, field)
        with progress_callback() as callback:
            options = ScanOptions(
                threshold=threshold,
                explain=explain,
                language=language,
                progress=callback,  # type: ignore[arg-type]
            )
            result = scan(inventory, options)
        if format is ScanFormat.table:
            _print_result(result)
        else:
            write_out(MACHINE_SCAN_FORMATS[format]().render(result))


def _print_result(result: ScanResult) -> None:
    console = out_console()
    counted = any(m.count is not None for g in result.groups for m in g.members)
    if result.groups:
        table = Table(
            title=f"{len(result.groups)} groups of near-duplicates among {result.labels} labels"
        )
        table.add_column("label", ratio=3)
        if counted:
            table.add_column("uses", justify="right")
        table.add_column("action", no_wrap=True)
        table.add_column("score", justify="right")
        table.add_column("why", ratio=4)
        for group in result.groups:
            for position, member in enumerate(group.members):
                keep = position == 0
                row = [f"[bold]{escape(member.label)}[/]" if keep else escape(member.label)]
                if counted:
                    row.append("" if member.count is None else str(member.count))
                row += [
                    "keep" if keep else "merge",
                    "" if keep else f"{member.score:.0f}",
                    escape(member.reason),
                ]
                table.add_row(*row)
            table.add_section()
        console.print(table)
    else:
        console.print(f"No near-duplicates among {_n(result.labels, 'label')}.")
    if result.splits:
        table = Table(title="Labels that join two labels: split them")
        table.add_column("label")
        table.add_column("into")
        table.add_column("why")
        for split in result.splits:
            table.add_row(
                escape(split.label), "\n".join(escape(p) for p in split.parts), escape(split.reason)
            )
        console.print(table)
    if result.repairs:
        table = Table(title="Labels to repair")
        table.add_column("label")
        table.add_column("suggestion")
        table.add_column("why")
        for repair in result.repairs:
            table.add_row(escape(repair.label), escape(repair.suggestion), escape(repair.reason))
        console.print(table)
    if isinstance(result, Explained) and result.evidence:
        _print_evidence(result)
    err_console().print(_summary(result))


def _print_evidence(result: Explained) -> None:
    table = Table(title="Evidence: pairs compared near the threshold")
    for column in ("label", "label", "score", "verdict", "evidence"):
        table.add_column(column)
    colours: dict[str, Any] = {"merged": "green", "vetoed": "red", "below threshold": "yellow"}
    for e in result.evidence:
        table.add_row(
            escape(e.a),
            escape(e.b),
            f"{e.score:.0f}",
            f"[{colours.get(e.verdict, 'white')}]{e.verdict}[/]",
            escape(e.reason),
        )
    out_console().print(table)


def _summary(result: ScanResult) -> str:
    merged = sum(len(group.members) - 1 for group in result.groups)
    return (
        f"{_n(result.labels, 'label')}: {_n(len(result.groups), 'group')} "
        f"({_n(merged, 'label')} to merge), {_n(len(result.splits), 'split')}, "
        f"{_n(len(result.repairs), 'repair')}"
    )


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
