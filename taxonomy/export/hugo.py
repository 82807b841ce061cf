"""``hugo``: ``aliases`` in the front matter of each new term's ``_index.md``.

For every label that old labels now point to, ``<output_dir>/<slug>/_index.md`` (``slug`` as
Hugo makes it, or the concept's ``slug:``) lists the old labels' pages under ``aliases``; Hugo
then writes a redirecting page at each of them. ``output_dir`` is the taxonomy's content folder,
``content/tags`` for tags. A new file gets ``title`` and ``aliases``. In an existing file only
the ``aliases`` key changes: missing paths are added after the ones already there, and every
other byte is kept, in YAML (``---``) or TOML (``+++``) front matter; a file that already lists
them all is left alone, so running the export again changes nothing. A removed label has no
page to send its readers to: Hugo aliases cannot answer 410, so it gets nothing.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar

import yaml

from taxonomy.errors import SourceError, UsageError
from taxonomy.export._base import Export, ExportJob, OutputFile
from taxonomy.export.urls import hugo_slug, scheme_for

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

__all__ = ["HugoAliases", "add_aliases"]


class HugoAliases:
    name: ClassVar[str] = "hugo"

    def render(self, job: ExportJob) -> Export:
        folder = job.options.output_dir
        if folder is None:
            raise UsageError(
                "hugo writes one _index.md per term: give the taxonomy's content folder "
                "with -o (e.g. -o content/tags)"
            )
        scheme = scheme_for(job, self.name)
        slugs = {c.label: c.slug for c in job.taxonomy.walk() if c.slug}
        aliases: dict[str, list[str]] = {}
        notes: list[str] = []
        for change in job.changes:
            if not change.new:
                continue
            old, new = scheme.path(change.old), scheme.path(change.new[0])
            if old == new:
                notes.append(f"{change.old!r} -> {change.new[0]!r}: the same page {old}, no alias")
            else:
                aliases.setdefault(change.new[0], []).append(old)
        files: list[OutputFile] = []
        unchanged = 0
        for label in sorted(aliases, key=lambda text: (text.casefold(), text)):
            relative = _folder(slugs.get(label) or hugo_slug(label))
            if relative is None:
                notes.append(f"{label!r}: its slug is not a folder name, no _index.md written")
                continue
            path = folder / relative / "_index.md"
            old_text = _read(path)
            text = add_aliases(old_text, aliases[label], title=label, name=str(path))
            if text == old_text:
                unchanged += 1
            else:
                files.append(OutputFile(path, text, old_text is not None))
        removed = sum(1 for change in job.changes if not change.new)
        if removed:
            some = "1 removed label gets" if removed == 1 else f"{removed} removed labels get"
            notes.append(f"{some} no alias: a Hugo alias cannot answer 410")
        return Export(files=tuple(files), unchanged=unchanged, notes=tuple(notes))


def _folder(slug: str) -> Path | None:
    parts = [part for part in PurePosixPath(slug).parts if part != "/"]
    if not parts or any(part in (".", "..") or "\\" in part for part in parts):
        return None
    return Path(*parts)


def _read(path: Path) -> str | None:
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            return stream.read()
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x}): cannot add aliases to it",
            path=str(path),
        ) from None
    except OSError as exc:
        raise SourceError(
            f"cannot read it to add aliases: {exc.strerror or exc}", path=str(path)
        ) from None


_FENCES = {"---": "yaml", "+++": "toml"}


def add_aliases(text: str | None, paths: list[str], *, title: str, name: str) -> str:
    """``text`` (a content file, or None for a new one) with ``paths`` in ``aliases``."""
    if text is None:
        return _new_file(title, paths)
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    first = lines[0].lstrip("\ufeff").rstrip("\r\n") if lines else ""
    if first not in _FENCES:
        if text.lstrip().startswith("{"):
            raise UsageError(f"{name}: JSON front matter is not supported: add the aliases by hand")
        head = _new_file(title, paths).replace("\n", newline)
        return (lines[0][:1] if lines and lines[0].startswith("\ufeff") else "") + head + text
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r\n") == first), None)
    if end is None:
        raise UsageError(f"{name}: the front matter has no closing {first}")
    syntax = _FENCES[first]
    body = "".join(lines[1:end])
    data = _parse(body, syntax, name)
    existing = _list(data.get("aliases"), name)
    missing = [path for path in paths if path not in existing]
    if not missing:
        return text
    wanted = existing + missing
    block = lines[1:end]
    start, stop = _key_span(block, syntax)
    rendered = _render(wanted, syntax, newline)
    if start is None:
        start = stop = _insert_at(block, syntax)
    block[start:stop] = [rendered]
    new_text = "".join(lines[:1] + block + lines[end:])
    check = _parse("".join(block), syntax, name)
    if _list(check.get("aliases"), name) != wanted or {
        k: v for k, v in check.items() if k != "aliases"
    } != {k: v for k, v in data.items() if k != "aliases"}:
        raise UsageError(f"{name}: could not add the aliases safely: add them by hand")
    return new_text


def _new_file(title: str, paths: list[str]) -> str:
    title_line = f"title: {json.dumps(title, ensure_ascii=False)}\n"
    return "---\n" + title_line + _render(paths, "yaml", "\n") + "---\n"


def _parse(body: str, syntax: str, name: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(body) if syntax == "yaml" else tomllib.loads(body)
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{name}: the front matter is not valid {syntax.upper()}: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UsageError(f"{name}: the front matter is not a mapping")
    return data


def _list(value: object, name: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    raise UsageError(f"{name}: 'aliases' is not a list of paths")


def _key_span(block: list[str], syntax: str) -> tuple[int | None, int]:
    """Where the top-level ``aliases`` key is in the front matter's lines: [start, stop)."""
    key = re.compile(
        r"aliases\s*:" if syntax == "yaml" else r"""(aliases|"aliases"|'aliases')\s*="""
    )
    start = next((i for i, line in enumerate(block) if key.match(line)), None)
    if start is None:
        return None, 0
    stop = start + 1
    if syntax == "yaml":
        while stop < len(block) and (
            block[stop][:1] in (" ", "\t", "-") or not block[stop].strip()
        ):
            stop += 1
        while stop > start + 1 and not block[stop - 1].strip():
            stop -= 1  # blank lines after the list stay where they are
    else:
        depth = _toml_depth(block[start].split("=", 1)[1])
        while depth > 0 and stop < len(block):
            depth += _toml_depth(block[stop])
            stop += 1
    return start, stop


def _toml_depth(text: str) -> int:
    """How many more ``[`` than ``]`` a line of a TOML array opens, outside strings and
    comments."""
    depth, quote, i = 0, "", 0
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\" and quote == '"':
                i += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            break
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        i += 1
    return depth


def _insert_at(block: list[str], syntax: str) -> int:
    """Where a new key goes: at the end of YAML front matter; in TOML before the first table."""
    if syntax == "toml":
        for i, line in enumerate(block):
            if line.lstrip().startswith("["):
                return i
    end = len(block)
    while end and not block[end - 1].strip():
        end -= 1
    return end


def _render(paths: list[str], syntax: str, newline: str) -> str:
    items = [json.dumps(path, ensure_ascii=False) for path in paths]
    if syntax == "toml":
        return f"aliases = [{', '.join(items)}]{newline}"
    return f"aliases:{newline}" + "".join(f"  - {item}{newline}" for item in items)
