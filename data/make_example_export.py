"""Make data/mongolianviews-example-export.xml: a synthetic Blogger export that uses the bundled
labels, so that `taxonomy apply` can be tried on the bundled example from a fresh clone.

The posts are invented (no text of the real blog is used): each label of
data/mongolianviews-labels.txt is put on one to four posts, one to three labels a post, drawn
with a fixed seed, so the file is the same on every run:

    python data/make_example_export.py
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import quoteattr

# ruff: noqa: E501  (the templates are the export's own long lines)

HERE = Path(__file__).parent
BLOG = "1234567890123456789"
HEAD = f"""<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns='http://www.w3.org/2005/Atom' xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/' xmlns:gd='http://schemas.google.com/g/2005' xmlns:thr='http://purl.org/syndication/thread/1.0'>
    <id>tag:blogger.com,1999:blog-{BLOG}.archive</id>
    <updated>2014-12-31T12:00:00.000+08:00</updated>
    <title type='text'>Example blog (synthetic, made by data/make_example_export.py)</title>
    <generator version='7.00' uri='https://www.blogger.com'>Blogger</generator>
"""
ENTRY = """    <entry>
        <id>tag:blogger.com,1999:blog-{blog}.post-{post}</id>
        <published>{date}</published>
        <updated>{date}</updated>
        <category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'/>
{categories}
        <title type='text'>Example post {number}</title>
        <content type='html'>An invented post about {about}. &lt;p&gt;No text of the real blog is used.&lt;/p&gt;</content>
        <author><name>Example author</name></author>
    </entry>
"""
LABEL = "        <category scheme='http://www.blogger.com/atom/ns#' term={term}/>"


def main() -> None:
    labels = (HERE / "mongolianviews-labels.txt").read_text(encoding="utf-8").split("\n")
    labels = [label for label in labels if label.strip()]
    rng = random.Random(20141231)
    uses = [label for label in labels for _ in range(rng.randint(1, 4))]
    rng.shuffle(uses)
    posts: list[list[str]] = []
    while uses:
        take = min(rng.randint(1, 3), len(uses))
        post = list(dict.fromkeys(uses[:take]))
        del uses[:take]
        posts.append(post)
    start = datetime(2012, 1, 1, 9, 0, tzinfo=timezone(timedelta(hours=8)))
    parts = [HEAD]
    for number, post in enumerate(posts, 1):
        parts.append(
            ENTRY.format(
                blog=BLOG,
                post=f"{number:019d}",
                date=(start + timedelta(days=number)).isoformat(timespec="milliseconds"),
                categories="\n".join(LABEL.format(term=quoteattr(label)) for label in post),
                number=number,
                about=" and ".join(post).replace("&", "&amp;").replace("<", "&lt;"),
            )
        )
    parts.append("</feed>\n")
    (HERE / "mongolianviews-example-export.xml").write_text("".join(parts), encoding="utf-8")


if __name__ == "__main__":
    main()
