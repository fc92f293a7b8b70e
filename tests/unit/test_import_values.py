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
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reviewtui.domain.text import clean_input
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


# -- fast paths against the general readers --------------------------------------------------
#
# The common cell shapes are read by fast paths; every one must give exactly what the general
# reader gives (value, or rejection and its wording), so each is compared with it here.


def _outcome(parse: Callable[[], object]) -> tuple[str, object]:
    try:
        value = parse()
    except ValueParseError as error:
        return "rejected", str(error)
    return type(value).__name__, value


_SIGN = st.sampled_from(["", "", "-", "+", "\u2212", "(", " - "])
_CURRENCY = st.sampled_from(["", "", "$", "€", "£", "¥", "USD ", "US$", " EUR", "＄"])
_SCALE_WORD = st.sampled_from(["", "", "", "k", "K", "m", "M", "mm", "bn", "b", " k", " million"])


@st.composite
def _amounts(draw: st.DrawFn) -> str:
    """Amounts as exports write them, mostly in the fast paths' shapes, some just outside."""
    whole = draw(
        st.one_of(
            st.integers(0, 9_999),
            st.integers(0, 10**13),
            st.integers(0, 10**18),
            st.integers(10**70, 10**80),  # over the length a value may have, grouped
        )
    )
    grouped = f"{whole:,}" if draw(st.booleans()) else str(whole)
    fraction = draw(
        st.one_of(
            st.sampled_from(["", "", ".5", ".05", ".50", ".005", ".1234567"]),
            st.integers(0, 999_999).map(lambda n: f".{n:06d}"),  # half a cent, at some scales
        )
    )
    sign = draw(_SIGN)
    text = f"{sign}{draw(_CURRENCY)}{grouped}{fraction}{draw(_SCALE_WORD)}"
    if sign == "(":
        text += ")"
    padding = draw(st.sampled_from(["", "", "", " ", "\t", "\n", "\x1b[0m"]))
    return draw(st.sampled_from([text, padding + text, text + padding]))


@st.composite
def _scaled_amounts(draw: st.DrawFn) -> str:
    """ "1.5M", "$0.000005k": rounding to the cent is decided in the last digit."""
    whole = draw(st.integers(0, 10**13))
    digits = draw(st.sampled_from([0, 1, 2, 3, 5, 6, 6, 6, 7]))
    fraction = f".{draw(st.integers(0, 10**digits - 1)):0{digits}d}" if digits else ""
    if fraction and draw(st.booleans()):
        fraction = fraction[:-1] + "5"  # often exactly half a cent
    sign, currency = draw(st.sampled_from(["", "-"])), draw(st.sampled_from(["", "$", "€"]))
    return f"{sign}{currency}{whole}{fraction}{draw(_SCALE_WORD)}"


def _money_in_general(raw: str, decimal_comma: bool) -> int | None:
    text = values._prepare(raw)
    return None if text is None else values._money(text, decimal_comma)


@settings(max_examples=1500, deadline=None)
@given(
    raw=st.one_of(_amounts(), _scaled_amounts(), _EXPORT_LIKE, st.text(max_size=40)),
    comma=st.booleans(),
)
@example(raw="1" + ",000" * 33, comma=False)  # too long to be a value
@example(raw="$" + "9" * 15 + ".99", comma=False)  # too large
@example(raw="0.000005k", comma=False)  # half a cent
@example(raw="-$0.5", comma=False)
@example(raw="€1,000.5", comma=False)
def test_money_fast_paths_read_as_the_general_reader_does(raw: str, comma: bool) -> None:
    general = _outcome(lambda: _money_in_general(raw, comma))
    assert _outcome(lambda: values.parse_money(raw, comma)) == general, raw
    quick = values.quick_money(raw)
    if quick is not None:
        assert ("int", quick) == _outcome(lambda: _money_in_general(raw, False)), raw


_MONTH_WORDS = st.sampled_from(
    ["Jan", "jan", "FEB", "March", "Sept", "sept", "May", "Mon", "Monday", "Sunday", "Sat",
     "Thurs", "Foo", "Junee", "Dec", "december"]
)  # fmt: skip


@st.composite
def _dates(draw: st.DrawFn) -> str:
    """Dates as exports write them, mostly in the fast path's shapes, some just outside."""
    year = str(draw(st.one_of(st.integers(1990, 2030), st.integers(0, 99), st.integers(0, 2300))))
    year = year.zfill(draw(st.sampled_from([2, 4])))
    month = str(draw(st.one_of(st.integers(1, 12), st.integers(0, 13))))
    day = str(draw(st.one_of(st.integers(1, 28), st.integers(0, 32))))
    word = draw(_MONTH_WORDS) + draw(st.sampled_from(["", "", "."]))
    ordinal = draw(st.sampled_from(["", "", "", "st", "nd", "th"]))
    comma = draw(st.sampled_from(["", ","]))
    core = draw(
        st.sampled_from(
            [
                f"{year}-{month}-{day}",
                f"{year}/{month}/{day}",
                f"{month}/{day}/{year}",
                f"{day}.{month}.{year}",
                f"{month}-{day}/{year}",
                f"{word} {day}{ordinal}{comma} {year}",
                f"{day}{ordinal} {word}{comma} {year}",
                f"{word}  {day}, {year}",
                f"Tue, {word} {day}, {year}",
            ]
        )
    )
    note = draw(
        st.sampled_from(
            ["", "", " (97 days)", " (12:30)", "(x)", " (a (b))", " [renewal]", " (2 days) [x]",
             " (" + "n" * 120 + ")", " (ü)", " (\x1b[2J)", " ()", "  (3 days)"]
        )
    )  # fmt: skip
    padding = draw(st.sampled_from(["", "", "", " ", "\t"]))
    return draw(st.sampled_from([core + note, padding + core + note, core + note + padding]))


@settings(max_examples=1500, deadline=None)
@given(raw=st.one_of(_dates(), _EXPORT_LIKE, st.text(max_size=40)), day_first=st.booleans())
@example(raw="Mar 3, 2027 (97 days)", day_first=False)
@example(raw="Monday 3, 2020", day_first=False)  # a weekday, not a month
@example(raw="Feb 30, 2024 (x)", day_first=False)
@example(raw="3/4/2027 (" + "n" * 100 + ")", day_first=True)  # too long to be a value
def test_date_fast_path_reads_as_the_general_reader_does(raw: str, day_first: bool) -> None:
    general = _outcome(lambda: values._date(raw, day_first))
    assert _outcome(lambda: values.parse_date(raw, day_first)) == general, raw
    core = values.date_core(raw)
    if core is not None:  # the date alone reads as the cell does (importers cache by it)
        assert values.date_core(core) == core
        assert _outcome(lambda: values._date(core, day_first)) == general, raw


@settings(max_examples=1000, deadline=None)
@given(raw=st.one_of(st.text(), _EXPORT_LIKE))
def test_printable_text_is_already_clean(raw: str) -> None:
    """Cleaning is skipped for printable text: it must have nothing to remove."""
    if raw.isprintable():
        assert clean_input(raw) == raw
    assert values._clean(raw) == clean_input(raw)
