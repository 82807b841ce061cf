"""How the scan scales: wall time and memory from 10k to 1M labels, and recall of blocking.

For each size a vocabulary is grown from the real tags (see ``variants.py``) and cached under
``benchmarks/.cache/``. Every measured run is a fresh process (``python -m taxonomy scan FILE
--format json`` when the CLI has that command, else ``python benchmarks/scale.py --run-one FILE``),
so that the time counts interpreter start, imports, loading and output as a user would see them.
The processes run from a snapshot of ``taxonomy/`` taken at the start (``.cache/engine-<digest>``),
so that the whole run measures one engine even while the tree is being edited.

- time: from launching the process to reaping it, in the parent;
- memory: the larger of ``ru_maxrss`` from ``os.wait4`` (the biggest single process of the run,
  including the children it reaped) and the peak sum of the PSS of every process of its process
  group, sampled every 0.2 s (forked scoring workers share pages with the scan: PSS counts a
  shared page once); a run is killed when it passes ``--memory-limit``;
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
(between its markers) and the plot ``benchmarks/scale.png`` (skipped when matplotlib is missing).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
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


def _group_pss(pgid: int) -> int:
    """Bytes of memory held by a process group: the sum of its processes' proportional set
    sizes (PSS), so that pages a forked worker shares with its parent count once."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stream:
                fields = stream.read().rsplit(b")", 1)[1].split()
            if int(fields[2]) != pgid:  # fields after the name: state, ppid, pgrp, ...
                continue
            with open(f"/proc/{entry.name}/smaps_rollup", "rb") as stream:
                for line in stream:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except (OSError, IndexError, ValueError):
            continue
    return total


def measure(command: Sequence[str], timeout: float, memory_limit: float) -> Run:
    """Run ``command`` in its own process group; wall time, peak RSS, and how it ended."""
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
            group_peak = max(group_peak, _group_pss(process.pid))
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
        "memory_mb": max(reaped["usage"].ru_maxrss / 1024, group_peak / MB),
        "group_pss_mb": group_peak / MB,
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
    runner = args.runner if kind == "scan" else "run-one"
    run = measure(scan_command(file, runner, out, extra), args.scan_timeout, args.memory_limit)
    run.update(kind=kind, size=size, runner=runner, inside=_read_json(out))
    _say(run)
    return run


