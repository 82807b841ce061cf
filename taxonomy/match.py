"""Scoring a pair of labels: how sure we are that they name the same thing, and why.

The score is a soft TF-IDF cosine (Cohen, Ravikumar and Fienberg, 2003) over the labels' terms:
each term weighs its inverse document frequency in the vocabulary, so words shared by much of the
vocabulary count for little, and near-identical terms (a typo, "Mongolian" for "Mongolia") match
at a discount. Known entities are compared by identity: "US" and "USA" are the same country,
"India" and "Indonesia" never are, and different numbers ("2008", "2010") never merge.
"""

from __future__ import annotations

import math
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
    if vocab.stem(x) == vocab.stem(y) and len(x) >= 4 and len(y) >= 4:
        return STEM_SIMILARITY, f"'{x}' and '{y}' share the stem '{vocab.stem(x)}'"
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    if long_.startswith(short) and len(short) >= 4 and len(long_) - len(short) <= 3:
        return EXTENSION_SIMILARITY, f"'{long_}' extends '{short}'"
    if len(short) >= 5 and x[0] == y[0]:
        # A slip of the hand: letters left out, doubled or swapped; not another letter put in
        # place of one (model/modal, generic/genetic are different words).
        if Indel.distance(x, y, score_cutoff=1) <= 1 or _swapped(x, y):
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
        and (x[diff[1]] == y[diff[0]])
    )


def _bag(profile: Profile, vocab: Vocabulary, surface: dict[str, str]) -> dict[str, float]:
    """Terms and weights; an entity mention becomes one term standing for the entity.

    ``surface`` receives the words each entity term stands for, for fuzzy comparison.
    """
    bag: dict[str, float] = {}
    covered: set[int] = set()
    for mention in profile.mentions:
        span = profile.terms[mention.start : mention.end]
        weight = max(vocab.weight(term) for term in span)
        # An adjective ("Japanese") names its country less surely than the name does: it
        # stands for the entity as a term of its own, matched softly with the name.
        key = "@" + mention.entity_id + ("~adjective" if mention.adjective else "")
        bag[key] = max(bag.get(key, 0.0), weight)
        surface.setdefault(key, " ".join(span))
        covered.update(range(mention.start, mention.end))
    for position, term in enumerate(profile.terms):
        if position not in covered:
            bag[term] = max(bag.get(term, 0.0), vocab.weight(term))
    return bag


def _initials(terms: tuple[str, ...], stopwords: frozenset[str]) -> set[str]:
    if len(terms) < 2 or not all(term[:1].isalpha() for term in terms):
        return set()
    every = "".join(term[0] for term in terms)
    content = "".join(term[0] for term in terms if term not in stopwords)
    return {every, content} - {""}


def initialism(a: Profile, b: Profile, vocab: Vocabulary) -> str | None:
    """'ADB' and 'Asian Development Bank': one label, written in capitals, is the initials of
    the other's words. Lower-case short labels ('std', 'tcl') are too often words of their own."""
    for short, long_ in ((a, b), (b, a)):
        if (
            len(short.terms) == 1
            and MIN_INITIALISM <= len(short.terms[0]) <= 6
            and (short.label.strip().isupper())
        ):
            if short.terms[0] in _initials(long_.terms, vocab.stopwords):
                return f"'{short.label}' is the initials of '{long_.label}'"
    return None


def _entity_names(profile: Profile, ids: frozenset[str]) -> str:
    return "/".join(sorted({m.text for m in profile.mentions if m.entity_id in ids}))


