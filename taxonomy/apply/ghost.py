"""Rewriting a Ghost JSON export: its tags and the ``posts_tags`` rows that link them to posts.

The export is read by the ``ghost`` loader (which raises the errors), then located with the
position-aware reader of ``_jsonspans``; only the spans below change, the rest of the file
(indentation, key order, escapes, other tables) is kept byte for byte.

A post's tags are its ``posts_tags`` rows in ``sort_order``; a post is rewritten when the map
changes its tag names (``LabelMap.rewrite``). Tags are shared objects, so each mapped tag is
dealt with once:

- mapped to a name that an unmapped tag already has: the posts' rows are re-pointed to that tag
  (their ``tag_id`` changes) and the old tag object is removed;
- mapped to a name no tag has: the tag is renamed in place (``name`` only: the ``slug``, and so
  the tag's URL, is kept), the first such target of a split included;
- removed (mapped to nothing): its rows and the tag object are removed.

A split adds, after the post's row, a copy of the row for each other part (a new ``id`` when
rows have ids), and renumbers the ``sort_order`` of the post's later rows only as far as needed
to keep them increasing. A part that no tag has yet gets a new tag object, a copy of the split
tag's with a new ``id``, the ``name``, a slug made from it (unique among the export's slugs)
and its descriptive fields (description, images, meta, og, twitter, canonical url, accent
colour, code injection) set to null. A row that would repeat a tag of its post is removed.
Pages carry tags too: their rows follow the same rules, as the tag objects are shared.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from taxonomy.apply._base import Rewrite
from taxonomy.apply._edits import Edit, Item, apply_edits, changed, plan, rebuild
from taxonomy.apply._jsonspans import Node, parse
from taxonomy.errors import SourceError
from taxonomy.mapping import LabelMap
from taxonomy.slugs import unique
from taxonomy.sources import ghost_source
from taxonomy.sources._common import LoadOptions, Source, decode

__all__ = ["rewrite"]

BOM = b"\xef\xbb\xbf"
_KEPT_KEYS = {"id", "name", "slug", "visibility", "parent_id", "created_at", "updated_at"}
_KEPT_KEYS |= {"created_by", "updated_by"}
_PATH = frozenset({"db", "data", "tags", "posts_tags"})
"""The members read as containers: the way down to the two tables, the rest decoded whole."""


@dataclass(eq=False)
class _Tag:
    node: Node
    id: str
    name: str
    new_name: str | None = None
    removed: bool = False
    after: list[_NewTag] = field(default_factory=list)


@dataclass(eq=False)
class _NewTag:
    source: _Tag
    id: str
    name: str


@dataclass(eq=False)
class _Row:
    node: Node
    post_id: str
    tag_id: str
    rank: float
    index: int
    edits: list[Edit] = field(default_factory=list)
    removed: bool = False
    after: list[str] = field(default_factory=list)


def rewrite(data: bytes, mapping: LabelMap, *, name: str, fields: tuple[str, ...] = ()) -> Rewrite:
    """The export with every post's tags mapped; ``fields`` is not used by this format."""
    inventory = ghost_source.load(Source(name, data=data), LoadOptions())
    text = decode(data, name)
    try:
        tag_arrays, row_arrays = _tables(parse(text, keys=_PATH))
    except (ValueError, KeyError, IndexError) as exc:
        raise SourceError(f"cannot locate the tags in the JSON: {exc}", path=name) from None
    export = _Export(text, mapping, tag_arrays, row_arrays)
    export.plan_posts()
    edits = export.edits()
    if not edits:
        return Rewrite(data)
    new = (BOM if data.startswith(BOM) else b"") + apply_edits(text, edits).encode("utf-8")
    after = ghost_source.load(Source(name, data=new), LoadOptions())
    if [post.labels for post in after.posts or ()] != [
        mapping.rewrite(post.labels) for post in inventory.posts or ()
    ]:
        raise SourceError("cannot rewrite the tags of this export consistently", path=name)
    posts = [post.labels for post in inventory.posts or () if mapping.changes(post.labels)]
    replaced = sum(changed(labels, plan(labels, mapping)) for labels in posts)
    return Rewrite(new, posts=len(posts), replaced=replaced)


def _tables(root: Node) -> tuple[list[Node], list[Node]]:
    """The ``tags`` and ``posts_tags`` arrays, found the way the loader finds its tables."""
    datas: list[Node] = []
    db = root.get("db") if root.members is not None else None
    if db is not None and db.items is not None:
        datas = [d for entry in db.items if (d := entry.get("data")) and d.members is not None]
    elif root.members is not None and (data := root.get("data")) and data.members is not None:
        datas = [data]
    else:
        datas = [root]
    tags = [t for data in datas if (t := data.get("tags")) is not None and t.items is not None]
    rows = [r for data in datas if (r := data.get("posts_tags")) and r.items is not None]
    return tags, rows


