"""Dates and durations as spreadsheets export them: `2022-02-15`, `Feb 15, 2022`,
`2/15/2022`, `Mar 3, 2027 (97 days)`, `61 DAYS`."""

from __future__ import annotations

import datetime
import functools
import re

import pendulum

from reviewtui.domain.due_dates import MONTHS
from reviewtui.importers.value_core import (
    _YEAR_RANGE,
    MAX_VALUE_LENGTH,
    ValueParseError,
    _prepare,
    show,
)

# -- durations ---------------------------------------------------------------------------

_DURATION = re.compile(
    r"^([0-9]+)\s*(d|day|days|w|wk|wks|week|weeks)?(?:\s+ago)?$",
    re.IGNORECASE,
)


def parse_days(raw: str | None) -> int | None:
    """A count of days: `61`, `61 DAYS`, `61d`, `3 weeks`, `12 days ago`."""
    text = _prepare(raw)
    if text is None:
        return None
    match = _DURATION.match(text)
    if not match:
        raise ValueParseError(f"{show(text)} is not a number of days")
    count = int(match.group(1))
    unit = (match.group(2) or "d").casefold()
    days = count * 7 if unit.startswith("w") else count
    if days > 365 * 100:
        raise ValueParseError(f"{show(text)} is too many days")
    return days


# -- dates -------------------------------------------------------------------------------

# Month names as people type them: the same table the due dates read.
_MONTHS = MONTHS
_MONTH = r"(?P<month>[a-z]{3,9})\.?"
_DAY = r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>[0-9]{4}|[0-9]{2})"
_WEEKDAY = re.compile(
    r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE
)
_TIME = re.compile(
    r"(?:[T\s]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?\s*(?:[ap]\.?m\.?)?"
    r"\s*(?:z|utc|gmt|[+-][0-9]{2}:?[0-9]{2})?)$",
    re.IGNORECASE,
)
_ISO = re.compile(r"^(?P<year>[0-9]{4})[-/.](?P<month>[0-9]{1,2})[-/.](?P<day>[0-9]{1,2})$")
_NUMERIC = re.compile(r"^(?P<a>[0-9]{1,2})(?P<sep>[-/.])(?P<b>[0-9]{1,2})(?P=sep)" + _YEAR + "$")
_MONTH_FIRST = re.compile(r"^" + _MONTH + r"[\s\-/]*" + _DAY + r",?[\s\-/]+" + _YEAR + "$", re.I)
_DAY_FIRST = re.compile(r"^" + _DAY + r"[\s\-/]*" + _MONTH + r",?[\s\-/]+" + _YEAR + "$", re.I)


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _make_date(year: int, month: int, dom: int, text: str, order_hint: str = "") -> pendulum.Date:
    if not _YEAR_RANGE[0] <= year <= _YEAR_RANGE[1]:
        raise ValueParseError(f"{show(text)}: the year {year} is out of range")
    if not 1 <= month <= 12:
        raise ValueParseError(f"{show(text)}: there is no month {month}{order_hint}")
    try:
        return pendulum.date(year, month, dom)
    except ValueError:
        raise ValueParseError(f"{show(text)} is not a real date{order_hint}") from None


# The common shapes, read without the general clean-up below, which would leave them as
# they are but for one note in brackets: printable ASCII, no spare spaces, no weekday
# (a month name is checked for), no time of day.
_QUICK_DATE = re.compile(
    r"(?P<core>[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}"
    r"|(?P<month>[A-Za-z]{3,9})\.? [0-9]{1,2}(?:st|nd|rd|th)?,? [0-9]{2,4}"
    r"|[0-9]{1,2}(?:st|nd|rd|th)? [A-Za-z]{3,9}\.?,? [0-9]{2,4})"
    r"(?: \([ -'*-Z\\^-~]*\))?"
)


def parse_date(raw: str | None, day_first: bool = False) -> pendulum.Date | None:
    """A calendar date: `2022-02-15`, `Feb 15, 2022`, `15 Feb 2022`, `2/15/2022` (month first
    unless day_first), with an optional weekday, time of day or trailing note in brackets
    such as `Mar 3, 2027 (97 days)`."""
    if raw and (core := date_core(raw)) is not None:
        return _calendar_date(core, day_first)
    return _date(raw, day_first)


def date_core(raw: str) -> str | None:
    """The date alone (`Mar 3, 2027`) when the cell is in one of the common shapes
    (`Mar 3, 2027 (97 days)`): parse_date reads the cell as it reads this. None otherwise."""
    if len(raw) <= MAX_VALUE_LENGTH and (quick := _QUICK_DATE.fullmatch(raw)):
        month = quick["month"]
        if month is None or month.casefold() in _MONTHS:
            return quick["core"]
    return None


def _date(raw: str | None, day_first: bool) -> pendulum.Date | None:
    """parse_date without its fast path: every form."""
    text = _prepare(raw)
    if text is None:
        return None
    core = text
    while core[-1:] in (")", "]"):  # "Mar 3, 2027 (97 days) [renewal]"
        cut = core.rfind("(" if core[-1] == ")" else "[")
        if cut <= 0:
            break
        core = core[:cut].rstrip()
    if core[:1].isalpha():
        core = _WEEKDAY.sub("", core)
    if ":" in core:
        core = _TIME.sub("", core).strip()
    return _calendar_date(core, day_first)


@functools.lru_cache(maxsize=4096)
def _calendar_date(core: str, day_first: bool) -> pendulum.Date:
    """The date part alone (`Mar 3, 2027`); cached, since a file repeats its dates."""
    text = core
    if core[:1].isdigit():
        if match := _ISO.match(core):
            year, month, dom = int(match["year"]), int(match["month"]), int(match["day"])
            return _make_date(year, month, dom, text, " (read year-month-day)")
        if match := _NUMERIC.match(core):
            first, second = int(match["a"]), int(match["b"])
            month, dom = (second, first) if day_first else (first, second)
            hint = (
                " (read day/month; drop --day-first for month/day order)"
                if day_first
                else " (read month/day; use --day-first for day/month order)"
            )
            return _make_date(_year(match["year"]), month, dom, text, hint)
        match = _DAY_FIRST.match(core)
    else:
        match = _MONTH_FIRST.match(core)
    if match:
        month_number = _MONTHS.get(match["month"].casefold())
        if month_number is None:
            raise ValueParseError(f"{show(text)}: {show(match['month'])} is not a month")
        return _make_date(_year(match["year"]), month_number, int(match["day"]), text)
    raise ValueParseError(f"{show(text)} is not a date")


def parse_date_or_days_ago(
    raw: str | None, as_of: pendulum.Date, day_first: bool = False
) -> pendulum.Date | None:
    """A date, or a count of days before `as_of` (`61 DAYS` means 61 days ago)."""
    text = _prepare(raw)
    if text is None:
        return None
    if _DURATION.match(text):
        days = parse_days(text)
        assert days is not None
        then = datetime.date.fromordinal(max(as_of.toordinal() - days, 1))
        return pendulum.date(then.year, then.month, then.day)
    return parse_date(text, day_first)
