"""``ghost``: a Ghost JSON export, its tags and the posts that carry them.

Three shapes are read: the export Ghost writes (``{"db": [{"meta": ..., "data": {...}}]}``),
the same without the ``db`` wrapper (``{"meta": ..., "data": {...}}``), and a bare data object
(``{"posts": [...], "tags": [...], "posts_tags": [...]}``). Tags come from ``tags`` in export
order; memberships from ``posts_tags`` (post_id, tag_id), each post's tags ordered by
``sort_order`` as Ghost shows them. Internal tags (visibility ``internal``, or a name starting
with ``#``) are kept, with kind ``"internal-tag"``; public tags have kind ``"tag"``.

Only posts are posts: pages (``type: page``, or ``page: true`` in old exports) are left out of
``Inventory.posts`` and counted nowhere. ``Post.status`` is Ghost's status (published, draft,
scheduled, sent); a tag's count is the number of published posts carrying it. JSON has no
line numbers once parsed, so locations name the file only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from taxonomy.errors import SourceError
from taxonomy.model import Ambiguity, Inventory, Label, Location, Post
from taxonomy.sources import SourceFormat
from taxonomy.sources._common import LoadOptions, Source
from taxonomy.sources._xml import not_this_format

WHAT = "a Ghost export"
_TABLES = ("posts", "tags", "posts_tags")


@dataclass
class _Tag:
    name: str
    kind: str
    slug: str | None
    parent_id: str | None
    count: int = 0


def load(src: Source, options: LoadOptions) -> Inventory:
    text = src.read_text()
    start = text.lstrip()[:1]
    if not start:
        raise SourceError(f"empty file, not {WHAT}", path=src.name)
    if start not in "{[":
        raise not_this_format(src, WHAT, SourceFormat.ghost)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(
            f"invalid JSON: {exc.msg} (column {exc.colno})", path=src.name, line=exc.lineno
        ) from None
    data = _data(document, src.name)
    here = Location(src.name)
    notes: list[Ambiguity] = []
    missing: set[str] = set()
    tags = _tags(data, src.name)
    posts = _posts(data, src.name)
    labels_of: dict[str, list[tuple[float, int, str]]] = {}
    for index, link in enumerate(_table(data, "posts_tags", src.name)):
        post_id, tag_id = _text(link.get("post_id")), _text(link.get("tag_id"))
        if tag_id not in tags:
            if tag_id not in missing:
                missing.add(tag_id)
                message = f"posts_tags links to a tag {tag_id!r} that is not in tags; skipped"
                notes.append(Ambiguity(message, here))
            continue
        order = link.get("sort_order")
        rank = float(order) if isinstance(order, (int, float)) else float(index)
        labels_of.setdefault(post_id, []).append((rank, index, tag_id))
    inventory_posts: list[Post] = []
    for post_id, (title, status) in posts.items():
        tag_ids = [tag_id for _, _, tag_id in sorted(labels_of.get(post_id, []))]
        tag_ids = list(dict.fromkeys(tag_ids))
        for tag_id in tag_ids:
            tags[tag_id].count += status == "published"
        inventory_posts.append(
            Post(
                id=post_id,
                labels=tuple(tags[tag_id].name for tag_id in tag_ids),
                title=title,
                status=status,
                location=here,
            )
        )
    labels = tuple(
        Label(
            name=tag.name,
            count=tag.count,
            kind=tag.kind,
            slug=tag.slug,
            parent=tags[tag.parent_id].name if tag.parent_id in tags else None,
            locations=(here,),
        )
        for tag in tags.values()
    )
    return Inventory(
        source=src.name,
        format="ghost",
        labels=labels,
        posts=tuple(inventory_posts),
        ambiguities=tuple(notes),
    )


def _data(document: object, name: str) -> Mapping[str, Any]:
    """The object holding the tables, whichever of the three shapes the export has."""
    if isinstance(document, dict) and isinstance(document.get("db"), list):
        merged: dict[str, list[Any]] = {}
        for entry in document["db"]:
            if isinstance(entry, dict) and isinstance(entry.get("data"), dict):
                for table in _TABLES:
                    merged.setdefault(table, []).extend(_table(entry["data"], table, name))
        document = {"data": merged}
    if isinstance(document, dict) and isinstance(document.get("data"), dict):
        document = document["data"]
    if isinstance(document, dict) and any(table in document for table in _TABLES[:2]):
        return document
    raise SourceError(
        f"JSON, but not {WHAT}: no posts or tags (looked in db[].data, data and the top level)",
        path=name,
    )


def _table(data: Mapping[str, Any], table: str, name: str) -> list[dict[str, Any]]:
    rows = data.get(table, [])
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise SourceError(f"not {WHAT}: {table!r} is not a list of objects", path=name)
    return rows


def _tags(data: Mapping[str, Any], name: str) -> dict[str, _Tag]:
    tags: dict[str, _Tag] = {}
    for index, row in enumerate(_table(data, "tags", name)):
        tag_name = _text(row.get("name")).strip()
        if not tag_name:
            raise SourceError(f"tag {index + 1} of {WHAT} has no name", path=name)
        internal = row.get("visibility") == "internal" or tag_name.startswith("#")
        tags[_text(row.get("id"))] = _Tag(
            name=tag_name,
            kind="internal-tag" if internal else "tag",
            slug=_text(row.get("slug")) or None,
            parent_id=_text(row.get("parent_id")) or None,
        )
    return tags


def _posts(data: Mapping[str, Any], name: str) -> dict[str, tuple[str | None, str]]:
    """Post id -> (title, status), pages left out."""
    posts: dict[str, tuple[str | None, str]] = {}
    for row in _table(data, "posts", name):
        is_page = row.get("type") == "page" or row.get("page") in (True, 1)
        if not is_page:
            title = _text(row.get("title")) or None
            posts[_text(row.get("id"))] = (title, _text(row.get("status")) or "unknown")
    return posts


def _text(value: object) -> str:
    """A JSON scalar as text: ids may be numbers in old exports."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value)
