"""Rows of an accounts file read by `RowReader`, against the model that is their oracle.

The reader checks each value with plain code (`CHECKS`) rather than validating every row
through `AccountRow` (tests/import_row_model.py). These tests hold the two together: a check
passes exactly what the model keeps unchanged, and the reader gives, for any row, what
reading it through the model gives: the same values stored, or the row rejected (with every
parser's problem in its words, and a value the model refuses or changes in its column).
"""

from __future__ import annotations

from collections.abc import Sequence

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from import_row_model import AccountRow
from pydantic import ValidationError

from reviewtui.importers import accounts, values
from reviewtui.importers.accounts import (
    CHECKS,
    PARSERS,
    QUICK,
    STORED,
    ParseOptions,
    Parser,
    Problem,
    RowReader,
    RowRejected,
)
from reviewtui.importers.column_choice import choose_columns
from reviewtui.importers.columns import FIELDS, ColumnMap

OPTIONS = ParseOptions(pendulum.date(2026, 5, 1))


def map_columns(headers: list[str], mapping: dict[str, str] | None = None) -> ColumnMap:
    columns = choose_columns(headers, [], OPTIONS, mapping)
    assert columns.problem is None, columns.problem
    return columns


def test_every_field_has_a_parser_a_check_and_a_column() -> None:
    assert set(CHECKS) == set(PARSERS) == set(AccountRow.model_fields) == set(FIELDS)


# -- checks against the model ---------------------------------------------------------------


class _Text(str):
    pass


_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([-101, -100, -1, 0, 1, 100, 101, values.MAX_CENTS - 1, values.MAX_CENTS]),
    st.floats(),
    st.sampled_from([-0.0, 0.0, 100.0, 100.5, float("nan"), float("inf")]),
    st.text(max_size=5),
    st.text(min_size=95, max_size=105),
    st.text(min_size=195, max_size=205),
    st.sampled_from(["", " ", "green", "yellow", "red", "Red", "achieved", "missing", "on track"]),
    st.sampled_from([_Text("red"), _Text("Acme")]),
    st.dates(),
    st.dates().map(lambda d: pendulum.date(d.year, d.month, d.day)),
    st.datetimes(),
    st.just(pendulum.datetime(2026, 5, 1)),
)


def _same(a: object, b: object) -> bool:
    return type(a) is type(b) and (a == b or (a != a and b != b))  # NaN is itself here


@settings(max_examples=3000, deadline=None)
@given(field=st.sampled_from(sorted(CHECKS)), value=_VALUES)
def test_a_check_passes_exactly_what_the_model_keeps_unchanged(field: str, value: object) -> None:
    data = {"name": "Acme", field: value}
    try:
        kept = getattr(AccountRow.model_validate(data), field)
    except ValidationError:
        unchanged = False
    else:
        unchanged = _same(kept, value)
    assert CHECKS[field](value) == unchanged, (field, value)


# -- quick reads against the parsers -----------------------------------------------------------


@settings(max_examples=1000, deadline=None)
@given(
    raw=st.one_of(
        st.sampled_from(["$1,500,000", "$3,703,701.00", "1500", "-5", "$0.5", "9" * 16, "1.5k"]),
        st.from_regex(r"-?[$€£]?[0-9]{1,3}(,[0-9]{3}){0,5}(\.[0-9]{1,2})?", fullmatch=True),
        st.text(max_size=20),
    ),
    decimal_comma=st.booleans(),
)
def test_a_quick_read_is_what_the_parser_and_check_give(raw: str, decimal_comma: bool) -> None:
    options = ParseOptions(OPTIONS.as_of, decimal_comma=decimal_comma)
    for field, quick in QUICK.items():
        got = quick(raw, options)
        if got is None:
            continue
        typed = PARSERS[field](raw, options)
        assert CHECKS[field](typed), (field, raw)
        assert _same(got, STORED[field](typed) if field in STORED else typed), (field, raw)


# -- the reader against reading through the model ---------------------------------------------

