"""Time full-text search of what was said over a large history. Target: under 50 ms.

    python tests/benchmarks/bench_search.py [--notes 100000] [--runs 20] [--db FILE]

Builds (or reuses, with --db pointing at an existing file) a database of 100,000 notes in
2,000 meetings over four years, 1,000 accounts and 10,000 actions, the notes' words drawn
from a 3,000-word vocabulary with a few very common words (so some queries match a third of
all notes). Then runs a mix of queries through the service (`reviewtui.services.search`,
50 hits with snippets): a rare word, a common word, two words, a prefix, a common word for
one account, one within a CSM's accounts (as searched from a live meeting), and one since a
date; prints the median and p95 over every run, and per query.
Not collected by pytest.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pendulum

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reviewtui.domain.clock import ManualClock
from reviewtui.services.search import MeetingScope, SearchError, search
from reviewtui.services.workspace import open_workspace

KINDS = ("note", "note", "note", "decision", "risk", "insight", "blocker")
COMMON = ["renewal", "budget", "champion", "pricing", "usage", "risk", "contract", "team"]


def vocabulary(rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = set()
    while len(words) < 3000:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(4, 9))))
    return sorted(words)


def build(path: Path, notes: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    words = vocabulary(rng)
    clock = ManualClock(pendulum.datetime(2026, 11, 26, 9, tz="UTC"))
    ws = open_workspace(path, clock=clock, config=path.parent / "config")
    start = pendulum.datetime(2022, 11, 1, 9, tz="UTC")
    meetings = max(1, notes // 50)
    try:
        with ws.db.write() as conn:
            now = start.to_iso8601_string()
            conn.executemany(
                "INSERT INTO accounts (key, name, owner, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [(f"acct-{i}", f"Account {i}", f"Owner {i % 40}", now, now) for i in range(1000)],
            )
            note_id = 0
            for m in range(meetings):
                at = start.add(hours=m * 17)
                stamp = at.to_iso8601_string()
                cursor = conn.execute(
                    "INSERT INTO meetings (template, title, status, started_at)"
                    " VALUES ('scrum', ?, 'closed', ?)",
                    (f"Weekly review {m}", stamp),
                )
                meeting_id = cursor.lastrowid
                item_ids = []
                for position, title in enumerate(("Wins", "Risks", "Renewals", "Actions")):
                    item = conn.execute(
                        "INSERT INTO agenda_items (meeting_id, position, title, kind,"
                        " planned_seconds) VALUES (?, ?, ?, 'discussion', 600)",
                        (meeting_id, position, title),
                    )
                    item_ids.append(item.lastrowid)
                rows = []
                for n in range(50):
                    if note_id >= notes:
                        break
                    note_id += 1
                    size = rng.randint(6, 30)
                    text = [rng.choice(words) for _ in range(size)]
                    for _ in range(2):
                        if rng.random() < 0.4:
                            text[rng.randrange(size)] = rng.choice(COMMON)
                    if rng.random() < 0.33:
                        text.append("customer")
                    rows.append(
                        (
                            meeting_id,
                            rng.choice(item_ids),
                            rng.randint(1, 1000),
                            rng.choice(KINDS),
                            " ".join(text),
                            at.add(seconds=n * 30).to_iso8601_string(),
                            stamp if rng.random() < 0.02 else None,
                        )
                    )
                conn.executemany(
                    "INSERT INTO notes (meeting_id, agenda_item_id, account_id, kind, text,"
                    " created_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
                conn.executemany(
                    "INSERT INTO actions (meeting_id, account_id, title, owner, created_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [
                        (
                            meeting_id,
                            rng.randint(1, 1000),
                            " ".join(rng.choice(words) for _ in range(5))
                            + " "
                            + rng.choice(COMMON),
                            f"Owner {rng.randrange(40)}",
                            stamp,
                        )
                        for _ in range(5)
                    ],
                )
        ws.db.conn.execute("ANALYZE")
    finally:
        ws.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--db", type=Path, help="reuse (or build here) this database")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="bench-search-"))
    path = args.db or folder / "search.db"
    if not path.exists():
        started = time.perf_counter()
        build(path, args.notes)
        print(f"built {args.notes:,} notes in {time.perf_counter() - started:.1f} s: {path}")
    rng = random.Random(11)
    words = vocabulary(random.Random(7))
    clock = ManualClock(pendulum.datetime(2026, 11, 26, 9, tz="UTC"))
    ws = open_workspace(path, clock=clock, config=folder / "config")
    # What a live meeting over one CSM's accounts searches in (as from its search screen).
    book = tuple(ws.db.column("SELECT id FROM accounts WHERE owner = 'Owner 3'"))
    one_book = MeetingScope("Owner 3's accounts", book, None)
    queries: list[tuple[str, dict]] = [
        ("rare word", {"query": rng.choice(words)}),
        ("common word", {"query": "renewal"}),
        ("a third of all notes", {"query": "customer"}),
        ("two words", {"query": "budget champion"}),
        ("prefix", {"query": words[rng.randrange(len(words))][:3] + "*"}),
        ("common, one account", {"query": "customer", "account": "Account 17"}),
        ("common, since", {"query": "contract", "since": pendulum.date(2026, 6, 1)}),
        ("common, kind", {"query": "usage", "kind": "risk"}),
        ("common, a CSM's book", {"query": "customer", "within": one_book}),
    ]
    timings: dict[str, list[float]] = {name: [] for name, _ in queries}
    found: dict[str, int] = {}
    try:
        for _ in range(args.runs):
            for name, options in queries:
                started = time.perf_counter()
                result = search(ws, **options)
                timings[name].append(time.perf_counter() - started)
                assert not isinstance(result, SearchError), result
                found[name] = len(result)
    finally:
        ws.close()
    every = sorted(t for values in timings.values() for t in values)
    p95 = every[min(len(every) - 1, round(0.95 * len(every)) - 1)]
    print(
        f"search over {args.notes:,} notes: median {statistics.median(every) * 1000:.1f} ms,"
        f" p95 {p95 * 1000:.1f} ms ({len(every)} searches, 50 hits max)"
    )
    for name, values in timings.items():
        print(
            f"  {name:<22} median {statistics.median(values) * 1000:6.1f} ms"
            f"  max {max(values) * 1000:6.1f} ms  {found[name]} hits"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
