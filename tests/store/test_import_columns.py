"""Columns chosen by header and confirmed by values: CamelCase headers, a column whose values
mean something else than its header, trends, a mapping file written from the report and
read back, and the one column a file cannot do without."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest
from hostile import FORBIDDEN_ON_SCREEN

from reviewtui.domain.clock import ManualClock
from reviewtui.services.importing import ImportReport, import_accounts
from reviewtui.services.workspace import Workspace, open_workspace
from reviewtui.store.accounts import find_account, snapshots

AS_OF = pendulum.date(2026, 5, 1)


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = open_workspace(tmp_path / "book.db", clock=ManualClock("2026-05-01T09:00:00Z"))
    try:
        yield workspace
    finally:
        workspace.close()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reviewtui", "--db", str(db), "import", "accounts", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def fields(report: ImportReport) -> dict[str, str | None]:
    return {c.label: c.field for c in report.columns}


# A client list as a customer-success platform exports it: a status column that holds how
# long ago the status was set, CamelCase headers, a usage trend, blank rows at the end.
CLIENT_LIST = """\
Client,CSM,HealthScore,RenewalDate,LastTouch,Status,Usage (vs last month),ARR
Acme Corp,Dana Reyes,82,2027-03-03,2026-04-20,45 DAYS,↑ 15%,"$120,000"
Beta Ltd,Lee Park,41,2026-07-01,61 DAYS,12 DAYS,↓ -3%,"$48,000"
Gamma GmbH,Dana Reyes,67,2026-11-30,2026-03-02,,+12 pts,"$9,500"
,,,,,,,
,,,,,,,
"""


def test_a_real_client_list_imports_on_the_first_try(ws: Workspace, tmp_path: Path) -> None:
    report = import_accounts(ws, write(tmp_path / "clients.csv", CLIENT_LIST), as_of=AS_OF)
    assert report.outcome == "imported", (report.message, report.rejected)
    assert (report.rows_read, report.blank_rows, report.new) == (3, 2, 3)
    assert fields(report) == {
        "Client": "name",
        "CSM": "owner",
        "HealthScore": "health",
        "RenewalDate": "renewal_date",
        "LastTouch": "last_touch",
        "Status": "status_changed_on",
        "Usage (vs last month)": "usage_change",
        "ARR": "arr",
    }
    status = next(c for c in report.columns if c.label == "Status")
    assert status.source == "values"
    assert status.why == (
        "header synonym, but its values fit status_changed_on (date the status last changed)"
    )
    assert status.sample == ("45 DAYS", "12 DAYS")
    acme = find_account(ws.db, "Acme Corp")
    assert acme is not None
    assert (acme.health, acme.status, acme.usage) == (82.0, None, None)  # levels unknown
    assert acme.renewal_date == pendulum.date(2027, 3, 3)
    changed = ws.db.query_one("SELECT status_changed_on FROM accounts WHERE id = ?", (acme.id,))
    assert changed == {"status_changed_on": "2026-03-17"}  # 45 days before --as-of
    assert [(s.usage, s.usage_change) for s in snapshots(ws.db, acme.id)] == [(None, 15.0)]
    gamma = find_account(ws.db, "Gamma GmbH")
    assert gamma is not None
    assert snapshots(ws.db, gamma.id)[0].usage_change == 12.0


def test_an_unusable_optional_column_is_ignored_and_every_row_imported(
    ws: Workspace, tmp_path: Path
) -> None:
    text = "Client,NPS,Tier\nAcme,Promoter,Gold\nBeta,Detractor,Silver\nGamma,Passive,Gold\n"
    report = import_accounts(ws, write(tmp_path / "a.csv", text), as_of=AS_OF)
    assert report.outcome == "imported", report.rejected
    assert report.new == 3
    nps = next(c for c in report.columns if c.label == "NPS")
    assert nps.field is None
    assert "3 of 3 values are not nps" in nps.why and "'Promoter'" in nps.why
    assert ws.db.query_one("SELECT count(*) AS n FROM accounts WHERE nps IS NOT NULL") == {"n": 0}


def test_a_wrong_value_in_a_confirmed_column_still_rejects_its_row(
    ws: Workspace, tmp_path: Path
) -> None:
    text = "Client,ARR\nAcme,$100\nBeta,lots\nGamma,$300\n"
    report = import_accounts(ws, write(tmp_path / "a.csv", text), as_of=AS_OF)
    assert report.outcome == "failed"
    assert [(r.row, r.column, r.reason) for r in report.rejected] == [
        (3, "ARR", "'lots' is not an amount")
    ]
    assert "2 of 3 values fit" in next(c.why for c in report.columns if c.label == "ARR")


def test_headers_in_camel_case_with_accents_and_units(ws: Workspace, tmp_path: Path) -> None:
    text = (
        "AccountName,CustomerSince,NPSScore,Adoption (%),ExecutiveSponsor,SecondaryCSM,"
        "Renouvellement,ÉtatDeSanté\n"
        "Acme,2022-02-15,40,72%,Jo Kim,Lee Park,2027-01-01,x\n"
    )
    report = import_accounts(ws, write(tmp_path / "a.csv", text), as_of=AS_OF)
    assert report.outcome == "imported", report.rejected
    assert fields(report) == {
        "AccountName": "name",
        "CustomerSince": "client_since",
        "NPSScore": "nps",
        "Adoption (%)": "usage",
        "ExecutiveSponsor": "sponsor",
        "SecondaryCSM": "co_owner",
        "Renouvellement": None,
        "ÉtatDeSanté": None,
    }
    row = ws.db.query_one("SELECT sponsor, co_owner, usage, nps FROM accounts")
    assert row == {"sponsor": "Jo Kim", "co_owner": "Lee Park", "usage": 72.0, "nps": 40}


def test_a_score_column_goes_to_health_and_its_trend_to_the_change(
    ws: Workspace, tmp_path: Path
) -> None:
    text = "Customer,Risk Score,Risk Score Change,NPS Trend\nAcme,55,↓ 4,+5\n"
    report = import_accounts(ws, write(tmp_path / "a.csv", text), as_of=AS_OF)
    assert fields(report) == {
        "Customer": "name",
        "Risk Score": "health",
        "Risk Score Change": "health_change",
        "NPS Trend": None,  # a trend, never read as the level
    }
    assert ws.db.query_one("SELECT nps FROM accounts") == {"nps": None}
    acme = find_account(ws.db, "Acme")
    assert acme is not None
    assert [(s.health, s.health_change) for s in snapshots(ws.db, acme.id)] == [(55.0, -4.0)]


def test_the_account_name_missing_refuses_the_file_in_one_line(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", "ARR,Owner\n$1,Dana\n")
    done = cli(tmp_path / "x.db", str(path), "--as-of", "2026-05-01")
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "no column holds the account name" in lines[0]
    assert "Traceback" not in done.stdout + done.stderr


def test_write_mapping_then_edit_and_read_it_back(tmp_path: Path) -> None:
    path = write(tmp_path / "clients.csv", CLIENT_LIST)
    mapping = tmp_path / "mapping.toml"
    done = cli(tmp_path / "x.db", str(path), "--dry-run", "--write-mapping", str(mapping))
    assert done.returncode == 0, done.stderr
    assert f"Wrote the column mapping to {mapping}" in done.stdout
    assert mapping.stat().st_mode & 0o077 == 0
    written = tomllib.loads(mapping.read_text(encoding="utf-8"))["columns"]
    assert written["Status"] == "status_changed_on"
    assert written["Usage (vs last month)"] == "usage_change"
    # Edited: the ARR column is not wanted after all.
    mapping.write_text(
        mapping.read_text(encoding="utf-8").replace('"ARR" = "arr"', '"ARR" = "ignore"'),
        encoding="utf-8",
    )
    done = cli(tmp_path / "x.db", str(path), "--mapping", str(mapping), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    by_header = {c["header"]: c for c in report["columns"]}
    assert by_header["ARR"]["field"] is None and by_header["ARR"]["from"] == "mapping file"
    assert by_header["Status"] == {
        "column": 6,
        "header": "Status",
        "field": "status_changed_on",
        "from": "mapping file",
        "why": "mapping file",
        "sample": ["45 DAYS", "12 DAYS"],
    }
    assert report["rows"] == {
        "read": 3,
        "blank": 2,
        "footer": 0,
        "new": 3,
        "updated": 0,
        "rejected": 0,
    }


def test_a_written_mapping_keeps_hostile_headers_as_text(tmp_path: Path) -> None:
    headers = ["Client", 'We"ird \\ [bold]x[/bold]', "Tab\there", "\x1b]0;PWNED\x07ARR"]
    path = tmp_path / "h.csv"
    path.write_text(
        ",".join(f'"{h.replace(chr(34), chr(34) * 2)}"' for h in headers) + "\nAcme,1,2,$3\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "m.toml"
    done = cli(tmp_path / "x.db", str(path), "--dry-run", "--write-mapping", str(mapping))
    assert done.returncode == 0, done.stderr
    for bad in FORBIDDEN_ON_SCREEN:
        assert bad not in done.stdout + done.stderr
    columns = tomllib.loads(mapping.read_text(encoding="utf-8"))["columns"]
    assert columns['We"ird \\ [bold]x[/bold]'] == "ignore"
    again = cli(tmp_path / "x.db", str(path), "--dry-run", "--mapping", str(mapping), "--json")
    assert again.returncode == 0, again.stderr
    assert [c["field"] for c in json.loads(again.stdout)["columns"]] == [
        "name",
        None,
        None,
        "arr",
    ]


def test_choosing_columns_reads_no_row_twice(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewtui.importers import column_choice, csv_files

    monkeypatch.setattr(column_choice, "SAMPLE_ROWS", 50)
    monkeypatch.setattr("reviewtui.services.importing.SAMPLE_ROWS", 50)
    rows = [f"Account {i},{i}%,↑ {i % 7}%" for i in range(500)]
    path = write(tmp_path / "a.csv", "Client,Usage,Usage Trend\n" + "\n".join(rows) + "\n")
    passes: list[int] = []
    real_rows = csv_files.CsvSource.rows

    def counted(self: csv_files.CsvSource) -> Iterator[tuple[int, list[str]]]:
        passes.append(0)
        for row in real_rows(self):
            passes[-1] += 1
            yield row

    monkeypatch.setattr(csv_files.CsvSource, "rows", counted)
    report = import_accounts(ws, path, as_of=AS_OF)
    assert report.outcome == "imported" and report.new == 500
    assert passes == [500]  # one pass over the rows: the sampled ones are not read again


def test_a_report_footer_is_skipped_with_the_name_in_the_first_column(
    ws: Workspace, tmp_path: Path
) -> None:
    text = (
        '"Account Name","Annual Revenue"\n"Acme","USD 1,000.00"\n"Beta","USD 2,000.00"\n\n'
        '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n'
        '"Confidential Information - Do Not Distribute"\n'
        '"Generated By:  Dana Reyes  12/1/2026 9:14 AM"\n"Northwind Success Inc."\n'
    )
    report = import_accounts(ws, write(tmp_path / "r.csv", text), as_of=AS_OF)
    assert report.outcome == "imported", report.rejected
    assert (report.rows_read, report.new, report.blank_rows, report.footer_rows) == (2, 2, 1, 4)
    # A "Copyright ..." account in the middle of the data is an account like any other.
    text = '"Account Name","Owner"\n"Copyright Clearance Center","Dana"\n'
    report = import_accounts(ws, write(tmp_path / "c.csv", text), as_of=AS_OF)
    assert (report.new, report.footer_rows) == (1, 0)
