"""The summaries of each account's snapshots (`store.trends`): they go stale (and are not
used) after a write around the store, wait for a date past every snapshot, and an import
leaves them as a full rebuild would. Both ways of compiling a rule are held against the pure
evaluator in `test_segments.test_sql_agrees_with_the_pure_evaluator`. The sample book is
summed up once, after all its snapshots are written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pendulum
from test_segments import day

from reviewtui.domain.segment_fields import METRICS
from reviewtui.importers.sample import load_sample
from reviewtui.services.importing import import_accounts
from reviewtui.services.segments import evaluate_segments
from reviewtui.services.workspace import Workspace
from reviewtui.store import trends
from reviewtui.store.accounts import add_snapshots, upsert_account


def _summaries(ws: Workspace) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    return (
        ws.db.tuples("SELECT * FROM account_trends ORDER BY account_id"),
        ws.db.tuples("SELECT * FROM status_changes ORDER BY account_id, as_of"),
    )


def test_every_metric_a_rule_may_name_is_summarised(ws: Workspace) -> None:
    columns = {
        r["name"] for r in ws.db.query("SELECT name FROM pragma_table_info('account_trends')")
    }
    assert {c for m in METRICS for c in (m, f"prev_{m}")} <= columns


def test_a_write_around_the_store_is_not_read_from_stale_summaries(ws: Workspace) -> None:
    now = ws.clock.now()
    turned = upsert_account(ws.db, {"name": "Turned"}, now)
    other = upsert_account(ws.db, {"name": "Other"}, now)
    add_snapshots(ws.db, {turned: [{"as_of": day(-40), "status": "green"}]})
    assert trends.usable(ws.db, day(0))
    with ws.db.write() as conn:  # as another program would write it
        conn.execute(
            "INSERT INTO metric_snapshots (account_id, as_of, status) VALUES (?, ?, 'red')",
            (turned, day(-10).isoformat()),
        )
    assert not trends.usable(ws.db, day(0))
    [queue] = evaluate_segments(ws, ["turned-red"], as_of=day(0))
    assert queue.account_ids == (turned,)
    # The next write through the store rebuilds every account's summary, that one's too.
    add_snapshots(ws.db, {other: [{"as_of": day(-3), "status": "green"}]})
    assert trends.usable(ws.db, day(0))
    assert ws.db.tuples("SELECT account_id, status, previous FROM status_changes") == [
        (turned, "red", "green")
    ]
    assert evaluate_segments(ws, ["turned-red"], as_of=day(0))[0].account_ids == (turned,)


def test_summaries_wait_for_a_date_past_every_snapshot(ws: Workspace) -> None:
    account = upsert_account(ws.db, {"name": "Later"}, ws.clock.now())
    add_snapshots(ws.db, {account: [{"as_of": day(3), "nps": 10}]})
    assert not trends.usable(ws.db, day(2))
    assert trends.usable(ws.db, day(3))


def test_an_import_leaves_the_summaries_a_full_rebuild_would(ws: Workspace, tmp_path: Path) -> None:
    def load(rows: list[list[str]], as_of: pendulum.Date) -> None:
        path = tmp_path / f"{as_of}.csv"
        path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
        import_accounts(ws, path, as_of=as_of)

    # A book with more history than the imports write: they rebuild only what they wrote.
    for n in range(6):
        other = upsert_account(ws.db, {"name": f"Other {n}"}, ws.clock.now())
        add_snapshots(ws.db, {other: [{"as_of": day(-d), "status": "red"} for d in (90, 60, 30)]})
    head = ["Client", "Health", "Status", "NPS", "Usage"]
    load([head, ["A", "80", "green", "40", "50"], ["B", "30", "red", "-10", "20"]], day(-60))
    load([head, ["A", "35", "red", "20", "45"], ["C", "90", "green", "", "70"]], day(-20))
    load([head, ["B", "75", "yellow", "-30", "10"], ["A", "33", "red", "5", "40"]], day(-5))
    assert trends.usable(ws.db, day(0))
    imported = _summaries(ws)
    assert imported[1], "the book has status changes to summarise"
    with ws.db.write() as conn:
        trends.refresh(conn)
    assert _summaries(ws) == imported


def test_imports_of_the_latest_day_move_the_summaries_on(ws: Workspace, tmp_path: Path) -> None:
    def load(rows: list[list[str]], as_of: pendulum.Date) -> None:
        path = tmp_path / f"{as_of}-{len(rows)}.csv"
        path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
        import_accounts(ws, path, as_of=as_of)

    def rebuilt() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        with ws.db.write() as conn:
            trends.refresh(conn)
        return _summaries(ws)

    head = ["Client", "Health", "Status", "NPS"]
    load([head, ["A", "80", "green", "40"], ["B", "30", "red", "-10"]], day(-30))
    load([head, ["A", "35", "red", "20"], ["C", "90", "green", ""]], day(-10))
    moved = _summaries(ws)
    assert moved == rebuilt()
    assert moved[1] == [(1, day(-10).isoformat(), "red", "green")]
    # The same day again, with other values: the values before them stay those of day -30.
    load([head, ["A", "60", "yellow", "25"], ["B", "20", "red", "-5"], ["C", "", "", ""]], day(-10))
    again = _summaries(ws)
    assert again == rebuilt()
    assert again[1] == [(1, day(-10).isoformat(), "yellow", "green")]
    assert trends.usable(ws.db, day(0))


def test_the_sample_book_is_summed_up_once_as_a_full_rebuild_would(ws: Workspace) -> None:
    rebuilds: list[str] = []

    def seen(sql: str) -> None:
        if sql.lstrip().upper().startswith("DELETE FROM ACCOUNT_TRENDS"):
            rebuilds.append(sql)

    for _ in range(2):  # into an empty file, then again over itself
        rebuilds.clear()
        ws.db.conn.set_trace_callback(seen)
        try:
            load_sample(ws)
        finally:
            ws.db.conn.set_trace_callback(None)
        assert len(rebuilds) == 1, rebuilds
        loaded = _summaries(ws)
        assert loaded[0] and loaded[1], "the sample book has trends and status changes"
        assert trends.usable(ws.db, ws.clock.today())
        with ws.db.write() as conn:
            trends.refresh(conn)
        assert _summaries(ws) == loaded
