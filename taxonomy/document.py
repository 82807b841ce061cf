"""``taxonomy.yaml`` <-> the model, keeping what people wrote by hand.

``load_taxonomy(path)`` reads a document into a ``Taxonomy``: through libyaml when it can vouch
for the result (``taxonomy._doc_fast``), else, and for every error, through ruamel.yaml, the
reference reading. ``Document`` holds the YAML tree of
a file, and ``Document.sync(new)`` rewrites that tree so that it describes ``new`` while every
comment, key order and style of what did not change survives byte for byte: the one way every
command changes a file. The format is docs/taxonomy-format.md.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import warnings
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer, ComposerError
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import AliasEvent

from taxonomy._atomic import atomic_write
from taxonomy._doc_fast import Unsure, tree
from taxonomy._doc_schema import Reader
from taxonomy._doc_sync import sync_tree
from taxonomy._text import read_utf8
from taxonomy._yaml_comments import Comments, entries, leading, set_leading
from taxonomy.errors import DocumentError
from taxonomy.model import Taxonomy

__all__ = ["HEADER", "Document", "dumps", "load_taxonomy"]

HEADER = "The categories of a site, for `taxonomy`. Format: docs/taxonomy-format.md"

_BOM = "\ufeff"


@dataclass(frozen=True)
class _Layout:
    """How a file is written, so that a rewrite keeps it: list indentation, line ends, markers."""

    sequence: int = 4
    offset: int = 2
    newline: str = "\n"
    bom: bool = False
    explicit_start: bool = False


class _NoAliasComposer(Composer):
    """Anchors are kept, aliases refused: a shared node would change in two places at once."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            event = self.parser.peek_event()
            raise ComposerError(
                None,
                None,
                f"aliases (*{event.anchor}) are not supported in a taxonomy document",
                event.start_mark,
            )
        return super().compose_node(parent, index)


def _yaml(layout: _Layout) -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.Composer = _NoAliasComposer
    yaml.preserve_quotes = True
    yaml.width = 1 << 20  # never fold a long line
    yaml.indent(mapping=2, sequence=layout.sequence, offset=layout.offset)
    yaml.explicit_start = layout.explicit_start
    return yaml


def load_taxonomy(path: str | os.PathLike[str]) -> Taxonomy:
    """Read and structurally check a taxonomy document; ``DocumentError`` names file and line.

    Read-only, so the tree comes from libyaml's events when ``_doc_fast`` vouches that it is
    ruamel.yaml's; a document it is unsure of, or that has an error, is read again by ruamel,
    so that the result and every error message are those of ruamel's reading."""
    name = os.fspath(path)
    text, layout = _read_text(name)
    try:
        return Reader(name).read(tree(text))
    except (Unsure, DocumentError, RecursionError):
        pass
    return Reader(name).read(_load(text, layout, name))


def dumps(taxonomy: Taxonomy) -> str:
    """A new document: a header comment, then the keys in the documented order."""
    return Document.new(taxonomy).text()


class Document:
    """The YAML tree of a taxonomy document and its path; see ``sync`` for how it changes."""

    def __init__(
        self,
        root: CommentedMap,
        path: Path | None,
        comments: Comments,
        layout: _Layout,
    ) -> None:
        self._root = root
        self.path = path
        self._comments = comments
        self._layout = layout
        self._changed = False

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> Document:
        """Read a document to change it; its structure is checked as by ``load_taxonomy``."""
        name = os.fspath(path)
        root, text, layout = _parse(name)
        Reader(name).read(root)
        comments = Comments.normalise(root)
        document = cls(root, Path(name), comments, layout)
        _recover_lost_comments(document, text)
        return document

    @classmethod
    def new(cls, taxonomy: Taxonomy, header_comment: str | None = HEADER) -> Document:
        """A document for ``taxonomy`` in the standard layout, under a header comment (one or
        more lines, without '#'; None for none). It has no path until saved."""
        root = CommentedMap()
        root["taxonomy"] = taxonomy.version
        root["concepts"] = CommentedSeq()
        if header_comment:
            root.yaml_set_start_comment(header_comment)
        document = cls(root, None, Comments(), _Layout())
        document.sync(taxonomy)
        document._changed = False
        return document

    @property
    def taxonomy(self) -> Taxonomy:
        """The model the tree describes (lines are those of the file until the first sync)."""
        return Reader(_name(self.path), lines=not self._changed).read(self._root)

    def sync(self, new: Taxonomy) -> None:
        """Rewrite the tree so that it describes ``new``, changing only what differs.

        A concept is identified by its label: its mapping node is kept wherever it moves, keys
        whose values did not change are not touched, new keys go to their standard position
        (label, aliases, slug, description, status, placement, generated, why, children) and
        what ``new`` no longer has is removed. Distinct pairs, splits and removed labels are
        identified by their pair or label. Comment rules: docs/taxonomy-format.md.
        """
        sync_tree(self._root, new, self._comments, self._layout.sequence)
        self._changed = True

    def text(self) -> str:
        """The document as YAML."""
        stream = io.StringIO()
        with self._comments.native(self._root):
            _yaml(self._layout).dump(self._root, stream)
        return stream.getvalue()

    def save(self, path: str | os.PathLike[str] | None = None, *, backup: bool = True) -> Path:
        """Write atomically (a temporary file in the same folder, then a rename), keeping the
        previous version as ``<name>.bak`` unless ``backup`` is false. Returns the path written."""
        if path is None and self.path is None:
            raise DocumentError("no file to save to: give a path")
        target = Path(os.path.realpath(path if path is not None else self.path))  # type: ignore[arg-type]
        text = self.text()
        if self._layout.newline != "\n":
            text = text.replace("\n", self._layout.newline)
        if self._layout.bom:
            text = _BOM + text
        atomic_write(target, text.encode("utf-8"), backup=backup)
        self.path = Path(path) if path is not None else self.path
        return target


