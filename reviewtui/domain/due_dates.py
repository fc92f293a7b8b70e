"""Due dates as people say them in a meeting: `fri`, `+3d`, `2w`, `eom`, `2026-12-04`,
`Dec 15`, `15 Dec`, `12/15` (or `15/12` with the day-first setting), `next friday`,
`in 2 weeks`. A word that looks like a misspelt one (`tomorow`, `firday`) is named by
`misspelt_due`, so it can be flagged rather than kept silently as text."""

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
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$")
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_DAY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?$")
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?$")
_NEXT_DAY = re.compile(r"^next\s+([a-z]+)$")
_IN_AMOUNT = re.compile(r"^in\s+(\d+|a|an|one|two|three|four|five|six)\s+(day|week|month)s?$")
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
# Words a misspelling is measured against (`tomorow` -> tomorrow, `firday` -> friday).
_SPELLED = ("today", "tomorrow", "nextweek", *_WEEKDAY_NAMES, *(m for m in MONTHS if len(m) > 3))
_KEYWORDS = {"today", "tod", "tomorrow", "tmr", "tom", "eow", "eom", "eoq", "nextweek"}
MAX_DAYS_AHEAD = 3 * 366
# How due dates are said, shown wherever one is asked for (hints, help, errors).
DUE_DATE_EXAMPLES = "today, fri, +3d, 2w, eom, 2026-12-04"


class DueDateError(ValueError):
    """A due date that cannot be understood; the message says why, for the user."""


def looks_like_due(token: str) -> bool:
    """Whether a word (or a phrase: `next friday`, `Dec 15`, `in 2 weeks`) is meant as a due
    date, so a bad one is an error, not prose."""
    word = " ".join(token.strip().lower().split())
    month_day = _MONTH_DAY.match(word) or _DAY_MONTH.match(word)
    if month_day:
        named = month_day.group(1) if month_day.group(1).isalpha() else month_day.group(2)
        return named in MONTHS
    next_day = _NEXT_DAY.match(word)
    if next_day:
        return _WEEKDAY_NAMES.get(next_day.group(1), next_day.group(1)) in WEEKDAYS
    return bool(
        word in _KEYWORDS
        or word in WEEKDAYS
        or word in _WEEKDAY_NAMES
        or _RELATIVE.match(word)
        or _ISO.match(word)
        or _SLASHED.match(word)
        or _IN_AMOUNT.match(word)
        or re.match(r"^\+\S*$", word)
    )


def misspelt_due(token: str) -> str | None:
    """The date word `token` is probably a misspelling of (`tomorow` -> 'tomorrow'), or None
    when it is one already or is not close to any."""
    import difflib

    word = token.strip().lower().rstrip(".,;:")
    if len(word) < 5 or not word.isalpha() or looks_like_due(word):
        return None
    if word.endswith("s") and word[:-1] in _SPELLED:
        return None  # "Thursdays", "Mondays": said of days, not a date
    close = difflib.get_close_matches(word, _SPELLED, n=1, cutoff=0.8)
    return close[0] if close else None


def _in_range(due: pendulum.Date, today: pendulum.Date, text: str) -> pendulum.Date:
    if due < today:
        raise DueDateError(f"{due.isoformat()} is in the past")
    if (due - today).in_days() > MAX_DAYS_AHEAD:
        raise DueDateError(f"'{text.strip()}' is more than three years away")
    return due


def _calendar(
    year: int | None, month: int, dom: int, today: pendulum.Date, text: str
) -> pendulum.Date:
    """A day and month said without a year: the next time it comes (this year or next)."""
    try:
        due = pendulum.date(year or today.year, month, dom)
    except ValueError:
        raise DueDateError(f"'{text.strip()}' is not a real date") from None
    if year is None and due < today:
        try:
            due = pendulum.date(today.year + 1, month, dom)
        except ValueError:
            raise DueDateError(f"'{text.strip()}' is not a real date") from None
    return _in_range(due, today, text)


def _phrase(phrase: str, text: str, today: pendulum.Date, day_first: bool) -> pendulum.Date | None:
    """The forms said in more than one word, or with slashes; None when it is none of them."""
    month_day = _MONTH_DAY.match(phrase)
    if month_day and month_day.group(1) in MONTHS:
        return _calendar(None, MONTHS[month_day.group(1)], int(month_day.group(2)), today, text)
    day_month = _DAY_MONTH.match(phrase)
    if day_month and day_month.group(2) in MONTHS:
        return _calendar(None, MONTHS[day_month.group(2)], int(day_month.group(1)), today, text)
    slashed = _SLASHED.match(phrase)
    if slashed:
        first, second = int(slashed.group(1)), int(slashed.group(2))
        month, dom = (second, first) if day_first else (first, second)
        year_text = slashed.group(3)
        year = None
        if year_text:
            year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        return _calendar(year, month, dom, today, text)
    next_day = _NEXT_DAY.match(phrase)
    if next_day:
        name = _WEEKDAY_NAMES.get(next_day.group(1), next_day.group(1))
        if name in WEEKDAYS:
            # "next friday": the Friday of next week, not the coming one.
            monday = today.next(pendulum.MONDAY)
            return monday.add(days=int(WEEKDAYS[name]) - int(pendulum.MONDAY))
    amount = _IN_AMOUNT.match(phrase)
    if amount:
        count_text = amount.group(1)
        count = int(count_text) if count_text.isdigit() else _NUMBER_WORDS[count_text]
        return parse_due(f"+{count}{amount.group(2)[0]}", today)
    return None


def parse_due(text: str, today: pendulum.Date, day_first: bool = False) -> pendulum.Date:
    """Resolve a due date relative to `today` (the meeting's clock, user's zone). `day_first`:
    `15/12` is 15 December (else `12/15` is)."""
    phrase = " ".join(text.strip().lower().split())
    if not phrase:
        raise DueDateError("no due date given")
    found = _phrase(phrase, text, today, day_first)
    if found is not None:
        return found
    word = phrase.replace(" ", "")
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
    meant = misspelt_due(text)
    if meant is not None:
        raise DueDateError(f"'{text.strip()}' is not a due date; did you mean {meant}?")
    raise DueDateError(
        f"'{text.strip()}' is not a due date (try fri, +3d, next friday, Dec 15 or 2026-12-04)"
    )


def days_until(day: pendulum.Date, today: pendulum.Date) -> int:
    """Whole days from `today` to `day`: positive ahead, negative past (pendulum's difference
    is already signed; it must not be negated again)."""
    return (day - today).in_days()


def describe_due(due: pendulum.Date, today: pendulum.Date) -> str:
    """'Fri 4 Dec (in 8 days)' — the resolved date as shown before saving."""
    days = days_until(due, today)
    if days == 0:
        rel = "today"
    elif days == 1:
        rel = "tomorrow"
    elif days > 0:
        rel = f"in {days} days"
    else:
        rel = f"{-days} days overdue"
    return f"{due.format('ddd D MMM YYYY')} ({rel})"
