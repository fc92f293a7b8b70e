"""Segment rules compiled to parameterised SQL, and evaluated.

Identifiers in the SQL come only from the whitelists in `domain.segment_fields` (checked again
here, so a rule built by hand in code cannot smuggle one in); every value, date and number is a
bound parameter. Operators map through fixed tables. Nothing a user typed is spliced into SQL.

Each comparison is NULL when its field is empty, which a WHERE clause treats as false; a `none`
group wraps its parts in `coalesce(..., 0)` before negating, so an empty field stays a
non-match there too rather than turning NULL into a match.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reviewtui.domain.scope import Scope
from reviewtui.domain.segment_fields import ACCOUNT_FIELDS, DAY_OPS, METRICS, FieldSpec
from reviewtui.domain.segment_rules import (
    ChangeRule,
    FieldRule,
    GroupRule,
    MetricRule,
    PlainSegment,
    Rule,
    TopRule,
    TurnedRule,
)
from reviewtui.store import trends
from reviewtui.store.accounts import account_key
from reviewtui.store.db import Database, has_json
from reviewtui.store.segment_order import RuleCompileError, checked_column, order_by

if TYPE_CHECKING:
    from reviewtui.domain.segments import Segment

_COMPARE = {"=": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
_IN = {"in": "IN", "not in": "NOT IN"}
_CHUNK = 500


@dataclass(frozen=True)
class ScopeFilter:
    """A scope resolved against the data: the exact owner values it covers, or one account key.

    Owners are matched ignoring ASCII case when resolving, then bound exactly, so the owner
    index serves the query. `ranks_whole_book` says top-N ranks within the whole book (an
    account scope) rather than within the scope.
    """

    owners: tuple[str, ...] | None = None
    key: str | None = None

    @property
    def ranks_whole_book(self) -> bool:
        return self.owners is None


@dataclass
class _Compiler:
    as_of: dt.date
    scope: ScopeFilter | None
    summaries: bool = False  # read history from `store.trends`' tables, not the snapshots
    params: list[object] = field(default_factory=list)
    aliases: int = 0
    # Inside an `all` group that also compares an account field to a value: the accounts
    # that comparison lets through are few, so each looks up its own summary row, rather
    # than every row of the summaries being read and matched against the accounts.
    beside_field: bool = False

    def bind(self, value: object) -> str:
        self.params.append(value)
        return "?"

    def day(self, offset: int = 0) -> str:
        return self.bind((self.as_of + dt.timedelta(days=offset)).isoformat())

    def alias(self, prefix: str) -> str:
        self.aliases += 1
        return f"{prefix}{self.aliases}"

    # -- conditions -----------------------------------------------------------------------

    def condition(self, cond: Rule, a: str) -> str:
        if isinstance(cond, GroupRule):
            outer = self.beside_field
            if cond.kind == "all":
                self.beside_field = outer or any(_narrows(item) for item in cond.items)
            try:
                parts = [self.condition(item, a) for item in cond.items]
            finally:
                self.beside_field = outer
            if cond.kind == "all":
                return "(" + " AND ".join(parts) + ")"
            if cond.kind == "any":
                return "(" + " OR ".join(parts) + ")"
            return "(NOT coalesce(" + " OR ".join(parts) + ", 0))"
        if isinstance(cond, FieldRule):
            spec = checked_column(cond.field, ACCOUNT_FIELDS)
            # In a CSM's or team's book, `+` keeps SQLite on the owners' accounts rather
            # than a queue index (which would read the table for every account it lists).
            plus = "+" if self.scope is not None and self.scope.owners is not None else ""
            column = f"{plus}{a}.{cond.field}"
            return self.compare(column, spec, cond.op, cond.value, cond.days)
        if isinstance(cond, MetricRule):
            spec = checked_column(cond.metric, METRICS)
            if self.summaries:
                return self.summarised(cond, spec, a)
            return self.compare(self.latest(cond.metric, a, 0), spec, cond.op, cond.value, None)
        if isinstance(cond, ChangeRule):
            checked_column(cond.metric, METRICS)
            if self.summaries:
                return self.summarised(cond, METRICS[cond.metric], a)
            prev = self.latest(cond.metric, a, 1)
            latest = self.latest(cond.metric, a, 0)
            diff = f"{prev} - {latest}" if cond.change == "dropped" else f"{latest} - {prev}"
            return f"({diff} >= {self.bind(cond.by)})"
        if isinstance(cond, TurnedRule):
            return self.turned(cond, a)
        assert isinstance(cond, TopRule)
        return self.top(cond, a)

    def compare(
        self, column: str, spec: FieldSpec, op: str, value: object, days: int | None
    ) -> str:
        if op == "is empty":
            return (
                f"({column} IS NULL OR {column} = '')"
                if spec.kind == "text"
                else (f"({column} IS NULL)")
            )
        if op == "is set":
            return (
                f"({column} IS NOT NULL AND {column} <> '')"
                if spec.kind == "text"
                else (f"({column} IS NOT NULL)")
            )
        if op in DAY_OPS:
            assert days is not None
            if op == "within":
                return f"({column} >= {self.day()} AND {column} <= {self.day(days)})"
            if op == "within last":
                return f"({column} >= {self.day(-days)} AND {column} <= {self.day()})"
            return f"({column} < {self.day(-days)})"  # older than
        collate = " COLLATE NOCASE" if spec.kind == "text" else ""
        if op in _IN:
            assert isinstance(value, tuple)
            marks = ", ".join(self.bind(self.value(spec, v)) for v in value)
            return f"({column}{collate} {_IN[op]} ({marks}))"
        sql_op = _COMPARE.get(op)
        if sql_op is None:
            raise RuleCompileError(f"not a known operator: {op!r}")
        return f"({column} {sql_op} {self.bind(self.value(spec, value))}{collate})"

    def value(self, spec: FieldSpec, value: object) -> object:
        if spec.kind == "flag":
            return int(bool(value))
        if spec.kind == "date" and value == "today":
            return self.as_of.isoformat()
        return value

    def latest(self, metric: str, a: str, skip: int) -> str:
        """The metric from the account's latest snapshot on or before as_of (or the one before)."""
        m = self.alias("m")
        offset = " OFFSET 1" if skip else ""
        return (
            f"(SELECT {m}.{metric} FROM metric_snapshots {m} WHERE {m}.account_id = {a}.id"
            f" AND {m}.as_of <= {self.day()} ORDER BY {m}.as_of DESC LIMIT 1{offset})"
        )

    def summarised(self, cond: MetricRule | ChangeRule, spec: FieldSpec, a: str) -> str:
        """A latest value or a change, read from the account's row of `account_trends`: a
        scope, or a comparison of an account field beside it, looks up each account's row;
        otherwise the whole book reads the table once for the accounts that match (for `is
        empty`, that have the value: the others match, and an account without snapshots has
        none)."""
        t, m = self.alias("t"), cond.metric
        value = f"{t}.{m}"
        if isinstance(cond, ChangeRule):
            value = (
                f"({t}.prev_{m} - {t}.{m})"
                if cond.change == "dropped"
                else f"({t}.{m} - {t}.prev_{m})"
            )
        each = self.scope is not None or self.beside_field
        if each:
            value = f"(SELECT {value} FROM account_trends {t} WHERE {t}.account_id = {a}.id)"
        empty = isinstance(cond, MetricRule) and cond.op == "is empty" and not each
        if isinstance(cond, ChangeRule):
            test = f"({value} >= {self.bind(cond.by)})"
        else:
            test = self.compare(value, spec, "is set" if empty else cond.op, cond.value, None)
        if each:
            return test
        rows = f"SELECT {t}.account_id FROM account_trends {t} WHERE {test}"
        return f"({a}.id {'NOT IN' if empty else 'IN'} ({rows}))"

    def turned(self, cond: TurnedRule, a: str) -> str:
        # Parameters are bound in the order they appear in the SQL: build left to right.
        by_field = ""
        if cond.from_ is None:  # the account row does not say what it was before
            by_field = (
                f"({a}.status = {self.bind(cond.turned)}"
                f" AND {a}.status_changed_on >= {self.day(-cond.days)}"
                f" AND {a}.status_changed_on <= {self.day()}) OR "
            )
        c, p = self.alias("c"), self.alias("p")
        # A snapshot in the window with the new status whose predecessor had another one
        # (or, with `from`, that one); in `status_changes`, the rows of the window.
        table = "status_changes" if self.summaries else "metric_snapshots"
        # In a scope, `+` keeps SQLite on the account's rows rather than the status index.
        status = f"+{c}.status" if self.summaries and self.scope is not None else f"{c}.status"
        window = (
            f"{c}.as_of >= {self.day(-cond.days)} AND {c}.as_of <= {self.day()}"
            f" AND {status} = {self.bind(cond.turned)}"
        )
        if self.summaries:
            if cond.from_ is not None:
                window += f" AND {c}.previous = {self.bind(cond.from_)}"
        else:
            window += (
                f" AND (SELECT {p}.status FROM metric_snapshots {p}"
                f" WHERE {p}.account_id = {c}.account_id AND {p}.as_of < {c}.as_of"
                f" ORDER BY {p}.as_of DESC LIMIT 1)"
            )
            sign = "=" if cond.from_ is not None else "<>"
            window += f" {sign} {self.bind(cond.from_ or cond.turned)}"
        if self.scope is None:
            # The whole book: read the window's rows once (index on date and status).
            by_history = f"{a}.id IN (SELECT {c}.account_id FROM {table} {c} WHERE {window})"
        else:
            # A CSM's book or one account: look only at those accounts' rows.
            by_history = (
                f"EXISTS (SELECT 1 FROM {table} {c} WHERE {c}.account_id = {a}.id AND {window})"
            )
        return f"({by_field}{by_history})"

    def top(self, cond: TopRule, a: str) -> str:
        checked_column(cond.by, ACCOUNT_FIELDS)
        t = self.alias("t")
        where = [f"{t}.{cond.by} IS NOT NULL"]
        if self.scope is not None and not self.scope.ranks_whole_book:
            where.append(self.scope_clause(t))
        if cond.among is not None:
            where.append(self.condition(cond.among, t))
        return (
            f"{a}.id IN (SELECT {t}.id FROM accounts {t} WHERE {' AND '.join(where)}"
            f" ORDER BY {t}.{cond.by} DESC, {t}.id LIMIT {self.bind(cond.top)})"
        )

    def scope_clause(self, a: str) -> str:
        assert self.scope is not None
        if self.scope.key is not None:
            return f"{a}.key = {self.bind(self.scope.key)}"
        owners = self.scope.owners or ()
        if not owners:
            return "0"
        return f"{a}.owner IN ({', '.join(self.bind(o) for o in owners)})"


