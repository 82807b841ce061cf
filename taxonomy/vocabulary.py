"""What the matcher learns from a vocabulary before comparing labels.

Every label becomes a :class:`Profile`: its words folded (case, accents, punctuation), plurals
folded where the vocabulary itself holds the singular, version numbers made canonical, and the
known entities (countries, organisations) it mentions. The :class:`Vocabulary` holds how many
labels use each word: words that occur in a large share of the labels ("Mongolia" on a blog about
Mongolia, "and") weigh little, rare words weigh much (inverse document frequency).
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import Stemmer

from taxonomy.errors import UsageError
from taxonomy.knowledge import Knowledge, knowledge
from taxonomy.normalize import tokens_and_raw_words

_VERSION = re.compile(r"^v?(\d+(?:\.\d+)*)$")
_VOWEL = re.compile(r"[aeiouy]")
_NUMBER = re.compile(r"^\d+(?:\.\d+)*$")
STOPWORD_FACTOR = 0.2
# A word in at least this share of the labels (and in CONTEXT_MIN_LABELS of them) is context:
# it says little about what a label is about and is left out of the blocking keys.
CONTEXT_SHARE = 0.05
CONTEXT_MIN_LABELS = 5


@dataclass(frozen=True, slots=True)
class Mention:
    """A known entity named by a run of a label's terms."""

    entity_id: str
    start: int
    end: int
    text: str
    variant: str | None = None  # why the label's spelling deserves a repair, if it does
    adjective: bool = False  # "Japanese" for Japan


@dataclass(frozen=True, slots=True)
class Profile:
    """One label as the matcher sees it."""

    index: int
    label: str
    terms: tuple[str, ...]
    core: tuple[str, ...]
    mentions: tuple[Mention, ...]
    numbers: tuple[str, ...]
    joined: str
    # Derived once here: the matcher asks for both on every pair it scores.
    entity_ids: frozenset[str] = field(init=False)
    compact: str = field(init=False)

    def __post_init__(self) -> None:
        # Equal values share one object where they can (a million labels hold a million of
        # each): the empty set of entities, and the compact form where it is the joined one.
        ids = frozenset(m.entity_id for m in self.mentions) if self.mentions else _NO_ENTITIES
        compact = "".join(self.terms)
        object.__setattr__(self, "entity_ids", ids)
        object.__setattr__(self, "compact", self.joined if compact == self.joined else compact)


_NO_ENTITIES: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Vocabulary:
    """Word statistics of the labels being compared, and the stems of their words."""

    size: int
    df: Counter[str]
    stopwords: frozenset[str]
    stems: dict[str, str]

    def stem(self, term: str) -> str:
        return self.stems.get(term, term)

    def weight(self, term: str) -> float:
        """Inverse document frequency, lowered for function words and for entity stand-ins."""
        df = self.df.get(term, 1)
        weight = math.log(1.0 + self.size / df)
        if term in self.stopwords:
            weight *= STOPWORD_FACTOR
        return weight

    def is_context(self, term: str) -> bool:
        df = self.df.get(term, 0)
        return df >= CONTEXT_MIN_LABELS and df >= CONTEXT_SHARE * self.size


def _crude_singulars(word: str) -> tuple[str, ...]:
    if word.endswith("ies"):
        return (word[:-3] + "y",)
    if word.endswith("es"):
        return (word[:-2], word[:-1])
    if word.endswith("s") and not word.endswith("ss"):
        return (word[:-1],)
    return ()


def plural_map(words: set[str], stem: Callable[[list[str]], list[str]]) -> dict[str, str]:
    """Plural -> singular, only where the singular is itself a word of the vocabulary.

    A word ending in -s, -es or -ies folds to the word without it when the vocabulary holds
    that word and both have the same Snowball stem: "reviews" -> "review", "policies" ->
    "policy", but not "news" -> "new" (stems "news", "new") nor "physics" (no "physic" in the
    vocabulary). The singular must have a vowel, so acronyms stay whole ("ssms", "ssm").
    """
    pairs = [
        (word, singular)
        for word in words
        if len(word) >= 4 and word.isalpha() and word.endswith("s")
        for singular in _crude_singulars(word)
        if singular in words and _VOWEL.search(singular)
    ]
    if not pairs:
        return {}
    plural_stems = stem([word for word, _ in pairs])
    singular_stems = stem([singular for _, singular in pairs])
    mapping: dict[str, str] = {}
    for (word, singular), a, b in zip(pairs, plural_stems, singular_stems, strict=True):
        if a == b and word not in mapping:
            mapping[word] = singular
    return mapping


