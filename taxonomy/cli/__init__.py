"""The typer app: parses, calls one library function, turns errors into exit codes."""

from __future__ import annotations

from typing import Annotated

import typer

from taxonomy import __version__
from taxonomy.cli import apply as apply_cmd
from taxonomy.cli import check as check_cmd
from taxonomy.cli import edit as edit_cmd
from taxonomy.cli import export as export_cmd
from taxonomy.cli import labels as labels_cmd
from taxonomy.cli import review as review_cmd
from taxonomy.cli import scan as scan_cmd
from taxonomy.cli import suggest as suggest_cmd
from taxonomy.cli import tree as tree_cmd
from taxonomy.cli._common import EXIT_INTERNAL, err_console

app = typer.Typer(
    name="taxonomy",
    help="Find near-duplicate categories and tags, propose a hierarchy, export remaps, "
    "and check the tags of new posts.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"taxonomy {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Find near-duplicate categories and tags, propose a hierarchy, export remaps,
    and check the tags of new posts."""


app.command("scan")(scan_cmd.scan_command)
app.command("suggest")(suggest_cmd.suggest_command)
app.command("labels")(labels_cmd.labels)
app.command("stats")(labels_cmd.stats)
app.command("tree")(tree_cmd.tree)
app.command("validate")(tree_cmd.validate)
app.command("merge")(edit_cmd.merge)
app.command("rename")(edit_cmd.rename)
app.command("move")(edit_cmd.move)
app.command("split")(edit_cmd.split)
app.command("distinct")(edit_cmd.distinct)
app.command("accept")(edit_cmd.accept)
app.command("reject")(edit_cmd.reject)
app.command("remove")(edit_cmd.remove)
app.command("review")(review_cmd.review)
app.command("check")(check_cmd.check_command)
app.command("apply")(apply_cmd.apply_command)
app.command("export")(export_cmd.export_command)


def main() -> None:
    """The console script: the app, with any unexpected error reported in one line."""
    try:
        app()
    except Exception as exc:  # noqa: BLE001 - the last line of defence, never a traceback
        err_console().print(
            f"[bold red]Internal error:[/] {type(exc).__name__}: {exc} "
            "(please report it with the command you ran)"
        )
        raise SystemExit(EXIT_INTERNAL) from None
