"""The output formats of ``taxonomy check``: escaping, well-formedness, the SARIF schema."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import jsonschema
import pytest

from taxonomy.check import Finding, Kind, Report, Severity
from taxonomy.formats.findings import (
    GithubFindings,
    JsonFindings,
    JunitFindings,
    SarifFindings,
    TextFindings,
    artifact_uri,
)

SCHEMA = Path(__file__).resolve().parent / "data" / "check" / "sarif-schema-2.1.0-rtm.5.json"

ALIAS = Finding(
    "posts/a, b.md",
    3,
    9,
    Kind.alias,
    Severity.error,
    "py",
    "use 'Python' instead of 'py'",
    ("Python",),
    fixable=True,
    replacement=("Python",),
)
ODD = Finding(
    "posts/odd.md",
    4,
    1,
    Kind.unknown,
    Severity.warning,
    "50% <off>\n&",
    "unknown label '50% <off>\n&'; nothing close: a new topic?",
)
FIXED = Finding(
    "posts/c.md",
    2,
    7,
    Kind.removed,
    Severity.error,
    "Misc",
    "'Misc' was removed from the taxonomy",
    fixable=True,
    fixed=True,
    replacement=(),
)
REPORT = Report(
    (ALIAS, FIXED, ODD), ("posts/a, b.md", "posts/c.md", "posts/clean.md", "posts/odd.md")
)


def test_text_lines_and_the_fixable_mark() -> None:
    assert TextFindings().render(Report((ALIAS, FIXED), ())) == (
        "posts/a, b.md:3:9: error alias: use 'Python' instead of 'py' [*]\n"
        "posts/c.md:2:7: fixed removed: 'Misc' was removed from the taxonomy\n"
    )


def test_json_keys() -> None:
    [first, *_] = json.loads(JsonFindings().render(REPORT))
    assert first == {
        "path": "posts/a, b.md",
        "line": 3,
        "col": 9,
        "kind": "alias",
        "severity": "error",
        "label": "py",
        "message": "use 'Python' instead of 'py'",
        "suggestions": ["Python"],
        "fixable": True,
        "fixed": False,
    }


def test_github_commands_escape_data_and_properties() -> None:
    assert GithubFindings().render(REPORT).splitlines() == [
        "::error file=posts/a%2C b.md,line=3,col=9,title=taxonomy alias::"
        "use 'Python' instead of 'py'",
        "::notice file=posts/c.md,line=2,col=7,title=taxonomy removed::"
        "fixed: 'Misc' was removed from the taxonomy",
        "::warning file=posts/odd.md,line=4,col=1,title=taxonomy unknown::"
        "unknown label '50%25 <off>%0A&'; nothing close: a new topic?",
    ]


def test_sarif_is_valid_against_the_2_1_0_schema() -> None:
    log = json.loads(SarifFindings("1.2.3").render(REPORT))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(log, schema)
    [run] = log["runs"]
    assert run["tool"]["driver"]["version"] == "1.2.3"
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == [k.value for k in Kind]
    assert [(r["ruleId"], r["level"]) for r in run["results"]] == [
        ("alias", "error"),
        ("removed", "note"),
        ("unknown", "warning"),
    ]
    location = run["results"][0]["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {"uri": "posts/a%2C%20b.md"},
        "region": {"startLine": 3, "startColumn": 9},
    }


def test_sarif_schema_rejects_a_broken_log() -> None:
    log = json.loads(SarifFindings().render(REPORT))
    log["runs"][0]["results"][0]["level"] = "fatal"
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(log, schema)


def test_junit_is_well_formed_with_a_testcase_per_file() -> None:
    root = ElementTree.fromstring(JunitFindings().render(REPORT))
    [suite] = root
    assert (suite.get("tests"), suite.get("failures")) == ("4", "1")
    cases = {case.get("name"): case for case in suite}
    assert list(cases) == ["posts/a, b.md", "posts/c.md", "posts/clean.md", "posts/odd.md"]
    failure = cases["posts/a, b.md"].find("failure")
    assert failure is not None
    assert (failure.get("message"), failure.get("type")) == ("1 error", "alias")
    assert failure.text == "posts/a, b.md:3:9: error alias: use 'Python' instead of 'py' [*]\n"
    assert cases["posts/c.md"].find("failure") is None
    assert len(cases["posts/clean.md"]) == 0
    out = cases["posts/odd.md"].find("system-out")
    assert out is not None and "'50% <off>\n&'" in (out.text or "")


def test_artifact_uris() -> None:
    assert artifact_uri("content/a b.md") == "content/a%20b.md"
    assert artifact_uri("/srv/site/a.md") == "file:///srv/site/a.md"


def test_junit_replaces_what_xml_cannot_hold() -> None:
    control = Finding("a.md", 1, 1, Kind.removed, Severity.error, "a\x01b", "'a\x01b' was removed")
    root = ElementTree.fromstring(JunitFindings().render(Report((control,), ("a.md",))))
    failure = root.find("./testsuite/testcase/failure")
    assert failure is not None and "'a\ufffdb' was removed" in (failure.text or "")
