"""The structure of ``taxonomy.yaml`` (docs/taxonomy-format.md): a loaded YAML tree to the model.

The tree is ruamel.yaml's (``CommentedMap``, ``CommentedSeq``) or the read-only one of
``taxonomy._doc_fast`` (``FastMap``, ``FastSeq``), which has the same positions (``lc``). Every
structural error names the 1-based line of the offending node. An empty value (``slug:``)
counts as absent; an empty list value counts as an empty list.
"""

from __future__ import annotations

import datetime
import difflib
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from taxonomy._doc_fast import FastMap, FastSeq
from taxonomy.errors import DocumentError
from taxonomy.model import (
    STATUSES,
    SUGGESTED,
    Concept,
    Distinct,
    Removal,
    SplitDecision,
    Taxonomy,
)

VERSION = 1
TOP_KEYS = ("taxonomy", "source", "concepts", "distinct", "splits", "removed")
CONCEPT_KEYS = (
    "label",
    "aliases",
    "slug",
    "description",
    "status",
    "placement",
    "generated",
    "why",
    "score",
    "children",
)
SPLIT_KEYS = ("label", "into", "status", "why", "score")
REMOVED_KEYS = ("label", "status", "why", "score")

MapNode = CommentedMap | FastMap
SeqNode = CommentedSeq | FastSeq


class Reader:
    """Reads one tree; ``lines`` says whether node positions are still those of the file."""

    def __init__(self, path: str | None, *, lines: bool = True) -> None:
        self.path = path
        self.lines = lines

    def error(self, message: str, line: int | None) -> DocumentError:
        return DocumentError(message, path=self.path, line=line)

    def read(self, root: Any) -> Taxonomy:
        if root is None:
            raise self.error("empty document: expected 'taxonomy: 1' and 'concepts:'", 1)
        if not isinstance(root, MapNode):
            raise self.error(
                f"expected a mapping with 'taxonomy: 1' at the top, found {_kind(root)}", 1
            )
        self.known(root, TOP_KEYS, "at the top level")
        if "taxonomy" not in root:
            raise self.error("missing 'taxonomy: 1' (the format version)", _start(root))
        version = root["taxonomy"]
        if isinstance(version, bool) or not isinstance(version, int):
            raise self.error(
                f"'taxonomy' is the format version, a whole number, not {_kind(version)}",
                _value_line(root, "taxonomy"),
            )
        if version != VERSION:
            raise self.error(
                f"format version {version} is not supported: this version of taxonomy "
                f"reads version {VERSION}",
                _value_line(root, "taxonomy"),
            )
        if "concepts" not in root:
            raise self.error("missing 'concepts:' (the list of concepts, may be [])", _start(root))
        concepts = tuple(
            self.concept(item, line, top=True) for item, line in self.items(root, "concepts")
        )
        distinct = tuple(self.distinct(item, line) for item, line in self.items(root, "distinct"))
        splits = tuple(self.split(item, line) for item, line in self.items(root, "splits"))
        removed = tuple(self.removal(item, line) for item, line in self.items(root, "removed"))
        return Taxonomy(
            concepts=concepts,
            distinct=distinct,
            splits=splits,
            removed=removed,
            source=self.text(root, "source"),
            version=version,
        )

    def known(self, node: MapNode, keys: tuple[str, ...], where: str) -> None:
        for key in node:
            if key not in keys:
                hint = difflib.get_close_matches(str(key), keys, n=1)
                also = f" (did you mean '{hint[0]}'?)" if hint else f"; known: {', '.join(keys)}"
                raise self.error(f"unknown key '{key}' {where}{also}", _key_line(node, key))

    def items(self, node: MapNode, key: str) -> list[tuple[Any, int | None]]:
        """The items of a list value and their lines; an empty value is an empty list."""
        value = node.get(key)
        if value is None:
            return []
        if not isinstance(value, SeqNode):
            raise self.error(f"'{key}' must be a list, not {_kind(value)}", _value_line(node, key))
        return [(item, self.line(_item_line(value, index))) for index, item in enumerate(value)]

    def line(self, line: int | None) -> int | None:
        return line if self.lines else None

    def mapping(self, item: Any, line: int | None, what: str, example: str) -> MapNode:
        if not isinstance(item, MapNode):
            raise self.error(f"{what} must be a mapping like {example}, not {_kind(item)}", line)
        return item

    def text(self, node: MapNode, key: str, *, required: bool = False) -> str | None:
        value = node.get(key)
        if value is None:
            if required:
                raise self.error(f"missing '{key}'", _start(node))
            return None
        if not isinstance(value, str):
            raise self.error(_not_text(key, value), _value_line(node, key))
        return str(value)

    def texts(self, node: MapNode, key: str) -> tuple[str, ...]:
        result = []
        for index, (item, _) in enumerate(self.items(node, key)):
            if not isinstance(item, str):
                raise self.error(_not_text(f"{key} item", item), _item_line(node[key], index))
            result.append(str(item))
        return tuple(result)

    def status(self, node: MapNode, key: str = "status") -> str:
        value = node.get(key)
        if value is None:
            return SUGGESTED
        if value not in STATUSES:
            raise self.error(
                f"'{key}' must be 'suggested' or 'accepted', not {_show(value)}",
                _value_line(node, key),
            )
        return str(value)

    def score(self, node: MapNode) -> float | None:
        value = node.get("score")
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(
                f"'score' must be a number from 0 to 100, not {_kind(value)}",
                _value_line(node, "score"),
            )
        if not 0 <= value <= 100:
            raise self.error(
                f"'score' must be a number from 0 to 100, not {value}", _value_line(node, "score")
            )
        return float(value)

    def concept(self, item: Any, line: int | None, *, top: bool) -> Concept:
        node = self.mapping(item, line, "a concept", "{label: ..., status: ...}")
        self.known(node, CONCEPT_KEYS, "in a concept")
        if top and node.get("placement") is not None:
            raise self.error(
                "'placement' is only for a child concept (its position under its parent)",
                _key_line(node, "placement"),
            )
        generated = node.get("generated")
        if generated is not None and not isinstance(generated, bool):
            raise self.error(
                f"'generated' must be true or false, not {_show(generated)}",
                _value_line(node, "generated"),
            )
        return Concept(
            label=self.label(node),
            aliases=self.texts(node, "aliases"),
            status=self.status(node),
            slug=self.text(node, "slug"),
            description=self.text(node, "description"),
            children=tuple(
                self.concept(child, child_line, top=False)
                for child, child_line in self.items(node, "children")
            ),
            placement=None if top else self.status(node, "placement"),
            why=self.text(node, "why"),
            generated=bool(generated),
            line=line,
            score=self.score(node),
        )

    def label(self, node: MapNode) -> str:
        label = self.text(node, "label", required=True)
        assert label is not None
        return label

    def distinct(self, item: Any, line: int | None) -> Distinct:
        if (
            not isinstance(item, SeqNode)
            or len(item) != 2
            or not all(isinstance(x, str) for x in item)
        ):
            raise self.error(
                f"a distinct entry must be a pair of labels like [a, b], not {_show(item)}", line
            )
        return Distinct(str(item[0]), str(item[1]), line=line)

    def split(self, item: Any, line: int | None) -> SplitDecision:
        node = self.mapping(item, line, "a split", "{label: ..., into: [a, b]}")
        self.known(node, SPLIT_KEYS, "in a split")
        if node.get("into") is None:
            raise self.error("a split needs 'into': the labels it is replaced by", _start(node))
        return SplitDecision(
            label=self.label(node),
            into=self.texts(node, "into"),
            status=self.status(node),
            why=self.text(node, "why"),
            line=line,
            score=self.score(node),
        )

    def removal(self, item: Any, line: int | None) -> Removal:
        node = self.mapping(item, line, "a removed entry", "{label: ..., status: ...}")
        self.known(node, REMOVED_KEYS, "in a removed entry")
        return Removal(
            label=self.label(node),
            status=self.status(node),
            why=self.text(node, "why"),
            line=line,
            score=self.score(node),
        )


