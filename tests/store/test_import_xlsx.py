"""Excel workbooks imported directly: the first sheet or a named one, dates as serial numbers
or as text, and the same result as the same rows in a CSV file."""

from __future__ import annotations

import csv
import datetime
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewtui.domain.clock import ManualClock
from reviewtui.services.importing import ImportReport, import_accounts
from reviewtui.services.workspace import Workspace, open_workspace
from reviewtui.store.accounts import find_account

AS_OF = pendulum.date(2026, 5, 1)
CLOCK = "2026-05-01T09:00:00Z"


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = open_workspace(tmp_path / "book.db", clock=ManualClock(CLOCK))
    try:
        yield workspace
    finally:
        workspace.close()


def workbook(
    path: Path, sheets: dict[str, list[list[Any]]], formats: dict[str, str] | None = None
) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for ref, number_format in (formats or {}).items():
            sheet[ref].number_format = number_format
    book.save(path)
    return path


def test_dates_as_serials_and_as_text(ws: Workspace, tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["Client", "Renewal Date", "Client Since", "Last Touch", "Usage", "ARR"],
        ["Acme", datetime.date(2027, 3, 3), 44607, "61 DAYS", 0.72, 1_500_000],
        ["Beta", "Mar 3, 2027", "2022-02-15", datetime.datetime(2026, 4, 20, 0, 0), "72%", 1500.5],
        ["Gamma", 46449, "2/15/2022", 46132, None, "$1,500,000"],
        [None, None, None, None, None, None],
        [],
    ]
    path = workbook(tmp_path / "book.xlsx", {"Accounts": rows}, {"E2": "0%"})
    report = import_accounts(ws, path, as_of=AS_OF)
    assert report.outcome == "imported", (report.message, report.rejected)
    assert (report.sheet, report.encoding, report.new) == ("Accounts", None, 3)
    for name in ("Acme", "Beta", "Gamma"):
        account = find_account(ws.db, name)
        assert account is not None
        assert account.renewal_date == pendulum.date(2027, 3, 3), name
        assert account.client_since == pendulum.date(2022, 2, 15), name
    acme, beta, gamma = (find_account(ws.db, n) for n in ("Acme", "Beta", "Gamma"))
    assert acme is not None and beta is not None and gamma is not None
    assert (acme.usage, beta.usage, gamma.usage) == (72.0, 72.0, None)
    assert (acme.arr_cents, beta.arr_cents, gamma.arr_cents) == (150_000_000, 150_050, 150_000_000)
    assert acme.last_touch == pendulum.date(2026, 3, 1)  # 61 days before --as-of
    assert beta.last_touch == pendulum.date(2026, 4, 20)
    assert gamma.last_touch == pendulum.date(2026, 4, 20)  # a serial day number


def test_a_named_sheet_and_a_missing_one(ws: Workspace, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "book.xlsx",
        {"Notes": [["just notes"]], "Book": [[], ["Account", "Owner"], ["Acme", "Dana"]]},
    )
    report = import_accounts(ws, path, as_of=AS_OF, sheet="book")
    assert report.outcome == "imported", report.message
    assert report.sheet == "Book" and report.new == 1
    missing = import_accounts(ws, path, as_of=AS_OF, sheet="Clients")
    assert missing.outcome == "failed"
    assert "no sheet called 'Clients' (the sheets: 'Notes', 'Book')" in missing.message


def test_broken_and_old_workbooks_fail_in_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip file")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    for path, words in ((broken, "cannot read the workbook"), (old, "an old Excel .xls")):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "reviewtui",
                "--db",
                str(tmp_path / "x.db"),
                "import",
                "accounts",
                str(path),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 1, done.stderr
        assert len(done.stderr.splitlines()) == 1 and words in done.stderr, done.stderr
        assert "Traceback" not in done.stderr


# -- the same rows in a CSV file and in a workbook ---------------------------------------------

_EPOCH = datetime.date(1899, 12, 30)
_NAMES = st.from_regex(r"[A-Za-z][A-Za-z0-9&' ]{0,14}[A-Za-z0-9]", fullmatch=True)


