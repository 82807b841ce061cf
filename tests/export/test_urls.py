"""Slugs and label-page URLs per site, and the checks on --url-pattern and --base-url."""

from __future__ import annotations

import pytest

from taxonomy.errors import UsageError
from taxonomy.export import ExportJob, ExportOptions, Site, TermKind
from taxonomy.export.urls import hugo_slug, jekyll_slug, scheme_for, wp_slug
from taxonomy.model import ACCEPTED, Concept, Taxonomy


@pytest.mark.parametrize(
    ("label", "wordpress", "hugo", "jekyll"),
    [
        ("Mongolia and USA", "mongolia-and-usa", "mongolia-and-usa", "mongolia-and-usa"),
        ("Café & Bar", "cafe-bar", "café-bar", "café-bar"),
        ("Cafés/Bars", "cafes-bars", "cafés/bars", "cafés-bars"),
        ("100% Natural", "100-natural", "100-natural", "100-natural"),
        ('Say "Hi"', "say-hi", "say-hi", "say-hi"),
        ("Say 'Hi'", "say-hi", "say-hi", "say-hi"),
        (
            "Монгол Улс",
            "%d0%bc%d0%be%d0%bd%d0%b3%d0%be%d0%bb-%d1%83%d0%bb%d1%81",
            "монгол-улс",
            "монгол-улс",
        ),
        ("C++ & C#", "c-c", "c++-c#", "c-c"),
        ("  Node.js  ", "node-js", "node.js", "node-js"),
        ("Straße", "strasse", "straße", "straße"),
    ],
)
def test_slugs(label: str, wordpress: str, hugo: str, jekyll: str) -> None:
    assert wp_slug(label) == wordpress
    assert hugo_slug(label) == hugo
    assert jekyll_slug(label) == jekyll


def job(**options: object) -> ExportJob:
    taxonomy = Taxonomy(
        concepts=(Concept("Travel", aliases=("Trips",), slug="voyages", status=ACCEPTED),)
    )
    return ExportJob.of(taxonomy, ExportOptions(**options))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("site", "kind", "label", "path", "encoded"),
    [
        (
            Site.blogger,
            TermKind.tag,
            "A & B/C 100%",
            "/search/label/A & B/C 100%",
            "/search/label/A%20%26%20B%2FC%20100%25",
        ),
        (
            Site.wordpress,
            TermKind.tag,
            "Монгол",
            "/tag/монгол/",
            "/tag/%D0%BC%D0%BE%D0%BD%D0%B3%D0%BE%D0%BB/",
        ),
        (Site.wordpress, TermKind.category, "Café", "/category/cafe/", "/category/cafe/"),
        (Site.hugo, TermKind.tag, "Café", "/tags/café/", "/tags/caf%C3%A9/"),
        (Site.hugo, TermKind.category, "A B", "/categories/a-b/", "/categories/a-b/"),
        (Site.jekyll, TermKind.tag, "A B", "/tag/a-b/", "/tag/a-b/"),
        (Site.wordpress, TermKind.tag, "Travel", "/tag/voyages/", "/tag/voyages/"),  # its slug:
    ],
)
def test_schemes(site: Site, kind: TermKind, label: str, path: str, encoded: str) -> None:
    scheme = scheme_for(job(site=site, kind=kind), "nginx")
    assert scheme.path(label) == path
    assert scheme.encoded(label) == encoded


def test_default_sites() -> None:
    assert scheme_for(job(), "nginx").site is Site.blogger
    assert scheme_for(job(), "hugo").site is Site.hugo
    assert scheme_for(job(), "wp-cli").site is Site.wordpress


def test_url_pattern_and_base_url() -> None:
    scheme = scheme_for(
        job(url_pattern="/topics/{slug}/?l={label}", site=Site.hugo, base_url="https://x.org/"),
        "nginx",
    )
    assert scheme.encoded("A B") == "/topics/a-b/?l=A%20B"
    assert scheme.target("Travel") == "https://x.org/topics/voyages/?l=Travel"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"url_pattern": "/topics/"}, "--url-pattern '/topics/': give a path starting with '/'"),
        ({"url_pattern": "topics/{slug}"}, "--url-pattern 'topics/{slug}': give a path"),
        ({"url_pattern": "/my topics/{slug}"}, "percent-encode spaces"),
        ({"base_url": "example.com"}, "--base-url 'example.com': give an address like"),
        ({"base_url": "https://ex ample.com"}, "--base-url 'https://ex ample.com'"),
    ],
)
def test_bad_options_are_usage_errors(options: dict[str, str], message: str) -> None:
    with pytest.raises(UsageError) as caught:
        scheme_for(job(**options), "nginx")
    assert message in str(caught.value)
    assert caught.value.exit_code == 2
