"""Did you mean: the known labels closest to labels a taxonomy does not know.

Built once per run over the known labels (preferred labels and aliases, each standing for its
concept's preferred label) together with the unknown ones, so that word weights are those of the
whole vocabulary. For each unknown label a cheap pre-filter (rapidfuzz's ratio on folded,
word-sorted keys, the best ``CANDIDATES``; plus the labels naming the same known entities) picks
candidates, and the scan engine's :class:`~taxonomy.match.Matcher` scores them and says why.
A best score at or above the scan threshold means a near-duplicate rather than a new topic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from taxonomy.match import Matcher
from taxonomy.normalize import tokens
from taxonomy.scan import DEFAULT_THRESHOLD
from taxonomy.vocabulary import build

CANDIDATES = 10
PREFILTER_CUTOFF = 50
SAME_ENTITY = 20
MIN_SCORE = 50.0
LIMIT = 3
QUERY_CHUNK = 2048


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A known concept close to an unknown label: its preferred label, the known label that
    matched (the preferred label or one of its aliases), the engine's score and reason."""

    label: str
    matched: str
    score: float
    reason: str
    near_duplicate: bool


def nearest(
    queries: Sequence[str],
    known: Mapping[str, str],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    language: str = "english",
    limit: int = LIMIT,
    min_score: float = MIN_SCORE,
) -> dict[str, tuple[Suggestion, ...]]:
    """For each query, up to ``limit`` concepts scoring at least ``min_score``, best first.

    ``known`` maps every known label to the preferred label it stands for.
    """
    queries = [query for query in dict.fromkeys(queries) if query not in known]
    if not queries or not known:
        return dict.fromkeys(queries, ())
    names = list(known)
    labels = names + queries
    vocab, profiles = build(labels, language)
    matcher = Matcher(profiles, vocab)
    offset = len(names)
    keys = [" ".join(sorted(tokens(label))) for label in labels]
    by_entities: dict[frozenset[str], list[int]] = {}
    for index in range(offset):
        entities = profiles[index].entity_ids
        if entities:
            by_entities.setdefault(entities, []).append(index)
    result: dict[str, tuple[Suggestion, ...]] = {}
    for start in range(0, len(queries), QUERY_CHUNK):
        chunk = range(offset + start, offset + min(start + QUERY_CHUNK, len(queries)))
        rows = _prefilter([keys[i] for i in chunk], keys[:offset])
        for row, q in zip(rows, chunk, strict=True):
            candidates = set(row)
            same = by_entities.get(profiles[q].entity_ids, [])
            if len(same) <= SAME_ENTITY:
                candidates.update(same)
            best: dict[str, tuple[float, bool, int]] = {}
            for k in candidates:
                score = matcher.score(q, k)
                if score < min_score:
                    continue
                concept = known[names[k]]
                entry = (score, names[k] == concept, k)
                if concept not in best or entry[:2] > best[concept][:2]:
                    best[concept] = entry
            ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
            suggestions = []
            for concept, (score, _, k) in ranked:
                pair = matcher.compare(q, k)  # the reason, for the few kept
                suggestions.append(
                    Suggestion(concept, names[k], score, pair.reason, score >= threshold)
                )
            result[labels[q]] = tuple(suggestions)
    return result


def _prefilter(queries: list[str], choices: list[str]) -> list[list[int]]:
    """For each query key, the indices of the (at most ``CANDIDATES``) choices most like it,
    among those with a ratio of at least ``PREFILTER_CUTOFF``."""
    matrix = process.cdist(
        queries,
        choices,
        scorer=fuzz.ratio,
        dtype=np.uint8,
        workers=-1,
        score_cutoff=PREFILTER_CUTOFF,
    )
    rows = []
    for row in matrix:
        hits = np.flatnonzero(row)
        if len(hits) > CANDIDATES:
            hits = hits[np.argpartition(row[hits], -CANDIDATES)[-CANDIDATES:]]
        rows.append(hits.tolist())
    return rows
