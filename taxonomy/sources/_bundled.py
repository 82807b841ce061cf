"""The bundled example: the Mongolianviews label list, shipped as package data."""

from __future__ import annotations

from pathlib import Path

from taxonomy.sources._common import Source

BUNDLED_LABELS = "mongolianviews-labels.txt"


def bundled_dir() -> Path:
    """The folder of bundled data: inside the installed package, or ``data/`` of a checkout."""
    packaged = Path(__file__).resolve().parent.parent / "_bundled"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "data"


def bundled_source() -> Source:
    path = bundled_dir() / BUNDLED_LABELS
    return Source(name=f"<bundled example: {BUNDLED_LABELS}>", path=path)
