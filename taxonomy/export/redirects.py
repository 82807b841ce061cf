"""Redirects for the pages of old labels: ``nginx``, ``apache`` and ``netlify``.

Every format redirects (301) the page of a merged label to its new label's page, a split label
to the page of its *first* part, and answers 410 Gone for the page of a removed label. Pages
whose old and new URLs are the same (``news`` -> ``News`` where the site's slugs ignore case)
get no line: it would loop. When two old labels have the same page, the first in output order
wins and the other is reported.

- nginx compares ``$uri``, the *decoded* path, and string keys of a ``map`` ignoring ASCII case;
  a key that equals another path of the file but for case is written as a case-sensitive
  regular expression (``"~^/search/label/news$"``) so that neither catches the other's page.
- apache (mod_alias ``RedirectMatch``) compares the decoded path with an anchored regular
  expression, case-sensitively; ``Redirect`` would match every path *starting* with the old one.
- netlify compares the *encoded* path, case-sensitively.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from taxonomy.export._base import Export, ExportJob
from taxonomy.export.urls import UrlScheme, scheme_for

__all__ = ["ApacheRedirects", "NetlifyRedirects", "NginxRedirects", "Redirect", "redirects"]


@dataclass(frozen=True)
class Redirect:
    """The page of one old label, and where it goes: a URL, or None for 410 Gone."""

    old: str
    path: str
    encoded: str
    target: str | None


def redirects(job: ExportJob, scheme: UrlScheme) -> tuple[list[Redirect], list[str]]:
    """The redirects of a job in output order, and notes on the pages left out."""
    out: list[Redirect] = []
    notes: list[str] = []
    owner: dict[str, str] = {}
    for change in job.changes:
        path = scheme.path(change.old)
        target = None
        if change.new:
            if scheme.path(change.new[0]) == path:
                notes.append(
                    f"{change.old!r} -> {change.new[0]!r}: the same page {path}, no redirect"
                )
                continue
            target = scheme.target(change.new[0])
        if path in owner:
            notes.append(
                f"{change.old!r} has the same page as {owner[path]!r} ({path}): "
                f"only the redirect of {owner[path]!r} is written"
            )
            continue
        owner[path] = change.old
        out.append(Redirect(change.old, path, scheme.encoded(change.old), target))
    return out, notes


def _header(job: ExportJob, scheme: UrlScheme, what: str) -> list[str]:
    return [
        f"# {what}, written by `taxonomy export` from {job.options.document}.",
        f"# Label pages: {scheme.pattern} ({scheme.site.value}); 301 to the new label's page,",
        "# a split label to its first part's page, 410 for a removed label.",
    ]


def _nginx_string(text: str) -> str:
    """A double-quoted nginx token: nginx unescapes ``\\"`` and ``\\\\`` in quoted strings."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_REGEX_SPECIAL = set("\\^$.|?*+()[]{}")


def regex_escape(text: str) -> str:
    """``text`` as a literal in PCRE (and Python ``re``): a backslash before each of
    ``\\^$.|?*+()[]{}``, nothing else touched."""
    return "".join("\\" + char if char in _REGEX_SPECIAL else char for char in text)


def _ascii_lower(text: str) -> str:
    return "".join(char.lower() if char.isascii() else char for char in text)


