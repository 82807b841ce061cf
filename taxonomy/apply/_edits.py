"""Span edits: what the text rewriters share (Markdown front matter, Ghost JSON).

A rewriter never re-serialises a document: it finds where each label is written and produces
``Edit``s, ``(start, end, replacement)`` over the text, which ``apply_edits`` splices in. Lists
of labels are edited item by item (``plan`` says what each item becomes, by the rule of
``LabelMap.rewrite``), so that the bytes between items are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from taxonomy.mapping import LabelMap

Edit = tuple[int, int, str]
"""Replace ``text[start:end]`` with the string; ``start == end`` inserts."""


@dataclass(frozen=True)
class Item:
    """One item of a written list: its span in the text and the label the loader reads there
    (None for an item the loader does not read as a label, which is always kept)."""

    start: int
    end: int
    label: str | None


def plan(labels: Sequence[str], mapping: LabelMap) -> list[tuple[str, ...]]:
    """What each label of one list becomes: its replacements, without any label already
    written earlier in the list. Concatenated, they are ``mapping.rewrite(labels)``."""
    seen: set[str] = set()
    out: list[tuple[str, ...]] = []
    for label in labels:
        targets = mapping.get(label)
        fresh: list[str] = []
        for new in (label,) if targets is None else targets:
            if new not in seen:
                seen.add(new)
                fresh.append(new)
        out.append(tuple(fresh))
    return out


def changed(labels: Sequence[str], fates: Sequence[tuple[str, ...]]) -> int:
    """How many labels are replaced, removed or expanded."""
    return sum(fate != (label,) for label, fate in zip(labels, fates, strict=True))


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Splice non-overlapping edits into ``text``; an insertion sorts before a replacement
    that starts at the same place."""
    parts: list[str] = []
    position = 0
    for start, end, replacement in sorted(edits, key=lambda edit: (edit[0], edit[1])):
        if start < position:
            raise ValueError(f"overlapping edits at {start}")
        parts.append(text[position:start])
        parts.append(replacement)
        position = end
    parts.append(text[position:])
    return "".join(parts)


def flow_list_edit(
    text: str,
    inside: tuple[int, int],
    items: Sequence[Item],
    mapping: LabelMap,
    render: Callable[[str, Item], str],
    *,
    default_separator: str = ", ",
) -> tuple[Edit | None, int]:
    """Rewrite a bracketed list of labels (``[a, b]``, possibly over several lines) as one edit:
    a replaced item rendered in its own style, a split's extra parts after it in the same
    style, a removed item dropped with its separator (see ``rebuild``). ``inside`` is the span
    between the brackets. Returns the edit (None when nothing changes) and the number of
    labels changed."""
    labels = [item.label for item in items if item.label is not None]
    planned = plan(labels, mapping)
    count = changed(labels, planned)
    if not count:
        return None, 0
    fates = iter(planned)
    outputs: list[list[str]] = []
    for item in items:
        fate = None if item.label is None else next(fates)
        if fate is None or fate == (item.label,):
            outputs.append([text[item.start : item.end]])
        else:
            outputs.append([render(label, item) for label in fate])
    return rebuild(text, inside, items, outputs, default_separator=default_separator), count


def rebuild(
    text: str,
    inside: tuple[int, int],
    items: Sequence[Item],
    outputs: Sequence[Sequence[str]],
    *,
    default_separator: str = ", ",
) -> Edit:
    """One edit that rewrites the items of a list, each into its ``outputs`` (none: removed;
    one: replaced or kept; several: the item and what follows it).

    The text from the first item to the last is rebuilt from the original pieces; between two
    outputs comes the separator that followed the earlier one's source item (for the last
    item, the separator before it; for a lone item, ``default_separator``). A list left empty
    becomes empty between its brackets, ``inside`` (``[]``: a TOML array or JSON array may not
    hold a lone comma)."""
    separators = [text[a.end : b.start] for a, b in zip(items, items[1:], strict=False)]
    out = [(index, written) for index, texts in enumerate(outputs) for written in texts]
    if not out:
        return inside[0], inside[1], ""
    pieces = [out[0][1]]
    for (source, _), (_, written) in zip(out, out[1:], strict=False):
        if source < len(separators):
            pieces.append(separators[source])
        else:
            pieces.append(separators[-1] if separators else default_separator)
        pieces.append(written)
    return items[0].start, items[-1].end, "".join(pieces)


def split_value(value: str) -> list[str]:
    """The labels of a single string, as the Markdown loader reads it: comma-separated."""
    return [part.strip() for part in value.split(",") if part.strip()]


def string_value(value: str, mapping: LabelMap) -> tuple[str | None, tuple[str, ...], int]:
    """How a front-matter string of labels (``tags: a, b``) changes.

    Returns ``(string, labels, count)``: ``string`` is the new value when it stays a string
    (several labels stay comma-separated, the separators as written), None when it must become
    a list: an empty one, a single label split into several, or a label that holds a comma.
    ``count`` is 0 when nothing changes.
    """
    parts = split_value(value)
    fates = plan(parts, mapping)
    count = changed(parts, fates)
    labels = tuple(label for fate in fates for label in fate)
    if not count or not labels or any("," in label for label in labels):
        return None, labels, count
    if len(parts) == 1 and len(labels) > 1:
        return None, labels, count
    items: list[Item] = []
    position = 0
    for part in parts:
        start = value.find(part, position)
        position = start + len(part)
        items.append(Item(start, position, part))
    edit, _ = flow_list_edit(value, (0, len(value)), items, mapping, lambda label, _: label)
    assert edit is not None
    return apply_edits(value, [edit]), labels, count