def _text(node: Node | None) -> str:
    if node is None or node.value is None or node.members is not None or node.items is not None:
        return ""
    return str(node.value)


class _Export:
    """The tags and rows of one export and what the map does to them."""

    def __init__(
        self, text: str, mapping: LabelMap, tag_arrays: list[Node], row_arrays: list[Node]
    ) -> None:
        self.text = text
        self.mapping = mapping
        self.tag_arrays = tag_arrays
        self.row_arrays = row_arrays
        self.tags: dict[str, _Tag] = {}
        for array in tag_arrays:
            for node in array.items or ():
                tag = _Tag(node, _text(node.get("id")), _text(node.get("name")).strip())
                self.tags[tag.id] = tag
        self.rows: list[_Row] = []
        for array in row_arrays:
            for node in array.items or ():
                order = node.get("sort_order")
                value = order.value if order is not None else None
                index = len(self.rows)
                rank = float(value) if isinstance(value, (int, float)) else float(index)
                self.rows.append(
                    _Row(node, _text(node.get("post_id")), _text(node.get("tag_id")), rank, index)
                )
        self.target: dict[str, _Tag | _NewTag] = {}
        for tag in self.tags.values():
            targets = mapping.get(tag.name)
            if targets is None or tag.name in targets:
                self.target.setdefault(tag.name, tag)
        self.tag_ids = [tag.id for tag in self.tags.values()]
        self.row_ids = [_text(row.node.get("id")) for row in self.rows]
        self.ascii = text.isascii() and "\\u" in text
        self.slugs = {_text(tag.node.get("slug")) for tag in self.tags.values()}

    def plan_posts(self) -> None:
        """Decide every mapped tag's fate, then rewrite the rows of every post it changes."""
        for tag in self.tags.values():
            targets = self.mapping.get(tag.name)
            if targets is None or targets == (tag.name,):
                continue
            for name in targets:
                if name not in self.target and tag.name not in targets and tag.new_name is None:
                    tag.new_name = name
                    self.target[name] = tag
            tag.removed = tag.new_name is None and tag.name not in targets
        for rows in self._posts():
            names = [self.tags[row.tag_id].name for row in rows]
            if self.mapping.rewrite(names) != tuple(names):
                self._rewrite_post(rows, names)

    def _posts(self) -> Iterator[list[_Row]]:
        by_post: dict[str, list[_Row]] = {}
        for row in self.rows:
            if row.tag_id in self.tags:
                by_post.setdefault(row.post_id, []).append(row)
        for rows in by_post.values():
            yield sorted(rows, key=lambda row: (row.rank, row.index))

    def _rewrite_post(self, rows: list[_Row], names: list[str]) -> None:
        order: list[tuple[_Row, str | None]] = []  # (row, new row text or None for the row)
        for row, old, fate in zip(rows, names, plan(names, self.mapping), strict=True):
            if not fate:
                row.removed = True
                continue
            order.append((row, None))
            if fate[0] != old:
                target = self._target(fate[0], self.tags[row.tag_id])
                if target is not self.tags[row.tag_id]:
                    row.edits.append(self._set(row.node, "tag_id", target.id))
            for name in fate[1:]:
                target = self._target(name, self.tags[row.tag_id])
                order.append((row, target.id))
        if any(new is not None for _, new in order):
            self._renumber(order)

    def _target(self, name: str, source: _Tag) -> _Tag | _NewTag:
        """The tag named ``name`` after the map: an existing one, or a new one made now."""
        if name not in self.target:
            new = _NewTag(source, self._new_id(self.tag_ids, name), name)
            source.after.append(new)
            self.target[name] = new
        return self.target[name]

    def _renumber(self, order: list[tuple[_Row, str | None]]) -> None:
        """Add the rows of a split after their row, ``sort_order`` kept increasing."""
        numbered = all(_is_int(_value(row.node, "sort_order")) for row, _ in order)
        previous: int | None = None
        for row, tag_id in order:
            current = _value(row.node, "sort_order") if tag_id is None else None
            number: int | None = None
            if numbered:
                if isinstance(current, int) and (previous is None or current > previous):
                    number = current
                else:
                    number = 0 if previous is None else previous + 1
                previous = number
            if tag_id is None:
                if numbered and number != current:
                    row.edits.append(self._set(row.node, "sort_order", number))
                continue
            edits = [self._set(row.node, "tag_id", tag_id, relative=True)]
            if numbered:
                edits.append(self._set(row.node, "sort_order", number, relative=True))
            if row.node.get("id") is not None:
                new_id = self._new_id(self.row_ids, f"{row.post_id}:{tag_id}")
                edits.append(self._set(row.node, "id", new_id, relative=True))
            row.after.append(apply_edits(self.text[row.node.start : row.node.end], edits))

    def _set(self, obj: Node, key: str, value: object, *, relative: bool = False) -> Edit:
        """Replace the value of ``key`` in the object, written as its old value was (a number
        stays a number when the new value is one)."""
        node = obj.get(key)
        assert node is not None
        if isinstance(value, str) and _is_int(node.value) and value.isdigit():
            written = value
        elif value is None or isinstance(value, int):
            written = json.dumps(value)
        else:
            written = json.dumps(str(value), ensure_ascii=self.ascii)
        shift = obj.start if relative else 0
        return node.start - shift, node.end - shift, written

    @staticmethod
    def _new_id(taken: list[str], seed: str) -> str:
        """An id not in ``taken`` (and now taken): the next integer when the ids are integers,
        else 24 hex digits derived from ``seed``, so that the same export gives the same ids."""
        numbers = [int(t) for t in taken if t.isdigit()]
        if numbers and len(numbers) == len([t for t in taken if t]):
            new = str(max(numbers) + 1)
        else:
            salt = 0
            while (new := _digest(f"{seed}:{salt}")) in taken:
                salt += 1
        taken.append(new)
        return new

    def edits(self) -> list[Edit]:
        edits: list[Edit] = []
        for array in self.tag_arrays:
            nodes = array.items or []
            tags = [self.tags.get(_text(node.get("id"))) for node in nodes]
            outputs = [self._tag_output(node, tag) for node, tag in zip(nodes, tags, strict=True)]
            edits.extend(self._array_edit(array, outputs))
        rows = iter(self.rows)
        for array in self.row_arrays:
            outputs = []
            for node in array.items or []:
                row = next(rows)
                own = apply_edits(self.text[node.start : node.end], _relative(row.edits, node))
                outputs.append([] if row.removed else [own, *row.after])
            edits.extend(self._array_edit(array, outputs))
        return edits

    def _tag_output(self, node: Node, tag: _Tag | None) -> list[str]:
        written = self.text[node.start : node.end]
        if tag is None or tag.node is not node:
            return [written]
        if tag.removed:
            return []
        if tag.new_name is not None:
            written = apply_edits(written, [self._set(node, "name", tag.new_name, relative=True)])
        return [written, *(self._new_tag(new) for new in tag.after)]

    def _new_tag(self, new: _NewTag) -> str:
        node = new.source.node
        slug = unique(_slug(new.name), self.slugs)
        self.slugs.add(slug)
        edits = [
            self._set(node, "id", new.id, relative=True),
            self._set(node, "name", new.name, relative=True),
        ]
        if node.get("slug") is not None:
            edits.append(self._set(node, "slug", slug, relative=True))
        if node.get("visibility") is not None:
            visibility = "internal" if new.name.startswith("#") else "public"
            edits.append(self._set(node, "visibility", visibility, relative=True))
        for key, value in node.members or ():
            if key not in _KEPT_KEYS and value.value is not None:
                edits.append(self._set(node, key, None, relative=True))
        return apply_edits(self.text[node.start : node.end], edits)

    def _array_edit(self, array: Node, outputs: list[list[str]]) -> list[Edit]:
        nodes = array.items or []
        if all(out == [self.text[n.start : n.end]] for n, out in zip(nodes, outputs, strict=True)):
            return []
        items = [Item(node.start, node.end, None) for node in nodes]
        leading = self.text[array.start + 1 : nodes[0].start]
        separator = "," + leading
        inside = (array.start + 1, array.end - 1)
        return [rebuild(self.text, inside, items, outputs, default_separator=separator)]


def _digest(seed: str) -> str:
    return hashlib.sha1(f"taxonomy:{seed}".encode()).hexdigest()[:24]


def _relative(edits: list[Edit], node: Node) -> list[Edit]:
    return [(start - node.start, end - node.start, text) for start, end, text in edits]


def _value(obj: Node, key: str) -> object:
    node = obj.get(key)
    return None if node is None else node.value


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _slug(name: str) -> str:
    """A slug the way Ghost makes one, near enough: accents dropped, lower case, runs of other
    characters one hyphen (letters of other scripts kept)."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    return re.sub(r"[\W_]+", "-", plain.lower()).strip("-") or "tag"