def compare(a: Profile, b: Profile, vocab: Vocabulary) -> Pair:
    """Score two labels 0-100 with a reason a person can follow."""
    if a.numbers != b.numbers:
        shown = " vs ".join(" ".join(p.numbers) or "none" for p in (a, b))
        return Pair(0.0, f"different numbers: {shown}", vetoed=True)
    only_a = a.entity_ids - b.entity_ids
    only_b = b.entity_ids - a.entity_ids
    if only_a and only_b:
        return Pair(
            0.0,
            f"name different entities: {_entity_names(a, only_a)} vs {_entity_names(b, only_b)}",
            vetoed=True,
        )
    if a.terms == b.terms:
        return Pair(100.0, "same words; only case, accents, spacing or punctuation differ")
    if sorted(a.terms) == sorted(b.terms):
        return Pair(99.0, "same words in another order")
    if a.compact == b.compact or a.joined == b.joined:
        return Pair(98.0, "same letters; only the spacing between words differs")
    surface: dict[str, str] = {}
    bag_a, bag_b = _bag(a, vocab, surface), _bag(b, vocab, surface)
    shared_entities = [key for key in bag_a if key.startswith("@") and key in bag_b]
    dot = 0.0
    evidence: list[str] = []
    left = dict(bag_a)
    right = dict(bag_b)
    for key in list(left):
        if key in right:
            dot += left[key] * right[key]
            evidence.append(key)
            del left[key], right[key]
    fuzzy: list[tuple[float, str, str, str]] = []
    for x in left:
        for y in right:
            if x.startswith("@") and y.startswith("@"):
                if x.split("~")[0] == y.split("~")[0]:
                    fuzzy.append((ADJECTIVE_SIMILARITY, x, y, _adjective_reason(x, y, surface)))
                continue
            sim, why = term_similarity(
                surface.get(x, x).replace(" ", ""), surface.get(y, y).replace(" ", ""), vocab
            )
            if sim > 0:
                fuzzy.append((sim, x, y, why))
    fuzzy.sort(reverse=True)
    soft: list[str] = []
    for sim, x, y, why in fuzzy:
        if x in left and y in right:
            dot += left[x] * right[y] * sim
            soft.append(why)
            del left[x], right[y]
    norm = math.sqrt(sum(w * w for w in bag_a.values())) * math.sqrt(
        sum(w * w for w in bag_b.values())
    )
    score = 100.0 * dot / norm if norm else 0.0
    if (
        not soft
        and all(_common(t, vocab) or t.isdigit() for t in evidence if t[:1] != "@")
        and not (
            shared_entities and any(not _common_entity(k, surface, vocab) for k in shared_entities)
        )
    ):
        # Sharing only a number, function words or words common to the vocabulary is no sign.
        score *= NOTHING_SHARED_FACTOR
    acronym = initialism(a, b, vocab)
    if acronym and score < INITIALISM_SCORE:
        return Pair(INITIALISM_SCORE, acronym)
    return Pair(
        round(score, 1),
        _reason(a, b, vocab, evidence, soft, left, right, shared_entities, surface),
        evidence=tuple(soft),
    )


def _adjective_reason(x: str, y: str, surface: dict[str, str]) -> str:
    adjective, name = (x, y) if x.endswith("~adjective") else (y, x)
    return f"'{surface[adjective]}' is the adjective of '{surface[name]}'"


def _common_entity(key: str, surface: dict[str, str], vocab: Vocabulary) -> bool:
    return all(vocab.is_context(term) for term in surface[key].split())


def _common(term: str, vocab: Vocabulary) -> bool:
    return term.startswith("@") or vocab.is_context(term) or term in vocab.stopwords


def _reason(
    a: Profile,
    b: Profile,
    vocab: Vocabulary,
    shared: list[str],
    soft: list[str],
    left: dict[str, float],
    right: dict[str, float],
    entities: list[str],
    surface: dict[str, str],
) -> str:
    parts: list[str] = []
    for key in entities:
        ids = frozenset({key[1:]})
        names = sorted({_entity_names(a, ids), _entity_names(b, ids)})
        if len(names) > 1:
            parts.append("'" + "' and '".join(names) + "' name the same entity")
        elif not all(vocab.is_context(term) for term in surface[key].split()):
            parts.append(f"both name {names[0]}")
    words = [key for key in shared if not key.startswith("@")]
    distinctive = [w for w in words if not vocab.is_context(w)]
    if distinctive:
        parts.append("share " + ", ".join(f"'{w}'" for w in distinctive))
    parts.extend(soft)
    extra = [w for w in (*left, *right) if not w.startswith("@")]
    if extra:
        common = [w for w in extra if vocab.is_context(w) or w in vocab.stopwords]
        rare = [w for w in extra if w not in common]
        if rare:
            parts.append("differ in " + ", ".join(f"'{w}'" for w in rare))
        if common:
            parts.append("differ only in common words " + ", ".join(f"'{w}'" for w in common))
    return "; ".join(parts) or "similar spelling"
