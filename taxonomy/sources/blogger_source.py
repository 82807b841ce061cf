"""``blogger``: a Blogger "Back up content" export (Atom XML), the labels of its posts.

Only post entries count: the template, settings, pages and comments of the export are
skipped (an entry's kind is its ``schemas.google.com/g/2005#kind`` category; an entry with
``thr:in-reply-to`` is a comment). An entry with no kind at all is read as a post, so a
Blogger Atom feed (``/feeds/posts/default``) loads too. Labels are the categories of scheme
``http://www.blogger.com/atom/ns#``, in the entry's order; a post marked
``<app:control><app:draft>yes</app:draft>`` is a draft. A label's count is the number of
published posts that carry it (labels used only on drafts count 0), and its locations are
the lines of those entries.
"""

from __future__ import annotations

from taxonomy.model import Inventory, Location, Post
from taxonomy.sources import SourceFormat
from taxonomy.sources._common import LoadOptions, Source, labels_from_posts
from taxonomy.sources._xml import Node, XmlRecords

ATOM = "http://www.w3.org/2005/Atom"
THREAD = "http://purl.org/syndication/thread/1.0"
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
LABEL_SCHEME = "http://www.blogger.com/atom/ns#"
WHAT = "a Blogger export"

# Subtrees of an entry that are never needed: the post body is most of an export.
_SKIP = frozenset({"content", "summary", "author", "link"})


def load(src: Source, options: LoadOptions) -> Inventory:
    def check_root(root: Node) -> None:
        if root.ns != ATOM or root.local != "feed":
            raise records.not_this_format(root)

    records = XmlRecords(
        src,
        what=WHAT,
        fmt=SourceFormat.blogger,
        is_record=lambda ns, local, depth: depth == 1 and local == "entry" and ns == ATOM,
        check_root=check_root,
        skip=_SKIP,
    )
    posts = [post for entry in records if (post := _post(entry, src.name)) is not None]
    return Inventory(
        source=src.name,
        format="blogger",
        labels=labels_from_posts(posts),
        posts=tuple(posts),
        ambiguities=tuple(records.notes),
    )


def _post(entry: Node, file: str) -> Post | None:
    """The post an entry holds, or None for templates, settings, pages and comments."""
    kind: str | None = None
    labels: list[str] = []
    for category in entry.findall("category", ATOM):
        scheme = category.attrs.get("scheme", "")
        term = category.attrs.get("term", "").strip()
        if scheme == KIND_SCHEME:
            kind = term.rpartition("#")[2]
        elif scheme == LABEL_SCHEME and term:
            labels.append(term)
    if kind not in (None, "post") or entry.find("in-reply-to", THREAD) is not None:
        return None
    control = entry.find("control")
    draft = control is not None and control.findtext("draft").lower() == "yes"
    return Post(
        id=entry.findtext("id", ATOM),
        labels=tuple(dict.fromkeys(labels)),
        title=entry.findtext("title", ATOM) or None,
        status="draft" if draft else "published",
        location=Location(file, entry.line),
    )
