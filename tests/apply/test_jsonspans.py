"""The position-aware JSON reader: every node's span holds exactly its value."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from taxonomy.apply._jsonspans import Node, parse


def check(text: str, node: Node) -> Any:
    """The value the node stands for, asserting that its span decodes to it."""
    if node.members is not None:
        value: Any = {key: check(text, child) for key, child in node.members}
    elif node.items is not None:
        value = [check(text, child) for child in node.items]
    else:
        value = node.value
    assert json.loads(text[node.start : node.end]) == value
    return value


def test_spans_of_a_nested_document() -> None:
    text = '{ "a" : [1, {"b": "x\\"y"}, []], "c": {}, "d": "é\\u00e9" }'
    root = parse(text)
    assert check(text, root) == json.loads(text)
    a = root.get("a")
    assert a is not None and a.items is not None
    assert text[a.start : a.end] == '[1, {"b": "x\\"y"}, []]'
    assert text[a.items[1].start : a.items[1].end] == '{"b": "x\\"y"}'
    assert root.get("missing") is None


def test_deeper_containers_are_one_value() -> None:
    text = '{"a": {"b": {"c": [1]}}}'
    root = parse(text, depth=2)
    b = root.get("a").get("b")  # type: ignore[union-attr]
    assert b is not None and b.members is None and b.value == {"c": [1]}
    assert text[b.start : b.end] == '{"c": [1]}'


def test_only_the_named_members_are_read_as_containers() -> None:
    text = '{"db": [{"data": {"tags": [{"id": 1}], "posts": [{"id": 2}]}}], "meta": {"v": 1}}'
    root = parse(text, keys={"db", "data", "tags"})
    data = root.get("db").items[0].get("data")  # type: ignore[union-attr]
    assert data is not None and data.get("tags").items[0].get("id").value == 1  # type: ignore[union-attr]
    posts, meta = data.get("posts"), root.get("meta")
    assert posts is not None and posts.items is None and posts.value == [{"id": 2}]
    assert meta is not None and meta.members is None and meta.value == {"v": 1}
    assert check(text, root) == json.loads(text)


@pytest.mark.parametrize("text", ['{"a": 1,}', '{"a" 1}', "[1 2]", '{"a": 1} x', "{1: 2}"])
def test_malformed_json_raises_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        parse(text)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=100, deadline=None)
@given(value=json_values, indent=st.sampled_from([None, 0, 2, 4, "\t"]), ascii=st.booleans())
def test_any_document(value: object, indent: int | str | None, ascii: bool) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii)
    assert check(text, parse(text)) == json.loads(text)
