"""Dates a workbook holds as serial day numbers (`46082` is 2026-03-01).

A date cell formatted as a date arrives as a date; one without a date format arrives as its
serial number. Only a workbook's cells are read this way, never a CSV's: a number in a text
file means what it says.
"""

from __future__ import annotations

import datetime
import re

import pendulum

from reviewtui.importers.values import ValueParseError, show

EPOCH_1900 = datetime.date(1899, 12, 30)  # Excel's day 0 (after its 1900 leap-year bug)
EPOCH_1904 = datetime.date(1904, 1, 1)
_SERIAL = re.compile(r"^\s*([0-9]{4,6})(?:\.[0-9]+)?\s*$")
# Serials of 1950-01-01 .. 2149-12-31 in the 1900 system: a plausible account date.
_LOW, _HIGH = 18264, 91310


def serial_date(raw: str, epoch: datetime.date = EPOCH_1900) -> pendulum.Date | None:
    """The date a serial number stands for; None when the cell is not a serial number.
    ValueParseError for a serial outside the years an account date can have."""
    match = _SERIAL.match(raw)
    if match is None:
        return None
    days = int(match.group(1))
    if epoch == EPOCH_1904:
        days += 1462
    if not _LOW <= days <= _HIGH:
        raise ValueParseError(f"{show(raw)} is not a date (as a spreadsheet serial day)")
    day = EPOCH_1900 + datetime.timedelta(days=days)
    return pendulum.date(day.year, day.month, day.day)
