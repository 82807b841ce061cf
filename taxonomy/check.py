"""``check``: the labels of posts against a taxonomy document, for CI.

Each label a post carries is one of: a preferred label (passes), an alias of a decided concept
(``alias``: use the preferred label), a label the document removes or splits (``removed``,
``split``), a label the post already carries in another form (``duplicate``), or a label the
document does not know (``unknown``, with the closest known labels from :mod:`taxonomy.nearest`).
Only decided (``accepted``) aliases, splits and removals are findings, like ``export``; the rest
are known labels unless ``include_suggested``. A label equal to a known one except for case is
an ``alias`` of it. The :class:`Report` of a run computes the exit code.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from taxonomy.mapping import LabelMap, label_map
from taxonomy.model import Inventory, Taxonomy
from taxonomy.nearest import Suggestion, nearest
from taxonomy.scan import DEFAULT_THRESHOLD

__all__ = [
    "DEFAULT_SEVERITY",
    "CheckOptions",
    "CheckedPost",
    "Finding",
    "Kind",
    "Occurrence",
    "Report",
    "Severity",
    "check",
    "fix_map",
    "posts_of_inventory",
]


class Kind(enum.Enum):
    """The kinds of finding: stable ids used in every output format and in configuration."""

    alias = "alias"
    unknown = "unknown"
    removed = "removed"
    split = "split"
    duplicate = "duplicate"


class Severity(str, enum.Enum):
    error = "error"
    warning = "warning"
    off = "off"


DEFAULT_SEVERITY: Mapping[Kind, Severity] = {
    Kind.alias: Severity.error,
    Kind.unknown: Severity.warning,
    Kind.removed: Severity.error,
    Kind.split: Severity.error,
    Kind.duplicate: Severity.error,
}
FIXABLE = frozenset({Kind.alias, Kind.removed, Kind.split, Kind.duplicate})
MARKDOWN = (".md", ".markdown", ".mdx")


def is_markdown(name: str) -> bool:
    """Whether ``--fix`` can rewrite the file: a Markdown post (exports are ``apply``'s job)."""
    return name.lower().endswith(MARKDOWN)


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One label as written in a post: the front-matter field, and where (1-based)."""

    label: str
    line: int | None = None
    col: int | None = None
    field: str = ""


@dataclass(frozen=True)
class CheckedPost:
    """A post (or a label list) to check: the file it is in and its labels in written order."""

    path: str
    labels: tuple[Occurrence, ...]


@dataclass(frozen=True)
class CheckOptions:
    """How a check runs: the severity of each kind, and what counts as decided."""

    severity: Mapping[Kind, Severity] = field(default_factory=lambda: dict(DEFAULT_SEVERITY))
    include_suggested: bool = False
    threshold: float = DEFAULT_THRESHOLD
    language: str = "english"

    def level(self, kind: Kind) -> Severity:
        return self.severity.get(kind, DEFAULT_SEVERITY[kind])


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem with one label of one post. ``suggestions`` are the labels to use instead
    (for ``alias``/``split``: what the fix writes; for ``unknown``: the closest known labels)."""

    path: str
    line: int
    col: int
    kind: Kind
    severity: Severity
    label: str
    message: str
    suggestions: tuple[str, ...] = ()
    fixable: bool = False
    fixed: bool = False
    replacement: tuple[str, ...] | None = field(default=None, compare=False)
    """What ``--fix`` replaces the label with (empty: it is dropped); None if not fixable."""


@dataclass(frozen=True)
class Report:
    """The findings of a run and the files checked; ``exit_code`` is 1 when an error remains."""

    findings: tuple[Finding, ...]
    files: tuple[str, ...]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.error and not f.fixed)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.warning and not f.fixed)

    @property
    def fixed(self) -> int:
        return sum(1 for f in self.findings if f.fixed)

    @property
    def fixable(self) -> int:
        return sum(1 for f in self.findings if f.fixable and not f.fixed)

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0


