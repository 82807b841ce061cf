"""The URLs of label pages: each site's scheme, its slugs, and the two forms of a path.

| site | tag page | category page | slug |
| --- | --- | --- | --- |
| blogger | ``/search/label/{label}`` | (same) | none: the label itself |
| wordpress | ``/tag/{slug}/`` | ``/category/{slug}/`` | ``sanitize_title`` (``wp_slug``) |
| hugo | ``/tags/{slug}/`` | ``/categories/{slug}/`` | ``urlize`` (``hugo_slug``) |
| jekyll | ``/tag/{slug}/`` | ``/category/{slug}/`` | ``slugify`` (``jekyll_slug``) |

(jekyll: the default permalinks of jekyll-archives, the plugin that makes tag pages.)
A pattern of one's own (``--url-pattern '/topics/{slug}/'``) replaces the site's path and keeps
its slugs. A concept's ``slug:`` in the document wins over the computed slug of its label.

A page has two forms of its path: ``path`` is decoded text (what nginx's ``$uri`` and Apache's
mod_alias compare), ``encoded`` is percent-encoded as a link writes it (what Netlify compares,
and what a ``Location`` header carries). ``{label}`` is encoded whole (``/`` too: ``%2F``);
``{slug}`` keeps its slashes (Hugo makes nested folders of them).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, unquote

from taxonomy.errors import UsageError
from taxonomy.export._base import ExportJob, Site, TermKind
from taxonomy.slugs import wp_slug

__all__ = ["UrlScheme", "default_site", "hugo_slug", "jekyll_slug", "scheme_for", "wp_slug"]

_PATTERNS: dict[tuple[Site, TermKind], str] = {
    (Site.blogger, TermKind.tag): "/search/label/{label}",
    (Site.blogger, TermKind.category): "/search/label/{label}",
    (Site.wordpress, TermKind.tag): "/tag/{slug}/",
    (Site.wordpress, TermKind.category): "/category/{slug}/",
    (Site.hugo, TermKind.tag): "/tags/{slug}/",
    (Site.hugo, TermKind.category): "/categories/{slug}/",
    (Site.jekyll, TermKind.tag): "/tag/{slug}/",
    (Site.jekyll, TermKind.category): "/category/{slug}/",
}

_HUGO_EXTRA = set("./\\_#+~-@")
_HEX = set("0123456789abcdefABCDEF")


def hugo_slug(label: str) -> str:
    """Hugo's ``urlize`` with its default settings (``paths.Sanitize``, then lower case):
    letters, digits, marks and ``. / \\ _ # + ~ - @`` are kept, as is ``%`` before two hex
    digits; a run of white space between kept characters is one hyphen; anything else is
    dropped (``C & D`` -> ``c-d``)."""
    out: list[str] = []
    hyphen_pending = False
    was_hyphen = False
    for i, char in enumerate(label):
        if _hugo_allowed(label, i, char):
            was_hyphen = char == "-"
            if hyphen_pending and not was_hyphen:
                out.append("-")
            hyphen_pending = False
            out.append(char)
        elif out and not was_hyphen and char.isspace():
            hyphen_pending = True
    return "".join(out).lower()


def _hugo_allowed(text: str, i: int, char: str) -> bool:
    if char == " ":
        return False
    category = unicodedata.category(char)
    if category.startswith("L") or category in ("Nd", "Mn", "Mc", "Me") or char in _HUGO_EXTRA:
        return True
    return char == "%" and text[i + 1 : i + 2] in _HEX and text[i + 2 : i + 3] in _HEX


def jekyll_slug(label: str) -> str:
    """Jekyll's ``slugify`` in its default mode: every run of characters other than letters,
    marks and decimal digits is one hyphen, none at either end, lower case."""
    slug = "".join(char if _letter_mark_digit(char) else "-" for char in label)
    return re.sub(r"-+", "-", slug).strip("-").lower()


def _letter_mark_digit(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in ("L", "M") or category == "Nd"


_SLUGGERS: dict[Site, Callable[[str], str]] = {
    Site.blogger: lambda label: label,
    Site.wordpress: lambda label: unquote(wp_slug(label)),
    Site.hugo: hugo_slug,
    Site.jekyll: jekyll_slug,
}


def default_site(format_name: str) -> Site:
    """The scheme a format uses when no ``--site`` is given: ``hugo`` writes a Hugo site's
    content, ``wp-cli`` drives WordPress, every other format defaults to Blogger, the source of
    the bundled example."""
    return {"hugo": Site.hugo, "wp-cli": Site.wordpress}.get(format_name, Site.blogger)


@dataclass(frozen=True)
class UrlScheme:
    """Where a label's page is: ``path`` (decoded), ``encoded``, and ``target`` (with the base
    URL, for a redirect's destination)."""

    pattern: str
    site: Site
    slugs: Mapping[str, str]
    base_url: str = ""

    def slug(self, label: str) -> str:
        """The document's slug for ``label`` if it has one (decoded), else the site's."""
        given = self.slugs.get(label)
        return unquote(given) if given else _SLUGGERS[self.site](label)

    def encoded(self, label: str) -> str:
        def fill(match: re.Match[str]) -> str:
            if match.group(1) == "label":
                return quote(label, safe="")
            return quote(self.slug(label), safe="/")

        return re.sub(r"\{(label|slug)\}", fill, self.pattern)

    def path(self, label: str) -> str:
        return unquote(self.encoded(label))

    def target(self, label: str) -> str:
        return self.base_url + self.encoded(label)


def scheme_for(job: ExportJob, format_name: str) -> UrlScheme:
    """The URL scheme the options ask for, checked: a pattern must be a path with a
    placeholder, a base URL an ``http(s)://`` address."""
    options = job.options
    site = options.site or default_site(format_name)
    pattern = options.url_pattern or _PATTERNS[(site, options.kind)]
    if not pattern.startswith("/") or not re.search(r"\{(label|slug)\}", pattern):
        raise UsageError(
            f"--url-pattern {pattern!r}: give a path starting with '/' "
            "with {label} or {slug} in it, e.g. '/topics/{slug}/'"
        )
    if re.search(r"[\s\"'$\\]", pattern):
        raise UsageError(f"--url-pattern {pattern!r}: percent-encode spaces, quotes, '$' and '\\'")
    base = (options.base_url or "").rstrip("/")
    if base and not re.fullmatch(r"https?://[^\s\"'$\\/?#]+(/[^\s\"'$\\?#]*)?", base):
        raise UsageError(
            f"--base-url {options.base_url!r}: give an address like https://example.com"
        )
    slugs = {c.label: c.slug for c in job.taxonomy.walk() if c.slug}
    return UrlScheme(pattern, site, slugs, base)
