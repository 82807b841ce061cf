"""taxonomy.yaml <-> the model: reading, structural errors, byte-exact rewrites, atomic saves.

The golden files under tests/data/document/sync/ are the fixture commented.yaml after one
change each (the functions in SYNC_CASES); each must differ from the fixture only there. The
documents under tests/data/document/readers/ say on their first line whether the fast read-only
path (taxonomy._doc_fast) vouches for them; whatever it says, ``load_taxonomy`` must read every
document as ruamel.yaml does (``Document.read``), lines and error messages included.
"""

from __future__ import annotations

import dataclasses
import os
import re
import stat
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taxonomy import _doc_fast
from taxonomy._doc_fast import Unsure, tree
from taxonomy._doc_schema import Reader
from taxonomy.document import HEADER, Document, dumps, load_taxonomy
from taxonomy.errors import DocumentError
from taxonomy.model import (
    ACCEPTED,
    STATUSES,
    SUGGESTED,
    Concept,
    Distinct,
    Removal,
    SplitDecision,
    Taxonomy,
)

DATA = Path(__file__).parent / "data" / "document"
FIXTURE = DATA / "commented.yaml"


def read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


# -- reading --------------------------------------------------------------------------------


def test_load_reads_every_field_with_lines() -> None:
    taxonomy = load_taxonomy(FIXTURE)
    assert taxonomy.version == 1
    assert taxonomy.source == "data/mongolianviews-labels.txt"
    countries, mining, sumo = taxonomy.concepts
    assert countries == Concept(
        label="Mongolia and … (countries)",
        generated=True,
        status=SUGGESTED,
        why="41 labels follow 'Mongolia and {country}'",
        children=countries.children,
    )
    assert countries.line == 8
    usa = countries.children[0]
    assert (usa.label, usa.aliases, usa.status, usa.placement, usa.line) == (
        "Mongolia and USA",
        ("Mongolia and US",),
        ACCEPTED,
        SUGGESTED,
        14,
    )
    assert usa.why == "'US' and 'USA' name the same entity (100)"
    cuba = countries.children[2]
    assert (cuba.aliases, cuba.placement) == (("Mongolian and Cuba",), ACCEPTED)
    assert [c.label for c in countries.children] == [
        "Mongolia and USA",
        "Mongolia and India",
        "Mongolia and Cuba",
        "Mongolia and Russia",
        "Mongolia and China",
    ]
    assert mining.description == "Mines, licences and the companies\nthat run them.\n"
    assert mining.placement is None
    developments = mining.children[0]
    assert developments.slug == "mining-developments"
    assert sumo == Concept("Mongolia Sumo", aliases=("Mongolian Sumo",), status=ACCEPTED)
    assert taxonomy.distinct == (
        Distinct("Mongolia and India", "Mongolia and Indonesia"),
        Distinct("Mongolia and IFC", "Mongolia and IMF"),
    )
    assert [d.line for d in taxonomy.distinct] == [53, 55]
    assert taxonomy.splits == (
        SplitDecision(
            "Mongolia and Russia and Mongolia and China",
            ("Mongolia and Russia", "Mongolia and China"),
        ),
    )
    assert taxonomy.splits[0].line == 57
    assert taxonomy.removed == (Removal("Moninfo", ACCEPTED),)
    assert taxonomy.removed[0].line == 61


def test_document_reads_the_same_model() -> None:
    assert Document.read(FIXTURE).taxonomy == load_taxonomy(FIXTURE)


def test_empty_values_count_as_absent(tmp_path: Path) -> None:
    path = write(
        tmp_path / "t.yaml",
        "taxonomy: 1\nconcepts:\n  - label: Culture\n    aliases:\n    slug:\n    children:\n"
        "distinct:\n",
    )
    assert load_taxonomy(path) == Taxonomy(concepts=(Concept("Culture"),))


ERROR_CASES = sorted((DATA / "errors").glob("*.yaml"))


@pytest.mark.parametrize("path", ERROR_CASES, ids=[p.stem for p in ERROR_CASES])
def test_structural_error_names_the_line(path: Path) -> None:
    expected = re.fullmatch(rb"# expect: (\d+): (.*)", path.read_bytes().split(b"\n")[0])
    assert expected is not None
    for read in (load_taxonomy, Document.read):
        with pytest.raises(DocumentError) as caught:
            read(path)
        assert (caught.value.line, caught.value.message) == (
            int(expected[1]),
            expected[2].decode(),
        )
        assert str(caught.value).startswith(f"{path}:{int(expected[1])}: ")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as caught:
        load_taxonomy(tmp_path / "none.yaml")
    assert str(caught.value) == f"{tmp_path / 'none.yaml'}: no such file"
    with pytest.raises(DocumentError) as caught:
        Document.read(tmp_path)
    assert str(caught.value) == f"{tmp_path}: is a folder, not a taxonomy document"


