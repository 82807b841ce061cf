"""``taxonomy apply`` through the CLI: dry run, --write, -o, idempotence, errors.

Goldens are tests/data/apply/plan/*.diff; every test runs in a temporary folder holding copies
of the fixtures, so that the paths in the outputs are short and nothing in tests/ is written.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from taxonomy.cli import app
from taxonomy.cli.apply import ApplyFormat
from taxonomy.sources import load

DATA = Path(__file__).resolve().parents[1] / "data"
HERE = DATA / "apply" / "plan"
runner = CliRunner(env={"COLUMNS": "100", "FORCE_COLOR": None, "NO_COLOR": "1"})
DRY = "(dry run: nothing written; --write to change the files)\n"


@pytest.fixture(autouse=True)
def _fixtures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(HERE / "site", tmp_path / "site")
    for name in ("taxonomy.yaml", "mapping.yaml"):
        shutil.copy(HERE / name, tmp_path / name)
    shutil.copy(DATA / "ghost" / "handmade-ghost-export.json", tmp_path / "export.json")
    shutil.copy(DATA / "apply" / "ghost" / "mapping.yaml", tmp_path / "ghost-map.yaml")
    monkeypatch.chdir(tmp_path)


def snapshot() -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(Path().rglob("*")) if p.is_file()}


def test_dry_run_prints_the_diff_and_a_summary() -> None:
    before = snapshot()
    result = runner.invoke(app, ["apply", "taxonomy.yaml", "site"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (HERE / "site.diff").read_text(encoding="utf-8")
    assert result.stderr == "3 files, 3 posts changed, 6 labels replaced " + DRY
    assert snapshot() == before


def test_dry_run_of_a_ghost_export() -> None:
    result = runner.invoke(app, ["apply", "ghost-map.yaml", "export.json"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (HERE / "ghost.diff").read_text(encoding="utf-8")
    assert result.stderr == "1 file, 4 posts changed, 6 labels replaced " + DRY


def test_the_mapping_defaults_to_taxonomy_yaml_here() -> None:
    result = runner.invoke(app, ["apply", "site"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (HERE / "site.diff").read_text(encoding="utf-8")


def test_include_suggested_and_a_flat_mapping() -> None:
    suggested = runner.invoke(app, ["apply", "taxonomy.yaml", "site", "--include-suggested"])
    assert "+tags: [python, JavaScript, static-sites, web]\n" in suggested.stdout
    flat = runner.invoke(app, ["apply", "mapping.yaml", "site", "-f", "none"])
    assert flat.stdout == ""
    assert flat.stderr == "2 files, 2 posts changed, 4 labels replaced " + DRY


def test_json_report() -> None:
    result = runner.invoke(app, ["apply", "taxonomy.yaml", "site", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "source": "site",
        "mapping": "taxonomy.yaml",
        "dry_run": True,
        "files": 3,
        "posts": 3,
        "replaced": 6,
        "changes": [
            {"path": "site/first-post.md", "posts": 1, "replaced": 3},
            {"path": "site/notes/short.md", "posts": 1, "replaced": 1},
            {"path": "site/notes/toml.md", "posts": 1, "replaced": 2},
        ],
        "written": [],
    }


def test_write_in_place_then_nothing_to_change() -> None:
    old = (Path("site") / "first-post.md").read_bytes()
    result = runner.invoke(app, ["apply", "taxonomy.yaml", "site", "--write"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == (
        "3 files, 3 posts changed, 6 labels replaced (written in place, old files kept as "
        "NAME.bak)\n"
    )
    assert (Path("site") / "first-post.md.bak").read_bytes() == old
    assert sorted(str(p) for p in Path("site").rglob("*.bak")) == [
        "site/first-post.md.bak",
        "site/notes/short.md.bak",
        "site/notes/toml.md.bak",
    ]
    posts = load(Path("site")).posts or ()
    assert [post.labels for post in posts] == [
        ("python", "JS", "static-sites", "web", "notes"),
        ("python", "JavaScript"),
        (),
        ("python",),
    ]
    before = snapshot()
    again = runner.invoke(app, ["apply", "taxonomy.yaml", "site", "--write"])
    assert again.exit_code == 0, again.output
    assert (again.stdout, again.stderr) == ("", "nothing to change (4 files read)\n")
    assert snapshot() == before


def test_write_without_backup_and_a_diff() -> None:
    result = runner.invoke(
        app, ["apply", "ghost-map.yaml", "export.json", "--write", "--no-backup", "-f", "diff"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (HERE / "ghost.diff").read_text(encoding="utf-8")
    assert result.stderr.endswith("(written in place, no backups)\n")
    assert not Path("export.json.bak").exists()
    assert "Trips" in [label.name for label in load(Path("export.json")).labels]


def test_output_elsewhere() -> None:
    before = snapshot()
    result = runner.invoke(app, ["apply", "taxonomy.yaml", "site", "-o", "out"])
    assert result.exit_code == 0, result.output
    assert result.stderr == "3 files, 3 posts changed, 6 labels replaced (4 files written to out)\n"
    assert sorted(str(p) for p in Path("out").rglob("*") if p.is_file()) == [
        "out/first-post.md",
        "out/mapped.md",
        "out/notes/short.md",
        "out/notes/toml.md",
    ]
    assert Path("out/notes/short.md").read_bytes() == b"---\ntitle: Short\ntags: []\n---"
    one = runner.invoke(app, ["apply", "ghost-map.yaml", "export.json", "--output", "new.json"])
    assert one.exit_code == 0, one.output
    assert one.stderr.endswith("(1 file written to new.json)\n")
    assert {k: v for k, v in snapshot().items() if not k.startswith(("out/", "new"))} == before


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["apply"], "Error: missing SOURCE: taxonomy apply [FILE|MAPPING] SOURCE\n"),
        (
            ["apply", "taxonomy.yaml", "site", "--write", "-o", "out"],
            "Error: --write changes the files in place, -o writes elsewhere: choose one\n",
        ),
        (
            ["apply", "taxonomy.yaml", "site/../mapping.yaml", "--from", "csv"],
            "Error: apply rewrites blogger, ghost, markdown, wxr sources, not csv\n",
        ),
    ],
)
def test_usage_errors_exit_2(arguments: list[str], message: str) -> None:
    before = snapshot()
    result = runner.invoke(app, arguments)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    assert snapshot() == before


def test_bad_inputs_exit_3_in_one_line_and_write_nothing() -> None:
    Path("bad-map.yaml").write_text("Python: [python\n", encoding="utf-8")
    Path("broken.json").write_text('{"tags": [{"id": 1,, "name": "x"}]}\n', encoding="utf-8")
    Path("site/notes/broken.md").write_text("+++\ntags = [\n+++\n", encoding="utf-8")
    before = snapshot()
    cases = {
        ("taxonomy.yaml", "missing"): "Error: missing: no such file or directory\n",
        ("nope.yaml", "site"): "Error: nope.yaml: no such file\n",
        ("bad-map.yaml", "export.json"): "Error: bad-map.yaml:2: not a valid YAML mapping: ",
        ("taxonomy.yaml", "broken.json"): "Error: broken.json:1: invalid JSON: Expecting ",
        ("taxonomy.yaml", "site"): "Error: site/notes/broken.md:2: malformed TOML front matter",
    }
    for (mapping, source), message in cases.items():
        result = runner.invoke(app, ["apply", mapping, source, "--write"])
        assert result.exit_code == 3, result.output
        assert result.stdout == ""
        assert result.stderr.startswith(message) and result.stderr.count("\n") == 1
    assert snapshot() == before


def test_no_taxonomy_yaml_here() -> None:
    Path("taxonomy.yaml").unlink()
    result = runner.invoke(app, ["apply", "site"])
    assert result.exit_code == 3
    assert result.stderr == (
        "Error: no taxonomy.yaml in this folder: name the mapping, "
        "'taxonomy apply MAPPING SOURCE'\n"
    )


def test_a_mapping_that_maps_nothing_says_so() -> None:
    Path("empty.yaml").write_text("{}  # nothing decided yet\n", encoding="utf-8")
    result = runner.invoke(app, ["apply", "empty.yaml", "site"])
    assert result.exit_code == 0
    assert result.stderr == (
        "note: the mapping changes no label (from a taxonomy document, only accepted "
        "decisions count unless --include-suggested)\nnothing to change (4 files read)\n"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # an empty file is a mistake (an interrupted redirect, the wrong file), not "no change"
        (b"# nothing decided yet\n", "Error: m.yaml: empty: expected a taxonomy document or a "),
        (b"\xff\xfe", "Error: m.yaml:1: not UTF-8 text (byte 0xff)\n"),
        (b"- Python\n", "Error: m.yaml:1: a mapping file must map old labels to new ones "),
        # a version number makes it a document, read as one (not as the label 'taxonomy')
        (b"taxonomy: 1\n", "Error: m.yaml:1: missing 'concepts:'"),
    ],
)
def test_a_mapping_that_is_no_mapping_exits_3(content: bytes, message: str) -> None:
    Path("m.yaml").write_bytes(content)
    before = snapshot()
    result = runner.invoke(app, ["apply", "m.yaml", "site", "--write"])
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1
    assert snapshot() == before


def test_a_folder_as_the_mapping() -> None:
    result = runner.invoke(app, ["apply", "site", "site"])
    assert (result.exit_code, result.stderr) == (
        3,
        "Error: site: is a folder, not a mapping file\n",
    )


def test_a_read_only_output_is_refused_and_kept(tmp_path: Path) -> None:
    Path("new.json").write_text("keep\n", encoding="utf-8")
    Path("new.json").chmod(0o444)
    result = runner.invoke(app, ["apply", "ghost-map.yaml", "export.json", "-o", "new.json"])
    assert (result.exit_code, result.stderr) == (
        3,
        "Error: new.json: read-only file: not changed\n",
    )
    assert Path("new.json").read_text(encoding="utf-8") == "keep\n"


def test_every_format_choice_is_handled() -> None:
    for fmt in ApplyFormat:
        result = runner.invoke(app, ["apply", "taxonomy.yaml", "site", "-f", fmt.value])
        assert result.exit_code == 0, result.output
        assert bool(result.stdout) == (fmt is not ApplyFormat.none)


@pytest.mark.parametrize(
    "export",
    [
        DATA / "blogger" / "google-blogger-sample.xml",
        DATA / "wordpress" / "google-wordpress-sample.wxr",
    ],
    ids=["blogger", "wxr"],
)
def test_xml_exports_through_the_cli(export: Path) -> None:
    """Blogger and WordPress exports are detected and rewritten by their own modules."""
    shutil.copy(export, export.name)
    Path("xml-map.yaml").write_text(
        "wordpress2blogger: [WordPress, Blogger]\nNewTag: DataPortability\n", encoding="utf-8"
    )
    old = load(Path(export.name)).posts or ()
    assert len(old) == 3
    result = runner.invoke(app, ["apply", "xml-map.yaml", export.name, "--write"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("1 file, 2 posts changed, 3 labels replaced")
    mapping = {"wordpress2blogger": ("WordPress", "Blogger"), "NewTag": ("DataPortability",)}
    new = load(Path(export.name)).posts or ()
    expected = [
        tuple(dict.fromkeys(x for label in post.labels for x in mapping.get(label, (label,))))
        for post in old
    ]
    assert [post.labels for post in new] == expected
    again = runner.invoke(app, ["apply", "xml-map.yaml", export.name])
    assert (again.stdout, again.stderr) == ("", "nothing to change (1 file read)\n")
