"""Word-level facts for the sidebar splitter: a word's shape and the function words of a page."""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

FUNCTION_TEXT = 200
FUNCTION_SHARE = 0.015
_LETTERS = re.compile(r"[^\W\d_]+")


def function_words(text: str) -> set[str]:
    """The function words of running text: words making up at least ``FUNCTION_SHARE`` of
    at least ``FUNCTION_TEXT`` words, written in lower case at least 80% of the time."""
    words = _LETTERS.findall(text)
    if len(words) < FUNCTION_TEXT:
        return set()
    counts = Counter(word.casefold() for word in words)
    lower = Counter(word for word in words if word.islower())
    floor = max(3, FUNCTION_SHARE * len(words))
    return {word for word, n in counts.items() if n >= floor and lower[word] >= 0.8 * n}


def is_two_letter_word(word: str) -> bool:
    """A capital then a small letter (``An``, ``Le``, ``El``), not ``UK``, ``3D`` or ``東京``."""
    return len(word) == 2 and word[0].isupper() and word[1].islower()


def lower_runs(shapes: list[str]) -> float:
    """The share of lower-case words followed by another lower-case word."""
    pairs = [b == "lower" for a, b in pairwise(shapes) if a == "lower"]
    return sum(pairs) / len(pairs) if pairs else 0.0


def shape(word: str) -> str:
    """``upper``/``lower`` by the first letter with a case; ``other`` for numbers and caseless
    scripts; ``symbol`` for a token without letters or digits."""
    for ch in word:
        if ch.isupper():
            return "upper"
        if ch.islower():
            return "lower"
        if ch.isalnum():
            return "other"
    return "symbol"
