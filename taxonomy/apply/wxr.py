"""Rewriting a WordPress export (WXR): the terms of its posts, and the term lists to match.

Posts are the items the ``wxr`` loader reads as posts (post type ``post``, or WordPress MU's
``draft``), whatever their status. Their labels are the item-level
``<category domain="category|post_tag" nicename="slug">Name</category>`` elements of the
taxonomies read (``fields``, as ``--field``: categories and tags by default). A post whose
labels the map changes is rewritten element by element (``LabelMap.rewrite``'s rule), each
*kind* of element on its own: WXR 1.0 writes every term twice (``<category>`` without a
domain, and with ``domain`` and ``nicename``), and both lists are kept. A replaced label gets
the new name, written as the old one was (CDATA or escaped text), and a ``nicename`` (when
the element has one) with the new term's slug; a split inserts copies of the element after
it, on its indentation; a removal, or a label already written earlier in the post by the
same kind of element, removes the element with the whitespace before it.

The channel's term lists (``<wp:category>``, ``<wp:tag>``, and ``<wp:term>`` of a read
taxonomy) follow the posts:

* a term whose name the map changes is removed when no item (of any post type: pages,
  attachments and custom types keep their terms) uses it any more; the children of a removed
  category move to its parent (to the nearest ancestor kept), as when WordPress deletes one;
* every label the map yields that the list lacks is added after the list's last entry of that
  taxonomy, a copy of an existing entry's layout (the entry of the term it replaces, else the
  last one) with the new name and slug, no parent, no description, no term meta and a
  ``wp:term_id`` above every id of the export; a taxonomy the export lists no term of gets
  none (the importer makes terms from the items);
* a new slug is the slug of the listed term of that name, else the slug WordPress would give
  the name (``_wpslug``), made unique in its taxonomy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from taxonomy.apply._base import Rewrite
from taxonomy.apply._xmlspans import (
    Edits,
    Element,
    XmlText,
    copy_of,
    escape_attr,
    scan,
    set_text,
)
from taxonomy.errors import SourceError
from taxonomy.mapping import LabelMap
from taxonomy.slugs import unique, wp_slug
from taxonomy.sources import wxr_source
from taxonomy.sources._common import LoadOptions, Source
from taxonomy.sources._xml import WP_NS

__all__ = ["rewrite"]

_FIELD_TAXONOMY = {"tags": "post_tag", "tag": "post_tag", "categories": "category"}
_DOMAIN_TAXONOMY = {"tag": "post_tag", "": "category"}
_LAYOUT = {  # record -> its children: name, slug, parent, description
    "category": ("cat_name", "category_nicename", "category_parent", "category_description"),
    "tag": ("tag_name", "tag_slug", "", "tag_description"),
    "term": ("term_name", "term_slug", "term_parent", "term_description"),
}


@dataclass(eq=False)
class _Term:
    """A ``<wp:category>``, ``<wp:tag>`` or ``<wp:term>`` entry of the channel."""

    record: Element
    taxonomy: str
    name: str
    slug: str
    parent: str


@dataclass(eq=False)
class _Use:
    """A ``<category>`` of an item: its taxonomy, the label the loader reads, its kind of
    element (domain as written and whether it has a nicename)."""

    element: Element
    taxonomy: str
    label: str
    kind: tuple[str | None, bool]


@dataclass
class _Plan:
    """What the items now use, per taxonomy: names in order, and slugs kept as written."""

    names: dict[str, dict[str, None]] = field(default_factory=dict)
    slugs: dict[str, dict[str, str]] = field(default_factory=dict)
    targets: dict[str, dict[str, None]] = field(default_factory=dict)

    def use(self, taxonomy: str, name: str, slug: str | None) -> None:
        self.names.setdefault(taxonomy, {})[name] = None
        if slug:
            self.slugs.setdefault(taxonomy, {}).setdefault(slug, name)


def rewrite(data: bytes, mapping: LabelMap, *, name: str, fields: tuple[str, ...] = ()) -> Rewrite:
    """The export with every post's terms mapped and its term lists kept consistent."""
    options = LoadOptions(fields=fields) if fields else LoadOptions()
    inventory = wxr_source.load(Source(name, data=data), options)
    taxonomies = {_FIELD_TAXONOMY.get(field, field) for field in options.fields}
    doc = XmlText(data, name)
    _, records = scan(doc, _is_record)
    terms: list[_Term] = []
    items: list[tuple[bool, list[_Use]]] = []
    registry = _Registry()
    for record in records:
        if record.local == "item":
            items.append(_item(doc, record, taxonomies, registry))
        else:
            term = _term(doc, record, taxonomies)
            if term is not None:
                terms.append(term)
                registry.declare(term.taxonomy, term.name, term.slug)
    read = [tuple(dict.fromkeys(use.label for use in uses)) for post, uses in items if post]
    if read != [post.labels for post in inventory.posts or ()]:
        raise SourceError(
            "cannot rewrite: its posts are not read as the loader reads them", path=name
        )
    edits = Edits()
    plan = _Plan()
    changed: list[list[tuple[_Use, list[str]]]] = []
    posts = replaced = 0
    for post, uses in items:
        new = _map_item(uses, mapping) if post else None
        if new is None:
            for use in uses:
                plan.use(use.taxonomy, use.label, use.element.attr("nicename"))
            continue
        changed.append(new)
        posts += 1
        labels = dict.fromkeys(use.label for use in uses)
        replaced += sum(label in mapping and mapping.get(label) != (label,) for label in labels)
        for use, names in new:
            for index, label in enumerate(names):
                kept = index == 0 and label == use.label
                plan.use(use.taxonomy, label, use.element.attr("nicename") if kept else None)
                if use.label in mapping:
                    plan.targets.setdefault(use.taxonomy, {})[label] = None
    ids = (_term_id(doc, record) for record in records if record.local != "item")
    slugs = _term_lists(doc, terms, mapping, plan, 1 + max(ids, default=0), edits)
    for new in changed:
        _rewrite_item(doc, new, slugs, edits)
    if not edits:
        return Rewrite(data)
    return Rewrite(doc.encode(edits.apply(doc.text)), posts=posts, replaced=replaced)


