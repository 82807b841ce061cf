"""The documentation stays true: the CLI reference is generated, and every command is in it."""

from __future__ import annotations

from pathlib import Path

import typer

from taxonomy.cli import app
from taxonomy.cli.reference import render

ROOT = Path(__file__).resolve().parent.parent


def test_cli_reference_is_up_to_date() -> None:
    expected = render()
    actual = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert actual == expected, (
        "docs/cli.md is stale: run python -m taxonomy.cli.reference > docs/cli.md"
    )


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = typer.main.get_command(app)
    for name in command.commands:  # type: ignore[attr-defined]
        assert f"taxonomy {name}" in readme, f"README does not mention 'taxonomy {name}'"
