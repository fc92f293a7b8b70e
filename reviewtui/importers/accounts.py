"""One row of an accounts file, read and checked: the pydantic model at the import's edge.

`RowReader.read` turns the raw cells of a row into an `AccountRow` or raises `RowRejected` with
every problem found (column and reason), so a report can say exactly what to fix.
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
from reviewtui.store.accounts import account_key

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

    @property
    def key(self) -> str:
        return account_key(self.name)

    def stored_values(self, layout: Sequence[tuple[str, Converter | None]]) -> list[object]:
        """Values in the order of `layout` (see `storage_layout`), as stored."""
        data = self.__dict__
        return [data[f] if convert is None else convert(data[f]) for f, convert in layout]


Converter = Callable[[object], object]


def storage_layout(fields: Sequence[str]) -> list[tuple[str, Converter | None]]:
    """How to store each field: dates as ISO text, flags as 0/1, the rest as they are."""
    return [(f, _STORED.get(f)) for f in fields]


def _iso(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime.date) else value


_STORED: dict[str, Converter] = {
    name: _iso
    for name, info in AccountRow.model_fields.items()
    if info.annotation == (datetime.date | None)
}
_STORED["expansion"] = lambda value: int(bool(value))


CACHE_PER_COLUMN = 4096
_UNIQUE_FIELDS = frozenset({"name", "external_id"})
_MISS = object()


@dataclass(frozen=True)
class _Failed:
    reason: str


class _Column:
    """One column's reader. Exports repeat themselves (owners, statuses, dates), so each
    column remembers the cells it has read, up to a bound, and stops remembering when its
    values turn out not to repeat. Parsing is pure, so this changes nothing but speed."""

    __slots__ = ("cache", "header", "hits", "index", "parse", "target")

    def __init__(self, index: int, target: str, header: str) -> None:
        self.index, self.target, self.header = index, target, header
        self.parse = PARSERS[target]
        self.cache: dict[str, object] | None = None if target in _UNIQUE_FIELDS else {}
        self.hits = 0

    def value(self, raw: str, options: ParseOptions) -> object:
        cache = self.cache
        if cache is not None:
            found = cache.get(raw, _MISS)
            if found is not _MISS:
                self.hits += 1
                return found
        try:
            result: object = self.parse(raw, options)
        except values.ValueParseError as error:
            result = _Failed(str(error))
        if cache is not None:
            if len(cache) < CACHE_PER_COLUMN:
                cache[raw] = result
            elif self.hits < CACHE_PER_COLUMN:  # full, and mostly misses: stop
                self.cache = None
        return result


def _reason(message: str) -> str:
    return message.removeprefix("Value error, ")


class RowReader:
    """Reads the rows of one file: its column map and parse options, fixed up front."""

    def __init__(self, columns: ColumnMap, options: ParseOptions) -> None:
        self.columns = columns
        self.options = options
        self.width = len(columns.headers)
        self._columns = [
            _Column(index, target, columns.headers[index])
            for index, target in sorted(columns.fields.items())
        ]
        self._name_index = next(i for i, t in columns.fields.items() if t == "name")
        self._name_header = columns.headers[self._name_index]

    def read(self, cells: Sequence[str]) -> AccountRow:
        """The row as an AccountRow, or RowRejected listing every problem in it."""
        if not "".join(cells).strip():
            raise RowRejected([Problem(None, "blank row")])
        count = len(cells)
        if count > self.width and "".join(cells[self.width :]).strip():
            raise RowRejected(
                [
                    Problem(
                        None,
                        f"{count} cells but the header has {self.width} columns"
                        " (a value may hold an unquoted delimiter)",
                    )
                ]
            )
        name = cells[self._name_index].strip() if self._name_index < count else ""
        if _TOTAL_ROW.match(name) or (not name and _TOTAL_ROW.match(_first_filled(cells))):
            raise RowRejected([Problem(self._name_header, "a totals row, not an account")])
        typed: dict[str, object] = {}
        problems: list[Problem] = []
        options = self.options
        for column in self._columns:
            index = column.index
            result = column.value(cells[index] if index < count else "", options)
            if isinstance(result, _Failed):
                problems.append(Problem(column.header, result.reason))
            else:
                typed[column.target] = result
        if problems:
            raise RowRejected(problems)
        try:
            return AccountRow.model_validate(typed)
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


def _first_filled(cells: Sequence[str]) -> str:
    return next((cell.strip() for cell in cells if cell.strip()), "")
