"""Dates and names as people type them: calendar dates, `next friday`, `in 2 weeks`, slashes
read month-first or day-first, misspelt date words flagged; names without case or accents;
`&account` tying a note to an account in scope."""

from __future__ import annotations

import pendulum
import pytest

from reviewtui.domain.due_dates import misspelt_due, parse_due
from reviewtui.domain.entries import EntryError, parse_entry
from reviewtui.domain.names import closest, find_name, fold

D = pendulum.date
TODAY = D(2026, 11, 26)  # a Thursday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dec 15", D(2026, 12, 15)),
        ("dec 15th", D(2026, 12, 15)),
        ("15 Dec", D(2026, 12, 15)),
        ("15th December", D(2026, 12, 15)),
        ("Jan 3", D(2027, 1, 3)),  # already past this year: the next one
        ("Nov 26", D(2026, 11, 26)),  # today
        ("12/15", D(2026, 12, 15)),
        ("1/3", D(2027, 1, 3)),
        ("12/15/2026", D(2026, 12, 15)),
        ("12/15/26", D(2026, 12, 15)),
        ("next friday", D(2026, 12, 4)),  # the Friday of next week, not tomorrow
        ("next monday", D(2026, 11, 30)),
        ("next thu", D(2026, 12, 3)),
        ("in 2 weeks", D(2026, 12, 10)),
        ("in a week", D(2026, 12, 3)),
        ("in 3 days", D(2026, 11, 29)),
        ("in one month", D(2026, 12, 26)),
    ],
)
def test_dates_said_in_words(text: str, expected: pendulum.Date) -> None:
    assert parse_due(text, TODAY) == expected


def test_slashes_read_day_first_when_set() -> None:
    assert parse_due("15/12", TODAY, day_first=True) == D(2026, 12, 15)
    assert parse_due("4/12", TODAY, day_first=True) == D(2026, 12, 4)
    assert parse_due("4/12", TODAY) == D(2027, 4, 12)
    with pytest.raises(ValueError, match="not a real date"):
        parse_due("15/12", TODAY)  # month 15, month-first


@pytest.mark.parametrize(
    ("word", "meant"),
    [
        ("tomorow", "tomorrow"),
        ("firday", "friday"),
        ("wendesday", "wednesday"),
        ("Decmber", "december"),
    ],
)
def test_misspelt_date_words_are_named(word: str, meant: str) -> None:
    assert misspelt_due(word) == meant


@pytest.mark.parametrize("word", ["tomorrow", "friday", "customer", "Thursdays", "renewal", "fri"])
def test_ordinary_words_are_not_misspelt_dates(word: str) -> None:
    assert misspelt_due(word) is None


def test_an_action_with_a_misspelt_date_says_so() -> None:
    entry = parse_entry("a: send the deck @Ana tomorow", TODAY)
    assert entry.due is None and entry.text == "send the deck tomorow"
    assert entry.misspelt == (("tomorow", "tomorrow"),)


@pytest.mark.parametrize(
    ("raw", "title", "due"),
    [
        ("a: send the deck @Ana next friday", "send the deck", D(2026, 12, 4)),
        ("a: send the deck @Ana in 2 weeks", "send the deck", D(2026, 12, 10)),
        ("a: send the deck by Dec 15 @Ana", "send the deck", D(2026, 12, 15)),
        ("a: send the deck @Ana 15 Dec", "send the deck", D(2026, 12, 15)),
        ("a: plan the May 15 launch @Ana fri", "plan the May 15 launch", D(2026, 11, 27)),
    ],
)
def test_actions_take_dates_of_several_words(raw: str, title: str, due: pendulum.Date) -> None:
    entry = parse_entry(raw, TODAY, people=["Ana Diaz"])
    assert (entry.text, entry.owner, entry.due) == (title, "Ana Diaz", due)


def test_names_match_without_case_or_accents() -> None:
    people = ["Tomás Reyes", "Priya Raman", "Ana Diaz"]
    assert fold("  Tomás   REYES ") == "tomas reyes"
    assert find_name("tomas", people) == "Tomás Reyes"
    assert find_name("Tomas Reyes", people) == "Tomás Reyes"
    assert find_name("tomasreyes", people) == "Tomás Reyes"
    assert find_name("pri", people) == "Priya Raman"
    assert find_name("r", people) is None  # Reyes or Raman: ambiguous
    assert parse_entry("a: call @tomas fri", TODAY, people=people).owner == "Tomás Reyes"
    assert closest("Priay", people)[0] == "Priya Raman"


def test_an_unknown_owner_is_named_as_a_person() -> None:
    entry = parse_entry("a: call the sponsor @maria fri", TODAY, people=["Ana Diaz"])
    assert entry.owner == "Maria"


ACCOUNTS = ["Acme Corp", "Acme Labs", "Globex", "Café Olé"]


def test_an_account_ties_a_note_from_any_section() -> None:
    entry = parse_entry("r: &globex may churn in Q1", TODAY, accounts=ACCOUNTS)
    assert (entry.kind, entry.text, entry.account) == ("risk", "may churn in Q1", "Globex")
    entry = parse_entry("budget moves to search &Acme-Corp", TODAY, accounts=ACCOUNTS)
    assert (entry.text, entry.account) == ("budget moves to search", "Acme Corp")
    assert parse_entry("&cafe-ole renews early", TODAY, accounts=ACCOUNTS).account == "Café Olé"
    action = parse_entry(
        "a: &globex call the CFO @Ana fri", TODAY, people=["Ana"], accounts=ACCOUNTS
    )
    assert (action.text, action.owner, action.account) == ("call the CFO", "Ana", "Globex")


def test_an_unknown_or_ambiguous_account_is_refused_with_the_closest() -> None:
    with pytest.raises(EntryError, match="&Globex"):
        parse_entry("&globx is at risk", TODAY, accounts=ACCOUNTS)
    with pytest.raises(EntryError, match="no account in scope"):
        parse_entry("&acme is at risk", TODAY, accounts=ACCOUNTS)  # Corp or Labs?
    with pytest.raises(EntryError, match="one account"):
        parse_entry("&globex and &acme-labs", TODAY, accounts=ACCOUNTS)
    # Without accounts to match (not asked for), `&` is plain text.
    assert parse_entry("R&D &co", TODAY).text == "R&D &co"


def test_days_until_is_signed_once() -> None:
    from reviewtui.domain.due_dates import days_until, describe_due

    assert days_until(D(2026, 12, 6), TODAY) == 10
    assert days_until(D(2026, 11, 16), TODAY) == -10  # ten days ago, not "in 10 days"
    assert days_until(D(2022, 11, 9), TODAY) == -1478
    assert days_until(TODAY, TODAY) == 0
    assert describe_due(D(2026, 11, 16), TODAY).endswith("(10 days overdue)")


def test_ampersands_that_are_not_accounts_stay_text() -> None:
    for text in ("&amp; &lt;b&gt; &#65; entities", "rock & roll", "&& and &", "R&D budget"):
        assert parse_entry(text, TODAY, accounts=ACCOUNTS).text == text
