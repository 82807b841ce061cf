"""Term slugs made the way WordPress makes them (``sanitize_title`` on save, then
``wp_unique_term_slug``): for the terms ``apply`` adds to a WordPress export, and for the URLs
``export`` redirects.

``wp_slug`` follows ``remove_accents`` (Latin letters with marks lose them; ß, æ, ø, œ, đ, ł,
þ and ð are spelled out) and ``sanitize_title_with_dashes`` in its ``save`` context: lower
case, other non-ASCII letters percent-encoded as UTF-8 octets (``한국`` -> ``%ed%95%9c%ea%b5%ad``,
as WordPress stores them), no-break spaces, en and em dashes, slashes and dots turned into
hyphens, typographic quotes and marks dropped, ``×`` -> ``x``, any other character outside
``[a-z0-9_-]`` dropped, runs of whitespace and hyphens one hyphen, none at either end, 200
bytes at most. It is an approximation of WordPress's code, close enough that an import keeps
the slug, and ``unique`` adds ``-2``, ``-3``… as WordPress does when a slug is taken.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container
from urllib.parse import quote

__all__ = ["unique", "wp_slug"]

_SPELLED = {
    "ß": "ss",
    "æ": "ae",
    "Æ": "AE",
    "ø": "o",
    "Ø": "O",
    "œ": "oe",
    "Œ": "OE",
    "đ": "d",
    "Đ": "D",
    "ł": "l",
    "Ł": "L",
    "þ": "th",
    "Þ": "TH",
    "ð": "d",
    "Ð": "D",
}
_HYPHEN = "\u00a0\u2013\u2014/."
_DROPPED = "¡¿«»‹›‘’‚“”„©®°…™´ˊ\u0301\u0341\u0300\u0304\u030c\u200b\u200c\u200d\ufeff"


def _plain(char: str) -> str:
    """``remove_accents`` for one character: a Latin letter without its marks."""
    if char in _SPELLED:
        return _SPELLED[char]
    if char.isascii():
        return char
    base = unicodedata.normalize("NFD", char)
    if base[0].isascii() and all(unicodedata.combining(mark) for mark in base[1:]):
        return base[0]
    return char


def wp_slug(name: str) -> str:
    """The slug WordPress gives a new term named ``name`` (before making it unique)."""
    text = re.sub(r"<[^>]*>", "", name)
    text = "".join(_plain(char) for char in text).lower()
    text = text.replace("×", "x")
    text = "".join("-" if char in _HYPHEN else char for char in text if char not in _DROPPED)
    text = re.sub(r"&.+?;", "", text)
    out: list[str] = []
    size = 0
    for char in text:
        if char.isascii():
            piece = char if re.match(r"[a-z0-9 _\-\s]", char) else ""
        else:
            piece = " " if char.isspace() else quote(char, safe="").lower()
        if size + len(piece) > 200:
            break
        out.append(piece)
        size += len(piece)
    slug = re.sub(r"\s+", "-", "".join(out))
    return re.sub(r"-+", "-", slug).strip("-")


def unique(slug: str, taken: Container[str], fallback: str = "term") -> str:
    """``slug``, or ``slug-2``, ``slug-3``… when it is taken; an empty slug becomes
    ``fallback`` (WordPress uses the term's id)."""
    slug = slug or fallback
    if slug not in taken:
        return slug
    number = 2
    while f"{slug}-{number}" in taken:
        number += 1
    return f"{slug}-{number}"
