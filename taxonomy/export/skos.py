"""``skos``: the concept scheme as SKOS in Turtle.

One ``skos:ConceptScheme`` (``<base>scheme``) and one ``skos:Concept`` per concept of the
scheme as decided, at ``<base><slug>``: the concept's ``slug:``, else its label in lower case
with every run of characters other than letters and digits one hyphen (``-2``, ``-3``... when
two concepts would share one). Each has its ``skos:prefLabel``, an ``skos:altLabel`` per alias,
``skos:definition`` from its description, ``skos:inScheme``, and ``skos:broader`` /
``skos:narrower`` links; a concept without a broader one is a top concept
(``skos:topConceptOf`` / ``skos:hasTopConcept``).

What is decided: an accepted concept is written with its aliases; a suggested one (unless
``include_suggested``) only by its label, and each of its aliases as a concept of its own,
since the site keeps them apart until the merge is accepted; a ``generated`` suggested parent
is left out, its label being a proposal. A child is linked to its parent when its placement is
accepted and the parent is written; otherwise it is a top concept. Splits and removals name
labels that go away: they are not concepts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar

from taxonomy.errors import UsageError
from taxonomy.export._base import Export, ExportJob, label_order
from taxonomy.model import ACCEPTED, Concept

__all__ = ["SkosTurtle", "turtle_string"]

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b"}
_ESCAPES["\f"] = "\\f"


def turtle_string(text: str) -> str:
    """A Turtle ``STRING_LITERAL_QUOTE``: ``\\``, ``"`` and control characters escaped."""
    return '"' + "".join(_ESCAPES.get(c, c if c >= " " else f"\\u{ord(c):04X}") for c in text) + '"'


# characters IRIREF does not allow (besides controls), and those that would end the slug
_IRI_UNSAFE = set('<>"{}|^`\\ #?/')


def _iri_part(text: str) -> str:
    return "".join(
        "".join(f"%{b:02X}" for b in c.encode()) if c in _IRI_UNSAFE or c < " " else c for c in text
    )


def _slug(label: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in label.lower())
    return re.sub(r"-+", "-", slug).strip("-") or "concept"


@dataclass
class _Node:
    label: str
    aliases: tuple[str, ...] = ()
    slug: str | None = None
    description: str | None = None
    broader: _Node | None = None
    narrower: list[_Node] = field(default_factory=list)
    iri: str = ""


class SkosTurtle:
    name: ClassVar[str] = "skos"

    def render(self, job: ExportJob) -> Export:
        options = job.options
        if options.language is not None and not re.fullmatch(
            r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*", options.language
        ):
            raise UsageError(f"--language {options.language!r} is not a language tag (e.g. en)")
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*", options.base_iri):
            raise UsageError(
                f"--base-iri {options.base_iri!r}: give an IRI such as urn:taxonomy: or "
                "https://example.com/topics/"
            )
        nodes: list[_Node] = []
        self._collect(job.taxonomy.concepts, None, job.options.include_suggested, nodes)
        taken = {"scheme"}
        for node in sorted(nodes, key=lambda n: label_order(n.label)):
            slug = _iri_part(node.slug or _slug(node.label))
            unique, number = slug, 2
            while unique in taken:
                unique, number = f"{slug}-{number}", number + 1
            taken.add(unique)
            node.iri = f"<{options.base_iri}{unique}>"
        suffix = "" if options.language is None else f"@{options.language}"
        scheme = f"<{options.base_iri}scheme>"
        tops = [n for n in nodes if n.broader is None]
        lines = [
            "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
            "",
            f"# Written by `taxonomy export --to skos` from {options.document}.",
            f"{scheme} a skos:ConceptScheme"
            + ("" if not tops else " ;\n    skos:hasTopConcept " + _objects(tops))
            + " .",
        ]
        for node in nodes:
            lines.append("")
            lines.append(f"{node.iri} a skos:Concept ;")
            props = [f"skos:prefLabel {turtle_string(node.label)}{suffix}"]
            props += [f"skos:altLabel {turtle_string(alias)}{suffix}" for alias in node.aliases]
            if node.description:
                props.append(f"skos:definition {turtle_string(node.description)}{suffix}")
            if node.broader is not None:
                props.append(f"skos:broader {node.broader.iri}")
            else:
                props.append(f"skos:topConceptOf {scheme}")
            if node.narrower:
                props.append(f"skos:narrower {_objects(node.narrower)}")
            props.append(f"skos:inScheme {scheme}")
            lines.append(" ;\n".join("    " + prop for prop in props) + " .")
        return Export(text="\n".join(lines) + "\n")

    def _collect(
        self,
        concepts: Iterable[Concept],
        parent: _Node | None,
        everything: bool,
        nodes: list[_Node],
    ) -> None:
        for concept in concepts:
            decided = everything or concept.status == ACCEPTED
            node: _Node | None = None
            if decided or not concept.generated:
                node = _Node(
                    concept.label,
                    concept.aliases if decided else (),
                    concept.slug,
                    concept.description,
                )
                placed = everything or concept.placement == ACCEPTED
                if parent is not None and placed:
                    node.broader = parent
                    parent.narrower.append(node)
                nodes.append(node)
                if not decided:
                    nodes.extend(_Node(alias) for alias in concept.aliases)
            self._collect(concept.children, node, everything, nodes)


def _objects(nodes: list[_Node]) -> str:
    return " ,\n        ".join(node.iri for node in nodes)
