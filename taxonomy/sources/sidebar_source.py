"""``sidebar``: the text of a captured page whose category widget lost its line breaks.

Finding the list: the first non-blank line under a heading line ``Categories``, ``Labels``,
``Tags`` or ``Topics`` (any case, an optional colon); with several such headings, the one with
the most words under it. Without a heading, the longest line of the file. A line of more than
``RUN_WORDS`` words, or a lone line, is a *run*: labels separated by single spaces, whose
boundaries :mod:`taxonomy.sources._sidebar_split` recovers (and reports where unsure), helped
by the function words of the rest of the page (``the``, ``of``, ``and``: connectors). Several
short lines under the heading are a widget that kept its line breaks: one label a line, until
a blank line. A run that separates its labels (``,``, ``|``, ``•`` or ``·`` between spaces)
or shows counts (``News (12) Sports (3)``) is cut there instead of guessed.

Labels have kind ``label`` (a widget does not tell categories from tags), no count unless the
page shows one (``(12)`` after the label), the line of the run or of the label as location,
and no posts.
"""

from __future__ import annotations

import re

from taxonomy.errors import SourceError
from taxonomy.model import Ambiguity, Inventory, Label, Location
from taxonomy.sources._common import LoadOptions, Source
from taxonomy.sources._sidebar_split import segment
from taxonomy.sources._sidebar_words import function_words

RUN_WORDS = 12
MAX_RUN_WORDS = 10_000
_HEADING = re.compile(r"^\s*(categories|labels|tags|topics)\s*:?\s*$", re.IGNORECASE)
_COUNT_TOKEN = re.compile(r"^\((\d+)\)$")
_TRAILING_COUNT = re.compile(r"^(.*?)\s*\((\d+)\)$")
_SEPARATOR = re.compile(r"\s+[|•·]\s+|,\s+")
_BULLET = re.compile(r"^[-*•·]\s+")

Found = list[tuple[str, int | None]]


def load(src: Source, options: LoadOptions) -> Inventory:
    lines = src.read_text().splitlines()
    number, block = _find_list(lines, src.name)
    ambiguities: list[Ambiguity] = []
    if len(block) == 1 or len(block[0].split()) > RUN_WORDS:
        here = Location(src.name, number)
        prose = "\n".join(lines[: number - 1] + lines[number:])
        found, notes = _read_run(block[0], src.name, number, function_words(prose))
        located = [(name, count, here) for name, count in found]
        ambiguities = [Ambiguity(note, here) for note in notes]
    else:
        located = []
        for offset, line in enumerate(block):
            name, count = _split_count(_BULLET.sub("", line.strip()))
            if name:
                located.append((name, count, Location(src.name, number + offset)))
    labels: dict[str, Label] = {}
    for name, count, here in located:
        seen = labels.get(name)
        if seen is None:
            labels[name] = Label(name, count, locations=(here,))
        else:
            total = count if seen.count is None else seen.count + (count or 0)
            locations = seen.locations + ((here,) if here not in seen.locations else ())
            labels[name] = Label(name, total, locations=locations)
    return Inventory(
        source=src.name,
        format="sidebar",
        labels=tuple(labels.values()),
        ambiguities=tuple(ambiguities),
    )


def _find_list(lines: list[str], path: str) -> tuple[int, list[str]]:
    """The 1-based line number where the list starts, and its lines."""
    candidates: list[tuple[int, list[str]]] = []
    for index, line in enumerate(lines):
        if not _HEADING.match(line):
            continue
        start = index + 1
        while start < len(lines) and not lines[start].strip():
            start += 1
        block: list[str] = []
        for following in lines[start:]:
            if not following.strip() or _HEADING.match(following):
                break
            block.append(following)
        if block:
            candidates.append((start + 1, block))
    if candidates:
        return max(candidates, key=lambda found: sum(len(line.split()) for line in found[1]))
    plain = [
        (n, line) for n, line in enumerate(lines, 1) if line.strip() and not _HEADING.match(line)
    ]
    if not plain:
        raise SourceError(
            "no label list found: expected a line 'Categories', 'Labels', 'Tags' or 'Topics' "
            "with the labels under it, or the labels run together on one line",
            path=path,
        )
    number, line = max(plain, key=lambda found: len(found[1].split()))
    return number, [line]


def _read_run(line: str, path: str, number: int, hints: set[str]) -> tuple[Found, tuple[str, ...]]:
    """The labels of a run, with counts where it shows them, and notes on the guesses."""
    words = line.split()
    if len(words) > MAX_RUN_WORDS:
        raise SourceError(
            f"the list line has {len(words)} words; a sidebar run of more than "
            f"{MAX_RUN_WORDS} is not supported",
            path=path,
            line=number,
        )
    if any(_COUNT_TOKEN.match(word) for word in words):
        found: Found = []
        pending: list[str] = []
        for word in words:
            match = _COUNT_TOKEN.match(word)
            if match and pending:
                found.append((" ".join(pending), int(match.group(1))))
                pending = []
            elif not match:
                pending.append(word)
        if pending:
            found.append((" ".join(pending), None))
        return found, ()
    if _SEPARATOR.search(line.strip()):
        pieces = (" ".join(piece.split()) for piece in _SEPARATOR.split(line.strip()))
        return [_split_count(piece) for piece in pieces if piece], ()
    result = segment(words, hints)
    return [(name, None) for name in result.labels], result.ambiguities


def _split_count(text: str) -> tuple[str, int | None]:
    """``News (12)`` -> (``News``, 12); text without a trailing count -> (text, None)."""
    match = _TRAILING_COUNT.match(text)
    if match and match.group(1):
        return " ".join(match.group(1).split()), int(match.group(2))
    return " ".join(text.split()), None
