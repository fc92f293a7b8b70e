"""One row of an accounts file, read and checked against `AccountRow`, the pydantic model at
the import's edge.

`RowReader.read` turns the raw cells of a row into its values as stored, or raises
`RowRejected` with every problem found (column and reason), so a report can say exactly what
to fix. Each value is checked by plain code equivalent to the model (`CHECKS`); only a value
that fails a check is judged by the model itself, so its messages are the model's own.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Literal

import pendulum
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from reviewtui.importers import values
from reviewtui.importers.columns import ColumnMap

NAME_LIMIT = 200
TEXT_LIMIT = 200
ID_LIMIT = 100

# Fields kept on the account row (file field -> accounts column).
ACCOUNT_COLUMNS: dict[str, str] = {
    "name": "name",
    "external_id": "external_id",
    "owner": "owner",
    "arr": "arr_cents",
    "tcv": "tcv_cents",
    "renewal_date": "renewal_date",
    "client_since": "client_since",
    "health": "health",
    "status": "status",
    "lifecycle": "lifecycle",
    "last_touch": "last_touch",
    "last_engaged": "last_engaged",
    "nps": "nps",
    "tier": "tier",
    "usage": "usage",
    "goals": "goals",
    "expansion": "expansion",
    "industry": "industry",
    "churned_on": "churned_on",
    "renewed_on": "renewed_on",
    "status_changed_on": "status_changed_on",
}
# Fields that exist only in the metric snapshot (file field -> metric_snapshots column).
SNAPSHOT_ONLY_COLUMNS: dict[str, str] = {
    "spend": "spend_cents",
    "cost_per_lead": "cost_per_lead_cents",
    "leads": "leads",
}

_TOTAL_ROW = re.compile(
    r"^(?:grand\s+|sub\s*)?totals?(?:\s*[:(].*)?$|^(?:sum|average|avg|mean|count)(?:\s*[:(].*)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ParseOptions:
    """How cells are read: the date "days ago" counts from, and locale choices."""

    as_of: pendulum.Date
    day_first: bool = False
    decimal_comma: bool = False


@dataclass(frozen=True)
class Problem:
    """Why a row (or one cell of it) cannot be imported."""

    column: str | None
    reason: str


class RowRejected(ValueError):
    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(p.reason for p in problems))
        self.problems = list(problems)


def _non_negative(value: int | None, raw: str) -> int | None:
    if value is not None and value < 0:
        raise values.ValueParseError(f"{values.show(raw)} is negative")
    return value


def _name(raw: str, _: ParseOptions) -> str:
    text = values.parse_text(raw, NAME_LIMIT)
    if not text:
        raise values.ValueParseError("the account name is empty")
    return text


Parser = Callable[[str, ParseOptions], object]

# How each field's cell is read (values.py does the reading; the model checks the result).
PARSERS: dict[str, Parser] = {
    "name": _name,
    "external_id": lambda raw, _: values.parse_text(raw, ID_LIMIT),
    "owner": lambda raw, _: values.parse_text(raw, TEXT_LIMIT),
    "lifecycle": lambda raw, _: values.parse_text(raw, TEXT_LIMIT),
    "tier": lambda raw, _: values.parse_text(raw, TEXT_LIMIT),
    "industry": lambda raw, _: values.parse_text(raw, TEXT_LIMIT),
    "arr": lambda raw, o: _non_negative(values.parse_money(raw, o.decimal_comma), raw),
    "tcv": lambda raw, o: _non_negative(values.parse_money(raw, o.decimal_comma), raw),
    "spend": lambda raw, o: _non_negative(values.parse_money(raw, o.decimal_comma), raw),
    "cost_per_lead": lambda raw, o: _non_negative(values.parse_money(raw, o.decimal_comma), raw),
    "leads": lambda raw, o: _non_negative(values.parse_int(raw, o.decimal_comma), raw),
    "renewal_date": lambda raw, o: values.parse_date(raw, o.day_first),
    "client_since": lambda raw, o: values.parse_date(raw, o.day_first),
    "churned_on": lambda raw, o: values.parse_date(raw, o.day_first),
    "renewed_on": lambda raw, o: values.parse_date(raw, o.day_first),
    "status_changed_on": lambda raw, o: values.parse_date(raw, o.day_first),
    "last_touch": lambda raw, o: values.parse_date_or_days_ago(raw, o.as_of, o.day_first),
    "last_engaged": lambda raw, o: values.parse_date_or_days_ago(raw, o.as_of, o.day_first),
    "health": lambda raw, o: values.parse_health(raw, o.decimal_comma),
    "status": lambda raw, _: values.parse_status(raw),
    "nps": lambda raw, o: values.parse_nps(raw, o.decimal_comma),
    "usage": lambda raw, o: values.parse_percent(raw, o.decimal_comma),
    "goals": lambda raw, _: values.parse_goals(raw),
    "expansion": lambda raw, _: values.parse_bool(raw),
}

Text = Annotated[str, StringConstraints(min_length=1, max_length=TEXT_LIMIT)]
Cents = Annotated[int, Field(ge=0, lt=values.MAX_CENTS)]


class AccountRow(BaseModel):
    """An account as one file row states it, typed and checked. Amounts are integer cents."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    name: Annotated[str, StringConstraints(min_length=1, max_length=NAME_LIMIT)]
    external_id: Annotated[str, StringConstraints(min_length=1, max_length=ID_LIMIT)] | None = None
    owner: Text | None = None
    arr: Cents | None = None
    tcv: Cents | None = None
    renewal_date: datetime.date | None = None
    client_since: datetime.date | None = None
    health: Annotated[float, Field(ge=0, le=100)] | None = None
    status: Literal["green", "yellow", "red"] | None = None
    lifecycle: Text | None = None
    last_touch: datetime.date | None = None
    last_engaged: datetime.date | None = None
    nps: Annotated[int, Field(ge=-100, le=100)] | None = None
    tier: Text | None = None
    usage: float | None = None
    goals: Literal["achieved", "missing", "on track"] | None = None
    expansion: bool | None = None
    industry: Text | None = None
    churned_on: datetime.date | None = None
    renewed_on: datetime.date | None = None
    status_changed_on: datetime.date | None = None
    spend: Cents | None = None
    cost_per_lead: Cents | None = None
    leads: Annotated[int, Field(ge=0, lt=values.MAX_CENTS)] | None = None


