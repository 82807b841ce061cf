"""``html``: a saved web page; the labels are its links to category, tag and label pages.

A link counts when its URL path has ``/search/label/<name>`` (Blogger: kind ``label``),
``/category/<slug>`` (kind ``category``), ``/tag/<slug>`` or ``/tags/<slug>`` (kind ``tag``),
or a query ``?tag=<slug>``, ``?category_name=<slug>`` or ``?cat=<id>`` (WordPress without pretty
links); or when it has ``rel="tag"`` (kind ``tag`` unless the URL says otherwise). Links to a
label's feed (``.../feed/``), to a further page of it (``.../page/2/``) or to ``/tags/``
itself are not labels.

Name: the link's text with white space collapsed (a leading ``#`` dropped); if empty, its
``aria-label``, else (Blogger) the name in the URL; a link with none of them is skipped.
Slug: the URL's last segment after the marker, percent-decoded (for Blogger, the label's name).
Count, where the page shows one: ``(12)`` at the end of the link text, or right after the link
(plain text or inside a ``<span>``, as in Blogger's Label widget and WordPress's category
list), or an ``aria-label``/``title`` such as ``foo (3 items)`` / ``3 topics`` (tag clouds).
Parent: a link inside ``<ul class="children">`` (WordPress's nested categories) has the label
of the list item around that list as parent.

A label linked several times (sidebar, post footers, menus) is one label per kind and name: it
keeps the first count, slug and parent any of its links gave, and the line of every link (from
the parser's position). Pages are read as UTF-8 with the stdlib :mod:`html.parser`, which
tolerates broken markup; a page without such links is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qs, unquote, urlsplit

from taxonomy.errors import SourceError
from taxonomy.model import Inventory, Label, Location
from taxonomy.sources._common import LoadOptions, Source

_MARKERS = (
    ("/search/label/", "label"),
    ("/category/", "category"),
    ("/tags/", "tag"),
    ("/tag/", "tag"),
)
_QUERY_KINDS = (("tag", "tag"), ("category_name", "category"), ("cat", "category"))
_COUNT_AT_END = re.compile(r"^(.*?)\s*\((\d[\d,.\u00a0\u202f]*)[^()\d]*\)$", re.DOTALL)
_COUNT_AHEAD = re.compile(r"^\s*\((\d[\d,.\u00a0\u202f]*)[^()]*\)")
_COUNT_TITLE = re.compile(r"^\s*(\d[\d,.\u00a0\u202f]*)\s+[^\W\d_]+\s*$")
_INLINE = {"span", "small", "bdi", "em", "i", "b", "strong", "sup", "font"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "br", "dd", "div", "dl", "dt",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "section", "table", "td", "th", "tr", "ul",
}  # fmt: skip


def load(src: Source, options: LoadOptions) -> Inventory:
    parser = _PageParser(src.name)
    parser.feed(src.read_text())
    parser.close()
    if not parser.found:
        raise SourceError("no category, tag or label links found", path=src.name)
    labels = tuple(
        Label(
            name=found.name,
            count=found.count,
            kind=found.kind,
            slug=found.slug,
            parent=found.parent,
            locations=tuple(found.locations),
        )
        for found in parser.found.values()
    )
    return Inventory(source=src.name, format="html", labels=labels)


@dataclass
class _Found:
    name: str
    kind: str
    slug: str | None
    count: int | None = None
    parent: str | None = None
    locations: list[Location] = field(default_factory=list)


@dataclass
class _Link:
    kind: str
    slug: str | None
    line: int
    attrs: dict[str, str]
    text: list[str] = field(default_factory=list)


@dataclass
class _Frame:
    """An open ``<ul>`` (``children``: WordPress's sub-category list) or ``<li>``."""

    tag: str
    children: bool = False
    label: str | None = None


class _PageParser(HTMLParser):
    def __init__(self, path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.path = path
        self.found: dict[tuple[str, str], _Found] = {}
        self.frames: list[_Frame] = []
        self.link: _Link | None = None
        self.tail_for: _Found | None = None
        self.tail: list[str] = []

    # -- markup events -----------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self._end_link()  # an unclosed link ends with its block
        if tag not in _INLINE:
            self._end_tail()
        if tag == "ul":
            classes = (dict(attrs).get("class") or "").split()
            self.frames.append(_Frame("ul", children="children" in classes))
        elif tag == "li":
            if self.frames and self.frames[-1].tag == "li":
                self.frames.pop()  # an unclosed sibling
            self.frames.append(_Frame("li"))
        elif tag == "a":
            self._end_link()
            values = {name: value or "" for name, value in attrs}
            kind_slug = _classify(values.get("href", ""), values.get("rel", ""))
            if kind_slug is not None:
                self.link = _Link(*kind_slug, line=self.getpos()[0], attrs=values)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._end_link()
            return
        if tag in _BLOCK:
            self._end_link()
        if tag not in _INLINE:
            self._end_tail()
        if tag in ("ul", "li") and any(frame.tag == tag for frame in self.frames):
            while self.frames.pop().tag != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self.link is not None:
            self.link.text.append(data)
        elif self.tail_for is not None:
            self.tail.append(data)

    def close(self) -> None:
        super().close()
        self._end_link()
        self._end_tail()

    # -- labels ------------------------------------------------------------------------------

    def _end_link(self) -> None:
        link, self.link = self.link, None
        if link is None:
            return
        self._end_tail()
        text = " ".join("".join(link.text).split())
        count = None
        match = _COUNT_AT_END.match(text)
        if match and match.group(1):
            text, count = match.group(1), _number(match.group(2))
        name = text[1:] if text.startswith("#") and len(text) > 1 else text
        aria = " ".join(link.attrs.get("aria-label", "").split())
        match = _COUNT_AT_END.match(aria)
        if match:
            aria, count = match.group(1), count if count is not None else _number(match.group(2))
        title = link.attrs.get("title", "")
        match = _COUNT_TITLE.match(title)
        if match and count is None and " ".join(title.split()) != name:
            count = _number(match.group(1))
        name = name or aria or (link.slug if link.kind == "label" else "") or ""
        if not name:
            return
        found = self.found.get((link.kind, name))
        if found is None:
            found = self.found[(link.kind, name)] = _Found(name, link.kind, link.slug)
        if found.count is None:
            found.count = count
        if found.parent is None:
            found.parent = self._parent()
        here = Location(self.path, link.line)
        if here not in found.locations:
            found.locations.append(here)
        if self.frames and self.frames[-1].tag == "li" and self.frames[-1].label is None:
            self.frames[-1].label = name
        self.tail_for, self.tail = found, []

    def _end_tail(self) -> None:
        found, self.tail_for = self.tail_for, None
        if found is None:
            return
        match = _COUNT_AHEAD.match("".join(self.tail))
        if match and found.count is None:
            found.count = _number(match.group(1))

    def _parent(self) -> str | None:
        """The label of the list item holding the innermost ``ul.children`` around here."""
        for index in range(len(self.frames) - 1, -1, -1):
            frame = self.frames[index]
            if frame.tag == "ul" and frame.children:
                holders = [f for f in self.frames[:index] if f.tag == "li"]
                return holders[-1].label if holders else None
        return None


def _classify(href: str, rel: str) -> tuple[str, str | None] | None:
    """The kind and slug a link's URL (or ``rel="tag"``) gives, or None for other links."""
    parts = urlsplit(href.strip())
    path = parts.path
    for marker, kind in _MARKERS:
        at = path.find(marker)
        if at < 0:
            continue
        segments = [unquote(s) for s in path[at + len(marker) :].split("/") if s]
        if "feed" in segments[1:] or "page" in segments[1:]:
            return None  # the label's feed or a further page of its archive
        if segments:
            return kind, segments[-1] if kind != "label" else "/".join(segments)
    query = parse_qs(parts.query)
    for key, kind in _QUERY_KINDS:
        if query.get(key):
            return kind, None if key == "cat" else query[key][0]
    if "tag" in rel.lower().split():
        segments = [unquote(s) for s in path.split("/") if s]
        return "tag", segments[-1] if segments else None
    return None


def _number(text: str) -> int:
    return int(re.sub(r"\D", "", text))
