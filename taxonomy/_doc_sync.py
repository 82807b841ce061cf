"""``Document.sync``: rewrite a ruamel tree to describe a model, touching only what changed.

Identity: a concept is its label (anywhere in the hierarchy), a split or removal its label, a
distinct entry its pair (in either order), a list item its text. A kept node is changed in place,
so its comments, key order and flow/block style survive; new keys go to their standard position;
what the model no longer has is removed. The comment block right above an entry (no blank line
between) belongs to it: it moves with the entry and goes with it; comment lines further up and
blank lines stay in place. A concept whose old label is among the aliases of an unmatched new
concept is taken as renamed: its node is kept and its label changed.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    ScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tokens import CommentToken

from taxonomy._doc_schema import CONCEPT_KEYS, REMOVED_KEYS, SPLIT_KEYS, TOP_KEYS, Reader
from taxonomy._yaml_comments import (
    Comments,
    attached,
    eol,
    join,
    leading,
    set_eol,
    set_leading,
    shift_lines,
)
from taxonomy.model import SUGGESTED, Concept, Distinct, Removal, SplitDecision, Taxonomy

ABSENT: Any = object()


@dataclass
class Item:
    """An item of a rebuilt sequence: its value, its comments, and where it was in that sequence."""

    value: Any
    leading: list[str] = field(default_factory=list)
    eol: CommentToken | None = None
    old_index: int | None = None


_LINE_BREAKS = frozenset("\x85\u2028\u2029")


def scalar(value: Any, like: Any = None) -> Any:
    """A value to write. Text that ruamel.yaml would not read back as written goes in quotes:
    double quotes (with escapes) for a line break of YAML 1.1 or a character that is not
    printable, single quotes for a leading '?' or ': ' (written plain, they read back as a key).
    Other text keeps the quoting style of the value it replaces."""
    if not isinstance(value, str):
        return value
    if any(char in _LINE_BREAKS or not (char.isprintable() or char in "\n") for char in value):
        return DoubleQuotedScalarString(value)
    if value.startswith(("?", ": ")):
        return SingleQuotedScalarString(value)
    if isinstance(like, ScalarString):
        return type(like)(value)
    return value


def flow_list(values: tuple[str, ...] | list[str]) -> CommentedSeq:
    seq = CommentedSeq(scalar(value) for value in values)
    seq.fa.set_flow_style()
    return seq


def block_list(items: list[Item]) -> CommentedSeq:
    seq = CommentedSeq(item.value for item in items)
    seq.fa.set_block_style()
    for position, item in enumerate(items):
        set_leading(seq, position, item.leading)
        if item.eol is not None:
            set_eol(seq, position, item.eol)
    return seq


def concept_fields(concept: Concept, *, top: bool) -> dict[str, Any]:
    """What a concept's keys should hold (ABSENT: no key), children excepted."""
    return {
        "label": concept.label,
        "aliases": list(concept.aliases) or ABSENT,
        "slug": ABSENT if concept.slug is None else concept.slug,
        "description": ABSENT if concept.description is None else concept.description,
        "status": concept.status,
        "placement": ABSENT if top else concept.placement or SUGGESTED,
        "generated": True if concept.generated else ABSENT,
        "why": ABSENT if concept.why is None else concept.why,
        "score": _score(concept.score),
    }


def split_fields(split: SplitDecision) -> dict[str, Any]:
    return {
        "label": split.label,
        "into": list(split.into),
        "status": split.status,
        "why": ABSENT if split.why is None else split.why,
        "score": _score(split.score),
    }


def removal_fields(removal: Removal) -> dict[str, Any]:
    return {
        "label": removal.label,
        "status": removal.status,
        "why": ABSENT if removal.why is None else removal.why,
        "score": _score(removal.score),
    }


def _score(score: float | None) -> Any:
    """A score as written: absent when None, a whole number without '.0'."""
    if score is None:
        return ABSENT
    return int(score) if float(score).is_integer() else score


def new_mapping(fields: dict[str, Any]) -> CommentedMap:
    node = CommentedMap()
    for key, value in fields.items():
        if value is not ABSENT:
            node[key] = flow_list(value) if isinstance(value, list) else scalar(value)
    return node


