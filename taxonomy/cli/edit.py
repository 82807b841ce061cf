"""The edit commands: merge, rename, move, split, distinct, accept, reject, remove.

Each reads the document, applies one edit of :mod:`taxonomy.edit`, and writes the file atomically
(or, with ``--dry-run``, prints the unified diff instead), saying on stderr what it did.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from taxonomy import edit
from taxonomy.cli._common import err_console, fail, handle_errors, write_out
from taxonomy.cli.tree import DEFAULT_FILE
from taxonomy.document import Document
from taxonomy.edit import Edited
from taxonomy.errors import DocumentError, UsageError
from taxonomy.model import Taxonomy

TaxonomyOpt = Annotated[
    str | None,
    typer.Option(
        "--taxonomy",
        metavar="FILE",
        help=f"The taxonomy document to change. Default: {DEFAULT_FILE} in the current folder.",
        show_default=False,
    ),
]
BackupOpt = Annotated[
    bool,
    typer.Option("--backup/--no-backup", help="Keep the previous version as FILE.bak."),
]
DryRunOpt = Annotated[
    bool,
    typer.Option("--dry-run", help="Print the change as a unified diff; write nothing."),
]
LabelsArg = Annotated[
    list[str], typer.Argument(metavar="LABEL", help="One or more labels.", show_default=False)
]
OptionalLabelsArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="LABEL",
        help="Labels (a concept's label or alias, a split or removed label).",
        show_default=False,
    ),
]
PlacementOpt = Annotated[
    bool,
    typer.Option(
        "--placement",
        help="Decide the position of each LABEL under its parent, not the concept itself.",
    ),
]
AllAboveOpt = Annotated[
    float | None,
    typer.Option(
        "--all-above",
        metavar="SCORE",
        min=0,
        max=100,
        help="Every suggestion with a score of SCORE or more (duplicate groups; repairs, "
        "splits, generated parents and placements have no score).",
        show_default=False,
    ),
]
AllOpt = Annotated[
    bool,
    typer.Option("--all", help="Every suggestion left, placements included."),
]


def document_path(file: str | None) -> str:
    """The document named, or ``taxonomy.yaml`` here (with a hint when there is none)."""
    if file is not None:
        return file
    if not Path(DEFAULT_FILE).exists():
        raise fail(
            f"no {DEFAULT_FILE} in this folder: create one with "
            f"'taxonomy suggest -o {DEFAULT_FILE}', or name the file with --taxonomy",
            DocumentError.exit_code,
        )
    return DEFAULT_FILE


def run(
    file: str | None, change: Callable[[Taxonomy], Edited], *, backup: bool, dry_run: bool
) -> None:
    """Read, edit, and write (or show the diff); a refusal leaves the file untouched."""
    path = document_path(file)
    document = Document.read(path)
    edited = change(document.taxonomy)
    console = err_console()
    if not edited.changed:
        console.print(escape(edited.message))
        return
    edit.write(document, edited)
    if dry_run:
        before = Path(path).read_bytes().decode("utf-8").removeprefix("\ufeff")
        before = before.replace("\r\n", "\n")
        diff = difflib.unified_diff(
            before.splitlines(keepends=True),
            document.text().splitlines(keepends=True),
            fromfile=path,
            tofile=path,
        )
        write_out("".join(diff))
        console.print(escape(edited.message) + " (dry run: nothing written)")
        return
    document.save(backup=backup)
    console.print(escape(edited.message))


def _each(
    labels: list[str], change: Callable[[Taxonomy, str], Edited]
) -> Callable[[Taxonomy], Edited]:
    """One edit per label, all or nothing; one line of message each."""

    def apply(taxonomy: Taxonomy) -> Edited:
        messages, changed = [], False
        for label in labels:
            edited = change(taxonomy, label)
            taxonomy, changed = edited.taxonomy, changed or edited.changed
            messages.append(edited.message)
        return Edited(taxonomy, "\n".join(messages), changed=changed)

    return apply


@handle_errors
def merge(
    labels: LabelsArg,
    into: Annotated[
        str,
        typer.Option(
            "--into",
            metavar="LABEL",
            help="The concept to merge into: a concept's label, an alias (its concept), or a "
            "new label (the first concept named takes it).",
        ),
    ],
    file: TaxonomyOpt = None,
    backup: BackupOpt = True,
    dry_run: DryRunOpt = False,
) -> None:
    """Merge labels (concepts with their aliases and children, or single aliases) into one
    concept, which becomes accepted."""
    run(file, lambda t: edit.merge(t, labels, into), backup=backup, dry_run=dry_run)


@handle_errors
def rename(
    old: Annotated[str, typer.Argument(metavar="OLD", help="A concept's label.")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="Its new preferred label.")],
    file: TaxonomyOpt = None,
    backup: BackupOpt = True,
    dry_run: DryRunOpt = False,
) -> None:
    """Give a concept another preferred label; the old one stays as an alias (except for a
    generated parent, whose label is no label of the site)."""
    run(file, lambda t: edit.rename(t, old, new), backup=backup, dry_run=dry_run)


@handle_errors
def move(
    label: Annotated[str, typer.Argument(metavar="LABEL", help="The concept to move.")],
    under: Annotated[
        str | None,
        typer.Option("--under", metavar="PARENT", help="The concept to put it under."),
    ] = None,
    top: Annotated[bool, typer.Option("--top", help="Put it at the top level.")] = False,
    file: TaxonomyOpt = None,
    backup: BackupOpt = True,
    dry_run: DryRunOpt = False,
) -> None:
    """Move a concept, with its children, under another concept (placement accepted) or to the
    top level."""
    if (under is None) == (not top):
        raise UsageError("give either --under PARENT or --top")
    run(file, lambda t: edit.move(t, label, under), backup=backup, dry_run=dry_run)


@handle_errors
def split(
    label: Annotated[str, typer.Argument(metavar="LABEL", help="The label to split.")],
    into: Annotated[
        list[str] | None,
        typer.Option(
            "--into",
            metavar="LABEL",
            help="A label it is replaced by; repeat for each (two or more).",
            show_default=False,
        ),
    ] = None,
    file: TaxonomyOpt = None,
    backup: BackupOpt = True,
    dry_run: DryRunOpt = False,
) -> None:
    """Record that a label is to be replaced by several labels (accepted)."""
    run(file, lambda t: edit.split(t, label, into or []), backup=backup, dry_run=dry_run)


@handle_errors
def distinct(
    a: Annotated[str, typer.Argument(metavar="A")],
    b: Annotated[str, typer.Argument(metavar="B")],
    remove: Annotated[
        bool, typer.Option("--remove", help="Forget the pair instead (to merge them).")
    ] = False,
    file: TaxonomyOpt = None,
    backup: BackupOpt = True,
    dry_run: DryRunOpt = False,
) -> None:
    """Record that two labels are not duplicates (never proposed again). If they are in one
    concept, B (or A, if B is its label) leaves it as a concept of its own."""
    change = edit.indistinct if remove else edit.distinct
    run(file, lambda t: change(t, a, b), backup=backup, dry_run=dry_run)


def _decide(
    verb: str,
    labels: list[str] | None,
    placement: bool,
    all_above: float | None,
    all_: bool,
) -> Callable[[Taxonomy], Edited]:
    chosen = sum((bool(labels), all_above is not None, all_))
    if chosen != 1:
        raise UsageError(f"give the labels to {verb}, or --all-above SCORE, or --all (one of them)")
    if placement and not labels:
        raise UsageError("--placement goes with labels")
    one = edit.accept if verb == "accept" else edit.reject
    every = edit.accept_all if verb == "accept" else edit.reject_all
    if labels:
        return _each(labels, lambda t, label: one(t, label, placement=placement))
    return lambda t: every(t, all_above)


@handle_errors
def accept(
    labels: OptionalLabelsArg = None,
    placement: PlacementOpt = False,
    all_above: AllAboveOpt = None,
    all_: AllOpt = False,
    file: TaxonomyOpt = None,
    backup: BackupOpt = True,
    dry_run: DryRunOpt = False,
) -> None:
    """Accept suggestions as they stand: concepts (by label or alias), splits, removals, or
    with --placement positions under a parent."""
    change = _decide("accept", labels, placement, all_above, all_)
    run(file, change, backup=backup, dry_run=dry_run)


@handle_errors
def reject(
    labels: OptionalLabelsArg = None,
    placement: PlacementOpt = False,
    all_above: AllAboveOpt = None,
    all_: AllOpt = False,
    file: TaxonomyOpt = None,
    backup: BackupOpt = True,
    dry_run: DryRunOpt = False,
) -> None:
    """Reject suggestions: a group is dissolved (its aliases become concepts, recorded distinct),
    a generated parent is dissolved (its children move up), a split or removal is dropped; with
    --placement the concept moves to the top level."""
    change = _decide("reject", labels, placement, all_above, all_)
    run(file, change, backup=backup, dry_run=dry_run)


@handle_errors
def remove(
    labels: LabelsArg,
    file: TaxonomyOpt = None,
    backup: BackupOpt = True,
    dry_run: DryRunOpt = False,
) -> None:
    """Record that labels are to be removed from every post (accepted)."""
    run(file, _each(labels, edit.remove), backup=backup, dry_run=dry_run)
