"""The XML span scanner the Blogger and WXR rewriters stand on: offsets, text, refusals."""

from __future__ import annotations

import codecs

import pytest

from taxonomy.apply._xmlspans import (
    Edits,
    XmlText,
    copy_of,
    escape_attr,
    scan,
    set_text,
    unescape,
    unescape_attr,
)
from taxonomy.errors import SourceError

DOC = """<?xml version="1.0"?>
<!-- <item><category>not me</category></item> -->
<?pi <item>?>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>
  <item a='1 &amp; 2' b="x&#10;y
z">
    <category domain="tag" nicename="r-d">R&amp;D &#233; &bare</category>
    <category><![CDATA[<b>&amp;</b>]]></category>
    <wp:post_type>post</wp:post_type>
    <empty/>
  </item>
  <wp:category><wp:cat_name>A</wp:cat_name></wp:category>
  <other><item>nested deeper: not a record</item></other>
</channel></rss>
"""


def records(text: str, depth: int = 2) -> list:  # type: ignore[type-arg]
    doc = XmlText(text.encode(), "doc.xml")
    _, found = scan(doc, lambda ns, local, level: level == depth)
    return found


def test_records_are_found_with_their_spans_and_namespaces() -> None:
    doc = XmlText(DOC.encode(), "doc.xml")
    root, found = scan(doc, lambda ns, local, depth: depth == 2)
    assert root.local == "rss"
    assert [(record.qname, record.ns) for record in found] == [
        ("item", ""),
        ("wp:category", "http://wordpress.org/export/1.2/"),
        ("other", ""),
    ]
    item = found[0]
    assert doc.text[item.start : item.start + 6] == "<item "
    assert doc.text[item.close_start : item.end] == "</item>"
    assert [child.local for child in item.children] == [
        "category",
        "category",
        "post_type",
        "empty",
    ]
    first, second, post_type, empty = item.children
    assert doc.text[first.start : first.end] == (
        '<category domain="tag" nicename="r-d">R&amp;D &#233; &bare</category>'
    )
    assert doc.text_of(first) == "R&D é &bare"
    assert doc.text_of(second) == "<b>&amp;</b>"
    assert post_type.ns == "http://wordpress.org/export/1.2/"
    assert (empty.open_end, empty.close_start, empty.end) == (empty.end,) * 3
    nicename = first.attrs["nicename"]
    assert (doc.text[nicename.start : nicename.end], nicename.quote) == ("r-d", '"')


def test_attribute_values_are_read_as_xml_reads_them() -> None:
    item = records(DOC)[0]
    assert item.attr("a") == "1 & 2"
    assert item.attrs["a"].quote == "'"
    assert item.attr("b") == "x\ny z"  # a reference keeps its newline, a literal one is a space
    assert item.attr("missing") == ""


def test_text_and_attribute_unescaping() -> None:
    assert unescape("a\r\nb\rc &lt;&#x41;&#65;&gt; &amp;amp; & &nbsp;") == (
        "a\nb\nc <AA> &amp; & &nbsp;"
    )
    assert unescape_attr("a\tb\r\nc &#9;") == "a b c \t"
    assert escape_attr("<a & \"b\" 'c'>\n") == "&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;&#10;"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("<a>\n<b></a>", "</a> closes nothing open", 2),
        ("<a>\n<b>", "<b> is not closed", 2),
        ("<a><!-- open\n</a>", "a comment is not closed", 1),
        ("<a><![CDATA[\n</a>", "a CDATA section is not closed", 1),
        ("<a>\n<b c=d/></a>", "the start tag <b> is broken", 2),
        ("<a/><b/>", "a second root element", 1),
        ("<a/>tail", "text after the root element", 1),
        ("", "no root element", 1),
    ],
)
def test_malformed_xml_is_one_clear_error_with_its_line(text: str, message: str, line: int) -> None:
    with pytest.raises(SourceError) as caught:
        scan(XmlText(text.encode(), "bad.xml"), lambda ns, local, depth: False)
    assert caught.value.message == f"malformed XML: {message}"
    assert (caught.value.path, caught.value.line) == ("bad.xml", line)