Converter = Callable[[object], object]


def _iso(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime.date) else value


_DATE_FIELDS = frozenset(
    name
    for name, info in AccountRow.model_fields.items()
    if info.annotation == (datetime.date | None)
)
# How each field is stored: dates as ISO text, flags as 0/1, the rest as they are.
STORED: dict[str, Converter] = {name: _iso for name in _DATE_FIELDS}
STORED["expansion"] = lambda value: int(bool(value))

# -- the model's checks, as plain code --------------------------------------------------------
#
# Validating every row through the model costs more than reading it, so each value is
# checked here instead. A check passes only values the model accepts and returns unchanged
# (tests/unit/test_import_rows.py holds the two together); anything else goes to the model
# itself, which judges it and words the reason.

Check = Callable[[object], bool]


def _text_check(limit: int, required: bool = False) -> Check:
    def check(value: object) -> bool:
        if value is None:
            return not required
        return type(value) is str and 0 < len(value) <= limit

    return check


def _int_check(low: int, high: int) -> Check:
    def check(value: object) -> bool:
        return value is None or (type(value) is int and low <= value <= high)

    return check


def _date_check(value: object) -> bool:
    return value is None or type(value) is pendulum.Date or type(value) is datetime.date


def _words_check(*words: str) -> Check:
    allowed = frozenset(words)

    def check(value: object) -> bool:
        return value is None or (type(value) is str and value in allowed)

    return check


def _health_check(value: object) -> bool:
    return value is None or (type(value) is float and 0 <= value <= 100)


def _float_check(value: object) -> bool:
    return value is None or type(value) is float


def _bool_check(value: object) -> bool:
    return value is None or type(value) is bool


_CENTS_CHECK = _int_check(0, values.MAX_CENTS - 1)
_TEXT_CHECK = _text_check(TEXT_LIMIT)
CHECKS: dict[str, Check] = {
    "name": _text_check(NAME_LIMIT, required=True),
    "external_id": _text_check(ID_LIMIT),
    "owner": _TEXT_CHECK,
    "arr": _CENTS_CHECK,
    "tcv": _CENTS_CHECK,
    "renewal_date": _date_check,
    "client_since": _date_check,
    "health": _health_check,
    "status": _words_check("green", "yellow", "red"),
    "lifecycle": _TEXT_CHECK,
    "last_touch": _date_check,
    "last_engaged": _date_check,
    "nps": _int_check(-100, 100),
    "tier": _TEXT_CHECK,
    "usage": _float_check,
    "goals": _words_check("achieved", "missing", "on track"),
    "expansion": _bool_check,
    "industry": _TEXT_CHECK,
    "churned_on": _date_check,
    "renewed_on": _date_check,
    "status_changed_on": _date_check,
    "spend": _CENTS_CHECK,
    "cost_per_lead": _CENTS_CHECK,
    "leads": _CENTS_CHECK,
}


