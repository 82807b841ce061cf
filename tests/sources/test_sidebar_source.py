"""The ``sidebar`` loader: finding the widget's list in a captured page and splitting its run."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from taxonomy.errors import SourceError
from taxonomy.model import Location
from taxonomy.normalize import fold
from taxonomy.sources import detect, load, open_source
from taxonomy.sources._sidebar_split import segment

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "sidebar"
SEED = DATA / "mongolianviews-page.txt"
BUNDLED = ROOT / "data" / "mongolianviews-labels.txt"


def test_the_seed_page_gives_the_bundled_list_but_where_it_says_it_is_unsure() -> None:
    inventory = load(SEED)
    assert inventory.format == "sidebar"
    bundled = BUNDLED.read_text(encoding="utf-8").splitlines()
    assert len(bundled) == 144
    found = set(inventory.names)
    missed = [label for label in bundled if label not in found]
    # 141 of the 144 labels exactly; each one missed is a reported near-tie, named in full.
    assert missed == ["Ivanhoe Mines", "Press Release", "Tavan Tolgoi coal mine"]
    notes = " ".join(note.message for note in inventory.ambiguities)
    for label in missed:
        assert f'"{label}" is nearly as plausible' in notes
    extra = [label for label in inventory.names if label not in set(bundled)]
    assert extra == ["Ivanhoe", "Mines", "Press", "Release", "Tavan", "Tolgoi coal mine"]
    assert inventory.posts is None
    assert {label.count for label in inventory} == {None}
    assert {label.kind for label in inventory} == {"label"}
    assert {label.locations for label in inventory} == {(Location(str(SEED), 52),)}


def test_the_seed_splits_where_order_and_capitals_tell() -> None:
    names = load(SEED).names
    assert names[:9] == [
        "Advertising in Mongolia",
        "An Asian Development Bank",
        "Culture",
        "Editorial of the Mongolianviews",
        "education",  # a lower-case label: it sorts between its neighbours
        "Environmental protection",
        "Famous Mongolians",
        "Foreigners in Mongolia",
        "Inner Mongolia",
    ]
    # ``and`` is a connector: labels never end or start with it, even when long
    assert "Mongolia and Russia and Mongolia and China" in names
    assert "Mongolia and the world" in names
    assert names[-3:] == [
        "Ulaanbaatar development",
        "Weird expatriates in Mongolia",
        "World bank and Mongolia",
    ]


def test_the_seed_reports_where_another_split_was_nearly_as_plausible() -> None:
    inventory = load(SEED)
    here = Location(str(SEED), 52)
    assert {ambiguity.location for ambiguity in inventory.ambiguities} == {here}
    assert [ambiguity.message for ambiguity in inventory.ambiguities] == [
        'chose "An Asian Development Bank"; "An" + "Asian Development Bank" is nearly as '
        "plausible (score 1.3 lower)",
        'chose "An Asian Development Bank"; "An Asian Development" + "Bank" is nearly as '
        "plausible (score 1.3 lower)",
        'chose "Editorial of the Mongolianviews" + "education"; '
        '"Editorial of the Mongolianviews education" is nearly as plausible (score 0.5 lower)',
        'chose "Ivanhoe" + "Mines"; "Ivanhoe Mines" is nearly as plausible (score 1.0 lower)',
        'chose "Moninfo" + "Opinion"; "Moninfo Opinion" is nearly as plausible (score 1.0 lower)',
        'chose "Press" + "Release"; "Press Release" is nearly as plausible (score 1.0 lower)',
        'chose "Release" + "Rio Tinto" + "Tavan"; "Release Rio" + "Tinto Tavan" is nearly as '
        "plausible (score 1.0 lower)",
        'chose "Rio Tinto" + "Tavan"; "Rio" + "Tinto Tavan" is nearly as plausible '
        "(score 0.0 lower)",
        'chose "Tavan" + "Tolgoi coal mine"; "Tavan Tolgoi coal mine" is nearly as plausible '
        "(score 1.2 lower)",
    ]


def test_the_seed_and_a_long_run_under_a_heading_are_detected() -> None:
    assert detect(open_source(SEED)).value == "sidebar"
    assert detect(open_source(DATA / "food-blog-page.txt")).value == "sidebar"


def test_a_blogger_page_with_prose_and_a_labels_widget() -> None:
    inventory = load(DATA / "food-blog-page.txt")
    assert inventory.names == [
        "Appetizers", "Baking", "Bread", "Breakfast", "Cakes and Cupcakes", "Christmas",
        "Cookies", "Desserts", "Dinner", "Gluten free", "Healthy", "Instant Pot", "Italian",
        "Kid friendly", "Main Dishes", "Meal prep", "Mexican", "Pasta", "Pies and Tarts",
        "Quick and Easy", "Salads", "Side Dishes", "Slow Cooker", "Soups and Stews",
        "Thanksgiving", "Vegan", "Vegetarian",
    ]  # fmt: skip
    assert {label.locations[0].line for label in inventory} == {18}
    messages = [ambiguity.message for ambiguity in inventory.ambiguities]
    assert messages[1] == (
        'chose "Christmas" + "Cookies"; "Christmas Cookies" is nearly as plausible '
        "(score 1.1 lower)"
    )
    assert len(messages) == 5


def test_a_two_word_name_is_reported_when_order_cannot_settle_it() -> None:
    inventory = load(DATA / "city-names.txt", "sidebar")
    assert inventory.names == ["Art", "Music", "New York", "Photography"]
    assert [ambiguity.message for ambiguity in inventory.ambiguities][-1] == (
        'chose "New York" + "Photography"; "New" + "York Photography" is nearly as plausible '
        "(score 0.0 lower)"
    )


def test_a_run_without_heading_and_labels_starting_with_numbers() -> None:
    inventory = load(DATA / "numbers-no-heading.txt", "sidebar")
    assert inventory.names == [
        "2019 elections", "2020 elections", "Breaking News", "Business", "Climate change",
        "Courts", "Crime", "Culture", "Local elections", "Opinion", "Politics", "Science",
        "Sports", "Weather",
    ]  # fmt: skip
    assert {label.locations[0].line for label in inventory} == {1}


def test_lower_case_tags_rely_on_order_and_report_more() -> None:
    inventory = load(DATA / "lowercase-tags.txt", "sidebar")
    assert inventory.names == [
        "css", "django", "flask", "html", "javascript", "python", "python 3", "react native",
        "ruby on rails", "web design",
    ]  # fmt: skip
    assert [ambiguity.message for ambiguity in inventory.ambiguities] == [
        f'chose "{a}" + "{b}"; "{a} {b}" is nearly as plausible (score 1.0 lower)'
        for a, b in [
            ("css", "django"),
            ("django", "flask"),
            ("flask", "html"),
            ("html", "javascript"),
        ]
    ]


def test_a_cyrillic_run_after_a_heading_in_another_language() -> None:
    inventory = load(DATA / "russian-page.txt", "sidebar")
    assert inventory.names == [
        "Авто", "Бизнес", "В мире", "Здоровье", "Культура", "Наука и техника", "Новости",
        "Общество", "Политика", "Происшествия", "Спорт", "Экономика",
    ]  # fmt: skip
    assert inventory.ambiguities == ()
    assert inventory.labels[0].locations == (Location(str(DATA / "russian-page.txt"), 7),)


def test_a_caseless_script_splits_by_default_and_reports_every_join() -> None:
    inventory = load(DATA / "japanese-tags.txt", "sidebar")
    names = ["お知らせ", "イベント", "ブログ", "レシピ", "写真", "旅行", "日記", "東京"]
    assert inventory.names == names
    assert len(inventory.ambiguities) == len(names) - 1
    assert inventory.ambiguities[0].message == (
        'chose "お知らせ" + "イベント"; "お知らせ イベント" is nearly as plausible '
        "(score 1.0 lower)"
    )


def test_a_widget_that_kept_its_line_breaks_gives_one_label_a_line_with_counts() -> None:
    path = DATA / "one-per-line.txt"
    inventory = load(path, "sidebar")
    assert [(label.name, label.count, label.locations) for label in inventory] == [
        ("Backpacking tips", 4, (Location(str(path), 8),)),
        ("Budget Travel", 12, (Location(str(path), 9),)),
        ("City Breaks", 7, (Location(str(path), 10),)),
        ("Food and Drink", 9, (Location(str(path), 11),)),
        ("Winter in Europe", 3, (Location(str(path), 12),)),
    ]
    assert inventory.ambiguities == ()


def test_a_run_with_a_single_label() -> None:
    inventory = load(DATA / "single-label.txt", "sidebar")
    assert inventory.names == ["North Korea"]
    assert inventory.ambiguities == ()


def test_a_run_with_separators_is_cut_there() -> None:
    inventory = load(DATA / "comma-run.txt", "sidebar")
    assert [(label.name, label.count) for label in inventory] == [
        ("python", None),
        ("web scraping", None),
        ("Django", 3),
        ("data science", None),
    ]


def test_a_run_sorted_by_use_is_noted_and_split_by_capitals_alone() -> None:
    inventory = load(DATA / "by-frequency.txt", "sidebar")
    assert inventory.ambiguities[0].message == (
        "the run is not in alphabetical order (a widget sorted by use?), so label boundaries "
        "rest on capitals and word counts alone"
    )
    # without the order, capitals decide: ``Food and`` (one ``and`` is not known as a
    # connector) and ``Road`` + ``Trips``
    assert inventory.names[:4] == ["Travel", "Food and", "Drink", "Photography"]
    assert "Road" in inventory.names and "Trips" in inventory.names


@pytest.mark.parametrize("name", ["empty-widget.txt"])
def test_no_list_is_an_error_naming_the_file(name: str) -> None:
    with pytest.raises(SourceError) as caught:
        load(DATA / name, "sidebar")
    assert caught.value.path == str(DATA / name)
    assert caught.value.message == (
        "no label list found: expected a line 'Categories', 'Labels', 'Tags' or 'Topics' "
        "with the labels under it, or the labels run together on one line"
    )


# -- the splitter on its own ------------------------------------------------------------------


def test_a_connector_never_ends_or_starts_a_label() -> None:
    found = segment("Travel and Food Travel and Music Travel and Photography".split())
    assert found.labels == ("Travel and Food", "Travel and Music", "Travel and Photography")


def test_function_words_of_the_page_are_connectors_even_when_seen_once() -> None:
    run = "Art History Arts and Crafts Film Music".split()
    assert segment(run).labels == ("Art History", "Arts and", "Crafts", "Film", "Music")
    assert segment(run, {"and"}).labels == ("Art History", "Arts and Crafts", "Film", "Music")


def test_accents_are_ignored_when_the_list_sorts_that_way() -> None:
    run = "Actualités Cinéma Cuisine Économie Loisirs Musique Santé Société Sport".split()
    assert segment(run).labels == tuple(run)


def test_a_two_letter_article_does_not_end_a_label() -> None:
    found = segment("Art El Greco Music".split())
    assert found.labels == ("Art", "El Greco", "Music")
    assert found.ambiguities == (
        'chose "El Greco"; "El" + "Greco" is nearly as plausible (score 1.0 lower)',
    )


WORDS = st.sampled_from(
    ["and", "Art", "art", "Bank", "bank", "Culture", "of", "Zoo", "2019", "東京"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(WORDS, min_size=1, max_size=4), min_size=1, max_size=12))
def test_the_labels_partition_the_run_in_alphabetical_order(labels: list[list[str]]) -> None:
    run = [
        word
        for label in sorted(labels, key=lambda words: " ".join(words).casefold())
        for word in label
    ]
    found = segment(run)
    assert " ".join(found.labels).split() == run
    if found.in_order:
        keys = [label.casefold() for label in found.labels]
        folded = [fold(label) for label in found.labels]
        assert keys == sorted(keys) or folded == sorted(folded)


# -- real vocabularies that may not be committed: run where /work/shared has them --------------

SHARED = Path("/work/shared/data")
WPTRT = SHARED / "wordpress" / "wptrt-themeunittestdata.wordpress.xml"
YMS = SHARED / "blogger" / "yms9654-blog-export.xml"


def as_run(names: list[str]) -> tuple[list[str], list[str]]:
    """The labels as a widget sorts them, and the run a capture would make of them."""
    ordered = sorted(set(names), key=str.casefold)
    return ordered, " ".join(ordered).split()


@pytest.mark.skipif(not WPTRT.exists(), reason="local-only WordPress theme unit test data")
def test_the_wordpress_theme_unit_test_categories_come_back_exactly() -> None:
    names = [label.name for label in load(WPTRT, "wxr") if label.kind == "category"]
    ordered, run = as_run(names)
    assert len(ordered) == 66  # mixed case: "aciform", "Cat A", "Child Category 01", ...
    assert segment(run).labels == tuple(ordered)


@pytest.mark.skipif(not YMS.exists(), reason="local-only Blogger export")
def test_a_real_lower_case_korean_and_english_label_list() -> None:
    ordered, run = as_run(load(YMS, "blogger").names)
    found = segment(run)
    assert len(ordered) == 97
    assert " ".join(found.labels).split() == run
    wrong = [label for label in found.labels if label not in ordered]
    # long lower-case labels are where order and case cannot help
    assert wrong == [
        "password path 설정",
        "unable to find",
        "valid certification path to requested target",
    ]
    assert len(found.ambiguities) == 28
