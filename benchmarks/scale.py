"""How the scan scales: wall time and memory from 10k to 1M labels, and recall of blocking.

For each size a vocabulary is grown from the real tags (see ``variants.py``) and cached under
``benchmarks/.cache/``. Every measured run is a fresh process (``python -m taxonomy scan FILE
--format json`` when the CLI has that command, else ``python benchmarks/scale.py --run-one FILE``),
so that the time counts interpreter start, imports, loading and output as a user would see them.
The processes run from a snapshot of ``taxonomy/`` taken at the start (``.cache/engine-<digest>``),
so that the whole run measures one engine even while the tree is being edited.

- time: from launching the process to reaping it, in the parent, in a run that is not sampled
  (only the cheap resident sizes are read, for ``--memory-limit``);
- memory: from a second run of the same command, the larger of ``ru_maxrss`` from ``os.wait4``
  (the biggest single process of the run, including the children it reaped) and the peak sum of
  the PSS of every process of its process group, sampled every 0.2 s (forked scoring workers
  share pages with the scan: PSS counts a shared page once). Reading the PSS walks every page
  of every process: at 1M labels the sampling took about 7 s of the run's wall time, which is
  why the time comes from the other run; a run is killed when it passes ``--memory-limit``;
- stages: an extra ``--run-one`` run per size records the progress callback and times the
  engine's once-called steps by wrapping them (no per-pair timer, so the breakdown costs nothing
  measurable), with this process's resident memory after each step;
- recall: the blocked and the exhaustive scan of one 20k vocabulary; recall is the share of the
  exhaustive run's (member, canonical) pairs that the blocked run puts in one group;
- string_grouper (where installed): ``group_similar_strings`` at default settings on the same
  files, the same way, stopped at ``--timeout``;
- ``--profile N``: cProfile of the scan at N labels, with the scoring kept in the one process
  (a profiler sees only its own process), so its times are slower than the real run's.

Results go to ``benchmarks/.cache/scale-results.json``, the "Scale" section of ``RESULTS.md``
(between its markers) and the plot ``benchmarks/scale.png`` (skipped when matplotlib is missing),
both made by ``_scale_report.py`` (``--report-only`` remakes them from the JSON).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from _common import (
    BENCHMARKS,
    REPO,
    BenchmarkError,
    command_line,
    machine,
    require_dir,
    shared_data,
    today,
    version,
    write_section,
)
from _scale_report import hotspots, markdown, plot
from variants import DEFAULT_SEED, cached_vocabulary

DEFAULT_SIZES = (10_000, 100_000, 300_000, 1_000_000)
QUICK_SIZES = (10_000, 100_000)
CACHE = BENCHMARKS / ".cache"
RESULTS_JSON = CACHE / "scale-results.json"
PLOT = BENCHMARKS / "scale.png"
ROOT = REPO  # where measured processes run from: a snapshot of the tree once benchmark() starts
MB = 1024 * 1024

Run = dict[str, Any]


# --- measuring one process ---------------------------------------------------------------------


def _group(pgid: int) -> Iterator[tuple[str, list[bytes]]]:
    """The processes of a process group: each one's pid and the fields of its ``stat`` after
    the name (state, ppid, pgrp, ...)."""
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stream:
                fields = stream.read().rsplit(b")", 1)[1].split()
            if int(fields[2]) == pgid:
                yield entry.name, fields
        except (OSError, IndexError, ValueError):
            continue


def _group_pss(pgid: int) -> int:
    """Bytes of memory held by a process group: the sum of its processes' proportional set
    sizes (PSS), so that pages a forked worker shares with its parent count once."""
    total = 0
    for pid, _ in _group(pgid):
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as stream:
                for line in stream:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except (OSError, IndexError, ValueError):
            continue
    return total


def _group_rss(pgid: int) -> int:
    """Bytes resident in a process group, shared pages counted in each process (more than it
    holds): cheap to read, for the memory limit of a run that is not sampled."""
    page = os.sysconf("SC_PAGE_SIZE")
    return sum(int(fields[21]) * page for _, fields in _group(pgid))  # rss, in pages


def measure(command: Sequence[str], timeout: float, memory_limit: float, pss: bool = True) -> Run:
    """Run ``command`` in its own process group; wall time, peak RSS, the peak PSS of the group
    (when ``pss``: sampled, which slows the run), and how it ended."""
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=errors, start_new_session=True, cwd=ROOT
        )
        reaped: dict[str, Any] = {}

        def wait() -> None:
            _, status, usage = os.wait4(process.pid, 0)
            reaped.update(end=time.perf_counter(), status=status, usage=usage)

        waiter = threading.Thread(target=wait, daemon=True)
        waiter.start()
        group_peak = 0
        ended = "ok"
        while waiter.is_alive():
            waiter.join(0.2)
            if not waiter.is_alive():
                break
            held = _group_pss(process.pid) if pss else _group_rss(process.pid)
            group_peak = max(group_peak, held)
            over_time = time.perf_counter() - started > timeout
            if over_time or group_peak > memory_limit:
                ended = "timeout" if over_time else "memory"
                os.killpg(process.pid, signal.SIGKILL)
                waiter.join()
        code = os.waitstatus_to_exitcode(reaped["status"])
        process.returncode = code  # reaped here with wait4; stop Popen from reaping again
        if ended == "ok" and code != 0:
            ended = "failed"
        errors.seek(0)
        tail = errors.read().decode("utf-8", "replace").strip().splitlines()[-3:]
    return {
        "status": ended,
        "exit_code": code,
        "wall_s": reaped["end"] - started,
        "peak_rss_mb": reaped["usage"].ru_maxrss / 1024,
        "memory_mb": max(reaped["usage"].ru_maxrss / 1024, group_peak / MB if pss else 0.0),
        "group_pss_mb": group_peak / MB if pss else None,
        "stderr": tail,
        "load_before": load_before,  # 1-minute load average: other work on the machine
    }


# --- the runs measured -------------------------------------------------------------------------


def cli_has_scan() -> bool:
    probe = subprocess.run(
        [sys.executable, "-m", "taxonomy", "scan", "--help"], cwd=ROOT, capture_output=True
    )
    return probe.returncode == 0


def scan_command(file: Path, runner: str, out: Path, extra: Sequence[str] = ()) -> list[str]:
    if runner == "cli":
        return [sys.executable, "-m", "taxonomy", "scan", str(file), "--from", "text", "-f", "json"]
    script = str(ROOT / "benchmarks" / "scale.py")
    return [sys.executable, script, "--run-one", str(file), "--out", str(out), *extra]


def _read_json(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    path.unlink()
    return data


def measured_scan(
    file: Path, size: int, args: argparse.Namespace, *extra: str, kind: str = "scan"
) -> Run:
    out = CACHE / f"run-{kind}-{size}.json"
    out.unlink(missing_ok=True)
    runner = args.runner if kind in ("scan", "memory") else "run-one"
    # The timed runs are not sampled: sampling the PSS slows them (see the module's docstring).
    pss = kind not in ("scan", "stages")
    run = measure(scan_command(file, runner, out, extra), args.scan_timeout, args.memory_limit, pss)
    run.update(kind=kind, size=size, runner=runner, inside=_read_json(out))
    _say(run)
    return run


def measured_grouper(file: Path, size: int, args: argparse.Namespace) -> Run:
    out = CACHE / f"run-grouper-{size}.json"
    out.unlink(missing_ok=True)
    script = str(ROOT / "benchmarks" / "scale.py")
    command = [sys.executable, script, "--run-grouper", str(file), "--out", str(out)]
    run = measure(command, args.timeout, args.memory_limit, pss=False)  # one process
    run.update(kind="string_grouper", size=size, runner="string_grouper", inside=_read_json(out))
    _say(run)
    return run


def _say(run: Run) -> None:
    print(
        f"{run['kind']:>16} {run['size']:>9,} labels: {run['status']:<7} "
        f"{run['wall_s']:8.1f} s  memory {run['memory_mb']:8.0f} MB"
        + (f"  ({'; '.join(run['stderr'])})" if run["status"] != "ok" else ""),
        file=sys.stderr,
        flush=True,
    )


def recall(exhaustive: Sequence[Sequence[str]], blocked: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Share of the exhaustive run's (member, canonical) pairs grouped together by blocking."""
    group_of = {label: k for k, group in enumerate(blocked) for label in group}
    pairs = [(member, group[0]) for group in exhaustive for member in group[1:]]
    missed = [
        (member, canonical)
        for member, canonical in pairs
        if member not in group_of or group_of.get(member) != group_of.get(canonical)
    ]
    found = len(pairs) - len(missed)
    return {
        "pairs": len(pairs),
        "found": found,
        "recall": found / len(pairs) if pairs else 1.0,
        "missed_examples": missed[:15],
    }


