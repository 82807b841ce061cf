"""The report of ``scale.py``: the "Scale" section of RESULTS.md (tables of sizes, targets,
stage times, memory by step, recall and cProfile hotspots) and the plot, from the results JSON.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

Run = dict[str, Any]

TARGETS = {"time_100k": 5.0, "time_1m": 60.0, "memory_1m_mb": 4096.0, "recall": 0.99}
STAGES = (
    "start, imports, exit",
    "load the file",
    "profile labels (vocabulary.build)",
    "worker pool start and stop",
    "candidates made (own work; the workers score meanwhile)",
    "waiting for the workers (bulk filter and scoring)",
    "rest of the scoring step",
    "grouping (preference, stars)",
    "reasons of the groups' members (workers)",
    "repairs",
    "result and JSON output",
)
# Steps inside "candidates made", in the pool thread of the scanning process, beside the
# workers; shown below that stage and not added to the whole. (The blocking orders, the splits
# and the truncations are made in a worker: their time is in the workers' stage.)
OVERLAPPED = (
    ("exact and trusted pairs", ("core_order", "exact_pairs", "trusted_pairs")),
    ("fuzzy candidate codes (numpy, sorted)", ("fuzzy_steps", "fuzzy_codes")),
)


def stages(run: Run) -> dict[str, float]:
    """Seconds per stage of a --run-one scan, along the scanning process's critical path; the
    unnamed ones by difference of time marks."""
    inside = run.get("inside") or {}
    span, marks = inside.get("spans", {}), inside.get("marks", {})
    needed = ("imported", "loaded", "build:end", "group:first", "stars:end", "scan:end")
    if not all(name in marks for name in needed) or "output:end" not in marks:
        return {}

    def got(*names: str) -> float:
        return float(sum(span.get(name, 0.0) for name in names))

    # The first pool (scoring) starts at once. The candidates are made in slices, the fuzzy
    # ones a range of codes at a time, between which the pool thread waits for the workers:
    # the scanning process's own work there is the time of its steps,
    # and the rest of the window until the last slice is scored is waiting for the workers.
    started = marks.get("pool_start:first", marks["build:end"])
    scored = marks.get("accepted:end", started)
    own = got(*(name for _, names in OVERLAPPED for name in names))
    candidates = min(own, max(scored - started, 0.0))
    waiting = max(scored - started - candidates, 0.0)
    window = marks["group:first"] - marks["build:end"]
    before = got("pool_start") + candidates + waiting
    found = [
        run["wall_s"] - (marks["output:end"] - marks["imported"]),
        marks["loaded"] - marks["imported"],
        got("build"),
        got("pool_start", "pool_stop"),
        candidates,
        waiting,
        max(window - before, 0.0),
        got("stars"),
        got("reasons"),
        got("find_repairs"),
        marks["output:end"] - marks["stars:end"] - got("find_repairs", "reasons", "pool_stop"),
    ]
    return dict(zip(STAGES, found, strict=True))


def overlapped(run: Run) -> dict[str, float]:
    span = (run.get("inside") or {}).get("spans", {})
    return {label: sum(span.get(name, 0.0) for name in names) for label, names in OVERLAPPED}


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


def _memory_runs(results: dict[str, Any]) -> dict[int, Run]:
    """Per size, the run whose memory is reported: the sampled one (older results: the scan)."""
    found = _runs(results, "scan")
    found.update(_runs(results, "memory"))
    return found


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
    ("trusted_pairs", "exact and trusted pairs"),
    ("fuzzy_codes", "fuzzy candidate codes (sorted, with repeats)"),
    ("accepted", "all slices gated and scored"),
    ("stars", "groups made"),
    ("pool_stop", "members' reasons made, worker pool stopped"),
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


# Stages in which the scanning process waits for its workers; the others it works through itself.
WORKER_STAGES = (
    "waiting for the workers (bulk filter and scoring)",
    "reasons of the groups' members (workers)",
)


def _time_bound(run: Run, limit: float) -> str:
    """How far a run is from a time target, its largest stages, and how the scanning process's
    own work compares with the target (the workers' scoring comes on top of it)."""
    found = stages(run)
    parts = sorted(found.items(), key=lambda item: -item[1])
    if not parts:
        return ""
    shown = ", ".join(f"{name} {sec:.1f} s ({sec / run['wall_s']:.0%})" for name, sec in parts[:3])
    waiting = sum(found.get(name, 0.0) for name in WORKER_STAGES)
    alone = sum(found.values()) - waiting
    verdict = (
        "by itself over the target: the own work must get faster, not only the scoring"
        if alone >= limit
        else f"the workers' part would have to shrink to {limit - alone:.1f} s"
    )
    return (
        f"largest stages: {shown}. In the run that times the stages ({run['wall_s']:.1f} s) the "
        f"scanning process's own work takes {alone:.1f} s ({alone / limit:.1f}x the target) and "
        f"waiting for the workers {waiting:.1f} s: {verdict}"
    )


def _memory_bound(run: Run | None, detail: Run | None) -> str:
    """Where the scanning process reaches its peak, and what the scoring workers add."""
    if run is None:
        return ""
    text = f"biggest process {run['peak_rss_mb']:,.0f} MB"
    if run.get("group_pss_mb") is not None:
        text += f", all processes together {run['group_pss_mb']:,.0f} MB (PSS)"
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
    run = _memory_runs(results).get(1_000_000)
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


def _load(results: dict[str, Any]) -> str:
    """Other work on the machine while the runs were made: timings on a busy machine are slow."""
    loads = [run["load_before"] for run in results["runs"] if "load_before" in run]
    if not loads:
        return ""
    return (
        f" The machine's 1-minute load average before each run was {min(loads):.1f} to "
        f"{max(loads):.1f} (2 cores: above about 0.5, other work shared them and the times are "
        "slower than on an idle machine)."
    )


def markdown(results: dict[str, Any]) -> str:
    env = results["environment"]
    scans, groupers = _runs(results, "scan"), _runs(results, "string_grouper")
    memory = _memory_runs(results)
    versions = ", ".join(f"{k} {v}" for k, v in env["versions"].items() if v)
    lines = [
        "## Scale",
        "",
        f"Made by `{env['command']}` on {env['date']}: {env['machine']}, "
        f"{env['memory_gb']} GB; {versions}; engine at {_engine(results)}; seed "
        f"{results['seed']}. Scan runner: `{results['runner']}`. Each run is a fresh process: "
        "time from launch to exit, in a run that is not sampled; memory, from a second run of "
        "the same command, is the larger of the biggest process's peak RSS (`wait4`) and the "
        "peak sum of the PSS of all its processes (sampled every 0.2 s), so that forked "
        "workers' shared pages count once (reading the PSS walks every page: at 1M labels the "
        "sampling slowed the run it sampled by about 7 s). Vocabularies: `benchmarks/variants.py`. "
        "How the scan would split over a cluster: `docs/scaling.md`."
        + _load(results)
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
        kept = f"{_n(counts.get('fuzzy_candidates'))} ({_n(counts.get('scored'))})"
        held = memory.get(size, run)["memory_mb"]
        cells = [f"{size:,}", _seconds(run), _n(held), _n(counts.get("groups"))]
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
        lines += [
            "",
            "### Where the time goes (seconds, from inside `--run-one`)",
            "",
            "Along the scanning process's own path: the forked workers fill their arrays, "
            "make the blocking orders, the splits and the truncations, and gate and score "
            "the candidate slices while it makes them, so their time is in the two stages "
            'from "candidates made" on. The "of which" rows run in a thread beside the '
            "workers, and are not added to the whole.",
            "",
        ]
        lines.append("| stage | " + " | ".join(f"{size:,}" for size in timed) + " |")
        lines.append("| --- |" + " ---: |" * len(timed))
        walls = " | ".join(f"{details[size]['wall_s']:.2f}" for size in timed)
        lines.append(f"| **whole run** | {walls} |")
        for label in STAGES:
            lines.append(
                f"| {label} | " + " | ".join(f"{timed[size][label]:.2f}" for size in timed) + " |"
            )
            if label.startswith("candidates made"):
                inner = {size: overlapped(details[size]) for size in timed}
                for name, _ in OVERLAPPED:
                    cells = " | ".join(f"{inner[size][name]:.2f}" for size in timed)
                    lines.append(f"| &nbsp;&nbsp;of which {name} | {cells} |")
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
            held = _memory_runs(results) if kind == "scan" else _runs(results, kind)
            memory = [held.get(run["size"], run)["memory_mb"] / 1024 for run in done]
            right.plot(sizes, memory, style, label=name)
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
