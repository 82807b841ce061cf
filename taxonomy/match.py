"""Scoring a pair of labels: how sure we are that they name the same thing, and why.

The score is a soft TF-IDF cosine (Cohen, Ravikumar and Fienberg, 2003) over the labels' terms:
each term weighs its inverse document frequency in the vocabulary, so words shared by much of the
vocabulary count for little, and near-identical terms (a typo, "Mongolian" for "Mongolia") match
at a discount. Known entities are compared by identity: "US" and "USA" are the same country,
"India" and "Indonesia" never are, and different numbers ("2008", "2010") never merge.

:class:`Matcher` scores pairs by index, caching each label's weighted terms; the reason a person
reads is only put into words for the pairs that need one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from taxonomy.vocabulary import Profile, Vocabulary

TYPO_SIMILARITY = 0.95
STEM_SIMILARITY = 0.9
ADJECTIVE_SIMILARITY = 0.8
EXTENSION_SIMILARITY = 0.8
INITIALISM_SCORE = 90.0
MIN_INITIALISM = 3
NOTHING_SHARED_FACTOR = 0.5
# A letter left out counts as a slip only in words this long; shorter words that differ by a
# letter are as often two words (storing/string, foldr/folder).
MIN_TYPO_DELETION = 7
MIN_TYPO_SWAP = 5
SIMILARITY_CACHE = 200_000
BAG_CACHE = 200_000


@dataclass(frozen=True, slots=True)
class Pair:
    """The comparison of two labels: a score 0-100 (0 when vetoed) and the evidence."""

    score: float
    reason: str
    evidence: tuple[str, ...] = ()
    vetoed: bool = False


def term_similarity(x: str, y: str, vocab: Vocabulary) -> tuple[float, str]:
    """How alike two different terms are: one stem, a typo, an extension, or not alike (0)."""
    if not (x.isalpha() and y.isalpha()):
        return 0.0, ""
    if len(x) >= 4 and len(y) >= 4 and vocab.stem(x) == vocab.stem(y):
        return STEM_SIMILARITY, f"'{x}' and '{y}' share the stem '{vocab.stem(x)}'"
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    if len(short) >= 4 and len(long_) - len(short) <= 3 and long_.startswith(short):
        return EXTENSION_SIMILARITY, f"'{long_}' extends '{short}'"
    if len(short) >= MIN_TYPO_SWAP and x[0] == y[0]:
        # A slip of the hand: a letter left out or doubled, or two swapped; not another letter
        # put in place of one (model/modal, generic/genetic are different words).
        if _swapped(x, y) or (
            len(short) >= MIN_TYPO_DELETION and Indel.distance(x, y, score_cutoff=1) <= 1
        ):
            return TYPO_SIMILARITY, f"'{x}' ~ '{y}' (spelling)"
    return 0.0, ""


def _swapped(x: str, y: str) -> bool:
    """Two neighbouring letters swapped (histroy / history)."""
    if len(x) != len(y):
        return False
    diff = [k for k in range(len(x)) if x[k] != y[k]]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and x[diff[0]] == y[diff[1]]
        and x[diff[1]] == y[diff[0]]
    )


@dataclass(slots=True)
class Bag:
    """A label's weighted terms; an entity mention is one term standing for the entity."""

    weights: dict[str, float]
    surface: dict[str, str]
    norm: float
    sorted_terms: tuple[str, ...]


def make_bag(profile: Profile, vocab: Vocabulary, known: dict[str, float] | None = None) -> Bag:
    """A label's bag; ``known`` keeps the weight of each term once computed (a Matcher's)."""
    known = {} if known is None else known
    terms = profile.terms
    if not profile.mentions:  # most labels: a term's weight is the same wherever it occurs
        for term in terms:
            if term not in known:
                known[term] = vocab.weight(term)
        plain = {term: known[term] for term in terms}
        norm = math.sqrt(sum([w * w for w in plain.values()]))
        return Bag(plain, {}, norm, terms if len(terms) < 2 else tuple(sorted(terms)))
    weights: dict[str, float] = {}
    surface: dict[str, str] = {}
    covered: set[int] = set()
    for mention in profile.mentions:
        span = profile.terms[mention.start : mention.end]
        weight = max(vocab.weight(term) for term in span)
        # An adjective ("Japanese") names its country less surely than the name does: it
        # stands for the entity as a term of its own, matched softly with the name.
        key = "@" + mention.entity_id + ("~adjective" if mention.adjective else "")
        weights[key] = max(weights.get(key, 0.0), weight)
        surface.setdefault(key, " ".join(span))
        covered.update(range(mention.start, mention.end))
    for position, term in enumerate(profile.terms):
        if position not in covered:
            found = known.get(term)
            if found is None:
                found = known[term] = vocab.weight(term)
            weights[term] = max(weights.get(term, 0.0), found)
    norm = math.sqrt(sum([w * w for w in weights.values()]))
    return Bag(weights, surface, norm, terms if len(terms) < 2 else tuple(sorted(terms)))


