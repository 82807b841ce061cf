"""Pure string -> key functions: folding case, accents, punctuation and word order."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

_SEPARATORS = re.compile(r"[^\w+#]+")


# Accents are dropped on Latin, Greek and Cyrillic letters only: in other scripts a combining
# mark is part of the letter (Japanese dakuten, Devanagari vowel signs).
_LAST_ALPHABETIC = "\u0530"


def fold(text: str) -> str:
    """Lower case, accents removed; letters of other scripts kept (not transliterated)."""
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


def ascii_fold(text: str) -> str:
    """Transliterate to ASCII where the whole label becomes readable Latin (``Café`` -> ``cafe``)."""
    return anyascii(text).casefold()


@lru_cache(maxsize=1 << 16)
def tokens(text: str) -> tuple[str, ...]:
    """Words of a label: folded, split on spaces, hyphens, underscores, dots and punctuation.

    ``&`` becomes the word ``and``; ``+`` and ``#`` stay part of a word (``c++``, ``c#``).
    """
    folded = fold(text).replace("&", " and ")
    words = []
    for chunk in _SEPARATORS.split(folded):
        word = chunk.lstrip("+#") if chunk[:1] in "+#" and len(chunk) > 1 else chunk
        if word:
            words.append(word)
    return tuple(words)


def loose_key(text: str) -> str:
    """Labels that differ only by case, accents, spacing or punctuation share this key."""
    return " ".join(tokens(text))


def fingerprint(text: str) -> str:
    """OpenRefine's fingerprint key: folded, punctuation removed, unique tokens sorted."""
    return " ".join(sorted(set(tokens(ascii_fold(text)))))
