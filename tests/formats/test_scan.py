"""``taxonomy scan --format json``: the documented shape, in the standard library's text."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from taxonomy.formats.scan import JsonScan, scan_document
from taxonomy.model import Group, Member, Repair, ScanResult, Split

texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
members = st.builds(
    Member,
    texts,
    st.none() | st.integers(min_value=0),
    st.floats(allow_nan=True, allow_infinity=True) | st.integers(0, 100),
    texts,
)
results = st.builds(
    ScanResult,
    texts,
    st.integers(min_value=0),
    st.lists(
        st.builds(Group, texts, st.floats(0, 100), st.lists(members, max_size=3).map(tuple)),
        max_size=4,
    ).map(tuple),
    st.lists(st.builds(Split, texts, st.lists(texts, max_size=3).map(tuple), texts)).map(tuple),
    st.lists(st.builds(Repair, texts, texts, texts)).map(tuple),
)


@given(results)
def test_a_scan_written_as_json_is_the_standard_library_s_text(result: ScanResult) -> None:
    # The scan's JSON writes its groups straight from the model: the same text as json.dumps
    # of the documented shape, whatever the labels hold.
    expected = json.dumps(scan_document(result), ensure_ascii=False, indent=2) + "\n"
    assert JsonScan().render(result) == expected
