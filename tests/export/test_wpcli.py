"""``--to wp-cli``: the script is valid sh, and run against a fake ``wp`` (tests/data/export/
fake_wp.py) it moves posts to the new terms, deletes only terms no post has, and changes
nothing in a dry run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from taxonomy.document import load_taxonomy
from taxonomy.export import ExportFormat, ExportOptions, TermKind, export
from taxonomy.export.wpcli import sh_quote
from taxonomy.model import ACCEPTED, Concept, Removal, SplitDecision, Taxonomy

DATA = Path(__file__).resolve().parent.parent / "data" / "export"

pytestmark = pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX sh")

# The site: 'Mongolia and US' (2 posts, one a draft), 'Cafés/Bars' (1 post and a post that
# `wp post list` does not see), 'Moninfo' (removed, 1 post), 'news' (the same term as 'News'),
# 'Say 'Hi'' (no posts); 'Mongolia and USA' exists, 'Café & Bar', 'Russia', 'China' do not.
SITE = {
    "next_id": 100,
    "terms": [
        {"id": 1, "taxonomy": "post_tag", "name": "Mongolia and US", "slug": "mongolia-and-us"},
        {"id": 2, "taxonomy": "post_tag", "name": "Mongolia and USA", "slug": "mongolia-and-usa"},
        {"id": 3, "taxonomy": "post_tag", "name": "Cafés/Bars", "slug": "cafes-bars"},
        {"id": 4, "taxonomy": "post_tag", "name": "Moninfo", "slug": "moninfo"},
        {"id": 5, "taxonomy": "post_tag", "name": "News", "slug": "news"},
        {"id": 6, "taxonomy": "post_tag", "name": "Say 'Hi'", "slug": "say-hi"},
        {"id": 7, "taxonomy": "post_tag", "name": "Russia and China", "slug": "russia-and-china"},
    ],
    "posts": [
        {"id": 10, "status": "publish", "terms": [1, 5]},
        {"id": 11, "status": "draft", "terms": [1, 2]},
        {"id": 12, "status": "publish", "terms": [3]},
        {"id": 13, "status": "publish", "terms": [3], "listed": False},
        {"id": 14, "status": "publish", "terms": [4, 7]},
    ],
}


def script(taxonomy: Taxonomy, kind: TermKind = TermKind.tag) -> str:
    _, result = export(taxonomy, ExportFormat.wp_cli, ExportOptions(kind=kind))
    return result.text


def run(
    tmp_path: Path, text: str, dry_run: str | None, site: dict[str, Any] = SITE
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any], list[list[str]]]:
    """Run the script under sh with the fake wp first on PATH: its result, the site after it,
    and every wp call it made."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    wp = bin_dir / "wp"
    wp.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{DATA / "fake_wp.py"}" "$@"\n')
    wp.chmod(0o755)
    state, log = tmp_path / "site.json", tmp_path / "wp.log"
    state.write_text(json.dumps(site), encoding="utf-8")
    log.write_text("")
    path = tmp_path / "relabel.sh"
    path.write_text(text, encoding="utf-8")
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "FAKE_WP_STATE": str(state),
        "FAKE_WP_LOG": str(log),
    }
    if dry_run is not None:
        env["DRY_RUN"] = dry_run
    done = subprocess.run(
        ["sh", str(path)], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    calls = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    return done, json.loads(state.read_text(encoding="utf-8")), calls


def test_the_script_is_valid_sh(tmp_path: Path) -> None:
    path = tmp_path / "relabel.sh"
    path.write_text(script(load_taxonomy(DATA / "escaping.yaml")), encoding="utf-8")
    done = subprocess.run(["sh", "-n", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_labels_are_single_quoted_words() -> None:
    assert sh_quote("Say 'Hi'") == "'Say '\\''Hi'\\'''"
    assert sh_quote('$(rm -rf /) `x` "y"') == "'$(rm -rf /) `x` \"y\"'"
    text = script(load_taxonomy(DATA / "escaping.yaml"))
    assert "relabel 'Say '\\''Hi'\\''' 'say-hi' 'Say \"Hi\"' 'say-hi'\n" in text
    assert "relabel 'Price: $5; {cheap}' 'price-5-cheap' 'Say \"Hi\"' 'say-hi'\n" in text
    assert (
        "relabel 'Russia and China' 'russia-and-china' 'Russia' 'russia' 'China' 'china'\n" in text
    )
    assert "relabel 'Trips' 'trips' 'Travel' 'voyages'\n" in text  # the document's slug


def test_categories_use_the_category_taxonomy() -> None:
    text = script(load_taxonomy(DATA / "escaping.yaml"), TermKind.category)
    assert "\nTAXONOMY=category\nQUERY=category__in\n" in text


def test_dry_run_reads_the_site_and_changes_nothing(tmp_path: Path) -> None:
    done, site, calls = run(tmp_path, script(load_taxonomy(DATA / "escaping.yaml")), None)
    assert done.returncode == 0, done.stderr
    assert site == SITE
    assert {call[1] for call in calls} <= {"list", "get"}  # only queries
    out = done.stdout.splitlines()
    assert "wp post term add 10 post_tag 2 --by=id" in out
    assert "wp post term remove 10 post_tag 1 --by=id" in out
    assert "wp term delete post_tag 1" in out
    assert "wp term create post_tag 'Café & Bar' --slug=cafe-bar --porcelain" in out
    assert "wp post term add 12 post_tag '<new:cafe-bar>' --by=id" in out
    assert "skipped 'news': it is the same term as its new label (term 5)" in done.stderr
    assert "skipped 'Gobi desert': no such term" in done.stderr


def test_run_moves_posts_and_deletes_only_unused_terms(tmp_path: Path) -> None:
    done, site, calls = run(tmp_path, script(load_taxonomy(DATA / "escaping.yaml")), "0")
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    terms = {term["id"]: term["name"] for term in site["terms"]}
    posts = {post["id"]: sorted(post["terms"]) for post in site["posts"]}
    # new terms created for the labels the site did not have
    created = {name: id_ for id_, name in terms.items() if id_ >= 100}
    assert set(created) == {"Café & Bar", "Russia", "China"}
    assert posts[10] == [2, 5]  # US -> USA; News untouched (news is the same term)
    assert posts[11] == [2]  # the draft too, and USA not added twice
    assert posts[12] == [created["Café & Bar"]]
    assert posts[13] == [3]  # a post `wp post list` does not see keeps its term...
    assert 3 in terms  # ...and so the term is not deleted
    assert "kept 'Cafés/Bars' (term 3): 0 posts still have it (count 1)" in done.stderr
    assert posts[14] == sorted([created["Russia"], created["China"]])  # split; removal
    assert 1 not in terms and 4 not in terms and 7 not in terms  # moved: deleted
    # 'Say "Hi"' has the slug of 'Say 'Hi'': for WordPress they are one term, left alone
    assert terms[6] == "Say 'Hi'"
    assert "skipped 'Say 'Hi'': it is the same term as its new label (term 6)" in done.stderr
    assert terms[5] == "News"
    # every deletion comes after its posts were moved and the term was checked
    deletes = [i for i, call in enumerate(calls) if call[:2] == ["term", "delete"]]
    for i in deletes:
        term = calls[i][3]
        assert calls[i - 1] == ["term", "get", "post_tag", term, "--by=id", "--field=count"]
        assert calls[i - 2][:2] == ["post", "list"] and f"--tag__in={term}" in calls[i - 2]


def test_a_second_run_changes_nothing_more(tmp_path: Path) -> None:
    text = script(load_taxonomy(DATA / "escaping.yaml"))
    _, after_first, _ = run(tmp_path, text, "0")
    done, site, calls = run(tmp_path, text, "0", after_first)
    assert done.returncode == 0, done.stderr
    assert {call[1] for call in calls} <= {"list", "get"}
    assert site == after_first


def test_a_removal_only_document() -> None:
    taxonomy = Taxonomy(
        concepts=(Concept("A", status=ACCEPTED),),
        splits=(SplitDecision("A and B", ("A", "B"), status="suggested"),),
        removed=(Removal("Old", status=ACCEPTED),),
    )
    text = script(taxonomy)
    assert text.endswith("# 'Old' -> (removed)\nrelabel 'Old' 'old'\n")