class Syncer:
    def __init__(self, root: CommentedMap, comments: Comments) -> None:
        self.root = root
        self.comments = comments

    # -- entries of a mapping -------------------------------------------------------------

    def put(self, node: CommentedMap, key: str, value: Any, order: tuple[str, ...]) -> None:
        """Set one key, in place when present (keeping its quoting style and comments)."""
        if key in node:
            node[key] = scalar(value, node[key])
            return
        present = [k for k in node if k in order and order.index(k) < order.index(key)]
        position = list(node).index(present[-1]) + 1 if present else 0
        node.insert(position, key, scalar(value))

    def drop(self, node: CommentedMap, key: str) -> None:
        """Remove one key with the comment block right above it; comments further up stay."""
        keys = list(node)
        after = keys[keys.index(key) + 1] if keys.index(key) + 1 < len(keys) else None
        stay, _ = attached(leading(node, key))
        del node[key]
        node.ca.items.pop(key, None)
        if after is not None:
            set_leading(node, after, join(stay, leading(node, after)))
        elif any(line.strip() for line in stay):
            self.comments.end(node)[:0] = stay

    def set_fields(
        self, node: CommentedMap, want: dict[str, Any], order: tuple[str, ...], *, top: bool = True
    ) -> None:
        have = self.fields(node, list(want), top=top)
        for key, value in want.items():
            if have[key] == value or (value is ABSENT and key not in node):
                continue
            if value is ABSENT:
                self.drop(node, key)
            elif isinstance(value, list):
                self.set_texts(node, key, value, order)
            else:
                self.put(node, key, value, order)

    def fields(self, node: CommentedMap, keys: list[str], *, top: bool) -> dict[str, Any]:
        """What a mapping's keys mean, with the defaults of the format (ABSENT: nothing there)."""
        reader = Reader(None)
        have: dict[str, Any] = {}
        for key in keys:
            value = node.get(key)
            if key in ("aliases", "into"):
                have[key] = list(reader.texts(node, key)) or ABSENT
            elif key == "status":
                have[key] = reader.status(node, key)
            elif key == "placement":
                have[key] = ABSENT if top and value is None else reader.status(node, key)
            elif value is None:
                have[key] = ABSENT
            elif key == "generated":
                have[key] = True if value is True else ABSENT
            elif key == "score":
                have[key] = reader.score(node)
            else:
                have[key] = value if key == "taxonomy" else str(value)
        return have

    def set_texts(
        self, node: CommentedMap, key: str, values: list[str], order: tuple[str, ...]
    ) -> None:
        """A list of labels: changed in place, keeping its style and the comments of kept items."""
        old = node.get(key)
        if not isinstance(old, CommentedSeq):
            self.put(node, key, flow_list(values), order)
            return
        pool: dict[str, deque[int]] = defaultdict(deque)
        for index, text in enumerate(old):
            pool[str(text)].append(index)
        items = []
        for text in values:
            if pool[text]:
                index = pool[text].popleft()
                items.append(Item(old[index], leading(old, index), eol(old, index), index))
            else:
                items.append(Item(scalar(text)))
        self.rebuild(old, items)

    # -- sequences ------------------------------------------------------------------------

    def rebuild(self, seq: CommentedSeq, items: list[Item]) -> None:
        """Make ``seq`` hold ``items``. An old item that left (removed, or moved elsewhere) takes
        the comment block right above it; comment lines further up stay for the next item."""
        if [item.old_index for item in items] == list(range(len(seq))):
            return
        position = {item.old_index: p for p, item in enumerate(items) if item.old_index is not None}
        for index in sorted(set(range(len(seq))) - set(position), reverse=True):
            stay, _ = attached(leading(seq, index))
            after = next((position[i] for i in range(index + 1, len(seq)) if i in position), None)
            if after is not None:
                items[after].leading = join(stay, items[after].leading)
            elif any(line.strip() for line in stay):
                self.comments.end(seq)[:0] = stay
        if items and items[0].old_index not in (None, 0):
            while items[0].leading and not items[0].leading[0].strip():
                items[0].leading.pop(0)
        del seq[:]
        seq.ca.items.clear()
        for index, item in enumerate(items):
            seq.append(item.value)
            set_leading(seq, index, item.leading)
            if item.eol is not None:
                set_eol(seq, index, item.eol)

    def sync_entries(
        self,
        key: str,
        wanted: list[tuple[Any, Any]],
        make: Callable[[Any], Any],
        update: Callable[[Any, Any], None],
    ) -> None:
        """Sync a top-level list whose items have an identity: ``wanted`` is (identity, model)."""
        seq = self.root.get(key)
        if not wanted:
            if isinstance(seq, CommentedSeq) and len(seq) > 0:
                self.drop(self.root, key)
            return
        if not isinstance(seq, CommentedSeq) or len(seq) == 0:
            self.put(self.root, key, block_list([Item(make(m)) for _, m in wanted]), TOP_KEYS)
            return
        pool: dict[Any, deque[int]] = defaultdict(deque)
        for index, node in enumerate(seq):
            pool[_identity(key, node)].append(index)
        items = []
        for identity, model in wanted:
            if pool[identity]:
                index = pool[identity].popleft()
                update(seq[index], model)
                items.append(Item(seq[index], leading(seq, index), eol(seq, index), index))
            else:
                items.append(Item(make(model)))
        self.rebuild(seq, items)


def _identity(key: str, node: Any) -> Any:
    if key == "distinct":
        return frozenset(str(x) for x in node)
    return str(node["label"])


def _update_pair(node: CommentedSeq, pair: Distinct) -> None:
    if [str(x) for x in node] != [pair.a, pair.b]:
        node[0], node[1] = scalar(pair.a, node[0]), scalar(pair.b, node[1])


