"""What every export format shares: the options, the job it renders, and what it returns.

A format is a small class with a ``name`` and one method, ``render(job) -> Export``. The job
holds the document, its label map (``taxonomy.mapping.label_map``: the decided changes) and the
changes in the one stable order every format writes them in: by old label, case-folded, then
exactly as written.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Protocol

from taxonomy.mapping import LabelMap, label_map
from taxonomy.model import DOCUMENT_NAME, Taxonomy

__all__ = [
    "Change",
    "Export",
    "ExportJob",
    "ExportOptions",
    "Exporter",
    "OutputFile",
    "Site",
    "TermKind",
    "label_order",
]


class Site(str, enum.Enum):
    """The software a site runs on, which decides the URLs of its label pages."""

    blogger = "blogger"
    wordpress = "wordpress"
    hugo = "hugo"
    jekyll = "jekyll"


class TermKind(str, enum.Enum):
    """Whether the labels are the site's tags or its categories (WordPress, Hugo, Jekyll)."""

    tag = "tag"
    category = "category"


@dataclass(frozen=True)
class ExportOptions:
    """Everything a format may need besides the document; each field has a working default."""

    include_suggested: bool = False
    """Take suggested decisions too, not only accepted ones."""
    site: Site | None = None
    """The URL scheme of label pages; None: the format's default (see ``urls.default_site``)."""
    url_pattern: str | None = None
    """A path with ``{label}`` and/or ``{slug}``, overriding the site's scheme."""
    base_url: str | None = None
    """``https://example.com``: redirect targets become absolute URLs."""
    kind: TermKind = TermKind.tag
    base_iri: str = "urn:taxonomy:"
    language: str | None = None
    """A language tag for SKOS labels (``en``); None writes plain literals."""
    output_dir: Path | None = None
    """The folder a format that writes several files (hugo) writes into."""
    document: str = DOCUMENT_NAME
    """The document's name, for the comment at the top of an output."""


@dataclass(frozen=True)
class Change:
    """One old label and what replaces it: one label (merge), several (split), none (removal)."""

    old: str
    new: tuple[str, ...]

    @property
    def kind(self) -> str:
        return "removed" if not self.new else "merged" if len(self.new) == 1 else "split"


def label_order(label: str) -> tuple[str, str]:
    """The order of every output: case-folded first, then exactly (``News`` before ``news``)."""
    return (label.casefold(), label)


@dataclass(frozen=True)
class ExportJob:
    """A document, its decided changes in output order, and the options."""

    taxonomy: Taxonomy
    options: ExportOptions
    mapping: LabelMap
    changes: tuple[Change, ...]

    @classmethod
    def of(cls, taxonomy: Taxonomy, options: ExportOptions | None = None) -> ExportJob:
        options = options or ExportOptions()
        mapping = label_map(taxonomy, include_suggested=options.include_suggested)
        changes = tuple(
            Change(old, mapping.targets[old]) for old in sorted(mapping, key=label_order)
        )
        return cls(taxonomy, options, mapping, changes)

    def summary(self) -> str:
        """``12 labels mapped: 9 merged, 2 split, 1 removed``."""
        counts = dict.fromkeys(("merged", "split", "removed"), 0)
        for change in self.changes:
            counts[change.kind] += 1
        noun = "label" if len(self.changes) == 1 else "labels"
        detail = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        return f"{len(self.changes)} {noun} mapped: {detail}"


@dataclass(frozen=True)
class OutputFile:
    """A file a format writes: its path (inside ``output_dir``) and its new text."""

    path: Path
    text: str
    existed: bool


@dataclass(frozen=True)
class Export:
    """What a format produced: text for stdout or ``-o``, or files to write (hugo), and notes
    for the person running it (a label skipped, and why)."""

    text: str = ""
    files: tuple[OutputFile, ...] = ()
    unchanged: int = 0
    """Files that already said what they should (written again by nobody)."""
    notes: tuple[str, ...] = field(default=())


class Exporter(Protocol):
    """What every format is."""

    name: ClassVar[str]

    def render(self, job: ExportJob) -> Export: ...
