"""Front matter of Markdown posts: YAML (``---``) or TOML (``+++``), with the line of each label.

YAML is composed (not constructed) with PyYAML's SafeLoader, so every scalar keeps its
position: the libyaml one (``CSafeLoader``) where PyYAML has it, which reads the same nodes with
the same marks about ten times faster; when it refuses a block, the pure-Python one reads it
again, so that a malformed block is reported exactly as it always was. TOML is parsed with
tomllib (tomli before Python 3.11), which gives no positions, so each label's line is found by
scanning the block for its key and then for the quoted value.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

import yaml

from taxonomy.errors import SourceError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

_FAST_LOADER = getattr(yaml, "CSafeLoader", None)  # None when PyYAML was built without libyaml
_NULL = "tag:yaml.org,2002:null"
_TRUE = {"true", "yes", "on"}
_TOML_POSITION = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)")


@dataclass
class FrontMatter:
    """What a post's front matter says: title, draft, and for each field its labels and lines."""

    title: str | None = None
    draft: bool = False
    labels: list[tuple[str, str, int]] = field(default_factory=list)
    """``(field, label, line)`` in the order written."""
    notes: list[tuple[str, int]] = field(default_factory=list)
    """``(message, line)``: what was read one way though another was possible."""


def read_front_matter(text: str, fields: Sequence[str], path: str) -> FrontMatter | None:
    """The front matter at the top of ``text``, or None when there is none."""
    lines = text.replace("\r\n", "\n").split("\n")
    opener = lines[0].rstrip()
    if opener in ("---", "---yaml"):
        closers: tuple[str, ...] = ("---", "...")
    elif opener == "+++":
        closers = ("+++",)
    elif re.fullmatch(r"---\s*[a-z]+", opener):
        language = opener[3:].strip()
        return FrontMatter(notes=[(f"front matter in {language} is not read", 1)])
    else:
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in closers), None)
    if end is None:
        raise SourceError(
            f"front matter opened with {opener[:3]!r} is never closed with {closers[0]!r}",
            path=path,
            line=1,
        )
    block = lines[1:end]
    wanted = {name.lower(): name for name in fields}
    if opener == "+++":
        return _toml(block, wanted, path)
    return _yaml("\n".join(block), wanted, path)


def _yaml(block: str, wanted: dict[str, str], path: str) -> FrontMatter:
    """YAML front matter; lines in the block are counted from 2, the line after ``---``."""
    try:
        root = _compose(block)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "not valid YAML"
        start = exc.context_mark
        if exc.problem and exc.context and start and mark and start.line != mark.line:
            problem += f" ({exc.context} on line {start.line + 2})"
        raise SourceError(
            f"malformed YAML front matter: {problem}",
            path=path,
            line=mark.line + 2 if mark is not None else 1,
        ) from None
    except yaml.YAMLError as exc:
        raise SourceError(f"malformed YAML front matter: {exc}", path=path, line=1) from None
    found = FrontMatter()
    if root is None:
        return found
    if not isinstance(root, yaml.MappingNode):
        raise SourceError(
            "front matter is not a mapping of keys to values",
            path=path,
            line=root.start_mark.line + 2,
        )
    for key_node, value in root.value:
        key = str(key_node.value).lower() if isinstance(key_node, yaml.ScalarNode) else ""
        if key in wanted:
            _yaml_labels(wanted[key], value, block, found)
        elif key == "title" and isinstance(value, yaml.ScalarNode) and value.tag != _NULL:
            found.title = value.value.strip() or None
        elif key == "draft" and isinstance(value, yaml.ScalarNode):
            found.draft = value.value.strip().lower() in _TRUE
        elif key == "published" and isinstance(value, yaml.ScalarNode):
            found.draft = found.draft or value.value.strip().lower() in ("false", "no", "off")
    return found


