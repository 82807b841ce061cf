"""``taxonomy check``: the labels of posts against the taxonomy document, for CI and pre-commit."""

from __future__ import annotations

import difflib
import enum
import os
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from taxonomy import __version__
from taxonomy._atomic import atomic_write
from taxonomy.apply.markdown import rewrite
from taxonomy.check import (
    DEFAULT_SEVERITY,
    FIXABLE,
    CheckOptions,
    Finding,
    Kind,
    Report,
    Severity,
    check,
    fix_map,
)
from taxonomy.check_inputs import Reading, collect
from taxonomy.cli._common import err_console, handle_errors, out_console, write_out
from taxonomy.config import Config, load_config, merge_severity
from taxonomy.document import load_taxonomy
from taxonomy.errors import ConfigError
from taxonomy.formats.findings import (
    FindingsRenderer,
    GithubFindings,
    JsonFindings,
    JunitFindings,
    SarifFindings,
    TextFindings,
)
from taxonomy.mapping import LabelMap
from taxonomy.model import DOCUMENT_NAME
from taxonomy.sources import LoadOptions

DEFAULT_FILE = DOCUMENT_NAME


class CheckFormat(str, enum.Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    junit = "junit"


FORMATS: dict[CheckFormat, type[FindingsRenderer]] = {
    CheckFormat.text: TextFindings,
    CheckFormat.json: JsonFindings,
    CheckFormat.github: GithubFindings,
    CheckFormat.sarif: SarifFindings,
    CheckFormat.junit: JunitFindings,
}
STYLES = {"error": "bold red", "warning": "yellow", "fixed": "green"}


def _level(kind: Kind) -> object:
    return typer.Option(
        f"--{kind.value}",
        help=f"Severity of '{kind.value}' findings (default: from the configuration, "
        f"else {_default(kind)}).",
        show_default=False,
    )


def _default(kind: Kind) -> str:
    return DEFAULT_SEVERITY[kind].value


@handle_errors
def check_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATHS",
            help="Markdown posts, folders of posts, or any source taxonomy reads (an export, "
            "a label list). Default: the current folder.",
            show_default=False,
        ),
    ] = None,
    taxonomy_file: Annotated[
        Path | None,
        typer.Option(
            "--taxonomy",
            help="The taxonomy document. Default: from the configuration, else taxonomy.yaml "
            "in the current folder or the nearest folder above it.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    field: Annotated[
        list[str] | None,
        typer.Option(
            "--field",
            metavar="KEY",
            help="Front-matter key holding labels; repeat for several. "
            "Default: from the configuration, else tags and categories.",
            show_default=False,
        ),
    ] = None,
    include_suggested: Annotated[
        bool | None,
        typer.Option(
            "--include-suggested/--accepted-only",
            help="Also take suggested (not yet accepted) aliases, splits and removals as "
            "decided. Default: accepted only.",
            show_default=False,
        ),
    ] = None,
    alias: Annotated[Severity | None, _level(Kind.alias)] = None,
    unknown: Annotated[Severity | None, _level(Kind.unknown)] = None,
    removed: Annotated[Severity | None, _level(Kind.removed)] = None,
    split: Annotated[Severity | None, _level(Kind.split)] = None,
    duplicate: Annotated[Severity | None, _level(Kind.duplicate)] = None,
    format: Annotated[
        CheckFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format. Default: github when GITHUB_ACTIONS=true, else text.",
            show_default=False,
        ),
    ] = None,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="Rewrite aliases, splits, removals and duplicates in the Markdown posts, "
            "in place; only the labels change.",
        ),
    ] = False,
    diff: Annotated[
        bool,
        typer.Option(
            "--diff", help="Show what --fix would change, as a unified diff, and write nothing."
        ),
    ] = False,
    config_file: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="Read this configuration file instead of searching for the nearest one.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check the labels of posts against the taxonomy document: aliases, unknown labels (with
    did-you-mean), removed and split labels, duplicates. Exit 0 when no error-level finding,
    1 when there is one, 2 for usage or configuration errors, 3 when a file cannot be read."""
    paths = paths or ["."]
    config = load_config(_start(paths), config_file)
    levels = merge_severity(
        config.severity,
        (
            (Kind.alias, alias),
            (Kind.unknown, unknown),
            (Kind.removed, removed),
            (Kind.split, split),
            (Kind.duplicate, duplicate),
        ),
    )
    options = CheckOptions(
        severity={**CheckOptions().severity, **levels},
        include_suggested=include_suggested
        if include_suggested is not None
        else bool(config.include_suggested),
        threshold=config.threshold if config.threshold is not None else CheckOptions().threshold,
        language=config.language or "english",
    )
    fields = tuple(field) if field else config.fields or LoadOptions().fields
    document = _taxonomy_path(taxonomy_file, config)
    files = collect(paths, config)
    with Reading(files, fields) as reading:  # many posts are read while the taxonomy is
        taxonomy = load_taxonomy(document)
        posts = reading.result()
    findings = check(posts, taxonomy, options)
    if fix or diff:
        findings = _fix(findings, fields, write=not diff)
    report = Report(tuple(findings), tuple(files))
    if not diff:
        _print(report, _format(format))
    err_console().print(_summary(report, fix=fix or diff, dry=diff))
    code = report.exit_code
    if diff and any(f.fixed for f in report.findings):
        code = 1
    if code:
        raise typer.Exit(code=code)


def _start(paths: list[str]) -> Path:
    """The folder the configuration is searched from: the common folder of the paths."""
    folders = [Path(p).absolute() if Path(p).is_dir() else Path(p).absolute().parent for p in paths]
    return Path(os.path.commonpath(folders))


def _taxonomy_path(given: Path | None, config: Config) -> Path:
    if given is not None:
        return given
    if config.taxonomy is not None:
        return config.taxonomy
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / DEFAULT_FILE).is_file():
            return folder / DEFAULT_FILE
        if (folder / ".git").exists():
            break
    raise ConfigError(
        f"no {DEFAULT_FILE} in this folder or above it: name one with --taxonomy FILE or "
        "'taxonomy = \"FILE\"' in [tool.taxonomy] of pyproject.toml (or .taxonomy.yaml), "
        f"or create one with 'taxonomy suggest -o {DEFAULT_FILE}'"
    )


def _format(given: CheckFormat | None) -> CheckFormat:
    if given is not None:
        return given
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return CheckFormat.github
    return CheckFormat.text


def _print(report: Report, fmt: CheckFormat) -> None:
    if fmt is CheckFormat.sarif:
        write_out(SarifFindings(__version__).render(report))
        return
    console = out_console()
    if fmt is not CheckFormat.text or not console.is_terminal:
        write_out(FORMATS[fmt]().render(report))
        return
    for finding in report.findings:
        where, status, kind, message = TextFindings.parts(finding)
        console.print(
            f"[bold]{escape(where)}[/] [{STYLES[status]}]{status}[/] [cyan]{kind}[/]: "
            f"{escape(message)}",
            soft_wrap=True,
        )


def _fix(findings: list[Finding], fields: tuple[str, ...], *, write: bool) -> list[Finding]:
    """Rewrite every Markdown post with fixable findings; mark what was fixed."""
    mapping = fix_map(f for f in findings if f.severity is not Severity.off)
    paths = dict.fromkeys(f.path for f in findings if f.fixable)
    fixed_paths: set[str] = set()
    console = err_console()
    others = list(dict.fromkeys(f.path for f in findings if f.kind in FIXABLE and not f.fixable))
    for path in paths:
        target = Path(path)
        old = target.read_bytes()
        result = rewrite(old, _only(mapping, findings, path), name=path, fields=fields)
        if result.data == old:
            continue
        fixed_paths.add(path)
        if write:
            atomic_write(target, result.data)
        else:
            write_out(_unified(path, old, result.data))
    if others:
        shown = ", ".join(others[:3]) + (" ..." if len(others) > 3 else "")
        console.print(
            f"[yellow]note:[/] {escape(shown)}: not Markdown; fixing an export is the job of "
            "'taxonomy apply'"
        )
    return [replace(f, fixed=True) if f.fixable and f.path in fixed_paths else f for f in findings]


def _only(mapping: LabelMap, findings: list[Finding], path: str) -> LabelMap:
    """The part of the map for the labels found in one file."""
    labels = {f.label for f in findings if f.path == path}
    return LabelMap({old: new for old, new in mapping.targets.items() if old in labels})


def _unified(path: str, old: bytes, new: bytes) -> str:
    lines = difflib.unified_diff(
        old.decode("utf-8-sig").splitlines(keepends=True),
        new.decode("utf-8-sig").splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _summary(report: Report, *, fix: bool, dry: bool = False) -> str:
    files = _count(len(report.files), "file")
    parts = []
    if report.fixed:
        parts.append(f"{'would fix' if dry else 'fixed'} {report.fixed}")
    if report.errors or report.warnings:
        parts.append(
            f"{_count(report.errors, 'error')}, {_count(report.warnings, 'warning')}"
            + (" remain" if report.fixed else "")
        )
    if not parts:
        return f"no problems in {files}"
    summary = "; ".join(parts) + f" in {files}"
    if report.fixable and not fix:
        summary += f" ({report.fixable} fixable with --fix)"
    return summary


def _count(n: int, noun: str) -> str:
    return f"{n} {noun if n == 1 else noun + 's'}"
