"""Importing benchmarks and plans: read and checked whole, then written in one transaction."""

from __future__ import annotations

from pathlib import Path

from reviewtui.importers.benchmarks import read_benchmarks, read_plan
from reviewtui.services.workspace import Workspace
from reviewtui.store.benchmarks import add_to_group, upsert_benchmarks, upsert_plans


def import_benchmarks(ws: Workspace, path: Path) -> str:
    benchmarks, members = read_benchmarks(path, ws.db)
    now = ws.clock.now()
    with ws.db.write():
        count = upsert_benchmarks(ws.db, benchmarks, now)
        for member in members:
            add_to_group(ws.db, member.account_id, member.group)
    groups = f", {len(members)} group members" if members else ""
    return f"{count} benchmarks imported{groups}"


def import_plan(ws: Workspace, path: Path) -> str:
    plans = read_plan(path, ws.db)
    with ws.db.write():
        count = upsert_plans(ws.db, plans, ws.clock.now())
    accounts = len({p.account_id for p in plans})
    return f"{count} plan values imported for {accounts} accounts"
