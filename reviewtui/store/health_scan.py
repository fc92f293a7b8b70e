"""Data-health flags for a whole book, found in SQL.

The same checks as `domain.health` (jumps, low health, falling usage) over the last `window`
snapshots on or before `as_of` of each account in scope, without turning the rows into Python
objects: it counts every flag and returns only the most severe ones, in the order
`domain.health.sort_key` gives, ties in account order (name ignoring case, then id) and then
in the order `health_flags` lists them for one account. Messages are not made here: the
domain functions write them, for the few flags that are shown.

How it runs, in one read snapshot:

1. the snapshots on or before `as_of`, oldest first per account, are copied to a scratch
   table, so each row's older neighbour is simply the row before it (`pos - 1`);
2. one pass per account over its window notes its newest row, its latest known health, where
   its run of falling usage stops, and how many jumps it has;
3. the totals come from that per-account table; the flags are listed severity by severity,
   stopping once `limit` are found (the jumps are only listed when the list needs them).

Column names come from `domain.health.JUMP_METRICS`, checked against the snapshot columns;
every number is a bound parameter.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from reviewtui.domain.health import HIGH, JUMP_METRICS, KIND_RANK, MEDIUM, STEEP_FALL, FlagKind
from reviewtui.store.account_filters import accounts_where
from reviewtui.store.accounts import SNAPSHOT_FIELDS
from reviewtui.store.convert import parse_day
from reviewtui.store.db import Database
from reviewtui.store.segments import ScopeFilter

_METRICS = tuple(JUMP_METRICS)
if not all(m in SNAPSHOT_FIELDS and m.isidentifier() for m in (*_METRICS, "health", "usage")):
    raise ValueError("health metrics must be snapshot columns")
_KINDS: dict[int, FlagKind] = {rank: kind for kind, rank in KIND_RANK.items()}
_ONE_PER_ACCOUNT: dict[FlagKind, str] = {"low-health": "health", "usage-decline": "usage"}


@dataclass(frozen=True)
class FlagRow:
    """One flag as the scan sees it: what, where, how bad; no message."""

    account_id: int
    account_name: str
    owner: str | None
    kind: FlagKind
    metric: str
    severity: int
    score: float
    as_of: dt.date


@dataclass(frozen=True)
class ScanResult:
    total: int  # every flag in scope
    accounts: int  # accounts with at least one flag
    rows: list[FlagRow]  # the most severe, in order


# -- the statements --------------------------------------------------------------------------

# Per snapshot: raw health and usage (for low health and falling usage), and for jumps each
# metric only when it is a number not below zero (`j_<metric>`). Text or a blob reads as
# empty, and a whole number as REAL (so a ratio never divides as integers).
_CREATE_ROWS = (
    "CREATE TEMP TABLE health_scan_rows (pos INTEGER PRIMARY KEY, account_id INTEGER NOT NULL,"
    " as_of TEXT NOT NULL, health REAL, usage REAL, "
    + ", ".join(f"j_{m} REAL" for m in _METRICS)
    + ")"
)


def _fill_rows(where: str) -> str:
    """Oldest first within each account, so a row's older neighbour is `pos - 1`. `x <= +inf`
    holds for numbers only. Parameters: +inf once per value column, the scope's, as_of."""
    return (
        "INSERT INTO health_scan_rows (account_id, as_of, health, usage, "
        + ", ".join(f"j_{m}" for m in _METRICS)
        + ") SELECT a.id, s.as_of, CASE WHEN s.health <= ? THEN s.health END,"
        " CASE WHEN s.usage <= ? THEN s.usage END, "
        + ", ".join(f"CASE WHEN s.{m} BETWEEN 0 AND ? THEN s.{m} END" for m in _METRICS)
        + " FROM accounts a CROSS JOIN metric_snapshots s ON s.account_id = a.id"
        f" WHERE {where} AND s.as_of <= ? ORDER BY a.id, s.as_of"
    )


_INFINITIES = 2 + len(_METRICS)

