"""Markdown posts: rewrite the label lists of the front matter, nothing else.

One call rewrites one post file. The front matter is read exactly as the loader reads it
(``taxonomy.sources._frontmatter``, which also raises the errors), then each label is found
where it is written: YAML by composing the block with PyYAML (every node has its offsets),
TOML with the small scanner of ``_toml``. Only those spans change:

- a list item replaced keeps its quoting style (plain, ``'single'``, ``"double"``), switching
  to double quotes only when the new label cannot be written plain or single-quoted;
- a removed item loses its whole line in a YAML block list (``- item``) and its item and comma
  in a flow list (``[a, b]``) or a TOML array; a list left empty is written ``[]``;
- a split inserts the extra labels after the item, in its style: a new ``- item`` line with the
  same indentation and line ending, or ``, item`` in a flow list (the list's own separator, so
  a multi-line array stays one item a line);
- a single string (``tags: a, b``) stays a string, comma-separated with its separator, unless a
  single label becomes several or a label holds a comma: then it becomes a flow list
  ``[a, b]``, which every generator reads as a list.

Line endings, a BOM, comments, other keys and the body are kept byte for byte.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import yaml

from taxonomy.apply._base import Rewrite
from taxonomy.apply._edits import (
    Edit,
    Item,
    apply_edits,
    changed,
    flow_list_edit,
    plan,
    split_value,
    string_value,
)
from taxonomy.apply._toml import toml_edits
from taxonomy.errors import SourceError
from taxonomy.mapping import LabelMap
from taxonomy.sources._common import LoadOptions, decode
from taxonomy.sources._frontmatter import read_front_matter

__all__ = ["rewrite"]

BOM = b"\xef\xbb\xbf"
_NULL = "tag:yaml.org,2002:null"
_LINE = re.compile(r"[^\n]*\n?")
_NOT_IN_DOUBLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\x85\u2028\u2029]"
)
Found = tuple[list[tuple[str, str]], list[Edit], int]
"""What a front-matter dialect reports: ``(field, label)`` as located, edits, labels changed."""


def rewrite(data: bytes, mapping: LabelMap, *, name: str, fields: tuple[str, ...] = ()) -> Rewrite:
    """Rewrite the labels of one Markdown post's front matter ``fields`` (default: the
    loader's, tags and categories; keys match case-insensitively) with ``mapping``."""
    fields = fields or LoadOptions().fields
    text = decode(data, name)
    matter = read_front_matter(text, fields, name)
    if matter is None or not matter.labels:
        return Rewrite(data)
    dialect, start, end = _block(text)
    wanted = {field.lower(): field for field in fields}
    if dialect == "toml":
        located, edits, count = toml_edits(text, start, end, wanted, mapping)
    else:
        located, edits, count = _yaml_edits(text, start, end, wanted, mapping)
    expected = [(field, label) for field, label, _ in matter.labels]
    if sorted(located) != sorted(expected):
        raise SourceError(
            "cannot locate every label in the front matter; not rewritten", path=name, line=1
        )
    if not edits:
        return Rewrite(data)
    new = apply_edits(text, edits).encode("utf-8")
    return Rewrite((BOM if data.startswith(BOM) else b"") + new, posts=1, replaced=count)


def _block(text: str) -> tuple[str, int, int]:
    """The dialect and the span of the front matter between its fences (as the loader finds
    them, which has checked they are there)."""
    lines = [match for match in _LINE.finditer(text) if match.group()]
    opener = lines[0].group().rstrip()
    closers = ("+++",) if opener == "+++" else ("---", "...")
    closer = next(line for line in lines[1:] if line.group().rstrip() in closers)
    return ("toml" if opener == "+++" else "yaml"), lines[0].end(), closer.start()


def _yaml_edits(
    text: str, start: int, end: int, wanted: dict[str, str], mapping: LabelMap
) -> Found:
    root = yaml.compose(text[start:end], Loader=yaml.SafeLoader)
    located: list[tuple[str, str]] = []
    edits: list[Edit] = []
    count = 0
    if not isinstance(root, yaml.MappingNode):
        return located, edits, count
    seen: set[int] = set()
    for key, value in root.value:
        field = wanted.get(str(key.value).lower()) if isinstance(key, yaml.ScalarNode) else None
        if field is None:
            continue
        labels, more, n = _yaml_field(text, start, key, value, mapping)
        located.extend((field, label) for label in labels)
        if id(value) not in seen:  # an alias (*name) shares its anchor's node: edit it once
            seen.add(id(value))
            edits.extend(more)
            count += n
    return located, edits, count


