"""Pure string -> key functions: folding case, accents, punctuation and spacing."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A word is letters/digits with trailing ``+``/``#`` (c++, c#); a number keeps its dots (3.0).
_WORD = re.compile(r"\d+(?:\.\d+)+|[^\W_]+(?:\.\d+)*[+#]*|[+#]+")


# Accents are dropped on Latin, Greek and Cyrillic letters only: in other scripts a combining
# mark is part of the letter (Japanese dakuten, Devanagari vowel signs).
_LAST_ALPHABETIC = "\u0530"


def fold(text: str) -> str:
    """Lower case, accents removed; letters of other scripts kept (not transliterated)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept: list[str] = []
    base = ""
    for ch in decomposed:
        if unicodedata.combining(ch):
            if base < _LAST_ALPHABETIC:
                continue
        else:
            base = ch
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


@lru_cache(maxsize=1 << 16)
def tokens(text: str) -> tuple[str, ...]:
    """Words of a label: folded, split on spaces, hyphens, underscores, dots and punctuation.

    ``&`` becomes the word ``and``; ``+`` and ``#`` stay part of a word (``c++``, ``c#``).
    """
    return _split_versions(_WORD.findall(fold(text).replace("&", " and ")))


def raw_words(text: str) -> tuple[str, ...]:
    """The words of a label as written (case kept), aligned with :func:`tokens` where possible."""
    return _split_versions(_WORD.findall(text.replace("&", " and ")))


def tokens_and_raw_words(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """:func:`tokens` and :func:`raw_words` of a label at once: for ASCII text the tokens are
    the raw words in lower case (what words are does not depend on case there)."""
    raw = raw_words(text)
    if text.isascii():
        return tuple([word.lower() for word in raw]), raw
    return tokens(text), raw


_TRAILING_NUMBER = re.compile(r"^([^\W\d_]{2,})(\d+(?:\.\d+)*)$")


def _split_versions(words: list[str]) -> tuple[str, ...]:
    """A word ending in a number is two words: ``python3`` is ``python 3``, ``iis6`` ``iis 6``."""
    result: list[str] = []
    for word in words:
        # Only a word ending in a digit can match: most words are not tried.
        match = _TRAILING_NUMBER.match(word) if word[-1].isdigit() else None
        if match:
            result.extend(match.groups())
        else:
            result.append(word)
    return tuple(result)


def loose_key(text: str) -> str:
    """Labels that differ only by case, accents, spacing or punctuation share this key."""
    return " ".join(tokens(text))
