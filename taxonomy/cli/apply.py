"""``taxonomy apply``: rewrite a site's source with the label map (a dry run unless --write)."""

from __future__ import annotations

import enum
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.text import Text

from taxonomy.apply import FileChange, Summary, diff, plan, read_mapping, summarize, write
from taxonomy.cli._common import (
    FieldOpt,
    FromOpt,
    err_console,
    fail,
    handle_errors,
    out_console,
    write_out,
)
from taxonomy.errors import DocumentError, UsageError
from taxonomy.model import DOCUMENT_NAME

DEFAULT_MAPPING = DOCUMENT_NAME


class ApplyFormat(str, enum.Enum):
    diff = "diff"
    json = "json"
    none = "none"


@handle_errors
def apply_command(
    first: Annotated[
        str | None,
        typer.Argument(
            metavar="FILE|MAPPING",
            help="The taxonomy document, or a flat mapping (old: new), to apply. "
            f"Default: {DEFAULT_MAPPING} in the current folder.",
            show_default=False,
        ),
    ] = None,
    second: Annotated[
        str | None,
        typer.Argument(
            metavar="SOURCE",
            help="The source to rewrite: a Blogger or WordPress export, a Ghost JSON export, "
            "or a folder of Markdown posts (or one post).",
            show_default=False,
        ),
    ] = None,
    write_: Annotated[
        bool,
        typer.Option("--write", help="Change the files in place (atomically, keeping a .bak)."),
    ] = False,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Write the rewritten source here instead: a file for an export, a folder for "
            "a folder of posts (every post, at the same relative path).",
            show_default=False,
        ),
    ] = None,
    backup: Annotated[
        bool, typer.Option("--backup/--no-backup", help="With --write, keep NAME.bak.")
    ] = True,
    from_: FromOpt = None,
    field: FieldOpt = None,
    include_suggested: Annotated[
        bool,
        typer.Option(
            "--include-suggested",
            help="From a taxonomy document, apply the suggested decisions too, not only the "
            "accepted ones.",
        ),
    ] = False,
    format: Annotated[
        ApplyFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="What goes to stdout: the unified diff, a JSON summary, or nothing. "
            "Default: diff for a dry run, none when writing.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Rewrite a source's labels with the mapping: each label replaced by its canonical form,
    splits expanded, removals dropped, a label that would appear twice in a post kept once.
    Everything else is kept byte for byte. A dry run (a diff and a summary) unless --write or
    -o. Applying twice changes nothing the second time."""
    if first is None:
        raise UsageError("missing SOURCE: taxonomy apply [FILE|MAPPING] SOURCE")
    mapping_path, source = (first, second) if second is not None else (_default(), first)
    if write_ and output is not None:
        raise UsageError("--write changes the files in place, -o writes elsewhere: choose one")
    mapping = read_mapping(mapping_path, include_suggested=include_suggested)
    changes = plan(source, mapping, from_, tuple(field or ()))
    summary = summarize(changes)
    dry_run = not write_ and output is None
    written: list[Path] = []
    if write_:
        written = write(changes, backup=backup)
    elif output is not None:
        written = write(changes, output=output, folder=Path(source).is_dir())
    shown = format or (ApplyFormat.diff if dry_run else ApplyFormat.none)
    if shown is ApplyFormat.diff:
        _print_diff(diff(changes))
    elif shown is ApplyFormat.json:
        write_out(_json(source, mapping_path, changes, summary, dry_run, written))
    console = err_console()
    if not len(mapping):
        console.print(
            "[yellow]note:[/] the mapping changes no label (from a taxonomy document, only "
            "accepted decisions count unless --include-suggested)"
        )
    console.print(escape(_summary(summary, len(changes), write_, output, backup, written)))


def _default() -> str:
    if not Path(DEFAULT_MAPPING).exists():
        raise fail(
            f"no {DEFAULT_MAPPING} in this folder: name the mapping, "
            "'taxonomy apply MAPPING SOURCE'",
            DocumentError.exit_code,
        )
    return DEFAULT_MAPPING


def _summary(
    summary: Summary,
    files: int,
    write_: bool,
    output: str | None,
    backup: bool,
    written: Sequence[Path],
) -> str:
    if not summary.files:
        text = f"nothing to change ({_n(files, 'file')} read)"
        return text + (f"; {_n(len(written), 'file')} written to {output}" if output else "")
    text = (
        f"{_n(summary.files, 'file')}, {_n(summary.posts, 'post')} changed, "
        f"{_n(summary.replaced, 'label')} replaced"
    )
    if write_:
        kept = "old files kept as NAME.bak" if backup else "no backups"
        return text + f" (written in place, {kept})"
    if output is not None:
        return text + f" ({_n(len(written), 'file')} written to {output})"
    return text + " (dry run: nothing written; --write to change the files)"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _print_diff(text: str) -> None:
    console = out_console()
    if not console.is_terminal:
        write_out(text)
        return
    styles = {"+++": "bold", "---": "bold", "@@": "cyan", "+": "green", "-": "red"}
    for line in text.splitlines():
        style = next((s for prefix, s in styles.items() if line.startswith(prefix)), "")
        console.print(Text(line.rstrip("\r"), style=style), soft_wrap=True)


def _json(
    source: str,
    mapping: str,
    changes: Sequence[FileChange],
    summary: Summary,
    dry_run: bool,
    written: Sequence[Path],
) -> str:
    report = {
        "source": source,
        "mapping": mapping,
        "dry_run": dry_run,
        "files": summary.files,
        "posts": summary.posts,
        "replaced": summary.replaced,
        "changes": [
            {"path": change.path.as_posix(), "posts": change.posts, "replaced": change.replaced}
            for change in changes
            if change.changed
        ],
        "written": [path.as_posix() for path in written],
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
