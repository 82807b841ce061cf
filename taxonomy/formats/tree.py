"""``taxonomy tree --format json|yaml|text`` and ``taxonomy validate --format text|json``.

``tree`` as json or yaml is one object::

    {"source": "..." | null,
     "concepts": [{"label": "...", "aliases": ["..."], "status": "suggested" | "accepted",
                   "placement": "suggested" | "accepted" | null, "generated": false,
                   "children": [...]}, ...]}

``placement`` is null at the top level. ``text`` is an indented outline: two spaces per level,
each line a label followed by its aliases, each after " = ".

``validate`` as text prints ``path:line: check: message`` per problem; as json one object
``{"file": "...", "problems": [{"line": <int|null>, "check": "...", "message": "..."}]}``.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar, Protocol

import yaml

from taxonomy.model import Concept, Taxonomy
from taxonomy.validate import Problem


def concept_object(concept: Concept) -> dict[str, Any]:
    return {
        "label": concept.label,
        "aliases": list(concept.aliases),
        "status": concept.status,
        "placement": concept.placement,
        "generated": concept.generated,
        "children": [concept_object(child) for child in concept.children],
    }


def tree_document(taxonomy: Taxonomy) -> dict[str, Any]:
    return {
        "source": taxonomy.source,
        "concepts": [concept_object(concept) for concept in taxonomy.concepts],
    }


class TreeRenderer(Protocol):
    """What every machine format of ``taxonomy tree`` is."""

    name: ClassVar[str]

    def render(self, taxonomy: Taxonomy) -> str: ...


class JsonTree:
    name: ClassVar[str] = "json"

    def render(self, taxonomy: Taxonomy) -> str:
        return json.dumps(tree_document(taxonomy), ensure_ascii=False, indent=2) + "\n"


class YamlTree:
    name: ClassVar[str] = "yaml"

    def render(self, taxonomy: Taxonomy) -> str:
        text: str = yaml.safe_dump(
            tree_document(taxonomy), allow_unicode=True, sort_keys=False, width=1 << 16
        )
        return text


class TextTree:
    """An outline: ``label = alias = alias``, two spaces of indentation per level."""

    name: ClassVar[str] = "text"

    def render(self, taxonomy: Taxonomy) -> str:
        lines: list[str] = []
        self._lines(taxonomy.concepts, 0, lines)
        return "".join(line + "\n" for line in lines)

    def _lines(self, concepts: tuple[Concept, ...], depth: int, lines: list[str]) -> None:
        for concept in concepts:
            lines.append("  " * depth + " = ".join((concept.label, *concept.aliases)))
            self._lines(concept.children, depth + 1, lines)


class ProblemsRenderer(Protocol):
    """What every format of ``taxonomy validate`` is."""

    name: ClassVar[str]

    def render(self, path: str, problems: list[Problem]) -> str: ...


class TextProblems:
    """``path:line: check: message``, one problem a line, like a compiler's."""

    name: ClassVar[str] = "text"

    def render(self, path: str, problems: list[Problem]) -> str:
        return "".join(
            f"{path}{'' if p.line is None else f':{p.line}'}: {p.check}: {p.message}\n"
            for p in problems
        )


class JsonProblems:
    name: ClassVar[str] = "json"

    def render(self, path: str, problems: list[Problem]) -> str:
        document = {
            "file": path,
            "problems": [
                {"line": p.line, "check": p.check, "message": p.message} for p in problems
            ],
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
