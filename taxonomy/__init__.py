"""taxonomy: find near-duplicate categories and tags, propose a hierarchy, export remaps.

The public API; the command line is a thin layer over these functions.
"""

from __future__ import annotations

from taxonomy.errors import DocumentError, SourceError, TaxonomyError, UsageError
from taxonomy.model import Inventory, Label, Location, Post
from taxonomy.sources import LoadOptions, SourceFormat, load

__version__ = "0.1.0"

__all__ = [
    "DocumentError",
    "Inventory",
    "Label",
    "LoadOptions",
    "Location",
    "Post",
    "SourceError",
    "SourceFormat",
    "TaxonomyError",
    "UsageError",
    "__version__",
    "load",
]
