"""Configuration of ``taxonomy check``, found the way linters find theirs.

From the folder of the checked files (their common folder) upwards, the first folder holding a
``.taxonomy.yaml`` (or ``.taxonomy.yml``), or a ``pyproject.toml`` with a ``[tool.taxonomy]``
table, gives the configuration; the search stops at the root of the repository (a folder with
``.git``). Paths in a configuration are relative to its folder. Command-line options override it.
An unknown key or a value of the wrong type stops with one line naming the file, line and key.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from taxonomy._text import read_utf8
from taxonomy.check import Kind, Severity
from taxonomy.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

__all__ = ["CONFIG_FILES", "Config", "find_config", "glob_match", "load_config", "read_config"]

CONFIG_FILES = (".taxonomy.yaml", ".taxonomy.yml", "pyproject.toml")
KEYS = (
    "taxonomy",
    "fields",
    "include",
    "exclude",
    "include-suggested",
    "severity",
    "threshold",
    "language",
)
DEFAULT_INCLUDE = ("**/*.md", "**/*.markdown", "**/*.mdx")


@dataclass(frozen=True)
class Config:
    """Settings read from one file (``path`` None: no file found, every default)."""

    root: Path
    path: Path | None = None
    taxonomy: Path | None = None
    fields: tuple[str, ...] | None = None
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    include_suggested: bool | None = None
    severity: Mapping[Kind, Severity] = field(default_factory=dict)
    threshold: float | None = None
    language: str | None = None

    def included(self, path: Path) -> bool:
        """Whether a file found by walking a folder is checked: included and not excluded."""
        name = self._relative(path)
        return any(glob_match(p, name) for p in self.include) and not self.excluded(path)

    def excluded(self, path: Path) -> bool:
        """Whether ``exclude`` matches the file or one of its folders."""
        name = self._relative(path)
        parts = name.split("/")
        prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
        return any(glob_match(p, prefix) for p in self.exclude for prefix in prefixes)

    def _relative(self, path: Path) -> str:
        absolute = path.absolute()
        try:
            return absolute.relative_to(self.root.absolute()).as_posix()
        except ValueError:
            return absolute.as_posix()


def find_config(start: Path) -> Path | None:
    """The configuration file nearest to ``start`` (a folder), up to the repository root."""
    folder = start.absolute()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_FILES:
            path = candidate / name
            if path.is_file() and (name != "pyproject.toml" or _has_table(path)):
                return path
        if (candidate / ".git").exists():
            return None
    return None


def load_config(start: Path, explicit: Path | None = None) -> Config:
    """The configuration for files under ``start``: ``explicit`` if given, else the nearest."""
    path = explicit if explicit is not None else find_config(start)
    if path is None:
        return Config(root=start.absolute())
    return read_config(path)


def read_config(path: Path) -> Config:
    """Read and check one configuration file."""
    name = str(path)
    text = read_utf8(
        name,
        ConfigError,
        missing="no such configuration file",
        cannot="cannot read the configuration",
    ).removeprefix("\ufeff")
    if path.name == "pyproject.toml":
        table = _toml(text, name).get("tool", {}).get("taxonomy")
        if table is None:
            raise ConfigError("no [tool.taxonomy] table", path=name)
        where = "[tool.taxonomy]"
    else:
        table = _yaml(text, name)
        where = "the configuration"
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table of keys", path=name)
    return _Reader(path, text, where).read(table)


def _has_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    if "taxonomy" not in text:
        return False
    tool = _toml(text, str(path)).get("tool")
    return isinstance(tool, dict) and "taxonomy" in tool


def _toml(text: str, name: str) -> dict[str, Any]:
    try:
        data: dict[str, Any] = tomllib.loads(text)
        return data
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        found = re.search(r"\(at line (\d+)", str(exc))
        if line is None and found:
            line = int(found.group(1))
        problem = re.sub(r"\s*\(at .*\)$", "", str(exc))
        raise ConfigError(f"not valid TOML: {problem}", path=name, line=line) from None


def _yaml(text: str, name: str) -> Any:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise ConfigError(
            f"not valid YAML: {problem}", path=name, line=None if mark is None else mark.line + 1
        ) from None
    return {} if data is None else data


class _Reader:
    """Checks the keys and values of one configuration table."""

    def __init__(self, path: Path, text: str, where: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.where = where

    def error(self, message: str, key: str) -> ConfigError:
        return ConfigError(message, path=str(self.path), line=self._line(key))

    def _line(self, key: str) -> int | None:
        pattern = re.compile(
            rf"""^\s*["']?{re.escape(key)}["']?\s*[:=]|[{{,]\s*{re.escape(key)}\s*="""
        )
        start = 0
        if self.where.startswith("[tool"):
            start = next(
                (
                    n
                    for n, line in enumerate(self.lines)
                    if line.strip().startswith("[tool.taxonomy")
                ),
                0,
            )
        for number in range(start, len(self.lines)):
            if pattern.search(self.lines[number]):
                return number + 1
        return None

    def read(self, table: dict[str, Any]) -> Config:
        for key in table:
            if key not in KEYS:
                hint = difflib.get_close_matches(str(key), KEYS, n=1)
                also = f" (did you mean '{hint[0]}'?)" if hint else f"; known: {', '.join(KEYS)}"
                raise self.error(f"unknown key '{key}' in {self.where}{also}", str(key))
        root = self.path.parent.absolute()
        taxonomy = self.text(table, "taxonomy")
        threshold = table.get("threshold")
        if threshold is not None and (
            isinstance(threshold, bool)
            or not isinstance(threshold, int | float)
            or not 0 <= threshold <= 100
        ):
            raise self.error(
                f"'threshold' must be a number from 0 to 100, not {threshold!r}", "threshold"
            )
        suggested = table.get("include-suggested")
        if suggested is not None and not isinstance(suggested, bool):
            raise self.error(
                f"'include-suggested' must be true or false, not {suggested!r}", "include-suggested"
            )
        include = self.strings(table, "include")
        return Config(
            root=root,
            path=self.path,
            taxonomy=None if taxonomy is None else root / taxonomy,
            fields=self.strings(table, "fields"),
            include=DEFAULT_INCLUDE if include is None else include,
            exclude=self.strings(table, "exclude") or (),
            include_suggested=suggested,
            severity=self.severity(table.get("severity")),
            threshold=None if threshold is None else float(threshold),
            language=self.text(table, "language"),
        )

    def text(self, table: dict[str, Any], key: str) -> str | None:
        value = table.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise self.error(f"'{key}' must be text, not {value!r}", key)
        return value

    def strings(self, table: dict[str, Any], key: str) -> tuple[str, ...] | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.error(f"'{key}' must be a list of text, not {value!r}", key)
        return tuple(value)

    def severity(self, value: object) -> dict[Kind, Severity]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.error(
                "'severity' must be a table like {unknown = \"off\"}, not " + repr(value),
                "severity",
            )
        levels: dict[Kind, Severity] = {}
        kinds = [kind.value for kind in Kind]
        for key, level in value.items():
            if key not in kinds:
                hint = difflib.get_close_matches(str(key), kinds, n=1)
                also = f" (did you mean '{hint[0]}'?)" if hint else f"; known: {', '.join(kinds)}"
                raise self.error(f"unknown kind '{key}' in 'severity'{also}", str(key))
            if level not in [s.value for s in Severity]:
                raise self.error(
                    f"severity of '{key}' must be error, warning or off, not {level!r}", str(key)
                )
            levels[Kind(key)] = Severity(level)
        return levels


