"""Benchmarks and monthly plans from CSV files, checked whole before anything is written.

Benchmarks: `metric,value` and at most one of `tier`, `industry`, `group` (none: every
account); a `group` row may name its members in an `accounts` column ("A; B"). Plans:
`account,month,metric,value` with the month as 2026-12. Money is written in dollars
(`30.50`); metrics are health, usage, nps, arr, spend, cost_per_lead (or cpl), leads.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

from reviewtui.domain.metric_lines import BY_NAME, metric_name
from reviewtui.domain.text import one_line
from reviewtui.store.accounts import find_account
from reviewtui.store.benchmarks import Benchmark, PlanRow
from reviewtui.store.db import Database

MAX_ROWS = 100_000
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class BenchmarkFileError(ValueError):
    """A file that cannot be imported; the message lists what is wrong, row by row."""


@dataclass(frozen=True)
class GroupMember:
    group: str
    account_id: int


def _rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise BenchmarkFileError(f"{path}: cannot read: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    headers = [h.strip().lower().replace(" ", "_") for h in reader.fieldnames or []]
    missing = [c for c in required if c not in headers]
    if missing:
        raise BenchmarkFileError(f"{path}: missing column(s): {', '.join(missing)}")
    rows = []
    for number, row in enumerate(reader, start=2):
        if number > MAX_ROWS + 1:
            raise BenchmarkFileError(f"{path}: more than {MAX_ROWS:,} rows")
        values = list(row.values())
        cleaned = {
            h: (v if isinstance(v, str) else "").strip()
            for h, v in zip(headers, values[: len(headers)], strict=False)
        }
        if any(cleaned.values()):
            rows.append((number, cleaned))
    return rows


def _metric_value(metric_text: str, value_text: str) -> tuple[str, float]:
    metric = metric_name(metric_text)
    if metric is None:
        raise ValueError(f"unknown metric {one_line(metric_text, 40)!r}")
    try:
        value = float(value_text.replace(",", "").lstrip("$"))
    except ValueError:
        raise ValueError(f"value {one_line(value_text, 40)!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError("value must be a finite number")
    return metric, value * 100 if BY_NAME[metric].money else value


def _account_id(db: Database, name: str) -> int:
    found = find_account(db, name)
    if found is None:
        raise ValueError(f"no account named {one_line(name, 60)!r}")
    return found.id


def _report(path: Path, problems: list[str]) -> None:
    if problems:
        shown = problems[:20] + (
            [f"... and {len(problems) - 20} more"] if len(problems) > 20 else []
        )
        raise BenchmarkFileError(f"{path}: nothing imported:\n  " + "\n  ".join(shown))


def read_benchmarks(path: Path, db: Database) -> tuple[list[Benchmark], list[GroupMember]]:
    benchmarks: list[Benchmark] = []
    members: list[GroupMember] = []
    problems: list[str] = []
    for number, row in _rows(path, ("metric", "value")):
        try:
            metric, value = _metric_value(row.get("metric", ""), row.get("value", ""))
            scopes = [(k, row[k]) for k in ("tier", "industry", "group") if row.get(k)]
            if len(scopes) > 1:
                raise ValueError("give at most one of tier, industry or group")
            kind, name = scopes[0] if scopes else ("all", "")
            if len(name) > 80:
                raise ValueError(f"{kind} name longer than 80 characters")
            for account in filter(None, (a.strip() for a in row.get("accounts", "").split(";"))):
                if kind != "group":
                    raise ValueError("accounts can only be listed for a group")
                members.append(GroupMember(name, _account_id(db, account)))
            benchmarks.append(Benchmark(kind, one_line(name), metric, value))
        except ValueError as error:
            problems.append(f"row {number}: {error}")
    _report(path, problems)
    return benchmarks, members


def read_plan(path: Path, db: Database) -> list[PlanRow]:
    plans: list[PlanRow] = []
    problems: list[str] = []
    for number, row in _rows(path, ("account", "month", "metric", "value")):
        try:
            metric, value = _metric_value(row.get("metric", ""), row.get("value", ""))
            month = row.get("month", "")
            if not _MONTH.match(month):
                raise ValueError(f"month {one_line(month, 20)!r} is not like 2026-12")
            name = row.get("account", "")
            plans.append(PlanRow(_account_id(db, name), month, metric, value))
        except ValueError as error:
            problems.append(f"row {number}: {error}")
    _report(path, problems)
    return plans
