"""``taxonomy export`` through the CLI: output streams, files, exit codes, and the whole path
from the bundled data (suggest, accept a few, export)."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from taxonomy.cli import app
from taxonomy.document import Document
from taxonomy.model import ACCEPTED, Concept, Taxonomy

DATA = Path(__file__).resolve().parent.parent / "data" / "export"
runner = CliRunner(env={"COLUMNS": "200", "FORCE_COLOR": None, "NO_COLOR": "1"})


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(DATA / "escaping.yaml", tmp_path / "taxonomy.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_yaml_to_stdout_summary_to_stderr(here: Path) -> None:
    result = runner.invoke(app, ["export"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (DATA / "golden" / "mapping.yaml").read_text(encoding="utf-8")
    assert result.stderr == "17 labels mapped: 14 merged, 1 split, 2 removed\n"


def test_output_file_is_written(here: Path) -> None:
    result = runner.invoke(app, ["export", "--to", "json", "-o", "map.json"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "17 labels mapped: 14 merged, 1 split, 2 removed; wrote map.json\n"
    expected = (DATA / "golden" / "mapping.json").read_text(encoding="utf-8")
    assert (here / "map.json").read_text(encoding="utf-8") == expected
    assert [p.name for p in here.iterdir() if p.name.startswith(".")] == []  # no temp file left


def test_notes_go_to_stderr(here: Path) -> None:
    result = runner.invoke(app, ["export", "--to", "netlify", "--site", "wordpress"])
    assert result.exit_code == 0
    assert "note: 'news' -> 'News': the same page /tag/news/, no redirect\n" in result.stderr
    assert "/tag/mongolia-and-us/ /tag/mongolia-and-usa/ 301\n" in result.stdout


def test_hugo_writes_files_and_is_idempotent(here: Path) -> None:
    result = runner.invoke(app, ["export", "--to", "hugo", "-o", "content/tags"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.endswith(
        "17 labels mapped: 14 merged, 1 split, 2 removed; 0 files updated, 8 new, "
        "0 already up to date in content/tags\n"
    )
    page = here / "content" / "tags" / "mongolia-and-usa" / "_index.md"
    assert page.read_text(encoding="utf-8") == (
        '---\ntitle: "Mongolia and USA"\naliases:\n  - "/tags/mongolia-and-us/"\n---\n'
    )
    again = runner.invoke(app, ["export", "--to", "hugo", "-o", "content/tags"])
    assert again.stderr.endswith("0 files updated, 0 new, 8 already up to date in content/tags\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--to", "hugo"],
            "Error: hugo writes one _index.md per term: give the taxonomy's content folder "
            "with -o (e.g. -o content/tags)\n",
        ),
        (
            ["--to", "nginx", "--url-pattern", "/t/"],
            "Error: --url-pattern '/t/': give a path starting with '/' with {label} or {slug} "
            "in it, e.g. '/topics/{slug}/'\n",
        ),
        (["-o", "."], "Error: -o .: is a folder; name a file\n"),
    ],
)
def test_usage_errors_exit_2(here: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["export", *args])
    assert result.exit_code == 2
    assert result.stderr == message
    assert result.stdout == ""


def test_output_into_a_missing_folder_creates_it(here: Path) -> None:
    """As README's `taxonomy export --to netlify -o public/_redirects` from a fresh clone."""
    result = runner.invoke(app, ["export", "--to", "netlify", "-o", "public/_redirects"])
    assert result.exit_code == 0, result.output
    assert result.stderr.endswith("; wrote public/_redirects\n")
    assert "/search/label/Mongolia%20and%20US " in (here / "public" / "_redirects").read_text()


