"""Cell values as exports write them: table-driven cases, then fuzzing.

Every parser must return a value (or None for an empty cell) or raise ValueParseError;
any other exception, from any input, is a bug.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from decimal import Decimal

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewtui.importers import values
from reviewtui.importers.values import ValueParseError

AS_OF = pendulum.date(2026, 5, 1)


@pytest.mark.parametrize(
    ("raw", "cents"),
    [
        ("$1,500,000", 150_000_000),
        ("1.5M", 150_000_000),
        ("1.5m", 150_000_000),
        ("250k", 25_000_000),
        ("$250K", 25_000_000),
        ("2bn", 200_000_000_000),
        ("1.5 million", 150_000_000),
        ("1500", 150_000),
        ("$99.9", 9_990),
        ("$0.005", 1),  # half a cent rounds up
        ("$0.004", 0),
        ("USD 1,200", 120_000),
        ("1,200 EUR", 120_000),
        ("£ 12,345.67", 1_234_567),
        ("-$5", -500),
        ("$-5", -500),
        ("(300)", -30_000),
        ("1 500 000", 150_000_000),
        ("1\u00a0500\u00a0000", 150_000_000),
        ("＄１，５００", 150_000),  # full-width digits and signs
        ("0.1", 10),
        ("", None),
        ("   ", None),
        ("N/A", None),
        ("-", None),
        ("—", None),
    ],
)
def test_money(raw: str, cents: int | None) -> None:
    assert values.parse_money(raw) == cents


def test_money_is_exact_in_cents_not_float() -> None:
    # 0.1 + 0.2 style drift would show here if float were involved anywhere.
    assert values.parse_money("$0.29") == 29
    assert values.parse_money("$1,000,000.07") == 100_000_007
    assert values.parse_money("4503599627370.49") == 450_359_962_737_049


@pytest.mark.parametrize(
    ("raw", "cents"),
    [
        ("€12.500,00", 1_250_000),
        ("12.500", 1_250_000),
        ("1,5", 150),
        ("1.234.567,89 EUR", 123_456_789),
        ("1,5M", 150_000_000),
    ],
)
def test_money_decimal_comma(raw: str, cents: int) -> None:
    assert values.parse_money(raw, decimal_comma=True) == cents


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("€12.500,00", "--decimal-comma"),
        ("1,5", "--decimal-comma"),
        ("12,34,56", "not an amount"),
        ("lots", "not an amount"),
        ("$", "not an amount"),
        ("1.2.3", "not an amount"),
        ("--5", "two signs"),
        ("1e9", "not an amount"),
        ("9" * 30, "too large"),
        ("#VALUE!", "spreadsheet error"),
        ("#REF!", "spreadsheet error"),
        ("1" * 200, "too long"),
    ],
)
def test_money_rejects(raw: str, message: str) -> None:
    with pytest.raises(ValueParseError, match=message):
        values.parse_money(raw)


def test_money_with_decimal_comma_rejects_a_decimal_point() -> None:
    with pytest.raises(ValueParseError, match="decimal point"):
        values.parse_money("12.5", decimal_comma=True)


@pytest.mark.parametrize(
    ("raw", "percent"),
    [
        ("85%", 85.0),
        ("85", 85.0),
        ("-13%", -13.0),
        ("↑ 5%", 5.0),
        ("▲5", 5.0),
        ("▼3", -3.0),
        ("↓ 2.5 %", -2.5),
        ("5%↓", -5.0),
        ("up 2%", 2.0),
        ("down 4", -4.0),
        ("+7 pp", 7.0),
        ("(5%)", -5.0),
        ("−12%", -12.0),  # U+2212 minus sign
        ("", None),
    ],
)
def test_percent_and_trends(raw: str, percent: float | None) -> None:
    assert values.parse_percent(raw) == percent


def test_percent_decimal_comma() -> None:
    assert values.parse_percent("12,5%", decimal_comma=True) == 12.5


@pytest.mark.parametrize("raw", ["↑-3", "high", "%", "5%%", "1,5%"])
def test_percent_rejects(raw: str) -> None:
    with pytest.raises(ValueParseError):
        values.parse_percent(raw)


@pytest.mark.parametrize(
    ("raw", "days"),
    [
        ("61 DAYS", 61),
        ("61 days", 61),
        ("61d", 61),
        ("1 day", 1),
        ("61", 61),
        ("3 weeks", 21),
        ("2w", 14),
        ("12 days ago", 12),
        ("", None),
    ],
)
def test_days(raw: str, days: int | None) -> None:
    assert values.parse_days(raw) == days


@pytest.mark.parametrize("raw", ["-3 days", "3 months", "soon", "1.5 days", "99999999 days"])
def test_days_rejects(raw: str) -> None:
    with pytest.raises(ValueParseError):
        values.parse_days(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2022-02-15", (2022, 2, 15)),
        ("2022/2/5", (2022, 2, 5)),
        ("2022-02-15T10:30:00Z", (2022, 2, 15)),
        ("2022-02-15 10:30", (2022, 2, 15)),
        ("Feb 15, 2022", (2022, 2, 15)),
        ("February 15th, 2022", (2022, 2, 15)),
        ("feb 15 2022", (2022, 2, 15)),
        ("Sept. 4, 2024", (2024, 9, 4)),
        ("15 Feb 2022", (2022, 2, 15)),
        ("15-Feb-22", (2022, 2, 15)),
        ("1st March 2023", (2023, 3, 1)),
        ("Tue, Mar 3, 2026", (2026, 3, 3)),
        ("2/15/2022", (2022, 2, 15)),
        ("2/15/22", (2022, 2, 15)),
        ("02-15-2022", (2022, 2, 15)),
        ("2/15/2022 10:32 AM", (2022, 2, 15)),
        ("Mar 3, 2027 (97 days)", (2027, 3, 3)),
        ("2027-03-03 [renewal] ", (2027, 3, 3)),
        ("Mar 3, 2027 (97 days) [auto]", (2027, 3, 3)),
        ("Feb 29, 2024", (2024, 2, 29)),
    ],
)
def test_dates_month_first_default(raw: str, expected: tuple[int, int, int]) -> None:
    assert values.parse_date(raw) == pendulum.date(*expected)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("15/2/2022", (2022, 2, 15)),
        ("03/04/2026", (2026, 4, 3)),
        ("15.02.2022", (2022, 2, 15)),
        ("2022-02-15", (2022, 2, 15)),  # ISO stays year-month-day
        ("Feb 15, 2022", (2022, 2, 15)),  # names are unambiguous
    ],
)
def test_dates_day_first(raw: str, expected: tuple[int, int, int]) -> None:
    assert values.parse_date(raw, day_first=True) == pendulum.date(*expected)


def test_ambiguous_date_follows_the_flag() -> None:
    assert values.parse_date("03/04/2026") == pendulum.date(2026, 3, 4)
    assert values.parse_date("03/04/2026", day_first=True) == pendulum.date(2026, 4, 3)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("15/2/2022", "--day-first"),  # month 15 in month-first order
        ("Feb 29, 2023", "not a real date"),
        ("2022-13-01", "no month 13"),
        ("Foo 3, 2020", "not a month"),
        ("tomorrow", "not a date"),
        ("2022", "not a date"),
        ("(97 days)", "not a date"),
        ("3/4/1066", "out of range"),
    ],
)
def test_dates_reject(raw: str, message: str) -> None:
    with pytest.raises(ValueParseError, match=message):
        values.parse_date(raw)


def test_days_ago_counts_back_from_as_of() -> None:
    assert values.parse_date_or_days_ago("61 DAYS", AS_OF) == pendulum.date(2026, 3, 1)
    assert values.parse_date_or_days_ago("0", AS_OF) == AS_OF
    assert values.parse_date_or_days_ago("Feb 15, 2022", AS_OF) == pendulum.date(2022, 2, 15)


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("green", "green"),
        ("GREEN", "green"),
        ("Good", "green"),
        ("ok", "green"),
        ("healthy", "green"),
        ("amber", "yellow"),
        ("At Risk", "yellow"),
        ("at-risk", "yellow"),
        ("warning", "yellow"),
        ("bad", "red"),
        ("Critical", "red"),
        ("poor", "red"),
        ("🔴", "red"),
        ("", None),
    ],
)
def test_status_words(raw: str, status: str | None) -> None:
    assert values.parse_status(raw) == status


def test_status_rejects_unknown_words() -> None:
    with pytest.raises(ValueParseError, match="not a status"):
        values.parse_status("purple")


@pytest.mark.parametrize(
    ("raw", "health"), [("85", 85.0), ("85%", 85.0), ("85/100", 85.0), ("0", 0.0), ("100", 100.0)]
)
def test_health(raw: str, health: float) -> None:
    assert values.parse_health(raw) == health


@pytest.mark.parametrize("raw", ["101", "-1", "150%", "good"])
def test_health_out_of_range(raw: str) -> None:
    with pytest.raises(ValueParseError):
        values.parse_health(raw)


def test_nps_and_whole_numbers() -> None:
    assert values.parse_nps("+45") == 45
    assert values.parse_nps("-100") == -100
    assert values.parse_nps("45.0") == 45
    for bad in ("101", "45.5", "many"):
        with pytest.raises(ValueParseError):
            values.parse_nps(bad)


def test_words_and_flags() -> None:
    assert values.parse_goals("Met") == "achieved"
    assert values.parse_goals("in progress") == "on track"
    assert values.parse_bool("Yes") is True
    assert values.parse_bool("n") is False
    with pytest.raises(ValueParseError):
        values.parse_bool("perhaps")


def test_text_is_cleaned_folded_and_bounded() -> None:
    assert values.parse_text("  Acme \x1b]0;PWNED\x07 Corp\x1b[31m ", 200) == "Acme Corp"
    assert values.parse_text("[bold]Acme[/bold]", 200) == "[bold]Acme[/bold]"
    assert values.parse_text("a\u202eb", 200) == "ab"
    assert values.parse_text("n/a", 200) is None
    with pytest.raises(ValueParseError, match="longer than the 10 allowed"):
        values.parse_text("x" * 11, 10)


# -- fuzzing -------------------------------------------------------------------------------

PARSERS: list[tuple[str, Callable[[str], object], type | tuple[type, ...]]] = [
    ("money", values.parse_money, int),
    ("money,", lambda raw: values.parse_money(raw, decimal_comma=True), int),
    ("percent", values.parse_percent, float),
    ("percent,", lambda raw: values.parse_percent(raw, decimal_comma=True), float),
    ("number", values.parse_number, Decimal),
    ("int", values.parse_int, int),
    ("days", values.parse_days, int),
    ("date", values.parse_date, datetime.date),
    ("date/day-first", lambda raw: values.parse_date(raw, day_first=True), datetime.date),
    ("date-or-days", lambda raw: values.parse_date_or_days_ago(raw, AS_OF), datetime.date),
    ("status", values.parse_status, str),
    ("goals", values.parse_goals, str),
    ("bool", values.parse_bool, bool),
    ("health", values.parse_health, float),
    ("nps", values.parse_nps, int),
    ("text", lambda raw: values.parse_text(raw, 50), str),
]

# Text built from the pieces exports are made of, so the fuzzer reaches deep branches.
_PIECES = st.sampled_from(
    [
        "$",
        "€",
        "£",
        "USD",
        ",",
        ".",
        " ",
        "-",
        "+",
        "(",
        ")",
        "%",
        "k",
        "M",
        "bn",
        "↑",
        "▼",
        "/",
        ":",
        "T",
        "Z",
        "AM",
        "days",
        "Feb",
        "March",
        "Tue,",
        "th",
        "[",
        "]",
        "#",
        "e",
        "\x1b[",
        "\x00",
        "\u00a0",
        "\u2212",
        "１",
        "0",
        "1",
        "2",
        "9",
        "12",
        "31",
        "2024",
        "99999999999999999",
        "1.5",
        "n/a",
    ]
)
_EXPORT_LIKE = st.lists(_PIECES, max_size=12).map("".join)


@pytest.mark.parametrize(("name", "parse", "kind"), PARSERS, ids=[p[0] for p in PARSERS])
@settings(max_examples=300, deadline=None)
@given(raw=st.one_of(st.text(max_size=120), _EXPORT_LIKE))
def test_parsers_return_or_raise_value_errors_only(
    name: str, parse: Callable[[str], object], kind: type, raw: str
) -> None:
    try:
        result = parse(raw)
    except ValueParseError as error:
        assert str(error), "a rejection always says why"
        assert "\x1b" not in str(error)
        return
    assert result is None or isinstance(result, kind), (name, raw, result)
    if isinstance(result, float):
        assert math.isfinite(result)


@settings(max_examples=300, deadline=None)
@given(cents=st.integers(min_value=0, max_value=10**14))
def test_money_round_trips_formatted_amounts(cents: int) -> None:
    whole, fraction = divmod(cents, 100)
    assert values.parse_money(f"${whole:,}.{fraction:02d}") == cents
    assert values.parse_money(f"{whole}.{fraction:02d}") == cents
    german = f"{whole:,}".replace(",", ".") + f",{fraction:02d} €"
    assert values.parse_money(german, decimal_comma=True) == cents


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=pendulum.date(1900, 1, 1), max_value=pendulum.date(2200, 12, 31)))
def test_dates_round_trip_in_every_form(day: pendulum.Date) -> None:
    forms = [
        day.isoformat(),
        f"{day.month}/{day.day}/{day.year}",
        day.strftime("%b %d, %Y"),
        day.strftime("%d %B %Y"),
        day.strftime("%A, %B %d, %Y") + " (42 days)",
    ]
    for form in forms:
        assert values.parse_date(form) == day, form
    assert values.parse_date(f"{day.day}/{day.month}/{day.year}", day_first=True) == day