def _name(path: Path | None) -> str | None:
    return None if path is None else str(path)


def _read_text(name: str) -> tuple[str, _Layout]:
    text = read_utf8(name, DocumentError, folder="is a folder, not a taxonomy document")
    bom = text.startswith(_BOM)
    text = text.removeprefix(_BOM)
    newline = "\r\n" if "\r\n" in text else "\n"
    text = text.replace("\r\n", "\n")
    return text, _Layout(*_guess_indent(text), newline, bom, _has_start_marker(text))


def _parse(name: str) -> tuple[Any, str, _Layout]:
    text, layout = _read_text(name)
    return _load(text, layout, name), text, layout


def _load(text: str, layout: _Layout, name: str) -> Any:
    """The round-trip tree of a document's text (ruamel.yaml)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. a reused anchor name: not worth a message
            root = _yaml(layout).load(text)
    except YAMLError as exc:
        raise _yaml_error(exc, name) from None
    except RecursionError:
        raise DocumentError("nested too deeply to be a taxonomy", path=name) from None
    return root


def _yaml_error(exc: YAMLError, name: str) -> DocumentError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).strip().splitlines()[0]
    if problem.startswith("aliases ("):
        message = problem
    elif "'\\t'" in problem:
        message = "not valid YAML: a tab character where YAML allows only spaces"
    else:
        message = f"not valid YAML: {problem}"
    return DocumentError(message, path=name, line=None if mark is None else mark.line + 1)


_KEY_LINE = re.compile(r"^( *)[^\s#-][^#]*:\s*(#.*)?$")
_ITEM_LINE = re.compile(r"^( *)-( +)\S")


def _guess_indent(text: str) -> tuple[int, int]:
    """(sequence, offset) of the first block list under a key; the standard (4, 2) otherwise."""
    lines = [line for line in text.split("\n") if line.strip() and not _is_comment(line)]
    for key_line, item_line in itertools.pairwise(lines):
        key, item = _KEY_LINE.match(key_line), _ITEM_LINE.match(item_line)
        if key and item:
            offset = len(item.group(1)) - len(key.group(1))
            if offset >= 0:
                return offset + 1 + len(item.group(2)), offset
    return 4, 2


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def _has_start_marker(text: str) -> bool:
    for line in text.split("\n"):
        if line.strip() and not _is_comment(line):
            return line.rstrip() == "---"
    return False


def _comment_lines(text: str) -> list[tuple[int, str]]:
    return [(number, line) for number, line in enumerate(text.split("\n")) if _is_comment(line)]


def _recover_lost_comments(document: Document, original: str) -> None:
    """ruamel.yaml drops a few comment lines (one above ``---``, one above a flow list item that
    has an end-of-line comment). Put each such line back above the entry that followed it."""
    before = _comment_lines(original)
    if document._comments.own_lines(document._root) >= len(before):
        return  # none lost: no need to write the document out to compare
    after = [line for _, line in _comment_lines(document.text())]
    matcher = SequenceMatcher(None, [line for _, line in before], after, autojunk=False)
    lost = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            kept = {line.strip() for line in after[j1:j2]}
            lost += [(n, line) for n, line in before[i1:i2] if line.strip() not in kept]
    if not lost:
        return
    starts = list(_entry_lines(document._root))
    for number, line in lost:
        target = next(((node, key) for start, node, key in starts if start > number), None)
        if target is None:
            document._comments.end(document._root).append(line)
        else:
            set_leading(target[0], target[1], [*leading(target[0], target[1]), line])


def _entry_lines(node: Any) -> Any:
    """(0-based line, container, key) of every entry, in document order."""
    for key in entries(node):
        try:
            start = node.lc.key(key)[0] if isinstance(node, CommentedMap) else node.lc.item(key)[0]
        except (KeyError, TypeError):
            continue
        yield start, node, key
        value = node[key]
        if isinstance(value, CommentedMap | CommentedSeq):
            yield from _entry_lines(value)
