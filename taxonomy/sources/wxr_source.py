"""``wxr``: a WordPress export (WXR, WordPress eXtended RSS), its categories and tags.

Categories and tags are kept apart (``Label.kind`` ``"category"`` or ``"tag"``): a name that
is both gives two labels. The ``<wp:category>`` and ``<wp:tag>`` term lists are the declared
labels, in export order, with their slugs and the category hierarchy (``Label.parent`` is the
parent's name; the export gives its slug). Terms are told apart by slug, so two categories
with the same name under different parents stay two labels (and a note says so). Memberships
come from each item's ``<category domain="category|post_tag" nicename="...">``; WXR 1.0's
``domain="tag"`` and its domain-less duplicates (categories) are understood too.

Only items of post type ``post`` are posts; pages, attachments, menu items and custom post
types are left out of ``Inventory.posts`` and counted nowhere. ``Post.status`` is
``"published"`` for ``wp:status`` ``publish`` and the WordPress status otherwise (draft,
private, pending, future, trash); the legacy post type ``draft`` of old WordPress MU exports
is a draft. A label's count is the number of published posts using it (0 for a declared term
no published post uses). Other taxonomies (post formats, menus, custom ones) are ignored
unless named in ``LoadOptions.fields`` (``--field post_format``); their kind is the
taxonomy's name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from taxonomy.errors import SourceError
from taxonomy.model import Ambiguity, Inventory, Label, Location, Post
from taxonomy.sources import SourceFormat
from taxonomy.sources._common import LoadOptions, Source
from taxonomy.sources._xml import WP_NS, Node, XmlRecords

WHAT = "a WordPress export (WXR)"
MAX_LOCATIONS = 1000

# Subtrees of an item that are never needed: bodies, excerpts, comments, custom fields.
_SKIP = frozenset({"encoded", "description", "comment", "postmeta"})
_FIELD_TAXONOMY = {"tags": "post_tag", "tag": "post_tag", "categories": "category"}
_DOMAIN_TAXONOMY = {"tag": "post_tag", "": "category"}
_KIND = {"category": "category", "post_tag": "tag"}


@dataclass
class _Term:
    kind: str
    name: str
    slug: str | None
    parent_slug: str | None = None
    count: int = 0
    locations: list[Location] = field(default_factory=list)


class _Terms:
    """The terms of the export, found by slug first and by name second, in order of arrival."""

    def __init__(self) -> None:
        self.all: list[_Term] = []
        self._by_slug: dict[tuple[str, str], _Term] = {}
        self._by_name: dict[tuple[str, str], _Term] = {}

    def declare(self, term: _Term) -> None:
        if term.slug is not None and (term.kind, term.slug) in self._by_slug:
            return
        self.all.append(term)
        if term.slug is not None:
            self._by_slug[term.kind, term.slug] = term
        self._by_name.setdefault((term.kind, term.name), term)

    def lookup(self, kind: str, name: str, slug: str | None) -> _Term:
        """The term an item names, declared on the fly when the term lists lack it."""
        found = self._by_slug.get((kind, slug)) if slug else None
        found = found or self._by_name.get((kind, name))
        if found is None:
            found = _Term(kind, name, slug)
            self.declare(found)
        return found

    def parent_name(self, term: _Term) -> str | None:
        if not term.parent_slug:
            return None
        parent = self._by_slug.get((term.kind, term.parent_slug))
        return parent.name if parent is not None else None


def load(src: Source, options: LoadOptions) -> Inventory:
    taxonomies = {_FIELD_TAXONOMY.get(name, name) for name in options.fields}

    def check_root(root: Node) -> None:
        if root.local != "rss" or root.ns:
            raise records.not_this_format(root)
        if not any(uri.startswith(WP_NS) for uri in root.attrs.values()):
            raise SourceError(
                f"not {WHAT}: an RSS feed without the WordPress export namespace",
                path=src.name,
                line=root.line,
            )

    records = XmlRecords(
        src,
        what=WHAT,
        fmt=SourceFormat.wxr,
        is_record=_is_record,
        check_root=check_root,
        skip=_SKIP,
    )
    terms = _Terms()
    posts: list[Post] = []
    for record in records:
        here = Location(src.name, record.line)
        if record.local == "item":
            post = _post(record, here, terms, taxonomies)
            if post is not None:
                posts.append(post)
            continue
        term = _declared_term(record, taxonomies)
        if term is not None:
            term.locations.append(here)
            terms.declare(term)
    notes = [*records.notes, *_notes(terms, src.name)]
    labels = tuple(
        Label(
            name=term.name,
            count=term.count,
            kind=term.kind,
            slug=term.slug,
            parent=terms.parent_name(term) or term.parent_slug,
            locations=tuple(term.locations),
        )
        for term in terms.all
    )
    return Inventory(
        source=src.name,
        format="wxr",
        labels=labels,
        posts=tuple(posts),
        ambiguities=tuple(notes),
    )


def _is_record(ns: str, local: str, depth: int) -> bool:
    """Items and the term lists, children of ``<channel>``."""
    if depth != 2:
        return False
    if local == "item":
        return ns == ""
    return local in ("category", "tag", "term") and ns.startswith(WP_NS)


def _declared_term(record: Node, taxonomies: set[str]) -> _Term | None:
    """A ``<wp:category>``, ``<wp:tag>`` or ``<wp:term>`` as a term, if its taxonomy is read."""
    if record.local == "category":
        taxonomy, name = "category", record.findtext("cat_name", WP_NS)
        slug, parent = record.findtext("category_nicename", WP_NS), "category_parent"
    elif record.local == "tag":
        taxonomy, name = "post_tag", record.findtext("tag_name", WP_NS)
        slug, parent = record.findtext("tag_slug", WP_NS), ""
    else:
        taxonomy, name = (
            record.findtext("term_taxonomy", WP_NS),
            record.findtext("term_name", WP_NS),
        )
        slug, parent = record.findtext("term_slug", WP_NS), "term_parent"
    if taxonomy not in taxonomies or not name:
        return None
    parent_slug = record.findtext(parent, WP_NS) if parent else ""
    return _Term(_KIND.get(taxonomy, taxonomy), name, slug or None, parent_slug or None)


def _post(item: Node, here: Location, terms: _Terms, taxonomies: set[str]) -> Post | None:
    """The post an item holds (its memberships counted), or None for any other post type."""
    post_type = item.findtext("post_type", WP_NS)
    if post_type not in ("post", "draft"):
        return None
    wp_status = item.findtext("status", WP_NS)
    if post_type == "draft":
        status = "draft"
    elif wp_status == "publish":
        status = "published"
    else:
        status = wp_status or "unknown"
    used: dict[int, _Term] = {}
    for category in item.findall("category", ""):
        domain = category.attrs.get("domain", "")
        taxonomy = _DOMAIN_TAXONOMY.get(domain, domain)
        name = category.text.strip()
        if taxonomy in taxonomies and name:
            slug = category.attrs.get("nicename") or None
            term = terms.lookup(_KIND.get(taxonomy, taxonomy), name, slug)
            used.setdefault(id(term), term)
    for term in used.values():
        if status == "published":
            term.count += 1
        if len(term.locations) < MAX_LOCATIONS:
            term.locations.append(here)
    post_id = item.findtext("post_id", WP_NS) or item.findtext("link") or f"line {here.line}"
    return Post(
        id=post_id,
        labels=tuple(dict.fromkeys(term.name for term in used.values())),
        title=item.findtext("title") or None,
        status=status,
        location=here,
    )


def _notes(terms: _Terms, file: str) -> list[Ambiguity]:
    """Same-named terms kept apart, and parents the export does not list."""
    notes: list[Ambiguity] = []
    named: dict[tuple[str, str], list[_Term]] = {}
    for term in terms.all:
        named.setdefault((term.kind, term.name), []).append(term)
        if term.parent_slug and terms.parent_name(term) is None:
            notes.append(
                Ambiguity(
                    f"the parent {term.parent_slug!r} of {term.kind} {term.name!r} is not in "
                    "the export; its slug is kept as the parent",
                    term.locations[0] if term.locations else Location(file),
                )
            )
    for (kind, name), same in named.items():
        if len(same) > 1:
            slugs = ", ".join(term.slug or "?" for term in same)
            notes.append(
                Ambiguity(
                    f"{len(same)} {kind} terms are named {name!r} (slugs {slugs}); kept apart",
                    same[0].locations[0] if same[0].locations else Location(file),
                )
            )
    return notes
