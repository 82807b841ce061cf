"""The fast indented JSON writer gives exactly what ``json.dumps(indent=2)`` gives."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from taxonomy.formats._json import dumps

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(), inner, max_size=4)
    ),
    max_leaves=30,
)


def reference(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


@given(values)
def test_same_text_as_the_standard_library(value: Any) -> None:
    assert dumps(value) == reference(value)


def test_unusual_values_fall_back_to_the_standard_library() -> None:
    for value in (
        {1: "a", "b": [float("nan"), float("inf")]},
        {"x": True, 2.5: None},
        [{"é": 'Монгол \u2028 \x00 "q"'}],
    ):
        assert dumps(value) == reference(value)


@given(values, st.integers(min_value=0, max_value=3))
def test_written_deeper_it_is_the_same_text_indented(value: Any, level: int) -> None:
    assert dumps(value, level) == reference(value).replace("\n", "\n" + "  " * level)