# -- rewriting ------------------------------------------------------------------------------


def test_sync_with_the_same_model_is_byte_identical() -> None:
    document = Document.read(FIXTURE)
    document.sync(document.taxonomy)
    assert document.text() == read_text(FIXTURE)


def _replace_concept(taxonomy: Taxonomy, which: str, **changes: object) -> Taxonomy:
    def replace(concepts: tuple[Concept, ...]) -> tuple[Concept, ...]:
        return tuple(
            dataclasses.replace(c, **changes)
            if c.label == which
            else dataclasses.replace(c, children=replace(c.children))
            for c in concepts
        )

    return dataclasses.replace(taxonomy, concepts=replace(taxonomy.concepts))


def _find(taxonomy: Taxonomy, label: str) -> Concept:
    return next(c for c in taxonomy.walk() if c.label == label)


def add_aliases(t: Taxonomy) -> Taxonomy:
    """A flow list and a block list (whose item comment stays) each get a new alias."""
    t = _replace_concept(t, "Mongolia and USA", aliases=("Mongolia and US", "United States"))
    return _replace_concept(t, "Mongolia and Cuba", aliases=("Mongolian and Cuba", "Cuba"))


def add_concepts(t: Taxonomy) -> Taxonomy:
    """A new top-level concept (appended, before the end comment) and a new child."""
    new = Concept("Mongolia Health", aliases=("Mongolia medical",), why="'medical' ~ 'health'")
    mining = t.concepts[1]
    child = Concept("Rio Tinto", placement=SUGGESTED)
    mining = dataclasses.replace(mining, children=(*mining.children, child))
    return dataclasses.replace(t, concepts=(t.concepts[0], mining, t.concepts[2], new))


def move_child(t: Taxonomy) -> Taxonomy:
    """The first child moves to the top: its comment comes along, re-indented."""
    usa = _find(t, "Mongolia and USA")
    countries = t.concepts[0]
    countries = dataclasses.replace(countries, children=countries.children[1:])
    top = dataclasses.replace(usa, placement=None)
    return dataclasses.replace(t, concepts=(countries, top, *t.concepts[1:]))


def remove_concept(t: Taxonomy) -> Taxonomy:
    """A concept and its child go, with the comment right above; the blank line stays."""
    return dataclasses.replace(t, concepts=(t.concepts[0], t.concepts[2]))


def change_status(t: Taxonomy) -> Taxonomy:
    """Decisions: status and placement change in place; an accepted merge drops its 'why'."""
    t = _replace_concept(t, "Mongolia and … (countries)", status=ACCEPTED)
    t = _replace_concept(t, "Mongolia and USA", placement=ACCEPTED, why=None)
    return _replace_concept(t, "Mongolia Mining Developments", status=ACCEPTED)


def rename(t: Taxonomy) -> Taxonomy:
    """A concept whose old label becomes an alias keeps its node (and quoting style)."""
    return _replace_concept(t, "Mongolia Sumo", label="Mongolian Sumo", aliases=("Mongolia Sumo",))


def decisions(t: Taxonomy) -> Taxonomy:
    """A distinct pair goes (with its comment), one is added; the split goes; one more removal."""
    return dataclasses.replace(
        t,
        distinct=(t.distinct[0], Distinct("Mongolia and UK", "Mongolia and UN")),
        splits=(),
        removed=(*t.removed, Removal("Mongolia Joke", why="not a category")),
    )


SYNC_CASES = [add_aliases, add_concepts, move_child, remove_concept, change_status, rename]
SYNC_CASES += [decisions]


@pytest.mark.parametrize("change", SYNC_CASES, ids=[f.__name__ for f in SYNC_CASES])
def test_sync_changes_only_what_changed(change: object, tmp_path: Path) -> None:
    assert callable(change)
    golden = DATA / "sync" / f"{change.__name__.replace('_', '-')}.yaml"
    document = Document.read(FIXTURE)
    new = change(document.taxonomy)
    document.sync(new)
    assert document.taxonomy == new
    assert document.text() == read_text(golden)
    assert load_taxonomy(golden) == new
    again = Document.read(golden)
    again.sync(new)
    assert again.text() == read_text(golden)