def _compose(block: str) -> yaml.Node | None:
    """The node tree of a block: libyaml's when it reads it, else the pure loader's (or error)."""
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(block, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass  # libyaml words its errors differently: the pure loader reports this one
    return yaml.compose(block, Loader=yaml.SafeLoader)


def _yaml_labels(name: str, node: yaml.Node, block: str, found: FrontMatter) -> None:
    line = node.start_mark.line + 2
    if isinstance(node, yaml.ScalarNode):
        if node.tag != _NULL:
            span = block[node.start_mark.index : node.end_mark.index]
            for label, offset in _split(node.value, span, name, line, found):
                found.labels.append((name, label, line + offset))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if isinstance(item, yaml.ScalarNode) and item.tag != _NULL and item.value.strip():
                found.labels.append((name, item.value.strip(), item.start_mark.line + 2))
            elif not (isinstance(item, yaml.ScalarNode) and item.tag == _NULL):
                found.notes.append((f"an item of {name} that is not text is ignored", line))
    else:
        found.notes.append((f"{name} is a mapping, not a list of labels; ignored", line))


def _split(
    value: str, span: str, name: str, line: int, found: FrontMatter
) -> list[tuple[str, int]]:
    """A single string: comma-separated labels, each with its line offset inside ``span``."""
    parts = [part.strip() for part in value.split(",")]
    parts = [part for part in parts if part]
    if len(parts) == 1 and len(parts[0].split()) > 1 and name.lower() in ("tags", "categories"):
        words = len(parts[0].split())
        found.notes.append(
            (
                f"{name}: {parts[0]!r} is read as one label; "
                f"Jekyll would read {words} space-separated labels",
                line,
            )
        )
    located: list[tuple[str, int]] = []
    position = 0
    for part in parts:
        index = span.find(part, position)
        if index < 0:
            located.append((part, 0))
        else:
            located.append((part, span.count("\n", 0, index)))
            position = index + len(part)
    return located


def _toml(block: list[str], wanted: dict[str, str], path: str) -> FrontMatter:
    """TOML front matter; lines in the block are counted from 2, the line after ``+++``."""
    try:
        data = tomllib.loads("\n".join(block))
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _TOML_POSITION.search(message)
        line = getattr(exc, "lineno", None)
        if line is None:
            line = int(position.group(1)) if position and position.group(1) else len(block)
        problem = _TOML_POSITION.sub("", message)
        raise SourceError(
            f"malformed TOML front matter: {problem}", path=path, line=line + 1
        ) from None
    found = FrontMatter()
    for key, value in data.items():
        lowered = key.lower()
        if lowered in wanted:
            _toml_labels(wanted[lowered], key, value, block, found)
        elif lowered == "title" and isinstance(value, str):
            found.title = value.strip() or None
        elif lowered == "draft":
            found.draft = value is True or str(value).strip().lower() in _TRUE
    return found


def _toml_labels(name: str, key: str, value: object, block: list[str], found: FrontMatter) -> None:
    row = _toml_key_row(block, key)
    line = row + 2
    if isinstance(value, str):
        for label, offset in _split(
            value, block[row] if row < len(block) else "", name, line, found
        ):
            found.labels.append((name, label, line + offset))
        return
    if not isinstance(value, list):
        found.notes.append((f"{name} is not a list of labels; ignored", line))
        return
    cursor = (row, 0)
    for item in value:
        if isinstance(item, bool) or not isinstance(item, (str, int, float)):
            found.notes.append((f"an item of {name} that is not text is ignored", line))
            continue
        label = str(item).strip()
        if not label:
            continue
        at = _toml_find(block, cursor, label, bare=not isinstance(item, str))
        if at is not None:
            cursor = at
        found.labels.append((name, label, (at[0] if at else row) + 2))


def _toml_key_row(block: list[str], key: str) -> int:
    """The row of a top-level ``key = ...`` line in the block (0 if not found)."""
    quoted = re.escape(key)
    pattern = re.compile(rf"""\s*(?:{quoted}|"{quoted}"|'{quoted}')\s*=""")
    for row, text in enumerate(block):
        if re.match(r"\s*\[", text) and "=" not in text.split("]")[0]:
            break
        if pattern.match(text):
            return row
    return 0


def _toml_find(
    block: list[str], cursor: tuple[int, int], label: str, *, bare: bool
) -> tuple[int, int] | None:
    """Where the label is written as a TOML string (or a bare number), from the cursor on."""
    needles = (label,) if bare else (json.dumps(label, ensure_ascii=False), f"'{label}'")
    row, column = cursor
    while row < len(block):
        text = block[row]
        hits = [(index, needle) for needle in needles if (index := text.find(needle, column)) >= 0]
        if hits:
            index, needle = min(hits)
            return row, index + len(needle)
        row, column = row + 1, 0
    return None