def _is_record(ns: str, local: str, depth: int) -> bool:
    if depth != 2:
        return False
    if local == "item":
        return ns == ""
    return local in _LAYOUT and ns.startswith(WP_NS)


class _Registry:
    """The loader's term lookup: by slug first, by name second, declared on first use."""

    def __init__(self) -> None:
        self.by_slug: dict[tuple[str, str], str] = {}
        self.by_name: set[tuple[str, str]] = set()

    def declare(self, taxonomy: str, name: str, slug: str) -> None:
        if slug and (taxonomy, slug) in self.by_slug:
            return
        if slug:
            self.by_slug[taxonomy, slug] = name
        self.by_name.add((taxonomy, name))

    def label(self, taxonomy: str, name: str, slug: str) -> str:
        found = self.by_slug.get((taxonomy, slug)) if slug else None
        if found is not None:
            return found
        if (taxonomy, name) not in self.by_name:
            self.declare(taxonomy, name, slug)
        return name


def _child(doc: XmlText, record: Element, local: str) -> str:
    child = record.find(local, WP_NS) if local else None
    return doc.text_of(child).strip() if child is not None else ""


def _term(doc: XmlText, record: Element, taxonomies: set[str]) -> _Term | None:
    name_of, slug_of, parent_of, _ = _LAYOUT[record.local]
    if record.local == "term":
        taxonomy = _child(doc, record, "term_taxonomy")
    else:
        taxonomy = "post_tag" if record.local == "tag" else "category"
    name = _child(doc, record, name_of)
    if taxonomy not in taxonomies or not name:
        return None
    return _Term(
        record, taxonomy, name, _child(doc, record, slug_of), _child(doc, record, parent_of)
    )


def _item(
    doc: XmlText, item: Element, taxonomies: set[str], registry: _Registry
) -> tuple[bool, list[_Use]]:
    """Whether the item is a post, and its categories of the taxonomies read."""
    post = _child(doc, item, "post_type") in ("post", "draft")
    uses: list[_Use] = []
    for category in item.findall("category", ""):
        domain = category.attrs.get("domain")
        raw = "" if domain is None else domain.value
        taxonomy = _DOMAIN_TAXONOMY.get(raw, raw)
        text = doc.text_of(category).strip()
        if taxonomy in taxonomies and text:
            slug = category.attr("nicename")
            label = registry.label(taxonomy, text, slug)
            kind = (None if domain is None else raw, "nicename" in category.attrs)
            uses.append(_Use(category, taxonomy, label, kind))
    return post, uses


def _map_item(uses: list[_Use], mapping: LabelMap) -> list[tuple[_Use, list[str]]] | None:
    """Each category's new labels (none: removed), or None when the post does not change.

    Within one kind of element, a label the map yields is written once, at its first place;
    a category the map does not name is dropped only when its label is already written (by
    the map, or by a category of the same slug): two terms of the same name under different
    parents both stay.
    """
    if not mapping.changes(tuple(dict.fromkeys(use.label for use in uses))):
        return None
    present: dict[tuple[tuple[str | None, bool], str, str], set[str | None]] = {}
    new: list[tuple[_Use, list[str]]] = []
    for use in uses:
        targets = mapping.get(use.label)
        names: list[str] = []
        if targets is None:
            slugs = present.setdefault((use.kind, use.taxonomy, use.label), set())
            slug = use.element.attr("nicename")
            if None not in slugs and slug not in slugs:
                slugs.add(slug)
                names.append(use.label)
        else:
            for label in targets:
                if (use.kind, use.taxonomy, label) not in present:
                    present[use.kind, use.taxonomy, label] = {None}
                    names.append(label)
        new.append((use, names))
    if all(names == [use.label] for use, names in new):
        return None
    return new