def test_a_parent_and_its_child_swap_levels(tmp_path: Path) -> None:
    """Comments inside a moved concept are re-indented once, even when a child moves again."""
    text = (
        "taxonomy: 1\nconcepts:\n  - label: A\n    status: accepted      # a\n  # about P\n"
        "  - label: P\n    status: accepted      # p\n    children:\n      # about C\n"
        "      - label: C\n        status: accepted  # c\n        placement: accepted\n"
        "        # end of C\n"
    )
    document = Document.read(write(tmp_path / "t.yaml", text))
    a, p = document.taxonomy.concepts
    p_under_a = dataclasses.replace(p, children=(), placement=ACCEPTED)
    c_at_top = dataclasses.replace(p.children[0], placement=None)
    document.sync(Taxonomy(concepts=(dataclasses.replace(a, children=(p_under_a,)), c_at_top)))
    assert document.text() == (
        "taxonomy: 1\nconcepts:\n  - label: A\n    status: accepted      # a\n    children:\n"
        "      # about P\n      - label: P\n        status: accepted      # p\n"
        "        placement: accepted\n  # about C\n  - label: C\n    status: accepted  # c\n"
        "    # end of C\n"
    )


def test_sync_from_scratch_writes_the_standard_layout() -> None:
    taxonomy = load_taxonomy(FIXTURE)
    assert dumps(taxonomy) == read_text(DATA / "standard.yaml")
    assert load_taxonomy(DATA / "standard.yaml") == taxonomy


def test_dumps_of_an_empty_taxonomy() -> None:
    assert dumps(Taxonomy()) == f"# {HEADER}\ntaxonomy: 1\nconcepts: []\n"
    assert Document.new(Taxonomy(), header_comment=None).text() == "taxonomy: 1\nconcepts: []\n"


def test_flush_lists_keep_their_indentation(tmp_path: Path) -> None:
    text = "taxonomy: 1\nconcepts:\n- label: Culture\n  status: accepted\n  children:\n"
    text += "  - label: Mongolian Songs\n    status: suggested\n    placement: suggested\n"
    document = Document.read(write(tmp_path / "t.yaml", text))
    document.sync(document.taxonomy)
    assert document.text() == text
    culture = document.taxonomy.concepts[0]
    child = Concept("Mongolian Movie", placement=SUGGESTED)
    culture = dataclasses.replace(culture, children=(*culture.children, child))
    document.sync(Taxonomy(concepts=(culture,)))
    assert document.text() == text + (
        "  - label: Mongolian Movie\n    status: suggested\n    placement: suggested\n"
    )


def test_a_comment_ruamel_would_drop_is_kept(tmp_path: Path) -> None:
    """ruamel.yaml loses a comment line above '---': it comes back, after the marker."""
    text = "# Mongolianviews\n---\ntaxonomy: 1\nconcepts: []\n"
    document = Document.read(write(tmp_path / "t.yaml", text))
    assert document.text() == "---\n# Mongolianviews\ntaxonomy: 1\nconcepts: []\n"


def test_windows_line_ends_and_byte_order_mark_survive(tmp_path: Path) -> None:
    original = "\ufefftaxonomy: 1   # v\r\nconcepts:\r\n  - label: Culture\r\n"
    path = tmp_path / "t.yaml"
    path.write_bytes(original.encode("utf-8"))
    document = Document.read(path)
    document.sync(Taxonomy(concepts=(Concept("Culture", status=ACCEPTED),)))
    document.save(backup=False)
    assert path.read_bytes().decode("utf-8") == (
        "\ufefftaxonomy: 1   # v\r\nconcepts:\r\n  - label: Culture\r\n    status: accepted\r\n"
    )


# -- saving ---------------------------------------------------------------------------------


def test_save_is_atomic_and_keeps_a_backup(tmp_path: Path) -> None:
    path = write(tmp_path / "taxonomy.yaml", read_text(FIXTURE))
    path.chmod(0o640)
    document = Document.read(path)
    document.sync(change_status(document.taxonomy))
    assert document.save() == path.resolve()
    assert read_text(path) == read_text(DATA / "sync" / "change-status.yaml")
    assert read_text(tmp_path / "taxonomy.yaml.bak") == read_text(FIXTURE)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taxonomy.yaml", "taxonomy.yaml.bak"]