def test_entity_declarations_and_external_dtds_are_refused() -> None:
    entity = '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY e "boom">]>\n<r>&e;</r>'
    with pytest.raises(SourceError, match="entity declarations are not allowed") as caught:
        scan(XmlText(entity.encode(), "e.xml"), lambda ns, local, depth: False)
    assert caught.value.line == 2
    external = '<!DOCTYPE r SYSTEM "http://example.com/r.dtd">\n<r/>'
    with pytest.raises(SourceError, match="external references"):
        scan(XmlText(external.encode(), "x.xml"), lambda ns, local, depth: False)
    plain = "<!DOCTYPE r>\n<r/>"
    assert scan(XmlText(plain.encode(), "p.xml"), lambda ns, local, depth: False)[0].local == "r"


def test_text_is_encoded_back_to_the_same_bytes() -> None:
    utf8 = codecs.BOM_UTF8 + "<a>é\r\n</a>".encode()
    assert XmlText(utf8, "a").encode(XmlText(utf8, "a").text) == utf8
    latin = '<?xml version="1.0" encoding="ISO-8859-1"?><a>caf\xe9</a>'.encode("latin-1")
    doc = XmlText(latin, "l")
    assert doc.text.endswith("café</a>")
    assert doc.encode(doc.text) == latin
    assert doc.encode("<a>한</a>") == b"<a>&#54620;</a>"  # not in Latin-1: a reference
    utf16 = codecs.BOM_UTF16_LE + "<a>é</a>".encode("utf-16-le")
    assert XmlText(utf16, "u").encode("<a>é</a>") == utf16


def test_undecodable_or_unknown_encodings_are_errors() -> None:
    with pytest.raises(SourceError, match="invalid utf-8 text") as caught:
        XmlText(b"<a>\n\xff</a>", "bad.xml")
    assert caught.value.line == 2
    with pytest.raises(SourceError, match="unknown encoding 'klingon'"):
        XmlText(b'<?xml version="1.0" encoding="klingon"?><a/>', "k.xml")


def test_new_text_keeps_the_style_of_the_old() -> None:
    text = "<r><a><![CDATA[old]]></a><b> old </b><c/><d><![CDATA[x]]></d></r>"
    doc = XmlText(text.encode(), "r.xml")
    a, b, c, d = scan(doc, lambda ns, local, depth: depth == 1)[1]
    edits = Edits()
    set_text(doc, a, "R&D", edits)
    set_text(doc, b, "R&D", edits)
    set_text(doc, c, "R&D", edits)
    set_text(doc, d, "a]]>b", edits)  # cannot be CDATA: escaped instead
    assert edits.apply(doc.text) == (
        "<r><a><![CDATA[R&D]]></a><b> R&amp;D </b><c>R&amp;D</c><d>a]]&gt;b</d></r>"
    )


def test_edits_apply_in_order_and_refuse_overlaps() -> None:
    text = "0123456789"
    edits = Edits()
    edits.insert(5, "b")
    edits.replace(2, 5, "")
    edits.insert(5, "c")
    edits.replace(5, 7, "X")
    assert edits.apply(text) == "01bcX789"
    edits.replace(6, 8, "")
    with pytest.raises(ValueError, match="overlapping"):
        edits.apply(text)


def test_copy_of_an_element_with_edits_inside() -> None:
    doc = XmlText(b"<r>\n  <a k='v'>t</a>\n</r>", "r.xml")
    element = scan(doc, lambda ns, local, depth: depth == 1)[1][0]
    edits = Edits()
    value = element.attrs["k"]
    edits.replace(value.start, value.end, "w")
    assert copy_of(doc, element, edits) == "<a k='w'>t</a>"
    assert doc.space_before(element.start) == 3
