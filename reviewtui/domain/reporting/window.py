"""The report's window of dates, and its months."""

from __future__ import annotations

import pendulum


def in_window(day: pendulum.Date, since: pendulum.Date | None, as_of: pendulum.Date) -> bool:
    return day <= as_of and (since is None or day >= since)


def month_of(day: pendulum.Date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def months_between(start: pendulum.Date, end: pendulum.Date) -> list[str]:
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
