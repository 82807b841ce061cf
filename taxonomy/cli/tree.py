"""``taxonomy tree`` and ``taxonomy validate``: read a taxonomy document, show it or check it."""

from __future__ import annotations

import enum
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.tree import Tree

from taxonomy.cli._common import err_console, fail, handle_errors, out_console, write_out
from taxonomy.document import load_taxonomy
from taxonomy.errors import DocumentError
from taxonomy.formats.tree import (
    JsonProblems,
    JsonTree,
    ProblemsRenderer,
    TextProblems,
    TextTree,
    TreeRenderer,
    YamlTree,
)
from taxonomy.model import ACCEPTED, DOCUMENT_NAME, Concept, Taxonomy
from taxonomy.validate import validate as validate_taxonomy

DEFAULT_FILE = DOCUMENT_NAME


class TreeFormat(str, enum.Enum):
    tree = "tree"
    json = "json"
    yaml = "yaml"
    text = "text"


MACHINE_TREE_FORMATS: dict[TreeFormat, type[TreeRenderer]] = {
    TreeFormat.json: JsonTree,
    TreeFormat.yaml: YamlTree,
    TreeFormat.text: TextTree,
}


class ValidateFormat(str, enum.Enum):
    text = "text"
    json = "json"


VALIDATE_FORMATS: dict[ValidateFormat, type[ProblemsRenderer]] = {
    ValidateFormat.text: TextProblems,
    ValidateFormat.json: JsonProblems,
}

FileArg = Annotated[
    str | None,
    typer.Argument(
        metavar="FILE",
        help=f"The taxonomy document. Default: {DEFAULT_FILE} in the current folder.",
        show_default=False,
    ),
]


def read(file: str | None) -> tuple[str, Taxonomy]:
    """The document named, or ``taxonomy.yaml`` here (with a hint when there is none)."""
    if file is None:
        file = DEFAULT_FILE
        if not Path(file).exists():
            raise fail(
                f"no {DEFAULT_FILE} in this folder: create one with "
                f"'taxonomy suggest -o {DEFAULT_FILE}', or name the file",
                DocumentError.exit_code,
            )
    return file, load_taxonomy(file)


@handle_errors
def tree(
    file: FileArg = None,
    format: Annotated[
        TreeFormat, typer.Option("--format", "-f", help="Output format.")
    ] = TreeFormat.tree,
) -> None:
    """Show the hierarchy of a taxonomy document: concepts, their aliases, and what is decided
    (✓ accepted, ? suggested)."""
    path, taxonomy = read(file)
    if format is TreeFormat.tree:
        _print_tree(path, taxonomy)
    else:
        write_out(MACHINE_TREE_FORMATS[format]().render(taxonomy))


@handle_errors
def validate(
    file: FileArg = None,
    format: Annotated[
        ValidateFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ValidateFormat.text,
) -> None:
    """Check a taxonomy document: labels used twice, aliases equal to labels, cycles, bad
    labels, distinct pairs that are merged, splits into unknown labels. Exit 0 when clean,
    1 with problems, 3 when the file cannot be read as a taxonomy."""
    path, taxonomy = read(file)
    problems = validate_taxonomy(taxonomy)
    write_out(VALIDATE_FORMATS[format]().render(path, problems))
    concepts = sum(1 for _ in taxonomy.walk())
    if not problems:
        err_console().print(f"{escape(path)}: no problems in {_count(concepts, 'concept')}")
        return
    checks = Counter(problem.check for problem in problems)
    detail = ", ".join(f"{n} {check}" for check, n in checks.most_common())
    err_console().print(f"{escape(path)}: {_count(len(problems), 'problem')} ({detail})")
    raise typer.Exit(code=1)


def _count(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def _print_tree(path: str, taxonomy: Taxonomy) -> None:
    root = Tree(f"[bold]{escape(path)}[/]")
    for concept in taxonomy.concepts:
        _add(root, concept)
    out_console().print(root)
    concepts = list(taxonomy.walk())
    accepted = sum(1 for concept in concepts if concept.status == ACCEPTED)
    aliases = _count(sum(len(concept.aliases) for concept in concepts), "alias", "aliases")
    err_console().print(
        f"{_count(len(concepts), 'concept')} ({accepted} accepted), {aliases}, "
        f"{_count(len(taxonomy.splits), 'split')}, {len(taxonomy.removed)} removed; "
        "✓ accepted, ? suggested"
    )


def _add(parent: Tree, concept: Concept) -> None:
    marker = "[green]✓[/]" if concept.status == ACCEPTED else "[yellow]?[/]"
    text = f"{marker} {escape(concept.label)}"
    if concept.aliases:
        text += " [dim]= " + escape(", ".join(concept.aliases)) + "[/]"
    if concept.generated:
        text += " [magenta](generated)[/]"
    if concept.placement is not None and concept.placement != ACCEPTED:
        text += " [dim](position suggested)[/]"
    node = parent.add(text)
    for child in concept.children:
        _add(node, child)