def glob_match(pattern: str, path: str) -> bool:
    """Whether a POSIX relative ``path`` matches a glob: ``*`` and ``?`` within one folder name,
    ``**`` across folders (``**/`` also matches no folder), ``[abc]`` a class. A pattern without
    ``/`` matches the last name of the path (``*.draft.md``, ``_drafts``)."""
    if "/" not in pattern.rstrip("/"):
        path = path.rsplit("/", 1)[-1]
    return _compile(pattern.rstrip("/")).fullmatch(path) is not None


_CACHE: dict[str, re.Pattern[str]] = {}


def _compile(pattern: str) -> re.Pattern[str]:
    compiled = _CACHE.get(pattern)
    if compiled is None:
        out: list[str] = []
        i = 0
        while i < len(pattern):
            if pattern.startswith("**/", i):
                out.append("(?:.*/)?")
                i += 3
            elif pattern.startswith("**", i):
                out.append(".*")
                i += 2
            elif pattern[i] == "*":
                out.append("[^/]*")
                i += 1
            elif pattern[i] == "?":
                out.append("[^/]")
                i += 1
            elif pattern[i] == "[" and "]" in pattern[i + 2 :]:
                end = pattern.index("]", i + 2)
                body = pattern[i + 1 : end].replace("\\", "\\\\")
                out.append("[^" + body[1:] + "]" if body.startswith("!") else "[" + body + "]")
                i = end + 1
            else:
                out.append(re.escape(pattern[i]))
                i += 1
        compiled = _CACHE[pattern] = re.compile("".join(out))
    return compiled


def merge_severity(
    base: Mapping[Kind, Severity], overrides: Iterable[tuple[Kind, Severity | None]]
) -> dict[Kind, Severity]:
    """``base`` with each given (not None) override applied."""
    levels = dict(base)
    for kind, level in overrides:
        if level is not None:
            levels[kind] = level
    return levels
