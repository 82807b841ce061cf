"""Every text format on the escaping fixture, against golden files checked by eye.

The fixture (tests/data/export/escaping.yaml) has labels with spaces, accents, ``&``, ``/``,
``%``, quotes, ``$;{}``, ``?``, Cyrillic and case variants, a split, removals, a slug and
undecided entries. To see a change: ``python tests/export/test_golden.py`` rewrites the golden
files; review the diff before committing it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from taxonomy.document import load_taxonomy
from taxonomy.export import ExportFormat, ExportOptions, Site, TermKind, export

DATA = Path(__file__).resolve().parent.parent / "data" / "export"
GOLDEN = DATA / "golden"

CASES: dict[str, tuple[ExportFormat, ExportOptions]] = {
    "mapping.yaml": (ExportFormat.yaml, ExportOptions()),
    "mapping.json": (ExportFormat.json, ExportOptions()),
    "mapping.csv": (ExportFormat.csv, ExportOptions()),
    "suggested.yaml": (ExportFormat.yaml, ExportOptions(include_suggested=True)),
    "blogger.nginx.conf": (ExportFormat.nginx, ExportOptions()),
    "blogger.apache.conf": (ExportFormat.apache, ExportOptions()),
    "blogger._redirects": (ExportFormat.netlify, ExportOptions()),
    "wordpress-category.nginx.conf": (
        ExportFormat.nginx,
        ExportOptions(site=Site.wordpress, kind=TermKind.category),
    ),
    "wordpress.apache.conf": (
        ExportFormat.apache,
        ExportOptions(site=Site.wordpress, base_url="https://example.com/blog/"),
    ),
    "hugo._redirects": (ExportFormat.netlify, ExportOptions(site=Site.hugo)),
    "jekyll._redirects": (ExportFormat.netlify, ExportOptions(site=Site.jekyll)),
    "pattern._redirects": (ExportFormat.netlify, ExportOptions(url_pattern="/t/{slug}/{label}")),
    "wp-cli.sh": (ExportFormat.wp_cli, ExportOptions()),
    "skos.ttl": (ExportFormat.skos, ExportOptions()),
    "skos-en.ttl": (
        ExportFormat.skos,
        ExportOptions(include_suggested=True, language="en", base_iri="https://example.com/t/"),
    ),
}


def render(name: str) -> str:
    fmt, options = CASES[name]
    options = ExportOptions(**{**options.__dict__, "document": "escaping.yaml"})
    _, result = export(load_taxonomy(DATA / "escaping.yaml"), fmt, options)
    return result.text


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str) -> None:
    assert render(name) == (GOLDEN / name).read_text(encoding="utf-8")


if __name__ == "__main__":  # regenerate: python tests/export/test_golden.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    for case in CASES:
        (GOLDEN / case).write_text(render(case), encoding="utf-8")
