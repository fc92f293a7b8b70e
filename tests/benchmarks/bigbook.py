"""The large book every benchmark runs on: N accounts x 12 monthly snapshots, seeded.

The accounts come from `bench_segments.generate`/`build` (same seed, same book). The bare book
is built once per size and seed into a cache directory, then copied for each run, where the
meetings the benchmarks open are added:

- a live strategy review (series "Bench strategy") on its first discussion section, with a
  few notes already taken, for `resume` and for typing;
- a live book-of-business review of the whole book (no scope), which opens on its segment
  queues;
- a live growth review (series "Bench health") on its data-health section, for typing there.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE.parent))

import bench_segments  # noqa: E402
import pendulum  # noqa: E402
from meeting_notes import add_note  # noqa: E402

from reviewtui.domain.clock import ManualClock  # noqa: E402
from reviewtui.services.meeting import start_meeting  # noqa: E402
from reviewtui.services.workspace import open_workspace  # noqa: E402
from reviewtui.store.schema import MIGRATIONS  # noqa: E402

# Notes already in the strategy meeting when it is resumed; the last one is looked for on screen.
NOTES = [f"earlier remark number {n} about pacing" for n in range(1, 6)]


@dataclass(frozen=True)
class BenchBook:
    path: Path
    accounts: int
    strategy_meeting: int
    queues_meeting: int
    health_meeting: int
    build_seconds: float | None  # None when the bare book came from the cache


def _cache_name(accounts: int, seed: int) -> str:
    # A change to the generator or the schema makes a new file rather than reusing a stale one.
    source = (HERE / "bench_segments.py").read_bytes()
    digest = hashlib.sha1(source + str(MIGRATIONS[-1][0]).encode()).hexdigest()[:10]
    return f"book-{accounts}-{seed}-{digest}.db"


def bare_book(cache_dir: Path, accounts: int, seed: int = 7) -> tuple[Path, float | None]:
    """The accounts-only database for this size and seed, built unless cached."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / _cache_name(accounts, seed)
    if path.exists():
        return path, None
    partial = path.with_suffix(".partial")
    for leftover in cache_dir.glob(partial.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    ws = open_workspace(partial, clock=ManualClock(pendulum.datetime(2026, 11, 26, 9, 0, tz="UTC")))
    try:
        bench_segments.build(ws, accounts, seed)
    finally:
        ws.close()
    partial.rename(path)
    return path, time.perf_counter() - started


def prepare(cache_dir: Path, workdir: Path, accounts: int, seed: int = 7) -> BenchBook:
    """A fresh copy of the book in `workdir`, with the live meetings the benchmarks use."""
    bare, spent = bare_book(cache_dir, accounts, seed)
    path = workdir / "bench.db"
    for old in workdir.glob("bench.db*"):
        old.unlink()
    shutil.copyfile(bare, path)
    # The app runs on the system clock, so the meetings are started on it too.
    ws = open_workspace(path)
    try:
        strategy = start_meeting(ws, "strategy", series="Bench strategy")
        if strategy.current.kind != "discussion":
            strategy.apply(
                strategy.clock.goto(next(i for i in strategy.items if i.kind == "discussion").id)
            )
        for text in NOTES:
            add_note(strategy, text)
        book = start_meeting(ws, "book-of-business", series="Bench book")
        if book.current.kind != "queues":
            book.apply(book.clock.goto(next(i for i in book.items if i.kind == "queues").id))
        health = start_meeting(ws, "growth", series="Bench health")
        health.apply(health.clock.goto(next(i for i in health.items if i.kind == "health").id))
        return BenchBook(path, accounts, strategy.id, book.id, health.id, spent)
    finally:
        ws.close()