def _yaml_field(
    text: str, base: int, key: yaml.Node, node: yaml.Node, mapping: LabelMap
) -> tuple[list[str], list[Edit], int]:
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _NULL:
            return [], [], 0
        labels = split_value(node.value)
        string, new, count = string_value(node.value, mapping)
        if not count:
            return labels, [], 0
        if string is not None:
            written = _yaml_render(string, node.style, "value")
        else:
            written = "[" + ", ".join(_yaml_render(x, node.style, "flow") for x in new) + "]"
        start, end = base + node.start_mark.index, base + node.end_mark.index
        return labels, [_spliced(text, start, end, node.style, written)], count
    if not isinstance(node, yaml.SequenceNode):
        return [], [], 0
    items = [
        Item(base + item.start_mark.index, base + item.end_mark.index, _yaml_label(item))
        for item in node.value
    ]
    labels = [item.label for item in items if item.label is not None]
    if not labels:
        return [], [], 0
    styles = {item: child.style for item, child in zip(items, node.value, strict=True)}
    if node.flow_style:
        inside = (base + node.start_mark.index + 1, base + node.end_mark.index - 1)
        edit, count = flow_list_edit(
            text, inside, items, mapping, lambda x, item: _yaml_render(x, styles[item], "flow")
        )
        return labels, [] if edit is None else [edit], count
    edits, count = _block_list(text, base + key.end_mark.index, items, styles, mapping)
    return labels, edits, count


def _yaml_label(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.ScalarNode) and node.tag != _NULL and node.value.strip():
        return str(node.value.strip())
    return None


def _block_list(
    text: str,
    key_end: int,
    items: Sequence[Item],
    styles: dict[Item, str | None],
    mapping: LabelMap,
) -> tuple[list[Edit], int]:
    """A YAML block list: each item is its line (``  - label``), edited on its own."""
    labels = [item.label for item in items if item.label is not None]
    fates = plan(labels, mapping)
    count = changed(labels, fates)
    if not count:
        return [], 0
    edits: list[Edit] = []
    unit_end = 0
    fate_of = iter(fates)
    for item in items:
        unit_start, prefix, unit_end, eol = _unit(text, item)
        if item.label is None:
            continue
        fate = next(fate_of)
        if fate == (item.label,):
            continue
        if not fate:
            edits.append((unit_start, unit_end, ""))
            continue
        style = styles[item]
        written = _yaml_render(fate[0], style, "block")
        edits.append(_spliced(text, item.start, item.end, style, written))
        extra = "".join(prefix + _yaml_render(x, style, "block") + eol for x in fate[1:])
        edits.append((unit_end, unit_end, extra))
    if all(item.label is not None for item in items) and not any(fates):
        colon = text.index(":", key_end) + 1
        eol = "\r\n" if text[unit_end - 2 : unit_end] == "\r\n" else "\n"
        return [(colon, unit_end, " []" + eol)], count
    return edits, count


def _unit(text: str, item: Item) -> tuple[int, str, int, str]:
    """An item's lines: where they start and end, the ``  - `` before the item, the line end."""
    dash = item.start - 1
    while dash > 0 and text[dash] in " \t\r\n":
        dash -= 1
    line_start = text.rfind("\n", 0, item.start) + 1
    prefix = text[line_start : item.start]
    if text[dash] == "-":
        unit_start = text.rfind("\n", 0, dash) + 1
        if "-" not in prefix or prefix.strip(" \t-"):  # the dash is on an earlier line
            prefix = text[unit_start : dash + 1] + " "
    else:
        unit_start = line_start
    if text[item.end - 1] == "\n":  # a block scalar ends with its line
        unit_end = item.end
    else:
        newline = text.find("\n", item.end)
        unit_end = len(text) if newline < 0 else newline + 1
    eol = "\r\n" if text[unit_end - 2 : unit_end] == "\r\n" else "\n"
    return unit_start, prefix, unit_end, eol


def _spliced(text: str, start: int, end: int, style: str | None, written: str) -> Edit:
    """Replace a scalar; a block scalar (``|``, ``>``) keeps the line ends it takes with it."""
    if style in ("|", ">"):
        span = text[start:end]
        written += span[len(span.rstrip()) :]
    return start, end, written


def _yaml_render(label: str, style: str | None, context: str) -> str:
    """``label`` written in ``style`` when YAML reads it back as that string in ``context``
    (a block item, a flow item or a mapping value); else double-quoted."""
    if style == "'":
        candidates = ["'" + label.replace("'", "''") + "'"]
    elif style == '"':
        candidates = []
    else:
        candidates = [label]
    for candidate in candidates:
        if _reads_as(candidate, label, context):
            return candidate
    return _double(label)


def _double(label: str) -> str:
    body = json.dumps(label, ensure_ascii=False)[1:-1]
    return '"' + _NOT_IN_DOUBLE.sub(_escape, body) + '"'


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _reads_as(candidate: str, label: str, context: str) -> bool:
    if "\n" in candidate or "\r" in candidate:
        return False
    document = {"block": "- {}", "flow": "[{}]", "value": "k: {}"}[context].format(candidate)
    try:
        value = yaml.safe_load(document)
    except yaml.YAMLError:
        return False
    expected: object = {"k": label} if context == "value" else [label]
    return bool(value == expected)
