"""``taxonomy review`` as a person uses it: keys typed into a real pseudo-terminal (pexpect) of
24 x 80, the file checked between two sessions."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from taxonomy.document import load_taxonomy
from taxonomy.model import ACCEPTED, SUGGESTED, Distinct

DATA = Path(__file__).resolve().parent.parent / "data" / "review"
ROOT = Path(__file__).resolve().parent.parent.parent
ENV = {
    **os.environ,
    "NO_COLOR": "1",
    "TERM": "xterm",
    "PYTHONPATH": str(ROOT),
    "COLUMNS": "80",
    "LINES": "24",
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(DATA / "taxonomy.yaml", tmp_path / "taxonomy.yaml")
    shutil.copy(DATA / "labels.csv", tmp_path / "labels.csv")
    return tmp_path


def spawn(folder: Path) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "taxonomy", "review", "taxonomy.yaml"],
        cwd=str(folder),
        env=ENV,
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=10,
    )


def finish(child: pexpect.spawn) -> str:
    """The summary printed on quitting: what follows the last footer line."""
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = str(child.before)
    text = text[text.rfind("? help") + len("? help") :].replace("\x1b[0m", "")
    return " ".join(text.split())


def test_review_quit_half_way_then_resume_to_the_end(folder: Path) -> None:
    original = (folder / "taxonomy.yaml").read_bytes()
    child = spawn(folder)
    child.expect_exact("0 done, 7 left")
    child.expect_exact("Duplicates: Mongolia Sumo")
    child.expect_exact("a accept  r reject  e edit  s skip  u undo  q quit  ? help")

    child.send("a")  # accept
    child.expect_exact("accepted 'Mongolia Sumo' with its aliases 'Mongolian Sumo'")
    child.expect_exact("Duplicates: Mongolia and USA")

    child.send("e")  # edit: another preferred label, one member dropped
    child.expect_exact("Esc cancel")
    child.send("c")
    child.expect_exact("number: ")
    child.sendline("3")
    child.expect_exact("edit: preferred label 'Mongolia and United States'; dropped: none")
    child.send("d")
    child.expect_exact("numbers (space between): ")
    child.sendline("2")
    child.expect_exact("dropped: 'Mongolia and US'")
    child.send("\r")
    child.expect_exact("accepted 'Mongolia and United States' with its aliases")
    child.expect_exact("Duplicates: Mongolia and India")

    child.send("r")  # reject, then undo, then reject again
    child.expect_exact("rejected 'Mongolia and India'")
    child.expect_exact("Duplicates: Mongolia and Hong Kong")
    child.send("u")
    child.expect_exact("undone: rejected 'Mongolia and India'")
    child.expect_exact("Duplicates: Mongolia and India")
    child.send("r")
    child.expect_exact("Duplicates: Mongolia and Hong Kong")

    child.send("s")  # skip: it comes back next time
    child.expect_exact("Split: Mongolia and Russia and Mongolia and China")
    child.send("?")
    child.expect_exact("s  skip: the item comes back at the next review")
    child.send("q")
    assert finish(child) == (
        "3 decided, 4 left in taxonomy.yaml (1 skipped: they come back next time); the file "
        "as it was before this review is taxonomy.yaml.bak"
    )

    assert (folder / "taxonomy.yaml.bak").read_bytes() == original
    taxonomy = load_taxonomy(folder / "taxonomy.yaml")
    by_label = {c.label: c for c in taxonomy.walk()}
    assert by_label["Mongolia Sumo"].status == ACCEPTED
    assert by_label["Mongolia and United States"].aliases == ("Mongolia and USA",)
    assert by_label["Mongolia and US"].status == ACCEPTED
    assert by_label["Mongolia and India"].aliases == ()
    assert Distinct("Mongolia and Ind", "Mongolia and India") in taxonomy.distinct
    assert by_label["Mongolia and Hong Kong"].status == SUGGESTED

    child = spawn(folder)  # resumes with what is left, the skipped item first
    child.expect_exact("0 done, 4 left")
    child.expect_exact("Duplicates: Mongolia and Hong Kong")
    child.send("a")
    child.expect_exact("Split: Mongolia and Russia and Mongolia and China")
    child.send("e")  # a split cannot be edited: the item stays
    child.expect_exact("a split cannot be edited: accept or reject it")
    child.send("a")
    child.expect_exact("Removal: Mongolia spam")
    child.send("r")
    child.expect_exact("Placement: Mongolia and … (countries)")
    child.send("a")
    assert finish(child).startswith("4 decided, 0 left in taxonomy.yaml; everything is decided")

    text = (folder / "taxonomy.yaml").read_text(encoding="utf-8")
    assert "suggested" not in text
    for comment in (
        "# Categories of mongolianviews.com, half reviewed.\n",
        "  # Partner countries, grouped by `suggest`.\n",
        "    generated: true               # invented by suggest: rename it freely\n",
        "        placement: accepted       # decided by hand\n",
        "  # two countries, whatever the cut-off label suggests\n",
        "  - [Mongolia and India, Mongolia and Indonesia]   # checked 2024-05\n",
        "\n# End of file: nothing below is read.\n",
    ):
        assert comment in text
    result = subprocess.run(
        [sys.executable, "-m", "taxonomy", "validate", "taxonomy.yaml"],
        cwd=folder,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    assert result.stderr == "taxonomy.yaml: no problems in 13 concepts\n"


def test_escape_cancels_an_edit_and_ctrl_c_quits_saving_what_was_decided(folder: Path) -> None:
    child = spawn(folder)
    child.expect_exact("Duplicates: Mongolia Sumo")
    child.send("e")
    child.expect_exact("Esc cancel")
    child.send("\x1b")
    child.expect_exact("edit cancelled")
    child.send("a")
    child.expect_exact("Duplicates: Mongolia and USA")
    child.send("\x03")
    assert finish(child).startswith("1 decided, 6 left in taxonomy.yaml")
    taxonomy = load_taxonomy(folder / "taxonomy.yaml")
    assert next(c for c in taxonomy.walk() if c.label == "Mongolia Sumo").status == ACCEPTED


def test_review_refuses_without_a_terminal(folder: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "taxonomy", "review", "taxonomy.yaml"],
        cwd=folder,
        env=ENV,
        input="a\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == (
        "Error: review needs a terminal; use the edit commands (taxonomy accept ...) in scripts\n"
    )
