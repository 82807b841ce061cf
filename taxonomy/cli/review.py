"""``taxonomy review``: decide the suggestions of a taxonomy document one at a time, one key each.

Every decision is written at once (atomically), so quitting, or a terminal that dies, loses
nothing, and the next review starts with what is still suggested. The queue, the decisions and
the undo stack are :mod:`taxonomy.review`; this module only shows items and reads keys.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections import defaultdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from taxonomy import edit
from taxonomy._atomic import atomic_write
from taxonomy.cli._common import err_console, fail, handle_errors
from taxonomy.cli.tree import DEFAULT_FILE, FileArg
from taxonomy.document import Document
from taxonomy.edit import Edited
from taxonomy.errors import DocumentError, SourceError, TaxonomyError
from taxonomy.model import Taxonomy
from taxonomy.review import (
    GROUP,
    PLACEMENT,
    REMOVAL,
    SPLIT,
    Item,
    Session,
    accept_item,
    edit_item,
    reject_item,
)
from taxonomy.sources import load

WIDTH = 80
FOOTER = "a accept  r reject  e edit  s skip  u undo  q quit  ? help"
EDIT_FOOTER = "c choose preferred  n new label  d drop/keep  Enter done  Esc cancel"
HELP = """\
a  accept the item as shown (the group, the split, the places of the children)
r  reject it: a group is dissolved (its labels become concepts, recorded distinct),
   a generated parent is dissolved, a split or removal is dropped, children listed
   for a parent move to the top level
e  edit, then accept: choose the preferred label by number (c), type a new label
   (n), drop members out of the group or children out of the parent (d)