_CELLS: dict[str, list[str]] = {
    "text": ["Acme", "  Acme   Corp ", "n/a", "", " ", "x" * 201, "a\x1b[31mb", "株式会社"],
    "money": ["$1,500,000", "1.5M", "250k", "-5", "(300)", "lots", "", "€12.500,00", "9" * 20],
    "date": ["2027-01-01", "Mar 3, 2027 (97 days)", "2/30/2024", "tomorrow", "", "Mon 3, 2020"],
    "days": ["61 DAYS", "2026-04-01", "3 weeks", "99999999", "soon", ""],
    "percent": ["85%", "85", "150", "-3", "85/100", "↑ 5%", "abc", ""],
    "change": ["↑ 15%", "↓ -3%", "+12 pts", "-3", "0", "up", "12 apples", ""],
    "int": ["40", "+40", "-101", "4.5", "4.0", "", "x"],
    "words": ["good", "Amber", "red", "purple", "met", "in progress", "yes", "no", "maybe", ""],
}
_KIND = {
    "arr": "money",
    "tcv": "money",
    "spend": "money",
    "cost_per_lead": "money",
    "leads": "int",
    "nps": "int",
    "renewal_date": "date",
    "client_since": "date",
    "churned_on": "date",
    "renewed_on": "date",
    "status_changed_on": "date",
    "last_touch": "days",
    "last_engaged": "days",
    "health": "percent",
    "usage": "percent",
    "status": "words",
    "goals": "words",
    "expansion": "words",
    "usage_change": "change",
    "health_change": "change",
}


def _cell(field: str) -> st.SearchStrategy[str]:
    samples = st.sampled_from(_CELLS[_KIND.get(field, "text")])
    return st.one_of(samples, samples, samples, st.text(max_size=12))


