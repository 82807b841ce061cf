"""What every rewriter of a source returns; one module per source format implements ``rewrite``.

A rewriter is ``rewrite(data: bytes, mapping: LabelMap, *, name: str, fields: tuple[str, ...])
-> Rewrite``: it takes the bytes of one file (``name`` is for error messages; ``fields`` are the
front-matter keys holding labels, used by Markdown only) and returns the new bytes, in which only
the labels differ: everything else is kept byte for byte. Rewriting its own output again changes
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rewrite:
    """One file rewritten: its new bytes (equal to the old when nothing changed) and counts."""

    data: bytes
    posts: int = 0
    """Posts whose labels changed."""
    replaced: int = 0
    """Label occurrences replaced, removed or expanded (a split counts once per occurrence)."""
