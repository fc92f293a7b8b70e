"""Benchmark: import a 200,000-row accounts CSV through the real command, in a subprocess.

Run it directly (it is not collected by pytest):

    /tmp/venv/bin/python tests/benchmarks/bench_import.py [--rows N] [--keep DIR]

It writes a deterministic file (same rows every run), runs
`python -m reviewtui import accounts FILE` twice (a first import of new accounts, then a
re-import that updates all of them), and reports the wall time and peak RSS of each run
(`os.wait4`), then the peak over all of them from `resource.getrusage(RUSAGE_CHILDREN)`.
Budget: under 15 s and 250 MB each.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROWS = 200_000
TIME_BUDGET_S = 15.0
RSS_BUDGET_MB = 250.0
HEADER = [
    "Account ID",
    "Client",
    "ARR",
    "TCV",
    "Renewal Date",
    "CSM",
    "Health Score",
    "Status",
    "Client Since",
    "Last Touch",
    "NPS",
    "Tier",
    "Usage",
    "Lifecycle",
    "Internal notes",
]
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def write_file(path: Path, rows: int, seed: int = 20260501) -> None:
    rng = random.Random(seed)
    owners = [f"CSM {i:02d}" for i in range(40)]
    statuses = ("green", "Good", "at risk", "Amber", "red", "Critical")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(rows):
            arr = rng.randint(5_000, 2_000_000)
            renewal = f"{MONTHS[rng.randrange(12)]} {rng.randint(1, 28)}, {rng.randint(2026, 2029)}"
            writer.writerow(
                [
                    f"ACC-{i:07d}",
                    f"Account {i:07d} {rng.choice(('Ltd', 'GmbH', 'Inc', 'SA', '株式会社'))}",
                    f"${arr:,}" if i % 3 else f"{arr / 1000:.1f}k",
                    f"${arr * 3:,}.00",
                    f"{renewal} ({rng.randint(1, 900)} days)",
                    rng.choice(owners),
                    f"{rng.randint(0, 100)}" if i % 2 else f"{rng.randint(0, 100)}%",
                    rng.choice(statuses),
                    f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/{rng.randint(2015, 2025)}",
                    f"{rng.randint(0, 120)} DAYS",
                    str(rng.randint(-100, 100)),
                    rng.choice(("Enterprise", "Mid-market", "SMB")),
                    f"{rng.randint(0, 100)}%",
                    rng.choice(("onboarding", "adoption", "renewal", "trial")),
                    '=HYPERLINK("http://example.invalid")' if i % 1000 == 0 else "",
                ]
            )


def run_import(db: Path, data: Path) -> tuple[float, float, float, int, str]:
    """(wall s, CPU s, peak RSS MB of this child, exit status, last line of output)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "reviewtui",
                "--db",
                str(db),
                "import",
                "accounts",
                str(data),
                "--as-of",
                "2026-05-01",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        # wait4 gives this child's own rusage; RUSAGE_CHILDREN (below) is the peak of all.
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        lines = out.read().decode("utf-8", "replace").strip().splitlines()
    # ru_maxrss is in KiB on Linux.
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024, child.returncode, lines[-1] if lines else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        directory = args.keep or Path(scratch)
        directory.mkdir(parents=True, exist_ok=True)
        data = directory / "accounts.csv"
        db = directory / "bench.db"
        db.unlink(missing_ok=True)
        start = time.perf_counter()
        write_file(data, args.rows)
        size_mb = data.stat().st_size / 1e6
        print(f"wrote {args.rows} rows ({size_mb:.1f} MB) in {time.perf_counter() - start:.1f} s")
        failed = False
        for label in ("first import (all new)", "re-import (all updated)"):
            wall, cpu, rss, code, last = run_import(db, data)
            ok = code == 0 and wall < TIME_BUDGET_S and rss < RSS_BUDGET_MB
            failed |= not ok
            print(
                f"{label}: {wall:.2f} s wall ({cpu:.2f} s CPU), peak RSS {rss:.0f} MB, exit {code}"
                f" [{'ok' if ok else 'OVER BUDGET' if code == 0 else 'FAILED'}]"
            )
            print(f"    {last}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS of any child (getrusage RUSAGE_CHILDREN): {peak:.0f} MB")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
