"""The checks of ``taxonomy validate``: each fires on its own case, none on a clean document."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomy.document import load_taxonomy
from taxonomy.model import Concept, Distinct, Removal, SplitDecision, Taxonomy
from taxonomy.validate import CHECKS, Problem, validate

DATA = Path(__file__).parent / "data" / "document"


def test_the_clean_fixture_has_no_problem() -> None:
    assert validate(load_taxonomy(DATA / "commented.yaml")) == []
    assert validate(load_taxonomy(DATA / "standard.yaml")) == []


def test_every_check_fires_on_the_problems_fixture_at_its_line() -> None:
    problems = validate(load_taxonomy(DATA / "problems.yaml"))
    assert [(p.line, p.check) for p in problems] == [
        (4, "overlapping-labels"),
        (7, "overlapping-labels"),
        (10, "alias-is-label"),
        (20, "cycle"),
        (26, "duplicate-child"),
        (29, "bad-label"),
        (29, "bad-label"),
        (29, "bad-label"),
        (38, "alias-is-label"),
        (42, "case-variants"),
        (45, "merged-distinct"),
        (46, "merged-distinct"),
        (48, "unknown-split-part"),
        (48, "unknown-split-part"),
        (50, "decided-label-in-use"),
        (54, "overlapping-labels"),
    ]
    assert {p.check for p in problems} == set(CHECKS)


def _concept(
    label: str, *aliases: str, children: tuple[Concept, ...] = (), line: int = 0
) -> Concept:
    return Concept(label, aliases=aliases, children=children, line=line or None)


CASES: dict[str, tuple[Taxonomy, list[Problem]]] = {
    "label used by two concepts": (
        Taxonomy(
            concepts=(
                _concept("Culture", children=(_concept("Mongolian Songs", line=5),), line=3),
                _concept("Music", children=(_concept("Mongolian Songs", line=11),), line=9),
            )
        ),
        [
            Problem(
                11,
                "overlapping-labels",
                "label 'Mongolian Songs' is also used by the concept (line 5)",
            )
        ],
    ),
    "alias used by two concepts": (
        Taxonomy(concepts=(_concept("UK", "Britain", line=3), _concept("GB", "Britain", line=6))),
        [Problem(6, "overlapping-labels", "alias 'Britain' is also an alias of 'UK' (line 3)")],
    ),
    "alias twice in one concept": (
        Taxonomy(concepts=(_concept("UK", "Britain", "Britain", line=3),)),
        [Problem(3, "overlapping-labels", "alias 'Britain' is listed twice")],
    ),
    "alias equal to its own label": (
        Taxonomy(concepts=(_concept("UK", "UK", line=3),)),
        [Problem(3, "alias-is-label", "'UK' is both the label and an alias")],
    ),
    "alias equal to another label": (
        Taxonomy(concepts=(_concept("UK", line=3), _concept("Britain", "UK", line=5))),
        [
            Problem(
                5,
                "alias-is-label",
                "alias 'UK' of 'Britain' (line 5) is the label of another concept (line 3)",
            )
        ],
    ),
    "cycle": (
        Taxonomy(
            concepts=(
                _concept("A", children=(_concept("B", children=(_concept("A", line=7),)),), line=1),
            )
        ),
        [Problem(7, "cycle", "'A' appears under itself (line 1)")],
    ),
    "child twice under one parent": (
        Taxonomy(
            concepts=(_concept("A", children=(_concept("B", line=4), _concept("B", line=6))),)
        ),
        [Problem(6, "duplicate-child", "'B' is listed twice under the same parent (line 4)")],
    ),
    "twice at the top level": (
        Taxonomy(concepts=(_concept("A", line=2), _concept("A", line=4))),
        [Problem(4, "duplicate-child", "'A' is listed twice at the top level (line 2)")],
    ),
    "empty label": (
        Taxonomy(concepts=(_concept("", line=2),)),
        [Problem(2, "bad-label", "empty label")],
    ),
    "blank alias": (
        Taxonomy(concepts=(_concept("A", "  ", line=2),)),
        [Problem(2, "bad-label", "empty alias '  ' of 'A'")],
    ),
    "unprintable character": (
        Taxonomy(removed=(Removal("Mon\u200binfo", line=8),)),
        [
            Problem(
                8,
                "bad-label",
                "removed label 'Mon\\u200binfo' contains an unprintable character "
                "U+200B (ZERO WIDTH SPACE)",
            )
        ],
    ),
    "space around a label": (
        Taxonomy(distinct=(Distinct("India ", "Indonesia", line=5),)),
        [Problem(5, "bad-label", "distinct label 'India ' has leading or trailing space")],
    ),
    "merged distinct pair": (
        Taxonomy(
            concepts=(_concept("India", "Ind", line=2),),
            distinct=(Distinct("Ind", "India", line=5),),
        ),
        [
            Problem(
                5,
                "merged-distinct",
                "'Ind' and 'India' are marked distinct but both belong to 'India' (line 2)",
            )
        ],
    ),
    "split into an unknown label": (
        Taxonomy(
            concepts=(_concept("Russia", line=2),),
            splits=(SplitDecision("Russia and China", ("Russia", "China"), line=4),),
        ),
        [
            Problem(
                4,
                "unknown-split-part",
                "'Russia and China' is split into 'China', which is no concept's label or alias",
            )
        ],
    ),
    "split label that is a concept": (
        Taxonomy(
            concepts=(_concept("Russia", "Russia and China", line=2),),
            splits=(SplitDecision("Russia and China", ("Russia",), line=4),),
        ),
        [
            Problem(
                4,
                "decided-label-in-use",
                "'Russia and China' is split but is also an alias of 'Russia' (line 2)",
            )
        ],
    ),
    "removed label that is a concept": (
        Taxonomy(concepts=(_concept("Moninfo", line=2),), removed=(Removal("Moninfo", line=4),)),
        [Problem(4, "decided-label-in-use", "'Moninfo' is removed but is also the label (line 2)")],
    ),
    "split and removed": (
        Taxonomy(
            concepts=(_concept("A"), _concept("B")),
            splits=(SplitDecision("A and B", ("A", "B"), line=4),),
            removed=(Removal("A and B", line=8),),
        ),
        [Problem(8, "overlapping-labels", "'A and B' is removed and also split (line 4)")],
    ),
    "labels differing only in case": (
        Taxonomy(concepts=(_concept("News", line=2), _concept("news", line=3))),
        [
            Problem(
                3,
                "case-variants",
                "labels differ only in case: 'News' (line 2), 'news' (line 3); "
                "sites usually treat them as one label",
            )
        ],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_check_fires(case: str) -> None:
    taxonomy, expected = CASES[case]
    assert validate(taxonomy) == expected


def test_case_variants_within_one_concept_are_its_aliases() -> None:
    """'News' with alias 'news' is exactly how a taxonomy merges the two: not a problem."""
    assert validate(Taxonomy(concepts=(_concept("News", "news", "NEWS"),))) == []


def test_problems_come_in_line_order() -> None:
    taxonomy = Taxonomy(
        concepts=(_concept("B", "B", line=9), _concept("", line=2)),
        removed=(Removal("X "),),
    )
    assert [p.line for p in validate(taxonomy)] == [2, 9, None]