def initials(terms: tuple[str, ...], stopwords: frozenset[str]) -> set[str]:
    """The first letters of a label's words, and of those that are not function words (none
    where a word does not start with a letter, or the label is one word)."""
    if len(terms) < 2:
        return set()
    every = "".join([term[0] for term in terms])
    if not every.isalpha():
        return set()
    if stopwords.isdisjoint(terms):
        return {every}
    return {every, "".join([term[0] for term in terms if term not in stopwords])} - {""}


def initialism(a: Profile, b: Profile, vocab: Vocabulary) -> str | None:
    """'ADB' and 'Asian Development Bank': one label, written in capitals, is the initials of
    the other's words. Lower-case short labels ('std', 'tcl') are too often words of their own."""
    for short, long_ in ((a, b), (b, a)):
        if (
            len(short.terms) == 1
            and MIN_INITIALISM <= len(short.terms[0]) <= 6
            and short.label.strip().isupper()
            and short.terms[0] in initials(long_.terms, vocab.stopwords)
        ):
            return f"'{short.label}' is the initials of '{long_.label}'"
    return None


class Matcher:
    """Scores pairs of the profiles of one vocabulary."""

    def __init__(self, profiles: list[Profile], vocab: Vocabulary) -> None:
        self.profiles = profiles
        self.vocab = vocab
        self._bags: dict[int, Bag] = {}
        self._similar: dict[tuple[str, str], tuple[float, str]] = {}
        self._weights: dict[str, float] = {}  # each term's weight, once computed

    def bag(self, index: int) -> Bag:
        bag = self._bags.get(index)
        if bag is None:
            if len(self._bags) > BAG_CACHE:
                self._bags.clear()
            bag = self._bags[index] = make_bag(self.profiles[index], self.vocab, self._weights)
        return bag

    def keep(self, indices: Iterable[int], bags: Iterable[Bag]) -> None:
        """Bags made elsewhere (from this vocabulary), kept while the cache has room."""
        room = BAG_CACHE - len(self._bags)
        for index, bag in zip(indices, bags, strict=True):
            if room <= 0:
                break
            if index not in self._bags:
                self._bags[index] = bag
                room -= 1

    def score(self, i: int, j: int) -> float:
        """The score alone (0 when vetoed): the fast path for every candidate pair."""
        return self._match(i, j, explain=False).score

    def compare(self, i: int, j: int) -> Pair:
        """The score with a reason a person can follow."""
        return self._match(i, j, explain=True)

    def _similarity(self, x: str, y: str) -> tuple[float, str]:
        # Keyed in the order asked: the reason names the terms in that order, so that it never
        # depends on which pair happened to be scored first.
        key = (x, y)
        found = self._similar.get(key)
        if found is None:
            if len(self._similar) > SIMILARITY_CACHE:
                self._similar.clear()
            found = self._similar[key] = term_similarity(x, y, self.vocab)
        return found

    def _match(self, i: int, j: int, *, explain: bool) -> Pair:
        a, b = self.profiles[i], self.profiles[j]
        if a.numbers != b.numbers:
            shown = " vs ".join(" ".join(p.numbers) or "none" for p in (a, b))
            return Pair(0.0, f"different numbers: {shown}" if explain else "", vetoed=True)
        ids_a, ids_b = a.entity_ids, b.entity_ids
        if ids_a != ids_b:
            only_a, only_b = ids_a - ids_b, ids_b - ids_a
            if only_a and only_b:
                reason = ""
                if explain:
                    reason = (
                        f"name different entities: {_entity_names(a, only_a)} vs "
                        f"{_entity_names(b, only_b)}"
                    )
                return Pair(0.0, reason, vetoed=True)
        if a.terms == b.terms:
            return Pair(100.0, "same words; only case, accents, spacing or punctuation differ")
        bags = self._bags
        bag_a = bags.get(i) or self.bag(i)
        bag_b = bags.get(j) or self.bag(j)
        if bag_a.sorted_terms == bag_b.sorted_terms:
            return Pair(99.0, "same words in another order")
        if a.compact == b.compact or a.joined == b.joined:
            return Pair(98.0, "same letters; only the spacing between words differs")
        left = dict(bag_a.weights)
        right = dict(bag_b.weights)
        dot = 0.0
        shared: list[str] = []
        for key in bag_a.weights:
            if key in right:
                dot += left.pop(key) * right.pop(key)
                shared.append(key)
        # A key of one label only is spelled by that label's surface; a shared entity by the
        # second label's (as the two surfaces merged, the second's winning, would give).
        surface_a, surface_b = bag_a.surface, bag_b.surface
        soft: list[str] = []
        if left and right:
            fuzzy: list[tuple[float, str, str, str]] = []
            cache, similar = self._similar, self._similarity
            theirs = [
                (y, y[0] == "@", spelled(y, surface_b.get(y)), y.split("~")[0]) for y in right
            ]
            for x in left:
                x_entity = x[0] == "@"
                x_form = spelled(x, surface_a.get(x))
                x_base = x.split("~")[0] if x_entity else x
                for y, y_entity, y_form, y_base in theirs:
                    if x_entity and y_entity:
                        if x_base == y_base:
                            fuzzy.append((ADJECTIVE_SIMILARITY, x, y, "adjective"))
                        continue
                    sim, why = cache.get((x_form, y_form)) or similar(x_form, y_form)
                    if sim > 0:
                        fuzzy.append((sim, x, y, why))
            fuzzy.sort(reverse=True)
            for sim, x, y, why in fuzzy:
                if x in left and y in right:
                    dot += left.pop(x) * right.pop(y) * sim
                    soft.append(
                        _adjective_reason(x, y, {**surface_a, **surface_b})
                        if why == "adjective"
                        else why
                    )
        norm = bag_a.norm * bag_b.norm
        score = 100.0 * dot / norm if norm else 0.0
        vocab = self.vocab
        if not soft and not any(telling(key, surface_b, vocab) for key in shared):
            # Sharing only a number, function words or words common to the vocabulary is no sign.
            score *= NOTHING_SHARED_FACTOR
        if score < INITIALISM_SCORE and (len(a.terms) == 1 or len(b.terms) == 1):
            acronym = initialism(a, b, vocab)
            if acronym:
                return Pair(INITIALISM_SCORE, acronym)
        if not explain:
            return Pair(round(score, 1), "")
        surface = {**surface_a, **surface_b}
        return Pair(
            round(score, 1),
            _reason(a, b, vocab, shared, soft, left, right, surface),
            evidence=tuple(soft),
        )


