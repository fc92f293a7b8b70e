"""Cell values as spreadsheets export them, read into typed values.

Every parser here is a pure function of the cell text (and explicit options). Each one
returns a value, `None` for an empty cell, or raises `ValueParseError` (a `ValueError`)
whose message says what was wrong in words fit for an import report. Nothing else escapes.

Money is read through `Decimal` into integer cents, never through float.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import pendulum

from reviewtui.domain.text import clean_input

MAX_VALUE_LENGTH = 100  # a typed cell longer than this is not a value, whatever it says
MAX_CENTS = 10**15  # ten trillion in any currency: anything bigger is a broken cell
_YEAR_RANGE = (1900, 2200)


class ValueParseError(ValueError):
    """A cell that cannot be read as the value its column holds."""


# Cells that mean "no value" in exports (compared after case-folding).
NULL_TOKENS = frozenset({"", "-", "--", "—", "–", "n/a", "na", "#n/a", "null", "none", "nil"})
_SPREADSHEET_ERRORS = re.compile(r"^#(?:value!|ref!|div/0!|name\?|num!|null!|spill!|calc!)$")


def _clean(raw: str) -> str:
    """clean_input, skipped for printable text (most cells), which it cannot change: every
    character it removes (controls, escapes, bidi marks) is non-printable."""
    if raw.isprintable():
        return raw
    return clean_input(raw)


def _prepare(raw: str | None) -> str | None:
    """Cleaned, width-normalised cell text; None for an empty or "no value" cell."""
    if raw is None:
        return None
    if raw.isascii():
        text = _clean(raw).strip()
    else:
        text = unicodedata.normalize("NFKC", _clean(raw)).strip()
    if not text:
        return None
    if len(text) <= 4 and text.casefold() in NULL_TOKENS:
        return None
    if text[0] == "#" and _SPREADSHEET_ERRORS.match(text.casefold()):
        raise ValueParseError(f"the cell holds the spreadsheet error {text}")
    if len(text) > MAX_VALUE_LENGTH:
        raise ValueParseError(f"{len(text)} characters is too long for a value")
    return text


def show(text: str, limit: int = 40) -> str:
    """A cell quoted for a message: one line, bounded."""
    flat = " ".join(clean_input(text).split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return f"'{flat}'"


# -- numbers -----------------------------------------------------------------------------

_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2012": "-", "\ufe63": "-"})
_GROUP_SPACES = re.compile(r"(?<=[0-9])[ '\u00a0\u202f\u2009](?=[0-9]{3}(?![0-9]))")
_GROUP_CHARS = " '\u00a0\u202f\u2009"
_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+")
_GROUPED_DOT_DECIMAL = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_GROUPED_COMMA_DECIMAL = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?")
_PLAIN_COMMA_DECIMAL = re.compile(r"[0-9]+(?:,[0-9]+)?|,[0-9]+")


def _digits(text: str, decimal_comma: bool) -> Decimal:
    """An unsigned number with optional thousands grouping, as Decimal."""
    if not text.isdigit() and any(c in text for c in _GROUP_CHARS):
        text = _GROUP_SPACES.sub("", text)
    if decimal_comma:
        if _PLAIN_COMMA_DECIMAL.fullmatch(text):
            return Decimal(text.replace(",", "."))
        if _GROUPED_COMMA_DECIMAL.fullmatch(text):
            return Decimal(text.replace(".", "").replace(",", "."))
        if _PLAIN.fullmatch(text) and "." in text:
            raise ValueParseError(
                f"{show(text)} has a decimal point, but --decimal-comma says ',' is the"
                " decimal mark"
            )
    else:
        if _PLAIN.fullmatch(text):
            return Decimal(text)
        if _GROUPED_DOT_DECIMAL.fullmatch(text):
            return Decimal(text.replace(",", ""))
        if _GROUPED_COMMA_DECIMAL.fullmatch(text) or _PLAIN_COMMA_DECIMAL.fullmatch(text):
            raise ValueParseError(
                f"{show(text)} looks like it uses ',' as the decimal mark;"
                " import with --decimal-comma"
            )
    raise ValueParseError(f"{show(text)} is not a number")


def _signed(text: str) -> tuple[int, str]:
    """Split a leading sign (or accounting parentheses) from the rest: (1 or -1, rest)."""
    text = text.translate(_MINUS_SIGNS).strip()
    if text.startswith("(") and text.endswith(")"):
        return -1, text[1:-1].strip()
    if text and text[0] in "+-":
        sign = -1 if text[0] == "-" else 1
        rest = text[1:].strip()
        if rest and rest[0] in "+-":
            raise ValueParseError(f"{show(text)} has two signs")
        return sign, rest
    return 1, text


def parse_number(raw: str | None, decimal_comma: bool = False) -> Decimal | None:
    """A plain number: `1234`, `-3.5`, `1,234.5` (`1.234,5` with decimal_comma)."""
    text = _prepare(raw)
    if text is None:
        return None
    sign, rest = _signed(text)
    if not rest:
        raise ValueParseError(f"{show(text)} is not a number")
    return sign * _digits(rest, decimal_comma)


_QUICK_INT = re.compile(r"^-?[0-9]{1,15}$")


def parse_int(raw: str | None, decimal_comma: bool = False) -> int | None:
    """A whole number; `45` and `45.0` are fine, `45.5` is not."""
    text = _prepare(raw)
    if text is None:
        return None
    if _QUICK_INT.match(text):
        return int(text)
    number = parse_number(text, decimal_comma)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValueParseError(f"{show(str(raw))} is not a whole number")
    if abs(number) >= MAX_CENTS:
        raise ValueParseError(f"{show(str(raw))} is too large")
    return int(number)


# -- money -------------------------------------------------------------------------------

_CURRENCY_SYMBOLS = "$€£¥₹₩₽₺₪₫₴₦₱฿"
_CODES = (
    "USD|EUR|GBP|JPY|CHF|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|HUF|INR|CNY|RMB|HKD|SGD|BRL|MXN"
    "|ZAR|AED|SAR|ILS|TRY|KRW|RUB|US\\$|A\\$|C\\$|NZ\\$|HK\\$|S\\$|R\\$"
)
_CURRENCY_CODE = re.compile(rf"^(?:{_CODES})\s*|\s*(?:{_CODES})$", re.IGNORECASE)
# The common case, read without Decimal: "-$1,500,000.50", "1500", "$99.9".
_QUICK_MONEY = re.compile(
    r"^(?P<sign>-)?[$€£]?(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,15})"
    r"(?:\.(?P<fraction>[0-9]{1,2}))?$"
)
# ... and "1.5M", "$250k", "2bn" (with a plain space only, for a cell read as it is).
_SCALED = r"^(?P<sign>-)?[$€£]?(?P<number>[0-9]{1,12}(?:\.[0-9]{1,6})?)SPACE(?P<scale>k|m|mm|bn|b)$"
_QUICK_SCALED = re.compile(_SCALED.replace("SPACE", r"\s?"), re.IGNORECASE)
_QUICK_SCALED_CELL = re.compile(_SCALED.replace("SPACE", " ?"), re.IGNORECASE)
_SCALE_WORDS = {
    "k": Decimal(1_000),
    "thousand": Decimal(1_000),
    "m": Decimal(1_000_000),
    "mm": Decimal(1_000_000),
    "mn": Decimal(1_000_000),
    "mil": Decimal(1_000_000),
    "million": Decimal(1_000_000),
    "b": Decimal(1_000_000_000),
    "bn": Decimal(1_000_000_000),
    "billion": Decimal(1_000_000_000),
}
_SCALE_CENTS = {word: int(scale) * 100 for word, scale in _SCALE_WORDS.items()}
_SCALE = re.compile(r"^(.*?[0-9.,])\s*(k|thousand|mm|mn|mil|million|m|bn|billion|b)$", re.I)


def parse_money(raw: str | None, decimal_comma: bool = False) -> int | None:
    """An amount in integer cents: `$1,500,000`, `1.5M`, `250k`, `€12.500,00` (decimal_comma),
    `USD 1,200`, `(300)` for a negative amount. Rounded half-up to the cent."""
    if decimal_comma:
        text = _prepare(raw)
        return None if text is None else _money(text, decimal_comma)
    if raw and (cents := quick_money(raw)) is not None:
        return cents
    text = _prepare(raw)
    if text is None:
        return None
    if quick := _QUICK_MONEY.match(text):
        cents = _plain_cents(quick)
    elif quick := _QUICK_SCALED.match(text):
        cents = _scaled_cents(quick)
    else:
        return _money(text, decimal_comma)
    if cents >= MAX_CENTS:
        raise ValueParseError(f"{show(text)} is too large an amount")
    return -cents if quick["sign"] else cents


def quick_money(raw: str) -> int | None:
    """parse_money(raw) for a cell in a quick form (`$1,500,000.50`, `-1500`, `1.5M`), read
    without the general clean-up (such a cell is printable and unpadded: its own cleaned
    text); None for any other cell, left to parse_money."""
    if len(raw) > MAX_VALUE_LENGTH:
        return None
    if quick := _QUICK_MONEY.fullmatch(raw):
        cents = _plain_cents(quick)
    elif quick := _QUICK_SCALED_CELL.fullmatch(raw):
        cents = _scaled_cents(quick)
    else:
        return None
    if cents >= MAX_CENTS:
        return None
    return -cents if quick["sign"] else cents


def _plain_cents(quick: re.Match[str]) -> int:
    """The unsigned amount of a _QUICK_MONEY match, in cents."""
    cents = int(quick["whole"].replace(",", "")) * 100
    if fraction := quick["fraction"]:
        cents += int(fraction) * (10 if len(fraction) == 1 else 1)
    return cents


def _scaled_cents(quick: re.Match[str]) -> int:
    """The unsigned amount of a _QUICK_SCALED match, in cents: exact in integers, number *
    scale * 100 rounded half-up."""
    whole, _, fraction = quick["number"].partition(".")
    unit = 10 ** len(fraction)
    scaled = int(whole + fraction) * _SCALE_CENTS[quick["scale"].casefold()]
    return (2 * scaled + unit) // (2 * unit)


def _money(text: str, decimal_comma: bool) -> int:
    """parse_money without its fast paths: every form of a cleaned, non-empty cell."""
    sign, rest = _signed(text)
    rest = rest.strip(_CURRENCY_SYMBOLS + " ")
    rest = _CURRENCY_CODE.sub("", rest).strip(_CURRENCY_SYMBOLS + " ")
    sign2, rest = _signed(rest)  # "$-5" and "-$5" both happen
    if sign2 < 0 and sign < 0:
        raise ValueParseError(f"{show(text)} has two signs")
    sign *= sign2
    rest = rest.strip(_CURRENCY_SYMBOLS + " ")
    scale = Decimal(1)
    match = _SCALE.match(rest)
    if match:
        rest, scale = match.group(1).strip(), _SCALE_WORDS[match.group(2).casefold()]
    if not rest:
        raise ValueParseError(f"{show(text)} is not an amount")
    try:
        amount = _digits(rest, decimal_comma)
    except ValueParseError as error:
        if str(error).endswith("is not a number"):
            raise ValueParseError(f"{show(text)} is not an amount") from None
        raise
    try:
        exact = (amount * scale * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ValueParseError(f"{show(text)} is too large an amount") from None
    if abs(exact) >= MAX_CENTS:
        raise ValueParseError(f"{show(text)} is too large an amount")
    return sign * int(exact)


# -- percentages and trends ----------------------------------------------------------------

_QUICK_PERCENT = re.compile(r"^-?[0-9]{1,15}(?:\.[0-9]{1,15})?\s?%?$")
_UP = "↑▲△⬆⇧↗"
_DOWN = "↓▼▽⬇⇩↘"
_TREND_WORD = re.compile(r"^(up|down)\s+", re.IGNORECASE)


def parse_percent(raw: str | None, decimal_comma: bool = False) -> float | None:
    """A percentage or change, in percent units: `85%`, `-13%`, `↑ 5%`, `▼3`, `up 2.5 %`.
    A bare number is taken as already in percent (`85` -> 85.0)."""
    text = _prepare(raw)
    if text is None:
        return None
    if not decimal_comma and _QUICK_PERCENT.match(text):
        return float(text.rstrip("%").rstrip())
    rest = text
    direction = 0
    if rest[:1] in _UP or rest[-1:] in _UP:
        direction = 1
        rest = rest.strip(_UP).strip()
    elif rest[:1] in _DOWN or rest[-1:] in _DOWN:
        direction = -1
        rest = rest.strip(_DOWN).strip()
    else:
        word = _TREND_WORD.match(rest)
        if word:
            direction = 1 if word.group(1).casefold() == "up" else -1
            rest = rest[word.end() :]
    negated = rest.startswith("(") and rest.endswith(")")
    if negated:  # accounting style: (5%)
        rest = rest[1:-1].strip()
    for suffix in ("%", "pct", "pp", "percent"):
        if rest.casefold().endswith(suffix):
            rest = rest[: -len(suffix)].strip()
            break
    sign, rest = _signed(rest)
    if not rest:
        raise ValueParseError(f"{show(text)} is not a percentage")
    if direction and sign < 0 and direction > 0:
        raise ValueParseError(f"{show(text)} points up but has a minus sign")
    try:
        value = _digits(rest, decimal_comma)
    except ValueParseError:
        raise ValueParseError(f"{show(text)} is not a percentage") from None
    if direction < 0 or sign < 0 or negated:
        value = -value
    return float(value)


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

_MONTH_NAMES = (
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
)
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names}
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


# -- words -------------------------------------------------------------------------------

_STATUS_GROUPS = {
    "green": (
        *("green", "g", "good", "ok", "okay", "healthy", "on track", "stable", "🟢"),
        *("extremely satisfied", "very satisfied", "satisfied", "strong", "excellent"),
    ),
    "yellow": (
        *("yellow", "y", "amber", "orange", "at risk", "risk", "warning", "watch"),
        *("needs attention", "🟡", "🟠", "average", "fair", "neutral", "medium"),
        *("some risk", "moderate risk"),
    ),
    "red": (
        *("red", "r", "bad", "critical", "poor", "unhealthy", "churn risk", "🔴"),
        *("high risk", "severe risk", "at high risk", "weak"),
    ),
}
_STATUS_WORDS = {word: status for status, words in _STATUS_GROUPS.items() for word in words}
_GOALS_GROUPS = {
    "achieved": ("achieved", "met", "yes", "done"),
    "missing": ("missing", "missed", "not met", "no", "none"),
    "on track": ("on track", "in progress"),
}
_GOALS_WORDS = {word: goals for goals, words in _GOALS_GROUPS.items() for word in words}
_TRUE = frozenset({"yes", "y", "true", "t", "1", "x", "✓", "✔", "☑"})
_FALSE = frozenset({"no", "n", "false", "f", "0"})


def _words(text: str) -> str:
    return " ".join(text.casefold().replace("_", " ").replace("-", " ").split())


def parse_status(raw: str | None) -> str | None:
    """green / yellow / red, from the words exports use (good, amber, at risk, critical ...)."""
    text = _prepare(raw)
    if text is None:
        return None
    status = _STATUS_WORDS.get(_words(text))
    if status is None:
        raise ValueParseError(
            f"{show(text)} is not a status (use green, yellow or red, or good, at risk, critical)"
        )
    return status


def parse_goals(raw: str | None) -> str | None:
    """achieved / missing / on track."""
    text = _prepare(raw)
    if text is None:
        return None
    goals = _GOALS_WORDS.get(_words(text))
    if goals is None:
        raise ValueParseError(f"{show(text)} is not a goals state (achieved, missing, on track)")
    return goals


def parse_bool(raw: str | None) -> bool | None:
    """yes/no, true/false, 1/0, x."""
    text = _prepare(raw)
    if text is None:
        return None
    folded = text.casefold()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise ValueParseError(f"{show(text)} is not yes or no")


def parse_health(raw: str | None, decimal_comma: bool = False) -> float | None:
    """A health score from 0 to 100: `85`, `85%`, `85/100`."""
    text = _prepare(raw)
    if text is None:
        return None
    if text.endswith("/100"):
        text = text[:-4].strip()
    value = parse_percent(text, decimal_comma)
    if value is None:
        raise ValueParseError(f"{show(str(raw))} is not a health score")
    if not 0 <= value <= 100:
        raise ValueParseError(f"health must be between 0 and 100, not {show(text)}")
    return value


def parse_nps(raw: str | None, decimal_comma: bool = False) -> int | None:
    """A Net Promoter Score, a whole number from -100 to 100."""
    value = parse_int(raw, decimal_comma)
    if value is not None and not -100 <= value <= 100:
        raise ValueParseError(f"NPS must be between -100 and 100, not {value}")
    return value


def parse_text(raw: str | None, limit: int) -> str | None:
    """Free text on one line: controls and escape sequences removed, whitespace folded."""
    if raw is None:
        return None
    text = " ".join(_clean(raw).split())
    if len(text) <= 4 and text.casefold() in NULL_TOKENS:
        return None
    if len(text) > limit:
        raise ValueParseError(f"{len(text)} characters is longer than the {limit} allowed")
    return text
