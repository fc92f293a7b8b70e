"""Time the data-and-health section opening over a whole book, in a process of its own.

    python tests/benchmarks/bench_health_section.py DATABASE [--runs 3]

Starts a strategy review of the whole book on its data-and-health section, runs the app
headless at 120x40 and measures, from the screen being pushed, the time until the book's
table paints its first row (its order and its first page read), then until the
anomaly scan has filled the flags. Prints one line with the medians. Target: first rows in
under 300 ms at 100,000 accounts. `run_all.py` runs it on its 100,000-account book.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reviewtui.app import ReviewApp
from reviewtui.screens.health import HealthScreen
from reviewtui.services.meeting import start_meeting
from reviewtui.services.workspace import open_workspace
from reviewtui.widgets.book_table import BookTable


async def _open_once(database: Path) -> tuple[float, float, int]:
    ws = open_workspace(database)
    try:
        session = start_meeting(ws, "strategy", series="Bench health section")
        session.apply(session.clock.goto(next(i for i in session.items if i.kind == "health").id))
        app = ReviewApp(ws, meeting_id=session.id)
        async with app.run_test(size=(120, 40)):
            started = None
            first_rows = flags = None
            while flags is None:
                await asyncio.sleep(0.002)
                screen = app.screen
                if not isinstance(screen, HealthScreen):
                    continue
                if started is None:
                    started = screen._mounted_at  # type: ignore[attr-defined]
                table = screen.query_one(BookTable)
                if first_rows is None and table.first_row_painted is not None:
                    first_rows = table.first_row_painted - started
                if screen._flags_loaded:  # type: ignore[attr-defined]
                    flags = time.perf_counter() - started
            assert first_rows is not None
            total = screen.query_one(BookTable).total
        with ws.db.write() as conn:
            conn.execute("DELETE FROM meetings WHERE id = ?", (session.id,))
        return first_rows, flags, total
    finally:
        ws.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    runs = [asyncio.run(_open_once(args.database)) for _ in range(args.runs)]
    first = statistics.median(r[0] for r in runs)
    flags = statistics.median(r[1] for r in runs)
    print(
        f"health section: first rows {first * 1000:.0f} ms median of {args.runs},"
        f" flags {flags * 1000:.0f} ms, {runs[0][2]} accounts"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
