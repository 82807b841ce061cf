"""``taxonomy suggest``: draft (or update) the taxonomy document from a source."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from taxonomy.cli._common import (
    FieldOpt,
    FromOpt,
    SourceArg,
    err_console,
    handle_errors,
    load_inventory,
    write_out,
)
from taxonomy.cli.progress import progress_callback
from taxonomy.document import Document
from taxonomy.model import Taxonomy
from taxonomy.scan import DEFAULT_THRESHOLD, ScanOptions
from taxonomy.suggest import suggest


@handle_errors
def suggest_command(
    source: SourceArg = None,
    from_: FromOpt = None,
    field: FieldOpt = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the document here (atomically) instead of to standard output.",
            dir_okay=False,
        ),
    ] = None,
    existing: Annotated[
        Path | None,
        typer.Option(
            "--taxonomy",
            help="Update this existing document instead of starting over: decisions, "
            "comments and key order are kept. Written back to itself unless -o is given.",
            dir_okay=False,
        ),
    ] = None,
    threshold: Annotated[
        float,
        typer.Option("--threshold", "-t", min=0, max=100, help="As for 'taxonomy scan'."),
    ] = DEFAULT_THRESHOLD,
    language: Annotated[
        str, typer.Option(help="Language of the labels, for stemming.")
    ] = "english",
    backup: Annotated[
        bool, typer.Option(help="Keep the previous version of a rewritten file as NAME.bak.")
    ] = True,
) -> None:
    """Draft the taxonomy document (taxonomy.yaml): duplicate groups become concepts with
    aliases, splits and repairs are recorded, and a hierarchy is proposed."""
    inventory = load_inventory(source, from_, field)
    with progress_callback() as callback:
        options = ScanOptions(
            threshold=threshold,
            language=language,
            progress=callback,  # type: ignore[arg-type]
        )
        if existing is not None:
            document = Document.read(existing)
            taxonomy = suggest(inventory, options, existing=document.taxonomy)
            document.sync(taxonomy)
        else:
            taxonomy = suggest(inventory, options)
            document = Document.new(taxonomy)
    target = output or existing
    if target is None:
        write_out(document.text())
    else:
        written = document.save(target, backup=backup)
        err_console().print(f"wrote {escape(str(written))}")
    err_console().print(_summary(taxonomy))


def _summary(taxonomy: Taxonomy) -> str:
    concepts = [c for c in taxonomy.walk() if not c.generated]
    merged = sum(1 for c in concepts if c.aliases)
    families = sum(1 for c in taxonomy.walk() if c.generated)
    placed = sum(1 for c in taxonomy.walk() if c.placement is not None)
    splits = len(taxonomy.splits)
    return (
        f"{len(concepts)} concepts ({merged} with aliases), {families} generated parents, "
        f"{placed} placed under a parent, {splits} split{'' if splits == 1 else 's'}; "
        "check it with 'taxonomy validate', see it with 'taxonomy tree'"
    )
