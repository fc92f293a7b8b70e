"""Time the data-health scan over a book, in a process of its own (so its peak RSS is its own).

    python tests/benchmarks/bench_health.py DATABASE [--runs 3]

Runs the data-health section's scan (every flag counted, the 200 most severe explained) over
the whole book as of 2026-11-26 and prints one line: the median wall time, the flags and
accounts found, and the process's peak RSS. `run_all.py` runs it on its 100,000-account book.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

import pendulum

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reviewtui.domain.clock import ManualClock
from reviewtui.services.health import health_scan
from reviewtui.services.workspace import open_workspace

AS_OF = pendulum.date(2026, 11, 26)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    clock = ManualClock(pendulum.datetime(2026, 11, 26, 9, tz="UTC"))
    ws = open_workspace(args.database, clock=clock)
    try:
        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            scan = health_scan(ws, as_of=AS_OF)
            timings.append(time.perf_counter() - started)
    finally:
        ws.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(
        f"health scan: {statistics.median(timings):.3f} s median of {args.runs},"
        f" {scan.total} flags on {scan.accounts} accounts, {len(scan.flags)} explained,"
        f" peak RSS {peak_mb} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
