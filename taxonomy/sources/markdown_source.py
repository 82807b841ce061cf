"""``markdown``: a folder of Markdown posts (Hugo, Jekyll, Eleventy, Astro) or a single post.

The folder is walked recursively in sorted path order; hidden folders and files (``.git``,
``.obsidian``) and ``node_modules`` are skipped; ``.md``, ``.markdown`` and ``.mdx`` files are
posts. Labels come from the front-matter keys in ``LoadOptions.fields`` (default ``tags`` and
``categories``; keys match case-insensitively), in YAML (``---``) or TOML (``+++``) front
matter, written as a list (flow or block), a comma-separated string or a single string. A
single string with spaces but no comma is one label; a note says Jekyll would split it.

Each label remembers every file and line where it is written. Kind is ``"category"`` for
``categories``, ``"tag"`` for ``tags``, else the key's name; the same name under two keys
gives two labels. A post's id is its path relative to the folder, its title the front
matter's ``title``; ``draft: true``, Jekyll's ``published: false`` and posts under a
``_drafts`` folder are drafts. A label's count is the number of published posts using it.
A post without front matter is a post without labels.
"""

from __future__ import annotations

import os
from pathlib import Path

from taxonomy.errors import SourceError
from taxonomy.model import Ambiguity, Inventory, Label, Location, Post
from taxonomy.sources import SourceFormat
from taxonomy.sources._common import LoadOptions, Source
from taxonomy.sources._frontmatter import FrontMatter, read_front_matter
from taxonomy.sources._xml import not_this_format

SUFFIXES = (".md", ".markdown", ".mdx")
SKIPPED_DIRS = {"node_modules"}
MAX_LOCATIONS = 1000
SNIFF = 4096
_KIND = {"categories": "category", "tags": "tag"}


def load(src: Source, options: LoadOptions) -> Inventory:
    posts: list[Post] = []
    notes: list[Ambiguity] = []
    counts: dict[tuple[str, str], int] = {}
    locations: dict[tuple[str, str], list[Location]] = {}
    for post_id, source in post_files(src):
        matter = read_front_matter(source.read_text(), options.fields, source.name)
        matter = matter or FrontMatter()
        draft = matter.draft or "_drafts" in post_id.split("/")[:-1]
        status = "draft" if draft else "published"
        names: dict[str, None] = {}
        counted: set[tuple[str, str]] = set()
        for field, name, line in matter.labels:
            key = (_KIND.get(field.lower(), field), name)
            names.setdefault(name)
            counts.setdefault(key, 0)
            if status == "published" and key not in counted:
                counted.add(key)
                counts[key] += 1
            spots = locations.setdefault(key, [])
            if len(spots) < MAX_LOCATIONS:
                spots.append(Location(source.name, line))
        notes.extend(
            Ambiguity(message, Location(source.name, line)) for message, line in matter.notes
        )
        posts.append(
            Post(
                id=post_id,
                labels=tuple(names),
                title=matter.title,
                status=status,
                location=Location(source.name),
            )
        )
    labels = tuple(
        Label(name=name, count=count, kind=kind, locations=tuple(locations[kind, name]))
        for (kind, name), count in counts.items()
    )
    return Inventory(
        source=src.name,
        format="markdown",
        labels=labels,
        posts=tuple(posts),
        ambiguities=tuple(notes),
    )


def post_files(src: Source) -> list[tuple[str, Source]]:
    """``(post id, source)`` for each post: a folder's Markdown files, or the one file given."""
    if src.path is None:
        return [(src.name, src)]
    if not src.path.is_dir():
        head = src.head(SNIFF).lstrip(b"\xef\xbb\xbf")
        if b"\x00" in head:
            raise SourceError("binary data, not a Markdown post", path=src.name)
        if not src.path.name.lower().endswith(SUFFIXES) and not head.startswith((b"---", b"+++")):
            raise not_this_format(src, "a Markdown post", SourceFormat.markdown)
        return [(src.path.name, src)]
    found = sorted(_walk(src.path), key=lambda relative: relative.split("/"))
    if not found:
        raise SourceError(
            "no Markdown posts found (looked for .md, .markdown and .mdx files)", path=src.name
        )
    return [(relative, src.child(src.path / relative)) for relative in found]


def _walk(root: Path) -> list[str]:
    """Relative POSIX paths of the Markdown files under ``root``, hidden ones left out."""
    found: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [name for name in dirs if not name.startswith(".") and name not in SKIPPED_DIRS]
        base = Path(folder).relative_to(root)
        found.extend(
            (base / name).as_posix()
            for name in files
            if name.lower().endswith(SUFFIXES) and not name.startswith(".")
        )
    return found
