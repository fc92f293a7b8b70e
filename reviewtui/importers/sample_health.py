"""The sample book's benchmarks and media plan, loaded with the rest of the demo book.

The plan's months are written for the sample's reference month and move with its dates: the
reference month becomes the month the demo runs in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from reviewtui.domain.clock import Clock
from reviewtui.importers.benchmarks import read_benchmarks, read_plan
from reviewtui.importers.sample_files import sample_data_dir
from reviewtui.store import Database
from reviewtui.store.benchmarks import add_to_group, upsert_benchmarks, upsert_plans


class Workspace(Protocol):
    """Where the sample's benchmarks and plan go: the database and the clock."""

    db: Database
    clock: Clock


def _shift_month(month: str, months: int) -> str:
    year, number = (int(part) for part in month.split("-"))
    index = year * 12 + number - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def load_sample_health(
    ws: Workspace, reference: dt.date, today: dt.date, source: Path | None = None
) -> tuple[int, int]:
    """Write the sample's benchmarks and plan (inside the caller's transaction); returns how
    many of each. Missing files are fine: an older sample has none."""
    folder = source if source is not None else sample_data_dir()
    months = (today.year * 12 + today.month) - (reference.year * 12 + reference.month)
    now = ws.clock.now()
    benchmarks = plans = 0
    if (folder / "benchmarks.csv").is_file():
        found, members = read_benchmarks(folder / "benchmarks.csv", ws.db)
        benchmarks = upsert_benchmarks(ws.db, found, now, source="sample")
        for member in members:
            add_to_group(ws.db, member.account_id, member.group)
    if (folder / "plan.csv").is_file():
        rows = [
            replace(p, month=_shift_month(p.month, months))
            for p in read_plan(folder / "plan.csv", ws.db)
        ]
        plans = upsert_plans(ws.db, rows, now)
    return benchmarks, plans