def test_hugo_into_a_file_is_a_usage_error(here: Path) -> None:
    (here / "tags").write_text("a file\n", encoding="utf-8")
    result = runner.invoke(app, ["export", "--to", "hugo", "-o", "tags"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "Error: -o tags: is a file; --to hugo writes into a folder (content/tags)\n"
    )  # was: "tags/<slug>/_index.md: cannot read it to add aliases: [Errno 20] Not a directory"


def test_hugo_page_that_is_not_utf8(here: Path) -> None:
    page = here / "tags" / "mongolia-and-usa" / "_index.md"
    page.parent.mkdir(parents=True)
    page.write_bytes(b"---\ntitle: \xe9\n---\n")
    result = runner.invoke(app, ["export", "--to", "hugo", "-o", "tags"])
    assert (result.exit_code, result.stderr) == (
        3,
        f"Error: {Path('tags/mongolia-and-usa/_index.md')}: not UTF-8 text (byte 0xe9): "
        "cannot add aliases to it\n",
    )
    assert page.read_bytes() == b"---\ntitle: \xe9\n---\n"


def test_hugo_folder_that_cannot_be_made(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", refuse)  # a read-only parent folder, even for root
    result = runner.invoke(app, ["export", "--to", "hugo", "-o", "content/tags"])
    assert result.exit_code == 3  # was 4: "Internal error: PermissionError"
    last = result.stderr.splitlines()[-1]  # after the notes about the fixture's labels
    assert last.startswith("Error: content/tags/")
    assert last.endswith(": cannot create the folder: Permission denied")


def test_read_only_output_is_refused(here: Path) -> None:
    (here / "map.yaml").write_text("keep\n", encoding="utf-8")
    (here / "map.yaml").chmod(0o444)
    result = runner.invoke(app, ["export", "-o", "map.yaml"])
    assert (result.exit_code, result.stderr) == (
        3,
        "Error: map.yaml: read-only file: not changed\n",
    )
    assert (here / "map.yaml").read_text(encoding="utf-8") == "keep\n"


def test_output_over_the_document_is_refused(here: Path) -> None:
    """`export -o taxonomy.yaml` replaced the document with its mapping, with no backup."""
    before = (here / "taxonomy.yaml").read_bytes()
    result = runner.invoke(app, ["export", "-o", "./taxonomy.yaml"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "Error: -o taxonomy.yaml: is the taxonomy document being exported; name another file\n"
    )
    assert (here / "taxonomy.yaml").read_bytes() == before


def test_no_document_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["export"])
    assert result.exit_code == 3
    assert result.stderr == (
        "Error: no taxonomy.yaml in this folder: create one with "
        "'taxonomy suggest -o taxonomy.yaml', or name the file\n"
    )


def test_nothing_decided(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("t.yaml").write_text(
        "taxonomy: 1\nconcepts:\n  - label: A\n    aliases: [a]\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["export", "t.yaml", "--to", "nginx"])
    assert result.exit_code == 0
    assert "map $uri $taxonomy_redirect {\n}\nmap $uri $taxonomy_gone {\n}\n" in result.stdout
    assert result.stderr == (
        "0 labels mapped: 0 merged, 0 split, 0 removed\n"
        "note: no decided change in t.yaml: accept concepts, splits or removals first, or "
        "export with --include-suggested\n"
    )
    suggested = runner.invoke(app, ["export", "t.yaml", "--include-suggested"])
    assert suggested.stdout == "a: A\n"


def _accept(taxonomy: Taxonomy, labels: set[str]) -> Taxonomy:
    def walk(concept: Concept) -> Concept:
        children = tuple(walk(child) for child in concept.children)
        status = ACCEPTED if concept.label in labels else concept.status
        return dataclasses.replace(concept, status=status, children=children)

    splits = tuple(dataclasses.replace(s, status=ACCEPTED) for s in taxonomy.splits)
    return dataclasses.replace(
        taxonomy, concepts=tuple(walk(c) for c in taxonomy.concepts), splits=splits
    )


def test_from_the_bundled_data_to_redirects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """suggest, accept three merges and the split, export: the map and the redirects."""
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["suggest", "-o", "taxonomy.yaml"]).exit_code == 0
    document = Document.read("taxonomy.yaml")
    wanted = {"Mongolia and USA", "Mongolia and Hong Kong", "Mongolia and India"}
    document.sync(_accept(document.taxonomy, wanted))
    document.save()

    mapping = runner.invoke(app, ["export"])
    assert mapping.exit_code == 0, mapping.output
    assert yaml.safe_load(mapping.stdout) == {
        "Mongolia and Hongkong": "Mongolia and Hong Kong",
        "Mongolia and Ind": "Mongolia and India",
        "Mongolia and Russia and Mongolia and China": ["Mongolia and Russia", "Mongolia and China"],
        "Mongolia and US": "Mongolia and USA",
    }
    assert mapping.stderr == "4 labels mapped: 3 merged, 1 split, 0 removed\n"

    nginx = runner.invoke(
        app, ["export", "--to", "nginx", "--base-url", "https://mongolianviews.blogspot.com"]
    )
    assert (
        '    "/search/label/Mongolia and US" '
        '"https://mongolianviews.blogspot.com/search/label/Mongolia%20and%20USA";\n'
    ) in nginx.stdout
    netlify = runner.invoke(app, ["export", "--to", "netlify"])
    assert (
        "/search/label/Mongolia%20and%20Ind /search/label/Mongolia%20and%20India 301\n"
        in netlify.stdout
    )