@st.composite
def _cell(draw: st.DrawFn, kind: str) -> tuple[str, Any, str | None]:
    """One value: (its text in the CSV file, its cell in the workbook, the cell's format)."""
    if kind == "money":
        cents = draw(st.integers(0, 10**11))
        text = f"${cents // 100:,}.{cents % 100:02d}"
        if draw(st.booleans()):
            return text, cents / 100, None
        return text, text, None
    if kind == "date":
        day = draw(st.dates(datetime.date(1960, 1, 1), datetime.date(2100, 12, 31)))
        text = draw(st.sampled_from([day.isoformat(), f"{day:%b} {day.day}, {day.year}"]))
        cell = draw(st.sampled_from(["text", "date", "serial"]))
        if cell == "date":
            return text, day, "yyyy-mm-dd"
        if cell == "serial":
            return text, (day - _EPOCH).days, None
        return text, text, None
    if kind == "score":
        value = draw(st.integers(0, 100))
        cell = draw(st.sampled_from(["text", "number", "percent"]))
        if cell == "number":
            return str(value), value, None
        if cell == "percent":
            return f"{value}%", value / 100, "0%"
        return f"{value}%", f"{value}%", None
    if kind == "nps":
        value = draw(st.integers(-100, 100))
        return str(value), draw(st.sampled_from([value, str(value)])), None
    if kind == "status":
        word = draw(st.sampled_from(["green", "Good", "at risk", "Amber", "red", "Critical"]))
        return word, word, None
    if kind == "flag":
        value = draw(st.booleans())
        text = "yes" if value else "no"
        return text, draw(st.sampled_from([value, text])), None
    if kind == "trend":
        value = draw(st.integers(-50, 50))
        text = f"↑ {value}%" if value > 0 else f"↓ {-value}%" if value < 0 else "0"
        return text, text, None
    word = draw(
        st.text(st.characters(codec="utf-8", categories=["L", "N"]), min_size=1, max_size=12)
    )
    return word, word, None


_COLUMNS = (
    ("Client", "name"),
    ("ARR", "money"),
    ("Renewal Date", "date"),
    ("Client Since", "date"),
    ("Health Score", "score"),
    ("NPS", "nps"),
    ("Status", "status"),
    ("Expansion", "flag"),
    ("Usage Trend", "trend"),
    ("CSM", "text"),
)


@st.composite
def _book(draw: st.DrawFn) -> tuple[list[str], list[list[tuple[str, Any, str | None]]]]:
    columns = [c for c in _COLUMNS if c[1] == "name" or draw(st.booleans())]
    rows = []
    for number in range(draw(st.integers(1, 6))):
        row = []
        for _, kind in columns:
            if kind == "name":
                name = f"{draw(_NAMES)} {number}"
                row.append((name, name, None))
            elif draw(st.integers(0, 5)) == 0:
                row.append(("", None, None))
            else:
                row.append(draw(_cell(kind)))
        rows.append(row)
    return [header for header, _ in columns], rows


def _stored(db_path: Path, source: Path) -> tuple[ImportReport, list[dict], list[dict]]:
    ws = open_workspace(db_path, clock=ManualClock(CLOCK))
    try:
        report = import_accounts(ws, source, as_of=AS_OF)
        accounts = ws.db.query("SELECT * FROM accounts ORDER BY key")
        snaps = ws.db.query(
            "SELECT a.key, s.* FROM metric_snapshots AS s JOIN accounts AS a"
            " ON a.id = s.account_id ORDER BY a.key"
        )
    finally:
        ws.close()
    for row in [*accounts, *snaps]:
        for column in ("id", "account_id", "created_at", "updated_at"):
            row.pop(column, None)
    return report, accounts, snaps


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(book=_book())
def test_a_csv_and_the_same_rows_in_a_workbook_import_alike(
    book: tuple[list[str], list[list[tuple[str, Any, str | None]]]],
) -> None:
    headers, rows = book
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        with (directory / "book.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers)
            writer.writerows([text for text, _, _ in row] for row in rows)
        sheet_book = openpyxl.Workbook()
        sheet = sheet_book.active
        sheet.append(headers)
        for number, row in enumerate(rows, 2):
            for column, (_, value, number_format) in enumerate(row, 1):
                cell = sheet.cell(row=number, column=column, value=value)
                if number_format is not None:
                    cell.number_format = number_format
        sheet_book.save(directory / "book.xlsx")
        from_csv = _stored(directory / "csv.db", directory / "book.csv")
        from_xlsx = _stored(directory / "xlsx.db", directory / "book.xlsx")
    assert from_csv[0].outcome == "imported", (from_csv[0].message, from_csv[0].rejected)
    assert [(c.label, c.field) for c in from_csv[0].columns] == [
        (c.label, c.field) for c in from_xlsx[0].columns
    ]
    assert from_xlsx[0].outcome == "imported", (from_xlsx[0].message, from_xlsx[0].rejected)
    assert from_csv[1] == from_xlsx[1]
    assert from_csv[2] == from_xlsx[2]


def test_hostile_cells_in_a_workbook_stay_text(ws: Workspace, tmp_path: Path) -> None:
    names = ["[bold]Acme[/bold]", "[@click=app.quit]Quit Corp[/]", "顧客株式会社", "Rocket 🚀 Labs"]
    rows: list[list[Any]] = [
        ["Client", "CSM", "Tier"],
        *([n, "[red]Dana[/red]", '=HYPERLINK("x")'] for n in names),
    ]
    report = import_accounts(ws, workbook(tmp_path / "h.xlsx", {"S": rows}), as_of=AS_OF)
    assert report.outcome == "imported", report.rejected
    stored = ws.db.query("SELECT name, owner, tier FROM accounts ORDER BY name")
    # A formula is read as the value the workbook last calculated (none here), never as text.
    assert stored == [{"name": n, "owner": "[red]Dana[/red]", "tier": None} for n in sorted(names)]
