"""A unified diff that stays fast on exports of hundreds of thousands of lines.

``difflib.unified_diff`` compares the whole files with ``SequenceMatcher``, which takes minutes
on a 30 MB export whose changes are scattered. A rewrite never moves text, so the files are
aligned first the patience way: the common head and tail are cut, and lines that occur once in
each side (ids, names, most lines of an export) anchor the alignment, their longest increasing
run found in O(n log n); only the short stretches between anchors go to ``SequenceMatcher``.
The hunks are then written exactly as ``difflib.unified_diff`` writes them.
"""

from __future__ import annotations

import bisect
import difflib
from collections import Counter
from collections.abc import Iterator, Sequence

Block = tuple[int, int, int]
"""``a[i:i+n] == b[j:j+n]``."""

SMALL = 40_000
"""Stretches with fewer line pairs than this are compared by ``SequenceMatcher``."""


def unified_diff(
    a: Sequence[str], b: Sequence[str], fromfile: str, tofile: str, n: int = 3
) -> Iterator[str]:
    """The lines of ``difflib.unified_diff(a, b, fromfile, tofile, n=n)``."""
    started = False
    for group in _grouped(_opcodes(a, b), n):
        if not started:
            started = True
            yield f"--- {fromfile}\n"
            yield f"+++ {tofile}\n"
        first, last = group[0], group[-1]
        old = _range(first[1], last[2])
        new = _range(first[3], last[4])
        yield f"@@ -{old} +{new} @@\n"
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                yield from (" " + line for line in a[i1:i2])
                continue
            if tag in ("replace", "delete"):
                yield from ("-" + line for line in a[i1:i2])
            if tag in ("replace", "insert"):
                yield from ("+" + line for line in b[j1:j2])


def _range(start: int, stop: int) -> str:
    beginning = start + 1
    length = stop - start
    if length == 1:
        return str(beginning)
    if not length:
        beginning -= 1
    return f"{beginning},{length}"


Opcode = tuple[str, int, int, int, int]


def _grouped(codes: list[Opcode], n: int) -> Iterator[list[Opcode]]:
    """``SequenceMatcher.get_grouped_opcodes``, from given opcodes."""
    if not codes:
        codes = [("equal", 0, 1, 0, 1)]
    if codes[0][0] == "equal":
        tag, i1, i2, j1, j2 = codes[0]
        codes[0] = tag, max(i1, i2 - n), i2, max(j1, j2 - n), j2
    if codes[-1][0] == "equal":
        tag, i1, i2, j1, j2 = codes[-1]
        codes[-1] = tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n)
    span = n + n
    group: list[Opcode] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > span:
            group.append((tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n)))
            yield group
            group = []
            i1, j1 = max(i1, i2 - n), max(j1, j2 - n)
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        yield group


def _opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    blocks: list[Block] = []
    _match(a, b, 0, len(a), 0, len(b), blocks)
    codes: list[Opcode] = []
    i = j = 0
    for ai, bj, size in [*_merged(blocks), (len(a), len(b), 0)]:
        tag = ""
        if i < ai and j < bj:
            tag = "replace"
        elif i < ai:
            tag = "delete"
        elif j < bj:
            tag = "insert"
        if tag:
            codes.append((tag, i, ai, j, bj))
        i, j = ai + size, bj + size
        if size:
            codes.append(("equal", ai, i, bj, j))
    return codes


def _merged(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in sorted(blocks):
        if out and out[-1][0] + out[-1][2] == block[0] and out[-1][1] + out[-1][2] == block[1]:
            out[-1] = (out[-1][0], out[-1][1], out[-1][2] + block[2])
        elif block[2]:
            out.append(block)
    return out


def _match(
    a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int, out: list[Block]
) -> None:
    """Append the matching blocks of ``a[alo:ahi]`` and ``b[blo:bhi]`` to ``out``."""
    head = 0
    while alo + head < ahi and blo + head < bhi and a[alo + head] == b[blo + head]:
        head += 1
    if head:
        out.append((alo, blo, head))
        alo, blo = alo + head, blo + head
    tail = 0
    while alo < ahi - tail and blo < bhi - tail and a[ahi - tail - 1] == b[bhi - tail - 1]:
        tail += 1
    if tail:
        out.append((ahi - tail, bhi - tail, tail))
        ahi, bhi = ahi - tail, bhi - tail
    if alo == ahi or blo == bhi:
        return
    anchors = _anchors(a, b, alo, ahi, blo, bhi) if (ahi - alo) * (bhi - blo) > SMALL else []
    if not anchors:
        matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
        out.extend((alo + i, blo + j, size) for i, j, size in matcher.get_matching_blocks())
        return
    i, j = alo, blo
    for ai, bj in anchors:
        _match(a, b, i, ai, j, bj, out)
        out.append((ai, bj, 1))
        i, j = ai + 1, bj + 1
    _match(a, b, i, ahi, j, bhi, out)


def _anchors(
    a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int]]:
    """Lines found once in each stretch, in the longest run in the same order on both sides."""
    in_a = Counter(a[alo:ahi])
    in_b = Counter(b[blo:bhi])
    where = {line: j for j in range(blo, bhi) if in_b[line := b[j]] == 1 and in_a[line] == 1}
    pairs = [(i, where[a[i]]) for i in range(alo, ahi) if a[i] in where]
    # Longest increasing subsequence of the b positions (patience sorting).
    tops: list[int] = []
    top_index: list[int] = []
    previous: list[int] = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        pile = bisect.bisect_left(tops, j)
        if pile == len(tops):
            tops.append(j)
            top_index.append(index)
        else:
            tops[pile] = j
            top_index[pile] = index
        previous[index] = top_index[pile - 1] if pile else -1
    run: list[tuple[int, int]] = []
    index = top_index[-1] if top_index else -1
    while index >= 0:
        run.append(pairs[index])
        index = previous[index]
    return run[::-1]