def telling(key: str, surface: dict[str, str], vocab: Vocabulary) -> bool:
    """Whether two labels sharing a key is a sign of likeness: not a number, a function word,
    a word common to the vocabulary, nor an entity named only by such words."""
    if key[0] == "@":
        return not _common_entity(key, surface, vocab)
    return not _common(key, vocab) and not key.isdigit()


def spelled(key: str, surface: str | None) -> str:
    """How a key is compared with another: its surface without spaces (terms have none)."""
    return key if surface is None else surface.replace(" ", "")


def _entity_names(profile: Profile, ids: frozenset[str]) -> str:
    return "/".join(sorted({m.text for m in profile.mentions if m.entity_id in ids}))


def _adjective_reason(x: str, y: str, surface: dict[str, str]) -> str:
    adjective, name = (x, y) if x.endswith("~adjective") else (y, x)
    return f"'{surface[adjective]}' is the adjective of '{surface[name]}'"


def _common_entity(key: str, surface: dict[str, str], vocab: Vocabulary) -> bool:
    return all(vocab.is_context(term) for term in surface[key].split())


def _common(term: str, vocab: Vocabulary) -> bool:
    return term[0] == "@" or vocab.is_context(term) or term in vocab.stopwords


def _reason(
    a: Profile,
    b: Profile,
    vocab: Vocabulary,
    shared: list[str],
    soft: list[str],
    left: dict[str, float],
    right: dict[str, float],
    surface: dict[str, str],
) -> str:
    parts: list[str] = []
    for key in shared:
        if key[0] != "@":
            continue
        ids = frozenset({key[1:].split("~")[0]})
        names = sorted({_entity_names(a, ids), _entity_names(b, ids)})
        if len(names) > 1:
            parts.append("'" + "' and '".join(names) + "' name the same entity")
        elif not _common_entity(key, surface, vocab):
            parts.append(f"both name {names[0]}")
    distinctive = [w for w in shared if w[0] != "@" and not vocab.is_context(w)]
    if distinctive:
        parts.append("share " + ", ".join(f"'{w}'" for w in distinctive))
    parts.extend(soft)
    extra = [w for w in (*left, *right) if w[0] != "@"]
    if extra:
        common = [w for w in extra if vocab.is_context(w) or w in vocab.stopwords]
        rare = [w for w in extra if w not in common]
        if rare:
            parts.append("differ in " + ", ".join(f"'{w}'" for w in rare))
        if common:
            parts.append("differ only in common words " + ", ".join(f"'{w}'" for w in common))
    return "; ".join(parts) or "similar spelling"
