"""The scan engine on golden vocabularies (tests/data/scan/*.yaml) and on the bundled example."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from taxonomy import load
from taxonomy.model import Inventory, Label, ScanResult
from taxonomy.scan import Explained, ScanOptions, scan

CASES = sorted((Path(__file__).parent / "data" / "scan").glob("*.yaml"))


def _inventory(case: dict[str, Any]) -> Inventory:
    labels = []
    for item in case["labels"]:
        if isinstance(item, str):
            labels.append(Label(item))
        else:
            labels.append(Label(item["label"], item.get("count")))
    return Inventory(source="case", format="text", labels=tuple(labels))


def _groups(result: ScanResult) -> dict[str, list[str]]:
    return {g.canonical: [m.label for m in g.members] for g in result.groups}


def _group_of(result: ScanResult, label: str) -> str | None:
    for group in result.groups:
        if any(m.label == label for m in group.members):
            return group.canonical
    return None


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden_case(path: Path) -> None:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    result = scan(_inventory(case), ScanOptions(threshold=case.get("threshold", 85.0)))
    groups = _groups(result)
    for expected in case.get("groups", []):
        canonical, *members = expected
        assert canonical in groups, f"no group kept {canonical!r}; groups: {groups}"
        assert sorted(groups[canonical]) == sorted([canonical, *members])
        assert groups[canonical][0] == canonical
    if case.get("only_these_groups"):
        assert len(groups) == len(case.get("groups", []))
    for a, b in case.get("apart", []):
        assert _group_of(result, a) is None or _group_of(result, a) != _group_of(result, b)
    splits = {s.label: list(s.parts) for s in result.splits}
    for label, parts in case.get("splits", {}).items():
        assert splits.get(label) == parts
    repairs = {r.label: r.suggestion for r in result.repairs}
    for label, suggestion in case.get("repairs", {}).items():
        assert repairs.get(label) == suggestion
    for label in case.get("not_repaired", []):
        assert label not in repairs
    reasons = {m.label: m.reason for g in result.groups for m in g.members}
    for label, words in case.get("reason_mentions", {}).items():
        for word in words:
            assert word in reasons[label], f"{word!r} not in the reason {reasons[label]!r}"


def test_a_label_is_in_at_most_one_group_and_members_include_canonical() -> None:
    result = scan(load())
    seen: list[str] = []
    for group in result.groups:
        assert group.members[0].label == group.canonical
        seen.extend(m.label for m in group.members)
    split_labels = {s.label for s in result.splits}
    assert len(seen) == len(set(seen))
    assert not split_labels & set(seen)


def test_bundled_example_finds_the_known_duplicates_and_none_of_the_traps() -> None:
    result = scan(load())
    groups = _groups(result)
    assert sorted(groups["Mongolia and USA"]) == ["Mongolia and US", "Mongolia and USA"]
    assert sorted(groups["Mongolia and Cuba"]) == ["Mongolia and Cuba", "Mongolian and Cuba"]
    assert sorted(groups["Mongolia and India"]) == ["Mongolia and Ind", "Mongolia and India"]
    assert sorted(groups["Mongolia History"]) == ["Mongolia History", "Mongolian History"]
    traps = [
        ("Mongolia and India", "Mongolia and Indonesia"),
        ("Mongolia and Iran", "Mongolia and Israel"),
        ("Mongolia and Austria", "Mongolia and Australia"),
        ("Mongolia and UK", "Mongolia and US"),
        ("Mongolia and UK", "Mongolia and UN"),
        ("Mongolia and US", "Mongolia and UN"),
        ("Mongolia and IFC", "Mongolia and IMF"),
        ("Mongolia and EU", "Mongolia and UN"),
        ("Mongolia Health", "Mongolia History"),
        ("Mongolia Mining", "Mongolia Mining Developments"),
        ("Mongolia and Korea", "Mongolia and South Korea"),
    ]
    for a, b in traps:
        assert _group_of(result, a) is None or _group_of(result, a) != _group_of(result, b)
    splits = {s.label: list(s.parts) for s in result.splits}
    assert splits["Mongolia and Russia and Mongolia and China"] == [
        "Mongolia and Russia",
        "Mongolia and China",
    ]
    repairs = {r.label: r.suggestion for r in result.repairs}
    assert repairs["Mongolia and North Korean"] == "Mongolia and North Korea"
    assert repairs["Mongolia and Hongkong"] == "Mongolia and Hong Kong"
    assert repairs["Mongolia and Nato"] == "Mongolia and NATO"
    assert repairs["Mongolia and Belorussia"] == "Mongolia and Belarus"


def test_threshold_trades_recall_for_precision() -> None:
    inventory = load()
    loose = scan(inventory, ScanOptions(threshold=60))
    strict = scan(inventory, ScanOptions(threshold=99))
    assert len(strict.groups) < len(scan(inventory).groups) < len(loose.groups)


def test_explain_keeps_vetoed_and_near_pairs() -> None:
    result = scan(load(), ScanOptions(explain=True))
    assert isinstance(result, Explained)
    verdicts = {(e.a, e.b): e.verdict for e in result.evidence}
    assert verdicts[("Mongolia and India", "Mongolia and Indonesia")] == "vetoed"
    assert verdicts[("Mongolia Mining", "Mongolia Mining Developments")] == "below threshold"


def test_blocking_finds_what_all_pairs_find_on_the_bundled_example() -> None:
    inventory = load()
    blocked = scan(inventory)
    exhaustive = scan(inventory, ScanOptions(exhaustive=True))
    assert _groups(blocked) == _groups(exhaustive)


def test_threshold_out_of_range_is_a_usage_error() -> None:
    from taxonomy.errors import UsageError

    with pytest.raises(UsageError, match="between 0 and 100"):
        ScanOptions(threshold=120)


def test_distinct_pairs_are_never_grouped_even_through_a_third_label() -> None:
    labels = ("Travel", "travel", "Travels", "Cooking")
    inventory = Inventory("t", "text", tuple(Label(n) for n in labels))
    assert len(scan(inventory).groups[0].members) == 3
    options = ScanOptions(distinct=frozenset({frozenset({"travel", "Travels"})}))
    result = scan(inventory, options)
    for group in result.groups:
        assert {"travel", "Travels"} - {m.label for m in group.members}


def test_explained_and_blocked_scans_group_alike() -> None:
    # --explain scores the candidates one by one in this process; a plain scan scores slices of
    # codes (in workers when large): both must accept the same pairs.
    inventory = load()
    assert _groups(scan(inventory, ScanOptions(explain=True))) == _groups(scan(inventory))


def test_scan_leaves_the_cycle_collector_as_it_found_it() -> None:
    import gc

    inventory = Inventory("t", "text", (Label("Travel"), Label("travels")))
    assert gc.isenabled()
    scan(inventory)
    assert gc.isenabled()
    gc.disable()
    try:
        scan(inventory)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_resumes_without_walking_what_the_scan_made() -> None:
    import gc

    from taxonomy.scan import collector_paused

    with collector_paused():
        made = [[k] for k in range(20_000)]
        assert gc.get_count()[0] > len(made) // 2  # young, while the collector is paused
    # Moved to the oldest generation: no young collection is due to walk them.
    assert gc.isenabled() and gc.get_count()[0] < 1_000
    assert gc.get_freeze_count() == 0


def test_the_collector_leaves_what_the_caller_froze_frozen() -> None:
    import gc

    from taxonomy.scan import collector_paused

    kept = [[k] for k in range(1_000)]
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector_paused():
            made = [[k] for k in range(1_000)]
        assert gc.isenabled() and gc.get_freeze_count() == frozen
        assert len(made) == len(kept)
    finally:
        gc.unfreeze()


def test_a_reason_names_the_terms_in_the_pair_s_order_whatever_was_scored_before() -> None:
    from taxonomy.match import Matcher
    from taxonomy.vocabulary import build

    vocab, profiles = build(["distribution", "distributed"])
    fresh = Matcher(profiles, vocab).compare(0, 1)
    assert fresh.reason == "'distribution' and 'distributed' share the stem 'distribut'"
    seasoned = Matcher(profiles, vocab)
    seasoned.compare(1, 0)
    assert seasoned.compare(0, 1) == fresh


def test_candidate_slices_hold_each_pair_once_whatever_their_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import numpy as np

    from taxonomy import candidates, keyed
    from taxonomy.vocabulary import build

    vocab, profiles = build(load().names)
    exact = np.union1d(keyed.exact_codes(profiles), keyed.trusted_codes(profiles, vocab))
    expected = set(exact.tolist()) | set(candidates.fuzzy_codes(profiles, vocab).tolist())
    whole = list(candidates.candidates(profiles, vocab))
    monkeypatch.setattr(candidates, "CHUNK", 7)
    monkeypatch.setattr(candidates, "RAW_PART", 100)  # several ranges of fuzzy codes
    parts = list(candidates.tasks(profiles, vocab))
    codes = np.concatenate([task.codes for task in parts]).tolist()
    assert len(parts) > 10
    assert len(codes) == len(set(codes)) and set(codes) == expected
    assert sum(task.weight for task in parts) == parts[-1].total
    assert list(candidates.candidates(profiles, vocab)) == whole
