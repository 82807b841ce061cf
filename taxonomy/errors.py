"""The exceptions of the library; the CLI turns them into messages and exit codes."""

from __future__ import annotations

from typing import Any


class TaxonomyError(Exception):
    """Base of every error the library raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword arguments are lost by the default pickling: a worker process's error would
        # arrive without its file and line.
        return (_rebuild, (type(self), self.message, self.path, self.line))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        return f"{where}{self.message}"


def _rebuild(
    kind: type[TaxonomyError], message: str, path: str | None, line: int | None
) -> TaxonomyError:
    return kind(message, path=path, line=line)


class UsageError(TaxonomyError):
    """The command was called with options that cannot work together."""

    exit_code = 2


class SourceError(TaxonomyError):
    """An input file is missing, unreadable, malformed or of another format."""

    exit_code = 3


class DocumentError(TaxonomyError):
    """A taxonomy document is malformed or inconsistent."""

    exit_code = 3


class ConfigError(TaxonomyError):
    """A configuration file (``[tool.taxonomy]``, ``.taxonomy.yaml``) is malformed or unknown."""

    exit_code = 2


class EditError(TaxonomyError):
    """An edit of a taxonomy document was refused: it would break the document."""

    exit_code = 1