def _narrows(rule: Rule) -> bool:
    """Whether the rule compares an account field to one value or a list of them."""
    return isinstance(rule, FieldRule) and rule.op in ("=", "in")


def compile_segment(
    segment: PlainSegment | Segment,
    as_of: dt.date,
    scope: ScopeFilter | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
    summaries: bool = False,
) -> tuple[str, list[object]]:
    """The query that lists the segment's account ids in queue order, with its parameters;
    with `summaries`, history is read from `store.trends`' tables (see `trends.usable`)."""
    if not isinstance(segment, PlainSegment):
        segment = segment.plain()
    compiler = _Compiler(as_of, scope, summaries)
    where = []
    if scope is not None:
        where.append(compiler.scope_clause("a"))
    where.append(compiler.condition(segment.rule, "a"))
    order = order_by(segment, "a", scoped=scope is not None)
    sql = f"SELECT a.id FROM accounts a WHERE {' AND '.join(where)} ORDER BY {order}"
    if limit is not None:
        sql += f" LIMIT {compiler.bind(int(limit))} OFFSET {compiler.bind(int(offset))}"
    return sql, compiler.params


def resolve_scope(db: Database, scope: Scope | None) -> ScopeFilter | None:
    """Turn `csm:NAME` / `team:NAME` into the owner values present in the data (ASCII case
    ignored), and `account:NAME` into its key. None means the whole book."""
    if scope is None:
        return None
    if scope.kind == "account":
        return ScopeFilter(key=account_key(scope.name))
    if scope.kind == "csm":
        rows = db.query(
            "SELECT DISTINCT owner FROM accounts WHERE owner = ? COLLATE NOCASE", (scope.name,)
        )
    else:
        rows = db.query(
            "SELECT DISTINCT a.owner AS owner FROM accounts a JOIN people p"
            " ON a.owner = p.name COLLATE NOCASE WHERE p.team = ? COLLATE NOCASE",
            (scope.name,),
        )
    return ScopeFilter(owners=tuple(sorted(r["owner"] for r in rows)))


