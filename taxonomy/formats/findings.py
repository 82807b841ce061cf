"""``taxonomy check --format text|json|github|sarif|junit``: one small class per format.

Each takes the :class:`~taxonomy.check.Report` of a run and returns the text to print; the
documented shape of each is in docs/check.md. Findings arrive sorted by path, line and column.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath
from typing import Any, ClassVar, Protocol
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from taxonomy.check import Finding, Kind, Report, Severity

DOCS = "Kinds, severities and configuration: docs/check.md in taxonomy's documentation."
TOOL = "taxonomy"
RULES: dict[Kind, str] = {
    Kind.alias: "A label that is an alias (or a case variant) of a preferred label.",
    Kind.unknown: "A label the taxonomy does not know, with the closest known labels.",
    Kind.removed: "A label the taxonomy removes.",
    Kind.split: "A label the taxonomy splits into several labels.",
    Kind.duplicate: "A label a post already carries, as the same label or one of its concept.",
}


class FindingsRenderer(Protocol):
    """What every output format of ``taxonomy check`` is."""

    name: ClassVar[str]

    def render(self, report: Report) -> str: ...


def status(finding: Finding) -> str:
    """``error``, ``warning`` or ``fixed``."""
    return "fixed" if finding.fixed else finding.severity.value


class TextFindings:
    """``path:line:col: severity kind: message``, `` [*]`` after what ``--fix`` can repair."""

    name: ClassVar[str] = "text"

    @staticmethod
    def parts(finding: Finding) -> tuple[str, str, str, str]:
        """The location, status, kind and message (with the fixable mark) of a line."""
        mark = " [*]" if finding.fixable and not finding.fixed else ""
        where = f"{finding.path}:{finding.line}:{finding.col}:"
        return where, status(finding), finding.kind.value, finding.message + mark

    def render(self, report: Report) -> str:
        return "".join("{} {} {}: {}\n".format(*self.parts(finding)) for finding in report.findings)


def finding_object(finding: Finding) -> dict[str, Any]:
    return {
        "path": finding.path,
        "line": finding.line,
        "col": finding.col,
        "kind": finding.kind.value,
        "severity": finding.severity.value,
        "label": finding.label,
        "message": finding.message,
        "suggestions": list(finding.suggestions),
        "fixable": finding.fixable,
        "fixed": finding.fixed,
    }


class JsonFindings:
    """A list of finding objects (keys in docs/check.md), sorted by path, line, column."""

    name: ClassVar[str] = "json"

    def render(self, report: Report) -> str:
        findings = [finding_object(finding) for finding in report.findings]
        return json.dumps(findings, ensure_ascii=False, indent=2) + "\n"


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubFindings:
    """GitHub Actions workflow commands: ``::error file=F,line=L,col=C,title=...::message``;
    warnings as ``::warning``, fixed findings as ``::notice``."""

    name: ClassVar[str] = "github"

    def render(self, report: Report) -> str:
        lines = []
        for finding in report.findings:
            command = "notice" if finding.fixed else finding.severity.value
            properties = ",".join(
                f"{key}={_github_property(str(value))}"
                for key, value in (
                    ("file", finding.path),
                    ("line", finding.line),
                    ("col", finding.col),
                    ("title", f"{TOOL} {finding.kind.value}"),
                )
            )
            message = ("fixed: " if finding.fixed else "") + finding.message
            lines.append(f"::{command} {properties}::{_github_data(message)}\n")
        return "".join(lines)


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.off: "none"}


def artifact_uri(path: str) -> str:
    """A relative path as a relative URI reference; an absolute one as a ``file:`` URI."""
    posix = PurePosixPath(path.replace("\\", "/"))
    if posix.is_absolute():
        return "file://" + quote(str(posix))
    return quote(str(posix))


class SarifFindings:
    """SARIF 2.1.0: one run; a rule per kind; a result per finding (fixed ones as notes)."""

    name: ClassVar[str] = "sarif"

    def __init__(self, version: str = "0") -> None:
        self.version = version

    def render(self, report: Report) -> str:
        kinds = list(Kind)
        rules = [
            {
                "id": kind.value,
                "name": kind.value,
                "shortDescription": {"text": RULES[kind]},
                "help": {"text": f"{RULES[kind]} {DOCS}"},
                "defaultConfiguration": {"level": "error" if kind != Kind.unknown else "warning"},
            }
            for kind in kinds
        ]
        results = []
        for finding in report.findings:
            result: dict[str, Any] = {
                "ruleId": finding.kind.value,
                "ruleIndex": kinds.index(finding.kind),
                "level": "note" if finding.fixed else _SARIF_LEVEL[finding.severity],
                "message": {"text": ("fixed: " if finding.fixed else "") + finding.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": artifact_uri(finding.path)},
                            "region": {"startLine": finding.line, "startColumn": finding.col},
                        }
                    }
                ],
                "properties": {
                    "label": finding.label,
                    "suggestions": list(finding.suggestions),
                    "fixable": finding.fixable,
                },
            }
            results.append(result)
        log = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": TOOL,
                            "version": self.version,
                            "rules": rules,
                        }
                    },
                    "columnKind": "unicodeCodePoints",
                    "results": results,
                }
            ],
        }
        return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


class JunitFindings:
    """JUnit XML: one testsuite, one testcase per checked file; a file with errors has one
    ``<failure>`` listing them; warnings and fixed findings go to its ``<system-out>``."""

    name: ClassVar[str] = "junit"

    def render(self, report: Report) -> str:
        by_file: dict[str, list[Finding]] = {path: [] for path in report.files}
        for finding in report.findings:
            by_file.setdefault(finding.path, []).append(finding)
        failed = sum(
            1 for found in by_file.values() if any(_is_error(finding) for finding in found)
        )
        out = [
            '<?xml version="1.0" encoding="UTF-8"?>\n',
            f'<testsuites name="{TOOL} check" tests="{len(by_file)}" failures="{failed}">\n',
            f'  <testsuite name="{TOOL} check" tests="{len(by_file)}" failures="{failed}"'
            ' errors="0" skipped="0">\n',
        ]
        for path, found in by_file.items():
            out.append(f"    <testcase classname={_attr(TOOL + ' check')} name={_attr(path)}")
            out.append(f" file={_attr(path)}")
            errors = [finding for finding in found if _is_error(finding)]
            others = [finding for finding in found if not _is_error(finding)]
            if not found:
                out.append("/>\n")
                continue
            out.append(">\n")
            if errors:
                noun = "error" if len(errors) == 1 else "errors"
                out.append(
                    f"      <failure message={_attr(f'{len(errors)} {noun}')}"
                    f" type={_attr(errors[0].kind.value)}>"
                )
                out.append(_xml("".join(_junit_line(finding) for finding in errors)))
                out.append("</failure>\n")
            if others:
                out.append("      <system-out>")
                out.append(_xml("".join(_junit_line(finding) for finding in others)))
                out.append("</system-out>\n")
            out.append("    </testcase>\n")
        out.append("  </testsuite>\n</testsuites>\n")
        return "".join(out)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    """Text escaped for XML, characters XML 1.0 cannot hold replaced by U+FFFD."""
    return escape(_NOT_XML.sub("\ufffd", text))


def _attr(text: str) -> str:
    return quoteattr(_NOT_XML.sub("\ufffd", text))


def _is_error(finding: Finding) -> bool:
    return finding.severity is Severity.error and not finding.fixed


def _junit_line(finding: Finding) -> str:
    return "{} {} {}: {}\n".format(*TextFindings.parts(finding))
