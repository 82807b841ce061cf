"""Synthetic Blogger and WordPress exports of any size, with the counts a loader must find.

Tests write small ones; for a scale measurement write a big one outside the repository:

    python tests/sources/synthetic_exports.py wxr /tmp/big.wxr --mb 200
    python tests/sources/synthetic_exports.py blogger /tmp/big-blogger.xml --mb 200

Post ``i`` carries labels ``i % V``, ``7i % V`` and ``13i % V`` (V labels in all); every
tenth post is a draft; every fifth has a comment. Bodies are escaped HTML of ``body`` bytes,
so most of the file is text the loaders must skip.
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

LOREM = (
    "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit &amp; sed do eiusmod "
    "tempor incididunt ut labore et dolore magna aliqua.</p>\n"
)


@dataclass(frozen=True)
class Expected:
    """What a loader must report for a synthetic export."""

    posts: int
    counts: dict[str, int]
    """Label name -> published posts carrying it."""


def label_name(number: int) -> str:
    return f"Topic {number:04d} & Co"


def post_labels(index: int, vocabulary: int) -> list[str]:
    numbers = dict.fromkeys((index % vocabulary, 7 * index % vocabulary, 13 * index % vocabulary))
    return [label_name(number) for number in numbers]


def is_draft(index: int) -> bool:
    return index % 10 == 9


def _body(size: int) -> str:
    text = LOREM * (size // len(LOREM) + 1)
    return text[:size].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _expected(posts: int, vocabulary: int) -> Expected:
    counts: Counter[str] = Counter()
    for index in range(posts):
        if not is_draft(index):
            counts.update(post_labels(index, vocabulary))
    return Expected(posts=posts, counts=dict(counts))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def write_blogger(path: Path, posts: int, *, vocabulary: int = 50, body: int = 2000) -> Expected:
    """A Blogger export: a settings entry, then posts (some drafts) and comments."""
    filler = _body(body)
    with path.open("w", encoding="utf-8") as out:
        out.write(
            "<?xml version='1.0' encoding='UTF-8'?>\n"
            "<feed xmlns='http://www.w3.org/2005/Atom' "
            "xmlns:thr='http://purl.org/syndication/thread/1.0'>\n"
            "<generator>Blogger</generator>\n"
            "<entry><id>settings.BLOG_NAME</id>"
            "<category scheme='http://schemas.google.com/g/2005#kind' "
            "term='http://schemas.google.com/blogger/2008/kind#settings'/>"
            "<content type='text'>Synthetic</content></entry>\n"
        )
        for index in range(posts):
            _blogger_entry(out, index, vocabulary, filler)
        out.write("</feed>\n")
    return _expected(posts, vocabulary)


def _blogger_entry(out: TextIO, index: int, vocabulary: int, filler: str) -> None:
    kind = "http://schemas.google.com/blogger/2008/kind#"
    categories = "".join(
        f"<category scheme='http://www.blogger.com/atom/ns#' term=\"{_escape(name)}\"/>"
        for name in post_labels(index, vocabulary)
    )
    draft = (
        "<app:control xmlns:app='http://purl.org/atom/app#'><app:draft>yes</app:draft>"
        "</app:control>"
        if is_draft(index)
        else ""
    )
    out.write(
        f"<entry>\n<id>post-{index}</id>\n"
        f"<category scheme='http://schemas.google.com/g/2005#kind' term='{kind}post'/>\n"
        f"{categories}\n<title type='text'>Post {index}</title>\n"
        f"<content type='html'>{filler}</content>\n{draft}</entry>\n"
    )
    if index % 5 == 0:
        out.write(
            f"<entry><id>post-{index}.comment</id>"
            f"<category scheme='http://schemas.google.com/g/2005#kind' term='{kind}comment'/>"
            f"<category scheme='http://www.blogger.com/atom/ns#' term='Not A Label'/>"
            f"<thr:in-reply-to ref='post-{index}'/><content type='html'>Nice!</content></entry>\n"
        )


def write_wxr(path: Path, posts: int, *, vocabulary: int = 50, body: int = 2000) -> Expected:
    """A WXR 1.2 export: every label declared as a tag, posts (some drafts), one page."""
    filler = _body(body).replace("]]>", "]]]]><![CDATA[>")
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<wp:wxr_version>1.2</wp:wxr_version>\n"
        )
        for number in range(vocabulary):
            out.write(
                f"<wp:tag><wp:tag_slug>topic-{number:04d}</wp:tag_slug>"
                f"<wp:tag_name><![CDATA[{label_name(number)}]]></wp:tag_name></wp:tag>\n"
            )
        out.write(
            "<item><title>About</title><wp:post_id>0</wp:post_id>"
            "<wp:status>publish</wp:status><wp:post_type>page</wp:post_type></item>\n"
        )
        for index in range(posts):
            _wxr_item(out, index, vocabulary, filler)
        out.write("</channel>\n</rss>\n")
    return _expected(posts, vocabulary)


def _wxr_item(out: TextIO, index: int, vocabulary: int, filler: str) -> None:
    categories = "".join(
        f'<category domain="post_tag" nicename="topic-{name[6:10]}"><![CDATA[{name}]]></category>'
        for name in post_labels(index, vocabulary)
    )
    comment = (
        "<wp:comment><wp:comment_id>1</wp:comment_id>"
        "<wp:comment_content><![CDATA[Nice!]]></wp:comment_content></wp:comment>"
        if index % 5 == 0
        else ""
    )
    status = "draft" if is_draft(index) else "publish"
    out.write(
        f"<item>\n<title>Post {index}</title>\n"
        f"<content:encoded><![CDATA[{filler}]]></content:encoded>\n"
        f"<wp:post_id>{index + 1}</wp:post_id>\n<wp:status>{status}</wp:status>\n"
        f"<wp:post_type>post</wp:post_type>\n{categories}\n{comment}</item>\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("format", choices=["blogger", "wxr"])
    parser.add_argument("path", type=Path)
    parser.add_argument("--mb", type=float, default=200, help="approximate size in megabytes")
    parser.add_argument("--body", type=int, default=4000, help="bytes of body per post")
    parser.add_argument("--vocabulary", type=int, default=5000, help="number of labels")
    args = parser.parse_args()
    posts = int(args.mb * 1_000_000 / (args.body * 1.1 + 600))
    write = write_blogger if args.format == "blogger" else write_wxr
    expected = write(args.path, posts, vocabulary=args.vocabulary, body=args.body)
    size = args.path.stat().st_size / 1_000_000
    print(f"{args.path}: {size:.0f} MB, {expected.posts} posts, {len(expected.counts)} labels")


if __name__ == "__main__":
    main()
