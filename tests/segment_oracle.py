"""The test oracle for segments: an independent pure-Python reading of a rule over plain rows,
written for clarity rather than speed. The store compiles the same rule to SQL
(`reviewtui.store.segments`); the tests hold the two against each other."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reviewtui.domain.segment_fields import ACCOUNT_FIELDS, DAY_OPS, METRICS, FieldSpec
from reviewtui.domain.segments import (
    ChangeCondition,
    Condition,
    FieldCondition,
    Group,
    MetricCondition,
    Segment,
    TopCondition,
    TurnedCondition,
)
from reviewtui.services.segments import SegmentQueue, evaluate_segments

Row = Mapping[str, Any]

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def fold(text: str) -> str:
    """Case folding as SQLite's NOCASE does it: ASCII letters only."""
    return text.translate(_ASCII_LOWER)


def _day(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    return str(value)


def _get(item: object, name: str) -> Any:
    return item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)


def _is_empty(spec: FieldSpec, actual: object) -> bool:
    return actual is None or (spec.kind == "text" and actual == "")


def _compare(
    spec: FieldSpec, op: str, actual: Any, expected: Any, days: int | None, as_of: dt.date
) -> bool:
    if op in ("is empty", "is set"):
        return _is_empty(spec, actual) == (op == "is empty")
    if actual is None:
        return False
    if spec.kind == "flag":
        return (bool(actual) == expected) == (op == "=")
    if spec.kind == "date":
        actual = _day(actual)
        if op in DAY_OPS:
            assert days is not None
            low, high = {
                "within": (as_of, as_of + dt.timedelta(days=days)),
                "within last": (as_of - dt.timedelta(days=days), as_of),
                "older than": (None, as_of - dt.timedelta(days=days + 1)),
            }[op]
            return (low is None or actual >= low.isoformat()) and actual <= high.isoformat()
        expected = as_of.isoformat() if expected == "today" else expected
    if spec.kind == "text":  # free text ignores ASCII case; choices are exact
        actual = fold(str(actual))
        expected = (
            tuple(fold(e) for e in expected) if isinstance(expected, tuple) else fold(expected)
        )
    if op == "in":
        return bool(actual in expected)
    if op == "not in":
        return bool(actual not in expected)
    return bool(
        {
            "=": actual == expected,
            "!=": actual != expected,
            "<": actual < expected,
            "<=": actual <= expected,
            ">": actual > expected,
            ">=": actual >= expected,
        }[op]
    )


@dataclass
class _Context:
    as_of: dt.date
    pool: Sequence[Row]
    histories: Mapping[int, Sequence[object]]
    tops: dict[int, frozenset[int]]


def _past(history: Sequence[object], as_of: dt.date) -> list[object]:
    """Snapshots on or before `as_of`, oldest first."""
    iso = as_of.isoformat()
    kept = [s for s in history if (_day(_get(s, "as_of")) or "") <= iso]
    return sorted(kept, key=lambda s: _day(_get(s, "as_of")) or "")


def _top_members(cond: TopCondition, ctx: _Context) -> frozenset[int]:
    key = id(cond)
    if key not in ctx.tops:
        ranked = [
            row
            for row in ctx.pool
            if row.get(cond.by) is not None
            and (
                cond.among is None or _match(cond.among, row, ctx.histories.get(row["id"], ()), ctx)
            )
        ]
        ranked.sort(key=lambda row: (-row[cond.by], row["id"]))
        ctx.tops[key] = frozenset(row["id"] for row in ranked[: cond.top])
    return ctx.tops[key]