def test_save_without_backup_and_to_another_path(tmp_path: Path) -> None:
    document = Document.new(Taxonomy(concepts=(Concept("Culture"),)))
    with pytest.raises(DocumentError, match="no file to save to"):
        document.save()
    target = tmp_path / "new.yaml"
    document.save(target, backup=False)
    assert read_text(target) == (
        f"# {HEADER}\ntaxonomy: 1\nconcepts:\n  - label: Culture\n    status: suggested\n"
    )
    document.save(backup=False)
    assert [p.name for p in tmp_path.iterdir()] == ["new.yaml"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~_umask()
    with pytest.raises(DocumentError) as caught:
        document.save(tmp_path / "no" / "such" / "folder.yaml")
    assert str(caught.value) == (
        f"{tmp_path / 'no' / 'such' / 'folder.yaml'}: cannot write: No such file or directory"
    )


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_failed_save_leaves_the_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "taxonomy.yaml", read_text(FIXTURE))
    document = Document.read(path)
    document.sync(remove_concept(document.taxonomy))

    def fail(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(DocumentError) as caught:
        document.save()
    assert str(caught.value) == f"{path.resolve()}: cannot write: No space left on device"
    assert read_text(path) == read_text(FIXTURE)
    assert read_text(tmp_path / "taxonomy.yaml.bak") == read_text(FIXTURE)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taxonomy.yaml", "taxonomy.yaml.bak"]


def test_save_through_a_symlink_writes_the_target(tmp_path: Path) -> None:
    real = write(tmp_path / "real.yaml", "taxonomy: 1\nconcepts: []\n")
    link = tmp_path / "taxonomy.yaml"
    link.symlink_to(real)
    document = Document.read(link)
    document.sync(Taxonomy(concepts=(Concept("Opinion"),)))
    document.save(backup=False)
    assert link.is_symlink()
    assert load_taxonomy(real) == Taxonomy(concepts=(Concept("Opinion"),))


# -- properties -----------------------------------------------------------------------------

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=10)
STATUS = st.sampled_from(STATUSES)


def _concepts(labels: st.SearchStrategy[str], depth: int) -> st.SearchStrategy[Concept]:
    leaf = st.builds(
        Concept,
        label=labels,
        aliases=st.lists(labels, max_size=3).map(tuple),
        status=STATUS,
        slug=st.none() | labels,
        description=st.none() | TEXT,
        placement=STATUS if depth else st.none(),
        why=st.none() | TEXT,
        generated=st.booleans(),
    )
    if depth == 2:
        return leaf
    children = st.lists(_concepts(labels, depth + 1), max_size=3).map(tuple)
    return st.builds(lambda c, kids: dataclasses.replace(c, children=kids), leaf, children)


def taxonomies(labels: st.SearchStrategy[str]) -> st.SearchStrategy[Taxonomy]:
    return st.builds(
        Taxonomy,
        concepts=st.lists(_concepts(labels, 0), max_size=3).map(tuple),
        distinct=st.lists(st.builds(Distinct, labels, labels), max_size=2).map(tuple),
        splits=st.lists(
            st.builds(SplitDecision, labels, st.lists(labels, max_size=3).map(tuple), STATUS, TEXT),
            max_size=2,
        ).map(tuple),
        removed=st.lists(st.builds(Removal, labels, STATUS, st.none() | TEXT), max_size=2).map(
            tuple
        ),
        source=st.none() | TEXT,
    )


PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(taxonomies(TEXT))
def test_load_of_dumps_is_the_model(taxonomy: Taxonomy) -> None:
    document = Document.new(Taxonomy())
    document.sync(taxonomy)
    with tempfile.TemporaryDirectory() as folder:
        target = document.save(Path(folder) / "taxonomy.yaml", backup=False)
        assert read_text(target) == dumps(taxonomy)
        assert load_taxonomy(target) == taxonomy


SMALL = st.sampled_from(["Culture", "Opinion", "culture", "Mongolia Sumo", "Mongolian Sumo"])


@PROPERTY
@given(taxonomies(SMALL), taxonomies(SMALL))
def test_sync_from_any_model_to_any_model(before: Taxonomy, after: Taxonomy) -> None:
    """Labels repeat on purpose (moves, renames, duplicates); comments must not break it."""
    document = Document.read(FIXTURE)
    document.sync(before)
    document.sync(after)
    assert document.taxonomy == after
    with tempfile.TemporaryDirectory() as folder:
        target = document.save(Path(folder) / "taxonomy.yaml", backup=False)
        assert load_taxonomy(target) == after
        again = Document.read(target)
        again.sync(after)
        assert again.text() == read_text(target)


# -- the fast read-only path ----------------------------------------------------------------

Outcome = tuple[object, ...]


def _outcome(read: object) -> Outcome:
    """What a reading gives: the model and the line of every entry, or the error's line and
    message (``line`` takes no part in the model's equality, so it is compared apart)."""
    try:
        taxonomy = read()  # type: ignore[operator]
    except DocumentError as exc:
        return ("error", exc.line, exc.message)
    lines = [(c.label, c.line) for top in taxonomy.concepts for c in top.walk()]
    lines += [(d.a, d.line) for d in taxonomy.distinct]
    lines += [(s.label, s.line) for s in taxonomy.splits]
    lines += [(r.label, r.line) for r in taxonomy.removed]
    return ("ok", taxonomy, lines)


