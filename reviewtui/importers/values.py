"""Cell values as spreadsheets export them, read into typed values.

Every parser here is a pure function of the cell text (and explicit options). Each one
returns a value, `None` for an empty cell, or raises `ValueParseError` (a `ValueError`)
whose message says what was wrong in words fit for an import report. Nothing else escapes.

Money is read through `Decimal` into integer cents, never through float.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from reviewtui.importers.value_core import (
    _YEAR_RANGE,
    MAX_CENTS,
    MAX_VALUE_LENGTH,
    NULL_TOKENS,
    ValueParseError,
    _clean,
    _prepare,
    show,
)
from reviewtui.importers.value_dates import (
    _calendar_date,
    _date,
    date_core,
    parse_date,
    parse_date_or_days_ago,
    parse_days,
)
from reviewtui.importers.value_words import parse_bool, parse_goals, parse_status

__all__ = [
    "MAX_CENTS",
    "MAX_VALUE_LENGTH",
    "NULL_TOKENS",
    "_YEAR_RANGE",
    "ValueParseError",
    "_calendar_date",
    "_clean",
    "_date",
    "_prepare",
    "date_core",
    "parse_bool",
    "parse_date",
    "parse_date_or_days_ago",
    "parse_days",
    "parse_goals",
    "parse_health",
    "parse_int",
    "parse_money",
    "parse_nps",
    "parse_number",
    "parse_percent",
    "parse_status",
    "parse_text",
    "quick_money",
    "show",
]

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
