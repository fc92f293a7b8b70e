"""What the data-and-health section and the account panel show beyond anomalies: every metric
with its trend, how long the account has had its status, pacing against the month's plan and
the comparison with benchmarks; and, for a book, the table of every account."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reviewtui.domain.metric_lines import (
    BY_NAME,
    Benchmarked,
    MetricLine,
    Pacing,
    StatusSince,
    metric_lines,
    metric_name,
    month_of,
    pacing,
    status_since,
)
from reviewtui.domain.scope import Scope
from reviewtui.domain.settings import BenchmarkSetting
from reviewtui.domain.text import one_line
from reviewtui.services.segments import resolve_scope
from reviewtui.services.workspace import Workspace
from reviewtui.store import accounts as account_store
from reviewtui.store import book_metrics
from reviewtui.store.benchmarks import Benchmark, benchmarks_for_account, plan_for
from reviewtui.store.book_metrics import BookRow
from reviewtui.store.history import histories_for

__all__ = ["AccountHealth", "BookRow", "account_health", "book_order", "book_page"]

HISTORY = 13  # snapshots behind a trend: a year of monthly ones and the month before


@dataclass(frozen=True)
class AccountHealth:
    account_id: int
    name: str
    lines: tuple[MetricLine, ...]
    since: StatusSince | None
    pacing: tuple[Pacing, ...]
    benchmarks: tuple[Benchmarked, ...]


def configured_benchmarks(settings: Sequence[BenchmarkSetting]) -> list[Benchmark]:
    """Benchmarks from config.toml in the store's terms (money in cents)."""
    found = []
    for b in settings:
        metric = metric_name(b.metric)
        if metric is None:
            continue
        value = b.value * 100 if BY_NAME[metric].money else b.value
        if b.tier is not None:
            found.append(Benchmark("tier", b.tier, metric, value))
        elif b.industry is not None:
            found.append(Benchmark("industry", b.industry, metric, value))
        elif b.group is not None:
            found.append(Benchmark("group", b.group, metric, value))
        else:
            found.append(Benchmark("all", "", metric, value))
    return found


def account_health(
    ws: Workspace, account_id: int, as_of: dt.date | None = None
) -> AccountHealth | None:
    account = account_store.get_account(ws.db, account_id)
    if account is None:
        return None
    day = as_of or ws.clock.today()
    history = histories_for(ws.db, [account_id], day, HISTORY)[account_id]
    lines = tuple(metric_lines(history))
    since = status_since(account.status, account.status_changed_on, history, day)
    latest: dict[str, float] = {}
    for snap in history:
        for spec in BY_NAME.values():
            value = getattr(snap, spec.attr, None)
            if isinstance(value, int | float) and not isinstance(value, bool):
                latest[spec.attr] = float(value)
    paced = []
    for metric, planned in sorted(plan_for(ws.db, account_id, month_of(day)).items()):
        paced_spec = BY_NAME.get(metric)
        if paced_spec is not None and paced_spec.additive and planned > 0:
            paced.append(pacing(paced_spec, planned, history, day))
    compared = []
    chosen = benchmarks_for_account(
        ws.db, account_id, configured_benchmarks(ws.settings.benchmarks)
    )
    for metric, bench in chosen.items():
        bench_spec = BY_NAME.get(metric)
        if bench_spec is not None and metric in latest:
            scope = one_line(bench.scope_words, 60)  # whoever wrote it into the file
            compared.append(Benchmarked(bench_spec, latest[metric], bench.value, scope))
    order = list(BY_NAME)
    compared.sort(key=lambda b: order.index(b.spec.attr))
    return AccountHealth(account_id, account.name, lines, since, tuple(paced), tuple(compared))


def book_order(
    ws: Workspace,
    scope: Scope | str | None,
    sort: str = "health",
    descending: bool = False,
    *,
    as_of: dt.date | None = None,
    media_only: bool = False,
) -> list[int]:
    """Every account id in scope in the table's order (SegmentError for a bad scope); only
    the accounts we run media for with `media_only`, unless the scope is one account."""
    where = resolve_scope(ws, scope)
    media_only = media_only and (where is None or where.key is None)
    return book_metrics.book_order(
        ws.db, where, as_of or ws.clock.today(), sort, descending, media_only=media_only
    )


def book_page(ws: Workspace, ids: Sequence[int], as_of: dt.date | None = None) -> list[BookRow]:
    return book_metrics.book_rows(ws.db, ids, as_of or ws.clock.today())
