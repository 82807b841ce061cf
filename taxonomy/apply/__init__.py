"""Rewriting a site's source with a label map: plan the changes, show them, write them.

One rewriter module per source format (``blogger``, ``wxr``, ``ghost``, ``markdown``; see
``_base``) turns the bytes of one file into new bytes in which only the labels differ.
``plan`` runs it over a source (every post of a Markdown folder, the one file of an export)
and returns a ``FileChange`` per file; ``diff`` renders the changed ones as a unified diff;
``write`` writes them in place (atomically, with a ``.bak``) or to another place.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

import yaml

from taxonomy._atomic import atomic_write
from taxonomy.apply._base import Rewrite
from taxonomy.apply._diff import unified_diff
from taxonomy.document import load_taxonomy
from taxonomy.errors import SourceError, UsageError
from taxonomy.mapping import LabelMap, label_map, read_label_map
from taxonomy.sources import SourceFormat, detect, open_source
from taxonomy.sources._common import LoadOptions
from taxonomy.sources.markdown_source import post_files as markdown_files

__all__ = [
    "REWRITERS",
    "FileChange",
    "Rewrite",
    "Summary",
    "diff",
    "plan",
    "read_mapping",
    "rewriter_for",
    "summarize",
    "write",
]

Rewriter = Callable[..., Rewrite]

REWRITERS: dict[SourceFormat, str] = {
    SourceFormat.blogger: "blogger",
    SourceFormat.wxr: "wxr",
    SourceFormat.ghost: "ghost",
    SourceFormat.markdown: "markdown",
}
"""The formats ``apply`` rewrites, and the module of each under ``taxonomy.apply``."""


@dataclass(frozen=True)
class FileChange:
    """One file of a source: its bytes before and after, and what changed in it."""

    path: Path
    old: bytes
    new: bytes
    posts: int = 0
    replaced: int = 0
    relative: str = ""
    """The path inside the source (a Markdown folder); the file's name for a one-file source."""

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass(frozen=True)
class Summary:
    files: int
    posts: int
    replaced: int


def rewriter_for(fmt: SourceFormat) -> Rewriter:
    """The ``rewrite`` function of the module that rewrites ``fmt``."""
    module = REWRITERS.get(fmt)
    if module is None:
        known = ", ".join(sorted(f.value for f in REWRITERS))
        raise UsageError(f"apply rewrites {known} sources, not {fmt.value}")
    rewrite: Rewriter = import_module(f"taxonomy.apply.{module}").rewrite
    return rewrite


def read_mapping(path: str | os.PathLike[str], *, include_suggested: bool = False) -> LabelMap:
    """The label map in a file: a taxonomy document (a YAML mapping with a ``concepts`` key
    or a ``taxonomy`` version number) gives its decisions (accepted ones, or all with
    ``include_suggested``); anything else is read as a flat mapping ``old: new``."""
    name = os.fspath(path)
    try:
        head = yaml.safe_load(Path(name).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        head = None  # read_label_map reports it
    # a document: its version number, or its concepts (a flat map's values are labels)
    if isinstance(head, dict) and (
        "concepts" in head or isinstance(head.get("taxonomy"), int | float)
    ):
        return label_map(load_taxonomy(name), include_suggested=include_suggested)
    return read_label_map(name)


def plan(
    source: str | os.PathLike[str],
    mapping: LabelMap,
    fmt: SourceFormat | str | None = None,
    fields: Sequence[str] = (),
) -> list[FileChange]:
    """Every file of ``source`` rewritten with ``mapping`` (nothing is written)."""
    if os.fspath(source) == "-":
        raise UsageError("apply rewrites files: name a file or folder, not standard input")
    src = open_source(os.fspath(source))
    fmt = SourceFormat(fmt) if fmt is not None else detect(src)
    rewrite = rewriter_for(fmt)
    names = tuple(fields) or LoadOptions().fields
    if fmt is SourceFormat.markdown:
        files = markdown_files(src)
    else:
        if src.path is not None and src.path.is_dir():
            raise SourceError(f"a folder, not a {fmt.value} export", path=src.name)
        files = [(src.path.name if src.path else src.name, src)]
    changes: list[FileChange] = []
    for relative, file in files:
        assert file.path is not None
        old = file.read_bytes()
        result = rewrite(old, mapping, name=file.name, fields=names)
        changes.append(
            FileChange(file.path, old, result.data, result.posts, result.replaced, relative)
        )
    return changes


def summarize(changes: Sequence[FileChange]) -> Summary:
    """Files changed, posts changed, labels replaced."""
    changed = [change for change in changes if change.changed]
    return Summary(
        files=len(changed),
        posts=sum(change.posts for change in changed),
        replaced=sum(change.replaced for change in changed),
    )


_LINE = re.compile(r"[^\n]*\n|[^\n]+$")
_NO_NEWLINE = "\\ No newline at end of file\n"


def diff(changes: Sequence[FileChange], *, context: int = 3) -> str:
    """A unified diff of the changed files, ``a/path`` and ``b/path`` as git writes them."""
    out: list[str] = []
    for change in changes:
        if not change.changed:
            continue
        name = change.path.as_posix()
        old, new = _lines(change.old), _lines(change.new)
        for line in unified_diff(old, new, f"a/{name}", f"b/{name}", n=context):
            out.append(line)
            if not line.endswith("\n"):
                out.append("\n" + _NO_NEWLINE)
    return "".join(out)


def _lines(data: bytes) -> list[str]:
    return _LINE.findall(data.decode("utf-8", errors="replace"))


def write(
    changes: Sequence[FileChange],
    *,
    output: str | os.PathLike[str] | None = None,
    folder: bool = False,
    backup: bool = True,
) -> list[Path]:
    """Write the changed files in place (atomically, keeping ``name.bak`` unless ``backup`` is
    off), or, with ``output``, every file of the source there: into the folder ``output``
    mirroring the source's paths when ``folder`` (a Markdown folder), else to the file
    ``output`` (into it when it is a folder). Returns the paths written."""
    written: list[Path] = []
    if output is None:
        for change in changes:
            if change.changed:
                atomic_write(change.path, change.new, backup=backup)
                written.append(change.path)
        return written
    root = Path(output)
    for change in changes:
        if folder:
            target = root.joinpath(*change.relative.split("/"))
        else:
            target = root / change.path.name if root.is_dir() else root
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SourceError(f"cannot write: {exc.strerror or exc}", path=str(target)) from None
        atomic_write(target, change.new, backup=False)
        written.append(target)
    return written
