"""Benchmarks (per tier, industry, named group or all accounts) and each account's monthly plan."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pendulum

from reviewtui.store.convert import instant
from reviewtui.store.db import Database

# The most specific benchmark wins: a named group, then industry, then tier, then everyone.
PRECEDENCE = ("group", "industry", "tier", "all")


@dataclass(frozen=True)
class Benchmark:
    scope_kind: str
    scope_value: str
    metric: str
    value: float

    @property
    def scope_words(self) -> str:
        return (
            "all accounts" if self.scope_kind == "all" else f"{self.scope_kind} {self.scope_value}"
        )


def upsert_benchmarks(
    db: Database, rows: Iterable[Benchmark], now: pendulum.DateTime, source: str = "import"
) -> int:
    """Insert or replace benchmarks by (scope, metric); returns how many were written."""
    count = 0
    with db.write() as conn:
        for b in rows:
            conn.execute(
                "INSERT INTO benchmarks"
                " (scope_kind, scope_value, metric, value, source, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (scope_kind, scope_value, metric)"
                " DO UPDATE SET value = excluded.value, source = excluded.source,"
                " updated_at = excluded.updated_at",
                (b.scope_kind, b.scope_value, b.metric, float(b.value), source, instant(now)),
            )
            count += 1
    return count


def add_to_group(db: Database, account_id: int, group: str) -> None:
    with db.write() as conn:
        conn.execute(
            "INSERT OR IGNORE INTO account_groups (account_id, name) VALUES (?, ?)",
            (account_id, group),
        )


def all_benchmarks(db: Database) -> list[Benchmark]:
    return [
        Benchmark(r["scope_kind"], r["scope_value"], r["metric"], r["value"])
        for r in db.query(
            "SELECT * FROM benchmarks ORDER BY metric, scope_kind, scope_value COLLATE NOCASE"
        )
    ]


def benchmarks_for_account(
    db: Database, account_id: int, extra: Iterable[Benchmark] = ()
) -> dict[str, Benchmark]:
    """The benchmark that applies to each metric for this account (most specific wins).
    `extra` (from config.toml) counts as if stored, below a stored one of the same scope."""
    row = db.query_one("SELECT tier, industry FROM accounts WHERE id = ?", (account_id,))
    if row is None:
        return {}
    groups = {
        g.casefold()
        for g in db.column("SELECT name FROM account_groups WHERE account_id = ?", (account_id,))
    }
    own = {"tier": (row["tier"] or "").casefold(), "industry": (row["industry"] or "").casefold()}

    def applies(b: Benchmark) -> bool:
        if b.scope_kind == "all":
            return True
        if b.scope_kind == "group":
            return b.scope_value.casefold() in groups
        return bool(own[b.scope_kind]) and b.scope_value.casefold() == own[b.scope_kind]

    chosen: dict[str, Benchmark] = {}
    for b in [*extra, *all_benchmarks(db)]:  # stored ones come last and win a tie
        if not applies(b):
            continue
        held = chosen.get(b.metric)
        if held is None or PRECEDENCE.index(b.scope_kind) <= PRECEDENCE.index(held.scope_kind):
            chosen[b.metric] = b
    return chosen


@dataclass(frozen=True)
class PlanRow:
    account_id: int
    month: str  # YYYY-MM
    metric: str
    value: float


def upsert_plans(db: Database, rows: Iterable[PlanRow], now: pendulum.DateTime) -> int:
    count = 0
    with db.write() as conn:
        for p in rows:
            conn.execute(
                "INSERT INTO plans (account_id, month, metric, value, updated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, month, metric)"
                " DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                (p.account_id, p.month, p.metric, float(p.value), instant(now)),
            )
            count += 1
    return count


def plan_for(db: Database, account_id: int, month: str) -> dict[str, float]:
    """The account's plan for `month` (YYYY-MM), by metric."""
    return {
        r["metric"]: float(r["value"])
        for r in db.query(
            "SELECT metric, value FROM plans WHERE account_id = ? AND month = ?",
            (account_id, month),
        )
    }
