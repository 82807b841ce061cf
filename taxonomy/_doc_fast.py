"""A fast, read-only way from the text of ``taxonomy.yaml`` to the tree that ``Reader`` reads.

ruamel.yaml's round-trip loader, which ``Document`` needs to keep comments and layout, is pure
Python: seconds for a 10,000-concept document. ``load_taxonomy`` only reads, so it builds the
tree from the events of libyaml (PyYAML's C parser) instead: mappings in written order and lists,
each with the 0-based line and column of the node and of every key, value and item (``lc``, as
ruamel's), and scalars as ruamel reads them under YAML 1.2 (``yes`` is text, ``2008`` a number,
``"2008"`` text). libyaml parses YAML 1.1, ruamel 1.2, and they differ at the edges, so ``tree``
vouches only for what both read alike and raises ``Unsure`` for anything else: text libyaml
cannot parse; a tab, a lone carriage return, a byte order mark or a Unicode line separator
anywhere; a directive; more than one document; an alias; an explicit tag; a duplicate key; a key
that is not a scalar; a scalar YAML 1.2 reads as neither text, null, a boolean nor a plain
decimal number (a date, ``0x1F``, ``1_000``, ``<<``); a scalar with an anchor that is not text.
The caller then reads the document with ruamel, whose reading and error messages are the
reference.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

__all__ = ["FastMap", "FastSeq", "Unsure", "available", "tree"]

_CParser: Any = getattr(yaml, "CBaseLoader", None)  # None when PyYAML was built without libyaml
_UNSURE_TEXT = re.compile("[\t\r\x85\u2028\u2029\ufeff]")
_RESOLVER = VersionedResolver(version=(1, 2))
_PLAIN = (True, False)
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_TRUE = frozenset({"true", "True", "TRUE"})
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")
_ANY_START = None in _RESOLVER.versioned_resolver  # a resolver tried whatever the first character
_STARTS = frozenset(key for key in _RESOLVER.versioned_resolver if key)
"""First characters of a plain scalar that YAML 1.2 might read as something other than text."""


class Unsure(Exception):
    """The fast path cannot vouch that it reads this text as ruamel.yaml does."""


class MapLines:
    """Where a mapping is: ``line``, ``col`` of the node; ``key(k)``, ``value(k)``: (line, col)."""

    __slots__ = ("col", "line", "places")

    def __init__(self, line: int, col: int) -> None:
        self.line = line
        self.col = col
        self.places: dict[Any, tuple[int, int, int, int]] = {}

    def key(self, key: Any) -> tuple[int, int]:
        place = self.places[key]
        return place[0], place[1]

    def value(self, key: Any) -> tuple[int, int]:
        place = self.places[key]
        return place[2], place[3]


class SeqLines:
    """Where a list is: ``line``, ``col`` of the node; ``item(i)``: (line, col) of an item."""

    __slots__ = ("col", "line", "places")

    def __init__(self, line: int, col: int) -> None:
        self.line = line
        self.col = col
        self.places: list[tuple[int, int]] = []

    def item(self, index: int) -> tuple[int, int]:
        return self.places[index]


class FastMap(dict[Any, Any]):
    """A mapping, keys in written order, with their positions in ``lc``."""

    __slots__ = ("lc",)

    def __init__(self, line: int, col: int) -> None:
        super().__init__()
        self.lc = MapLines(line, col)


class FastSeq(list[Any]):
    """A list, with the positions of its items in ``lc``."""

    __slots__ = ("lc",)

    def __init__(self, line: int, col: int) -> None:
        super().__init__()
        self.lc = SeqLines(line, col)


def available() -> bool:
    """Whether PyYAML has libyaml here; without it ``tree`` is always ``Unsure``."""
    return _CParser is not None


def tree(text: str) -> Any:
    """The tree of a document (None when it is empty), as ruamel.yaml reads it; ``Unsure``
    when that cannot be vouched for (see the module's docstring)."""
    if _CParser is None:
        raise Unsure("PyYAML has no libyaml")
    if _UNSURE_TEXT.search(text):
        raise Unsure("a tab, a carriage return, a byte order mark or a Unicode line break")
    parser = _CParser(text)
    try:
        return _compose(parser.get_event)
    except yaml.YAMLError as exc:
        raise Unsure(f"libyaml: {exc}") from None
    finally:
        parser.dispose()


def _compose(next_event: Callable[[], Any]) -> Any:
    next_event()  # the start of the stream
    event = next_event()
    if isinstance(event, yaml.StreamEndEvent):
        return None
    if event.version is not None or event.tags:
        raise Unsure("a %YAML or %TAG directive")
    root: Any = None
    stack: list[FastMap | FastSeq] = []
    keys: list[Any] = []  # for each mapping on the stack: its key waiting for a value, or _NONE
    while True:
        event = next_event()
        kind = type(event)
        if kind is yaml.ScalarEvent:
            node: Any = _scalar(event)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if event.tag is not None or not event.implicit:
                raise Unsure("an explicit tag")
            mark = event.start_mark
            node = (FastMap if kind is yaml.MappingStartEvent else FastSeq)(mark.line, mark.column)
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            stack.pop()
            keys.pop()
            continue
        elif kind is yaml.DocumentEndEvent:
            break
        else:
            raise Unsure(f"{kind.__name__}: an alias")
        mark = event.start_mark
        if not stack:
            root = node
        else:
            parent = stack[-1]
            if type(parent) is FastSeq:
                parent.append(node)
                parent.lc.places.append((mark.line, mark.column))
            elif keys[-1] is _NONE:
                if kind is not yaml.ScalarEvent:
                    raise Unsure("a key that is not a scalar")
                if node in parent:
                    raise Unsure("a duplicate key")
                keys[-1] = (node, mark.line, mark.column)
            else:
                key, line, column = keys[-1]
                keys[-1] = _NONE
                parent[key] = node
                parent.lc.places[key] = (line, column, mark.line, mark.column)
        if kind is not yaml.ScalarEvent:
            stack.append(node)
            keys.append(_NONE)
    if not isinstance(next_event(), yaml.StreamEndEvent):
        raise Unsure("more than one document")
    return root


_NONE = object()


def _scalar(event: Any) -> Any:
    """The value of a scalar as ruamel.yaml constructs it, where that is sure."""
    if event.tag is not None:
        raise Unsure("an explicit tag")
    value: str = event.value
    if event.implicit != _PLAIN or not (_ANY_START or value[:1] in _STARTS or not value):
        return value  # quoted or block: text; plain, and no YAML 1.2 type starts so: text
    tag = str(_RESOLVER.resolve(ScalarNode, value, _PLAIN))
    if tag == _STR:
        return value
    if event.anchor is not None:
        raise Unsure("an anchor on a scalar that is not text")
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return value in _TRUE
    if tag == _INT_TAG and _INT.fullmatch(value):
        return int(value)
    if tag == _FLOAT_TAG and _FLOAT.fullmatch(value):
        return float(value)
    raise Unsure(f"{value!r} is read as {tag}")  # another way to write a number, a date, ...
