"""``tsv``: the ``csv`` loader with a TAB between the columns (same header, counts and errors)."""

from __future__ import annotations

from taxonomy.model import Inventory
from taxonomy.sources._common import LoadOptions, Source
from taxonomy.sources.csv_source import load_delimited


def load(src: Source, options: LoadOptions) -> Inventory:
    return load_delimited(src, delimiter="\t", fmt="tsv")
