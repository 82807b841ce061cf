"""Streaming XML for the export loaders: safe, bounded in memory, with line numbers.

Exports are read with defusedxml's SAX driver (``defusedxml.expatreader``) fed 64 KiB at a
time. Only the *records* a loader asks for (Blogger ``<entry>``, WXR ``<item>`` and term
lists) are built, as small :class:`Node` trees, and handed over as soon as they close, so a
several-hundred-MB export never sits in memory. Subtrees a loader does not need (post bodies,
comments) are skipped without keeping their text.

Line numbers come from the SAX locator, which the expat driver itself implements
(``parser.getLineNumber()`` is expat's current line while a handler runs), so every record
knows the line of its start tag without reaching into private attributes.

Namespaces are resolved here rather than by expat: a prefix nobody declared (old WordPress
exports write ``<excerpt:encoded>`` without declaring ``excerpt``) is read as is and
reported, instead of failing the whole file. Entity declarations and external references
(DTDs, external entities) raise :class:`SourceError`; entities are never expanded nor fetched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol, TypeAlias
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler
from xml.sax.xmlreader import AttributesImpl

from defusedxml import DefusedXmlException, EntitiesForbidden
from defusedxml.expatreader import create_parser

from taxonomy.errors import SourceError
from taxonomy.model import Ambiguity, Location
from taxonomy.sources import SourceFormat, detect
from taxonomy.sources._common import Source

CHUNK = 64 * 1024
XML_NS = "http://www.w3.org/XML/1998/namespace"
WP_NS = ("http://wordpress.org/export/", "https://wordpress.org/export/")
"""The WXR namespace, any version; WordPress.com writes it with https."""

LOOKS_LIKE = {
    SourceFormat.blogger: "a Blogger export",
    SourceFormat.wxr: "a WordPress export (WXR)",
    SourceFormat.ghost: "JSON",
    SourceFormat.markdown: "Markdown",
    SourceFormat.html: "an HTML page",
    SourceFormat.csv: "a CSV file",
    SourceFormat.tsv: "a TSV file",
    SourceFormat.sidebar: "a pasted sidebar",
    SourceFormat.text: "a plain-text list",
}


Namespace: TypeAlias = "str | tuple[str, ...] | None"
"""A namespace URI (exact), or a tuple of URI starts, or None for any namespace."""


@dataclass(eq=False)
class Node:
    """An element of a record: namespace URI (``""`` if none), local name, attributes, text."""

    ns: str
    local: str
    attrs: dict[str, str]
    line: int
    text: str = ""
    children: list[Node] = field(default_factory=list)

    def find(self, local: str, ns: Namespace = None) -> Node | None:
        """The first child with this local name in namespace ``ns``."""
        for child in self.children:
            if child.local == local and _in(child.ns, ns):
                return child
        return None

    def findall(self, local: str, ns: Namespace = None) -> list[Node]:
        return [child for child in self.children if child.local == local and _in(child.ns, ns)]

    def findtext(self, local: str, ns: Namespace = None) -> str:
        """The stripped text of the first such child, ``""`` when there is none."""
        child = self.find(local, ns)
        return child.text.strip() if child is not None else ""


class Locator(Protocol):
    """What the SAX driver tells about the current position (the expat driver is one)."""

    def getLineNumber(self) -> int: ...  # noqa: N802 (SAX API)


IsRecord = Callable[[str, str, int], bool]
"""``(namespace, local name, depth)`` -> whether the element is a record (the root is depth 0)."""
CheckRoot = Callable[[Node], None]
"""Raises SourceError when the root element is not the one the loader reads."""


class XmlRecords:
    """The records of an XML source, streamed; ``notes`` holds what was read leniently."""

    def __init__(
        self,
        src: Source,
        *,
        what: str,
        fmt: SourceFormat,
        is_record: IsRecord,
        check_root: CheckRoot,
        skip: frozenset[str] = frozenset(),
    ) -> None:
        self.src = src
        self.what = what
        self.fmt = fmt
        self.notes: list[Ambiguity] = []
        self._rules = (is_record, check_root, skip)

    def __iter__(self) -> Iterator[Node]:
        self.notes.clear()
        handler = _Handler(*self._rules, note=self._note)
        parser = create_parser()
        parser.setContentHandler(handler)
        handler.locator = parser
        done = handler.done
        amps = BareAmpersands()
        with self.src.open() as stream:
            first = True
            while True:
                chunk = stream.read(CHUNK)
                if first:
                    self._check_start(chunk)
                    first = False
                try:
                    if chunk:
                        parser.feed(amps.feed(chunk))
                        self._note_ampersands(amps)
                    else:
                        parser.feed(amps.feed(b"", final=True))
                        self._note_ampersands(amps)
                        parser.close()
                except SAXParseException as exc:
                    raise self._parse_error(exc) from None
                except EntitiesForbidden as exc:
                    raise SourceError(
                        f"XML entity declarations are not allowed (entity {exc.name!r}); "
                        "entities are never expanded",
                        path=self.src.name,
                        line=parser.getLineNumber(),
                    ) from None
                except DefusedXmlException as exc:
                    raise SourceError(
                        "XML external references (DTDs, entities) are not allowed; "
                        "nothing is fetched" + _system_id(exc),
                        path=self.src.name,
                        line=parser.getLineNumber(),
                    ) from None
                yield from done
                done.clear()
                if not chunk:
                    return

    def not_this_format(self, root: Node | None = None) -> SourceError:
        """The error for a source of another format than asked, saying what it looks like."""
        if root is None:
            return not_this_format(self.src, self.what, self.fmt)
        if root.local == "rss" and any(uri.startswith(WP_NS) for uri in root.attrs.values()):
            looks: SourceFormat | None = SourceFormat.wxr
        elif root.local == "feed":
            looks = SourceFormat.blogger
        elif root.local.lower() == "html":
            looks = SourceFormat.html
        else:
            looks = None
        if looks is None or looks is self.fmt:
            seen = f"XML with root element <{root.local}>"
            return SourceError(f"not {self.what}: {seen}", path=self.src.name, line=root.line)
        return SourceError(
            f"not {self.what}: it looks like {LOOKS_LIKE[looks]}; try --from {looks.value}",
            path=self.src.name,
            line=root.line,
        )

    def _note_ampersands(self, amps: BareAmpersands) -> None:
        for line in dict.fromkeys(amps.fixed):
            self._note("a bare '&' (not XML) read as '&amp;', as WordPress's importer does", line)
        amps.fixed.clear()

    def _note(self, message: str, line: int) -> None:
        self.notes.append(Ambiguity(message, Location(self.src.name, line)))

    def _check_start(self, chunk: bytes) -> None:
        head = chunk.lstrip(b"\xef\xbb\xbf \t\r\n")
        if not head:
            raise SourceError(f"empty file, not {self.what}", path=self.src.name)
        utf16 = chunk[:2] in (b"\xff\xfe", b"\xfe\xff")
        if b"\x00" in chunk and not utf16:
            raise SourceError(f"binary data, not {self.what}", path=self.src.name)
        if not utf16 and head[:1] != b"<":
            raise self.not_this_format()

    def _parse_error(self, exc: SAXParseException) -> SourceError:
        line, column = exc.getLineNumber() or 1, exc.getColumnNumber() or 0
        message = f"malformed XML: {exc.getMessage()} (column {column + 1})"
        if exc.getMessage().startswith("not well-formed"):
            # Expat counts columns in characters: 4 bytes each at most, and a few more.
            raw = _line_prefix(self.src, line, 4 * column + 16)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as bad:
                text = raw[: bad.start].decode("utf-8")
                if bad.reason != "unexpected end of data":
                    return SourceError(
                        f"invalid UTF-8 (byte 0x{raw[bad.start]:02x}, column {len(text) + 1}); "
                        "save the file as UTF-8",
                        path=self.src.name,
                        line=line,
                    )
            if "&" in text[: column + 1]:
                message += "; a bare '&' must be written '&amp;'"
        return SourceError(message, path=self.src.name, line=line)


_BARE_AMP = re.compile(rb"&(?!#[0-9]+;|#x[0-9a-fA-F]+;|[A-Za-z_:][\w.:-]*;)")
_HOLD = 64


class BareAmpersands:
    """Escapes ``&`` that starts no entity or character reference, outside CDATA sections.

    Real exports (WordPress among them) carry bare ampersands in URLs, which strict XML
    rejects; WordPress's own importer reads them as text, and so does this. A well-formed
    document passes unchanged: there, every ``&`` outside CDATA starts a reference. Each
    chunk is cut just after a ``>``, so that no reference or marker is cut in two.
    ``fixed`` collects the lines where an ampersand was escaped (the first few).
    """

    def __init__(self) -> None:
        self._carry = b""
        self._in_cdata = False
        self._line = 1
        self.fixed: list[int] = []
        self._reported = 0

    def feed(self, chunk: bytes, *, final: bool = False) -> bytes:
        data = self._carry + chunk
        cut = len(data) if final else _safe_cut(data)
        head, self._carry = data[:cut], data[cut:]
        out: list[bytes] = []
        pos = 0
        while pos < len(head):
            if self._in_cdata:
                end = head.find(b"]]>", pos)
                if end < 0:
                    out.append(head[pos:])
                    break
                out.append(head[pos : end + 3])
                pos = end + 3
                self._in_cdata = False
                continue
            start = head.find(b"<![CDATA[", pos)
            stop = len(head) if start < 0 else start
            out.append(self._escape(head[pos:stop], head, pos))
            if start < 0:
                break
            out.append(head[start : start + 9])
            pos = start + 9
            self._in_cdata = True
        self._line += head.count(b"\n")
        return b"".join(out)

    def _escape(self, segment: bytes, head: bytes, offset: int) -> bytes:
        if b"&" not in segment:
            return segment
        if self._reported < 3:
            for match in _BARE_AMP.finditer(segment):
                line = self._line + head.count(b"\n", 0, offset + match.start())
                if line not in self.fixed:
                    self._reported += 1
                    self.fixed.append(line)
                if self._reported >= 3:
                    break
        return _BARE_AMP.sub(b"&amp;", segment)


def _safe_cut(data: bytes) -> int:
    """Where to cut a chunk so that no reference (``&amp;``) or CDATA marker is cut in two:
    just after a ``>``, which neither contains and ``]]>`` ends with."""
    limit = max(0, len(data) - _HOLD)
    close = data.rfind(b">", 0, limit)
    if close >= 0:
        return close + 1
    return limit if len(data) > _MAX_CARRY else 0  # no '>' for a megabyte: text, cut anywhere


_MAX_CARRY = 1 << 20


class _Handler(ContentHandler):
    """Builds records from SAX events; resolves namespace prefixes itself."""

    def __init__(
        self,
        is_record: IsRecord,
        check_root: CheckRoot,
        skip: frozenset[str],
        *,
        note: Callable[[str, int], None],
    ) -> None:
        super().__init__()
        self.locator: Locator | None = None
        self.done: list[Node] = []
        self._is_record = is_record
        self._check_root = check_root
        self._skip = skip
        self._note = note
        self._scopes: list[dict[str, str]] = [{"xml": XML_NS}]
        self._depth = 0
        self._skipping = 0
        self._open: list[Node] = []
        self._texts: list[list[str]] = []
        self._undeclared: set[str] = set()

    def _line(self) -> int:
        return self.locator.getLineNumber() if self.locator is not None else 0

    def startElement(self, name: str, attrs: AttributesImpl) -> None:  # noqa: N802 (SAX API)
        scope = self._scopes[-1]
        values: dict[str, str] = dict(attrs.items())
        declared = {
            key[6:]: uri for key, uri in values.items() if key == "xmlns" or key[:6] == "xmlns:"
        }
        if declared:
            scope = {**scope, **declared}
        self._scopes.append(scope)
        depth = self._depth
        self._depth += 1
        if self._skipping:
            self._skipping += 1
            return
        prefix, _, local = name.rpartition(":")
        ns = scope.get(prefix, "")
        if prefix and prefix not in scope and prefix not in self._undeclared:
            self._undeclared.add(prefix)
            self._note(
                f"namespace prefix {prefix!r} is never declared; <{name}> read as is",
                self._line(),
            )
        if self._open:
            if local in self._skip:
                self._skipping = 1
                return
            node = Node(ns, local, values, self._line())
            self._open[-1].children.append(node)
        elif depth == 0:
            self._check_root(Node(ns, local, values, self._line()))
            return
        elif self._is_record(ns, local, depth):
            node = Node(ns, local, values, self._line())
        else:
            return
        self._open.append(node)
        self._texts.append([])

    def endElement(self, name: str) -> None:  # noqa: N802 (SAX API)
        self._scopes.pop()
        self._depth -= 1
        if self._skipping:
            self._skipping -= 1
        elif self._open:
            node = self._open.pop()
            node.text = "".join(self._texts.pop())
            if not self._open:
                self.done.append(node)

    def characters(self, content: str) -> None:
        if self._texts and not self._skipping:
            self._texts[-1].append(content)


def not_this_format(src: Source, what: str, fmt: SourceFormat) -> SourceError:
    """``not a Blogger export: it looks like JSON; try --from ghost`` and the like."""
    try:
        seen: SourceFormat | None = detect(src)
    except SourceError:
        seen = None
    if seen is None or seen is fmt:
        return SourceError(f"not {what}", path=src.name)
    return SourceError(
        f"not {what}: it looks like {LOOKS_LIKE[seen]}; try --from {seen.value}", path=src.name
    )


def _in(uri: str, ns: Namespace) -> bool:
    if ns is None:
        return True
    return uri == ns if isinstance(ns, str) else uri.startswith(ns)


def _system_id(exc: DefusedXmlException) -> str:
    sysid = getattr(exc, "sysid", None)
    return f" ({sysid})" if sysid else ""


def _line_prefix(src: Source, line: int, size: int) -> bytes:
    """At most ``size`` bytes from the start of one line of a source, for an error message."""
    with src.open() as stream:
        number = 1
        while number < line:
            raw = stream.readline(CHUNK)
            if not raw:
                return b""
            if raw.endswith(b"\n"):
                number += 1
        return stream.readline(size).rstrip(b"\r\n")
