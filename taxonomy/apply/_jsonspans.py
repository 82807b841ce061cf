"""A position-aware JSON reader: every value with the span of text it is written in.

``parse(text)`` returns a tree of ``Node``: objects and arrays down to ``depth`` levels, with
their members and items; scalars (and containers deeper than ``depth``) decoded by the
standard library's ``JSONDecoder.raw_decode``, which also gives where each ends. The text is
assumed to be valid JSON (the loader has parsed it already); a malformed one raises
``ValueError``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Container
from dataclasses import dataclass, field
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


@dataclass
class Node:
    """A JSON value at ``text[start:end]``: an object (``members``), an array (``items``) or a
    scalar or deeper container (``value``)."""

    start: int
    end: int
    value: Any = None
    members: list[tuple[str, Node]] | None = None
    items: list[Node] | None = field(default=None, repr=False)

    def get(self, key: str) -> Node | None:
        """The value of the first member named ``key`` of an object (None when absent)."""
        for name, node in self.members or ():
            if name == key:
                return node
        return None


def parse(text: str, *, depth: int = 8, keys: Container[str] | None = None) -> Node:
    """The document's value, containers read down to ``depth``; with ``keys``, only the
    members of objects named in ``keys`` are read as containers (the others are decoded
    whole, which is much faster for the big tables a caller does not need)."""
    node = _value(text, _skip(text, 0), depth, keys)
    if _skip(text, node.end) != len(text):
        raise ValueError(f"extra data at {node.end}")
    return node


def _skip(text: str, i: int) -> int:
    return _WHITESPACE.match(text, i).end()  # type: ignore[union-attr]


def _value(text: str, i: int, depth: int, keys: Container[str] | None) -> Node:
    char = text[i] if i < len(text) else ""
    if depth > 0 and char == "{":
        return _object(text, i, depth, keys)
    if depth > 0 and char == "[":
        return _array(text, i, depth, keys)
    value, end = _DECODER.raw_decode(text, i)
    return Node(i, end, value=value)


def _object(text: str, i: int, depth: int, keys: Container[str] | None) -> Node:
    members: list[tuple[str, Node]] = []
    j = _skip(text, i + 1)
    if text[j] == "}":
        return Node(i, j + 1, members=members)
    while True:
        if text[j] != '"':
            raise ValueError(f"expected a key at {j}")
        key, j = scanstring(text, j + 1)
        j = _skip(text, j)
        if text[j] != ":":
            raise ValueError(f"expected ':' at {j}")
        inner = depth - 1 if keys is None or key in keys else 0
        node = _value(text, _skip(text, j + 1), inner, keys)
        members.append((key, node))
        j = _skip(text, node.end)
        if text[j] == "}":
            return Node(i, j + 1, members=members)
        if text[j] != ",":
            raise ValueError(f"expected ',' or '}}' at {j}")
        j = _skip(text, j + 1)


def _array(text: str, i: int, depth: int, keys: Container[str] | None) -> Node:
    items: list[Node] = []
    j = _skip(text, i + 1)
    if text[j] == "]":
        return Node(i, j + 1, items=items)
    while True:
        node = _value(text, j, depth - 1, keys)
        items.append(node)
        j = _skip(text, node.end)
        if text[j] == "]":
            return Node(i, j + 1, items=items)
        if text[j] != ",":
            raise ValueError(f"expected ',' or ']' at {j}")
        j = _skip(text, j + 1)
