"""Score the scan engine on curated alias sets, side by side with the usual baselines.

The sets (in ``../shared/data/aliases``): Stack Overflow's approved tag synonyms and Linguist's
language aliases. The vocabulary is every name of a set; the truth is which names its curators
grouped. Each method is scored by pairwise precision, recall and F1 over the unordered pairs of
names it puts in one group, and by its recall of the curated alias -> canonical rows themselves
("direct pairs"). The engine's missed direct pairs and its false merges are sorted into kinds.
The report is printed and written to the "quality" section of ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import _common
import numpy as np
from _common import BenchmarkError
from rapidfuzz import fuzz, process

from taxonomy.candidates import candidates
from taxonomy.match import Matcher
from taxonomy.model import Inventory, Label, ScanResult
from taxonomy.normalize import tokens
from taxonomy.repairs import find_splits, find_truncations
from taxonomy.scan import DEFAULT_THRESHOLD, ScanOptions, scan
from taxonomy.vocabulary import build, stemmer

SECTION = "quality"
SWEEP = (70.0, 80.0, 85.0, 90.0, 95.0)
TARGET_PRECISION = 0.85
RATIO_CUTOFF = 90
RATIO_ROWS = 1024
GROUPER_SIMILARITY = 0.8
EXAMPLES = 3  # shown for each kind of miss or merge

Groups = list[list[str]]


# --- the curated sets ----------------------------------------------------------------------


class UnionFind:
    """Connected components of names joined pairwise."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, name: str) -> str:
        root = self.parent.setdefault(name, name)
        while root != self.parent[root]:
            root = self.parent[root]
        while name != root:
            name, self.parent[name] = self.parent[name], root
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> Groups:
        members: dict[str, list[str]] = defaultdict(list)
        for name in self.parent:
            members[self.find(name)].append(name)
        return sorted(sorted(g) for g in members.values() if len(g) > 1)


def pairs_in(sizes: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes)


@dataclass(frozen=True)
class AliasSet:
    """A curated set: its names, the curated group of every name, and its alias rows."""

    title: str
    description: str
    names: tuple[str, ...]
    truth: dict[str, int]  # a name without aliases is a group of its own
    direct: tuple[tuple[str, str, int], ...]  # alias, canonical, how often it was used
    truth_pairs: int


def alias_set(
    title: str, rows: Sequence[tuple[str, str, int]], extra: Iterable[str], about: str
) -> AliasSet:
    links = UnionFind()
    for alias, canonical, _ in rows:
        links.union(alias, canonical)
    names = sorted({name for row in rows for name in row[:2]} | set(extra))
    roots: dict[str, int] = {}
    truth = {name: roots.setdefault(links.find(name), len(roots)) for name in names}
    sizes = Counter(truth.values())
    groups = sum(1 for size in sizes.values() if size > 1)
    truth_pairs = pairs_in(sizes.values())
    description = (
        f"{about} Vocabulary: {len(names):,} names; truth: {groups:,} curated groups of two or "
        f"more names, {truth_pairs:,} pairs; {len(rows):,} direct pairs."
    )
    return AliasSet(title, description, tuple(names), truth, tuple(rows), truth_pairs)


