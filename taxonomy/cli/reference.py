"""The command reference in docs/cli.md, generated from the CLI's own help.

Regenerate with ``python -m taxonomy.cli.reference > docs/cli.md``; a test fails when it is stale.
"""

from __future__ import annotations

import typer
from typer.cli import get_docs_for_click

from taxonomy.cli import app

HEADER = "<!-- Made by `python -m taxonomy.cli.reference > docs/cli.md`; do not edit. -->\n\n"


def render() -> str:
    command = typer.main.get_command(app)
    context = typer.Context(command, info_name="taxonomy")
    body = get_docs_for_click(
        obj=command, ctx=context, name="taxonomy", title="taxonomy: command reference"
    )
    return HEADER + body.strip() + "\n"


if __name__ == "__main__":
    print(render(), end="")