def segment_ids(
    db: Database,
    segment: PlainSegment | Segment,
    as_of: dt.date,
    scope: ScopeFilter | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[int]:
    """Account ids in the segment on `as_of`, in queue order (a page of them with `limit`)."""
    sql, params = compile_segment(
        segment, as_of, scope, limit=limit, offset=offset, summaries=trends.usable(db, as_of)
    )
    # The ids travel as one JSON array rather than a row each (far fewer Python objects for a
    # long queue). SQLite keeps a subquery's ORDER BY under an aggregate other than count,
    # min or max, so the array is in queue order.
    if not has_json(db.conn):  # SQLite built without its JSON functions
        return db.column(sql, tuple(params))
    rows = db.tuples(f"SELECT json_group_array(id) FROM ({sql})", tuple(params))
    ids: list[int] = json.loads(rows[0][0])
    return ids


def account_names(db: Database, ids: Sequence[int]) -> dict[int, str]:
    """Names by id, fetched in chunks (a segment can hold more ids than SQLite binds at once)."""
    names: dict[int, str] = {}
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        for row in db.query(f"SELECT id, name FROM accounts WHERE id IN ({marks})", tuple(chunk)):
            names[row["id"]] = row["name"]
    return names


def scope_account_count(db: Database, scope: ScopeFilter | None) -> int:
    """How many accounts the scope covers (all of them without one)."""
    compiler = _Compiler(dt.date.min, scope)
    clause = compiler.scope_clause("a") if scope is not None else "1"
    row = db.query_one(
        f"SELECT count(*) AS n FROM accounts a WHERE {clause}", tuple(compiler.params)
    )
    return int(row["n"]) if row else 0


def scope_where(scope: ScopeFilter | None, alias: str = "a") -> tuple[str, list[object]]:
    """The WHERE clause (and its parameters) limiting `alias` to the scope's accounts."""
    if scope is None:
        return "1", []
    compiler = _Compiler(dt.date.min, scope)
    return compiler.scope_clause(alias), compiler.params


def active_where(as_of: dt.date, alias: str = "a") -> tuple[str, list[object]]:
    """Accounts not churned on `as_of` (the same test the built-in queues spell out)."""
    return (
        f"NOT coalesce({alias}.lifecycle = ? COLLATE NOCASE OR {alias}.churned_on <= ?, 0)",
        ["churned", as_of.isoformat()],
    )