def posts_of_inventory(inventory: Inventory) -> list[CheckedPost]:
    """What to check in a loaded source: each post's labels, or (a label list) every label.

    Lines are those the loader gives: the post's, else the label's first place in the file."""
    first = {label.name: label.locations[0] for label in inventory.labels if label.locations}
    if inventory.posts is None:  # a label list: each label on its own, never a duplicate
        return [
            CheckedPost(
                inventory.source,
                (Occurrence(label.name, first[label.name].line if label.locations else None),),
            )
            for label in inventory.labels
        ]
    posts = []
    for post in inventory.posts:
        path = post.location.file if post.location else inventory.source
        line = post.location.line if post.location else None
        occurrences = tuple(
            Occurrence(name, line or (first[name].line if name in first else None))
            for name in post.labels
        )
        posts.append(CheckedPost(path, occurrences))
    return posts


# --- checking ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Verdict:
    kind: Kind | None  # None: the label passes
    targets: tuple[str, ...]  # the concept labels it stands for, after the fix
    message: str = ""


class _Rules:
    """What the document says of each label: built once per run."""

    def __init__(self, taxonomy: Taxonomy, include_suggested: bool) -> None:
        self.map: LabelMap = label_map(taxonomy, include_suggested=include_suggested)
        decided = {"accepted"} if not include_suggested else {"accepted", "suggested"}
        self.splits = {s.label for s in taxonomy.splits if s.status in decided}
        self.removed = {r.label for r in taxonomy.removed if r.status in decided}
        concepts = list(taxonomy.walk())
        self.preferred = {concept.label: concept.label for concept in concepts}
        # Every alias suggests its concept's label, decided or not; generated parents never.
        self.suggestible: dict[str, str] = {}
        for concept in concepts:
            if not concept.generated:
                self.suggestible.setdefault(concept.label, concept.label)
                for alias in concept.aliases:
                    self.suggestible.setdefault(alias, concept.label)
        self.known: set[str] = set(self.preferred)
        for concept in concepts:
            self.known.update(concept.aliases)
        self.known.update(s.label for s in taxonomy.splits)
        self.known.update(r.label for r in taxonomy.removed)
        self.folded: dict[str, str] = {}
        for label in sorted(self.known, key=lambda name: (name not in self.preferred, name)):
            self.folded.setdefault(label.casefold(), label)

    def verdict(self, label: str) -> _Verdict | None:
        """What the document says of ``label``; None when it does not know it (unknown)."""
        exact = self._exact(label, written=label)
        if exact is not None:
            return exact
        same = self.folded.get(label.casefold())
        if same is None:
            return None
        found = self._exact(same, written=label)
        assert found is not None
        if found.kind is None:  # a case variant of a label in use: use that label
            return _Verdict(Kind.alias, (same,), f"use '{same}' instead of '{label}'")
        return found

    def _exact(self, label: str, written: str) -> _Verdict | None:
        targets = self.map.get(label)
        if targets is not None:
            if label in self.removed:
                return _Verdict(Kind.removed, (), f"'{written}' was removed from the taxonomy")
            if label in self.splits:
                parts = ", ".join(f"'{part}'" for part in targets)
                return _Verdict(Kind.split, targets, f"'{written}' is split: use {parts}")
            return _Verdict(Kind.alias, targets, f"use '{targets[0]}' instead of '{written}'")
        if label in self.known:
            return _Verdict(None, (label,))
        return None


@dataclass
class _Pending:
    """A finding waiting for the did-you-mean of its unknown label."""

    path: str
    occurrence: Occurrence


