"""``--to skos``: the Turtle parses with rdflib into the triples the document says."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, SKOS, Graph, Literal, URIRef

from taxonomy.document import load_taxonomy
from taxonomy.errors import UsageError
from taxonomy.export import ExportFormat, ExportOptions, export
from taxonomy.export.skos import turtle_string
from taxonomy.model import ACCEPTED, Concept, Taxonomy

DATA = Path(__file__).resolve().parent.parent / "data" / "export"
U = "urn:taxonomy:"


def graph(taxonomy: Taxonomy | None = None, **options: object) -> Graph:
    _, result = export(
        taxonomy or load_taxonomy(DATA / "escaping.yaml"),
        ExportFormat.skos,
        ExportOptions(**options),  # type: ignore[arg-type]
    )
    return Graph().parse(data=result.text, format="turtle")


def labels(g: Graph, predicate: URIRef, iri: str) -> set[str]:
    return {str(o) for o in g.objects(URIRef(iri), predicate)}


def test_concepts_labels_and_hierarchy() -> None:
    g = graph()
    scheme = URIRef(U + "scheme")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in g
    concepts = {str(s) for s in g.subjects(RDF.type, SKOS.Concept)}
    assert concepts == {
        U + slug
        for slug in [
            "mongolia-and-usa",
            "café-bar",
            "100-natural",
            "say-hi",
            "монгол-улс",
            "news",
            "voyages",
            "gobi",
            "steppe",
            "russia",
            "china",
            "mongolia-agriculture",
            "mongolian-agriculture",
            "mongolia-and-cuba",
        ]
    }
    assert labels(g, SKOS.prefLabel, U + "say-hi") == {'Say "Hi"'}
    assert labels(g, SKOS.altLabel, U + "say-hi") == {
        "Say 'Hi'",
        '"Hi" there',
        "Price: $5; {cheap}",
    }
    assert labels(g, SKOS.altLabel, U + "news") == {"news", "NEWS"}
    assert labels(g, SKOS.altLabel, U + "монгол-улс") == {"монгол улс"}
    assert labels(g, SKOS.definition, U + "voyages") == {'Journeys across the "steppe".'}
    # the concept's slug: makes its IRI; an accepted placement is broader/narrower
    assert (URIRef(U + "gobi"), SKOS.broader, URIRef(U + "voyages")) in g
    assert (URIRef(U + "voyages"), SKOS.narrower, URIRef(U + "gobi")) in g
    # a suggested placement is not: Steppe is a top concept
    assert (URIRef(U + "steppe"), SKOS.topConceptOf, scheme) in g
    assert (scheme, SKOS.hasTopConcept, URIRef(U + "steppe")) in g
    assert not list(g.objects(URIRef(U + "steppe"), SKOS.broader))
    # every concept is in the scheme; top concepts exactly those without broader
    tops = {str(o) for o in g.objects(scheme, SKOS.hasTopConcept)}
    assert tops == concepts - {U + "gobi"}
    assert all((URIRef(c), SKOS.inScheme, scheme) in g for c in concepts)


def test_undecided_entries() -> None:
    g = graph()
    # a suggested merge is not made: both labels are concepts, no altLabel
    assert labels(g, SKOS.altLabel, U + "mongolia-agriculture") == set()
    assert labels(g, SKOS.prefLabel, U + "mongolian-agriculture") == {"Mongolian Agriculture"}
    # a generated suggested parent is left out
    assert not list(g.subjects(SKOS.prefLabel, Literal("Mongolia and …")))
    # split and removed labels are not concepts
    for gone in ("Russia and China", "Moninfo", "Spam?"):
        assert not list(g.subjects(SKOS.prefLabel, Literal(gone)))


def test_include_suggested_and_language() -> None:
    g = graph(include_suggested=True, language="en", base_iri="https://example.com/t/")
    t = "https://example.com/t/"
    agriculture = URIRef(t + "mongolia-agriculture")
    assert set(g.objects(agriculture, SKOS.altLabel)) == {
        Literal("Mongolian Agriculture", lang="en")
    }
    parent = next(g.subjects(SKOS.prefLabel, Literal("Mongolia and …", lang="en")))
    assert (URIRef(t + "mongolia-and-cuba"), SKOS.broader, parent) in g
    assert (URIRef(t + "steppe"), SKOS.broader, URIRef(t + "voyages")) in g


def test_iris_are_unique() -> None:
    taxonomy = Taxonomy(
        concepts=(
            Concept("News", status=ACCEPTED),
            Concept("news", status=ACCEPTED),
            Concept("Scheme", status=ACCEPTED),
            Concept("?!", status=ACCEPTED),
            Concept("Odd slug", slug="a b/<c>#d", status=ACCEPTED),
        )
    )
    g = graph(taxonomy)
    iris = {
        str(g.value(predicate=SKOS.prefLabel, object=Literal(label)))
        for label in ("News", "news", "Scheme", "?!", "Odd slug")
    }
    assert iris == {
        U + "news",
        U + "news-2",
        U + "scheme-2",
        U + "concept",
        U + "a%20b%2F%3Cc%3E%23d",
    }


def test_turtle_string_escapes() -> None:
    assert turtle_string('a "b" \\ c\nd\te\x01') == '"a \\"b\\" \\\\ c\\nd\\te\\u0001"'
    text = 'x "y"\\\n\x7f é'
    g = graph(Taxonomy(concepts=(Concept(text, status=ACCEPTED),)))
    assert {str(o) for o in g.objects(None, SKOS.prefLabel)} == {text}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"language": "en us"}, "--language 'en us' is not a language tag"),
        ({"base_iri": "no iri"}, "--base-iri 'no iri': give an IRI"),
    ],
)
def test_bad_options(options: dict[str, str], message: str) -> None:
    with pytest.raises(UsageError) as caught:
        graph(**options)
    assert str(caught.value).startswith(message)
