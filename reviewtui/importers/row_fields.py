"""The fields an accounts file can fill: where each is stored, how its cells are read
(values.py does the reading), how a value read is checked, and how it is stored.

Each value is checked by plain code (`CHECKS`): at 200,000 rows, validating every row
through a pydantic model costs more than reading the file. tests/import_row_model.py keeps
that model as the oracle the checks are tested against.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pendulum

from reviewtui.importers import values
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


@dataclass(frozen=True)
class ParseOptions:
    """How cells are read: the date "days ago" counts from, and locale choices."""

    as_of: pendulum.Date
    day_first: bool = False
    decimal_comma: bool = False
    excel_epoch: datetime.date | None = None  # a workbook's: bare serial numbers are dates


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
BY_DATE_CORE = frozenset(
    {"renewal_date", "client_since", "churned_on", "renewed_on", "status_changed_on"}
)