_CREATE_ACCOUNTS = (
    "CREATE TEMP TABLE health_scan_accounts (account_id INTEGER PRIMARY KEY,"
    " last INTEGER NOT NULL, latest_health INTEGER, stop INTEGER NOT NULL, jumps INTEGER NOT NULL)"
)


def _jumped(m: str) -> str:
    """1 when metric `m` moved by more than the factor from p (older) to x (newer), else 0."""
    return (
        f"(CASE WHEN x.j_{m} > p.j_{m} THEN ifnull(x.j_{m} / p.j_{m} > :factor, 1)"
        f" WHEN p.j_{m} > x.j_{m} THEN ifnull(p.j_{m} / x.j_{m} > :factor, 1) ELSE 0 END)"
    )


# Per account, from its newest row `st` (the next row belongs to another account): x runs over
# the window, p is x's older neighbour inside it. `stop` is the newest row whose usage did not
# fall from p's (an empty value, or no p, also stops the run), so the run is `last - stop`.
_FILL_ACCOUNTS = (
    "INSERT INTO health_scan_accounts (account_id, last, latest_health, stop, jumps)"
    " SELECT st.account_id, st.pos,"
    " max(CASE WHEN x.health IS NOT NULL THEN x.pos END),"
    " max(CASE WHEN x.usage < p.usage THEN NULL ELSE x.pos END),"
    " total(" + " + ".join(_jumped(m) for m in _METRICS) + ")"
    " FROM health_scan_rows st"
    " LEFT JOIN health_scan_rows q ON q.pos = st.pos + 1"
    " CROSS JOIN health_scan_rows x ON x.pos > st.pos - :window AND x.pos <= st.pos"
    " AND +x.account_id = st.account_id"
    " LEFT JOIN health_scan_rows p ON p.pos = x.pos - 1 AND p.pos > st.pos - :window"
    " AND +p.account_id = st.account_id"
    " WHERE q.account_id IS NOT st.account_id"
    " GROUP BY st.pos"
)

_TOTALS = (
    "SELECT coalesce(sum(low + falling + jumps), 0) AS total,"
    " coalesce(sum(low OR falling OR jumps > 0), 0) AS accounts"
    " FROM (SELECT coalesce(h.health < :threshold, 0) AS low,"
    " c.last - c.stop >= :run AS falling, c.jumps AS jumps"
    " FROM health_scan_accounts c LEFT JOIN health_scan_rows h ON h.pos = c.latest_health)"
)

# Low health and falling usage: at most one of each per account.
_ACCOUNT_FLAGS = (
    "SELECT c.account_id, :low_rank AS rank, 0 AS metric, 0 AS pos, :high AS severity,"
    " :threshold - h.health AS score, h.as_of"
    " FROM health_scan_accounts c JOIN health_scan_rows h ON h.pos = c.latest_health"
    " WHERE h.health < :threshold"
    " UNION ALL"
    " SELECT account_id, :falling_rank, 0, 0,"
    " CASE WHEN fall >= :steep THEN :high ELSE :medium END, fall, as_of"
    " FROM (SELECT c.account_id, n.as_of,"
    " CASE WHEN o.usage = 0 THEN 0.0 ELSE (o.usage - n.usage) / o.usage END AS fall"
    " FROM health_scan_accounts c JOIN health_scan_rows n ON n.pos = c.last"
    " JOIN health_scan_rows o ON o.pos = c.stop WHERE c.last - c.stop >= :run)"
)


def _jump_flags(index: int, m: str) -> str:
    """Every jump of metric `m` (its place in the metric order is `index`): the newer row's
    position and date, and the ratio (infinite from or to zero)."""
    return (
        f"SELECT c.account_id, :jump_rank AS rank, :metric{index} AS metric, x.pos AS pos,"
        f" CASE WHEN x.j_{m} = 0 OR p.j_{m} = 0 THEN :inf WHEN x.j_{m} > p.j_{m}"
        f" THEN x.j_{m} / p.j_{m} ELSE p.j_{m} / x.j_{m} END AS score, x.as_of AS as_of"
        " FROM health_scan_accounts c CROSS JOIN health_scan_rows x"
        " ON x.pos > c.last - :window + 1 AND x.pos <= c.last AND +x.account_id = c.account_id"
        " CROSS JOIN health_scan_rows p ON p.pos = x.pos - 1 AND +p.account_id = c.account_id"
        f" WHERE x.j_{m} <> p.j_{m}"
    )


