"""A rich progress bar for long library jobs, shown on a terminal only."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from taxonomy.cli._common import err_console

STAGES = {
    "profile": "Reading labels",
    "candidates": "Comparing candidates",
    "group": "Grouping",
}


@contextmanager
def progress_callback() -> Iterator[object]:
    """Yield a ``callback(stage, done, total)`` that drives a bar on stderr, or does nothing
    when stderr is not a terminal (piped, CI)."""
    console = err_console()
    if not console.is_terminal:
        yield None
        return
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    tasks: dict[str, TaskID] = {}

    def callback(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(STAGES.get(stage, stage), total=total or None)
        bar.update(tasks[stage], completed=done, total=total or None)

    with bar:
        yield callback
