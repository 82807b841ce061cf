"""What every command shares: consoles, error translation, the SOURCE options."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from taxonomy.errors import TaxonomyError
from taxonomy.model import Inventory
from taxonomy.sources import LoadOptions, SourceFormat, load

P = ParamSpec("P")
R = TypeVar("R")

EXIT_INTERNAL = 4


def err_console() -> Console:
    """Messages for people, on stderr; never wrapped, so one error stays one line."""
    return Console(stderr=True, soft_wrap=True, highlight=False)


def out_console() -> Console:
    return Console(soft_wrap=False, highlight=False)


def fail(message: str, code: int) -> typer.Exit:
    err_console().print(f"[bold red]Error:[/] {escape(message)}")
    return typer.Exit(code=code)


def handle_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn library errors into one line on stderr and their exit code."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except TaxonomyError as exc:
            raise fail(str(exc), exc.exit_code) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(code=0) from None

    return wrapper


SourceArg = Annotated[
    str | None,
    typer.Argument(
        metavar="SOURCE",
        help="File or folder to read labels from; '-' reads standard input. "
        "Default: the bundled example list.",
        show_default=False,
    ),
]
FromOpt = Annotated[
    SourceFormat | None,
    typer.Option("--from", help="Input format, when detection guesses wrong.", show_default=False),
]
FieldOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--field",
        metavar="KEY",
        help="Front-matter key holding labels (Markdown); repeat for several. "
        "Default: tags and categories.",
        show_default=False,
    ),
]


def load_inventory(
    source: str | None, fmt: SourceFormat | None, fields: list[str] | None
) -> Inventory:
    options = LoadOptions(fields=tuple(fields)) if fields else LoadOptions()
    inventory = load(Path(source) if source not in (None, "-") else source, fmt, options)
    console = err_console()
    for ambiguity in inventory.ambiguities[:MAX_NOTES]:
        where = f"{ambiguity.location}: " if ambiguity.location else ""
        console.print(f"[yellow]note:[/] {escape(where + ambiguity.message)}")
    if len(inventory.ambiguities) > MAX_NOTES:
        console.print(f"[yellow]note:[/] and {len(inventory.ambiguities) - MAX_NOTES} more notes")
    return inventory


MAX_NOTES = 20


def write_out(text: str) -> None:
    """Machine output: plain text on stdout, never styled."""
    sys.stdout.write(text)
    sys.stdout.flush()
