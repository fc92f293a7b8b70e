"""One row of an accounts file, read and checked.

`RowReader.read` turns the raw cells of a row into its values as stored, or raises
`RowRejected` with every problem found (column and reason), so a report can say exactly what
to fix. Each cell is read by its field's parser (values.py) and the value checked by plain
code (`CHECKS`): at 200,000 rows, validating every row through a pydantic model costs more
than reading the file. tests/import_row_model.py keeps that model as the oracle the
checks and the reader are tested against: where the two disagree a test fails.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reviewtui.importers import values
from reviewtui.importers.columns import FIELDS, ColumnMap
from reviewtui.importers.row_fields import (
    ACCOUNT_COLUMNS,
    BY_DATE_CORE,
    CHECKS,
    ID_LIMIT,
    NAME_LIMIT,
    PARSERS,
    QUICK,
    SNAPSHOT_ONLY_COLUMNS,
    STORED,
    TEXT_LIMIT,
    Converter,
    ParseOptions,
    Parser,
    scaled,
)

__all__ = [
    "ACCOUNT_COLUMNS",
    "CHECKS",
    "ID_LIMIT",
    "NAME_LIMIT",
    "PARSERS",
    "QUICK",
    "SNAPSHOT_ONLY_COLUMNS",
    "STORED",
    "TEXT_LIMIT",
    "ParseOptions",
    "Parser",
    "Problem",
    "RowReader",
    "RowRejected",
    "scaled",
]

_TOTAL_ROW = re.compile(
    r"^(?:grand\s+|sub\s*)?totals?(?:\s*[:(].*)?$|^(?:sum|average|avg|mean|count)(?:\s*[:(].*)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Problem:
    """Why a row (or one cell of it) cannot be imported."""

    column: str | None
    reason: str


class RowRejected(ValueError):
    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(p.reason for p in problems))
        self.problems = list(problems)


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
        self.by_core = target in BY_DATE_CORE
        self.check = CHECKS[target]
        self.store: Converter | None = STORED.get(target)
        # Amounts rarely repeat, and their quick form is read faster than looked up.
        remember = target not in _UNIQUE_FIELDS and self.quick is None
        self.cache: dict[str, object] | None = {} if remember else None
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
        self.footer_rows = 0  # a report's footer lines (copyright, generated by): skipped

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
        Blank rows are neither: they are counted in `blank_rows`, and a report's footer
        lines in `footer_rows`."""
        rejected: list[tuple[int, list[Problem]]] = []
        numbers: list[int] = []
        table: list[Sequence[str]] = []
        needed = self._needed
        for number, cells in rows:
            problem = self._row_problem(cells)
            if problem is not None:
                if problem is _BLANK:
                    self.blank_rows += 1
                elif problem is _FOOTER:
                    self.footer_rows += 1
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
            if (quick := column.quick) is not None:  # the quick form, else read in full
                options = self.options
                out = [
                    found
                    if (found := quick(raw := cells[index], options)) is not None
                    else value(raw)
                    for cells in table
                ]
            elif cache is None:
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
        # A footer line is alone in the first cell: in the name when that comes first, else
        # in a row without a name (so most rows are passed over at once).
        first = name if self._name_index == 0 else "" if name else cells[0].lstrip()
        if (self.footer_rows or first[:4].casefold() in _FOOTER_STARTS) and _footer_line(
            cells, self.footer_rows > 0
        ):
            return _FOOTER
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
_FOOTER = Problem(None, "a report footer line")
# The lines a CRM report export ends with, each alone in the first cell: "Copyright (c)
# 2000-2026 salesforce.com, inc. ...", "Confidential Information - Do Not Distribute",
# "Generated By: ...", then the company's name.
_FOOTER_LINE = re.compile(
    r"^\s*(?:copyright\s*(?:\(c\)|©)|confidential information\b|generated by:)", re.IGNORECASE
)
_FOOTER_STARTS = frozenset({"copy", "conf", "gene"})


def _footer_line(cells: Sequence[str], after_footer: bool) -> bool:
    """A line of a report's footer: alone in the first cell, and one of the footer's own
    lines or (once the footer has begun) any such line."""
    if "".join(cells[1:]).strip():
        return False
    return after_footer or bool(_FOOTER_LINE.match(cells[0]))


def _first_filled(cells: Sequence[str]) -> str:
    return next((cell.strip() for cell in cells if cell.strip()), "")