# --- inside the measured process ---------------------------------------------------------------


class Clock:
    """Times the engine's steps from inside the scan: the progress callback, and wrappers around
    the functions the scan calls once (and rapidfuzz's bulk calls), never around a per-pair call.
    """

    def __init__(self) -> None:
        self.origin = time.perf_counter()
        self.spans: dict[str, float] = {}
        self.marks: dict[str, float] = {}
        self.counts: dict[str, int] = {}
        self.memory: dict[str, tuple[float, float]] = {}

    def now(self) -> float:
        return time.perf_counter() - self.origin

    def mark(self, name: str) -> None:
        if name not in self.marks:
            self.marks[name] = self.now()
            self.remember(name)

    def remember(self, name: str) -> None:
        """This process's resident memory now and its peak so far (MB), after a step."""
        found: dict[str, float] = {}
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    found[line[:5]] = int(line.split()[1]) / 1024
        self.memory[name] = (found.get("VmRSS", 0.0), found.get("VmHWM", 0.0))

    def add(self, name: str, seconds: float) -> None:
        self.spans[name] = self.spans.get(name, 0.0) + seconds

    def count(self, name: str, value: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + value

    def progress(self, stage: str, done: int, total: int) -> None:
        self.mark(f"{stage}:first")
        self.marks[f"{stage}:last"] = self.now()
        self.counts[f"{stage}_total"] = total

    def timed(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if name == "bulk_scores":  # scores(self, pairs): count the pairs scored
                self.count("scored", len(args[1]))
            self.mark(f"{name}:first")
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.add(name, time.perf_counter() - start)
                self.marks[f"{name}:end"] = self.now()
                self.remember(name)

        return wrapper

    def counted(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """A generator function whose items are counted (and timed from its first call to its
        last item): ``unique_chunks`` yields (codes, end), ``accepted`` (edges, scored, weight)."""

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            self.mark(f"{name}:first")
            for item in function(*args, **kwargs):
                if name == "unique_chunks":
                    self.count("fuzzy_candidates", len(item[0]))
                elif name == "accepted":
                    self.count("scored", item[1])
                    self.count("accepted", len(item[0]))
                yield item
            self.marks[f"{name}:end"] = self.now()
            self.remember(name)

        return wrapper


class _TimedProcess:
    """``rapidfuzz.process`` with its bulk calls timed and their pairs counted."""

    def __init__(self, clock: Clock, process: Any) -> None:
        self._clock, self._process = clock, process

    def __getattr__(self, name: str) -> Any:
        return getattr(self._process, name)

    def cpdist(self, *args: Any, **kwargs: Any) -> Any:
        self._clock.mark("prefilter:first")
        start = time.perf_counter()
        scores = self._process.cpdist(*args, **kwargs)
        self._clock.add("prefilter", time.perf_counter() - start)
        self._clock.count("ratio_checked", len(scores))
        return scores

    def cdist(self, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        scores = self._process.cdist(*args, **kwargs)
        self._clock.add("all_pairs_filter", time.perf_counter() - start)
        return scores


# (module, function, span): the engine's steps that run once a scan (or once a batch), timed
# by wrapping them; a name the engine no longer has is skipped, and its stage shows 0.
TIMED = (
    ("taxonomy.scan", "build", "build"),
    ("taxonomy.scan", "stars", "stars"),
    ("taxonomy.scan", "find_repairs", "find_repairs"),
    ("taxonomy.candidates", "exact_codes", "exact_pairs"),
    ("taxonomy.candidates", "trusted_codes", "trusted_pairs"),
    ("taxonomy.candidates", "raw_fuzzy_codes", "fuzzy_codes"),
    ("taxonomy.candidates", "fuzzy_steps", "fuzzy_steps"),
    ("taxonomy.candidates", "core_order", "core_order"),
)
TIMED_METHODS = (
    ("taxonomy.parallel", "PairJob", "prepare", "gate_arrays"),
    ("taxonomy.gate", "StemVectors", "cosine", "prefilter"),
    ("taxonomy.parallel", "BulkScorer", "scores", "bulk_scores"),
    ("taxonomy.parallel", "BulkScorer", "compared", "reasons"),
    ("taxonomy.parallel", "BulkScorer", "__enter__", "pool_start"),
    ("taxonomy.parallel", "BulkScorer", "__exit__", "pool_stop"),
)
# (module, owner class or None, generator function): items counted, see Clock.counted
COUNTED = (
    ("taxonomy.candidates", None, "unique_chunks"),
    ("taxonomy.parallel", "BulkScorer", "accepted"),
)


def instrument(clock: Clock, serial: bool) -> None:
    """Wrap the engine's steps with timers; ``serial`` keeps the scoring in this process (for
    a profiler, which sees only the process it runs in)."""
    from importlib import import_module

    for module_name, name, span in TIMED:
        module: Any = import_module(module_name)
        if hasattr(module, name):
            setattr(module, name, clock.timed(span, getattr(module, name)))
    for module_name, class_name, name, span in TIMED_METHODS:
        owner = getattr(import_module(module_name), class_name, None)
        if owner is not None and hasattr(owner, name):
            setattr(owner, name, clock.timed(span, getattr(owner, name)))
    for module_name, class_name, name in COUNTED:
        holder: Any = import_module(module_name)
        if class_name is not None:
            holder = getattr(holder, class_name, None)
        if holder is not None and hasattr(holder, name):
            setattr(holder, name, clock.counted(name, getattr(holder, name)))
    gate_module: Any = import_module("taxonomy.gate")
    gate_module.process = _TimedProcess(clock, gate_module.process)
    if serial:
        parallel: Any = import_module("taxonomy.parallel")
        parallel.cores = lambda: 1


def run_one(args: argparse.Namespace) -> None:
    """Load a file and scan it as the CLI would; write timings (and the groups) as JSON."""
    clock = Clock()
    import cProfile

    from taxonomy.formats.scan import JsonScan
    from taxonomy.scan import ScanOptions, scan
    from taxonomy.sources import load

    clock.mark("imported")
    inventory = load(Path(args.run_one), "text")
    clock.mark("loaded")
    instrument(clock, serial=bool(args.profile_out))
    options = ScanOptions(exhaustive=args.exhaustive, progress=clock.progress)
    profiler = cProfile.Profile() if args.profile_out else None
    clock.mark("scan:start")
    if profiler:
        result = profiler.runcall(scan, inventory, options)
    else:
        result = scan(inventory, options)
    clock.mark("scan:end")
    with open(os.devnull, "w", encoding="utf-8") as sink:
        sink.write(JsonScan().render(result))  # the work of `taxonomy scan -f json`
    clock.mark("output:end")
    if args.groups_out:
        groups = [[member.label for member in group.members] for group in result.groups]
        Path(args.groups_out).write_text(json.dumps(groups, ensure_ascii=False), encoding="utf-8")
    if profiler:
        profiler.dump_stats(args.profile_out)
    clock.counts.update(
        labels=result.labels,
        groups=len(result.groups),
        grouped=sum(len(g.members) for g in result.groups),
        splits=len(result.splits),
        repairs=len(result.repairs),
    )
    summary = {
        "spans": clock.spans,
        "marks": clock.marks,
        "counts": clock.counts,
        "memory": clock.memory,
    }
    Path(args.out).write_text(json.dumps(summary), encoding="utf-8")


def run_grouper(args: argparse.Namespace) -> None:
    """string_grouper's ``group_similar_strings`` at default settings on a label file."""
    started = time.perf_counter()
    import pandas as pd  # type: ignore[import-untyped]
    from string_grouper import group_similar_strings

    imported = time.perf_counter() - started
    labels = Path(args.run_grouper).read_text(encoding="utf-8").splitlines()
    series = pd.Series(labels)
    start = time.perf_counter()
    representatives = group_similar_strings(series)
    seconds = time.perf_counter() - start
    if isinstance(representatives, pd.DataFrame):
        representatives = representatives.iloc[:, -1]
    reps = representatives.tolist()
    grouped = sum(1 for label, rep in zip(labels, reps, strict=True) if rep != label)
    sizes: dict[str, int] = {}
    for rep in reps:
        sizes[rep] = sizes.get(rep, 0) + 1
    summary = {
        "imports_s": imported,
        "grouping_s": seconds,
        "labels": len(labels),
        "groups": sum(1 for n in sizes.values() if n > 1),
        "grouped": grouped + sum(1 for n in sizes.values() if n > 1),
    }
    Path(args.out).write_text(json.dumps(summary), encoding="utf-8")


# --- the benchmark -----------------------------------------------------------------------------


def engine() -> dict[str, Any]:
    """Which engine is measured: the commit, and a digest of the package's files as they are
    (the tree may hold uncommitted work)."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((REPO / "taxonomy").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    return {"commit": head or None, "digest": digest.hexdigest()[:12]}


def snapshot(found: dict[str, Any]) -> Path:
    """A copy of the package and of these scripts, that every measured process runs from: the
    engine measured is the one of the start, even while the tree is being edited."""
    import shutil

    root = CACHE / f"engine-{found['digest']}"
    if not root.exists():
        partial = CACHE / f"engine-{found['digest']}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        shutil.copytree(REPO / "taxonomy", partial / "taxonomy", ignore=ignore)
        (partial / "benchmarks").mkdir()
        for name in ("scale.py", "_scale_report.py", "variants.py", "_common.py"):
            shutil.copy2(BENCHMARKS / name, partial / "benchmarks" / name)
        partial.rename(root)
    return root


def environment() -> dict[str, Any]:
    return {
        "date": today(),
        "machine": machine(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3, 1),
        "command": command_line(),
        "versions": {
            name: version(name) for name in ("rapidfuzz", "numpy", "string_grouper", "pandas")
        },
        "openblas": {k: v for k, v in os.environ.items() if k.startswith("OPENBLAS_")},
    }


def benchmark(args: argparse.Namespace) -> dict[str, Any]:
    global ROOT
    data = require_dir(Path(args.data), "tag vocabularies")
    CACHE.mkdir(parents=True, exist_ok=True)
    measured = engine()
    ROOT = snapshot(measured)
    if args.runner == "auto":
        args.runner = "cli" if cli_has_scan() else "run-one"
    has_grouper = version("string_grouper") is not None and not args.no_grouper
    results: dict[str, Any] = {
        "environment": environment(),
        "engine": measured,
        "seed": args.seed,
        "runner": args.runner,
        "timeout_s": args.timeout,
        "memory_limit_gb": args.memory_limit / 1024**3,
        "string_grouper": "installed" if has_grouper else "skipped: not installed or --no-grouper",
        "runs": [],
        "profiles": {},
    }
    for size in args.sizes:
        file = cached_vocabulary(CACHE, data, size, args.seed)
        results["runs"].append(measured_scan(file, size, args))
        results["runs"].append(measured_scan(file, size, args, kind="memory"))
        if args.runner == "cli" and not args.no_stages:
            results["runs"].append(measured_scan(file, size, args, kind="stages"))
        if has_grouper:
            results["runs"].append(measured_grouper(file, size, args))
        _save(results, args)
    if args.recall_size:
        file = cached_vocabulary(CACHE, data, args.recall_size, args.seed)
        outs = {mode: CACHE / f"groups-{mode}-{args.recall_size}.json" for mode in ("b", "x")}
        blocked = measured_scan(
            file, args.recall_size, args, "--groups-out", str(outs["b"]), kind="recall-blocked"
        )
        exhaustive = measured_scan(
            file,
            args.recall_size,
            args,
            "--exhaustive",
            "--groups-out",
            str(outs["x"]),
            kind="recall-exhaustive",
        )
        results["runs"] += [blocked, exhaustive]
        if blocked["status"] == exhaustive["status"] == "ok":
            groups = {k: json.loads(v.read_text(encoding="utf-8")) for k, v in outs.items()}
            results["recall"] = {"size": args.recall_size, **recall(groups["x"], groups["b"])}
        _save(results, args)
    for size in args.profile:
        file = cached_vocabulary(CACHE, data, size, args.seed)
        prof = CACHE / f"profile-{size}.prof"
        run = measured_scan(file, size, args, "--profile-out", str(prof), kind="profile")
        results["runs"].append(run)
        if run["status"] == "ok":
            results["profiles"][str(size)] = hotspots(prof)
        _save(results, args)
    results["complete"] = True
    _save(results, args)
    return results


def _save(results: dict[str, Any], args: argparse.Namespace) -> None:
    """Keep what is measured so far: the JSON, and (unless --no-write) RESULTS.md and the plot,
    so that a run stopped half-way still leaves its numbers."""
    RESULTS_JSON.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    if not args.no_write:
        write_section("scale", markdown(results))
        plot(results, PLOT)


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of whole numbers: {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be positive")
    return sizes


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(
        description="Measure the scan from 10k to 1M labels: wall time, peak memory, recall of "
        "blocking against all pairs, and string_grouper in the same run.",
    )
    cli.add_argument(
        "--sizes",
        type=_sizes,
        default=DEFAULT_SIZES,
        metavar="N,N,...",
        help="vocabulary sizes (default: 10000,100000,300000,1000000)",
    )
    cli.add_argument("--quick", action="store_true", help="only 10k and 100k labels")
    cli.add_argument(
        "--data",
        default=str(shared_data("vocabularies")),
        metavar="DIR",
        help="folder of the real tag lists (default: ../shared/data/vocabularies)",
    )
    cli.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the variants")
    cli.add_argument(
        "--recall-size",
        type=int,
        default=20_000,
        metavar="N",
        help="vocabulary for blocked vs all-pairs recall (0: skip; default 20000)",
    )
    cli.add_argument(
        "--profile",
        type=_sizes,
        default=(),
        metavar="N,N,...",
        help="also profile the scan (cProfile) at these sizes",
    )
    cli.add_argument(
        "--no-stages",
        action="store_true",
        help="with the CLI runner, skip the extra --run-one run per size that times the stages",
    )
    cli.add_argument("--no-grouper", action="store_true", help="do not run string_grouper")
    cli.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        metavar="S",
        help="stop string_grouper after this many seconds (default 300)",
    )
    cli.add_argument(
        "--scan-timeout",
        type=float,
        default=3600.0,
        metavar="S",
        help="stop a scan after this many seconds (default 3600)",
    )
    cli.add_argument(
        "--memory-limit",
        type=float,
        default=20.0,
        metavar="GB",
        help="kill a run whose processes hold more than this (default 20)",
    )
    cli.add_argument(
        "--runner",
        choices=("auto", "cli", "run-one"),
        default="auto",
        help="auto: 'python -m taxonomy scan' when the CLI has it, else --run-one",
    )
    cli.add_argument(
        "--report-only",
        action="store_true",
        help="rewrite RESULTS.md and the plot from the last results, run nothing",
    )
    cli.add_argument("--no-write", action="store_true", help="leave RESULTS.md and the plot")
    internal = cli.add_argument_group("internal (one measured process)")
    internal.add_argument("--run-one", metavar="FILE", help="load FILE and scan it, then exit")
    internal.add_argument("--run-grouper", metavar="FILE", help="string_grouper on FILE")
    internal.add_argument("--exhaustive", action="store_true", help="with --run-one: all pairs")
    internal.add_argument("--out", metavar="JSON", help="where the run writes its timings")
    internal.add_argument("--groups-out", metavar="JSON", help="with --run-one: the groups")
    internal.add_argument("--profile-out", metavar="PROF", help="with --run-one: cProfile stats")
    return cli


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.run_one or args.run_grouper:
        if not args.out:
            parser().error("--run-one and --run-grouper need --out")
        (run_one if args.run_one else run_grouper)(args)
        return 0
    if args.quick:
        args.sizes = QUICK_SIZES
    args.memory_limit *= 1024**3
    try:
        if args.report_only:
            if not RESULTS_JSON.exists():
                raise BenchmarkError(
                    f"no results to report: run the benchmark first ({RESULTS_JSON})"
                )
            results = json.loads(RESULTS_JSON.read_text(encoding="utf-8"))
        else:
            results = benchmark(args)
    except BenchmarkError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    body = markdown(results)
    print(body)
    if not args.no_write:
        write_section("scale", body)
        note = plot(results, PLOT)
        print(note, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
