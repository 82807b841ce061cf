"""``check``: what each label of a post is against the fixture taxonomy, and the report."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from taxonomy.check import (
    CheckedPost,
    CheckOptions,
    Finding,
    Kind,
    Occurrence,
    Report,
    Severity,
    check,
    fix_map,
)
from taxonomy.check_inputs import read_file, read_markdown
from taxonomy.document import load_taxonomy
from taxonomy.sources import load

SITE = Path(__file__).resolve().parent / "data" / "check" / "site"
TAXONOMY = load_taxonomy(SITE / "taxonomy.yaml")


def post(*labels: str, field: str = "tags") -> CheckedPost:
    return CheckedPost(
        "post.md", tuple(Occurrence(label, 2, 1 + 10 * n, field) for n, label in enumerate(labels))
    )


def brief(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return [(f.kind.value, f.label, f.message) for f in findings]


def test_preferred_labels_pass() -> None:
    assert check([post("Python", "News", "Static Sites")], TAXONOMY) == []


def test_an_accepted_alias_is_a_fixable_error() -> None:
    [finding] = check([post("python3")], TAXONOMY)
    assert (finding.kind, finding.severity, finding.fixable) == (Kind.alias, Severity.error, True)
    assert finding.message == "use 'Python' instead of 'python3'"
    assert finding.suggestions == ("Python",)
    assert (finding.path, finding.line, finding.col) == ("post.md", 2, 1)


def test_a_case_variant_is_an_alias_of_the_known_label() -> None:
    assert brief(check([post("news", "PYTHON3")], TAXONOMY)) == [
        ("alias", "news", "use 'News' instead of 'news'"),
        ("alias", "PYTHON3", "use 'Python' instead of 'PYTHON3'"),
    ]


def test_removed_and_split_say_what_replaces_them() -> None:
    assert brief(check([post("Uncategorized", "Python and JavaScript")], TAXONOMY)) == [
        ("removed", "Uncategorized", "'Uncategorized' was removed from the taxonomy"),
        (
            "split",
            "Python and JavaScript",
            "'Python and JavaScript' is split: use 'Python', 'JavaScript'",
        ),
    ]


def test_suggested_decisions_are_known_labels_unless_included() -> None:
    assert check([post("ML", "Misc")], TAXONOMY) == []
    findings = check([post("ML", "Misc")], TAXONOMY, CheckOptions(include_suggested=True))
    assert brief(findings) == [
        ("alias", "ML", "use 'Machine Learning' instead of 'ML'"),
        ("removed", "Misc", "'Misc' was removed from the taxonomy"),
    ]


def test_unknown_labels_say_how_close_they_are() -> None:
    findings = check([post("Pyhton", "Rust", "Static Site Generators")], TAXONOMY)
    assert brief(findings) == [
        (
            "unknown",
            "Pyhton",
            "unknown label 'Pyhton'; did you mean 'Python'? (near-duplicate, 95)",
        ),
        ("unknown", "Rust", "unknown label 'Rust'; nothing close: a new topic?"),
        (
            "unknown",
            "Static Site Generators",
            "unknown label 'Static Site Generators'; closest: 'Static Sites'",
        ),
    ]
    assert [f.severity for f in findings] == [Severity.warning] * 3
    assert [f.suggestions for f in findings] == [("Python",), (), ("Static Sites",)]
    assert not any(f.fixable for f in findings)


def test_duplicates_in_one_field() -> None:
    findings = check([post("Python", "py", "Python")], TAXONOMY)
    assert brief(findings) == [
        ("duplicate", "py", "'py' and 'Python' (line 2) are one concept: 'Python'"),
        ("duplicate", "Python", "'Python' is listed twice (also on line 2)"),
    ]
    assert all(f.fixable for f in findings)


def test_an_alias_before_its_preferred_label() -> None:
    assert [(f.kind.value, f.label) for f in check([post("JS", "JavaScript")], TAXONOMY)] == [
        ("alias", "JS"),
        ("duplicate", "JavaScript"),
    ]


def test_the_same_label_in_two_fields_is_no_duplicate() -> None:
    both = CheckedPost(
        "post.md", (Occurrence("News", 2, 1, "tags"), Occurrence("News", 3, 1, "categories"))
    )
    assert check([both], TAXONOMY) == []


def test_severity_off_drops_a_kind_and_warning_lowers_it() -> None:
    options = CheckOptions(severity={Kind.alias: Severity.warning, Kind.unknown: Severity.off})
    findings = check([post("python3", "Rust")], TAXONOMY, options)
    assert [(f.kind, f.severity) for f in findings] == [(Kind.alias, Severity.warning)]


def test_report_exit_code_counts_remaining_errors_only() -> None:
    findings = check([post("python3", "Rust")], TAXONOMY)
    report = Report(tuple(findings), ("post.md",))
    assert (report.errors, report.warnings, report.fixable, report.exit_code) == (1, 1, 1, 1)
    fixed = Report(tuple(f if not f.fixable else _fixed(f) for f in findings), ("post.md",))
    assert (fixed.errors, fixed.warnings, fixed.fixed, fixed.exit_code) == (0, 1, 1, 0)


def _fixed(finding: Finding) -> Finding:
    return replace(finding, fixed=True)


def test_fix_map_holds_each_fixable_label_once() -> None:
    findings = check(
        [post("python3", "Uncategorized", "news", "Rust", "Python", "Python")], TAXONOMY
    )
    assert dict(fix_map(findings).targets) == {
        "python3": ("Python",),
        "Uncategorized": (),
        "news": ("News",),
    }


def test_markdown_posts_give_lines_and_columns() -> None:
    yaml_post = read_markdown(
        (SITE / "content/posts/aliases.md").read_bytes(), "a.md", ("tags", "categories")
    )
    assert [(o.label, o.line, o.col, o.field) for o in yaml_post.labels] == [
        ("python3", 4, 5, "tags"),
        ("JavaScript", 5, 5, "tags"),
        ("news", 6, 14, "categories"),
    ]
    toml_post = read_markdown(
        (SITE / "content/posts/dupes.md").read_bytes(), "d.md", ("tags", "categories")
    )
    assert [(o.label, o.line, o.col) for o in toml_post.labels] == [
        ("Python", 4, 4),
        ("py", 5, 4),
        ("Python", 6, 4),
        ("News", 8, 16),
    ]
    string_post = read_markdown((SITE / "content/posts/mixed.md").read_bytes(), "m.md", ("tags",))
    assert [o.col for o in string_post.labels] == [7, 30, 45, 59]


def test_a_label_equal_to_its_key_is_found_after_the_key() -> None:
    data = b"---\ntags: [tags, go, golang, go]\n---\n"
    found = read_markdown(data, "t.md", ("tags",))
    assert [(o.label, o.col) for o in found.labels] == [
        ("tags", 8),
        ("go", 14),
        ("golang", 18),
        ("go", 26),
    ]


def test_a_label_list_is_checked_label_by_label(tmp_path: Path) -> None:
    listing = tmp_path / "labels.txt"
    listing.write_text("Python\npython3\nUncategorized\n", encoding="utf-8")
    checked = read_file(str(listing), ("tags",))
    assert len(checked) == 3  # one label each: a list of the site's labels has no duplicates
    findings = check(checked, TAXONOMY)
    assert [(f.kind.value, f.line) for f in findings] == [("alias", 2), ("removed", 3)]


def test_an_inventory_is_checked_post_by_post() -> None:
    inventory = load(SITE / "content" / "posts")
    findings = check(inventory, TAXONOMY, CheckOptions(severity={Kind.unknown: Severity.off}))
    assert sorted({(Path(f.path).name, f.kind.value) for f in findings}) == [
        ("aliases.md", "alias"),
        ("dupes.md", "duplicate"),
        ("mixed.md", "alias"),
        ("mixed.md", "duplicate"),
        ("mixed.md", "removed"),
        ("mixed.md", "split"),
    ]


@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_has_a_default_severity(kind: Kind) -> None:
    assert CheckOptions().level(kind) in (Severity.error, Severity.warning)
