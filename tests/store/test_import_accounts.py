"""Importing accounts from CSV/TSV files written the way real exports are, into real SQLite.

Fixture files are written by the tests themselves, in every encoding and delimiter the
importer claims to read, with every value form and hostile row it claims to handle. Where
"nothing changes" is promised, the database file is compared byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest
from hostile import FORBIDDEN_ON_SCREEN
from store_reads import find_account_by_external_id

from reviewtui.domain.clock import ManualClock
from reviewtui.services import importing
from reviewtui.services.importing import ImportReport, ImportUsageError, import_accounts
from reviewtui.services.workspace import Workspace, open_workspace
from reviewtui.store import account_bulk
from reviewtui.store.accounts import find_account, snapshots

AS_OF = pendulum.date(2026, 5, 1)


def mapped(report: ImportReport) -> list[tuple[str, str | None, str]]:
    """(header, field, how) for each column imported, in file order."""
    return [(c.label, c.field, c.source) for c in report.columns if c.field is not None]


def ignored(report: ImportReport) -> list[str]:
    return [c.label for c in report.columns if c.field is None]


CLOCK = "2026-05-01T09:00:00Z"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "book.db"


@pytest.fixture
def ws(db_path: Path) -> Iterator[Workspace]:
    workspace = open_workspace(db_path, clock=ManualClock(CLOCK))
    try:
        yield workspace
    finally:
        workspace.close()


def write(path: Path, rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> Path:
    """Rows joined by hand (quoting cells that need it) so the bytes are exactly as given."""

    def quote(cell: str) -> str:
        if any(c in cell for c in (delimiter, '"', "\n", "\r")):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    text = "".join(delimiter.join(quote(c) for c in row) + "\r\n" for row in rows)
    path.write_bytes(text.encode(encoding))
    return path


def run(ws: Workspace, path: Path, **options: object) -> ImportReport:
    options.setdefault("as_of", AS_OF)
    return import_accounts(ws, path, **options)  # type: ignore[arg-type]


def cli(db: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reviewtui", "--db", str(db), "import", "accounts", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def digest(db: Path) -> str:
    """Hash of the database file; the WAL must have been folded in (no -wal left)."""
    wal = db.with_name(db.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0, "a connection is still open"
    return hashlib.sha256(db.read_bytes()).hexdigest()


def seeded_db(tmp_path: Path) -> Path:
    """A database that already holds two accounts, written by the real command."""
    db = tmp_path / "seeded.db"
    seed = write(
        tmp_path / "seed.csv",
        [["Client", "ARR", "CSM"], ["Acme Corp", "$100", "Dana"], ["Beta Ltd", "$200", "Lee"]],
    )
    done = cli(db, str(seed), "--as-of", "2026-04-01", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return db


def rejected(report: ImportReport) -> list[tuple[int, str | None, str]]:
    return [(r.row, r.column, r.reason) for r in report.rejected]


# -- encodings and delimiters -------------------------------------------------------------

NAMES_CP1252 = ["Café Zürich", "Ærø Ltd", "Œuvre & Co"]
NAMES_UNICODE = [*NAMES_CP1252, "顧客株式会社", "Rocket 🚀 Labs"]


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),  # Python writes a byte-order mark
        ("utf-16-le", "utf-16-le"),  # no mark: recognised by its zero bytes
        ("cp1252", "cp1252"),
    ],
)
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_reads_every_encoding_and_delimiter(
    ws: Workspace, tmp_path: Path, encoding: str, expected: str, delimiter: str
) -> None:
    names = NAMES_CP1252 if encoding == "cp1252" else NAMES_UNICODE
    rows = [["Client", "ARR", "Renewal Date"]]
    rows += [[name, f"$1,{i}00.50", "Mar 3, 2027"] for i, name in enumerate(names)]
    path = write(tmp_path / "book.csv", rows, delimiter=delimiter, encoding=encoding)
    report = run(ws, path)
    assert report.outcome == "imported", report.message
    assert report.encoding == expected
    assert report.delimiter == {",": "comma", ";": "semicolon", "\t": "tab"}[delimiter]
    assert report.new == len(names)
    for i, name in enumerate(names):
        account = find_account(ws.db, name)
        assert account is not None, name
        assert account.name == name
        assert account.arr_cents == 100_000 + i * 10_000 + 50
        assert account.renewal_date == pendulum.date(2027, 3, 3)


def test_tsv_and_excel_sep_line(ws: Workspace, tmp_path: Path) -> None:
    tsv = write(tmp_path / "book.tsv", [["Account", "Owner"], ["Acme, Inc.", "Dana"]], "\t")
    assert run(ws, tsv).outcome == "imported"
    assert find_account(ws.db, "Acme, Inc.") is not None
    excel = tmp_path / "excel.csv"
    excel.write_text('sep=;\r\nClient;ARR\r\n"Beta; Ltd";1.000\r\n', encoding="utf-8")
    report = run(ws, excel, decimal_comma=True)
    assert report.outcome == "imported", report.message
    beta = find_account(ws.db, "Beta; Ltd")
    assert beta is not None and beta.arr_cents == 100_000
    assert report.rejected == []


def test_undecodable_bytes_fail_cleanly(ws: Workspace, db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"Client\r\nAcme \x81\x8d\x8f\x90\x9d\xff\xfe\r\n")  # not UTF-8 or cp1252
    report = run(ws, path)
    assert report.outcome == "failed"
    assert "encoding" in report.message
    assert ws.db.query_one("SELECT count(*) AS n FROM accounts") == {"n": 0}


# -- headers ---------------------------------------------------------------------------------


def test_header_synonyms_in_any_case_and_spacing(ws: Workspace, tmp_path: Path) -> None:
    header = [
        "  CLIENT ",
        "annual_recurring_revenue",
        "Total Contract Value",
        "Renews",
        "Assigned CSM",
        "Success Score",
        "Pulse",
        "Customer Since",
        "Last Touch",
        "Last Engaged",
        "N.P.S",
        "tier",
        "Usage (%)",
        "Lifecycle Stage",
        "Account ID",
        "Internal notes",
        "",
    ]
    row = [
        "Acme",
        "$1,500,000",
        "$3M",
        "2027-03-03",
        "Dana",
        "85",
        "good",
        "Feb 15, 2022",
        "61 DAYS",
        "2026-04-20",
        "45",
        "Enterprise",
        "72%",
        "Adoption",
        "CRM-1",
        "whatever",
        "x",
    ]
    path = write(tmp_path / "book.csv", [header, row])
    report = run(ws, path)
    assert report.outcome == "imported", report.message
    by_header = {h: f for h, f, _ in mapped(report)}
    assert by_header == {
        "CLIENT": "name",
        "annual_recurring_revenue": "arr",
        "Total Contract Value": "tcv",
        "Renews": "renewal_date",
        "Assigned CSM": "owner",
        "Success Score": "health",
        "Pulse": "status",
        "Customer Since": "client_since",
        "Last Touch": "last_touch",
        "Last Engaged": "last_engaged",
        "N.P.S": "nps",
        "tier": "tier",
        "Usage (%)": "usage",
        "Lifecycle Stage": "lifecycle",
        "Account ID": "external_id",
    }
    assert ignored(report) == ["Internal notes", "(column 17, no header)"]
    acme = find_account(ws.db, "acme")
    assert acme is not None
    assert (acme.arr_cents, acme.tcv_cents, acme.owner) == (150_000_000, 300_000_000, "Dana")
    assert (acme.health, acme.status, acme.nps, acme.usage) == (85.0, "green", 45, 72.0)
    assert acme.client_since == pendulum.date(2022, 2, 15)
    assert acme.last_touch == pendulum.date(2026, 3, 1)  # 61 days before --as-of
    assert acme.last_engaged == pendulum.date(2026, 4, 20)
    assert (acme.tier, acme.lifecycle) == ("Enterprise", "Adoption")
    assert find_account_by_external_id(ws.db, "CRM-1") == acme


def test_mapping_file_names_the_rest(ws: Workspace, tmp_path: Path) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        '[columns]\n"Nom du client" = "name"\n"Montant annuel" = "arr"\n'
        '"Responsable" = "owner"\n"Client" = "ignore"\n',
        encoding="utf-8",
    )
    path = write(
        tmp_path / "fr.csv",
        [
            ["Nom du client", "Montant annuel", "RESPONSABLE", "Client"],
            ["Sàrl Dupont", "2k", "Zoé", "x"],
        ],
    )
    report = run(ws, path, mapping_path=mapping)
    assert report.outcome == "imported", report.message
    assert ("Nom du client", "name", "mapping file") in mapped(report)
    assert "Client" in ignored(report)
    dupont = find_account(ws.db, "Sàrl Dupont")
    assert dupont is not None and dupont.arr_cents == 200_000 and dupont.owner == "Zoé"


def test_mapping_file_with_an_unknown_field_is_a_usage_error(ws: Workspace, tmp_path: Path) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\n"Revenue" = "revenue_total"\n', encoding="utf-8")
    path = write(tmp_path / "a.csv", [["Client"], ["Acme"]])
    with pytest.raises(ImportUsageError, match="no such field"):
        run(ws, path, mapping_path=mapping)
    mapping.write_text("columns = 3\n", encoding="utf-8")
    with pytest.raises(ImportUsageError, match=r"\[columns\]"):
        run(ws, path, mapping_path=mapping)


def test_two_columns_claiming_one_field_need_a_mapping(ws: Workspace, tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", [["Customer", "Company", "ARR"], ["Acme", "Acme Inc", "1"]])
    report = run(ws, path)
    assert report.outcome == "failed"
    assert "'Customer'" in report.message and "'Company'" in report.message
    assert "--mapping" in report.message


def test_a_file_without_a_name_column_is_refused(ws: Workspace, tmp_path: Path) -> None:
    report = run(ws, write(tmp_path / "a.csv", [["ARR", "Owner"], ["1", "Dana"]]))
    assert report.outcome == "failed"
    assert "no column holds the account name" in report.message


# -- values --------------------------------------------------------------------------------


def test_value_forms_and_empty_cells(ws: Workspace, tmp_path: Path) -> None:
    rows = [
        ["Client", "ARR", "Renewal", "Client Since", "Health", "Status", "Last Touch", "NPS"],
        [
            "A1",
            "$1,500,000",
            "Mar 3, 2027 (97 days)",
            "Feb 15, 2022",
            "85%",
            "ok",
            "61 DAYS",
            "+40",
        ],
        ["A2", "1.5M", "15 Feb 2022", "2/15/2022", "40/100", "At Risk", "2026-04-01", "-20"],
        ["A3", "250k", "2027-01-01T00:00:00Z", "Tue, Mar 3, 2020", "0", "Critical", "", ""],
        ["A4", "", "", "", "", "", "", ""],
    ]
    report = run(ws, write(tmp_path / "v.csv", rows))
    assert report.outcome == "imported", rejected(report)
    got = {
        r["name"]: r
        for r in ws.db.query(
            "SELECT name, arr_cents, typeof(arr_cents) AS t, renewal_date, client_since, health,"
            " status, last_touch, nps FROM accounts"
        )
    }
    assert got["A1"]["arr_cents"] == 150_000_000 and got["A1"]["t"] == "integer"
    assert got["A2"]["arr_cents"] == 150_000_000
    assert got["A3"]["arr_cents"] == 25_000_000
    assert got["A1"]["renewal_date"] == "2027-03-03"
    assert got["A2"]["renewal_date"] == "2022-02-15"
    assert got["A3"]["renewal_date"] == "2027-01-01"
    assert got["A2"]["client_since"] == "2022-02-15"
    assert got["A3"]["client_since"] == "2020-03-03"
    assert [got[n]["status"] for n in ("A1", "A2", "A3")] == ["green", "yellow", "red"]
    assert [got[n]["health"] for n in ("A1", "A2", "A3")] == [85.0, 40.0, 0.0]
    assert got["A1"]["last_touch"] == "2026-03-01"
    assert (got["A1"]["nps"], got["A2"]["nps"]) == (40, -20)
    assert {k: v for k, v in got["A4"].items() if k not in ("name", "t")} == {
        "arr_cents": None,
        "renewal_date": None,
        "client_since": None,
        "health": None,
        "status": None,
        "last_touch": None,
        "nps": None,
    }


def test_decimal_comma_and_day_first(ws: Workspace, tmp_path: Path) -> None:
    rows = [["Kunde", "ARR", "Verlängerung"], ["Müller GmbH", "€12.500,00", "03/04/2027"]]
    rows[0] = ["Kunde", "ARR", "Renewal Date"]
    path = write(tmp_path / "de.csv", rows, delimiter=";", encoding="cp1252")
    mapping = tmp_path / "de.toml"
    mapping.write_text('[columns]\n"Kunde" = "name"\n', encoding="utf-8")
    plain = run(ws, path, mapping_path=mapping, dry_run=True)
    assert plain.outcome == "failed"
    assert "--decimal-comma" in plain.rejected[0].reason
    report = run(ws, path, mapping_path=mapping, decimal_comma=True, day_first=True)
    assert report.outcome == "imported", rejected(report)
    muller = find_account(ws.db, "Müller GmbH")
    assert muller is not None
    assert muller.arr_cents == 1_250_000
    assert muller.renewal_date == pendulum.date(2027, 4, 3)


# -- hostile rows --------------------------------------------------------------------------

HOSTILE_NAMES = [
    "[bold]Acme[/bold]",
    "[@click=app.quit]Quit Corp[/]",
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "顧客レビュー 株式会社",
    "👩‍💼📈 Emoji Partners",
    "Robert'); DROP TABLE accounts;--",
]


def test_hostile_text_is_stored_as_inert_text(ws: Workspace, tmp_path: Path) -> None:
    rows = [["Client", "CSM", "Tier"]]
    rows += [[name, "[red]Dana[/red]", "\x1b[31mGold\x1b[0m"] for name in HOSTILE_NAMES]
    rows.append(["\x1b]0;PWNED\x07Evil \u202eCorp\u202c\x00", "Lee\x1b[2J", "x"])
    report = run(ws, write(tmp_path / "h.csv", rows))
    assert report.outcome == "imported", rejected(report)
    stored = {r["name"]: r for r in ws.db.query("SELECT name, owner, tier FROM accounts")}
    for name in HOSTILE_NAMES:
        assert name in stored, name
        assert stored[name]["owner"] == "[red]Dana[/red]"
        assert stored[name]["tier"] == "Gold"
    assert "Evil Corp" in stored
    assert stored["Evil Corp"]["owner"] == "Lee"
    for row in stored.values():
        for value in row.values():
            assert not any(bad in (value or "") for bad in (*FORBIDDEN_ON_SCREEN, "\x00"))
    assert ws.db.query_one("SELECT count(*) AS n FROM accounts") == {"n": len(HOSTILE_NAMES) + 1}


def hostile_file(tmp_path: Path) -> Path:
    return write(
        tmp_path / "mixed.csv",
        [
            ["Client", "ARR", "Renewal Date", "Health"],  # row 1
            ["Good One", "$1,000", "2027-01-01", "80"],  # 2
            ["", "", "", ""],  # 3 blank: skipped and counted
            ["Acme", "lots", "2027-01-01", "70"],  # 4 bad amount
            ["Beta", "$5", "tomorrow", "150"],  # 5 bad date, health out of range
            ["Good Two", "$2,000", "2027-02-01", "60"],  # 6
            [" ACME  ", "$9", "", ""],  # 7 same key as row 4? (row 4 was rejected)
            ["Gamma", "$1", "", ""],  # 8
            ["gamma", "$2", "", ""],  # 9 duplicate of 8
            ["X" * 10_000, "$1", "", ""],  # 10 huge name
            ["Delta", "$1", "", "", "extra"],  # 11 one cell too many
            ["Total", "$1,003,017", "", ""],  # 12 footer
        ],
    )


EXPECTED_REJECTIONS = [
    (4, "ARR", "'lots' is not an amount"),
    (5, "Renewal Date", "'tomorrow' is not a date"),
    (5, "Health", "health must be between 0 and 100, not '150'"),
    (8, "Client", "the same account appears again in row 9"),
    (9, "Client", "the same account as row 8"),
    (10, "Client", "10000 characters is longer than the 200 allowed"),
    (11, None, "5 cells but the header has 4 columns (a value may hold an unquoted delimiter)"),
    (12, "Client", "a totals row, not an account"),
]


def test_every_bad_row_is_reported_with_row_column_and_reason(
    ws: Workspace, tmp_path: Path
) -> None:
    report = run(ws, hostile_file(tmp_path))
    assert rejected(report) == EXPECTED_REJECTIONS
    assert (report.rows_read, report.blank_rows) == (10, 1)
    assert (report.new, report.updated, report.rejected_rows) == (3, 0, 7)
    assert report.outcome == "failed" and not report.written
    assert "--skip-bad-rows" in report.message
    assert ws.db.query_one("SELECT count(*) AS n FROM accounts") == {"n": 0}


def test_a_rejected_file_leaves_the_database_byte_identical(tmp_path: Path) -> None:
    db = seeded_db(tmp_path)
    before = digest(db)
    done = cli(db, str(hostile_file(tmp_path)), "--as-of", "2026-05-01", cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "row 4" in done.stdout and "'lots' is not an amount" in done.stdout
    assert "nothing changed" in done.stderr
    assert digest(db) == before


def test_dry_run_reports_but_writes_nothing(tmp_path: Path) -> None:
    db = seeded_db(tmp_path)
    before = digest(db)
    good = write(tmp_path / "good.csv", [["Client", "ARR"], ["Acme Corp", "$5"], ["New Co", "$1"]])
    done = cli(db, str(good), "--dry-run", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["rows"] == {
        "read": 2,
        "blank": 0,
        "footer": 0,
        "new": 1,
        "updated": 1,
        "rejected": 0,
    }
    assert report["dry_run"] is True and report["written"] is False
    assert "dry run" in report["message"]
    assert digest(db) == before


def test_skip_bad_rows_imports_the_rest_and_exits_3(tmp_path: Path) -> None:
    db = seeded_db(tmp_path)
    done = cli(db, str(hostile_file(tmp_path)), "--skip-bad-rows", "--json", cwd=tmp_path)
    assert done.returncode == 3, done.stderr
    report = json.loads(done.stdout)
    assert report["outcome"] == "partial" and report["written"] is True
    assert report["rows"] == {
        "read": 10,
        "blank": 1,
        "footer": 0,
        "new": 3,
        "updated": 0,
        "rejected": 7,
    }
    assert [(r["row"], r["column"]) for r in report["rejected"]] == [
        (row, column) for row, column, _ in EXPECTED_REJECTIONS
    ]
    ws = open_workspace(db, clock=ManualClock(CLOCK))
    try:
        names = {r["name"] for r in ws.db.query("SELECT name FROM accounts")}
        # Row 7 (" ACME  ") is accepted: row 4, the other "acme", was rejected on its own.
        assert names == {"Acme Corp", "Beta Ltd", "Good One", "Good Two", "ACME"}
    finally:
        ws.close()


def test_nothing_importable_changes_nothing_even_when_skipping(tmp_path: Path) -> None:
    db = seeded_db(tmp_path)
    before = digest(db)
    bad = write(tmp_path / "bad.csv", [["Client", "ARR"], ["", ""], ["Total", "$3"], ["X", "?"]])
    done = cli(db, str(bad), "--skip-bad-rows", cwd=tmp_path)
    assert done.returncode == 1
    assert "none of the 2 rows can be imported" in done.stderr  # the blank one is skipped
    assert digest(db) == before
    header_only = write(tmp_path / "empty.csv", [["Client", "ARR"]])
    done = cli(db, str(header_only), cwd=tmp_path)
    assert done.returncode == 1 and "no rows" in done.stderr
    assert digest(db) == before


@pytest.mark.parametrize("rebuild_indexes", [False, True])
def test_a_failure_during_the_write_rolls_everything_back(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rebuild_indexes: bool
) -> None:
    monkeypatch.setattr(importing, "REBUILD_INDEXES_FROM", 1 if rebuild_indexes else 10**9)
    indexes = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    indexes_before = ws.db.query(indexes)
    rows = [["Client", "ARR"]] + [[f"Account {i}", f"${i}"] for i in range(5000)]
    path = write(tmp_path / "many.csv", rows)
    calls = 0
    real = account_bulk.snapshot_accounts

    def fail_late(*args: object, **kwargs: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:  # after the first batch has been written
            raise OSError("disk full")
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importing.account_bulk, "snapshot_accounts", fail_late)
    with pytest.raises(OSError, match="disk full"):
        run(ws, path)
    assert calls == 2
    assert ws.db.query_one("SELECT count(*) AS n FROM accounts") == {"n": 0}
    assert ws.db.query_one("SELECT count(*) AS n FROM metric_snapshots") == {"n": 0}
    assert ws.db.query(indexes) == indexes_before
    assert ws.db.query_one("PRAGMA cache_size") == {"cache_size": -2000}
    monkeypatch.setattr(importing.account_bulk, "snapshot_accounts", real)
    assert run(ws, path).new == 5000  # and the same file then goes in whole
    assert ws.db.query(indexes) == indexes_before
    assert ws.db.query_one("PRAGMA integrity_check") == {"integrity_check": "ok"}


# -- upserts, snapshots, ids ----------------------------------------------------------------


def test_reimport_updates_by_name_and_records_a_snapshot_per_date(
    ws: Workspace, tmp_path: Path
) -> None:
    first = write(
        tmp_path / "a.csv",
        [
            ["Client", "ARR", "Health", "Status", "CSM"],
            ["Acme Corp", "$100", "80", "green", "Dana"],
        ],
    )
    assert run(ws, first).new == 1
    second = write(
        tmp_path / "b.csv",
        [["client", "health", "status", "arr"], ["  acme   CORP ", "35", "red", ""]],
    )
    report = run(ws, second, as_of=AS_OF.add(days=7))
    assert (report.new, report.updated) == (0, 1)
    acme = find_account(ws.db, "Acme Corp")
    assert acme is not None
    assert acme.name == "acme CORP"  # the file's spelling wins, whitespace folded
    assert (acme.health, acme.status, acme.arr_cents) == (35.0, "red", None)
    assert acme.owner == "Dana"  # not in the second file: left alone
    changed = ws.db.query_one("SELECT status_changed_on FROM accounts WHERE id = ?", (acme.id,))
    assert changed == {"status_changed_on": "2026-05-08"}
    history = snapshots(ws.db, acme.id)
    assert [(s.as_of, s.health, s.status, s.arr_cents) for s in history] == [
        (AS_OF, 80.0, "green", 10_000),
        (AS_OF.add(days=7), 35.0, "red", None),
    ]
    # The same date again replaces that day's snapshot instead of adding one.
    run(ws, second, as_of=AS_OF.add(days=7))
    assert len(snapshots(ws.db, acme.id)) == 2


@pytest.mark.parametrize("json_functions", [True, False], ids=["json", "no-json"])
def test_snapshots_are_written_in_file_order_with_or_without_sqlite_json(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, json_functions: bool
) -> None:
    if not json_functions:  # an SQLite built without them: one statement per row
        monkeypatch.setattr(account_bulk, "_has_json", lambda conn: False)
    names = ['Rocket 🚀 "Labs" \\ Co', "Zeta", "顧客株式会社", "Alpha"]
    rows = [["Client", "ARR", "Health", "Status", "Spend", "Leads", "CPL"]]
    rows += [[n, f"${i}", str(10 * i), "red", f"${i}.50", str(i), ""] for i, n in enumerate(names)]
    run(ws, write(tmp_path / "a.csv", [rows[0], rows[2]]))  # Zeta exists already
    report = run(ws, write(tmp_path / "b.csv", rows), as_of=AS_OF.add(days=1))
    assert (report.new, report.updated) == (3, 1), rejected(report)
    got = ws.db.query(
        "SELECT a.name, s.as_of, s.arr_cents, s.health, s.status, s.spend_cents, s.leads,"
        " s.cost_per_lead_cents FROM metric_snapshots AS s JOIN accounts AS a"
        " ON a.id = s.account_id WHERE s.as_of = ? ORDER BY s.id",
        (AS_OF.add(days=1).isoformat(),),
    )
    assert [tuple(r.values()) for r in got] == [
        (n, "2026-05-02", 100 * i, 10.0 * i, "red", 100 * i + 50, i, None)
        for i, n in enumerate(names)
    ]


def test_external_id_matches_before_the_name(ws: Workspace, tmp_path: Path) -> None:
    run(ws, write(tmp_path / "a.csv", [["Account ID", "Client"], ["C-1", "Acme"], ["C-2", "Beta"]]))
    renamed = write(
        tmp_path / "b.csv",
        [["Account ID", "Client"], ["C-1", "Acme Holdings"], ["C-9", "Beta"], ["C-3", "Gamma"]],
    )
    report = run(ws, renamed)
    assert rejected(report) == [(3, "Account ID", "'Beta' already exists with the id 'C-2'")]
    report = run(ws, renamed, skip_bad_rows=True)
    assert (report.new, report.updated, report.outcome) == (1, 1, "partial")
    holdings = find_account_by_external_id(ws.db, "C-1")
    assert holdings is not None and holdings.name == "Acme Holdings"
    assert find_account(ws.db, "Acme") is None
    clash = write(tmp_path / "c.csv", [["Account ID", "Client"], ["C-3", "Acme Holdings"]])
    assert rejected(run(ws, clash)) == [
        (2, "Client", "another account is already called 'Acme Holdings'")
    ]
    # One row renames C-1, another names it by its current name: the same account twice.
    twice = write(
        tmp_path / "d.csv",
        [["Account ID", "Client"], ["C-1", "Acme Renamed"], ["", "acme holdings"]],
    )
    assert rejected(run(ws, twice)) == [
        (2, "Client", "the same account appears again in row 3"),
        (3, "Client", "the same account as row 2"),
    ]


def test_json_report_shape(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    path = write(tmp_path / "a.csv", [["Client", "Notes"], ["Acme", "x"], ["", ""], ["Total", ""]])
    done = cli(db, str(path), "--json", "--as-of", "2026-05-01", cwd=tmp_path)
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert set(report) >= {
        "file",
        "as_of",
        "dry_run",
        "outcome",
        "written",
        "exit_code",
        "message",
        "encoding",
        "delimiter",
        "rows",
        "columns",
        "rejected",
        "warnings",
        "profile",
        "sheet",
        "mapping_written",
    }
    assert report["columns"] == [
        {
            "column": 1,
            "header": "Client",
            "field": "name",
            "from": "header",
            "why": "header synonym; values fit",
            "sample": ["Acme", "Total"],
        },
        {
            "column": 2,
            "header": "Notes",
            "field": None,
            "from": None,
            "why": "no field matches this header",
            "sample": ["x"],
        },
    ]
    assert report["rows"] == {
        "read": 2,
        "blank": 1,
        "footer": 0,
        "new": 1,
        "updated": 0,
        "rejected": 1,
    }
    assert report["rejected"] == [
        {"row": 4, "column": "Client", "reason": "a totals row, not an account"}
    ]
    assert (report["exit_code"], report["as_of"]) == (1, "2026-05-01")


def test_usage_errors_and_missing_files_are_one_line_and_exit_1(tmp_path: Path) -> None:
    db = tmp_path / "u.db"
    path = write(tmp_path / "a.csv", [["Client"], ["Acme"]])
    bad_date = cli(db, str(path), "--as-of", "May 1st", cwd=tmp_path)
    assert bad_date.returncode == 1
    assert bad_date.stderr == (
        "reviewtui import accounts: argument --as-of: 'May 1st' is not a date; use YYYY-MM-DD"
        " (see reviewtui import accounts --help)\n"
    )
    bad_map = tmp_path / "m.toml"
    bad_map.write_text("[columns\n", encoding="utf-8")
    done = cli(db, str(path), "--mapping", str(bad_map), cwd=tmp_path)
    assert done.returncode == 1 and "not valid TOML" in done.stderr
    assert len(done.stderr.splitlines()) == 1
    missing = cli(db, str(tmp_path / "nope.csv"), cwd=tmp_path)
    assert missing.returncode == 1 and "no such file" in missing.stderr
    no_kind = subprocess.run(
        [sys.executable, "-m", "reviewtui", "--db", str(db), "import"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert no_kind.returncode == 1
    assert no_kind.stderr == (
        "reviewtui import: the following arguments are required: KIND"
        " (see reviewtui import --help)\n"
    )


def test_text_report_never_echoes_escape_sequences(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    path = write(
        tmp_path / "a.csv",
        [["Client", "\x1b]0;PWNED\x07ARR"], ["\x1b[2JAcme", "\x1b]0;PWNED\x07"]],
    )
    done = cli(db, str(path), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for bad in FORBIDDEN_ON_SCREEN:
        assert bad not in done.stdout + done.stderr
