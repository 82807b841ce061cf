"""What every loader shares: the source handle, decoding with clear errors, counting labels."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from taxonomy.errors import SourceError
from taxonomy.model import Label, Location, Post

SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class Source:
    """An input: a path on disk, or bytes already read (standard input)."""

    name: str
    path: Path | None = None
    data: bytes | None = field(default=None, repr=False)

    def open(self) -> BinaryIO:
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None
        try:
            return self.path.open("rb")
        except OSError as exc:
            raise SourceError(f"cannot read: {exc.strerror or exc}", path=self.name) from exc

    def head(self, size: int = SNIFF_BYTES) -> bytes:
        with self.open() as stream:
            return stream.read(size)

    def read_bytes(self) -> bytes:
        with self.open() as stream:
            return stream.read()

    def read_text(self) -> str:
        """The whole source as text, refusing binary data and invalid UTF-8 with the line."""
        return decode(self.read_bytes(), self.name)

    def child(self, path: Path) -> Source:
        return Source(name=str(path), path=path)


@dataclass(frozen=True)
class LoadOptions:
    """Choices a loader may need; the defaults suit most sites."""

    fields: tuple[str, ...] = ("tags", "categories")


def decode(data: bytes, name: str) -> str:
    """Decode UTF-8 (a BOM is allowed); binary data and bad bytes raise SourceError."""
    if b"\x00" in data[:SNIFF_BYTES]:
        raise SourceError("binary data, not a text label source", path=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            path=name,
            line=line,
        ) from exc
    return text


def labels_from_posts(
    posts: Iterable[Post],
    *,
    declared: Iterable[Label] = (),
    counted_status: str = "published",
) -> tuple[Label, ...]:
    """Labels with their use counts over the posts whose status is ``counted_status``.

    ``declared`` labels (a term list) come first, in their order, with count 0 when unused;
    labels seen only on posts follow in order of first use. Locations are merged.
    """
    order: dict[str, Label] = {}
    counts: dict[str, int] = {}
    locations: dict[str, list[Location]] = {}
    for label in declared:
        order.setdefault(label.name, label)
        counts.setdefault(label.name, 0)
        locations.setdefault(label.name, list(label.locations))
    for post in posts:
        for name in dict.fromkeys(post.labels):
            if name not in order:
                order[name] = Label(name=name)
                counts[name] = 0
                locations[name] = []
            if post.status == counted_status:
                counts[name] += 1
            if post.location is not None and len(locations[name]) < 1000:
                locations[name].append(post.location)
    return tuple(
        Label(
            name=name,
            count=counts[name],
            kind=label.kind,
            slug=label.slug,
            parent=label.parent,
            locations=tuple(locations[name]),
        )
        for name, label in order.items()
    )