def _quick_cents(raw: str, options: ParseOptions) -> object:
    """An amount in the quickest form, not negative, as stored; None: read it in full."""
    if options.decimal_comma:
        return None
    cents = values.quick_money(raw)
    return cents if cents is not None and cents >= 0 else None


# Cells read without their field's parser where they can be: the value as stored (one the
# field's check passes), or None to read the cell in full. Same result, less work.
QUICK: dict[str, Callable[[str, ParseOptions], object]] = {
    "arr": _quick_cents,
    "tcv": _quick_cents,
    "spend": _quick_cents,
    "cost_per_lead": _quick_cents,
}
# Date fields read by the date alone (values.date_core), which repeats where the cells do
# not ("Mar 3, 2027 (97 days)"), so the column's cache holds it.
_BY_DATE_CORE = frozenset(
    {"renewal_date", "client_since", "churned_on", "renewed_on", "status_changed_on"}
)

CACHE_PER_COLUMN = 4096
_UNIQUE_FIELDS = frozenset({"name", "external_id"})
_MISS = object()


@dataclass(frozen=True)
class _Failed:
    """A cell that cannot be stored: `reason` says why, or is None when the model's own
    validation must say it (the value failed a check)."""

    reason: str | None


_UNCHECKED = _Failed(None)


class _Column:
    """One column's reader: cell text to the value as stored (or a _Failed). Exports repeat
    themselves (owners, statuses, dates), so each column remembers the cells it has read,
    up to a bound, and stops remembering when its values turn out not to repeat. Reading is
    pure, so this changes nothing but speed."""

    __slots__ = (
        "by_core",
        "cache",
        "check",
        "header",
        "index",
        "looked_up",
        "misses",
        "options",
        "parse",
        "quick",
        "slot",
        "store",
        "target",
    )

    def __init__(
        self, index: int, target: str, header: str, slot: int, options: ParseOptions
    ) -> None:
        self.index, self.target, self.header, self.slot = index, target, header, slot
        self.options = options
        self.parse = PARSERS[target]
        self.quick = QUICK.get(target)
        self.by_core = target in _BY_DATE_CORE
        self.check = CHECKS[target]
        self.store: Converter | None = STORED.get(target)
        self.cache: dict[str, object] | None = None if target in _UNIQUE_FIELDS else {}
        self.looked_up = 0  # cells of this column read so far (set by the reader)
        self.misses = 0

    def typed(self, raw: str) -> object:
        """The cell as the model takes it; ValueParseError if it cannot be read."""
        return self.parse(raw, self.options)

    def value(self, raw: str) -> object:
        """The cell as stored, or a _Failed; on a miss in the cache (or without one)."""
        cache = self.cache
        if self.by_core and (core := values.date_core(raw)) is not None and core != raw:
            if cache is not None and (found := cache.get(core, _MISS)) is not _MISS:
                return found
            raw = core  # read and remembered as the date alone: the same value
        result = None if self.quick is None else self.quick(raw, self.options)
        if result is None:
            try:
                typed = self.parse(raw, self.options)
            except values.ValueParseError as error:
                result = _Failed(str(error))
            else:
                if not self.check(typed):
                    result = _UNCHECKED
                elif self.store is None:
                    result = typed
                else:
                    result = self.store(typed)
        if cache is not None:
            self.misses += 1
            if len(cache) < CACHE_PER_COLUMN:
                cache[raw] = result
            elif self.looked_up - self.misses < CACHE_PER_COLUMN:  # full, mostly misses: stop
                self.cache = None
        return result


def _reason(message: str) -> str:
    return message.removeprefix("Value error, ")