def _kind(value: Any) -> str:
    tag = getattr(getattr(value, "tag", None), "value", None)
    if tag is not None:
        return f"a value with the tag {str(tag).replace('tag:yaml.org,2002:', '!!')}"
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, SeqNode):
        return "a list"
    if isinstance(value, MapNode):
        return "a mapping"
    if isinstance(value, datetime.date):
        return f"the date {value}"
    return f"a {type(value).__name__} value"


def _show(value: Any) -> str:
    return repr(str(value)) if isinstance(value, str) else _kind(value)


def _not_text(what: str, value: Any) -> str:
    hint = " (put it in quotes)" if isinstance(value, bool | int | float | datetime.date) else ""
    return f"'{what}' must be text, not {_kind(value)}{hint}"


def _start(node: Any) -> int | None:
    line = getattr(getattr(node, "lc", None), "line", None)
    return None if line is None else int(line) + 1


def _key_line(node: MapNode, key: Any) -> int | None:
    try:
        return int(node.lc.key(key)[0]) + 1
    except (KeyError, TypeError):
        return _start(node)


def _value_line(node: MapNode, key: Any) -> int | None:
    try:
        return int(node.lc.value(key)[0]) + 1
    except (KeyError, TypeError):
        return _start(node)


def _item_line(node: SeqNode, index: int) -> int | None:
    try:
        return int(node.lc.item(index)[0]) + 1
    except (KeyError, TypeError):
        return _start(node)
