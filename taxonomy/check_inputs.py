"""What ``check`` reads: the files named or found under folders, and the labels of each.

A folder is walked in sorted order (hidden folders and ``node_modules`` skipped) for the files
the configuration includes (``**/*.md``, ``**/*.markdown``, ``**/*.mdx`` by default) and does not
exclude. A file named on the command line is checked even if ``include`` does not match it (what
pre-commit passes), unless ``exclude`` does. A Markdown file (by its suffix) is read for its front
matter; any other file is loaded as a source of its detected format (an export, a label list).
Many files are read on every core, in forked worker processes.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import os
import re
from collections.abc import Sequence
from pathlib import Path

from taxonomy.check import CheckedPost, Occurrence, is_markdown, posts_of_inventory
from taxonomy.config import Config
from taxonomy.errors import UsageError
from taxonomy.sources import LoadOptions, Source, load
from taxonomy.sources._common import decode
from taxonomy.sources._frontmatter import read_front_matter

SKIPPED_DIRS = {"node_modules"}
PARALLEL_MIN_FILES = 400
CHUNK = 200


def cores() -> int:
    """The CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def collect(paths: Sequence[str], config: Config) -> list[str]:
    """The files to check, as they will be shown: named ones as given, found ones joined to
    the folder named; each once, in the order named, a folder's files in sorted order."""
    found: dict[str, None] = {}
    for given in paths:
        path = Path(given)
        if path.is_dir():
            base = path.absolute()  # the configuration makes every path absolute: once here
            for name in _walk(path):
                if config.included(base / name):
                    found.setdefault(_join(given, name))
        elif path.is_file():
            if not config.excluded(path):
                found.setdefault(given)
        elif given == "-":
            raise UsageError("check reads files, not standard input: name the posts or folders")
        else:
            raise UsageError("no such file or directory", path=given)
    return list(found)


def _join(folder: str, name: str) -> str:
    return name if folder in (".", "./") else f"{folder.rstrip('/')}/{name}"


def _walk(root: Path) -> list[str]:
    found: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
        base = Path(folder).relative_to(root)
        found.extend((base / name).as_posix() for name in sorted(files) if not name.startswith("."))
    return found


def read_posts(files: Sequence[str], fields: Sequence[str]) -> list[CheckedPost]:
    """The posts of every file, in the files' order; on every core when there are many."""
    with Reading(files, fields) as reading:
        return reading.result()


class Reading:
    """Posts read in worker processes while the caller goes on (reads the taxonomy); in this
    process, when ``result`` is asked, for few files or where fork is not available."""

    def __init__(self, files: Sequence[str], fields: Sequence[str]) -> None:
        self.files = list(files)
        self.fields = tuple(fields)
        chunks = [self.files[i : i + CHUNK] for i in range(0, len(self.files), CHUNK)]
        workers = min(cores(), len(chunks))
        self._pool: multiprocessing.pool.Pool | None = None
        self._pending: multiprocessing.pool.AsyncResult[list[list[_Post]]]
        if (
            len(self.files) >= PARALLEL_MIN_FILES
            and workers > 1
            and "fork" in multiprocessing.get_all_start_methods()
        ):
            self._pool = multiprocessing.get_context("fork").Pool(workers)
            self._pending = self._pool.starmap_async(
                _read_chunk, [(chunk, self.fields) for chunk in chunks]
            )

    def __enter__(self) -> Reading:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()

    def result(self) -> list[CheckedPost]:
        if self._pool is None:
            return [post for name in self.files for post in read_file(name, self.fields)]
        posts: list[CheckedPost] = []
        for result in self._pending.get():  # a worker's error is raised here, file and line kept
            posts.extend(
                CheckedPost(path, tuple(Occurrence(*found) for found in labels))
                for path, labels in result
            )
        return posts


_Post = tuple[str, tuple[tuple[str, int | None, int | None, str], ...]]
"""A post as a worker sends it: plain tuples pickle in a third of the time of dataclasses."""


def _read_chunk(names: list[str], fields: tuple[str, ...]) -> list[_Post]:
    return [
        (post.path, tuple((o.label, o.line, o.col, o.field) for o in post.labels))
        for name in names
        for post in read_file(name, fields)
    ]


def read_file(name: str, fields: Sequence[str]) -> list[CheckedPost]:
    """The posts of one file: a Markdown post, or every post of a source of another format."""
    if is_markdown(name):
        source = Source(name=name, path=Path(name))
        return [read_markdown(source.read_bytes(), name, fields)]
    inventory = load(Source(name=name, path=Path(name)), None, LoadOptions(fields=tuple(fields)))
    return posts_of_inventory(inventory)


def read_markdown(data: bytes, name: str, fields: Sequence[str]) -> CheckedPost:
    """The labels of one Markdown post, in written order, each with its line and column."""
    text = decode(data, name)
    matter = read_front_matter(text, fields, name)
    if matter is None:
        return CheckedPost(name, ())
    lines = text.replace("\r\n", "\n").split("\n")
    cursor: dict[int, int] = {}
    found = []
    for key, label, line in matter.labels:
        col = column(lines, line, key, label, cursor)
        found.append(Occurrence(label, line, col, key))
    return CheckedPost(name, tuple(found))


_KEY = r"""^\s*(?:{key}|"{key}"|'{key}')\s*[:=]"""
_BEFORE = frozenset("[,\"'=:")
"""Besides whitespace, what may stand just before a label: it is not part of a longer word."""
_AFTER = frozenset("],\"'#")
"""Besides whitespace, what may stand just after a label."""


def column(lines: list[str], line: int, key: str, label: str, cursor: dict[int, int]) -> int:
    """1-based column of ``label`` on ``line``, after the key and after the labels found there
    before it (``cursor``: line -> where the last one ended); 1 when it cannot be found (an
    escaped YAML string)."""
    if not 0 < line <= len(lines):
        return 1
    text = lines[line - 1]
    start = cursor.get(line)
    if start is None:
        prefix = re.match(_KEY.format(key=re.escape(key)), text, re.IGNORECASE)
        start = prefix.end() if prefix else 0
    found = _find_word(text, label, start)
    if found < 0:
        return 1
    cursor[line] = found + len(label)
    return found + 1


def _find_word(text: str, label: str, start: int) -> int:
    """The first index from ``start`` on where ``label`` stands alone (between whitespace,
    brackets, commas, quotes, ``=``, ``:`` or ``#``); -1 if nowhere. A plain search with a
    check of both neighbours: a regular expression per label would be compiled per label."""
    index = text.find(label, start)
    while index >= 0:
        end = index + len(label)
        before = text[index - 1] if index > start else ""
        after = text[end] if end < len(text) else ""
        if (not before or before.isspace() or before in _BEFORE) and (
            not after or after.isspace() or after in _AFTER
        ):
            return index
        index = text.find(label, index + 1)
    return -1
