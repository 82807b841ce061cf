"""TOML front matter (``+++``): where the labels are written, and their edits.

tomllib gives values, not positions, so a small scanner walks the top-level ``key = value``
pairs (up to the first ``[table]``), with the span of every value and of every item of an
array (strings of the four kinds, bare numbers and dates, nested arrays and inline tables
skipped whole). Each item's value is decoded by tomllib itself, so the scanner only has to
find where items begin and end. The loader has already parsed the block, so the scanner may
assume valid TOML.
"""

from __future__ import annotations

import json
import sys

from taxonomy.apply._edits import Edit, Item, flow_list_edit, split_value, string_value
from taxonomy.mapping import LabelMap

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

_BARE_KEY = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def toml_edits(
    text: str, start: int, end: int, wanted: dict[str, str], mapping: LabelMap
) -> tuple[list[tuple[str, str]], list[Edit], int]:
    """``(field, label)`` located, the edits and the count of labels changed."""
    located: list[tuple[str, str]] = []
    edits: list[Edit] = []
    count = 0
    for key, value_start, value_end in _pairs(text, start, end):
        field = wanted.get(key.lower()) if key is not None else None
        if field is None:
            continue
        raw = text[value_start:value_end]
        style = _style(raw)
        if style in ("array", "table", "bare"):
            if style != "array":
                continue
            items = [_item(text, a, b) for a, b in _array_items(text, value_start)]
            located.extend((field, item.label) for item in items if item.label is not None)
            edit, n = flow_list_edit(
                text,
                (value_start + 1, value_end - 1),
                items,
                mapping,
                lambda label, item: render(label, _style(text[item.start : item.end])),
            )
        else:
            value = _decode(raw)
            if not isinstance(value, str):
                continue
            located.extend((field, label) for label in split_value(value))
            string, new, n = string_value(value, mapping)
            written = (
                render(string, style)
                if string is not None
                else "[" + ", ".join(render(label, style) for label in new) + "]"
            )
            edit = (value_start, value_end, written) if n else None
        if edit is not None:
            edits.append(edit)
            count += n
    return located, edits, count


def render(label: str, style: str) -> str:
    """A TOML string for ``label``: a literal ``'...'`` when the item was one and can stay one,
    else a basic ``"..."`` string."""
    if style == "literal" and "'" not in label and label.isprintable():
        return f"'{label}'"
    return json.dumps(label, ensure_ascii=False).replace("\x7f", "\\u007f")


def _item(text: str, start: int, end: int) -> Item:
    value = _decode(text[start:end])
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return Item(start, end, None)
    return Item(start, end, str(value).strip() or None)


def _decode(raw: str) -> object:
    return tomllib.loads(f"v = {raw}")["v"]


def _style(raw: str) -> str:
    if raw.startswith(("'''", '"""')):
        return "multiline"
    return {"'": "literal", '"': "basic", "[": "array", "{": "table"}.get(raw[:1], "bare")


def _pairs(text: str, start: int, end: int) -> list[tuple[str | None, int, int]]:
    """Top-level pairs before the first table: ``(key, value start, value end)``; the key is
    None when dotted (``a.b = 1`` is a table, not a list of labels)."""
    pairs: list[tuple[str | None, int, int]] = []
    i = _skip(text, start, newlines=True)
    while i < end and text[i] != "[":
        parts: list[str] = []
        while True:
            key_end = _key_end(text, i)
            raw = text[i:key_end]
            parts.append(raw if raw[0] not in "'\"" else str(_decode(raw)))
            i = _skip(text, key_end, newlines=False)
            if text[i] != ".":
                break
            i = _skip(text, i + 1, newlines=False)
        i = _skip(text, i + 1, newlines=False)  # past '='
        value_end = _value_end(text, i)
        pairs.append((parts[0] if len(parts) == 1 else None, i, value_end))
        i = _skip(text, value_end, newlines=True)
    return pairs


def _key_end(text: str, i: int) -> int:
    if text[i] in "'\"":
        return _value_end(text, i)
    while text[i] in _BARE_KEY:
        i += 1
    return i


def _skip(text: str, i: int, *, newlines: bool) -> int:
    """Past spaces (and, with ``newlines``, line ends and comments)."""
    while i < len(text):
        char = text[i]
        if char in " \t":
            i += 1
        elif newlines and char in "\r\n":
            i += 1
        elif newlines and char == "#":
            newline = text.find("\n", i)
            i = len(text) if newline < 0 else newline
        else:
            break
    return i


def _value_end(text: str, i: int) -> int:
    """Where the value starting at ``i`` ends."""
    for quotes in ('"""', "'''"):
        if text.startswith(quotes, i):
            j = i + 3
            while not text.startswith(quotes, j):
                j += 2 if quotes[0] == '"' and text[j] == "\\" else 1
            end = j + 3
            while end < j + 5 and end < len(text) and text[end] == quotes[0]:
                end += 1  # a run of up to five quotes: the content ends with one or two
            return end
    char = text[i]
    if char == '"':
        j = i + 1
        while text[j] != '"':
            j += 2 if text[j] == "\\" else 1
        return j + 1
    if char == "'":
        return text.index("'", i + 1) + 1
    if char == "[":
        items = _array_items(text, i)
        j = _skip(text, items[-1][1] if items else i + 1, newlines=True)
        if text[j] == ",":
            j = _skip(text, j + 1, newlines=True)
        return j + 1
    if char == "{":
        j = _skip(text, i + 1, newlines=False)
        while text[j] != "}":
            j = _skip(text, _key_end(text, j), newlines=False)
            if text[j] == ".":
                j = _skip(text, j + 1, newlines=False)
                continue
            j = _skip(text, _value_end(text, _skip(text, j + 1, newlines=False)), newlines=False)
            if text[j] == ",":
                j = _skip(text, j + 1, newlines=False)
        return j + 1
    j = i
    while j < len(text) and text[j] not in ",]}#\r\n":
        j += 1
    while text[j - 1] in " \t":
        j -= 1
    return j


def _array_items(text: str, i: int) -> list[tuple[int, int]]:
    """The spans of the items of the array whose ``[`` is at ``i``."""
    items: list[tuple[int, int]] = []
    j = _skip(text, i + 1, newlines=True)
    while text[j] != "]":
        end = _value_end(text, j)
        items.append((j, end))
        j = _skip(text, end, newlines=True)
        if text[j] == ",":
            j = _skip(text, j + 1, newlines=True)
    return items
