"""Seeded vocabularies for the scale benchmark: real tags grown with realistic variants.

The real tags are the Stack Overflow and Stack Exchange tag lists under
``shared/data/vocabularies`` (67,499 distinct tags). A vocabulary of ``size`` labels holds a seeded
sample of at most ``size // 2`` real tags (all of them from 134,998 labels up); the rest is made by
a ``random.Random(seed)``:

- ``BLOG_SHARE`` of the made labels are multi-word "blog-like" labels built from the words of real
  tags ("Python and Machine Learning", "testing django forms"), so that not every label is one
  hyphenated token;
- the others are variants of a label already in the vocabulary (a real tag or a blog-like label):
  case, separator (hyphen, space, underscore, joined), plural/singular, a one-letter typo
  (deletion, insertion, swap, substitution), truncation of the last word, word reorder; one
  variant in ``DOUBLE_SHARE`` gets two of these changes.

Everything iterates lists in a fixed order (never a set of strings, whose order depends on
PYTHONHASHSEED), so the same seed, size and data give the same file, byte for byte.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable
from pathlib import Path

GENERATOR_VERSION = 1
REAL_SHARE = 0.5
BLOG_SHARE = 0.4
DOUBLE_SHARE = 0.2
DEFAULT_SEED = 20240601
TAG_FILES = ("stackoverflow-tags.tsv", "stackexchange-sites-tags.tsv")

_SPLIT = re.compile(r"[-_ ]+")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_CONNECTORS = ("and", "for", "in", "with", "of", "&", "on", "vs")
_LEADS = ("Getting started with", "Learning", "Testing", "Debugging", "Notes on", "Intro to")


def read_tags(data_dir: Path) -> list[str]:
    """The distinct real tags, in file order: first Stack Overflow's, then the other sites'.

    ``stackoverflow-tags.tsv`` is ``tag<TAB>count``; ``stackexchange-sites-tags.tsv`` is
    ``site<TAB>tag<TAB>count``; a header line (a count that is not a number) is skipped.
    Tags that a one-label-per-line text file cannot hold as written (empty, starting with ``#``,
    holding spaces or tabs) are left out.
    """
    seen: dict[str, None] = {}
    for name in TAG_FILES:
        path = data_dir / name
        for line in path.read_text(encoding="utf-8").splitlines():
            cells = line.split("\t")
            if len(cells) < 2 or not cells[-1].strip().isdigit():
                continue
            tag = cells[-2].strip()
            if _storable(tag):
                seen.setdefault(tag, None)
    return list(seen)


def _storable(label: str) -> bool:
    return bool(label) and not label.startswith("#") and label == " ".join(label.split())


def _words(label: str) -> list[str]:
    return [word for word in _SPLIT.split(label) if word]


def _change_case(label: str, rng: random.Random) -> str:
    choice = rng.randrange(4)
    if choice == 0:
        return label.upper()
    if choice == 1:
        return label.title()
    if choice == 2:
        return label[:1].upper() + label[1:]
    return label.lower() if label != label.lower() else label.swapcase()


def _change_separator(label: str, rng: random.Random) -> str:
    words = _words(label)
    if len(words) < 2:
        return label
    return rng.choice(("-", " ", "_", "")).join(words)


def _plural(word: str) -> str:
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    return word[:-1]


def _change_number(label: str, rng: random.Random) -> str:
    match = re.search(r"([A-Za-z]{3,})$", label)
    if match is None:
        return label
    word = match.group(1)
    changed = _singular(word) if word.endswith("s") and not word.endswith("ss") else _plural(word)
    return label[: match.start()] + changed


def _typo(label: str, rng: random.Random) -> str:
    spots = [m.span() for m in re.finditer(r"[A-Za-z]{4,}", label)]
    if not spots:
        return label
    start, end = rng.choice(spots)
    word = label[start:end]
    k = rng.randrange(1, len(word))  # keep the first letter: most typos are not at the start
    kind = rng.randrange(4)
    if kind == 0:
        word = word[:k] + word[k + 1 :]
    elif kind == 1:
        word = word[:k] + rng.choice(_LETTERS) + word[k:]
    elif kind == 2 and k < len(word) - 1:
        word = word[:k] + word[k + 1] + word[k] + word[k + 2 :]
    else:
        word = word[:k] + rng.choice(_LETTERS) + word[k + 1 :]
    return label[:start] + word + label[end:]


def _truncate(label: str, rng: random.Random) -> str:
    match = re.search(r"[-_ ]([A-Za-z]{4,})$", label)
    if match is None:
        return label
    word = match.group(1)
    keep = rng.randrange((len(word) + 1) // 2, len(word))
    return label[: match.start(1)] + word[:keep]


def _reorder(label: str, rng: random.Random) -> str:
    words = _words(label)
    if len(words) < 2:
        return label
    separator = " " if " " in label else ("-" if "-" in label else rng.choice(("-", " ")))
    if len(words) == 2:
        return separator.join(reversed(words))
    shuffled = words[:]
    while shuffled == words:
        rng.shuffle(shuffled)
    return separator.join(shuffled)


Change = Callable[[str, random.Random], str]
CHANGES: tuple[tuple[str, Change, int], ...] = (
    ("case", _change_case, 3),
    ("separator", _change_separator, 3),
    ("number", _change_number, 2),
    ("typo", _typo, 2),
    ("truncation", _truncate, 1),
    ("reorder", _reorder, 1),
)
_WEIGHTS = [weight for _, _, weight in CHANGES]


def variant(label: str, rng: random.Random) -> str:
    """One or two seeded changes of ``label``; may return ``label`` when none applies."""
    steps = 2 if rng.random() < DOUBLE_SHARE else 1
    for _name, change, _weight in rng.choices(CHANGES, weights=_WEIGHTS, k=steps):
        label = change(label, rng)
    return label


def blog_label(words: list[str], rng: random.Random) -> str:
    """A multi-word label of the kind blogs use, from words of real tags."""
    count = rng.choice((2, 2, 2, 3, 3, 4))
    picked = [rng.choice(words) for _ in range(count)]
    if count >= 2 and rng.random() < 0.4:
        picked.insert(rng.randrange(1, count), rng.choice(_CONNECTORS))
    if rng.random() < 0.1:
        picked.insert(0, rng.choice(_LEADS))
    text = " ".join(picked)
    style = rng.randrange(3)
    if style == 0:
        small = set(_CONNECTORS)
        return " ".join(w if w in small else w[:1].upper() + w[1:] for w in text.split())
    if style == 1:
        return text[:1].upper() + text[1:]
    return text


def tag_words(tags: Iterable[str]) -> list[str]:
    """Words of the tags, alphabetic and of two letters or more, once per tag that uses them
    (so frequent words are picked more often)."""
    return [w for tag in tags for w in _words(tag) if len(w) >= 2 and w.isalpha()]


def grow(tags: list[str], size: int, seed: int = DEFAULT_SEED) -> list[str]:
    """A vocabulary of exactly ``size`` distinct labels: real tags, blog-like labels, variants."""
    rng = random.Random(seed * 1_000_003 + size)
    n_real = min(len(tags), max(1, int(size * REAL_SHARE)))
    labels: dict[str, None] = dict.fromkeys(rng.sample(tags, n_real))
    pool = list(labels)  # labels that variants are made from
    words = tag_words(tags)
    while len(labels) < size:
        if rng.random() < BLOG_SHARE:
            made = blog_label(words, rng)
            if _storable(made) and made not in labels:
                labels[made] = None
                pool.append(made)
            continue
        made = variant(rng.choice(pool), rng)
        made = " ".join(made.split())
        if _storable(made) and made not in labels:
            labels[made] = None
    return list(labels)


def write_vocabulary(path: Path, labels: list[str]) -> None:
    """One label per line, UTF-8, as the ``text`` source reads it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(label + "\n" for label in labels), encoding="utf-8")
    tmp.replace(path)


def cached_vocabulary(cache: Path, data_dir: Path, size: int, seed: int = DEFAULT_SEED) -> Path:
    """The vocabulary file of ``size`` labels, made once and kept under ``cache``."""
    path = cache / f"vocab-v{GENERATOR_VERSION}-s{seed}-{size}.txt"
    if not path.exists():
        write_vocabulary(path, grow(read_tags(data_dir), size, seed))
    return path