def measured_grouper(file: Path, size: int, args: argparse.Namespace) -> Run:
    out = CACHE / f"run-grouper-{size}.json"
    out.unlink(missing_ok=True)
    script = str(ROOT / "benchmarks" / "scale.py")
    command = [sys.executable, script, "--run-grouper", str(file), "--out", str(out)]
    run = measure(command, args.timeout, args.memory_limit)
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
    ("taxonomy.scan", "find_splits", "find_splits"),
    ("taxonomy.scan", "find_truncations", "find_truncations"),
    ("taxonomy.scan", "preference", "preference"),
    ("taxonomy.scan", "stars", "stars"),
    ("taxonomy.scan", "find_repairs", "find_repairs"),
    ("taxonomy.candidates", "exact_pairs", "exact_pairs"),
    ("taxonomy.candidates", "trusted_pairs", "trusted_pairs"),
    ("taxonomy.candidates", "fuzzy_codes", "fuzzy_codes"),
)
TIMED_METHODS = (
    ("taxonomy.candidates", "StemVectors", "of", "prefilter"),
    ("taxonomy.candidates", "StemVectors", "cosine", "prefilter"),
    ("taxonomy.parallel", "BulkScorer", "scores", "bulk_scores"),
    ("taxonomy.parallel", "BulkScorer", "__enter__", "pool"),
    ("taxonomy.parallel", "BulkScorer", "__exit__", "pool"),
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
    candidates_module: Any = import_module("taxonomy.candidates")
    candidates_module.process = _TimedProcess(clock, candidates_module.process)
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


# --- the report --------------------------------------------------------------------------------

TARGETS = {"time_100k": 5.0, "time_1m": 60.0, "memory_1m_mb": 4096.0, "recall": 0.99}
STAGES = (
    "start, imports, exit",
    "load the file",
    "profile labels (vocabulary.build)",
    "splits",
    "truncations",
    "exact and trusted pairs",
    "fuzzy candidate codes (numpy)",
    "filter keys, dedup against exact pairs",
    "bulk gate (stem cosine, rapidfuzz cpdist)",
    "scoring (BulkScorer.scores)",
    "worker pool start and stop",
    "rest of the scoring loop (reasons of accepted pairs)",
    "grouping (preference, stars)",
    "repairs",
    "result and JSON output",
)


def stages(run: Run) -> dict[str, float]:
    """Seconds per stage of a --run-one scan; the unnamed ones by difference of time marks."""
    inside = run.get("inside") or {}
    span, marks = inside.get("spans", {}), inside.get("marks", {})
    needed = ("imported", "loaded", "find_truncations:end", "group:first", "stars:end", "scan:end")
    if not all(name in marks for name in needed) or "output:end" not in marks:
        return {}

    def got(*names: str) -> float:
        return float(sum(span.get(name, 0.0) for name in names))

    dedup = marks.get("prefilter:first", 0.0) - marks.get("fuzzy_codes:end", 0.0)
    window = marks["group:first"] - marks["find_truncations:end"]
    parts = got("exact_pairs", "trusted_pairs", "fuzzy_codes", "prefilter", "bulk_scores", "pool")
    found = [
        run["wall_s"] - (marks["output:end"] - marks["imported"]),
        marks["loaded"] - marks["imported"],
        got("build"),
        got("find_splits"),
        got("find_truncations"),
        got("exact_pairs", "trusted_pairs"),
        got("fuzzy_codes"),
        max(dedup, 0.0),
        got("prefilter"),
        got("bulk_scores"),
        got("pool"),
        window - parts - max(dedup, 0.0),
        got("preference", "stars"),
        got("find_repairs"),
        marks["output:end"] - marks["stars:end"] - got("find_repairs"),
    ]
    return dict(zip(STAGES, found, strict=True))


def hotspots(profile: Path, top: int = 15) -> dict[str, list[dict[str, Any]]]:
    """The functions with the most own time in a cProfile dump, and the engine's functions with
    the most cumulative time (which steps the own time sits under)."""
    import pstats

    dump: Any = pstats.Stats(str(profile))
    stats = dump.stats  # {(file, line, name): (calls, ncalls, own, cumulative, callers)}
    total = sum(entry[2] for entry in stats.values())

    def rows(items: list[Any]) -> list[dict[str, Any]]:
        return [
            {
                "function": _where(key),
                "calls": entry[1],
                "own_s": round(entry[2], 2),
                "own_share": round(entry[2] / total, 3) if total else 0.0,
                "cumulative_s": round(entry[3], 2),
            }
            for key, entry in items
        ]

    engine = [item for item in stats.items() if "/taxonomy/" in item[0][0]]
    return {
        "own": rows(sorted(stats.items(), key=lambda item: -item[1][2])[:top]),
        "cumulative": rows(sorted(engine, key=lambda item: -item[1][3])[:top]),
    }


def _where(key: tuple[str, int, str]) -> str:
    file, line, name = key
    if file == "~":
        return name
    parts = Path(file).parts
    # the engine's files by their path in the package (the run may use a snapshot of it)
    shown = "/".join(parts[parts.index("taxonomy") :]) if "taxonomy" in parts else parts[-1]
    return f"{shown}:{line}({name})"


def _runs(results: dict[str, Any], kind: str) -> dict[int, Run]:
    return {run["size"]: run for run in results["runs"] if run["kind"] == kind}


def _details(results: dict[str, Any]) -> dict[int, Run]:
    """Per size, the --run-one run that timed the stages (the scan run itself, or an extra one)."""
    found = {size: run for size, run in _runs(results, "scan").items() if run.get("inside")}
    found.update(_runs(results, "stages"))
    return found


def _seconds(run: Run | None) -> str:
    if run is None:
        return "not run"
    if run["status"] == "ok":
        return f"{run['wall_s']:.1f}"
    return f"{run['status']} after {run['wall_s']:.0f}"


MEMORY_STEPS = (
    ("loaded", "file loaded"),
    ("build", "labels profiled"),
    ("find_truncations", "splits and truncations found"),
    ("trusted_pairs", "exact and trusted pairs"),
    ("fuzzy_codes", "fuzzy candidate codes"),
    ("prefilter:first", "filter keys built, before the bulk gate"),
    ("pool", "worker pool stopped"),
    ("group:first", "all pairs scored"),
    ("stars", "groups made"),
    ("scan:end", "scan returned"),
    ("output:end", "JSON written"),
)


def _memory_table(details: dict[int, Run]) -> list[str]:
    memory = {
        size: (run.get("inside") or {}).get("memory", {}) for size, run in sorted(details.items())
    }
    memory = {size: found for size, found in memory.items() if found}
    if not memory:
        return []
    lines = [
        "",
        "### Memory of the scanning process after each step (MB: resident now / peak so far)",
        "",
        "Forked scoring workers are not in these numbers; they are in the memory column above.",
        "",
        "| after | " + " | ".join(f"{size:,}" for size in memory) + " |",
        "| --- |" + " ---: |" * len(memory),
    ]
    for key, label in MEMORY_STEPS:
        cells = [
            f"{found[key][0]:,.0f} / {found[key][1]:,.0f}" if key in found else "-"
            for found in memory.values()
        ]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def _engine(results: dict[str, Any]) -> str:
    found = results.get("engine", {})
    return f"commit {found.get('commit')} (package files {found.get('digest')}, snapshotted)"


def _n(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def _time_bound(run: Run, limit: float) -> str:
    """How far a run is from a time target, its largest stages, and what is left without them."""
    parts = sorted(stages(run).items(), key=lambda item: -item[1])
    if not parts:
        return ""
    shown = ", ".join(f"{name} {sec:.1f} s ({sec / run['wall_s']:.0%})" for name, sec in parts[:3])
    rest = run["wall_s"] - parts[0][1] - parts[1][1]
    return (
        f"largest stages: {shown}. Without the two largest the rest still takes {rest:.1f} s "
        f"({rest / limit:.1f}x the target): no one stage bounds it"
        if rest >= limit
        else f"largest stages: {shown}"
    )


def _memory_bound(run: Run | None, detail: Run | None) -> str:
    """Where the scanning process reaches its peak, and what the scoring workers add."""
    if run is None:
        return ""
    text = (
        f"biggest process {run['peak_rss_mb']:,.0f} MB, all processes together "
        f"{run['group_pss_mb']:,.0f} MB (PSS)"
    )
    memory = ((detail or {}).get("inside") or {}).get("memory", {})
    before, step, jump = 0.0, "", 0.0
    for key, label in MEMORY_STEPS:
        if key in memory:
            if memory[key][1] - before > jump:
                step, jump = label, memory[key][1] - before
            before = memory[key][1]
    if step:
        text += f"; the scanning process's peak rises most ({jump:,.0f} MB) by: {step}"
    return text


def _targets(results: dict[str, Any]) -> list[str]:
    scans, groupers = _runs(results, "scan"), _runs(results, "string_grouper")
    details = _details(results)
    rows = ["| target | measured | met | what bounds it |", "| --- | --- | --- | --- |"]

    def time_row(size: int, limit: float, name: str) -> None:
        run = scans.get(size)
        if run is None or run["status"] != "ok":
            why = "not measured in this run" if run is None else "the run did not finish"
            rows.append(f"| {name} | {_seconds(run)} | no | {why} |")
            return
        met = run["wall_s"] < limit
        bound = "" if met else f"{run['wall_s'] / limit:.1f}x the target"
        if not met and size in details:
            bound += "; " + _time_bound(details[size], limit)
        rows.append(f"| {name} | {run['wall_s']:.1f} s | {'yes' if met else 'no'} | {bound} |")

    time_row(100_000, TARGETS["time_100k"], "100k labels under 5 s")
    time_row(1_000_000, TARGETS["time_1m"], "1M labels under 60 s")
    run = scans.get(1_000_000)
    if run is not None:
        peak = run["memory_mb"]
        met = run["status"] == "ok" and peak < TARGETS["memory_1m_mb"]
        bound = f"{peak / TARGETS['memory_1m_mb']:.2f}x the target; " if not met else ""
        bound += _memory_bound(run, details.get(1_000_000))
        rows.append(
            f"| 1M labels under 4 GB | {peak:,.0f} MB | {'yes' if met else 'no'} | {bound} |"
        )
    else:
        rows.append("| 1M labels under 4 GB | not run | no | |")
    found = results.get("recall")
    if found:
        met = found["recall"] >= TARGETS["recall"]
        bound = f"{found['pairs'] - found['found']} of {found['pairs']:,} pairs missed (below)"
        rows.append(
            f"| recall >= 0.99 on {found['size']:,} labels | {found['recall']:.4f} "
            f"| {'yes' if met else 'no'} | {bound} |"
        )
    else:
        rows.append("| recall >= 0.99 on 20k labels | not measured | no | |")
    if groupers:
        verdicts = []
        for size, run in sorted(scans.items()):
            other = groupers.get(size)
            if other is None or run["status"] != "ok":
                continue
            faster = run["wall_s"] < other["wall_s"]  # a stopped string_grouper took longer
            if not faster:
                extra = run["wall_s"] - other["wall_s"]
                verdicts.append(
                    f"slower at {size:,} by {extra:.1f} s ({extra / other['wall_s']:.0%})"
                )
        text = "; ".join(verdicts) or "faster at every size run"
        rows.append(
            f"| faster than string_grouper at every size | {text} "
            f"| {'no' if verdicts else 'yes'} | |"
        )
    else:
        rows.append(f"| faster than string_grouper | {results['string_grouper']} | - | |")
    return rows


_SNAPSHOT = re.compile(r"^benchmarks/\.cache/engine-[0-9a-f]+/")


def markdown(results: dict[str, Any]) -> str:
    env = results["environment"]
    scans, groupers = _runs(results, "scan"), _runs(results, "string_grouper")
    versions = ", ".join(f"{k} {v}" for k, v in env["versions"].items() if v)
    lines = [
        "## Scale",
        "",
        f"Made by `{env['command']}` on {env['date']}: {env['machine']}, "
        f"{env['memory_gb']} GB; {versions}; engine at {_engine(results)}; seed "
        f"{results['seed']}. Scan runner: `{results['runner']}`. Each run is a fresh process: "
        "time from launch to exit; memory is the larger of the biggest process's peak RSS "
        "(`wait4`) and the peak sum of the PSS of all its processes (sampled every 0.2 s), so "
        "that forked workers' shared pages count once. Vocabularies: `benchmarks/variants.py`. "
        "How the scan would split over a cluster: `docs/scaling.md`."
        + ("" if results.get("complete") else " **Partial: the run had not finished.**"),
        "",
        "| labels | scan (s) | scan memory (MB) | groups | labels in groups "
        "| fuzzy candidate pairs (pairs scored) | string_grouper (s) | string_grouper memory (MB) "
        "| string_grouper / scan time |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    details = _details(results)
    for size in sorted(scans):
        run, other = scans[size], groupers.get(size)
        counts = (details.get(size, {}).get("inside") or {}).get("counts", {})
        kept = f"{_n(counts.get('candidates_total'))} ({_n(counts.get('scored'))})"
        cells = [f"{size:,}", _seconds(run), _n(run["memory_mb"]), _n(counts.get("groups"))]
        cells += [_n(counts.get("grouped")), kept]
        if other:
            done = other["status"] == run["status"] == "ok"
            ratio = f"{other['wall_s'] / run['wall_s']:.2f}x" if done else "-"
            cells += [_seconds(other), _n(other["memory_mb"]), ratio]
        else:
            cells += [results["string_grouper"], "-", "-"]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "![scan time against vocabulary size, log-log](scale.png)", "", "### Targets", ""]
    lines += _targets(results)
    timed = {size: stages(run) for size, run in sorted(details.items()) if stages(run)}
    if timed:
        lines += ["", "### Where the time goes (seconds, from inside `--run-one`)", ""]
        lines.append("| stage | " + " | ".join(f"{size:,}" for size in timed) + " |")
        lines.append("| --- |" + " ---: |" * len(timed))
        walls = " | ".join(f"{details[size]['wall_s']:.2f}" for size in timed)
        lines.append(f"| **whole run** | {walls} |")
        for label in STAGES:
            lines.append(
                f"| {label} | " + " | ".join(f"{timed[size][label]:.2f}" for size in timed) + " |"
            )
    lines += _memory_table(details)
    found = results.get("recall")
    pair = _runs(results, "recall-blocked"), _runs(results, "recall-exhaustive")
    if found:
        size = found["size"]
        blocked, full = pair[0][size], pair[1][size]
        lines += [
            "",
            f"### Recall of blocking on {size:,} labels",
            "",
            f"Blocked scan {blocked['wall_s']:.1f} s, exhaustive (all pairs) scan "
            f"{full['wall_s']:.1f} s ({full['memory_mb']:,.0f} MB). The exhaustive run groups "
            f"{found['pairs']:,} (member, canonical) pairs; the blocked run puts "
            f"{found['found']:,} of them in one group: recall **{found['recall']:.4f}**.",
        ]
        if found["missed_examples"]:
            shown = "; ".join(f"`{a}` / `{b}`" for a, b in found["missed_examples"][:10])
            lines.append(f"Missed, for example: {shown}.")
    for size, found in results.get("profiles", {}).items():
        for key, title in (("own", "by own time"), ("cumulative", "engine functions, cumulative")):
            lines += [
                "",
                f"### Hotspots at {int(size):,} labels (cProfile, scoring kept in one process; "
                f"{title})",
                "",
                "| function | calls | own (s) | share of all own time | cumulative (s) |",
                "| --- | ---: | ---: | ---: | ---: |",
            ]
            lines += [
                f"| `{_SNAPSHOT.sub('', r['function'])}` | {r['calls']:,} | {r['own_s']:.1f} | "
                f"{r['own_share']:.0%} | {r['cumulative_s']:.1f} |"
                for r in found[key]
            ]
    return "\n".join(lines) + "\n"


def plot(results: dict[str, Any], path: Path) -> str:
    """A log-log plot of wall time (and peak memory) against size; skipped without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "note: matplotlib is not installed; no plot (pip install matplotlib)"
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
    for kind, name, style in (
        ("scan", "taxonomy scan", "o-"),
        ("string_grouper", "string_grouper", "s--"),
    ):
        runs = sorted(_runs(results, kind).values(), key=lambda run: run["size"])
        done = [run for run in runs if run["status"] == "ok"]
        if done:
            sizes = [run["size"] for run in done]
            left.plot(sizes, [run["wall_s"] for run in done], style, label=name)
            right.plot(sizes, [run["memory_mb"] / 1024 for run in done], style, label=name)
        stopped = [run for run in runs if run["status"] != "ok"]
        if stopped:
            left.plot(
                [run["size"] for run in stopped],
                [run["wall_s"] for run in stopped],
                "x",
                markersize=10,
                label=f"{name} stopped at the timeout",
            )
    left.plot(
        [100_000, 1_000_000],
        [TARGETS["time_100k"], TARGETS["time_1m"]],
        "r*",
        markersize=12,
        label="targets",
    )
    right.plot([1_000_000], [TARGETS["memory_1m_mb"] / 1024], "r*", markersize=12, label="target")
    for axis, unit in ((left, "wall time (s)"), (right, "peak memory (GB)")):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("labels")
        axis.set_ylabel(unit)
        axis.grid(True, which="both", alpha=0.3)
        axis.legend()
    left.set_title("Whole-process time")
    right.set_title("Peak memory (PSS of all processes)")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return f"plot written to {path}"


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
        for name in ("scale.py", "variants.py", "_common.py"):
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