class RowReader:
    """Reads the rows of one file: its column map and parse options, fixed up front.

    A row reads as a tuple of values as stored, in the order of `fields`: the account's
    fields in `ACCOUNT_COLUMNS` order, then the snapshot's in `SNAPSHOT_ONLY_COLUMNS` order
    (`account_fields` and `snapshot_fields`). The name comes first."""

    def __init__(self, columns: ColumnMap, options: ParseOptions) -> None:
        self.columns = columns
        self.options = options
        self.width = len(columns.headers)
        present = columns.present
        self.account_fields = [f for f in ACCOUNT_COLUMNS if f in present]
        self.snapshot_fields = [f for f in SNAPSHOT_ONLY_COLUMNS if f in present]
        self.fields = [*self.account_fields, *self.snapshot_fields]
        slots = {f: i for i, f in enumerate(self.fields)}
        self._columns = [
            _Column(index, target, columns.headers[index], slots[target], options)
            for index, target in sorted(columns.fields.items())
        ]
        self._needed = max(columns.fields) + 1  # cells a row needs to reach every column
        self._name_index = next(i for i, t in columns.fields.items() if t == "name")
        self._name_header = columns.headers[self._name_index]

    def read(self, cells: Sequence[str]) -> tuple[object, ...]:
        """One row's values as stored (see the class), or RowRejected listing every problem."""
        accepted, rejected = self.read_many([(0, cells)])
        if rejected:
            raise RowRejected(rejected[0][1])
        return accepted[0][1]

    def read_many(
        self, rows: Sequence[tuple[int, Sequence[str]]]
    ) -> tuple[list[tuple[int, tuple[object, ...]]], list[tuple[int, list[Problem]]]]:
        """Rows (row number, cells) read column by column: the accepted ones with their
        values as stored, and the rejected ones with every problem in each, both in order."""
        rejected: list[tuple[int, list[Problem]]] = []
        numbers: list[int] = []
        table: list[Sequence[str]] = []
        needed = self._needed
        for number, cells in rows:
            problem = self._row_problem(cells)
            if problem is not None:
                rejected.append((number, [problem]))
                continue
            if len(cells) < needed:
                cells = [*cells, *([""] * (needed - len(cells)))]
            numbers.append(number)
            table.append(cells)
        by_slot: list[list[object]] = [[] for _ in self.fields]
        failed: set[int] = set()  # positions in `table` of rows with a value that failed
        for column in self._columns:
            index, value, cache = column.index, column.value, column.cache
            column.looked_up += len(table)
            if cache is None:
                out = [value(cells[index]) for cells in table]
            else:
                get = cache.get
                out = [
                    found if (found := get(raw := cells[index], _MISS)) is not _MISS else value(raw)
                    for cells in table
                ]
            if _Failed in map(type, out):
                failed.update(k for k, v in enumerate(out) if type(v) is _Failed)
            by_slot[column.slot] = out
        accepted = list(zip(numbers, zip(*by_slot, strict=True), strict=True))
        if failed:
            judged: list[tuple[int, tuple[object, ...]]] = []
            for k, (number, stored) in enumerate(accepted):
                if k in failed:
                    try:
                        stored = self._judge(table[k], stored)
                    except RowRejected as problems:
                        rejected.append((number, problems.problems))
                        continue
                judged.append((number, stored))
            accepted = judged
            rejected.sort(key=lambda r: r[0])
        return accepted, rejected

    def _row_problem(self, cells: Sequence[str]) -> Problem | None:
        """Why the row as a whole is not an account (blank, too wide, a totals row), if it
        is not."""
        count = len(cells)
        name = cells[self._name_index].strip() if self._name_index < count else ""
        if not name and not "".join(cells).strip():
            return Problem(None, "blank row")
        if count > self.width and "".join(cells[self.width :]).strip():
            return Problem(
                None,
                f"{count} cells but the header has {self.width} columns"
                " (a value may hold an unquoted delimiter)",
            )
        if _TOTAL_ROW.match(name) or (not name and _TOTAL_ROW.match(_first_filled(cells))):
            return Problem(self._name_header, "a totals row, not an account")
        return None

    def _judge(self, cells: Sequence[str], stored: Sequence[object]) -> tuple[object, ...]:
        """A row with a value that failed: every problem in it, or (when the model accepts
        what a check did not) the row as the model has it."""
        problems = [
            Problem(column.header, value.reason)
            for column in self._columns
            if type(value := stored[column.slot]) is _Failed and value.reason is not None
        ]
        if problems:
            raise RowRejected(problems)
        typed = {column.target: column.typed(cells[column.index]) for column in self._columns}
        try:
            row = AccountRow.model_validate(typed)
        except ValidationError as error:
            raise RowRejected(
                [
                    Problem(
                        self.columns.header_for(str(issue["loc"][0])) if issue["loc"] else None,
                        _reason(issue["msg"]),
                    )
                    for issue in error.errors(include_url=False, include_input=False)
                ]
            ) from None
        data = row.__dict__
        return tuple(
            data[f] if (store := STORED.get(f)) is None else store(data[f]) for f in self.fields
        )


def _first_filled(cells: Sequence[str]) -> str:
    return next((cell.strip() for cell in cells if cell.strip()), "")
