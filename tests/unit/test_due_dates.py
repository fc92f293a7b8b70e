"""Due dates as said in a meeting, and the one-line entries they are typed in."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from hostile import FORBIDDEN_ON_SCREEN, HOSTILE_TEXTS
from hypothesis import given
from hypothesis import strategies as st

from reviewtui.domain.due_dates import MAX_DAYS_AHEAD, DueDateError, describe_due, parse_due
from reviewtui.domain.entries import EntryError, parse_entry, resolve_owner
from reviewtui.domain.text import clean_input

D = pendulum.date
THU = D(2026, 11, 26)  # the conftest clock's day: a Thursday
FRI = D(2026, 11, 27)
SAT = D(2026, 11, 28)

# -- parse_due -----------------------------------------------------------------------------

VALID = [
    # (today, typed, expected)
    (THU, "fri", D(2026, 11, 27)),
    (THU, "friday", D(2026, 11, 27)),
    (THU, "FRI", D(2026, 11, 27)),
    (THU, "  Friday ", D(2026, 11, 27)),
    (THU, "mon", D(2026, 11, 30)),
    (THU, "wed", D(2026, 12, 2)),
    (THU, "thu", D(2026, 12, 3)),  # today's own weekday means next week's
    (THU, "thursday", D(2026, 12, 3)),
    (FRI, "fri", D(2026, 12, 4)),
    (THU, "+3d", D(2026, 11, 29)),
    (THU, "3d", D(2026, 11, 29)),
    (THU, "+1d", D(2026, 11, 27)),
    (THU, "2w", D(2026, 12, 10)),
    (THU, "+2w", D(2026, 12, 10)),
    (THU, "1m", D(2026, 12, 26)),
    (THU, "eom", D(2026, 11, 30)),
    (THU, "eow", D(2026, 11, 27)),
    (FRI, "eow", FRI),  # on a Friday, end of week is today
    (SAT, "eow", D(2026, 12, 4)),
    (THU, "eoq", D(2026, 12, 31)),
    (THU, "today", THU),
    (THU, "tomorrow", FRI),
    (THU, "tmr", FRI),
    (THU, "2026-12-04", D(2026, 12, 4)),
    (THU, "2026-11-26", THU),  # today itself is not the past
    (THU, "2027-1-5", D(2027, 1, 5)),
    # month ends
    (D(2026, 1, 31), "1m", D(2026, 2, 28)),
    (D(2026, 1, 31), "eom", D(2026, 1, 31)),
    (D(2026, 1, 30), "+2d", D(2026, 2, 1)),
    (D(2026, 3, 31), "eoq", D(2026, 3, 31)),
    (D(2026, 4, 1), "eoq", D(2026, 6, 30)),
    (D(2026, 8, 15), "eoq", D(2026, 9, 30)),
    (D(2026, 12, 31), "+1d", D(2027, 1, 1)),
    (D(2026, 12, 31), "tomorrow", D(2027, 1, 1)),
    (D(2026, 12, 31), "eoq", D(2026, 12, 31)),
    # leap years
    (D(2028, 1, 31), "1m", D(2028, 2, 29)),
    (D(2028, 2, 28), "+1d", D(2028, 2, 29)),
    (D(2028, 2, 10), "eom", D(2028, 2, 29)),
    (D(2027, 2, 10), "eom", D(2027, 2, 28)),
    (D(2028, 2, 1), "2028-02-29", D(2028, 2, 29)),
    (D(2028, 2, 29), "+1d", D(2028, 3, 1)),
    (D(2028, 2, 29), "1m", D(2028, 3, 29)),
    # the far edge
    (THU, f"+{MAX_DAYS_AHEAD}d", THU.add(days=MAX_DAYS_AHEAD)),
]


@pytest.mark.parametrize(("today", "typed", "expected"), VALID)
def test_parse_due(today: pendulum.Date, typed: str, expected: pendulum.Date) -> None:
    assert parse_due(typed, today) == expected


INVALID = [
    ("+0d", "today or earlier"),
    ("0d", "today or earlier"),
    ("0w", "today or earlier"),
    ("2026-02-30", "not a real date"),
    ("2027-02-29", "not a real date"),
    ("2026-13-01", "not a real date"),
    ("2026-11-25", "in the past"),
    ("2020-01-01", "in the past"),
    ("+foo", "not a due date"),
    ("next thursdy", "not a due date"),
    ("31/02", "not a real date"),
    ("Feb 30", "not a real date"),
    ("fri13", "not a due date"),
    ("-3d", "not a due date"),
    ("12/04/2025", "in the past"),
    ("", "no due date"),
    ("   ", "no due date"),
    (f"+{MAX_DAYS_AHEAD + 1}d", "three years"),
    ("40m", "three years"),
    ("999w", "three years"),
    ("2035-01-01", "three years"),
    ("+99999999999999999999d", "three years"),
    ("99999999999m", "three years"),
    ("1000000000w", "three years"),
]


@pytest.mark.parametrize(("typed", "message"), INVALID)
def test_parse_due_errors_say_why(typed: str, message: str) -> None:
    with pytest.raises(DueDateError) as error:
        parse_due(typed, THU)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_describe_due() -> None:
    assert describe_due(D(2026, 12, 4), THU) == "Fri 4 Dec 2026 (in 8 days)"
    assert describe_due(THU, THU).endswith("(today)")
    assert describe_due(FRI, THU).endswith("(tomorrow)")
    assert describe_due(D(2026, 11, 20), THU).endswith("(6 days overdue)")


days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)).map(
    lambda d: pendulum.date(d.year, d.month, d.day)
)


@given(today=days, n=st.integers(min_value=1, max_value=1000), plus=st.booleans())
def test_relative_days_add_exactly(today: pendulum.Date, n: int, plus: bool) -> None:
    typed = f"{'+' if plus else ''}{n}d"
    assert parse_due(typed, today) == today.add(days=n)


WORDS = [
    "today",
    "tomorrow",
    "eow",
    "eom",
    "eoq",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "nextweek",
    "1w",
    "6m",
]


@given(today=days, word=st.sampled_from(WORDS))
def test_a_due_date_is_never_before_today(today: pendulum.Date, word: str) -> None:
    assert parse_due(word, today) >= today


@given(today=days, typed=st.text(max_size=30))
def test_any_text_gives_a_date_in_range_or_a_due_date_error(
    today: pendulum.Date, typed: str
) -> None:
    try:
        due = parse_due(typed, today)
    except DueDateError:
        return
    assert today <= due <= today.add(days=MAX_DAYS_AHEAD)


# -- parse_entry -----------------------------------------------------------------------

PEOPLE = ["Maria Lopez", "Marco Rossi", "Sam Park", "Ana"]


def entry(raw: str, default_kind: str = "note") -> object:
    return parse_entry(raw, THU, default_kind, PEOPLE)


@pytest.mark.parametrize(
    ("raw", "kind", "text"),
    [
        ("n: churn is flat", "note", "churn is flat"),
        ("note: churn is flat", "note", "churn is flat"),
        ("d: move Acme to quarterly reviews", "decision", "move Acme to quarterly reviews"),
        ("D:move Acme", "decision", "move Acme"),
        ("r: champion is leaving", "risk", "champion is leaving"),
        ("risk : champion is leaving", "risk", "champion is leaving"),
        ("b: waiting on legal", "blocker", "waiting on legal"),
        ("just a plain note", "note", "just a plain note"),
        ("re: the renewal", "note", "re: the renewal"),  # not a known prefix
        ("http://example.com/a:b", "note", "http://example.com/a:b"),
        ("  padded  ", "note", "padded"),
    ],
)
def test_prefixes_choose_the_kind(raw: str, kind: str, text: str) -> None:
    parsed = parse_entry(raw, THU)
    assert (parsed.kind, parsed.text) == (kind, text)


def test_default_kind_applies_without_a_prefix() -> None:
    parsed = parse_entry("budget moved", THU, "decision")
    assert (parsed.kind, parsed.text) == ("decision", "budget moved")
    overridden = parse_entry("r: budget moved", THU, "decision")
    assert overridden.kind == "risk"


@pytest.mark.parametrize(
    ("raw", "title", "owner", "due"),
    [
        ("a: Send renewal deck @maria fri", "Send renewal deck", "Maria Lopez", FRI),
        ("a: @sam Call the CFO +3d", "Call the CFO", "Sam Park", D(2026, 11, 29)),
        ("action: Call the CFO @sam 2026-12-04", "Call the CFO", "Sam Park", D(2026, 12, 4)),
        ("todo: Call the CFO @Ana eom", "Call the CFO", "Ana", D(2026, 11, 30)),
        ("a: due fri send the deck @sam", "send the deck", "Sam Park", FRI),
        ("a: send the deck by eow @sam.", "send the deck", "Sam Park", FRI),
        ("a: Book QBR @newperson 2w", "Book QBR", "Newperson", D(2026, 12, 10)),
        ("a: Send the deck", "Send the deck", None, None),
        ("a: Send the deck @sam", "Send the deck", "Sam Park", None),
        ("a: Review plan fri", "Review plan", None, FRI),
        ("a: fri", "fri", None, None),  # a lone word is the title, not a date
        ("a: @sam fri", "fri", "Sam Park", None),
        ("a: Email [bold]Acme[/bold] @sam fri", "Email [bold]Acme[/bold]", "Sam Park", FRI),
    ],
)
def test_actions_take_owner_and_due(
    raw: str, title: str, owner: str | None, due: pendulum.Date | None
) -> None:
    parsed = parse_entry(raw, THU, people=PEOPLE)
    assert (parsed.kind, parsed.text, parsed.owner, parsed.due) == ("action", title, owner, due)


def test_default_kind_action_parses_owner_and_due() -> None:
    parsed = parse_entry("Call the CFO @sam +3d", THU, "action", PEOPLE)
    assert (parsed.kind, parsed.owner, parsed.due) == ("action", "Sam Park", D(2026, 11, 29))


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("a: Call @ fri", "needs a name"),
        ("a: Call the CFO @", "needs a name"),
        ("a: Call @sam @maria fri", "one owner"),
        ("a: @sam", "needs a title"),
        ("a: @sam due fri", "needs a title"),
        ("a: Call @sam 2026-02-30", "not a real date"),
        ("a: Call @sam 2026-11-01", "in the past"),
        ("a: Call @sam +0d", "today or earlier"),
        ("a: Call @sam +foo", "not a due date"),
        ("a: Call @sam due 2040-01-01", "three years"),
        ("i: churn rising", "category"),
        ("i: #market", "no text"),
        ("a:", "no text"),
        ("d:   ", "no text"),
        ("", "nothing to save"),
        ("   \n\t ", "nothing to save"),
        ("\x1b[31m\x1b[0m", "nothing to save"),
        ("x" * 4001, "too long"),
    ],
)
def test_entry_errors_say_what_to_fix(raw: str, message: str) -> None:
    with pytest.raises(EntryError) as error:
        parse_entry(raw, THU, people=PEOPLE)
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("raw", "category", "text"),
    [
        ("i: #market budgets shift to Q3", "market", "budgets shift to Q3"),
        ("i: new CFO #company", "company", "new CFO"),
        ("insight: #bu EMEA reorganised", "business unit", "EMEA reorganised"),
        ("i: #unit EMEA reorganised", "business unit", "EMEA reorganised"),
        ("i: #PEOPLE champion promoted #market", "people", "champion promoted #market"),
    ],
)
def test_insights_need_a_category(raw: str, category: str, text: str) -> None:
    parsed = parse_entry(raw, THU)
    assert (parsed.kind, parsed.category, parsed.text) == ("insight", category, text)


@pytest.mark.parametrize(
    ("handle", "expected"),
    [
        ("maria", "Maria Lopez"),
        ("MARIA", "Maria Lopez"),
        ("lop", "Maria Lopez"),  # a later name part
        ("marialopez", "Maria Lopez"),
        ("mar", "mar"),  # Maria and Marco: ambiguous, kept as typed
        ("sam", "Sam Park"),
        ("ana", "Ana"),
        ("zed", "zed"),
        ("a", "Ana"),  # only Ana starts with 'a', in any name part
        ("ross", "Marco Rossi"),
    ],
)
def test_resolve_owner(handle: str, expected: str) -> None:
    assert resolve_owner(handle, PEOPLE) == expected


def test_resolve_owner_prefers_an_exact_name() -> None:
    assert resolve_owner("ana", ["Ana", "Anabel Ruiz"]) == "Ana"
    assert resolve_owner("anab", ["Ana", "Anabel Ruiz"]) == "Anabel Ruiz"
    assert resolve_owner("sam", []) == "sam"


def test_markup_stays_literal() -> None:
    for raw in ("[bold]Revenue[/bold] up", "[@click=app.quit]x[/]", "[/", "[link=x]y", "\\[b]"):
        assert parse_entry(raw, THU).text == raw


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("Churn \x1b[31mred\x1b[0m rising", "Churn red rising"),
        ("title\x1b]0;PWNED\x07 set", "title set"),
        ("clip\x1b]52;c;SGVsbG8=\x07board", "clipboard"),
        ("csi \x9b31mhere", "csi here"),
        ("bell\x07 and null\x00", "bell and null"),
        ("\u202eevil", "evil"),
        ("d: \x1b[1mship it\x1b[0m", "ship it"),
    ],
)
def test_escape_sequences_are_stripped(raw: str, text: str) -> None:
    assert parse_entry(raw, THU).text == text


@pytest.mark.parametrize("raw", HOSTILE_TEXTS, ids=range(len(HOSTILE_TEXTS)))
@pytest.mark.parametrize("prefix", ["", "d: ", "a: ", "i: #market "])
def test_hostile_entries_are_saved_clean_or_refused(raw: str, prefix: str) -> None:
    try:
        parsed = parse_entry(prefix + raw, THU, people=PEOPLE)
    except EntryError as error:
        assert str(error)
        return
    assert not any(ch in parsed.text for ch in FORBIDDEN_ON_SCREEN)
    assert parsed.text
    if not prefix:
        assert parsed.text == clean_input(raw).strip()
