"""World knowledge for the matcher: countries (pycountry + a data file), organisations, stopwords.

Nothing here is tuned to a vocabulary: the data files are general lists, and a label's words are
looked up in them only through normalised token sequences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import pycountry
import yaml

from taxonomy.normalize import tokens

MAX_NAME_TOKENS = 8


@dataclass(frozen=True, slots=True)
class Entity:
    """A country or organisation: an id, its kind and the name a repair proposes."""

    id: str
    kind: str  # "country" or "organisation"
    name: str


@dataclass(frozen=True, slots=True)
class Form:
    """One way of writing an entity. ``code`` forms (US, NATO) match only in capitals."""

    entity: Entity
    text: str
    code: bool = False
    former: bool = False
    adjective: bool = False


@dataclass(frozen=True)
class Knowledge:
    forms: dict[tuple[str, ...], tuple[Form, ...]]
    stopwords: frozenset[str]
    joined: dict[str, tuple[Form, ...]]
    entities: dict[str, Entity]
    longest: dict[str, int] = field(init=False)  # first word -> most words of a form
    starts: frozenset[str] = field(init=False)  # the words a name (or a joined name) begins with

    def __post_init__(self) -> None:
        longest: dict[str, int] = {}
        for key in self.forms:
            longest[key[0]] = max(longest.get(key[0], 0), len(key))
        object.__setattr__(self, "longest", longest)
        object.__setattr__(self, "starts", frozenset(longest) | frozenset(self.joined))

    def lookup(self, key: tuple[str, ...]) -> tuple[Form, ...]:
        return self.forms.get(key, ())

    def lookup_joined(self, word: str) -> tuple[Form, ...]:
        """Names of several words written as one (``Hongkong``, ``Newzealand``)."""
        return self.joined.get(word, ())


def _read(name: str) -> str:
    return resources.files("taxonomy.knowledge").joinpath(name).read_text(encoding="utf-8")


@cache
def knowledge() -> Knowledge:
    """The entity index, built once per process."""
    forms: dict[tuple[str, ...], list[Form]] = {}

    def add(
        entity: Entity,
        text: str,
        *,
        code: bool = False,
        former: bool = False,
        adjective: bool = False,
    ) -> None:
        key = tokens(text)
        if not key or len(key) > MAX_NAME_TOKENS:
            return
        bucket = forms.setdefault(key, [])
        if not any(form.entity.id == entity.id for form in bucket):
            bucket.append(Form(entity, text, code=code, former=former, adjective=adjective))

    extra = yaml.safe_load(_read("countries.yaml")) or {}
    demonyms = yaml.safe_load(_read("demonyms.yaml")) or {}
    for country in pycountry.countries:
        display = getattr(country, "common_name", None) or country.name
        entity = Entity(id=country.alpha_2, kind="country", name=display)
        add(entity, display)
        add(entity, country.name)
        official = getattr(country, "official_name", None)
        if official:
            add(entity, official)
        add(entity, country.alpha_2, code=True)
        add(entity, country.alpha_3, code=True)
        more = extra.get(country.alpha_2) or {}
        for text in more.get("other", ()):
            add(entity, text, code=text.isupper() and len(text) <= 5)
        for text in more.get("former", ()):
            add(entity, text, code=text.isupper() and len(text) <= 5, former=True)
        for text in demonyms.get(country.alpha_2, ()):
            add(entity, text, adjective=True)

    for item in yaml.safe_load(_read("organisations.yaml")) or ():
        names = list(item.get("names") or ())
        acronyms = list(item.get("acronyms") or ())
        display = acronyms[0] if acronyms else names[0]
        entity = Entity(id=f"org:{item['id']}", kind="organisation", name=display)
        for text in names:
            add(entity, text)
        for text in acronyms:
            add(entity, text, code=True)

    words: set[str] = set()
    for line in _read("stopwords.txt").splitlines():
        if not line.startswith("#"):
            words.update(line.split())
    joined: dict[str, list[Form]] = {}
    for key, bucket in forms.items():
        if len(key) > 1:
            for form in bucket:
                if not form.code and not form.former and not form.adjective:
                    joined.setdefault("".join(key), []).append(form)
    return Knowledge(
        forms={key: tuple(bucket) for key, bucket in forms.items()},
        stopwords=frozenset(words),
        joined={word: tuple(bucket) for word, bucket in joined.items()},
        entities={form.entity.id: form.entity for bucket in forms.values() for form in bucket},
    )
