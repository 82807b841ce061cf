"""Numbers for the keys labels are compared by, and arrays that forked workers fill together.

The bulk filter (:mod:`taxonomy.gate`) and the score bound (:mod:`taxonomy.bound`) hold every
label's keys as numbers in numpy arrays. The numbers come from the vocabulary, fixed before any
worker is forked, so that each worker can fill the arrays for its share of the labels: the
arrays live in memory the workers share with the scan (:func:`shared_array`), and each label's
column is written by exactly one process.
"""

from __future__ import annotations

import mmap

import numpy as np

from taxonomy.knowledge import knowledge
from taxonomy.vocabulary import Vocabulary


class KeyNumbers:
    """A number for each term of a vocabulary, each stem, and each known entity (as a name and
    as an adjective), the same in every process forked after it is made."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.terms = {term: k for k, term in enumerate(vocab.df)}
        stems: dict[str, int] = {}
        self.stems = {term: stems.setdefault(vocab.stem(term), len(stems)) for term in vocab.df}
        self.stem_count = len(stems)
        self.entities = {entity: k for k, entity in enumerate(knowledge().entities)}

    @property
    def first_entity(self) -> int:
        """The number of the first entity's key: terms are numbered before."""
        return len(self.terms)

    def key(self, key: str) -> int:
        """A key of :func:`taxonomy.match.make_bag`: a term, ``@id`` or ``@id~adjective``."""
        if key[0] != "@":
            return self.terms[key]
        entity, _, adjective = key[1:].partition("~")
        return len(self.terms) + 2 * self.entities[entity] + (1 if adjective else 0)

    def stem(self, term: str) -> int:
        """The stem of a term (terms with one stem share it)."""
        return self.stems[term]

    def stem_of_entity(self, entity: str) -> int:
        """An entity where stems are counted: one stem, whatever names it."""
        return self.stem_count + self.entities[entity]


def shared_array(shape: tuple[int, ...], dtype: type, fill: object) -> np.ndarray:
    """An array in anonymous shared memory: what a process forked after it is made writes into
    it, the others see. Filled with ``fill``."""
    count = 1
    for size in shape:
        count *= size
    buffer = mmap.mmap(-1, max(1, count * np.dtype(dtype).itemsize))
    array: np.ndarray = np.frombuffer(buffer, dtype=dtype, count=count).reshape(shape)
    array[...] = fill
    return array


def share(parts: int, n: int) -> list[range]:
    """The labels 0..n-1 cut into ``parts`` ranges of nearly equal size."""
    step = max(1, -(-n // max(1, parts)))
    return [range(start, min(start + step, n)) for start in range(0, n, step)] or [range(0)]
