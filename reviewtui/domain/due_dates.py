"""Due dates as people say them in a meeting: `fri`, `+3d`, `2w`, `eom`, `2026-12-04`."""

from __future__ import annotations

import re

import pendulum

WEEKDAYS = {
    "mon": pendulum.MONDAY,
    "tue": pendulum.TUESDAY,
    "wed": pendulum.WEDNESDAY,
    "thu": pendulum.THURSDAY,
    "fri": pendulum.FRIDAY,
    "sat": pendulum.SATURDAY,
    "sun": pendulum.SUNDAY,
}
_WEEKDAY_NAMES = {
    "monday": "mon",
    "tues": "tue",
    "tuesday": "tue",
    "wednesday": "wed",
    "thur": "thu",
    "thurs": "thu",
    "thursday": "thu",
    "friday": "fri",
    "saturday": "sat",
    "sunday": "sun",
}
_RELATIVE = re.compile(r"^\+?(\d+)([dwm])$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_KEYWORDS = {"today", "tod", "tomorrow", "tmr", "tom", "eow", "eom", "eoq", "nextweek"}
MAX_DAYS_AHEAD = 3 * 366
# How due dates are said, shown wherever one is asked for (hints, help, errors).
DUE_DATE_EXAMPLES = "today, fri, +3d, 2w, eom, 2026-12-04"


class DueDateError(ValueError):
    """A due date that cannot be understood; the message says why, for the user."""


def looks_like_due(token: str) -> bool:
    """Whether a word is meant as a due date (so a bad one is an error, not prose)."""
    word = token.strip().lower()
    return bool(
        word in _KEYWORDS
        or word in WEEKDAYS
        or word in _WEEKDAY_NAMES
        or _RELATIVE.match(word)
        or _ISO.match(word)
        or re.match(r"^\+\S*$", word)
    )


def parse_due(text: str, today: pendulum.Date) -> pendulum.Date:
    """Resolve a due date relative to `today` (the meeting's clock, user's zone)."""
    word = text.strip().lower().replace(" ", "")
    if not word:
        raise DueDateError("no due date given")
    word = _WEEKDAY_NAMES.get(word, word)
    if word in ("today", "tod"):
        return today
    if word in ("tomorrow", "tmr", "tom"):
        return today.add(days=1)
    if word == "nextweek":
        return today.next(pendulum.MONDAY)
    if word == "eow":
        return today if today.day_of_week == pendulum.FRIDAY else today.next(pendulum.FRIDAY)
    if word == "eom":
        return today.end_of("month")
    if word == "eoq":
        quarter_end_month = ((today.month - 1) // 3 + 1) * 3
        return pendulum.date(today.year, quarter_end_month, 1).end_of("month")
    if word in WEEKDAYS:
        return today.next(WEEKDAYS[word])
    relative = _RELATIVE.match(word)
    if relative:
        amount, unit = int(relative.group(1)), relative.group(2)
        if amount == 0:
            raise DueDateError(f"'{text.strip()}' is today or earlier; say 'today' or a later date")
        if amount * {"d": 1, "w": 7, "m": 28}[unit] > MAX_DAYS_AHEAD:
            raise DueDateError(f"'{text.strip()}' is more than three years away")
        if unit == "d":
            due = today.add(days=amount)
        elif unit == "w":
            due = today.add(weeks=amount)
        else:
            due = today.add(months=amount)
        if (due - today).in_days() > MAX_DAYS_AHEAD:
            raise DueDateError(f"'{text.strip()}' is more than three years away")
        return due
    iso = _ISO.match(word)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
        try:
            due = pendulum.date(year, month, day)
        except ValueError:
            raise DueDateError(f"'{text.strip()}' is not a real date") from None
        if due < today:
            raise DueDateError(f"{due.isoformat()} is in the past")
        if (due - today).in_days() > MAX_DAYS_AHEAD:
            raise DueDateError(f"{due.isoformat()} is more than three years away")
        return due
    raise DueDateError(f"'{text.strip()}' is not a due date (try {DUE_DATE_EXAMPLES})")


def describe_due(due: pendulum.Date, today: pendulum.Date) -> str:
    """'Fri 4 Dec (in 8 days)' — the resolved date as shown before saving."""
    days = (due - today).in_days() if due >= today else -(today - due).in_days()
    if days == 0:
        rel = "today"
    elif days == 1:
        rel = "tomorrow"
    elif days > 0:
        rel = f"in {days} days"
    else:
        rel = f"{-days} days overdue"
    return f"{due.format('ddd D MMM YYYY')} ({rel})"