def _rewrite_item(
    doc: XmlText, new: list[tuple[_Use, list[str]]], slugs: dict[tuple[str, str], str], edits: Edits
) -> None:
    floor = -1
    for use, names in new:
        element = use.element
        space = doc.space_before(element.start, max(floor, 0))
        floor = element.end
        if not names:
            edits.replace(space, element.end, "")
            continue
        if names[0] != use.label:
            _rename(doc, element, names[0], slugs[use.taxonomy, names[0]], edits)
        for label in names[1:]:
            copy = Edits()
            _rename(doc, element, label, slugs[use.taxonomy, label], copy)
            edits.insert(element.end, doc.text[space : element.start] + copy_of(doc, element, copy))


def _rename(doc: XmlText, element: Element, name: str, slug: str, edits: Edits) -> None:
    set_text(doc, element, name, edits)
    nicename = element.attrs.get("nicename")
    if nicename is not None:
        edits.replace(nicename.start, nicename.end, escape_attr(slug))


def _term_lists(
    doc: XmlText, terms: list[_Term], mapping: LabelMap, plan: _Plan, next_id: int, edits: Edits
) -> dict[tuple[str, str], str]:
    """Remove the terms no item uses any more, add the new ones; the slug of every label."""
    removed: list[_Term] = []
    kept: list[_Term] = []
    for term in terms:
        targets = mapping.get(term.name)
        used = term.name in plan.names.get(term.taxonomy, {}) or term.slug in plan.slugs.get(
            term.taxonomy, {}
        )
        if targets is not None and term.name not in targets and not used:
            removed.append(term)
            edits.replace(doc.space_before(term.record.start), term.record.end, "")
            for target in targets:
                plan.targets.setdefault(term.taxonomy, {})[target] = None
        else:
            kept.append(term)
    _repoint(doc, removed, kept, edits)
    slugs: dict[tuple[str, str], str] = {}
    taken: dict[str, set[str]] = {}
    for term in kept:
        slugs.setdefault((term.taxonomy, term.name), term.slug)
        taken.setdefault(term.taxonomy, set()).add(term.slug)
    for taxonomy, by_slug in plan.slugs.items():
        taken.setdefault(taxonomy, set()).update(by_slug)
        for slug, name in by_slug.items():
            slugs.setdefault((taxonomy, name), slug)
    listed = {(term.taxonomy, term.name) for term in kept}
    for taxonomy, wanted in plan.targets.items():
        entries = [term for term in terms if term.taxonomy == taxonomy]
        for target in wanted:
            if (taxonomy, target) not in slugs:
                slug = unique(wp_slug(target), taken.setdefault(taxonomy, set()), str(next_id))
                slugs[taxonomy, target] = slug
                taken[taxonomy].add(slug)
            if (taxonomy, target) in listed or not entries:
                continue
            listed.add((taxonomy, target))
            template = next(
                (term for term in entries if target in (mapping.get(term.name) or ())),
                entries[-1],
            )
            entry = _new_entry(doc, template, target, slugs[taxonomy, target], next_id)
            next_id += 1
            edits.insert(entries[-1].record.end, entry)
    return slugs


def _term_id(doc: XmlText, record: Element) -> int:
    text = _child(doc, record, "term_id")
    return int(text) if text.isdigit() else 0


def _repoint(doc: XmlText, removed: list[_Term], kept: list[_Term], edits: Edits) -> None:
    """Children of removed terms get the nearest kept ancestor as parent."""
    gone = {(term.taxonomy, term.slug): term.parent for term in removed if term.slug}
    for term in kept:
        parent = term.parent
        hops = 0
        while (term.taxonomy, parent) in gone and hops <= len(gone):
            parent = gone[term.taxonomy, parent]
            hops += 1
        if parent == term.parent:
            continue
        child = term.record.find(_LAYOUT[term.record.local][2], WP_NS)
        if child is not None:
            set_text(doc, child, parent, edits)


def _new_entry(doc: XmlText, template: _Term, name: str, slug: str, term_id: int) -> str:
    """A new term entry laid out as ``template``, on its indentation."""
    record = template.record
    name_of, slug_of, parent_of, description_of = _LAYOUT[record.local]
    copy = Edits()
    floor = record.open_end
    for child in record.children:
        space = doc.space_before(child.start, floor)
        floor = child.end
        value = {name_of: name, slug_of: slug, parent_of: "", "term_id": str(term_id)}.get(
            child.local
        )
        if child.local in ("termmeta", description_of):
            copy.replace(space, child.end, "")
        elif value is not None and child.ns.startswith(WP_NS):
            set_text(doc, child, value, copy)
    indent = doc.text[doc.space_before(record.start) : record.start]
    return indent + copy_of(doc, record, copy)
