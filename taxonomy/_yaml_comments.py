"""Comments of a ruamel.yaml round-trip tree, in a form that survives edits of the tree.

ruamel.yaml keeps a comment line where the parser met it: attached to the end of the scalar
*before* it, however deep that scalar sits. A comment written above a concept therefore belongs,
for ruamel, to the last value of the previous concept, and would move or vanish with it. This
module re-attaches every comment line to what it describes, once, after loading:

- an end-of-line comment stays with its value;
- comment lines (and blank lines) above an entry, at the entry's indentation or less, become that
  entry's *leading* lines (ruamel's "before" slot of a key or sequence item); of these, the
  comment block right above the entry (after the last blank line, see ``attached``) belongs to
  the entry, moves with it and goes with it, the rest stays in place;
- comment lines after the last entry of a block, indented at least as deep as that block's
  entries, are the block's *end* lines: they stay at the end of that block, after any entry
  added later. The document's own end lines are those of the top-level mapping.

``Comments.native()`` puts end lines back where ruamel's emitter expects them for the time of
a dump, then restores the normal form."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

Container = CommentedMap | CommentedSeq


def is_block(node: object) -> bool:
    """A non-empty mapping or sequence written in block style (ruamel writes empty ones as flow)."""
    if not isinstance(node, CommentedMap | CommentedSeq) or len(node) == 0:
        return False
    return node.fa.flow_style() is not True


def entries(node: Container) -> list[Any]:
    """The keys of a mapping, the indexes of a sequence."""
    return list(node.keys()) if isinstance(node, CommentedMap) else list(range(len(node)))


def _slots(node: Container, key: Any) -> list[Any]:
    width = 4 if isinstance(node, CommentedMap) else 2
    slots: list[Any] = node.ca.items.setdefault(key, [None] * width)
    return slots


def _token(text: str, column: int = 0) -> CommentToken:
    return CommentToken(text, CommentMark(column))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _split_tail(token: CommentToken | None) -> tuple[CommentToken | None, list[str]]:
    """An end-of-line comment token (or None) and the own lines that ruamel glued after it."""
    if token is None:
        return None, []
    first, _, rest = token.value.partition("\n")
    lines = rest.split("\n")[:-1] if rest else []
    if not first.strip():
        return None, lines
    return _token(first + "\n", token.start_mark.column), lines


def _pre_lines(tokens: list[CommentToken | None] | None) -> list[str]:
    lines: list[str] = []
    for token in tokens or []:
        if token is None:
            continue
        text = token.value
        if text.startswith("\n"):
            lines += text.split("\n")[:-1]
            continue
        body = text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")
        lines.append(" " * token.start_mark.column + body[0])
        lines += body[1:]
    return lines


@dataclass
class _Leaf:
    """Where ruamel glues comment lines: after a scalar or flow value, or after a key whose value
    is a block (``children:``)."""

    node: Container
    key: Any
    head: bool  # a key whose value is a block

    def read(self) -> tuple[CommentToken | None, list[str]]:
        slots = self.node.ca.items.get(self.key)
        if slots is None:
            return None, []
        if isinstance(self.node, CommentedSeq):
            return _split_tail(slots[0])
        eol, lines = _split_tail(slots[2])
        if self.head:
            lines += _pre_lines(slots[3])
        return eol, lines

    def write(self, eol: CommentToken | None, lines: list[str]) -> None:
        text = "".join(line + "\n" for line in lines)
        if eol is None and not text:
            token = None
        elif eol is None:
            token = _token("\n" + text)
        else:
            token = _token(eol.value + text, eol.start_mark.column)
        slots = _slots(self.node, self.key)
        if isinstance(self.node, CommentedSeq):
            slots[0] = token
            return
        slots[2] = token
        if self.head:
            slots[3] = None
            value = self.node[self.key]
            value.ca.comment = None  # ruamel keeps a copy there; the mapping's slot is enough


@dataclass
class _Enter:
    node: Container
    key: Any


@dataclass
class _Close:
    node: Container


def _events(node: Container) -> Iterator[_Leaf | _Enter | _Close]:
    for key in entries(node):
        yield _Enter(node, key)
        value = node[key]
        if is_block(value):
            if isinstance(node, CommentedMap):
                yield _Leaf(node, key, head=True)
            yield from _events(value)
        else:
            yield _Leaf(node, key, head=False)
    yield _Close(node)


def leading(node: Container, key: Any) -> list[str]:
    """The leading comment lines of an entry (blank lines included)."""
    slots = node.ca.items.get(key)
    return [] if slots is None else _pre_lines(slots[1])


def set_leading(node: Container, key: Any, lines: list[str]) -> None:
    if not lines and key not in node.ca.items:
        return
    slots = _slots(node, key)
    slots[1] = [_token("".join(line + "\n" for line in lines))] if lines else None


def eol(node: Container, key: Any) -> CommentToken | None:
    """The end-of-line comment of an entry with a scalar or flow value (or of a block's key)."""
    slots = node.ca.items.get(key)
    if slots is None:
        return None
    token: CommentToken | None = slots[0] if isinstance(node, CommentedSeq) else slots[2]
    return token


def set_eol(node: Container, key: Any, token: CommentToken | None) -> None:
    slots = _slots(node, key)
    slots[0 if isinstance(node, CommentedSeq) else 2] = token


def attached(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split leading lines into what stays in place and the comment block that touches the entry
    (after the last blank line): that block belongs to the entry, moves and goes with it."""
    cut = max((i + 1 for i, line in enumerate(lines) if not line.strip()), default=0)
    return lines[:cut], lines[cut:]


def join(first: list[str], second: list[str]) -> list[str]:
    """Two runs of lines, without a doubled blank line where they meet."""
    if first and second and not first[-1].strip() and not second[0].strip():
        return first + second[1:]
    return first + second


def _shift_line(line: str, delta: int) -> str:
    if delta >= 0 or not line.strip():
        return " " * delta + line if line.strip() else line
    return line[min(-delta, _indent(line)) :]


def shift_lines(lines: list[str], delta: int) -> list[str]:
    return [_shift_line(line, delta) for line in lines]


class Comments:
    """The end comments of the blocks of one tree (leading and end-of-line comments live in
    ruamel's own slots)."""

    def __init__(self) -> None:
        self._ends: dict[int, tuple[Container, list[str]]] = {}

    @classmethod
    def normalise(cls, root: CommentedMap) -> Comments:
        """Re-attach every comment line of a freshly loaded tree (see the module docstring)."""
        comments = cls()
        _unglue_ends(root, root)
        events = list(_events(root))
        for position, event in enumerate(events):
            if isinstance(event, _Leaf):
                comments._distribute(event, events, position + 1)
        return comments

    def _distribute(self, leaf: _Leaf, events: list[_Leaf | _Enter | _Close], start: int) -> None:
        eol_token, lines = leaf.read()
        leaf.write(eol_token, [])
        if not lines:
            return
        closing: list[Container] = []
        following: _Enter | None = None
        for event in itertools.islice(events, start, None):
            if isinstance(event, _Close):
                closing.append(event.node)
            else:
                following = event if isinstance(event, _Enter) else None
                break
        limit = -1 if following is None else _column(following.node)
        ahead: list[str] = []
        level = 0
        blank: list[str] = []
        for line in lines:
            if not line.strip():
                blank.append(line)
                continue
            column = _indent(line)
            if not ahead and closing and (following is None or column > limit):
                while level < len(closing) - 1 and _column(closing[level]) > column:
                    level += 1
                self.end(closing[level]).extend([*blank, line])
            else:
                ahead += [*blank, line]
            blank = []
        if following is None:
            self.end(closing[-1]).extend(blank)
        else:
            ahead += blank
            node, key = following.node, following.key
            set_leading(node, key, ahead + leading(node, key))

    def end(self, node: Container) -> list[str]:
        """The end comment lines of a block, to read or change in place."""
        return self._ends.setdefault(id(node), (node, []))[1]

    def own_lines(self, root: CommentedMap) -> int:
        """How many comment lines of their own (not end-of-line) the tree holds."""

        def count(lines: list[str]) -> int:
            return sum(1 for line in lines if line.strip())

        def walk(node: Any) -> int:
            if not isinstance(node, CommentedMap | CommentedSeq):
                return 0
            total = sum(count(leading(node, key)) + walk(node[key]) for key in entries(node))
            return total + count(self._ends.get(id(node), (node, []))[1])

        header = root.ca.comment[1] if root.ca.comment else None
        return walk(root) + count(_pre_lines(header)) + count(_pre_lines(root.ca.end))

    def shift(self, node: Any, delta: int) -> None:
        """Re-indent the comments inside a subtree that moved ``delta`` columns."""
        if not delta or not isinstance(node, CommentedMap | CommentedSeq):
            return
        for key in entries(node):
            set_leading(node, key, shift_lines(leading(node, key), delta))
            token = eol(node, key)
            if token is not None:
                column = max(token.start_mark.column + delta, 0)
                set_eol(node, key, _token(token.value, column))
            self.shift(node[key], delta)
        if id(node) in self._ends:
            self._ends[id(node)][1][:] = shift_lines(self._ends[id(node)][1], delta)

    @contextmanager
    def native(self, root: CommentedMap) -> Iterator[None]:
        """For the time of a dump, glue end comments where ruamel's emitter writes them: after
        the last scalar of their block, and the document's own at the document's end."""
        saved: list[tuple[Container, Any, Any]] = []
        end = root.ca.end
        rest = self._glue(root, saved)
        if rest:
            root.ca.end = [_token("".join(line + "\n" for line in rest)), *(end or [])]
        try:
            yield
        finally:
            root.ca.end = end
            for node, key, raw in reversed(saved):
                if raw is None:
                    node.ca.items.pop(key, None)
                else:
                    node.ca.items[key] = raw

    def _glue(self, node: Container, saved: list[tuple[Container, Any, Any]]) -> list[str]:
        """Glue the end lines of the blocks in ``node``; return those that must follow it."""
        pending: list[str] = []
        for key in entries(node):
            if pending:  # after an empty list: above the next entry
                _save(saved, node, key)
                set_leading(node, key, join(pending, leading(node, key)))
            value = node[key]
            is_container = isinstance(value, CommentedMap | CommentedSeq)
            pending = self._glue(value, saved) if is_container else []
        lines = join(pending, self._ends.get(id(node), (node, []))[1])
        leaf = _last_leaf(node)
        if not lines or leaf is None:
            return lines
        _save(saved, leaf.node, leaf.key)
        eol_token, glued = leaf.read()
        leaf.write(eol_token, glued + lines)
        return []


def _unglue_ends(node: Any, root: CommentedMap) -> None:
    """ruamel keeps the lines after a flow item that ends a list in the list's own end slot,
    which it does not write back: move them to the end of the last scalar, like the others."""
    if not isinstance(node, CommentedMap | CommentedSeq):
        return
    for key in entries(node):
        _unglue_ends(node[key], root)
    leaf = _last_leaf(node)
    if node is root or not node.ca.end or leaf is None:
        return
    eol_token, lines = leaf.read()
    leaf.write(eol_token, lines + _pre_lines(node.ca.end))
    node.ca.end = []


def _save(saved: list[tuple[Container, Any, Any]], node: Container, key: Any) -> None:
    slots = node.ca.items.get(key)
    saved.append((node, key, None if slots is None else list(slots)))


def _last_leaf(node: Container) -> _Leaf | None:
    """Where ruamel writes the lines that follow a block: after its last scalar or flow list."""
    if not is_block(node):
        return None
    key = entries(node)[-1]
    value = node[key]
    if is_block(value):
        return _last_leaf(value)
    if isinstance(value, CommentedMap | CommentedSeq) and len(value) == 0:
        return None  # ruamel would write them before the empty list's []
    return _Leaf(node, key, head=False)


def _column(node: Container) -> int:
    """The column of a block's entries as loaded (the dash of a sequence's items)."""
    column = node.lc.col
    return 0 if column is None else int(column)
