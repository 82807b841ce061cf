"""Labels that are not duplicates of one other label: joins (splits), cut-offs, misspellings.

- A *split* is a label made of two existing labels ("A and B", "A / B"): it should become both.
- A *truncation* is a label cut off at the end ("Mongolia and Ind"): it joins its likeliest
  completion, and the other completions are named.
- A *repair* is a lone label whose distinctive part is a former name, a miscased acronym, a name
  written as one word, or a misspelling of a known entity in a family of labels that name such
  entities ("Mongolia and North Korean" among "Mongolia and <country>").
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from taxonomy.knowledge import knowledge
from taxonomy.model import Repair, Split
from taxonomy.normalize import raw_words
from taxonomy.vocabulary import Profile, Vocabulary

JOINING_MARKS = re.compile(r"\s[/|;+]\s|,\s|\s&\s")
MIN_TRUNCATED = 3
MIN_TRUNCATED_SHARE = 0.5
FAMILY_MIN = 3
REPAIR_SIMILARITY = 88.0


def find_splits(profiles: Sequence[Profile], vocab: Vocabulary) -> list[Split]:
    """Labels whose words are two other labels' words, joined by a connector or a mark.

    Without a mark (``/``, ``,``, ``&``) the parts must be joined by a function word and be of
    several words each: "ruby-on-rails" is not "ruby" + "rails", nor "visual-studio-team-system"
    "visual-studio" + "team-system".
    """
    by_terms: dict[tuple[str, ...], Profile] = {}
    for p in profiles:
        by_terms.setdefault(p.terms, p)
    splits: list[Split] = []
    stopwords = vocab.stopwords
    for p in profiles:
        terms = p.terms
        if len(terms) < 2:
            continue
        marked = None
        for k in range(1, len(terms)):
            left = by_terms.get(terms[:k])
            if left is None or left is p:  # most labels: no label is their start
                continue
            rest = terms[k:]
            joined = rest[0] in stopwords and len(rest) > 1
            if joined:
                rest = rest[1:]
            right = by_terms.get(rest)
            if right is None or right is p or left is right:
                continue
            if marked is None:
                marked = bool(JOINING_MARKS.search(p.label))
            if not marked and (not joined or len(left.terms) < 2 or len(right.terms) < 2):
                continue
            splits.append(
                Split(
                    label=p.label,
                    parts=(left.label, right.label),
                    reason=f"joins two existing labels, '{left.label}' and '{right.label}'",
                )
            )
            break
    return splits


@dataclass(frozen=True, slots=True)
class Truncation:
    index: int
    completion: int
    others: tuple[int, ...]


def find_truncations(profiles: Sequence[Profile], vocab: Vocabulary) -> list[Truncation]:
    """Labels whose last word is the start of the last word of labels otherwise the same.

    Only labels of several words: a one-word label that starts another ("str", "string") is
    more often an abbreviation than a cut.
    The cut-off word must be used by no other label (a real word usually is), and be at least
    half of the completing word. The likeliest completion is the shortest.
    """
    families: dict[tuple[str, ...], list[tuple[str, int]]] = defaultdict(list)
    for p in profiles:
        if p.terms:
            families[p.terms[:-1]].append((p.terms[-1], p.index))
    for members in families.values():
        members.sort()
    found: list[Truncation] = []
    for p in profiles:
        if not p.terms:
            continue
        last = p.terms[-1]
        if (
            len(p.terms) < 2
            or len(last) < MIN_TRUNCATED
            or not last.isalpha()
            or vocab.df.get(last, 0) > 1
        ):
            continue
        if any(m.end == len(p.terms) for m in p.mentions):
            continue
        members = families[p.terms[:-1]]
        start = bisect.bisect_right(members, (last, len(profiles)))
        completions: list[tuple[int, int]] = []
        for word, index in members[start:]:
            if not word.startswith(last):
                break
            if word != last:
                completions.append((len(word), index))
        if not completions:
            continue
        completions.sort()
        best_len, best = completions[0]
        if len(last) / best_len < MIN_TRUNCATED_SHARE:
            continue
        found.append(Truncation(p.index, best, tuple(i for _, i in completions[1:])))
    return found


def _replace_words(label: str, start: int, end: int, replacement: str) -> str | None:
    spans = [m.span() for m in re.finditer(r"\d+(?:\.\d+)+|[^\W_]+[+#]*|[+#]+", label)]
    if len(spans) != len(raw_words(label)) or end > len(spans):
        return None
    return label[: spans[start][0]] + replacement + label[spans[end - 1][1] :]


def find_repairs(profiles: Sequence[Profile], vocab: Vocabulary, lone: set[int]) -> list[Repair]:
    """Repairs for lone labels: known entities written in an old or odd way, or misspelt."""
    kb = knowledge()
    repairs: list[Repair] = []
    for p in profiles:
        if p.index not in lone:
            continue
        for mention in p.mentions:
            if mention.variant is None:
                continue
            entity = kb.entities[mention.entity_id]
            target = mention.text if "acronym" in mention.variant else entity.name
            if "one word" in mention.variant:
                target = mention.text
            suggestion = _replace_words(p.label, mention.start, mention.end, target)
            if suggestion and suggestion != p.label:
                repairs.append(
                    Repair(
                        p.label,
                        suggestion,
                        f"'{target}' is the usual name: the label uses {mention.variant}",
                    )
                )
                break
    repaired = {r.label for r in repairs}
    repairs.extend(
        _family_repairs(
            [p for p in profiles if p.index in lone and p.label not in repaired], profiles, vocab
        )
    )
    return repairs


def _family_repairs(
    lone: Sequence[Profile], profiles: Sequence[Profile], vocab: Vocabulary
) -> list[Repair]:
    """In a family "Mongolia and {country}", a filler that is a near-spelling of a country."""
    kb = knowledge()
    families: Counter[tuple[tuple[str, ...], tuple[str, ...]]] = Counter()
    kinds: dict[tuple[tuple[str, ...], tuple[str, ...]], Counter[str]] = defaultdict(Counter)
    for p in profiles:
        for m in p.mentions:
            if m.adjective:
                continue
            key = (p.terms[: m.start], p.terms[m.end :])
            if key[0] or key[1]:
                families[key] += 1
                kinds[key][kb.entities[m.entity_id].kind] += 1
    names: dict[str, set[str]] = defaultdict(set)
    for forms in kb.forms.values():
        for form in forms:
            if not form.code and not form.former and len(form.text) >= 4:
                names[form.entity.kind].add(form.entity.name)
    choices = {kind: sorted(values) for kind, values in names.items()}
    repairs: list[Repair] = []
    for p in lone:
        n = len(p.terms)
        done = False
        for i in range(n):
            for j in range(n, i, -1):
                key = (p.terms[:i], p.terms[j:])
                if families.get(key, 0) < FAMILY_MIN or not (key[0] or key[1]):
                    continue
                kind = kinds[key].most_common(1)[0][0]
                filler = " ".join(p.terms[i:j])
                inside = [m for m in p.mentions if m.start < j and m.end > i]
                if inside:
                    adjective = inside[0]
                    if (
                        len(inside) > 1
                        or not adjective.adjective
                        or (adjective.start, adjective.end) != (i, j)
                    ):
                        continue
                    name = kb.entities[adjective.entity_id].name
                    suggestion = _replace_words(p.label, i, j, name)
                    if suggestion and suggestion != p.label:
                        template = " ".join((*key[0], "{" + kind + "}", *key[1]))
                        repairs.append(
                            Repair(
                                p.label,
                                suggestion,
                                f"'{adjective.text}' is the adjective of {name}; "
                                f"{families[key]} labels follow '{template}' with the name",
                            )
                        )
                        done = True
                        break
                    continue
                best = process.extractOne(
                    filler,
                    choices.get(kind, []),
                    scorer=fuzz.ratio,
                    processor=str.casefold,
                    score_cutoff=REPAIR_SIMILARITY,
                )
                if best is None:
                    continue
                suggestion = _replace_words(p.label, i, j, best[0])
                if suggestion and suggestion != p.label:
                    template = " ".join((*key[0], "{" + kind + "}", *key[1]))
                    repairs.append(
                        Repair(
                            p.label,
                            suggestion,
                            f"'{filler}' looks like a misspelling of {best[0]} "
                            f"(similarity {best[1]:.0f}); {families[key]} labels follow "
                            f"'{template}'",
                        )
                    )
                    done = True
                    break
            if done:
                break
    return repairs
