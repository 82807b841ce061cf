"""Rewriting a Blogger export: the label categories of its posts, nothing else.

A label is ``<category scheme="http://www.blogger.com/atom/ns#" term="…"/>`` on a post entry
(the entries the ``blogger`` loader reads as posts, drafts included; templates, settings, pages
and comments are left alone). A post whose labels the map changes is rewritten element by
element, in order (``LabelMap.rewrite``'s rule): a replaced label gets the new ``term`` value
(same quote, XML-escaped); a split inserts, after it, copies of the element's exact text with
the other terms, each on the element's own indentation; a removal, or a label already written
earlier in the post, removes the element with the whitespace before it. Posts whose labels (as
the loader reads them) the map leaves unchanged are not touched at all, not even to drop a
duplicate label.
"""

from __future__ import annotations

from taxonomy.apply._base import Rewrite
from taxonomy.apply._xmlspans import Edits, Element, XmlText, copy_of, escape_attr, scan
from taxonomy.errors import SourceError
from taxonomy.mapping import LabelMap
from taxonomy.sources import blogger_source
from taxonomy.sources._common import LoadOptions, Source
from taxonomy.sources.blogger_source import ATOM, KIND_SCHEME, LABEL_SCHEME, THREAD

__all__ = ["rewrite"]


def rewrite(data: bytes, mapping: LabelMap, *, name: str, fields: tuple[str, ...] = ()) -> Rewrite:
    """The export with every post's labels mapped; ``fields`` is not used by this format."""
    inventory = blogger_source.load(Source(name, data=data), LoadOptions())
    doc = XmlText(data, name)
    _, entries = scan(doc, lambda ns, local, depth: depth == 1 and local == "entry" and ns == ATOM)
    edits = Edits()
    read: list[tuple[str, ...]] = []
    posts = replaced = 0
    for entry in entries:
        labels = _labels(entry)
        if labels is None:
            continue
        names = tuple(label for _, label in labels)
        read.append(tuple(dict.fromkeys(names)))
        if not mapping.changes(read[-1]):
            continue
        posts += 1
        replaced += sum(
            label in mapping and mapping.get(label) != (label,) for label in dict.fromkeys(names)
        )
        _rewrite_entry(doc, entry, labels, mapping, edits)
    if read != [post.labels for post in inventory.posts or ()]:
        raise SourceError(
            "cannot rewrite: its posts are not read as the loader reads them", path=name
        )
    if not edits:
        return Rewrite(data)
    return Rewrite(doc.encode(edits.apply(doc.text)), posts=posts, replaced=replaced)


def _labels(entry: Element) -> list[tuple[Element, str]] | None:
    """The label elements of a post entry with their labels; None for any other entry."""
    kind: str | None = None
    labels: list[tuple[Element, str]] = []
    for category in entry.findall("category", ATOM):
        scheme = category.attr("scheme")
        term = category.attr("term").strip()
        if scheme == KIND_SCHEME:
            kind = term.rpartition("#")[2]
        elif scheme == LABEL_SCHEME and term:
            labels.append((category, term))
    if kind not in (None, "post") or entry.find("in-reply-to", THREAD) is not None:
        return None
    return labels


def _rewrite_entry(
    doc: XmlText,
    entry: Element,
    labels: list[tuple[Element, str]],
    mapping: LabelMap,
    edits: Edits,
) -> None:
    seen: set[str] = set()
    floor = entry.open_end
    for element, old in labels:
        targets = mapping.get(old)
        new = [label for label in (targets or ()) if label not in seen]
        if targets is None:
            new = [] if old in seen else [old]
        seen.update(new)
        space = doc.space_before(element.start, floor)
        floor = element.end
        if not new:
            edits.replace(space, element.end, "")
            continue
        term = element.attrs["term"]
        if new[0] != old:
            edits.replace(term.start, term.end, escape_attr(new[0]))
        indent = doc.text[space : element.start]
        for part in new[1:]:
            copy = Edits()
            copy.replace(term.start, term.end, escape_attr(part))
            edits.insert(element.end, indent + copy_of(doc, element, copy))
