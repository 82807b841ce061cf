"""The dispatch layer of ``apply``: plan a source, diff it, write it, read the mapping."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from taxonomy.apply import (
    REWRITERS,
    FileChange,
    diff,
    plan,
    read_mapping,
    rewriter_for,
    summarize,
    write,
)
from taxonomy.errors import DocumentError, SourceError, UsageError
from taxonomy.mapping import LabelMap
from taxonomy.sources import SourceFormat, load

DATA = Path(__file__).resolve().parents[1] / "data"
HERE = DATA / "apply" / "plan"
GHOST = DATA / "ghost" / "handmade-ghost-export.json"
MAP = read_mapping(HERE / "taxonomy.yaml")
POSTS = ["first-post.md", "mapped.md", "notes/short.md", "notes/toml.md"]


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the fixture site, the current folder its parent (paths as in the goldens)."""
    shutil.copytree(HERE / "site", tmp_path / "site")
    monkeypatch.chdir(tmp_path)
    return Path("site")


def test_read_mapping_from_a_document_or_a_flat_file() -> None:
    assert dict(MAP.targets) == {
        "Python": ("python",),
        "py": ("python",),
        "static sites": ("static-sites", "web"),
        "Uncategorized": (),
    }
    suggested = read_mapping(HERE / "taxonomy.yaml", include_suggested=True)
    assert suggested.get("JS") == ("JavaScript",)
    flat = read_mapping(HERE / "mapping.yaml")
    assert dict(flat.targets) == {"Python": ("python",), "JS": ("JavaScript",), "Uncategorized": ()}


def test_read_mapping_errors(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no such file"):
        read_mapping(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("Python: [python\n", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"bad\.yaml:2: not a valid YAML mapping"):
        read_mapping(bad)


def test_plan_reads_every_post_of_a_folder(site: Path) -> None:
    changes = plan(site, MAP)
    assert [change.relative for change in changes] == POSTS
    assert [change.path for change in changes] == [site / post for post in POSTS]
    assert [(c.changed, c.posts, c.replaced) for c in changes] == [
        (True, 1, 3),
        (False, 0, 0),
        (True, 1, 1),
        (True, 1, 2),  # py replaced, then python removed: it would appear twice
    ]
    summary = summarize(changes)
    assert (summary.files, summary.posts, summary.replaced) == (3, 3, 6)
    assert all(change.old == (site / change.relative).read_bytes() for change in changes)


def test_diff_is_a_git_style_unified_diff(site: Path) -> None:
    text = diff(plan(site, MAP))
    assert text == (HERE / "site.diff").read_text(encoding="utf-8")
    assert "---\n\\ No newline at end of file\n" in text


def test_diff_marks_a_changed_last_line_without_newline() -> None:
    change = FileChange(Path("x.md"), b"a\nold", b"a\nnew", 1, 1)
    assert diff([change]) == (
        "--- a/x.md\n+++ b/x.md\n@@ -1,2 +1,2 @@\n a\n-old\n"
        "\\ No newline at end of file\n+new\n\\ No newline at end of file\n"
    )
    assert diff([FileChange(Path("y.md"), b"same", b"same")]) == ""


def test_write_in_place_keeps_a_backup_and_is_idempotent(site: Path) -> None:
    changes = plan(site, MAP)
    written = write(changes)
    assert written == [site / "first-post.md", site / "notes/short.md", site / "notes/toml.md"]
    for change in changes:
        assert (site / change.relative).read_bytes() == change.new
        backup = site / (change.relative + ".bak")
        assert backup.exists() == change.changed
        if change.changed:
            assert backup.read_bytes() == change.old
    again = plan(site, MAP)
    assert [change.relative for change in again] == POSTS  # .bak files are not posts
    assert not any(change.changed for change in again)


def test_write_without_backup(site: Path) -> None:
    write(plan(site, MAP), backup=False)
    assert not list(site.rglob("*.bak"))
    assert (site / "notes/short.md").read_bytes() == b"---\ntitle: Short\ntags: []\n---"


def test_write_a_folder_elsewhere_mirrors_every_post(site: Path) -> None:
    before = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    changes = plan(site, MAP)
    written = write(changes, output="out", folder=True)
    assert written == [Path("out") / post for post in POSTS]
    assert [(Path("out") / c.relative).read_bytes() for c in changes] == [c.new for c in changes]
    assert not Path("out/readme.txt").exists()
    assert {path: path.read_bytes() for path in site.rglob("*") if path.is_file()} == before


def test_write_one_file_elsewhere(tmp_path: Path) -> None:
    mapping = LabelMap({"Travel": ("Trips",)})
    changes = plan(GHOST, mapping)
    assert [change.relative for change in changes] == [GHOST.name]
    write(changes, output=tmp_path / "new.json")
    (tmp_path / "folder").mkdir()
    write(changes, output=tmp_path / "folder")
    for target in (tmp_path / "new.json", tmp_path / "folder" / GHOST.name):
        assert target.read_bytes() == changes[0].new
        assert "Trips" in [label.name for label in load(target).labels]


def test_every_format_apply_rewrites_has_a_rewriter() -> None:
    assert set(REWRITERS) == {
        SourceFormat.blogger,
        SourceFormat.wxr,
        SourceFormat.ghost,
        SourceFormat.markdown,
    }
    for fmt in REWRITERS:
        assert callable(rewriter_for(fmt))


def test_sources_apply_cannot_rewrite(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="apply rewrites blogger, ghost, markdown, wxr sources"):
        plan(DATA / "csv" / "quoted.csv", MAP)
    with pytest.raises(UsageError, match="not standard input"):
        plan("-", MAP)
    with pytest.raises(SourceError, match="no such file or directory"):
        plan(tmp_path / "missing", MAP)
    with pytest.raises(SourceError, match="a folder, not a ghost export"):
        plan(tmp_path, MAP, fmt="ghost")


def test_a_malformed_file_stops_the_plan(site: Path) -> None:
    (site / "notes" / "broken.md").write_text("---\ntags: [a\n---\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"^site/notes/broken\.md:2: malformed YAML"):
        plan(site, MAP)