_JUMP_FLAGS = (
    "SELECT account_id, rank, metric, pos, CASE WHEN score >= :double THEN :high ELSE :medium END"
    " AS severity, score, as_of FROM ("
    + " UNION ALL ".join(_jump_flags(i, m) for i, m in enumerate(_METRICS))
    + ") WHERE score > :factor"
)


def _listing(flags: str) -> str:
    """The flags of one severity in list order, with their accounts."""
    return (
        "SELECT f.account_id, a.name, a.owner, f.rank, f.metric, f.severity, f.score, f.as_of"
        f" FROM ({flags}) f JOIN accounts a ON a.id = f.account_id WHERE f.severity = :severity"
        " ORDER BY f.rank, f.score DESC, substr(f.as_of, 1, 10) DESC, a.name COLLATE NOCASE,"
        " a.id, f.metric, f.pos LIMIT :limit"
    )


# In list order: severity first, then low health and falling usage before jumps.
_LISTINGS = (
    (HIGH, _listing(_ACCOUNT_FLAGS)),
    (HIGH, _listing(_JUMP_FLAGS)),
    (MEDIUM, _listing(_ACCOUNT_FLAGS)),
    (MEDIUM, _listing(_JUMP_FLAGS)),
)


# -- the scan --------------------------------------------------------------------------------


def scan_health(
    db: Database,
    scope: ScopeFilter | None,
    as_of: dt.date,
    *,
    factor: float,
    threshold: float,
    run: int,
    window: int = 12,
    include_churned: bool = False,
    limit: int | None,
    media_only: bool = False,
) -> ScanResult:
    """Count the flags of every account in scope and list the `limit` most severe (all of
    them with None). Churned accounts are left out unless asked for."""
    where, params = accounts_where(
        scope, as_of, include_churned=include_churned, media_only=media_only
    )
    values: dict[str, object] = {
        "window": int(window),
        "factor": float(factor),
        "double": float(2 * factor),
        "threshold": float(threshold),
        "run": int(run),
        "steep": STEEP_FALL,
        "inf": math.inf,
        "high": HIGH,
        "medium": MEDIUM,
        "low_rank": KIND_RANK["low-health"],
        "falling_rank": KIND_RANK["usage-decline"],
        "jump_rank": KIND_RANK["jump"],
        **{f"metric{i}": i for i in range(len(_METRICS))},
    }
    fill = (*[math.inf] * _INFINITIES, *params, as_of.isoformat())
    with db.read_snapshot() as conn:
        conn.execute(_CREATE_ROWS)
        conn.execute(_fill_rows(where), fill)
        conn.execute(_CREATE_ACCOUNTS)
        conn.execute(_FILL_ACCOUNTS, values)
        total, accounts = (int(n) for n in conn.execute(_TOTALS, values).fetchone())
        wanted = total if limit is None else min(max(int(limit), 0), total)
        rows: list[FlagRow] = []
        for severity, sql in _LISTINGS:
            if len(rows) >= wanted:
                break
            asked = {**values, "severity": severity, "limit": wanted - len(rows)}
            rows += [_row(*r) for r in conn.execute(sql, asked)]
    return ScanResult(total, accounts, rows)


def _row(
    account_id: int,
    name: str,
    owner: str | None,
    rank: int,
    metric: int,
    severity: int,
    score: float,
    as_of: str,
) -> FlagRow:
    kind = _KINDS[rank]
    day = parse_day(as_of)
    assert day is not None
    return FlagRow(
        account_id=account_id,
        account_name=name,
        owner=owner,
        kind=kind,
        metric=_METRICS[metric] if kind == "jump" else _ONE_PER_ACCOUNT[kind],
        severity=int(severity),
        score=float(score),
        as_of=day,
    )
