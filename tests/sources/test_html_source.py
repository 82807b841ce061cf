"""The ``html`` loader: category, tag and label links of a saved page, with counts and parents."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomy.errors import SourceError
from taxonomy.model import Location
from taxonomy.sources import detect, load, open_source

DATA = Path(__file__).resolve().parents[1] / "data" / "html"


def summary(path: Path) -> list[tuple[str, int | None, str, str | None, str | None, list[int]]]:
    inventory = load(path)
    assert inventory.format == "html"
    assert inventory.posts is None
    assert {loc.file for label in inventory for loc in label.locations} == {str(path)}
    return [
        (label.name, label.count, label.kind, label.slug, label.parent, lines(label.locations))
        for label in inventory
    ]


def lines(locations: tuple[Location, ...]) -> list[int]:
    return [location.line or 0 for location in locations]


@pytest.mark.parametrize("name", ["blogger-page.html", "wordpress-page.html", "odd-links.html"])
def test_pages_and_fragments_are_detected_as_html(name: str) -> None:
    assert detect(open_source(DATA / name)).value == "html"


def test_a_blogger_page_footer_labels_and_label_widgets() -> None:
    assert summary(DATA / "blogger-page.html") == [
        # footer link first (line 20), then the list widget (38) and the cloud widget (59)
        ("Culture", 12, "label", "Culture", None, [20, 38, 59]),
        ("Air pollution", 7, "label", "Air pollution", None, [21, 34]),
        ("Food & Drink", 1024, "label", "Food & Drink", None, [22, 42]),  # "(1,024)"
        ("Монгол", 3, "label", "Монгол", None, [46]),  # slug percent-decoded
        ("Travel", 5, "label", "Travel", None, [50]),  # the query is not part of the slug
        ("Winter", None, "label", "Winter", None, [60]),  # the cloud shows no count for it
    ]


def test_a_wordpress_page_categories_with_children_tag_cloud_and_post_meta() -> None:
    assert summary(DATA / "wordpress-page.html") == [
        ("Europe", 9, "category", "europe", None, [11, 28]),  # menu, then widget "(9)"
        ("Portugal", 4, "category", "portugal", "Europe", [19, 30]),  # rel="category tag"
        ("food", 6, "tag", "food", None, [20, 41]),  # aria-label="food (6 items)"
        ("trams", 1, "tag", "trams", None, [20, 42]),  # "(1 item)"
        ("cafés", None, "tag", "cafés", None, [20]),  # "#cafés": the hash is dropped
        ("Spain", 5, "category", "spain", "Europe", [32]),
        ("Uncategorized", 2, "category", "uncategorized", None, [36]),
        ("night trains", 2, "tag", "night-trains", None, [43]),
    ]  # not labels: the feed (line 6), /tags/ (12) and the pagination link (23)


def test_query_links_rel_tag_titles_and_broken_markup() -> None:
    assert summary(DATA / "odd-links.html") == [
        ("News", 12, "category", None, None, [4]),  # ?cat=5 is an id, not a slug
        ("green tea", 3, "tag", "green-tea", None, [5]),  # title="3 topics"
        ("Events", None, "category", "events", None, [6]),
        ("Gardening", None, "tag", "gardening", None, [7]),  # rel="tag", any URL
        ("2019 elections", None, "tag", "2019-elections", None, [8]),  # its title is its name
        ("Unclosed", None, "tag", "unclosed", None, [9]),  # the open <a> ends with its <li>
    ]


def test_a_page_without_such_links_is_an_error() -> None:
    path = DATA / "no-labels.html"
    with pytest.raises(SourceError) as caught:
        load(path)
    assert (caught.value.path, caught.value.line, caught.value.message) == (
        str(path),
        None,
        "no category, tag or label links found",
    )
