"""Loading labels from wherever a site keeps them: one module per format, one entry point."""

from __future__ import annotations

import enum
import re
import sys
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from taxonomy.errors import SourceError
from taxonomy.model import Inventory
from taxonomy.sources._bundled import bundled_source
from taxonomy.sources._common import LoadOptions, Source, decode

__all__ = ["LoadOptions", "Source", "SourceFormat", "detect", "load", "open_source"]


class SourceFormat(str, enum.Enum):
    """The input formats; ``--from`` takes these names."""

    text = "text"
    csv = "csv"
    tsv = "tsv"
    sidebar = "sidebar"
    html = "html"
    blogger = "blogger"
    wxr = "wxr"
    ghost = "ghost"
    markdown = "markdown"


Loader = Callable[[Source, LoadOptions], Inventory]


def loader_for(fmt: SourceFormat) -> Loader:
    """The ``load`` function of the module that reads ``fmt``."""
    module = import_module(f"taxonomy.sources.{fmt.value}_source")
    loader: Loader = module.load
    return loader


def open_source(source: str | Path | None) -> Source:
    """Resolve a SOURCE argument: None is the bundled example, ``-`` is standard input."""
    if source is None:
        return bundled_source()
    if str(source) == "-":
        return Source(name="<stdin>", data=sys.stdin.buffer.read())
    path = Path(source)
    if not path.exists():
        raise SourceError("no such file or directory", path=str(source))
    return Source(name=str(source), path=path)


def load(
    source: str | Path | Source | None = None,
    format: SourceFormat | str | None = None,
    options: LoadOptions | None = None,
) -> Inventory:
    """Read the labels of a source; the format is detected unless given."""
    src = source if isinstance(source, Source) else open_source(source)
    fmt = SourceFormat(format) if format is not None else detect(src)
    return loader_for(fmt)(src, options or LoadOptions())


_XML_ROOT = re.compile(rb"<(?![?!])([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_COMMENT = re.compile(rb"<!--.*?(?:-->|$)", re.S)
_HEADER_WORDS = {"label", "name", "tag", "category", "term", "labels", "tags", "categories"}
_SIDEBAR_HEADING = re.compile(r"^\s*(categories|labels|tags|topics)\s*:?\s*$", re.I | re.M)


def detect(src: Source) -> SourceFormat:
    """Tell the format from the extension, the XML root element or the content."""
    if src.path is not None and src.path.is_dir():
        return SourceFormat.markdown
    suffix = src.path.suffix.lower() if src.path is not None else ""
    head = src.head()
    if b"\x00" in head:
        raise SourceError("binary data, not a label source", path=src.name)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if suffix in {".md", ".markdown", ".mdx"}:
        return SourceFormat.markdown
    if suffix == ".csv":
        return SourceFormat.csv
    if suffix == ".tsv":
        return SourceFormat.tsv
    if stripped[:1] in (b"{", b"[") or suffix == ".json":
        return SourceFormat.ghost
    if not stripped and suffix in {".html", ".htm", ".xml", ".wxr"}:
        raise SourceError("empty file: nothing to read", path=src.name)
    if stripped[:1] == b"<":
        return _detect_markup(stripped, src.name)
    if suffix in {".html", ".htm", ".xml", ".wxr"}:
        return _detect_markup(stripped, src.name)
    return _detect_plain(decode(_whole_lines(head), src.name))


def _detect_markup(head: bytes, name: str) -> SourceFormat:
    lowered = head[:4096].lower()
    if lowered.startswith(b"<!doctype html") or b"<html" in lowered:
        return SourceFormat.html
    match = _XML_ROOT.search(_COMMENT.sub(b"", head))
    root = match.group(2).lower() if match else b""
    if root == b"feed":
        return SourceFormat.blogger
    if root == b"rss" and b"wordpress.org/export" in head:
        return SourceFormat.wxr
    if root in (b"body", b"div", b"ul", b"a", b"head"):
        return SourceFormat.html
    shown = root.decode("ascii", "replace") or "unknown"
    raise SourceError(
        f"XML with root element <{shown}> is neither a Blogger nor a WordPress export; "
        "use --from to say what it is",
        path=name,
    )


def _detect_plain(text: str) -> SourceFormat:
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return SourceFormat.text
    first = lines[0].lower()
    for sep, fmt in (("\t", SourceFormat.tsv), (",", SourceFormat.csv)):
        cells = {cell.strip().strip('"') for cell in first.split(sep)}
        if sep in first and cells & _HEADER_WORDS:
            return fmt
    if _looks_like_sidebar(text.splitlines()):
        return SourceFormat.sidebar
    return SourceFormat.text


def _looks_like_sidebar(lines: list[str]) -> bool:
    """A heading line followed by a blank line or a run of over 12 words, or a run of over 40
    words."""
    for index, line in enumerate(lines[:-1]):
        if _SIDEBAR_HEADING.match(line):
            following = lines[index + 1]
            if not following.strip() or len(following.split()) > 12:
                return True
    return any(len(line.split()) > 40 for line in lines)


def _whole_lines(head: bytes) -> bytes:
    """The sniffed bytes cut at the last newline, so no UTF-8 sequence is split."""
    if len(head) < SNIFF_LIMIT:
        return head
    cut = head.rfind(b"\n")
    return head[: cut + 1] if cut > 0 else head


SNIFF_LIMIT = 64 * 1024
