"""How long ``taxonomy check`` takes on a large site: 10,000 posts against 10,000 concepts.

The taxonomy is generated from the real Stack Overflow tag vocabulary in
``../shared/data/vocabularies``: the most used tags are the concepts, a hyphenated tag gets its
spaced form as an alias, a few tags are removed or split. The posts (seeded) carry two to six
labels each: mostly preferred labels, some aliases, case variants, typos, removed labels and
tags of other Stack Exchange sites that the taxonomy does not know; half use YAML front matter,
half TOML. Both are generated once into ``benchmarks/.cache/`` and reused.

The whole command runs in a subprocess (``python -m taxonomy check``, JSON to /dev/null), three
times; the median wall time, CPU time (user + system, its worker processes included: on a shared
machine the steadier figure) and peak memory go to the "check" section of ``RESULTS.md``, with
the time of each stage measured in-process.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import _common
from _common import BenchmarkError

from taxonomy.check import CheckOptions, check
from taxonomy.check_inputs import collect, read_posts
from taxonomy.config import Config
from taxonomy.document import dumps, load_taxonomy
from taxonomy.model import ACCEPTED, Concept, Removal, SplitDecision, Taxonomy

SECTION = "check"
TARGET_SECONDS = 3.0
RUNS = 3


def vocabularies(data: Path) -> tuple[list[str], list[str]]:
    """Stack Overflow tags, most used first, and the tags of the other sites."""
    so = _common.require_file(data / "stackoverflow-tags.tsv")
    se = _common.require_file(data / "stackexchange-sites-tags.tsv")
    rows = [line.split("\t") for line in so.read_text(encoding="utf-8").splitlines()]
    tags = [tag for tag, count in sorted(rows, key=lambda row: -int(row[1]))]
    others = [line.split("\t")[1] for line in se.read_text(encoding="utf-8").splitlines()[1:]]
    return tags, list(dict.fromkeys(others))


def make_taxonomy(tags: list[str], concepts: int, rng: random.Random) -> Taxonomy:
    chosen = tags[:concepts]
    removed = chosen[-100:]
    splits = chosen[-150:-100]
    kept = chosen[:-150]
    made = []
    for tag in kept:
        aliases = (tag.replace("-", " "),) if "-" in tag else ()
        made.append(Concept(label=tag, aliases=aliases, status=ACCEPTED))
    return Taxonomy(
        concepts=tuple(made),
        splits=tuple(
            SplitDecision(label, tuple(rng.sample(kept[:1000], 2)), status=ACCEPTED)
            for label in splits
        ),
        removed=tuple(Removal(label, status=ACCEPTED) for label in removed),
    )


def typo(label: str, rng: random.Random) -> str:
    if len(label) < 5:
        return label + label[-1]
    i = rng.randrange(1, len(label) - 2)
    return label[:i] + label[i + 1] + label[i] + label[i + 2 :]


def make_posts(taxonomy: Taxonomy, others: list[str], posts: int, folder: Path, seed: int) -> None:
    rng = random.Random(seed)
    preferred = [concept.label for concept in taxonomy.concepts]
    weights = [1.0 / (rank + 10) for rank in range(len(preferred))]  # popular tags more often
    aliases = [alias for concept in taxonomy.concepts for alias in concept.aliases]
    known = set(preferred) | set(aliases)
    unknown = [tag for tag in others if tag not in known][:3000]
    removed = [r.label for r in taxonomy.removed] + [s.label for s in taxonomy.splits]
    for number in range(posts):
        labels: list[str] = []
        for _ in range(rng.randint(2, 6)):
            roll = rng.random()
            if roll < 0.85:
                labels.append(rng.choices(preferred, weights)[0])
            elif roll < 0.91:
                labels.append(rng.choice(aliases))
            elif roll < 0.93:
                labels.append(rng.choice(preferred).upper())
            elif roll < 0.95:
                labels.append(typo(rng.choice(preferred), rng))
            elif roll < 0.99:
                labels.append(rng.choice(unknown))
            else:
                labels.append(rng.choice(removed))
        sub = folder / f"{number // 1000:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        if number % 2:
            body = "---\ntitle: Post {n}\ndate: 2024-01-01\ntags: [{tags}]\n---\n\nText.\n".format(
                n=number, tags=", ".join(json.dumps(label) for label in labels)
            )
        else:
            body = '+++\ntitle = "Post {n}"\ntags = [\n{tags}\n]\n+++\n\nText.\n'.format(
                n=number, tags="\n".join(f"  {json.dumps(label)}," for label in labels)
            )
        (sub / f"post-{number:05d}.md").write_text(body, encoding="utf-8")


def prepare(data: Path, concepts: int, posts: int, seed: int) -> Path:
    key = hashlib.sha256(f"{concepts}-{posts}-{seed}-1".encode()).hexdigest()[:12]
    cache = _common.BENCHMARKS / ".cache" / f"check-{key}"
    if (cache / "done").exists():
        return cache
    tags, others = vocabularies(data)
    if len(tags) < concepts:
        raise BenchmarkError(f"only {len(tags)} tags in the vocabulary, {concepts} wanted")
    rng = random.Random(seed)
    taxonomy = make_taxonomy(tags, concepts, rng)
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "taxonomy.yaml").write_text(dumps(taxonomy), encoding="utf-8")
    (cache / ".git").mkdir(exist_ok=True)  # the root: no configuration is searched above
    make_posts(taxonomy, others, posts, cache / "posts", seed)
    (cache / "done").write_text("", encoding="utf-8")
    return cache


def run_once(cache: Path) -> tuple[float, float, int, float]:
    """Wall seconds, peak RSS (MiB), exit code and CPU seconds of one ``taxonomy check``."""
    command = [sys.executable, "-m", "taxonomy", "check", "posts", "--format", "json"]
    env = {**os.environ, "PYTHONPATH": str(_common.REPO), "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        process = subprocess.Popen(command, cwd=cache, env=env, stdout=sink, stderr=sink)
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, process.returncode, usage.ru_utime + usage.ru_stime


def stages(cache: Path) -> tuple[dict[str, float], int, int]:
    """Seconds per stage, in this process; and the number of findings and of labels."""
    times: dict[str, float] = {}
    start = time.perf_counter()
    taxonomy = load_taxonomy(cache / "taxonomy.yaml")
    times["read the taxonomy"] = time.perf_counter() - start
    start = time.perf_counter()
    files = collect([str(cache / "posts")], Config(root=cache))
    posts = read_posts(files, ("tags", "categories"))
    times["read the posts"] = time.perf_counter() - start
    start = time.perf_counter()
    findings = check(posts, taxonomy, CheckOptions())
    times["check (with did-you-mean)"] = time.perf_counter() - start
    return times, len(findings), sum(len(post.labels) for post in posts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=_common.shared_data("vocabularies"))
    parser.add_argument("--concepts", type=int, default=10_000)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--no-write", action="store_true", help="print only, keep RESULTS.md")
    args = parser.parse_args(argv)
    try:
        _common.require_dir(args.data, "vocabulary folder")
        cache = prepare(args.data, args.concepts, args.posts, args.seed)
    except BenchmarkError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    load_before = os.getloadavg()[0]
    runs = [run_once(cache) for _ in range(RUNS)]
    if any(run[2] not in (0, 1) for run in runs):
        print(f"error: taxonomy check exited with {runs}", file=sys.stderr)
        return 2
    wall = statistics.median(run[0] for run in runs)
    rss = statistics.median(run[1] for run in runs)
    cpu = statistics.median(run[3] for run in runs)
    times, findings, labels = stages(cache)
    verdict = "under" if wall < TARGET_SECONDS else "over"
    lines = [
        "## Check: 10,000 posts against a 10,000-concept taxonomy",
        "",
        f"`{_common.command_line()}` on {_common.today()}; {_common.machine()}; load average "
        f"{load_before:.1f} when it started (the machine is shared: a busy one is slower).",
        "",
        f"{args.posts:,} Markdown posts (half YAML, half TOML front matter; {labels:,} labels) "
        f"checked against {args.concepts:,} concepts generated from the Stack Overflow tag "
        f"vocabulary; {findings:,} findings. Whole process (`python -m taxonomy check posts "
        f"--format json`), median of {RUNS} runs:",
        "",
        "| wall time (s) | CPU time (s) | peak RSS (MiB) | runs (s) | target |",
        "| ---: | ---: | ---: | --- | --- |",
        f"| {wall:.2f} | {cpu:.2f} | {rss:.0f} | {', '.join(f'{r[0]:.2f}' for r in runs)} | "
        f"< {TARGET_SECONDS:g} s: {verdict} |",
        "",
        "Where the time goes (one run, in-process, after imports):",
        "",
        "| stage | seconds |",
        "| --- | ---: |",
        *(f"| {stage} | {seconds:.2f} |" for stage, seconds in times.items()),
    ]
    body = "\n".join(lines)
    print(body)
    if not args.no_write:
        _common.write_section(SECTION, body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
