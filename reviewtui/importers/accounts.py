"""One row of an accounts file, read and checked.

`RowReader.read` turns the raw cells of a row into its values as stored, or raises
`RowRejected` with every problem found (column and reason), so a report can say exactly what
to fix. Each cell is read by its field's parser (values.py) and the value checked by plain
code (`CHECKS`): at 200,000 rows, validating every row through a pydantic model costs more
than reading the file. tests/unit/import_row_model.py keeps that model as the oracle the
checks and the reader are tested against: where the two disagree a test fails.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pendulum

from reviewtui.importers import values
from reviewtui.importers.columns import FIELDS, ColumnMap
from reviewtui.importers.excel_dates import serial_date
from reviewtui.importers.trends import parse_change

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
    "co_owner": "co_owner",
    "sponsor": "sponsor",
}
# Fields that exist only in the metric snapshot (file field -> metric_snapshots column).
SNAPSHOT_ONLY_COLUMNS: dict[str, str] = {
    "spend": "spend_cents",
    "cost_per_lead": "cost_per_lead_cents",
    "leads": "leads",
    "usage_change": "usage_change",
    "health_change": "health_change",
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
    excel_epoch: datetime.date | None = None  # a workbook's: bare serial numbers are dates


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


def _date(raw: str, options: ParseOptions) -> pendulum.Date | None:
    if options.excel_epoch is not None and (day := serial_date(raw, options.excel_epoch)):
        return day
    return values.parse_date(raw, options.day_first)


def _date_or_days(raw: str, options: ParseOptions) -> pendulum.Date | None:
    if options.excel_epoch is not None and (day := serial_date(raw, options.excel_epoch)):
        return day
    return values.parse_date_or_days_ago(raw, options.as_of, options.day_first)


Parser = Callable[[str, ParseOptions], object]


def scaled(parse: Parser, factor: float | None) -> Parser:
    """`parse`, its numbers multiplied by `factor` (a 0-10 score read on the 0-100 scale)."""
    if factor is None:
        return parse

    def read(raw: str, options: ParseOptions) -> object:
        value = parse(raw, options)
        return value * factor if isinstance(value, float) else value

    return read


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
    "renewal_date": _date,
    "client_since": _date,
    "churned_on": _date,
    "renewed_on": _date,
    "status_changed_on": _date_or_days,  # "45 DAYS" since the status was set
    "last_touch": _date_or_days,
    "last_engaged": _date_or_days,
    "health": lambda raw, o: values.parse_health(raw, o.decimal_comma),
    "status": lambda raw, _: values.parse_status(raw),
    "nps": lambda raw, o: values.parse_nps(raw, o.decimal_comma),
    "usage": lambda raw, o: values.parse_percent(raw, o.decimal_comma),
    "goals": lambda raw, _: values.parse_goals(raw),
    "expansion": lambda raw, _: values.parse_bool(raw),
    "co_owner": lambda raw, _: values.parse_text(raw, TEXT_LIMIT),
    "sponsor": lambda raw, _: values.parse_text(raw, TEXT_LIMIT),
    "usage_change": lambda raw, o: parse_change(raw, o.decimal_comma),
    "health_change": lambda raw, o: parse_change(raw, o.decimal_comma),
}

Converter = Callable[[object], object]


def _iso(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime.date) else value


_DATE_FIELDS = frozenset(
    {
        "renewal_date",
        "client_since",
        "last_touch",
        "last_engaged",
        "churned_on",
        "renewed_on",
        "status_changed_on",
    }
)
# How each field is stored: dates as ISO text, flags as 0/1, the rest as they are.
STORED: dict[str, Converter] = {name: _iso for name in _DATE_FIELDS}
STORED["expansion"] = lambda value: int(bool(value))

# -- the checks ------------------------------------------------------------------------------
#
# A check passes only a value that can be stored as it is: the parsers return nothing else,
# and tests/unit/test_import_rows.py holds the checks to the oracle model (a check passes
# exactly what the model accepts unchanged). A value a check refuses rejects its row.

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
    "co_owner": _TEXT_CHECK,
    "sponsor": _TEXT_CHECK,
    "usage_change": _float_check,
    "health_change": _float_check,
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
    """A cell that cannot be stored: `reason` says why, or is None when the value its parser
    gave failed the field's check (the reason is worded when the row is judged)."""

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
        self,
        index: int,
        target: str,
        header: str,
        slot: int,
        options: ParseOptions,
        scale: float | None = None,
    ) -> None:
        self.index, self.target, self.header, self.slot = index, target, header, slot
        self.options = options
        self.parse = scaled(PARSERS[target], scale)
        self.quick = QUICK.get(target) if scale is None else None
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
        scales = columns.scales
        self._columns = [
            _Column(
                index, target, columns.headers[index], slots[target], options, scales.get(index)
            )
            for index, target in sorted(columns.fields.items())
        ]
        self._needed = max(columns.fields) + 1  # cells a row needs to reach every column
        self._name_index = next(i for i, t in columns.fields.items() if t == "name")
        self._name_header = columns.headers[self._name_index]
        self.blank_rows = 0  # rows with nothing in them: skipped, counted here

    def read(self, cells: Sequence[str]) -> tuple[object, ...]:
        """One row's values as stored (see the class), or RowRejected listing every problem
        (a blank row is rejected here; read_many skips it)."""
        accepted, rejected = self.read_many([(0, cells)])
        if rejected:
            raise RowRejected(rejected[0][1])
        if not accepted:
            raise RowRejected([Problem(None, "blank row")])
        return accepted[0][1]

    def read_many(
        self, rows: Sequence[tuple[int, Sequence[str]]]
    ) -> tuple[list[tuple[int, tuple[object, ...]]], list[tuple[int, list[Problem]]]]:
        """Rows (row number, cells) read column by column: the accepted ones with their
        values as stored, and the rejected ones with every problem in each, both in order.
        Blank rows are neither: they are counted in `blank_rows`."""
        rejected: list[tuple[int, list[Problem]]] = []
        numbers: list[int] = []
        table: list[Sequence[str]] = []
        needed = self._needed
        for number, cells in rows:
            problem = self._row_problem(cells)
            if problem is not None:
                if problem is _BLANK:
                    self.blank_rows += 1
                else:
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
            return _BLANK
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
        """A row with a value that failed: every problem its parsers found, or (when none
        did) each value its check refused."""
        failed = [
            (column, value)
            for column in self._columns
            if type(value := stored[column.slot]) is _Failed
        ]
        problems = [
            Problem(column.header, value.reason)
            for column, value in failed
            if value.reason is not None
        ]
        if not problems:
            problems = [
                Problem(
                    column.header,
                    f"{values.show(cells[column.index])} cannot be stored as"
                    f" {FIELDS[column.target]}",
                )
                for column, _ in failed
            ]
        raise RowRejected(problems)


_BLANK = Problem(None, "blank row")


def _first_filled(cells: Sequence[str]) -> str:
    return next((cell.strip() for cell in cells if cell.strip()), "")
