"""``--to hugo``: aliases added to each new term's _index.md, every other byte kept; a second
run changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from taxonomy.document import load_taxonomy
from taxonomy.errors import UsageError
from taxonomy.export import Export, ExportFormat, ExportOptions, Site, export
from taxonomy.export.hugo import add_aliases
from taxonomy.model import ACCEPTED, Concept, Removal, Taxonomy

DATA = Path(__file__).resolve().parent.parent / "data" / "export"


def hugo(folder: Path, taxonomy: Taxonomy | None = None, **options: object) -> Export:
    _, result = export(
        taxonomy or load_taxonomy(DATA / "escaping.yaml"),
        ExportFormat.hugo,
        ExportOptions(output_dir=folder, **options),  # type: ignore[arg-type]
    )
    return result


def write(result: Export) -> None:
    for item in result.files:
        item.path.parent.mkdir(parents=True, exist_ok=True)
        item.path.write_bytes(item.text.encode("utf-8"))


def test_new_files_for_each_target(tmp_path: Path) -> None:
    result = hugo(tmp_path)
    files = {item.path.relative_to(tmp_path).as_posix(): item.text for item in result.files}
    assert sorted(files) == [
        "100-natural/_index.md",
        "café-bar/_index.md",
        "gobi/_index.md",
        "mongolia-and-cuba/_index.md",
        "mongolia-and-usa/_index.md",
        "russia/_index.md",
        "say-hi/_index.md",
        "voyages/_index.md",
    ]
    assert files["mongolia-and-usa/_index.md"] == (
        '---\ntitle: "Mongolia and USA"\naliases:\n  - "/tags/mongolia-and-us/"\n---\n'
    )
    assert files["say-hi/_index.md"] == (
        '---\ntitle: "Say \\"Hi\\""\naliases:\n'
        '  - "/tags/hi-there/"\n  - "/tags/price-5-cheap/"\n---\n'
    )
    front = yaml.safe_load(files["café-bar/_index.md"].split("---")[1])
    assert front == {"title": "Café & Bar", "aliases": ["/tags/cafe-bar/", "/tags/cafés/bars/"]}
    assert not any(item.existed for item in result.files)
    assert result.notes[-1] == "2 removed labels get no alias: a Hugo alias cannot answer 410"
    assert "'news' -> 'News': the same page /tags/news/, no alias" in result.notes


def test_blogger_aliases_on_a_hugo_site(tmp_path: Path) -> None:
    """Moving from Blogger to Hugo: the aliases are the old Blogger label pages."""
    result = hugo(tmp_path, site=Site.blogger)
    files = {item.path.relative_to(tmp_path).as_posix(): item.text for item in result.files}
    assert '  - "/search/label/Mongolia and US"\n' in files["mongolia-and-usa/_index.md"]
    assert '  - "/search/label/монгол улс"\n' in files["монгол-улс/_index.md"]


def test_a_second_run_changes_nothing(tmp_path: Path) -> None:
    first = hugo(tmp_path)
    write(first)
    second = hugo(tmp_path)
    assert second.files == ()
    assert second.unchanged == len(first.files)


YAML_PAGE = """---
# the editors' page for this tag
title: "Mongolia and USA"
aliases:
  - /old/usa/   # kept
description: >
  Relations between
  the two countries.
weight: 3

---
Body text, kept.
"""


def test_existing_yaml_front_matter_keeps_every_other_byte() -> None:
    text = add_aliases(YAML_PAGE, ["/tags/mongolia-and-us/", "/old/usa/"], title="x", name="p")
    assert text == YAML_PAGE.replace(
        "aliases:\n  - /old/usa/   # kept\n",
        'aliases:\n  - "/old/usa/"\n  - "/tags/mongolia-and-us/"\n',
    )
    assert add_aliases(text, ["/tags/mongolia-and-us/"], title="x", name="p") == text


def test_yaml_front_matter_without_aliases_gets_the_key_at_its_end() -> None:
    page = "---\r\ntitle: USA\r\ntags: [a]\r\n---\r\nBody\r\n"
    text = add_aliases(page, ["/tags/us/"], title="x", name="p")
    assert (
        text == '---\r\ntitle: USA\r\ntags: [a]\r\naliases:\r\n  - "/tags/us/"\r\n---\r\nBody\r\n'
    )


TOML_PAGE = """+++
title = "USA"
aliases = [
  "/old/usa/",  # kept
]

[params]
color = "red"
+++
Body
"""


def test_existing_toml_front_matter() -> None:
    text = add_aliases(TOML_PAGE, ["/tags/us/"], title="x", name="p")
    assert text == TOML_PAGE.replace(
        'aliases = [\n  "/old/usa/",  # kept\n]\n', 'aliases = ["/old/usa/", "/tags/us/"]\n'
    )
    page = '+++\ntitle = "USA"\n\n[params]\ncolor = "red"\n+++\n'
    assert add_aliases(page, ["/tags/us/"], title="x", name="p") == (
        '+++\ntitle = "USA"\n\naliases = ["/tags/us/"]\n[params]\ncolor = "red"\n+++\n'
    )


def test_a_file_without_front_matter_gets_one() -> None:
    assert add_aliases("Just text.\n", ["/a/"], title="A", name="p") == (
        '---\ntitle: "A"\naliases:\n  - "/a/"\n---\nJust text.\n'
    )


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ('{"title": "A"}\n', "JSON front matter is not supported"),
        ("---\ntitle: A\n", "the front matter has no closing ---"),
        ("---\ntitle: [A\n---\n", "the front matter is not valid YAML"),
        ("---\naliases: 3\n---\n", "'aliases' is not a list of paths"),
    ],
)
def test_front_matter_it_cannot_edit(page: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        add_aliases(page, ["/a/"], title="A", name="content/tags/a/_index.md")
    assert str(caught.value).startswith(f"content/tags/a/_index.md: {message}")


def test_hugo_needs_an_output_folder() -> None:
    with pytest.raises(UsageError) as caught:
        export(load_taxonomy(DATA / "escaping.yaml"), ExportFormat.hugo)
    assert "give the taxonomy's content folder with -o" in str(caught.value)


def test_a_slug_that_is_not_a_folder_is_skipped(tmp_path: Path) -> None:
    taxonomy = Taxonomy(
        concepts=(Concept("Up", aliases=("up!",), slug="../..", status=ACCEPTED),),
        removed=(Removal("Old", status=ACCEPTED),),
    )
    result = hugo(tmp_path, taxonomy)
    assert result.files == ()
    assert result.notes == (
        "'Up': its slug is not a folder name, no _index.md written",
        "1 removed label gets no alias: a Hugo alias cannot answer 410",
    )