@st.composite
def _files(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    """Headers (field names, in any order, the name always there) and rows for them."""
    fields = draw(st.permutations(sorted(FIELDS)))
    fields = ["name", *[f for f in fields if f != "name" and draw(st.booleans())]]
    fields = draw(st.permutations(fields))
    rows = []
    for _ in range(draw(st.integers(1, 8))):
        cells = [draw(_cell(f)) for f in fields]
        if draw(st.integers(0, 9)) == 0:
            cells = cells[: draw(st.integers(0, len(cells)))]  # a short row
        elif draw(st.integers(0, 9)) == 0:
            cells.append(draw(st.sampled_from(["", "extra"])))  # one cell too many
        rows.append(cells)
    return list(fields), rows


def _reference(
    reader: RowReader, cells: Sequence[str], parsers: dict[str, Parser]
) -> list[object] | None:
    """How a row was read when every row went through the model: every cell through its
    parser, the typed row through AccountRow, the model's values stored."""
    columns = reader.columns
    count = len(cells)
    if not "".join(cells).strip():
        return None  # skipped
    if count > reader.width and "".join(cells[reader.width :]).strip():
        raise RowRejected(
            [
                Problem(
                    None,
                    f"{count} cells but the header has {reader.width} columns"
                    " (a value may hold an unquoted delimiter)",
                )
            ]
        )
    name_index = next(i for i, t in columns.fields.items() if t == "name")
    name = cells[name_index].strip() if name_index < count else ""
    first = next((c.strip() for c in cells if c.strip()), "")
    if accounts._TOTAL_ROW.match(name) or (not name and accounts._TOTAL_ROW.match(first)):
        raise RowRejected([Problem(columns.headers[name_index], "a totals row, not an account")])
    typed: dict[str, object] = {}
    problems: list[Problem] = []
    for index, target in sorted(columns.fields.items()):
        try:
            typed[target] = parsers[target](cells[index] if index < count else "", OPTIONS)
        except values.ValueParseError as error:
            problems.append(Problem(columns.headers[index], str(error)))
    if problems:
        raise RowRejected(problems)
    try:
        row = AccountRow.model_validate(typed)
    except ValidationError as error:
        raise _ModelRefused(
            {columns.header_for(str(i["loc"][0])) for i in error.errors()}
        ) from None
    data = row.__dict__
    changed = {columns.header_for(f) for f, v in typed.items() if not _same(data[f], v)}
    if changed:  # the model would store something else than was read: the reader must not
        raise _ModelRefused(changed)
    return [STORED[f](data[f]) if f in STORED else data[f] for f in reader.fields]


class _ModelRefused(Exception):
    def __init__(self, columns: set[str]) -> None:
        self.columns = columns


def _outcome(read: object, cells: Sequence[str]) -> tuple[str, object]:
    assert callable(read)
    try:
        stored = read(cells)
    except RowRejected as rejected:
        return "rejected", rejected.problems
    except _ModelRefused as refused:
        return "refused", refused.columns
    if stored is None:
        return "skipped", None
    return "stored", [(type(v).__name__, v) for v in stored]


def _agree(got: tuple[str, object], expected: tuple[str, object]) -> bool:
    """The reader agrees with the model: the same values stored, the same problems (in the
    parsers' words), or, where the model refuses or changes a value, the row rejected with
    a problem in each column the model names."""
    if expected[0] == "refused":
        assert isinstance(expected[1], set)
        return got[0] == "rejected" and expected[1] <= {
            p.column
            for p in got[1]  # type: ignore[attr-defined]
        }
    return got == expected


# Parsers that return what the real ones never do, so the model has values to judge: out of
# range, of the wrong type, or of a type the model converts.
_ODD_PARSERS: dict[str, Parser] = {
    "health": lambda raw, _: float(len(raw)) * 9,
    "nps": lambda raw, _: True if raw == "x" else len(raw) * 20 - 100,
    "usage": lambda raw, _: len(raw),
    "owner": lambda raw, _: raw,
    "arr": lambda raw, _: len(raw) - 2,
    "renewal_date": lambda raw, _: pendulum.datetime(2026, 1, 1) if raw else None,
    "status": lambda raw, _: raw or None,
}


@pytest.mark.parametrize("odd", [False, True], ids=["parsers", "odd-parsers"])
@settings(max_examples=400, deadline=None)
@given(file=_files())
def test_the_reader_reads_every_row_as_the_model_does(
    odd: bool, file: tuple[list[str], list[list[str]]]
) -> None:
    headers, rows = file
    reader = RowReader(map_columns(headers, {h: h for h in headers}), OPTIONS)
    parsers = dict(PARSERS)
    if odd:
        parsers.update(_ODD_PARSERS)
        for column in reader._columns:
            if column.target in _ODD_PARSERS:
                column.parse, column.quick = parsers[column.target], None
    expected = {
        n: _outcome(lambda c: _reference(reader, c, parsers), c) for n, c in enumerate(rows)
    }
    blank = sum(1 for outcome in expected.values() if outcome[0] == "skipped")
    for round_ in range(2):  # twice: the second time from the columns' caches
        accepted, rejected = reader.read_many(list(enumerate(rows)))
        got = {n: ("stored", [(type(v).__name__, v) for v in stored]) for n, stored in accepted}
        got.update({n: ("rejected", problems) for n, problems in rejected})
        assert reader.blank_rows == blank * (round_ + 1)
        for n, outcome in expected.items():
            if outcome[0] == "skipped":
                assert n not in got, rows
            else:
                assert _agree(got[n], outcome), (rows[n], got[n], outcome)
        assert [n for n, _ in accepted] == sorted(n for n, _ in accepted)
        assert [n for n, _ in rejected] == sorted(n for n, _ in rejected)
    for n, cells in enumerate(rows):  # and one at a time
        if expected[n][0] == "skipped":
            with pytest.raises(RowRejected):
                reader.read(cells)
        else:
            assert _agree(_outcome(reader.read, cells), expected[n]), cells


def test_a_value_of_the_wrong_type_is_never_stored_as_something_else() -> None:
    reader = RowReader(map_columns(["name", "usage"], {"name": "name", "usage": "usage"}), OPTIONS)
    for column in reader._columns:
        if column.target == "usage":
            column.parse = lambda raw, _: len(raw)  # an int where a float belongs
    with pytest.raises(RowRejected) as rejected:
        reader.read(["Acme", "abc"])
    assert rejected.value.problems == [
        Problem("usage", "'abc' cannot be stored as usage (a number or percentage)")
    ]


def test_a_value_a_check_refuses_rejects_its_row_naming_the_column() -> None:
    reader = RowReader(map_columns(["Client", "Score"], {"Score": "health"}), OPTIONS)
    for column in reader._columns:
        if column.target == "health":
            column.parse = lambda raw, _: 150.0
    with pytest.raises(RowRejected) as rejected:
        reader.read(["Acme", "150"])
    assert rejected.value.problems == [
        Problem("Score", "'150' cannot be stored as health score, 0-100")
    ]


def test_dates_and_flags_are_stored_as_text_and_numbers() -> None:
    headers = ["Client", "Renewal Date", "Expansion"]
    reader = RowReader(map_columns(headers), OPTIONS)
    assert reader.fields == ["name", "renewal_date", "expansion"]
    assert reader.read(["Acme", "Mar 3, 2027 (97 days)", "yes"]) == ("Acme", "2027-03-03", 1)
    assert reader.read(["Beta", "", ""]) == ("Beta", None, 0)