class NginxRedirects:
    """Two ``map`` blocks for the ``http {}`` context, with the lines that use them."""

    name: ClassVar[str] = "nginx"

    def render(self, job: ExportJob) -> Export:
        scheme = scheme_for(job, self.name)
        entries, notes = redirects(job, scheme)
        # every path of the file, to find keys nginx would not tell apart from another path
        paths = {entry.path for entry in entries}
        paths |= {scheme.path(change.new[0]) for change in job.changes if change.new}
        folded: dict[str, int] = {}
        for path in paths:
            folded[_ascii_lower(path)] = folded.get(_ascii_lower(path), 0) + 1
        regex = {e.path for e in entries if folded[_ascii_lower(e.path)] > 1}
        if regex:
            names = ", ".join(repr(e.old) for e in entries if e.path in regex)
            notes.append(
                f"nginx compares plain keys ignoring case: the pages of {names} are written as "
                "case-sensitive regular expressions"
            )

        def key(path: str) -> str:
            if path in regex:
                return _nginx_string("~^" + regex_escape(path) + "$")
            return _nginx_string(path)

        lines = _header(job, scheme, "nginx redirects for old label pages")
        lines += [
            "# Include this file in the http {} block; in the server {} block, add:",
            "#     if ($taxonomy_redirect) { return 301 $taxonomy_redirect; }",
            "#     if ($taxonomy_gone) { return 410; }",
            "# Keys are decoded paths ($uri).",
        ]
        bucket = _bucket_size(e.path for e in entries if e.path not in regex)
        if bucket > NGINX_BUCKET_SIZE:
            lines += [
                f"# Some keys are too long for nginx's default map_hash_bucket_size "
                f"({NGINX_BUCKET_SIZE});",
                "# if your http {} block sets it already, keep the larger value there and "
                "remove this line.",
                f"map_hash_bucket_size {bucket};",
            ]
        lines.append("map $uri $taxonomy_redirect {")
        lines += [
            f"    {key(e.path)} {_nginx_string(e.target)};" for e in entries if e.target is not None
        ]
        lines += ["}", "map $uri $taxonomy_gone {"]
        lines += [f"    {key(e.path)} 1;" for e in entries if e.target is None]
        lines.append("}")
        return Export(text="\n".join(lines) + "\n", notes=tuple(notes))


NGINX_BUCKET_SIZE = 64
"""nginx's default ``map_hash_bucket_size`` (the cache line size of most CPUs)."""


def _bucket_size(keys: Iterable[str]) -> int:
    """The smallest power of two ``map_hash_bucket_size`` that holds the longest plain key:
    nginx needs room for one entry (a pointer, then the key and two bytes, aligned to a
    pointer) and the pointer that ends the bucket (``ngx_hash_init``), keys counted in bytes;
    at least the default."""
    longest = max((len(key.encode("utf-8")) for key in keys), default=0)
    needed = 8 + (longest + 2 + 7) // 8 * 8 + 8
    size = NGINX_BUCKET_SIZE
    while size < needed:
        size *= 2
    return size


def _apache_string(text: str) -> str:
    """A double-quoted Apache argument: Apache unescapes ``\\"`` and ``\\\\`` in quotes."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class ApacheRedirects:
    """``RedirectMatch`` lines (mod_alias) for a virtual host, ``.htaccess`` or server config."""

    name: ClassVar[str] = "apache"

    def render(self, job: ExportJob) -> Export:
        scheme = scheme_for(job, self.name)
        entries, notes = redirects(job, scheme)
        lines = _header(job, scheme, "Apache redirects for old label pages (mod_alias)")
        lines.append(
            "# Each line matches the whole decoded path, case-sensitively. A path with an encoded"
        )
        lines.append("# slash (%2F) reaches mod_alias only with AllowEncodedSlashes On.")
        for e in entries:
            pattern = _apache_string("^" + regex_escape(e.path) + "$")
            if e.target is None:
                lines.append(f"RedirectMatch 410 {pattern}")
            else:
                lines.append(f"RedirectMatch 301 {pattern} {_apache_string(e.target)}")
        return Export(text="\n".join(lines) + "\n", notes=tuple(notes))


class NetlifyRedirects:
    """A ``_redirects`` file for the publish folder: ``/old /new 301``, ``/old /404.html 410``."""

    name: ClassVar[str] = "netlify"

    def render(self, job: ExportJob) -> Export:
        scheme = scheme_for(job, self.name)
        entries, notes = redirects(job, scheme)
        lines = _header(job, scheme, "Netlify _redirects for old label pages")
        lines.append("# Paths are percent-encoded and case-sensitive; 410 shows /404.html.")
        for e in entries:
            if e.target is None:
                lines.append(f"{e.encoded} /404.html 410")
            else:
                lines.append(f"{e.encoded} {e.target} 301")
        return Export(text="\n".join(lines) + "\n", notes=tuple(notes))
