"""taxonomy: find near-duplicate categories and tags, propose a hierarchy, export remaps.

The public API; the command line is a thin layer over these functions.
"""

from __future__ import annotations

from taxonomy.errors import DocumentError, SourceError, TaxonomyError, UsageError
from taxonomy.model import (
    Concept,
    Group,
    Inventory,
    Label,
    Location,
    Member,
    Post,
    Repair,
    ScanResult,
    Split,
    Taxonomy,
)
from taxonomy.scan import ScanOptions, scan
from taxonomy.sources import LoadOptions, SourceFormat, load
from taxonomy.suggest import suggest

__version__ = "0.1.0"

__all__ = [
    "Concept",
    "DocumentError",
    "Group",
    "Inventory",
    "Label",
    "LoadOptions",
    "Location",
    "Member",
    "Post",
    "Repair",
    "ScanOptions",
    "ScanResult",
    "SourceError",
    "SourceFormat",
    "Split",
    "Taxonomy",
    "TaxonomyError",
    "UsageError",
    "__version__",
    "load",
    "scan",
    "suggest",
]
