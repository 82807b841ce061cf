"""Where things are written in an XML export: elements and attributes with their offsets.

The loaders read exports with SAX, which tells no offsets; a rewriter must change a label where
it is written and nothing else. :func:`scan` is a small tokenizer over the decoded text: it
skips comments, CDATA sections, processing instructions and the document type declaration
(refusing entity declarations and external DTDs, as the loaders do), checks that tags nest,
and builds the *records* a rewriter asks for (Blogger ``<entry>``, WXR ``<item>``) as
:class:`Element` trees that know the span of every start tag, end tag, attribute value and
piece of text. Namespaces are resolved the way the loaders resolve them (an undeclared prefix
is read as no namespace). Documents are expected to have passed the loader first: the scanner
rejects what it cannot follow, it does not re-validate XML.

:class:`XmlText` decodes the bytes (BOM, XML declaration) so that encoding the text again gives
the same bytes, and :class:`Edits` applies span replacements in one pass.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from taxonomy.errors import SourceError

XML_NS = "http://www.w3.org/XML/1998/namespace"

_NAME = r"[^\s/<>=\"'!?]+"
_START = re.compile(rf"<({_NAME})")
_ATTR = re.compile(rf"\s+({_NAME})\s*=\s*(?:\"([^\"<]*)\"|'([^'<]*)')")
_TAG_END = re.compile(r"\s*(/?)>")
_END = re.compile(rf"</({_NAME})\s*>")
_DECLARED = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']""")
_REF = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|lt|gt|amp|quot|apos);")
_PREDEFINED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WHITESPACE = " \t\r\n"


@dataclass(frozen=True)
class Attr:
    """An attribute: its value as XML reads it, the span of the raw value, its quote."""

    value: str
    start: int
    end: int
    quote: str


@dataclass(eq=False)
class Element:
    """An element and its spans: ``start`` (its ``<``), ``open_end`` (after the start tag),
    ``close_start`` (the end tag's ``</``; ``open_end`` for an empty element) and ``end``.
    ``pieces`` are its own text pieces, ``(start, end, is_cdata)``, a CDATA span with its
    markers."""

    qname: str
    ns: str
    local: str
    attrs: dict[str, Attr]
    start: int
    open_end: int
    close_start: int = -1
    end: int = -1
    children: list[Element] = field(default_factory=list)
    pieces: list[tuple[int, int, bool]] = field(default_factory=list)

    def find(self, local: str, ns: str | tuple[str, ...] | None = None) -> Element | None:
        for child in self.children:
            if child.local == local and _in(child.ns, ns):
                return child
        return None

    def findall(self, local: str, ns: str | tuple[str, ...] | None = None) -> list[Element]:
        return [child for child in self.children if child.local == local and _in(child.ns, ns)]

    def attr(self, name: str) -> str:
        found = self.attrs.get(name)
        return "" if found is None else found.value


def _in(uri: str, ns: str | tuple[str, ...] | None) -> bool:
    if ns is None:
        return True
    return uri == ns if isinstance(ns, str) else uri.startswith(ns)