s  skip: the item comes back at the next review
u  undo the last decision of this review
q  quit; every decision is already saved"""
KINDS = {GROUP: "Duplicates", SPLIT: "Split", REMOVAL: "Removal", PLACEMENT: "Placement"}
NO_TERMINAL = "review needs a terminal; use the edit commands (taxonomy accept ...) in scripts"


def counts_for(path: str, taxonomy: Taxonomy, source: str | None) -> dict[str, int | None]:
    """Use counts of each label: from ``source``, else the document's ``source:`` when it names
    a file (relative to the document's folder) or the bundled example; else none."""
    if source is None:
        named = taxonomy.source
        if named is None:
            return {}
        if named.startswith("<bundled example"):
            source_arg: str | None = None
        else:
            candidate = Path(path).resolve().parent / named
            if not candidate.is_file():
                return {}
            source_arg = str(candidate)
        try:
            inventory = load(source_arg)
        except SourceError:
            return {}
    else:
        inventory = load(source)
    counts: dict[str, int | None] = defaultdict(lambda: None)
    for label in inventory.labels:
        if label.count is not None:
            counts[label.name] = (counts[label.name] or 0) + label.count
    return dict(counts)


class Review:
    """The interactive loop: show the next item, read a key, apply and save the decision."""

    def __init__(self, path: str, session: Session, *, backup: bool) -> None:
        self.path = path
        self.document = Document.read(path)
        self.session = session
        self.backup = backup
        self.versions: list[bytes] = []
        self.console = Console(
            width=min(WIDTH, shutil.get_terminal_size().columns), highlight=False
        )
        self.status = ""
        self.show_help = False

    # -- saving ---------------------------------------------------------------------------

    def save(self, item: Item, edited: Edited) -> None:
        self.versions.append(Path(self.path).read_bytes())
        edit.write(self.document, edited)
        self.document.save(backup=self.backup and len(self.versions) == 1)
        self.session.decide(item, edited)
        self.status = edited.message

    def undo(self) -> None:
        edited = self.session.undo()
        if edited is None:
            self.status = "nothing to undo in this review"
            return
        atomic_write(Path(os.path.realpath(self.path)), self.versions.pop())
        self.document = Document.read(self.path)
        self.status = edited.message

    # -- showing --------------------------------------------------------------------------

    def header(self) -> Text:
        done, left = self.session.done, self.session.left()
        skipped = len(self.session.skipped)
        text = f"taxonomy review: {self.path}   {done} done, {left} left"
        if skipped:
            text += f" ({skipped} skipped)"
        return Text(text, style="bold")

    def show(self, item: Item) -> None:
        console = self.console
        if console.is_terminal:
            console.clear()
        console.print(self.header())
        if self.status:
            console.print(Text(self.status, style="green"), overflow="fold")
        console.print(self.panel(item))
        if self.show_help:
            console.print(Text(HELP))
            self.show_help = False
        console.print(Text(FOOTER, style="dim"))

    def panel(self, item: Item) -> Panel:
        title = f"{KINDS[item.kind]}: {item.label}"
        if item.score is not None:
            title += f"  (score {item.score:g})"
        notes = {entry.note for entry in item.entries}
        compact = item.kind == PLACEMENT and len(notes) == 1
        parts: list[Table | Text] = []
        if item.kind == PLACEMENT:
            lead = "Place under it:" if item.entries else "Keep this generated parent?"
            if item.generated:
                lead = "Generated parent (a proposed label). " + lead
            parts.append(Text(lead))
        elif item.kind == SPLIT:
            parts.append(Text("Replace it by:"))
        elif item.kind == REMOVAL:
            parts.append(Text("Remove it from every post:"))
        parts.append(self.grid(item) if compact else self.table(item))
        why = list(item.why)
        if compact and notes != {""}:
            why.append(notes.pop())
        for line in why:
            parts.append(Text(f"why: {line}", style="dim", overflow="fold"))
        return Panel(Group(*parts), title=escape(title), title_align="left", width=WIDTH)

    def table(self, item: Item) -> Table:
        table = Table(box=None, pad_edge=False, show_header=False)
        table.add_column(justify="right", no_wrap=True)
        table.add_column(max_width=38, overflow="ellipsis", no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        table.add_column(overflow="fold", ratio=1)
        for number, entry in enumerate(item.entries, 1):
            count = "" if entry.count is None else str(entry.count)
            table.add_row(str(number), entry.label, count, entry.note)
        return table

    def grid(self, item: Item) -> Table:
        widths = [len(f"{n} {e.label} {e.count or ''}") for n, e in enumerate(item.entries, 1)]
        columns = max(1, min(3, (WIDTH - 4) // (max(widths, default=1) + 2)))
        grid = Table.grid(padding=(0, 2))
        for _ in range(columns):
            grid.add_column(no_wrap=True, overflow="ellipsis")
        cells = [
            f"{n} {e.label}" + ("" if e.count is None else f" ({e.count})")
            for n, e in enumerate(item.entries, 1)
        ]
        rows = -(-len(cells) // columns)
        for row in range(rows):
            grid.add_row(
                *(
                    cells[row + rows * c] if row + rows * c < len(cells) else ""
                    for c in range(columns)
                )
            )
        return grid

    # -- keys -----------------------------------------------------------------------------

    def run(self) -> None:
        while True:
            queue = self.session.queue()
            if not queue:
                return
            item = queue[0]
            self.show(item)
            key = typer.getchar()
            try:
                if not self.handle(key, item):
                    return
            except TaxonomyError as exc:
                self.status = f"Error: {exc.message}"

    def handle(self, key: str, item: Item) -> bool:
        """Act on one key; False to stop."""
        taxonomy = self.session.taxonomy
        if key in ("q", "Q", "\x1b"):
            return False
        if key == "a":
            self.save(item, accept_item(taxonomy, item))
        elif key == "r":
            self.save(item, reject_item(taxonomy, item))
        elif key == "e":
            if not item.editable:
                self.status = f"a {item.kind} cannot be edited: accept or reject it"
            else:
                self.edit(item)
        elif key == "s":
            self.session.skip(item)
            self.status = f"skipped '{item.label}': it comes back at the next review"
        elif key == "u":
            self.undo()
        elif key == "?":
            self.show_help = True
        else:
            self.status = f"unknown key {key!r}: press ? for help"
        return True

    def edit(self, item: Item) -> None:
        preferred: str | None = item.label if item.kind == GROUP else None
        new_label: str | None = None
        dropped: list[str] = []
        labels = [entry.label for entry in item.entries]
        while True:
            self.console.print(self.edit_state(item, new_label or preferred, dropped))
            self.console.print(Text(EDIT_FOOTER, style="dim"))
            key = typer.getchar()
            if key == "\x1b":
                self.status = "edit cancelled"
                return
            if key in ("\r", "\n"):
                label = new_label or preferred
                self.save(item, edit_item(self.session.taxonomy, item, label, dropped))
                return
            if key == "c" and item.kind == GROUP:
                number = self.number(labels)
                if number is not None:
                    preferred, new_label = labels[number], None
                    if preferred in dropped:
                        dropped.remove(preferred)
            elif key == "n":
                typed = self.console.input("new label (empty: keep): ").strip()
                if typed:
                    new_label = typed
            elif key == "d":
                for number in self.numbers(labels):
                    label = labels[number]
                    if label in dropped:
                        dropped.remove(label)
                    elif label != (new_label or preferred):
                        dropped.append(label)

    def edit_state(self, item: Item, label: str | None, dropped: list[str]) -> Text:
        what = "preferred label" if item.kind == GROUP else "parent"
        text = f"edit: {what} '{label or item.label}'"
        text += f"; dropped: {', '.join(repr(d) for d in dropped) or 'none'}"
        return Text(text, overflow="fold")

    def number(self, labels: list[str]) -> int | None:
        numbers = self.numbers(labels, one=True)
        return numbers[0] if numbers else None

    def numbers(self, labels: list[str], *, one: bool = False) -> list[int]:
        prompt = "number: " if one else "numbers (space between): "
        typed = self.console.input(prompt).split()
        chosen = []
        for word in typed[:1] if one else typed:
            if word.isdigit() and 1 <= int(word) <= len(labels):
                chosen.append(int(word) - 1)
            else:
                self.console.print(Text(f"no member {word}: use 1 to {len(labels)}"))
        return chosen

    def summary(self) -> str:
        session = self.session
        text = f"{session.done} decided, {session.left()} left in {self.path}"
        if session.skipped:
            text += f" ({len(session.skipped)} skipped: they come back next time)"
        if not session.left():
            text += "; everything is decided: check it with 'taxonomy validate'"
        if self.versions and self.backup:
            text += f"; the file as it was before this review is {self.path}.bak"
        return text


@handle_errors
def review(
    file: FileArg = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            metavar="SOURCE",
            help="Where to read use counts from (any source 'taxonomy' reads). Default: the "
            "document's 'source:' when it names a file.",
            show_default=False,
        ),
    ] = None,
    backup: Annotated[
        bool,
        typer.Option(
            "--backup/--no-backup",
            help="Keep the file as it was before this review as FILE.bak.",
        ),
    ] = True,
) -> None:
    """Decide the suggestions of a taxonomy document one at a time, one key each (a accept,
    r reject, e edit, s skip, u undo, q quit). Every decision is saved at once."""
    if not sys.stdin.isatty():
        raise fail(NO_TERMINAL, 2)
    path = file or DEFAULT_FILE
    if file is None and not Path(path).exists():
        raise fail(
            f"no {DEFAULT_FILE} in this folder: create one with "
            f"'taxonomy suggest -o {DEFAULT_FILE}', or name the file",
            DocumentError.exit_code,
        )
    document = Document.read(path)
    session = Session(document.taxonomy, counts_for(path, document.taxonomy, source))
    ui = Review(path, session, backup=backup)
    try:
        ui.run()
    except (KeyboardInterrupt, EOFError):
        pass
    err_console().print(escape(ui.summary()))