def check(
    source: Inventory | Iterable[CheckedPost],
    taxonomy: Taxonomy,
    options: CheckOptions | None = None,
) -> list[Finding]:
    """The findings for every label of every post, in order of path, line and column."""
    options = options or CheckOptions()
    if isinstance(source, Inventory):
        source = posts_of_inventory(source)
    rules = _Rules(taxonomy, options.include_suggested)
    findings: list[Finding] = []
    unknown: list[_Pending] = []
    for post in source:
        for occurrences in _by_field(post.labels):
            seen: dict[str, Occurrence] = {}
            for occurrence in occurrences:
                verdict = rules.verdict(occurrence.label)
                keys = (occurrence.label,) if verdict is None else verdict.targets
                earlier = [seen[key] for key in keys if key in seen]
                if keys and len(earlier) == len(keys):
                    finding = _duplicate(post.path, occurrence, earlier[0], keys)
                elif verdict is None:
                    unknown.append(_Pending(post.path, occurrence))
                    finding = None
                elif verdict.kind is not None:
                    finding = _finding(
                        post.path, occurrence, verdict.kind, verdict.message, verdict.targets
                    )
                else:
                    finding = None
                if finding is not None:
                    findings.append(finding)
                for key in keys:
                    seen.setdefault(key, occurrence)
    if options.level(Kind.unknown) is not Severity.off and unknown:
        queries = list(dict.fromkeys(pending.occurrence.label for pending in unknown))
        close = nearest(
            queries, rules.suggestible, threshold=options.threshold, language=options.language
        )
        for pending in unknown:
            label = pending.occurrence.label
            findings.append(_unknown(pending.path, pending.occurrence, close.get(label, ())))
    kept = [
        replace(f, severity=options.level(f.kind))
        for f in findings
        if options.level(f.kind) is not Severity.off
    ]
    return sorted(kept, key=_order)


def _order(finding: Finding) -> tuple[str, int, int, str]:
    return (finding.path, finding.line, finding.col, finding.label)


def _by_field(labels: Sequence[Occurrence]) -> Iterator[list[Occurrence]]:
    """The labels of each front-matter field: duplicates are found within one field."""
    groups: dict[str, list[Occurrence]] = {}
    for occurrence in labels:
        groups.setdefault(occurrence.field.lower(), []).append(occurrence)
    yield from groups.values()


def _finding(
    path: str,
    occurrence: Occurrence,
    kind: Kind,
    message: str,
    replacement: tuple[str, ...] | None,
    suggestions: tuple[str, ...] | None = None,
) -> Finding:
    fixable = kind in FIXABLE and is_markdown(path)
    return Finding(
        path=path,
        line=occurrence.line or 1,
        col=occurrence.col or 1,
        kind=kind,
        severity=DEFAULT_SEVERITY[kind],
        label=occurrence.label,
        message=message,
        suggestions=replacement if suggestions is None and replacement else suggestions or (),
        fixable=fixable,
        replacement=replacement if fixable else None,
    )


def _duplicate(
    path: str, occurrence: Occurrence, first: Occurrence, keys: tuple[str, ...]
) -> Finding:
    where = f"line {first.line}" if first.line is not None else "earlier"
    if first.label == occurrence.label:
        message = f"'{occurrence.label}' is listed twice (also on {where})"
    else:
        concept = ", ".join(f"'{key}'" for key in keys)
        message = f"'{occurrence.label}' and '{first.label}' ({where}) are one concept: {concept}"
    return _finding(path, occurrence, Kind.duplicate, message, keys, ())


def _unknown(path: str, occurrence: Occurrence, close: Sequence[Suggestion]) -> Finding:
    label = occurrence.label
    message = f"unknown label '{label}'"
    if close and close[0].near_duplicate:
        best = close[0]
        message += f"; did you mean '{best.label}'? (near-duplicate, {best.score:g})"
    elif close:
        message += "; closest: " + ", ".join(f"'{s.label}'" for s in close)
    else:
        message += "; nothing close: a new topic?"
    suggestions = tuple(s.label for s in close)
    return _finding(path, occurrence, Kind.unknown, message, None, suggestions)


def fix_map(findings: Iterable[Finding]) -> LabelMap:
    """The map ``--fix`` applies: each fixable label found to what replaces it."""
    targets: dict[str, tuple[str, ...]] = {}
    for finding in findings:
        replacement = finding.replacement
        if finding.fixable and replacement is not None and replacement != (finding.label,):
            targets.setdefault(finding.label, replacement)
    return LabelMap(targets)