class XmlText:
    """An export's text, decoded so that :meth:`encode` of the same text gives the same bytes."""

    def __init__(self, data: bytes, name: str) -> None:
        self.name = name
        self.bom = b""
        codec = "utf-8"
        for bom, bom_codec in _BOMS:
            if data.startswith(bom):
                self.bom, codec = bom, bom_codec
                break
        else:
            declared = _DECLARED.match(data[:200])
            if declared is not None:
                codec = declared.group(1).decode("ascii")
        try:
            self.codec = codecs.lookup(codec).name
        except LookupError:
            raise SourceError(f"unknown encoding {codec!r}", path=name) from None
        body = data[len(self.bom) :]
        try:
            self.text = body.decode(self.codec)
        except UnicodeDecodeError as exc:
            line = body[: exc.start].count(b"\n") + 1
            raise SourceError(f"invalid {codec} text", path=name, line=line) from None
        if self.codec != "utf-8" and self.text.encode(self.codec) != body:
            raise SourceError(
                f"the encoding {codec!r} cannot be rewritten byte for byte", path=name
            )

    def encode(self, text: str) -> bytes:
        """The bytes of ``text``; a character the encoding lacks becomes a reference."""
        return self.bom + text.encode(self.codec, errors="xmlcharrefreplace")

    def can_encode(self, value: str) -> bool:
        try:
            value.encode(self.codec)
        except UnicodeEncodeError:
            return False
        return True

    def line(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1

    def error(self, message: str, offset: int) -> SourceError:
        return SourceError(f"malformed XML: {message}", path=self.name, line=self.line(offset))

    def text_of(self, element: Element) -> str:
        """The element's own text, as XML reads it (references resolved, line ends ``\\n``)."""
        parts: list[str] = []
        for start, end, cdata in element.pieces:
            if cdata:
                parts.append(_newlines(self.text[start + 9 : end - 3]))
            else:
                parts.append(unescape(self.text[start:end]))
        return "".join(parts)

    def space_before(self, offset: int, floor: int = 0) -> int:
        """Where the run of whitespace that ends at ``offset`` starts (not before ``floor``)."""
        start = offset
        while start > floor and self.text[start - 1] in _WHITESPACE:
            start -= 1
        return start

    def content_span(self, element: Element) -> tuple[int, int]:
        """The span of the element's text without the whitespace around it (empty: where the
        text would go)."""
        solid = [
            (start, end)
            for start, end, cdata in element.pieces
            if cdata or self.text[start:end].strip(_WHITESPACE)
        ]
        if not solid:
            return element.open_end, max(element.open_end, element.close_start)
        start, end = solid[0][0], solid[-1][1]
        while self.text[start] in _WHITESPACE:
            start += 1
        return start, self.space_before(end, start)

    def new_content(self, element: Element, value: str) -> str:
        """``value`` written as the element's text is written: in CDATA when the text was one
        CDATA section (and ``value`` can be), escaped otherwise."""
        pieces = [
            piece
            for piece in element.pieces
            if piece[2] or self.text[piece[0] : piece[1]].strip(_WHITESPACE)
        ]
        if (
            len(pieces) == 1
            and pieces[0][2]
            and "]]>" not in value
            and "\r" not in value
            and self.can_encode(value)
        ):
            return f"<![CDATA[{value}]]>"
        return escape_text(value)


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _resolve(match: re.Match[str]) -> str:
    ref = match.group(1)
    if ref[:2] == "#x":
        return chr(int(ref[2:], 16))
    if ref[:1] == "#":
        return chr(int(ref[1:]))
    return _PREDEFINED[ref]


def unescape(raw: str) -> str:
    """Text as XML reads it: references resolved, line ends ``\\n``; a bare ``&`` is kept."""
    return _REF.sub(_resolve, _newlines(raw))


def unescape_attr(raw: str) -> str:
    """An attribute value as XML reads it: literal whitespace normalised to spaces."""
    spaced = _newlines(raw).replace("\n", " ").replace("\t", " ")
    return _REF.sub(_resolve, spaced)


def escape_attr(value: str) -> str:
    out = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = out.replace('"', "&quot;").replace("'", "&apos;")
    return out.replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")


def escape_text(value: str) -> str:
    out = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return out.replace("\r", "&#13;")


IsRecord = Callable[[str, str, int], bool]
"""``(namespace, local name, depth)`` -> whether the element is a record (the root is depth 0)."""


@dataclass
class _Open:
    qname: str
    scope: dict[str, str]
    element: Element | None


def scan(doc: XmlText, is_record: IsRecord) -> tuple[Element, list[Element]]:
    """The root element (attributes only) and the records of ``doc``, with their subtrees."""
    text = doc.text
    stack: list[_Open] = []
    records: list[Element] = []
    root: Element | None = None
    pos = 0
    while True:
        lt = text.find("<", pos)
        inside = stack[-1].element if stack else None
        if lt < 0:
            if text[pos:].strip(_WHITESPACE) and not stack:
                raise doc.error("text after the root element", pos)
            break
        if lt > pos and inside is not None:
            inside.pieces.append((pos, lt, False))
        if text.startswith("<!--", lt):
            pos = _past(doc, "-->", lt + 4, "a comment is not closed")
        elif text.startswith("<![CDATA[", lt):
            pos = _past(doc, "]]>", lt + 9, "a CDATA section is not closed")
            if inside is not None:
                inside.pieces.append((lt, pos, True))
        elif text.startswith("<?", lt):
            pos = _past(doc, "?>", lt + 2, "a processing instruction is not closed")
        elif text.startswith("<!DOCTYPE", lt):
            pos = _doctype(doc, lt)
        elif text.startswith("</", lt):
            match = _END.match(text, lt)
            if match is None:
                raise doc.error("a broken end tag", lt)
            if not stack or stack[-1].qname != match.group(1):
                raise doc.error(f"</{match.group(1)}> closes nothing open", lt)
            closed = stack.pop().element
            pos = match.end()
            if closed is not None:
                closed.close_start, closed.end = lt, pos
                if not stack or stack[-1].element is None:
                    records.append(closed)
        else:
            if root is not None and not stack:
                raise doc.error("a second root element", lt)
            element, scope, empty = _start_tag(doc, lt, stack[-1].scope if stack else None)
            pos = element.open_end
            depth = len(stack)
            kept: Element | None = None
            if inside is not None:
                inside.children.append(element)
                kept = element
            elif depth == 0:
                root = element
            elif is_record(element.ns, element.local, depth):
                kept = element
            if empty:
                element.close_start, element.end = pos, pos
                if kept is not None and inside is None:
                    records.append(kept)
            else:
                stack.append(_Open(element.qname, scope, kept))
    if stack:
        raise doc.error(f"<{stack[-1].qname}> is not closed", len(text))
    if root is None:
        raise doc.error("no root element", 0)
    return root, records


def _past(doc: XmlText, marker: str, start: int, message: str) -> int:
    end = doc.text.find(marker, start)
    if end < 0:
        raise doc.error(message, start)
    return end + len(marker)


def _doctype(doc: XmlText, lt: int) -> int:
    """The end of a document type declaration; entity declarations and external DTDs are
    refused (entities are never expanded nor fetched)."""
    text, pos, bracket, quote = doc.text, lt + 9, 0, ""
    while pos < len(text):
        char = text[pos]
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "[":
            bracket += 1
        elif char == "]":
            bracket -= 1
        elif char == ">" and bracket <= 0:
            declaration = text[lt : pos + 1]
            if "<!ENTITY" in declaration:
                raise SourceError(
                    "XML entity declarations are not allowed; entities are never expanded",
                    path=doc.name,
                    line=doc.line(lt),
                )
            if re.search(r"\b(SYSTEM|PUBLIC)\b", declaration.split("[", 1)[0]):
                raise SourceError(
                    "XML external references (DTDs, entities) are not allowed; nothing is fetched",
                    path=doc.name,
                    line=doc.line(lt),
                )
            return pos + 1
        pos += 1
    raise doc.error("a document type declaration is not closed", lt)


def _start_tag(
    doc: XmlText, lt: int, outer: dict[str, str] | None
) -> tuple[Element, dict[str, str], bool]:
    text = doc.text
    match = _START.match(text, lt)
    if match is None:
        raise doc.error("a '<' that starts no tag", lt)
    qname, pos = match.group(1), match.end()
    attrs: dict[str, Attr] = {}
    while True:
        attr = _ATTR.match(text, pos)
        if attr is None:
            break
        quoted = 2 if attr.group(2) is not None else 3
        raw = attr.group(quoted)
        attrs[attr.group(1)] = Attr(
            unescape_attr(raw), attr.start(quoted), attr.end(quoted), "\"'"[quoted - 2]
        )
        pos = attr.end()
    close = _TAG_END.match(text, pos)
    if close is None:
        raise doc.error(f"the start tag <{qname}> is broken", lt)
    scope = outer if outer is not None else {"xml": XML_NS}
    declared = {
        key[6:]: value.value
        for key, value in attrs.items()
        if key == "xmlns" or key[:6] == "xmlns:"
    }
    if declared:
        scope = {**scope, **declared}
    prefix, _, local = qname.rpartition(":")
    element = Element(qname, scope.get(prefix, ""), local, attrs, lt, close.end())
    return element, scope, close.group(1) == "/"


class Edits:
    """Span replacements on one text, applied together; spans must not overlap."""

    def __init__(self) -> None:
        self._edits: list[tuple[int, int, int, str]] = []

    def __bool__(self) -> bool:
        return bool(self._edits)

    def replace(self, start: int, end: int, new: str) -> None:
        self._edits.append((start, end, len(self._edits), new))

    def insert(self, offset: int, new: str) -> None:
        self.replace(offset, offset, new)

    def apply(self, text: str, start: int = 0, end: int | None = None) -> str:
        """``text`` (or its slice ``[start:end]``, with edits inside it) edited."""
        stop = len(text) if end is None else end
        out: list[str] = []
        pos = start
        for first, last, _, new in sorted(self._edits):
            if first < pos or last > stop:
                raise ValueError(f"overlapping edits at offset {first}")
            out.append(text[pos:first])
            out.append(new)
            pos = last
        out.append(text[pos:stop])
        return "".join(out)


def set_text(doc: XmlText, element: Element, value: str, edits: Edits) -> None:
    """Edit the element's text to ``value``, written as its text was (see ``new_content``)."""
    if element.end == element.open_end:  # <x/>: a text needs an end tag
        if value:
            slash = doc.text.rindex("/", element.start, element.open_end)
            new = f">{doc.new_content(element, value)}</{element.qname}>"
            edits.replace(slash, element.open_end, new)
        return
    start, end = doc.content_span(element)
    if doc.text[start:end] or value:
        edits.replace(start, end, doc.new_content(element, value))


def copy_of(doc: XmlText, element: Element, edits: Edits) -> str:
    """The exact text of ``element`` with ``edits`` (spans inside it) applied."""
    return edits.apply(doc.text, element.start, element.end)
