"""Helpers shared by the benchmark scripts.

Where the shared data lives, what machine ran a benchmark, and writing one script's section of
``RESULTS.md`` (between its own markers) without changing a byte of the other sections.
"""

from __future__ import annotations

import datetime
import os
import platform
import shlex
import sys
from importlib import metadata
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
REPO = BENCHMARKS.parent
RESULTS = BENCHMARKS / "RESULTS.md"
RESULTS_TITLE = "# Benchmark results\n"

# The scripts run from a checkout (``python benchmarks/<script>.py``) without installing the
# package: make ``taxonomy`` importable from the repository they sit in.
if str(REPO) not in sys.path:
    sys.path.insert(1, str(REPO))


class BenchmarkError(Exception):
    """A problem a benchmark reports in one line (missing data, malformed file), then exits 2."""


def shared_data(*parts: str) -> Path:
    """A path under ``<repo>/../shared/data``, where the data sets of the benchmarks live."""
    return REPO.parent.joinpath("shared", "data", *parts)


def require_dir(path: Path, what: str) -> Path:
    if not path.is_dir():
        raise BenchmarkError(f"{what} not found: {path} (pass --data DIR)")
    return path


def require_file(path: Path) -> Path:
    if not path.is_file():
        raise BenchmarkError(f"data file not found: {path}")
    return path


def version(distribution: str) -> str | None:
    """The installed version of a distribution, None when it is not installed."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def cpu_count() -> int:
    """The CPUs this process may run on (what ``nproc`` prints)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def machine() -> str:
    return (
        f"{platform.system()} {platform.machine()}, nproc {cpu_count()}, "
        f"Python {platform.python_version()}"
    )


def today() -> str:
    return datetime.date.today().isoformat()


def command_line() -> str:
    """The command that is running, with the script's path relative to the repository."""
    script = Path(sys.argv[0]).resolve()
    try:
        shown = str(script.relative_to(REPO))
    except ValueError:
        shown = str(script)
    return shlex.join(["python", shown, *sys.argv[1:]])


def markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def replace_section(text: str, name: str, body: str, where: str = "RESULTS.md") -> str:
    """``text`` with the section ``name`` set to ``body``; everything else kept as it is.

    A missing section is appended at the end. Markers out of order, or only one of them, are
    an error rather than a guess.
    """
    start, end = markers(name)
    block = f"{start}\n{body.strip(chr(10))}\n{end}"
    i, j = text.find(start), text.find(end)
    if i >= 0 and j > i:
        return text[:i] + block + text[j + len(end) :]
    if i >= 0 or j >= 0:
        raise BenchmarkError(f"{where}: the markers {start} and {end} are broken; fix them")
    if not text:
        return block + "\n"
    gap = "" if text.endswith("\n\n") else "\n" if text.endswith("\n") else "\n\n"
    return text + gap + block + "\n"


def write_section(name: str, body: str, path: Path = RESULTS) -> None:
    """Write ``body`` between this script's markers in ``path``, creating the file if absent."""
    old = path.read_bytes().decode("utf-8") if path.exists() else RESULTS_TITLE
    new = replace_section(old, name, body, str(path))
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(new.encode("utf-8"))
    os.replace(temporary, path)
