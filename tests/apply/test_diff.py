"""The fast unified diff: a valid patch from a to b, written as difflib writes hunks."""

from __future__ import annotations

import difflib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from taxonomy.apply._diff import unified_diff

_HUNK = re.compile(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@\n")


def patch(a: list[str], diff: list[str]) -> list[str]:
    """Apply a unified diff, checking every context and removed line against ``a``."""
    out: list[str] = []
    position = 0
    lines = iter(diff[2:])
    for header in lines:
        match = _HUNK.fullmatch(header)
        assert match, header
        start, length = int(match.group(1)), int(match.group(2) or 1)
        start = start - 1 if length else start
        out.extend(a[position:start])
        position = start
        new_length = int(match.group(4) or 1)
        old_seen = new_seen = 0
        while old_seen < length or new_seen < new_length:
            line = next(lines)
            if line[0] in " -":
                assert a[position] == line[1:]
                position += 1
                old_seen += 1
            if line[0] in " +":
                out.append(line[1:])
                new_seen += 1
    return out + a[position:]


def test_same_output_as_difflib_on_a_small_change() -> None:
    a = [f"{i}\n" for i in range(20)]
    b = a[:5] + ["five\n"] + a[6:15] + a[16:]
    ours = list(unified_diff(a, b, "a/x", "b/x"))
    assert ours == list(difflib.unified_diff(a, b, "a/x", "b/x"))
    assert list(unified_diff(a, a, "a/x", "b/x")) == []


edits = st.lists(
    st.tuples(st.integers(0, 10_000), st.integers(0, 3), st.lists(st.text("xyz", max_size=2))),
    max_size=30,
)


def edited(a: list[str], changes: list[tuple[int, int, list[str]]]) -> list[str]:
    b = list(a)
    for at, removed, added in changes:
        at %= len(b) + 1
        b[at : at + removed] = [f"new {text}\n" for text in added]
    return b


@settings(max_examples=60, deadline=None)
@given(size=st.sampled_from([0, 5, 300, 30_000]), changes=edits, repeats=st.booleans())
def test_the_diff_turns_a_into_b(
    size: int, changes: list[tuple[int, int, list[str]]], repeats: bool
) -> None:
    """Big files (unique lines as anchors, or many repeated lines) and small ones."""
    a = [("}\n" if repeats and i % 3 else f"line {i}\n") for i in range(size)]
    b = edited(a, changes)
    diff = list(unified_diff(a, b, "a/x", "b/x"))
    assert patch(a, diff) == b
    assert (diff == []) == (a == b)