@dataclass
class _Old:
    """A concept node as found before the sync: where it was, and the lines above it."""

    node: CommentedMap
    seq: CommentedSeq
    index: int
    depth: int
    leading: list[str]


def sync_tree(root: CommentedMap, new: Taxonomy, comments: Comments, step: int) -> None:
    """Rewrite ``root`` in place so that it describes ``new``; ``step`` is the indentation of
    one level of the hierarchy (to re-indent the comments of a concept that moves)."""
    syncer = Syncer(root, comments)
    syncer.set_fields(
        root,
        {"taxonomy": new.version, "source": ABSENT if new.source is None else new.source},
        TOP_KEYS,
    )
    _ConceptSync(syncer, step).run(new.concepts)
    syncer.sync_entries(
        "distinct",
        [(frozenset((d.a, d.b)), d) for d in new.distinct],
        lambda d: flow_list([d.a, d.b]),
        _update_pair,
    )
    syncer.sync_entries(
        "splits",
        [(s.label, s) for s in new.splits],
        lambda s: new_mapping(split_fields(s)),
        lambda node, s: syncer.set_fields(node, split_fields(s), SPLIT_KEYS),
    )
    syncer.sync_entries(
        "removed",
        [(r.label, r) for r in new.removed],
        lambda r: new_mapping(removal_fields(r)),
        lambda node, r: syncer.set_fields(node, removal_fields(r), REMOVED_KEYS),
    )


class _ConceptSync:
    def __init__(self, syncer: Syncer, step: int) -> None:
        self.syncer = syncer
        self.step = step
        self.old: list[_Old] = []
        self.matches: list[_Old | None] = []
        self.shifted: dict[int, int] = {}
        self.position = 0
        concepts = syncer.root.get("concepts")
        if isinstance(concepts, CommentedSeq):
            self._index(concepts, 0)

    def _index(self, seq: CommentedSeq, depth: int) -> None:
        for index, node in enumerate(seq):
            self.old.append(_Old(node, seq, index, depth, leading(seq, index)))
            children = node.get("children")
            if isinstance(children, CommentedSeq):
                self._index(children, depth + 1)

    def run(self, concepts: tuple[Concept, ...]) -> None:
        walk = [c for top in concepts for c in top.walk()]
        by_label: dict[str, deque[_Old]] = defaultdict(deque)
        for old in self.old:
            by_label[str(old.node["label"])].append(old)
        self.matches = [by_label[c.label].popleft() if by_label[c.label] else None for c in walk]
        for position, concept in enumerate(walk):  # a rename: the old label is a new alias
            if self.matches[position] is None:
                alias = next((a for a in concept.aliases if by_label[a]), None)
                if alias is not None:
                    self.matches[position] = by_label[alias].popleft()
        root = self.syncer.root
        seq = root.get("concepts")
        if isinstance(seq, CommentedSeq) and len(seq) > 0:
            self.syncer.rebuild(seq, self._items(concepts, seq, 0))
        else:
            items = self._items(concepts, None, 0)
            if items or "concepts" not in root:
                self.syncer.put(root, "concepts", block_list(items), TOP_KEYS)

    def _items(
        self, concepts: tuple[Concept, ...], target: CommentedSeq | None, depth: int
    ) -> list[Item]:
        items = []
        for concept in concepts:
            old = self.matches[self.position]
            self.position += 1
            fields = concept_fields(concept, top=depth == 0)
            if old is None:
                node = new_mapping(fields)
                item = Item(node)
            else:
                node = old.node
                self.syncer.set_fields(node, fields, CONCEPT_KEYS, top=depth == 0)
                if old.seq is target:  # its lines as they are now (a moved parent shifted them)
                    item = Item(node, leading(target, old.index), None, old.index)
                else:  # moved: the comment block right above it comes along, re-indented
                    delta = (depth - old.depth) * self.step
                    self._shift(node, delta - self.shifted.get(id(node), 0))
                    item = Item(node, shift_lines(attached(old.leading)[1], delta))
            self._children(node, concept, depth)
            items.append(item)
        return items

    def _shift(self, node: CommentedMap, delta: int) -> None:
        """Re-indent the comments inside a moved concept, remembering what each concept under it
        has already been shifted by (a child may move again, on its own)."""
        self.syncer.comments.shift(node, delta)
        stack = [node]
        while stack:
            concept = stack.pop()
            self.shifted[id(concept)] = self.shifted.get(id(concept), 0) + delta
            children = concept.get("children")
            if isinstance(children, CommentedSeq):
                stack.extend(child for child in children if isinstance(child, CommentedMap))

    def _children(self, node: CommentedMap, concept: Concept, depth: int) -> None:
        children = node.get("children")
        if isinstance(children, CommentedSeq) and len(children) > 0:
            items = self._items(concept.children, children, depth + 1)
            if items:
                self.syncer.rebuild(children, items)
            else:
                self.syncer.drop(node, "children")
        else:
            items = self._items(concept.children, None, depth + 1)
            if items:
                self.syncer.put(node, "children", block_list(items), CONCEPT_KEYS)
