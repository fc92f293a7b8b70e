"""Time every built-in segment over a large generated book.

    python tests/benchmarks/bench_segments.py [--accounts 100000] [--runs 5] [--seed 7]

Builds a database in a temporary directory with N accounts and 12 monthly snapshots each
(seeded, so every run builds the same book), then evaluates all built-in segments as of
2026-11-26 and prints the median of the runs. Target: under 300 ms for 100,000 accounts.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pendulum

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reviewtui.domain.clock import ManualClock
from reviewtui.services.segments import evaluate_segments, load_segments
from reviewtui.services.workspace import Workspace, open_workspace
from reviewtui.store import trends
from reviewtui.store.accounts import ACCOUNT_COLUMNS, SNAPSHOT_FIELDS

AS_OF = pendulum.date(2026, 11, 26)
OWNERS = [f"CSM {n:02d}" for n in range(40)]
LIFECYCLES = ["active"] * 80 + ["onboarding"] * 6 + ["trial", "poc", "opt-out"] + ["churned"] * 5
MONTHS = [AS_OF.subtract(months=m).isoformat() for m in range(11, -1, -1)]
TIERS = ["strategic"] + ["enterprise"] * 9 + ["mid-market"] * 30 + ["smb"] * 60


def _day(offset: int) -> str:
    return AS_OF.add(days=offset).isoformat()


def _maybe(rng: random.Random, value: object, empty: float = 0.05) -> object:
    return None if rng.random() < empty else value


def _status(health: float | None) -> str | None:
    if health is None:
        return None
    return "red" if health < 40 else "yellow" if health < 70 else "green"


def generate(
    count: int, seed: int = 7
) -> Iterator[tuple[dict[str, object], list[dict[str, object]]]]:
    """(account fields, 12 monthly snapshots oldest first) for `count` accounts."""
    rng = random.Random(seed)
    for number in range(count):
        health = round(rng.uniform(0, 100), 1)
        lifecycle = rng.choice(LIFECYCLES)
        account: dict[str, object] = {
            "key": f"account {number:06d}",
            "name": f"Account {number:06d}",
            "owner": rng.choice(OWNERS),
            "arr_cents": int(rng.lognormvariate(15, 1.2)),
            "client_since": _day(-rng.randint(0, 6 * 365)),
            "renewal_date": _maybe(rng, _day(rng.randint(-60, 365))),
            "health": _maybe(rng, health),
            "status": _status(health),
            "status_changed_on": _maybe(rng, _day(-rng.randint(0, 200)), 0.2),
            "lifecycle": lifecycle,
            "last_engaged": _maybe(rng, _day(-rng.randint(0, 120))),
            "nps": _maybe(rng, rng.randint(-100, 100), 0.3),
            "tier": rng.choice(TIERS),
            "usage": _maybe(rng, round(rng.uniform(0, 100), 1)),
            "goals": rng.choice(["achieved", "missing", "on track", None]),
            "expansion": int(rng.random() < 0.1),
            "is_media": int(rng.random() < 0.3),
            "churned_on": _day(-rng.randint(0, 400)) if lifecycle == "churned" else None,
            "renewed_on": _maybe(rng, _day(-rng.randint(0, 365)), 0.7),
        }
        snaps = []
        walk = health
        for month in MONTHS:
            walk = min(100.0, max(0.0, walk + rng.uniform(-12, 12)))
            snaps.append(
                {
                    "as_of": month,
                    "health": round(walk, 1),
                    "usage": round(rng.uniform(0, 100), 1),
                    "nps": rng.randint(-100, 100),
                    "arr_cents": account["arr_cents"],
                    "status": _status(walk),
                    "spend_cents": rng.randint(0, 5_000_000),
                    "cost_per_lead_cents": rng.randint(100, 20_000),
                    "leads": rng.randint(0, 500),
                }
            )
        yield account, snaps


def build(ws: Workspace, count: int, seed: int) -> None:
    now = ws.clock.now().in_timezone("UTC").to_iso8601_string()
    account_columns = [c for c in ACCOUNT_COLUMNS if c not in ("external_id", "tcv_cents")]
    snap_columns = ["account_id", "as_of", *SNAPSHOT_FIELDS]
    account_sql = (
        f"INSERT INTO accounts (id, {', '.join(account_columns)}, created_at, updated_at)"
        f" VALUES ({', '.join('?' for _ in range(len(account_columns) + 3))})"
    )
    snap_sql = (
        f"INSERT INTO metric_snapshots ({', '.join(snap_columns)})"
        f" VALUES ({', '.join('?' for _ in snap_columns)})"
    )
    accounts: list[tuple[object, ...]] = []
    snapshots: list[tuple[object, ...]] = []
    with ws.db.write() as conn:
        for number, (account, snaps) in enumerate(generate(count, seed), start=1):
            accounts.append((number, *(account.get(c) for c in account_columns), now, now))
            snapshots.extend(
                (number, s["as_of"], *(s.get(c) for c in SNAPSHOT_FIELDS)) for s in snaps
            )
            if len(snapshots) >= 120_000:
                conn.executemany(account_sql, accounts)
                conn.executemany(snap_sql, snapshots)
                accounts, snapshots = [], []
        conn.executemany(account_sql, accounts)
        conn.executemany(snap_sql, snapshots)
        # Written around the store, as another program would: the queues' summaries of the
        # history are rebuilt as an import rebuilds them.
        started = time.perf_counter()
        trends.refresh(conn)
        print(f"summarised the snapshots in {time.perf_counter() - started:.1f} s")
    ws.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--verbose", "-v", action="store_true", help="time each segment too")
    parser.add_argument("--keep", metavar="PATH", help="build the database here and keep it")
    args = parser.parse_args(argv)
    segments, problems = load_segments(Path(tempfile.gettempdir()) / "no-such-config-dir")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        clock = ManualClock(pendulum.datetime(2026, 11, 26, 9, 0, tz="UTC"))
        path = Path(args.keep) if args.keep else Path(tmp) / "bench.db"
        reuse = path.exists()
        ws = open_workspace(path, clock=clock)
        if not reuse:
            started = time.perf_counter()
            build(ws, args.accounts, args.seed)
            spent = time.perf_counter() - started
            print(f"built {args.accounts:,} accounts x 12 snapshots in {spent:.1f} s")
        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            queues = evaluate_segments(ws, as_of=AS_OF, segments=segments)
            timings.append(time.perf_counter() - started)
        if args.verbose:
            for queue in queues:
                started = time.perf_counter()
                evaluate_segments(ws, [queue.id], as_of=AS_OF, segments=segments)
                spent = (time.perf_counter() - started) * 1000
                print(f"  {queue.id:<16} {queue.count:>7,} accounts {spent:7.1f} ms")
        total = sum(q.count for q in queues)
        median = statistics.median(timings)
        print(
            f"all {len(queues)} built-in segments ({total:,} memberships):"
            f" median {median * 1000:.0f} ms over {args.runs} runs"
            f" (min {min(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms)"
        )
        scoped = []
        for _ in range(args.runs):
            started = time.perf_counter()
            mine = evaluate_segments(ws, as_of=AS_OF, segments=segments, scope=f"csm:{OWNERS[7]}")
            scoped.append(time.perf_counter() - started)
        print(
            f"the same for one CSM's book (scope csm:{OWNERS[7]},"
            f" {sum(q.count for q in mine):,} memberships):"
            f" median {statistics.median(scoped) * 1000:.0f} ms"
        )
        ws.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