def read_tsv(path: Path, columns: int) -> list[list[str]]:
    """The rows of a tab-separated file, after its header line."""
    rows: list[list[str]] = []
    with _common.require_file(path).open(encoding="utf-8", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            fields = line.rstrip("\r\n").split("\t")
            if number == 1 or fields == [""]:
                continue
            if len(fields) != columns or not all(fields):
                raise BenchmarkError(f"{path}:{number}: expected {columns} tab-separated fields")
            rows.append(fields)
    return rows


def load_stackoverflow(folder: Path) -> AliasSet:
    rows = read_tsv(folder / "stackoverflow-tag-synonyms.tsv", 4)
    approved = [(alias, canonical, int(uses)) for alias, canonical, ok, uses in rows if ok == "1"]
    about = (
        f"Only rows a moderator approved (approved == 1): {len(approved):,} of {len(rows):,}. "
        "A curated group is a connected component of alias -> canonical."
    )
    return alias_set("Stack Overflow tag synonyms", approved, (), about)


def load_linguist(folder: Path) -> AliasSet:
    rows = [
        (alias, language, 0)
        for alias, language in read_tsv(folder / "linguist-language-aliases.tsv", 2)
    ]
    grouped = read_tsv(folder / "linguist-language-groups.tsv", 2)
    languages = {name for pair in grouped for name in pair}
    lone = languages - {language for _, language, _ in rows}
    about = (
        f"A curated group is a language with its aliases. The {len(lone)} language names of "
        "linguist-language-groups.tsv that have no alias are in the vocabulary too, each a "
        "group of its own (that file's language -> group links are a hierarchy, not synonyms)."
    )
    return alias_set("Linguist language aliases", rows, lone, about)


# --- baselines -----------------------------------------------------------------------------
# OpenRefine's key-collision methods as its "Clustering In Depth" page defines them
# (https://openrefine.org/docs/technical-reference/clustering-in-depth, formerly
# https://github.com/OpenRefine/OpenRefine/wiki/Clustering-In-Depth). Punctuation means Unicode's
# punctuation categories, as in OpenRefine's FingerprintKeyer (Java \p{Punct} with
# UNICODE_CHARACTER_CLASS): '#', '.', '-' are removed, the symbols '+' and '$' are kept.


def _remove_punctuation_and_controls(text: str) -> str:
    return "".join(
        ch
        for ch in text
        if not unicodedata.category(ch).startswith("P")
        and (ch.isspace() or unicodedata.category(ch) != "Cc")
    )


def _ascii(text: str) -> str:
    """Extended western characters to their ASCII base letter (accents dropped)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fingerprint(name: str) -> str:
    """Trim, lower-case, remove punctuation and control characters, fold to ASCII, split on
    whitespace, sort the unique tokens and join them."""
    text = _ascii(_remove_punctuation_and_controls(name.strip().lower()))
    return " ".join(sorted(set(text.split())))


def ngram_fingerprint(name: str, n: int = 2) -> str:
    """Lower-case, remove punctuation, whitespace and control characters, fold to ASCII, then
    join the sorted unique character n-grams."""
    text = "".join(_ascii(_remove_punctuation_and_controls(name.lower())).split())
    if len(text) < n:
        return text
    return "".join(sorted({text[i : i + n] for i in range(len(text) - n + 1)}))


def key_collision(names: Sequence[str], key: Callable[[str], str]) -> Groups:
    """Names with the same key form a group (a name whose key is empty stays alone)."""
    buckets: dict[str, list[str]] = defaultdict(list)
    for name in names:
        if value := key(name):
            buckets[value].append(name)
    return sorted(g for g in buckets.values() if len(g) > 1)


def ratio_groups(names: Sequence[str]) -> Groups:
    """Connected components of the pairs whose ``fuzz.ratio`` on case-folded names >= cutoff."""
    folded = [name.casefold() for name in names]
    links = UnionFind()
    for start in range(0, len(folded), RATIO_ROWS):
        scores = process.cdist(
            folded[start : start + RATIO_ROWS],
            folded,
            scorer=fuzz.ratio,
            score_cutoff=RATIO_CUTOFF,
            workers=-1,
            dtype=np.float32,
        )
        rows, cols = np.nonzero(scores)
        for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
            if start + row < col:
                links.union(names[start + row], names[col])
    return links.groups()


def string_grouper_groups(names: Sequence[str]) -> Groups | None:
    """string_grouper's ``group_similar_strings`` (TF-IDF of character 3-grams, cosine); None
    when string_grouper is not installed."""
    try:
        import pandas as pd  # type: ignore[import-untyped]
        from string_grouper import group_similar_strings
    except ImportError:
        return None
    result = group_similar_strings(pd.Series(list(names)), min_similarity=GROUPER_SIMILARITY)
    representatives = result["group_rep"] if isinstance(result, pd.DataFrame) else result
    buckets: dict[str, list[str]] = defaultdict(list)
    for name, representative in zip(names, representatives.tolist(), strict=True):
        buckets[representative].append(name)
    return sorted(g for g in buckets.values() if len(g) > 1)


def run_engine(names: Sequence[str], threshold: float) -> ScanResult:
    inventory = Inventory(source="quality", format="text", labels=tuple(Label(n) for n in names))
    return scan(inventory, ScanOptions(threshold=threshold))


def engine_groups(result: ScanResult) -> Groups:
    return [[member.label for member in group.members] for group in result.groups]


# --- scores --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """How one method's groups compare with the curated groups of one set."""

    method: str
    groups: int
    pairs: int
    precision: float
    recall: float
    f1: float
    direct_recall: float
    seconds: float


def evaluate(method: str, groups: Groups, data: AliasSet, seconds: float = 0.0) -> Score:
    predicted = pairs_in(len(g) for g in groups)
    correct = sum(pairs_in(Counter(data.truth[name] for name in g).values()) for g in groups)
    precision = correct / predicted if predicted else 0.0
    recall = correct / data.truth_pairs
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    group_of = {name: k for k, g in enumerate(groups) for name in g}
    found = sum(1 for a, c, _ in data.direct if a in group_of and group_of[a] == group_of.get(c))
    direct = found / len(data.direct)
    return Score(method, len(groups), predicted, precision, recall, f1, direct, seconds)


def compare_methods(data: AliasSet, notes: list[str]) -> tuple[list[Score], ScanResult]:
    """Every method on one set, the engine first; also the engine's result."""
    names = data.names
    start = time.perf_counter()
    engine = run_engine(names, DEFAULT_THRESHOLD)
    seconds = time.perf_counter() - start
    scores = [
        evaluate(f"taxonomy scan ({DEFAULT_THRESHOLD:g})", engine_groups(engine), data, seconds)
    ]
    baselines: list[tuple[str, Callable[[], Groups | None]]] = [
        ("OpenRefine fingerprint", lambda: key_collision(names, fingerprint)),
        ("OpenRefine 2-gram fingerprint", lambda: key_collision(names, ngram_fingerprint)),
        (f"rapidfuzz ratio >= {RATIO_CUTOFF}", lambda: ratio_groups(names)),
        (f"string_grouper ({GROUPER_SIMILARITY:g})", lambda: string_grouper_groups(names)),
    ]
    for method, run in baselines:
        start = time.perf_counter()
        groups = run()
        seconds = time.perf_counter() - start
        if groups is None:
            note = f"{method} skipped: string_grouper is not installed"
            notes.extend([note] if note not in notes else [])
            continue
        scores.append(evaluate(method, groups, data, seconds))
    return scores, engine


def score_table(scores: Sequence[Score]) -> list[str]:
    lines = [
        "| method | groups | pairs | precision | recall | F1 | direct recall | time (s) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in scores:
        lines.append(
            f"| {s.method} | {s.groups:,} | {s.pairs:,} | {s.precision:.3f} | {s.recall:.3f} "
            f"| {s.f1:.3f} | {s.direct_recall:.3f} | {s.seconds:.1f} |"
        )
    return lines


def sweep_table(sets: Sequence[AliasSet]) -> list[str]:
    lines = [
        "| set | threshold | groups | pairs | precision | recall | F1 | direct recall |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for data in sets:
        for threshold in SWEEP:
            s = evaluate("", engine_groups(run_engine(data.names, threshold)), data)
            lines.append(
                f"| {data.title} | {threshold:g} | {s.groups:,} | {s.pairs:,} | "
                f"{s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {s.direct_recall:.3f} |"
            )
    return lines


def target_line(scores: Sequence[Score]) -> str:
    engine = scores[0]
    met = "met" if engine.precision >= TARGET_PRECISION else "NOT met"
    line = f"Target: precision >= {TARGET_PRECISION} ({engine.precision:.3f}: {met})"
    grouper = [s for s in scores if s.method.startswith("string_grouper")]
    if not grouper:
        return line + "; F1 above string_grouper's: not checked (string_grouper not installed)."
    beaten = "met" if engine.f1 > grouper[0].f1 else "NOT met"
    return line + f"; F1 above string_grouper's ({engine.f1:.3f} vs {grouper[0].f1:.3f}: {beaten})."


# --- what the engine misses and merges wrongly ---------------------------------------------

KINDS = {
    "version": "different version numbers",
    "same": "same words (case, punctuation, spacing or order)",
    "stem": "same stems (plural, -ing, -ion, -er forms)",
    "subset": "one label adds words to the other",
    "abbreviation": "abbreviation or acronym",
    "shared": "shares some words",
    "spelling": "similar spelling, no word in common",
    "other": "other words (no word and little spelling in common)",
}
REMEDIES = {
    "version": "Deliberate: the engine never merges labels whose numbers differ (`angular4` is "
    "not `angular` on a site that has both). Curators fold versions into the base tag; an "
    "option to ignore version numbers, or a curated synonym list, would catch these.",
    "same": "The engine scores these 98-100 and then loses them: in grouping, when one of the "
    "two joins a third label that the other does not match (`knockout.js` joins `knockout`, "
    "`knockoutjs` stays alone), or when a split takes one out. Grouping labels with the same "
    "letters as one unit before forming groups would keep them together.",
    "stem": "Lost in grouping as above, or scored 0 when one side is written as one word "
    "(`unittest` / `unit-testing`): same letters is checked on whole words, not stems. "
    "Comparing the joined stems would catch these.",
    "subset": "The longer label is often narrower, and the extra word is often the platform "
    "(`spark` / `apache-spark`, but also `docs` / `google-docs`, which the curators keep "
    "apart). A string measure cannot tell the two; co-occurrence of the labels on the same "
    "posts can, and the hierarchy step can offer broader/narrower instead of a merge.",
    "abbreviation": "Lower-case initialisms and contractions (`js`, `aws`, `mvc`): the engine "
    "matches initials only for one-word labels written in capitals, and a prefix only when at "
    "most three letters are cut. An abbreviation list, initials and contraction matching "
    "confirmed by co-occurrence on posts, or a curated synonym list would catch them.",
    "shared": "Partly overlapping names: synonyms and siblings (`memory-allocation` / "
    "`memory-management`) look the same to a string measure; embeddings or co-occurrence on "
    "posts decide.",
    "spelling": "Close spellings that are neither one typo apart nor the same stem (`react` / "
    "`reactjs`, `unity` / `unity3d`): a known-suffix rule (`js`, `3d`) or a lower threshold "
    "buys some of them, the latter at a cost in precision (see the sweep).",
    "other": "Other words for the same thing (`gui` / `user-interface`, `map` / `dictionary`): "
    "no string measure can see these; a curated synonym list, embeddings trained on the "
    "domain, or co-occurrence of the labels on posts would.",
}
STAGES = {
    "excluded": "one label taken out before matching (as a split or a truncation)",
    "vetoed": "vetoed (different numbers or different entities)",
    "below": "scored below the threshold",
    "blocked": "scored above the threshold but never proposed as a candidate",
    "apart": "scored above the threshold but grouped apart (star grouping)",
}
_NUMBER = re.compile(r"^v?(\d+(?:\.\d+)*)$")
_FUNCTION_WORDS = frozenset({"a", "an", "and", "for", "in", "of", "on", "the", "to", "with"})
_STEM = stemmer("english")
CONTRACTION_SHARE = 0.6
SPELLING_RATIO = 70


def _numbers(words: Sequence[str]) -> frozenset[str]:
    found = (_NUMBER.match(w) for w in words)
    return frozenset(re.sub(r"(\.0)+$", "", m.group(1)) for m in found if m)


def _contraction(short: str, long_: str) -> bool:
    """``short`` is ``long_``'s first letter and some of its later letters in order, and at most
    60% as long: ``js``/``javascript``, ``mgmt``/``management``, ``regex``/``regularexpression``."""
    if len(short) < 2 or short[0] != long_[0] or len(short) > CONTRACTION_SHARE * len(long_):
        return False
    rest = iter(long_[1:])
    return all(ch in rest for ch in short[1:])


def _abbreviates(short: Sequence[str], long_: Sequence[str]) -> bool:
    if _contraction("".join(short), "".join(long_)):
        return True
    if len(short) != len(long_):
        return False
    pairs = list(zip(short, long_, strict=True))
    return any(_contraction(x, y) for x, y in pairs) and all(
        x == y or _contraction(x, y) for x, y in pairs
    )


def kind_of(a: str, b: str) -> str:
    """The first kind in KINDS that fits a pair of labels."""
    wa, wb = tokens(a), tokens(b)
    if _numbers(wa) != _numbers(wb):
        return "version"
    if sorted(wa) == sorted(wb) or "".join(wa) == "".join(wb):
        return "same"
    sa, sb = _STEM(list(wa)), _STEM(list(wb))
    if sorted(sa) == sorted(sb) or "".join(sa) == "".join(sb):
        return "stem"
    if set(sa) < set(sb) or set(sb) < set(sa):
        return "subset"
    if _abbreviates(wa, wb) or _abbreviates(wb, wa):
        return "abbreviation"
    if {w for w in set(sa) & set(sb) if not w.isdigit()} - _FUNCTION_WORDS:
        return "shared"
    if fuzz.ratio("".join(wa), "".join(wb)) >= SPELLING_RATIO:
        return "spelling"
    return "other"


@dataclass(frozen=True)
class Finding:
    """A pair the analysis looks at: a curated pair the engine missed, or an engine merge."""

    a: str
    b: str
    kind: str
    score: float
    weight: int = 0  # how often Stack Overflow applied the synonym (0 when unknown)
    stage: str = ""  # for a miss: the step of the engine that lost it
    right: bool = False  # for a merge: the curators group the two labels too


def missed_pairs(data: AliasSet, result: ScanResult, threshold: float) -> list[Finding]:
    """The direct pairs the engine left apart, with their kind and the step that lost them."""
    group_of = {m.label: k for k, g in enumerate(result.groups) for m in g.members}
    missed = [
        row
        for row in data.direct
        if row[0] not in group_of or group_of[row[0]] != group_of.get(row[1])
    ]
    names = list(data.names)  # the engine's profile indices are positions in this list
    index = {name: i for i, name in enumerate(names)}
    vocab, profiles = build(names)
    excluded = {t.index for t in find_truncations(profiles, vocab)}
    excluded |= {index[s.label] for s in find_splits(profiles, vocab)}
    proposed = set(candidates(profiles, vocab))
    matcher = Matcher(profiles, vocab)
    found: list[Finding] = []
    for alias, canonical, weight in missed:
        i, j = sorted((index[alias], index[canonical]))
        pair = matcher.compare(i, j)
        if i in excluded or j in excluded:
            stage = "excluded"
        elif pair.vetoed:
            stage = "vetoed"
        elif pair.score < threshold:
            stage = "below"
        else:
            stage = "blocked" if (i, j) not in proposed else "apart"
        kind = kind_of(alias, canonical)
        found.append(Finding(alias, canonical, kind, pair.score, weight, stage=stage))
    return found


def merges(data: AliasSet, result: ScanResult) -> list[Finding]:
    """Every member the engine put with a canonical label, and whether the curators agree."""
    return [
        Finding(
            member.label,
            group.canonical,
            kind_of(member.label, group.canonical),
            member.score,
            right=data.truth[member.label] == data.truth[group.canonical],
        )
        for group in result.groups
        for member in group.members[1:]
    ]


def _by_kind(found: Iterable[Finding]) -> dict[str, list[Finding]]:
    by_kind: dict[str, list[Finding]] = defaultdict(list)
    for item in sorted(found, key=lambda f: (-f.weight, -f.score, f.a, f.b)):
        by_kind[item.kind].append(item)
    return by_kind


def _examples(items: Sequence[Finding], arrow: str) -> str:
    return ", ".join(f"`{f.a}` {arrow} `{f.b}` ({f.score:.0f})" for f in items[:EXAMPLES])


def misses_table(missed: Sequence[Finding]) -> list[str]:
    lines = ["| kind | pairs | share | examples (engine score) |", "| --- | ---: | ---: | --- |"]
    by_kind = _by_kind(missed)
    for kind, title in KINDS.items():
        if items := by_kind.get(kind, []):
            lines.append(
                f"| {title} | {len(items):,} | {len(items) / len(missed):.0%} "
                f"| {_examples(items, '->')} |"
            )
    return lines


def merges_table(found: Sequence[Finding]) -> list[str]:
    lines = [
        "| kind | merges | wrong | precision | wrong merges (engine score) |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    by_kind = _by_kind(found)
    for kind, title in KINDS.items():
        if items := by_kind.get(kind, []):
            wrong = [f for f in items if not f.right]
            lines.append(
                f"| {title} | {len(items):,} | {len(wrong):,} | "
                f"{1 - len(wrong) / len(items):.2f} | {_examples(wrong, '~')} |"
            )
    return lines


def analysis(data: AliasSet, result: ScanResult, threshold: float) -> list[str]:
    missed = missed_pairs(data, result, threshold)
    merged = merges(data, result)
    stages = Counter(m.stage for m in missed)
    order = " (examples: most used synonyms first)" if any(m.weight for m in missed) else ""
    wrong = sum(1 for m in merged if not m.right)
    return [
        f"#### {data.title}: missed direct pairs at threshold {threshold:g}",
        "",
        f"{len(missed):,} of {len(data.direct):,} direct pairs are not in one group{order}.",
        "",
        *misses_table(missed),
        "",
        "Where they were lost: "
        + "; ".join(f"{STAGES[s]}: {stages[s]:,}" for s in STAGES if stages[s])
        + ".",
        "",
        f"#### {data.title}: the engine's merges at threshold {threshold:g}",
        "",
        f"Each member joined to its group's canonical label is one merge; {wrong:,} of "
        f"{len(merged):,} join labels the curators keep apart (examples: highest score first).",
        "",
        *merges_table(merged),
    ]


# --- the report ----------------------------------------------------------------------------


def header() -> list[str]:
    versions = ", ".join(
        f"{name} {_common.version(name) or 'not installed'}"
        for name in ("rapidfuzz", "string_grouper", "numpy")
    )
    return [
        "## Quality",
        "",
        f"- date: {_common.today()}",
        f"- machine: {_common.machine()}",
        f"- versions: {versions}",
        f"- command: `{_common.command_line()}`",
        "",
        "Precision, recall and F1 are pairwise: over the unordered pairs of names a method puts "
        "in one group, against the pairs the curators put in one group. *Direct recall* counts "
        "only the curated alias -> canonical rows. *Pairs* is how many pairs a method proposes. "
        "Baselines: OpenRefine's fingerprint and 2-gram fingerprint key collisions, "
        f"`fuzz.ratio` >= {RATIO_CUTOFF} on case-folded names joined transitively, and "
        "string_grouper's `group_similar_strings` (TF-IDF of character 3-grams, cosine >= "
        f"{GROUPER_SIMILARITY:g}). The engine's groups are stars around a canonical label; a "
        "label is in at most one group.",
    ]


def report(folder: Path) -> str:
    sets = [load_stackoverflow(folder), load_linguist(folder)]
    notes: list[str] = []
    lines = header()
    results: list[ScanResult] = []
    for data in sets:
        scores, result = compare_methods(data, notes)
        results.append(result)
        lines += ["", f"### {data.title}", "", data.description, "", *score_table(scores)]
        if data is sets[0]:
            lines += ["", target_line(scores)]
    lines += ["", *(f"Note: {note}." for note in notes)] if notes else []
    lines += ["", "### The engine across thresholds", "", *sweep_table(sets)]
    lines += [
        "",
        "### What the engine misses, and what would catch it",
        "",
        "Each pair gets the first kind that fits, in the order of the tables, judged on its "
        "words (folded, split at punctuation and before a trailing number), their Snowball "
        "stems and their letters. *Where they were lost* replays the engine's steps on each "
        "missed pair.",
    ]
    for data, result in zip(sets, results, strict=True):
        lines += ["", *analysis(data, result, DEFAULT_THRESHOLD)]
    lines += ["", "What would catch each kind of miss:", ""]
    lines += [f"- *{KINDS[kind]}*: {remedy}" for kind, remedy in REMEDIES.items()]
    return "\n".join(lines) + "\n"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Score the scan engine and baselines on curated alias sets (Stack Overflow "
        "tag synonyms, Linguist language aliases); print the report and write it to RESULTS.md.",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=_common.shared_data("aliases"),
        metavar="DIR",
        help="folder with the alias sets (default: <repo>/../shared/data/aliases)",
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=_common.RESULTS,
        metavar="FILE",
        help="the file whose quality section is written (default: benchmarks/RESULTS.md)",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print the report only; leave RESULTS.md alone"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        _common.require_dir(args.data, "alias data folder")
        text = report(args.data)
        sys.stdout.write(text)
        if not args.no_write:
            _common.write_section(SECTION, text, args.results)
            print(f"wrote the {SECTION} section of {args.results}", file=sys.stderr)
    except BenchmarkError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