def _fast(path: Path) -> Outcome:
    """The fast path alone (``Unsure`` propagates)."""
    return _outcome(lambda: Reader(str(path)).read(tree(read_text(path).removeprefix("\ufeff"))))


def _ruamel(path: Path) -> Outcome:
    return _outcome(lambda: Document.read(path).taxonomy)


FIXTURES = sorted(
    path for path in DATA.rglob("*.yaml") if path.parent.name != "readers" and path.stem != "latin1"
)


@pytest.mark.parametrize("path", FIXTURES, ids=[str(p.relative_to(DATA)) for p in FIXTURES])
def test_the_fast_path_reads_every_fixture_as_ruamel_does(path: Path) -> None:
    reference = _ruamel(path)
    try:
        fast = _fast(path)
    except Unsure:
        assert reference[0] == "error"  # only broken fixtures may be beyond the fast path
    else:
        assert fast == reference
    assert _outcome(lambda: load_taxonomy(path)) == reference


def test_the_fast_path_vouches_for_the_valid_fixtures() -> None:
    valid = [path for path in FIXTURES if path.parent.name in ("document", "sync")]
    assert len(valid) == 10
    for path in valid:
        assert _fast(path)[0] == "ok", path


READER_CASES = sorted((DATA / "readers").glob("*.yaml"))


@pytest.mark.parametrize("path", READER_CASES, ids=[p.stem for p in READER_CASES])
def test_what_the_fast_path_vouches_for_and_what_not(path: Path) -> None:
    vouched = re.match(r"# fast: (yes|no)\b", read_text(path))
    assert vouched is not None
    reference = _ruamel(path)
    if vouched[1] == "yes":
        assert reference[0] == "ok"
        assert _fast(path) == reference
    else:
        with pytest.raises(Unsure):
            _fast(path)
    assert _outcome(lambda: load_taxonomy(path)) == reference


def test_yaml_1_2_scalars_are_read_as_ruamel_reads_them() -> None:
    """The reason the fast path resolves scalars itself: libyaml's PyYAML reads YAML 1.1."""
    taxonomy = load_taxonomy(DATA / "readers" / "yaml12-scalars.yaml")
    yes, year, opinion = taxonomy.concepts
    assert (yes.label, yes.score) == ("yes", 87.5)
    assert yes.aliases == ("no", "on", "off", "y", "N", "Yes")
    assert (year.label, year.generated, year.score) == ("2008", True, 100.0)
    assert year.aliases == ("1999", "1:20", "0o", ".5x", "12e", "2008-1-1x", "nulls")
    assert (opinion.slug, opinion.description, opinion.why) == (None, None, None)
    assert opinion.score == 0.25


def test_without_libyaml_ruamel_reads_every_document(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _ruamel(FIXTURE)
    monkeypatch.setattr(_doc_fast, "_CParser", None)
    assert not _doc_fast.available()
    with pytest.raises(Unsure):
        _fast(FIXTURE)
    assert _outcome(lambda: load_taxonomy(FIXTURE)) == expected


def _saved(taxonomy: Taxonomy, folder: str) -> Path:
    return write(Path(folder) / "taxonomy.yaml", dumps(taxonomy))


@PROPERTY
@given(taxonomies(TEXT))
def test_both_paths_read_any_written_document_alike(taxonomy: Taxonomy) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _saved(taxonomy, folder)
        reference = _ruamel(path)
        assert reference[1] == taxonomy
        try:
            assert _fast(path) == reference
        except Unsure:
            pass  # e.g. a tab in a label: load_taxonomy reads it with ruamel
        assert _outcome(lambda: load_taxonomy(path)) == reference


WRITTEN = st.text(
    st.characters(categories=("L", "N"), include_characters=" -_.,&'\"/+()#!?@"),
    min_size=1,
    max_size=12,
)
"""Labels as people write them: letters and digits of any script, spaces and punctuation."""


@PROPERTY
@given(taxonomies(WRITTEN))
def test_the_fast_path_vouches_for_documents_of_written_labels(taxonomy: Taxonomy) -> None:
    """Documents as ``dumps`` writes them, of labels as people write them: the fast path must
    read them itself (not leave them to ruamel), exactly as ruamel does."""
    with tempfile.TemporaryDirectory() as folder:
        path = _saved(taxonomy, folder)
        assert _fast(path) == _ruamel(path)