def canonical_term(word: str) -> str:
    """Version numbers compare as numbers: ``v3``, ``3.0`` and ``3`` are one term."""
    match = _VERSION.match(word)
    if match is None:
        return word
    number = match.group(1)
    while number.endswith(".0"):
        number = number[:-2]
    return number


def find_mentions(
    terms: Sequence[str], raw: Sequence[str] | None, kb: Knowledge
) -> tuple[Mention, ...]:
    """Known entities in a label, longest first, not overlapping.

    Codes and acronyms (US, UK, NATO) count only when written in capitals, or when the
    whole label is the code, so that the words "in", "it" and "us" stay words.
    """
    if kb.starts.isdisjoint(terms):  # most labels: no word can begin a known name
        return ()
    mentions: list[Mention] = []
    n = len(terms)
    i = 0
    longest = kb.longest
    while i < n:
        found = None
        for j in range(min(n, i + longest.get(terms[i], 0)), i, -1):
            forms = kb.lookup(tuple(terms[i:j]))
            for form in forms:
                variant = "a former name" if form.former else None
                if form.code and not _written_as_code(raw, i, j, n):
                    if not _miscased_acronym(raw, i, j):
                        continue
                    variant = f"the acronym {form.text} written in other case"
                found = Mention(form.entity.id, i, j, form.text, variant, form.adjective)
                break
            if found:
                break
        if found is None:
            for form in kb.lookup_joined(terms[i]):
                written = f"{form.text} written as one word"
                found = Mention(form.entity.id, i, i + 1, form.text, written)
                break
        if found:
            mentions.append(found)
            i = found.end
        else:
            i += 1
    return tuple(mentions)


def _miscased_acronym(raw: Sequence[str] | None, i: int, j: int) -> bool:
    """``Nato`` for NATO: a capitalised word of four letters or more that is an acronym."""
    if raw is None or j - i != 1:
        return False
    word = raw[i]
    return len(word) >= 4 and word[:1].isupper() and not word.isupper()


def _written_as_code(raw: Sequence[str] | None, i: int, j: int, n: int) -> bool:
    if raw is None:
        return n == j - i
    written = "".join(raw[i:j])
    return (written.isupper() and len(written) >= 2) or (n == j - i and n == 1)


def stemmer(language: str) -> Callable[[list[str]], list[str]]:
    """The Snowball stemmer of a language (PyStemmer, in C), as a function over a list of
    words."""
    try:
        algorithm = Stemmer.Stemmer(language)
    except KeyError:
        known = ", ".join(Stemmer.algorithms())
        raise UsageError(f"no stemmer for language {language!r}; choose one of: {known}") from None
    return algorithm.stemWords  # type: ignore[no-any-return]


def build(labels: Sequence[str], language: str = "english") -> tuple[Vocabulary, list[Profile]]:
    """Profiles for every label and the statistics they are weighed by."""
    kb = knowledge()
    both = [tokens_and_raw_words(label) for label in labels]
    token_lists = [toks for toks, _ in both]
    words = {word for toks in token_lists for word in toks}
    stem_words = stemmer(language)
    plurals = plural_map(words, stem_words)
    # Each distinct word is made a term once (most words recur across labels).
    term_of = {word: sys.intern(canonical_term(plurals.get(word, word))) for word in words}
    term_lists: list[tuple[str, ...]] = []
    df: Counter[str] = Counter()
    for toks in token_lists:
        terms = tuple([term_of[word] for word in toks])
        term_lists.append(terms)
        df.update(set(terms))
    alphabetic = sorted(term for term in df if term.isalpha() and len(term) >= 4)
    stems = dict(zip(alphabetic, stem_words(alphabetic), strict=True))
    vocab = Vocabulary(size=len(labels), df=df, stopwords=kb.stopwords, stems=stems)
    context = {term for term in df if vocab.is_context(term)}
    numeric = {term for term in df if _NUMBER.match(term)}
    profiles = []
    no_numbers: tuple[str, ...] = ()
    for index, (label, (toks, raw), terms) in enumerate(zip(labels, both, term_lists, strict=True)):
        core = terms
        if not context.isdisjoint(terms):
            core = tuple([term for term in terms if term not in context]) or terms
        numbers = no_numbers
        if not numeric.isdisjoint(terms):
            numbers = tuple(sorted([term for term in terms if term in numeric]))
        profiles.append(
            Profile(
                index,
                label,
                terms,
                core,
                find_mentions(terms, raw if len(raw) == len(toks) else None, kb),
                numbers,
                "".join(toks),
            )
        )
    return vocab, profiles
