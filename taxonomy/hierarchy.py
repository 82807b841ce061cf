"""Broader/narrower suggestions: where each concept could sit, and on what evidence.

Four signals, strongest first; each concept gets at most one parent, and no placement may make
a concept its own ancestor:

1. *existing structure*: a parent the source already gives (WordPress category parents);
2. *co-occurrence*, where the source has posts: A is broader than B when most posts tagged B are
   also tagged A but not the reverse (subsumption; Sanderson and Croft, 1999);
3. *lexical inclusion*: a label whose distinctive words extend another's is narrower
   ("... Mining Developments" under "... Mining"), compared by stem;
4. *pattern families*: labels that fill one template ("Mongolia and {X}") become children of a
   generated family node, divided by the kind of entity that fills the slot where known
   (countries apart from organisations).

What is a distinctive word, and how common a template must be, is learned from the vocabulary.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from taxonomy.knowledge import knowledge
from taxonomy.model import Inventory
from taxonomy.normalize import raw_words
from taxonomy.vocabulary import Profile, Vocabulary

FAMILY_MIN = 4
SUBSUMPTION = 0.8
MIN_SUPPORT = 2
KIND_NAMES = {"country": "countries", "organisation": "organisations"}


@dataclass(frozen=True, slots=True)
class Placement:
    """``child`` sits under ``parent`` (both concept labels, or a generated family label)."""

    child: str
    parent: str
    signal: str
    why: str


@dataclass(frozen=True, slots=True)
class Family:
    """A generated parent node: its proposed label and why it was proposed."""

    label: str
    why: str


@dataclass(frozen=True)
class Hierarchy:
    families: tuple[Family, ...]
    placements: tuple[Placement, ...]


def distinctive(profile: Profile, vocab: Vocabulary) -> frozenset[str]:
    """Stems of the words that tell a label apart, entities as one term each."""
    covered: set[int] = set()
    found: set[str] = set()
    for mention in profile.mentions:
        span = profile.terms[mention.start : mention.end]
        covered.update(range(mention.start, mention.end))
        if not all(vocab.is_context(term) for term in span):
            found.add("@" + mention.entity_id)
    for position, term in enumerate(profile.terms):
        if position in covered or vocab.is_context(term) or term in vocab.stopwords:
            continue
        found.add(vocab.stem(term))
    return frozenset(found)


def suggest_hierarchy(
    inventory: Inventory,
    concepts: Mapping[str, Sequence[str]],
    profiles: Mapping[str, Profile],
    vocab: Vocabulary,
) -> Hierarchy:
    """Placements for concepts (``label -> all its labels``), strongest signal first."""
    candidates: list[Placement] = []
    candidates += _existing(inventory, concepts)
    candidates += _cooccurrence(inventory, concepts)
    candidates += _inclusion(concepts, profiles, vocab)
    families, family_placements = _families(concepts, profiles, vocab)
    candidates += family_placements
    parent_of: dict[str, str] = {}
    chosen: list[Placement] = []
    for placement in candidates:
        if placement.child in parent_of or placement.child == placement.parent:
            continue
        if _is_ancestor(placement.child, placement.parent, parent_of):
            continue
        parent_of[placement.child] = placement.parent
        chosen.append(placement)
    # A family left with fewer than two children (the rest found stronger parents) is no
    # family: its child moves up to the family's own parent.
    names = {f.label for f in families}
    while True:
        counts = Counter(p.parent for p in chosen)
        weak = {name for name in names if counts[name] < 2}
        if not weak:
            break
        lifted = {p.child: p.parent for p in chosen if p.child in weak}
        chosen = [
            Placement(p.child, lifted[p.parent], p.signal, p.why) if p.parent in lifted else p
            for p in chosen
            if p.child not in weak and not (p.parent in weak and p.parent not in lifted)
        ]
        names -= weak
    return Hierarchy(
        families=tuple(f for f in families if f.label in names),
        placements=tuple(chosen),
    )


def _is_ancestor(node: str, of: str, parent_of: Mapping[str, str]) -> bool:
    current: str | None = of
    while current is not None:
        if current == node:
            return True
        current = parent_of.get(current)
    return False


def _owner(concepts: Mapping[str, Sequence[str]]) -> dict[str, str]:
    return {label: concept for concept, labels in concepts.items() for label in labels}


def _existing(inventory: Inventory, concepts: Mapping[str, Sequence[str]]) -> list[Placement]:
    owner = _owner(concepts)
    found = []
    for label in inventory.labels:
        if label.parent and label.name in owner and label.parent in owner:
            child, parent = owner[label.name], owner[label.parent]
            if child != parent:
                found.append(
                    Placement(
                        child,
                        parent,
                        "existing",
                        f"the source has '{label.parent}' as the parent of '{label.name}'",
                    )
                )
    return found


def _cooccurrence(inventory: Inventory, concepts: Mapping[str, Sequence[str]]) -> list[Placement]:
    if not inventory.posts:
        return []
    owner = _owner(concepts)
    alone: Counter[str] = Counter()
    together: Counter[tuple[str, str]] = Counter()
    for post in inventory.posts:
        tagged = sorted({owner[name] for name in post.labels if name in owner})
        alone.update(tagged)
        together.update(combinations(tagged, 2))
    found: list[tuple[float, Placement]] = []
    for (a, b), both in together.items():
        if both < MIN_SUPPORT:
            continue
        for broad, narrow in ((a, b), (b, a)):
            down, up = both / alone[narrow], both / alone[broad]
            if down >= SUBSUMPTION and up < SUBSUMPTION:
                why = (
                    f"{both} of the {alone[narrow]} posts tagged '{narrow}' are also tagged "
                    f"'{broad}', which has {alone[broad]} posts"
                )
                found.append((down, Placement(narrow, broad, "co-occurrence", why)))
    found.sort(key=lambda item: (-item[0], item[1].child, item[1].parent))
    return [placement for _, placement in found]


def _inclusion(
    concepts: Mapping[str, Sequence[str]],
    profiles: Mapping[str, Profile],
    vocab: Vocabulary,
) -> list[Placement]:
    keys = {label: distinctive(profiles[label], vocab) for label in concepts}
    by_key: dict[frozenset[str], list[str]] = defaultdict(list)
    for label, key in keys.items():
        if key:
            by_key[key].append(label)
    found = []
    for label, key in keys.items():
        if len(key) < 2 or len(key) > 8:
            continue
        parent = None
        for size in range(len(key) - 1, 0, -1):
            options = sorted(
                candidate
                for subset in combinations(sorted(key), size)
                for candidate in by_key.get(frozenset(subset), ())
            )
            if options:
                parent = options[0]
                break
        if parent is not None:
            extra = sorted(keys[label] - keys[parent])
            found.append(
                Placement(
                    label, parent, "inclusion", f"narrower: adds {_words(extra)} to '{parent}'"
                )
            )
    return found


def _words(stems: Iterable[str]) -> str:
    return ", ".join(f"'{s.lstrip('@')}'" for s in stems)


def _families(
    concepts: Mapping[str, Sequence[str]],
    profiles: Mapping[str, Profile],
    vocab: Vocabulary,
) -> tuple[list[Family], list[Placement]]:
    """Templates filled by many labels ("Mongolia and {X}"), divided by the kind of filler."""
    kb = knowledge()
    members: dict[tuple[tuple[str, ...], tuple[str, ...]], list[str]] = defaultdict(list)
    for label in concepts:
        terms = profiles[label].terms
        for k in range(1, len(terms)):
            members[(terms[:k], ())].append(label)
            members[((), terms[k:])].append(label)
    valid = {
        key: labels
        for key, labels in members.items()
        if len(labels) >= FAMILY_MIN and _fixed_part_says_something(key, vocab)
    }
    best_family: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for key, labels in sorted(valid.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        for label in labels:
            best_family.setdefault(label, key)
    grouped: dict[tuple[tuple[str, ...], tuple[str, ...]], list[str]] = defaultdict(list)
    for label, key in best_family.items():
        grouped[key].append(label)
    families: list[Family] = []
    placements: list[Placement] = []
    for key, labels in grouped.items():
        if len(labels) < FAMILY_MIN:
            continue
        prefix, suffix = key
        shown = _template(labels[0], profiles[labels[0]], prefix, suffix)
        by_kind: dict[str, list[str]] = defaultdict(list)
        for label in labels:
            profile = profiles[label]
            start, end = len(prefix), len(profile.terms) - len(suffix)
            kinds = {
                kb.entities[m.entity_id].kind
                for m in profile.mentions
                if m.start == start and m.end == end
            }
            by_kind[kinds.pop() if len(kinds) == 1 else ""].append(label)
        family = Family(shown, f"{len(labels)} labels follow '{shown}'")
        families.append(family)
        for kind, kind_labels in sorted(by_kind.items()):
            if kind and len(kind_labels) >= 2:
                name = f"{shown} ({KIND_NAMES.get(kind, kind)})"
                families.append(
                    Family(name, f"{len(kind_labels)} of them name {KIND_NAMES.get(kind, kind)}")
                )
                placements.append(Placement(name, shown, "family", family.why))
                for label in sorted(kind_labels):
                    placements.append(
                        Placement(
                            label,
                            name,
                            "family",
                            f"fills '{shown}' with one of the {KIND_NAMES.get(kind, kind)}",
                        )
                    )
            else:
                for label in sorted(kind_labels):
                    placements.append(Placement(label, shown, "family", f"fills '{shown}'"))
    return families, placements


def _fixed_part_says_something(
    key: tuple[tuple[str, ...], tuple[str, ...]], vocab: Vocabulary
) -> bool:
    """A template is a family when its fixed words are several, or one rare word: a single
    word shared by much of the vocabulary ("Mongolia" on a blog about Mongolia) is its theme."""
    fixed = key[0] + key[1]
    if all(term in vocab.stopwords for term in fixed):
        return False
    return len(fixed) >= 2 or not vocab.is_context(fixed[0])


def _template(
    label: str, profile: Profile, prefix: tuple[str, ...], suffix: tuple[str, ...]
) -> str:
    """The template as the site writes it: "Mongolia and …"."""
    raw = raw_words(label)
    if len(raw) != len(profile.terms):
        raw = tuple(profile.terms)
    head = " ".join(raw[: len(prefix)])
    tail = " ".join(raw[len(raw) - len(suffix) :]) if suffix else ""
    return " ".join(part for part in (head, "…", tail) if part)