def _turned(cond: TurnedCondition, account: Row, history: list[object], as_of: dt.date) -> bool:
    low, high = (as_of - dt.timedelta(days=cond.days)).isoformat(), as_of.isoformat()
    changed = _day(account.get("status_changed_on"))
    by_field = account.get("status") == cond.turned and changed is not None
    if cond.from_ is None and by_field and low <= str(changed) <= high:
        return True
    for before, after in itertools.pairwise(history):
        was, now = _get(before, "status"), _get(after, "status")
        when = _day(_get(after, "as_of")) or ""
        was_ok = was == cond.from_ if cond.from_ is not None else was != cond.turned
        if now == cond.turned and was is not None and was_ok and low <= when <= high:
            return True
    return False


def _match(cond: Condition, account: Row, history: Sequence[object], ctx: _Context) -> bool:
    if isinstance(cond, Group):
        results = (_match(item, account, history, ctx) for item in cond.items)
        if cond.kind == "all":
            return all(results)
        if cond.kind == "any":
            return any(results)
        return not any(results)
    if isinstance(cond, FieldCondition):
        spec = ACCOUNT_FIELDS[cond.field]
        return _compare(spec, cond.op, account.get(cond.field), cond.value, cond.days, ctx.as_of)
    if isinstance(cond, TopCondition):
        return account["id"] in _top_members(cond, ctx)
    past = _past(history, ctx.as_of)
    if isinstance(cond, MetricCondition):
        latest = _get(past[-1], cond.metric) if past else None
        return _compare(METRICS[cond.metric], cond.op, latest, cond.value, None, ctx.as_of)
    if isinstance(cond, ChangeCondition):
        if len(past) < 2:
            return False
        prev, latest = _get(past[-2], cond.metric), _get(past[-1], cond.metric)
        if prev is None or latest is None:
            return False
        return bool((prev - latest if cond.change == "dropped" else latest - prev) >= cond.by)
    assert isinstance(cond, TurnedCondition)
    return _turned(cond, account, past, ctx.as_of)


def matches(
    rule: Condition,
    account: Row,
    history: Sequence[object],
    as_of: dt.date,
    *,
    pool: Sequence[Row] | None = None,
    histories: Mapping[int, Sequence[object]] | None = None,
) -> bool:
    """Whether one account (a row of account fields with its `id`) satisfies `rule` on `as_of`.

    `history` is its snapshots (mappings or objects with `as_of` and metric attributes); only
    those on or before `as_of` count. `pool` is the book that `top N` ranks within (default:
    just this account), with `histories` for the pool's accounts.
    """
    ctx = _Context(as_of, pool if pool is not None else [account], histories or {}, {})
    return _match(rule, account, history, ctx)


def _sort_value(kind: str, value: object) -> Any:
    if kind == "text":
        return fold(str(value))
    if kind == "date":
        return _day(value)
    return value


def evaluate(
    segment: Segment,
    accounts: Sequence[Row],
    histories: Mapping[int, Sequence[object]],
    as_of: dt.date,
    *,
    pool: Sequence[Row] | None = None,
) -> list[int]:
    """Ids of the accounts that match, in the segment's queue order: by each order key with
    empty values last, then by account id. `pool` (for top N) defaults to `accounts`."""
    ctx = _Context(as_of, pool if pool is not None else accounts, histories, {})
    hits = [row for row in accounts if _match(segment.rule, row, histories.get(row["id"], ()), ctx)]
    hits.sort(key=lambda row: row["id"])
    # Stable sorts from the last key to the first; empty values go last whatever the direction.
    for key in reversed(segment.order):
        kind = ACCOUNT_FIELDS[key.field].kind
        present = [row for row in hits if row.get(key.field) is not None]
        empty = [row for row in hits if row.get(key.field) is None]

        def value(row: Row, name: str = key.field, kind: str = kind) -> Any:
            return _sort_value(kind, row[name])

        present.sort(key=value, reverse=key.direction == "desc")
        hits = present + empty
    return [row["id"] for row in hits]


def evaluate_segment(ws: Any, segment_id: str, **options: Any) -> SegmentQueue:
    """One segment's queue, as the app computes it (in SQL)."""
    return evaluate_segments(ws, [segment_id], **options)[0]
