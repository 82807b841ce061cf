"""``taxonomy export``: the decisions of a taxonomy document as mapping files, redirects, a
WP-CLI script or SKOS."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from taxonomy._atomic import atomic_write
from taxonomy.cli._common import err_console, handle_errors, write_out
from taxonomy.cli.tree import FileArg, read
from taxonomy.errors import DocumentError, UsageError
from taxonomy.export import ExportFormat, ExportOptions, Site, TermKind, export


@handle_errors
def export_command(
    file: FileArg = None,
    to: Annotated[
        ExportFormat,
        typer.Option("--to", help="Output format.", case_sensitive=False),
    ] = ExportFormat.yaml,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write here (atomically) instead of to standard output; for hugo, the "
            "taxonomy's content folder (e.g. content/tags), required.",
        ),
    ] = None,
    include_suggested: Annotated[
        bool,
        typer.Option(
            "--include-suggested", help="Take suggested decisions too, not only accepted ones."
        ),
    ] = False,
    site: Annotated[
        Site | None,
        typer.Option(
            help="The site's URL scheme for label pages. Default: hugo for hugo, wordpress "
            "for wp-cli, blogger otherwise.",
            show_default=False,
        ),
    ] = None,
    url_pattern: Annotated[
        str | None,
        typer.Option(
            help="Path of a label page, with {label} (percent-encoded label) and/or {slug} "
            "(the site's slug), e.g. '/topics/{slug}/'; replaces the site's scheme.",
            show_default=False,
        ),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            help="Make redirect targets absolute: https://example.com.", show_default=False
        ),
    ] = None,
    taxonomy_kind: Annotated[
        TermKind,
        typer.Option(help="Whether the labels are the site's tags or its categories."),
    ] = TermKind.tag,
    base_iri: Annotated[
        str, typer.Option(help="skos: concepts are <BASE_IRI><slug>.")
    ] = "urn:taxonomy:",
    language: Annotated[
        str | None,
        typer.Option(help="skos: language tag of the labels (e.g. en).", show_default=False),
    ] = None,
) -> None:
    """Export the decided changes of a taxonomy document (accepted ones, unless
    --include-suggested): the label map as yaml (default), json or csv; redirects for old label
    pages (nginx, apache, netlify, hugo aliases); a WP-CLI script (dry run unless DRY_RUN=0);
    or the concept scheme as SKOS Turtle."""
    path, taxonomy = read(file)
    writes_files = to is ExportFormat.hugo
    if output is not None and not writes_files and output.is_dir():
        raise UsageError(f"-o {output}: is a folder; name a file")
    if output is not None and output.exists() and output.samefile(path):
        raise UsageError(f"-o {output}: is the taxonomy document being exported; name another file")
    if output is not None and writes_files and output.exists() and not output.is_dir():
        raise UsageError(f"-o {output}: is a file; --to hugo writes into a folder (content/tags)")
    options = ExportOptions(
        include_suggested=include_suggested,
        site=site,
        url_pattern=url_pattern,
        base_url=base_url,
        kind=taxonomy_kind,
        base_iri=base_iri,
        language=language,
        output_dir=output if writes_files else None,
        document=path,
    )
    job, result = export(taxonomy, to, options)
    console = err_console()
    for note in result.notes:
        console.print(f"[yellow]note:[/] {escape(note)}")
    if writes_files:
        for item in result.files:
            _make_folder(item.path.parent)
            atomic_write(item.path, item.text.encode("utf-8"))
        new = sum(1 for item in result.files if not item.existed)
        console.print(
            f"{escape(job.summary())}; {len(result.files) - new} files updated, {new} new, "
            f"{result.unchanged} already up to date in {escape(str(output))}"
        )
    elif output is not None:
        _make_folder(output.parent)
        atomic_write(output, result.text.encode("utf-8"))
        console.print(f"{escape(job.summary())}; wrote {escape(str(output))}")
    else:
        write_out(result.text)
        console.print(escape(job.summary()))
    if not job.changes:
        console.print(
            f"[yellow]note:[/] no decided change in {escape(path)}: accept concepts, splits or "
            "removals first, or export with --include-suggested"
        )


def _make_folder(folder: Path) -> None:
    """Create the folder ``-o`` points into, as ``apply -o`` does."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DocumentError(
            f"cannot create the folder: {exc.strerror or exc}", path=str(folder)
        ) from None
