"""Real exports import on the first try: each platform's export is recognised, each of its
columns mapped (or left out with a reason), every row imported, no mapping file needed.

The files in exports/ follow each platform's export columns and formats (see the `source`
of each profile in reviewtui/importers/profiles.toml); the rows are made up.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest

from reviewtui.domain.clock import ManualClock
from reviewtui.importers.profiles import profiles
from reviewtui.services.importing import ImportReport, import_accounts
from reviewtui.services.workspace import Workspace, open_workspace
from reviewtui.store.accounts import find_account, snapshots

EXPORTS = Path(__file__).parent / "exports"
AS_OF = pendulum.date(2026, 12, 1)


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = open_workspace(tmp_path / "book.db", clock=ManualClock("2026-12-01T09:00:00Z"))
    try:
        yield workspace
    finally:
        workspace.close()


# file -> (profile id, {header: field or None for ignored}, what the Acme row holds)
EXPECTED: dict[str, tuple[str, dict[str, str | None], dict[str, object]]] = {
    "clientsuccess_clients.csv": (
        "clientsuccess",
        {
            "Client Name": "name",
            "External ID": "external_id",
            "Client Status": None,
            "Assigned CSM Email": None,
            "Assigned CSM Name": "owner",
            "Client-as-of Date": "client_since",
            "Client Type": "tier",
            "Assigned Sales Rep": "co_owner",
            "Salesforce Account ID": None,
            "SuccessScore": "health",
            "Pulse": "status",
            "Pulse Set": "status_changed_on",
            "Active Contract Value": "arr",
            "Renewal Date": "renewal_date",
        },
        {
            "external_id": "CS-1001",
            "owner": "Dana Reyes",
            "co_owner": "Sam Ortiz",
            "client_since": "2021-04-12",
            "tier": "Enterprise",
            "health": 82.0,
            "status": "green",
            "status_changed_on": "2026-10-17",  # 45 days before the import's date
            "arr_cents": 12_000_000,
            "renewal_date": "2027-01-31",
        },
    ),
    "gainsight_companies.csv": (
        "gainsight",
        {
            "Gsid": "external_id",
            "Name": "name",
            "CSM": "owner",
            "ARR": "arr",
            "MRR": None,
            "Renewal Date": "renewal_date",
            "Original Contract Date": "client_since",
            "Lifetime in Months": None,
            "Current Score": "health",
            "Previous Score": None,
            "NPS": "nps",
            "Stage": "lifecycle",
            "Status": None,
            "Industry": "industry",
            "Employees": None,
        },
        {
            "external_id": "1P02Q5QW8VX4ZKC2QK",
            "owner": "Dana Reyes",
            "arr_cents": 12_000_000,
            "renewal_date": "2027-01-31",
            "client_since": "2021-04-12",
            "health": 82.0,
            "nps": 45,
            "lifecycle": "Adoption",
            "industry": "Software",
        },
    ),
    "churnzero_accounts.csv": (
        "churnzero",
        {
            "Account Name": "name",
            "Account External ID": "external_id",
            "Owner User Account": "owner",
            "Total Contract Amount": "arr",
            "Next Renewal Date": "renewal_date",
            "Start Date": "client_since",
            "End Date": None,
            "ChurnScore": "health",
            "ChurnScore Trend": "health_change",
            "Last Activity Date": "last_engaged",
            "Is Active": None,
            "NPS Score": "nps",
        },
        {
            "external_id": "SF-0001",
            "arr_cents": 12_000_000,
            "renewal_date": "2027-01-31",
            "health": 82.0,
            "last_engaged": "2026-11-20",
            "nps": 45,
        },
    ),
    "totango_accounts.csv": (
        "totango",
        {
            "Account Name": "name",
            "Account ID": "external_id",
            "Success Manager": "owner",
            "Contract Value": "arr",
            "Contract Renewal Date": "renewal_date",
            "Health": "status",
            "Lifecycle Stage": "lifecycle",
            "Last Activity": "last_engaged",
            "Engagement": "usage",
            "Engagement Trend": "usage_change",
            "Active Users (14d)": None,
        },
        {
            "external_id": "acme-analytics",
            "owner": "Dana Reyes",
            "arr_cents": 12_000_000,
            "status": "green",
            "usage": 72.0,
            "last_engaged": "2026-11-20",
        },
    ),
    "vitally_accounts.csv": (
        "vitally",
        {
            "Name": "name",
            "External ID": "external_id",
            "CSM": "owner",
            "Account Executive": "co_owner",
            "Health Score": "health",
            "NPS Score": "nps",
            "MRR": None,
            "ARR": "arr",
            "Next Renewal Date": "renewal_date",
            "Last Seen": "last_engaged",
            "Churned At": "churned_on",
            "Segment": "tier",
            "Users": None,
        },
        {
            "external_id": "acc_1001",
            "co_owner": "Sam Ortiz",
            "health": 82.0,  # 8.2 of 10
            "arr_cents": 12_000_000,
            "renewal_date": "2027-01-31",
            "churned_on": None,
        },
    ),
    "planhat_companies.csv": (
        "planhat",
        {
            "Name": "name",
            "External ID": "external_id",
            "Owner": "owner",
            "Co-Owner": "co_owner",
            "Phase": "lifecycle",
            "Status": None,
            "Health": "health",
            "MRR": None,
            "ARR": "arr",
            "NRR": None,
            "Renewal Date": "renewal_date",
            "Renewal Days From Now": None,
            "Customer From": "client_since",
            "Last Touch": "last_touch",
            "Last Active": "last_engaged",
        },
        {
            "co_owner": "Sam Ortiz",
            "lifecycle": "Adoption",
            "health": 82.0,
            "arr_cents": 12_000_000,
            "last_touch": "2026-11-20",
        },
    ),
    "hubspot_companies.csv": (
        "hubspot",
        {
            "Record ID": "external_id",
            "Company name": "name",
            "Company owner": "owner",
            "Create Date": "client_since",
            "Last Activity Date": "last_engaged",
            "Lifecycle Stage": "lifecycle",
            "Annual Revenue": "arr",
            "Industry": "industry",
            "Number of Employees": None,
            "Company Domain Name": None,
            "City": None,
            "Country/Region": None,
        },
        {
            "external_id": "9876543201",
            "client_since": "2021-04-12",
            "last_engaged": "2026-11-20",
            "arr_cents": 12_000_000,
        },
    ),
    "salesforce_account_report.csv": (
        "salesforce",
        {
            "Account Owner": "owner",
            "Account Name": "name",
            "Type": "lifecycle",
            "Annual Revenue": "arr",
            "Industry": "industry",
            "Billing State/Province": None,
            "Created Date": "client_since",
            "Last Activity": "last_touch",
            "Account ID": "external_id",
        },
        {
            "external_id": "0015g00000AbCdEfAA",
            "lifecycle": "Customer - Direct",
            "arr_cents": 12_000_000,
            "last_touch": "2026-11-20",
        },
    ),
}


def test_every_profile_has_a_fixture() -> None:
    assert {p.id for p in profiles()} == {profile for profile, _, _ in EXPECTED.values()}


@pytest.mark.parametrize("file_name", sorted(EXPECTED))
def test_a_platform_export_imports_every_row_without_a_mapping(
    ws: Workspace, file_name: str
) -> None:
    profile_id, fields, acme = EXPECTED[file_name]
    report: ImportReport = import_accounts(ws, EXPORTS / file_name, as_of=AS_OF)
    assert report.outcome == "imported", (report.message, report.rejected)
    assert (report.new, report.rejected_rows) == (4, 0)
    # A Salesforce report ends with a blank line and its footer (copyright, generated by).
    skipped = (1, 4) if profile_id == "salesforce" else (0, 0)
    assert (report.blank_rows, report.footer_rows) == skipped
    label = next(p.label for p in profiles() if p.id == profile_id)
    assert report.profile is not None and report.profile.startswith(label)
    assert {c.label: c.field for c in report.columns} == fields
    for column in report.columns:
        assert column.why, column  # every column says why
        if column.field is None:
            assert column.source == "profile", column
    stored = ws.db.query_one("SELECT * FROM accounts WHERE name = 'Acme Analytics'")
    assert stored is not None
    assert {k: stored[k] for k in acme} == acme
    names = {r["name"] for r in ws.db.query("SELECT name FROM accounts")}
    assert names == {"Acme Analytics", "Birchwood Foods", "Cobalt Health", "Driftwood Labs"}


def test_trends_are_stored_as_changes_and_leave_the_level_alone(ws: Workspace) -> None:
    report = import_accounts(ws, EXPORTS / "churnzero_accounts.csv", as_of=AS_OF)
    assert report.outcome == "imported"
    acme = find_account(ws.db, "Acme Analytics")
    birch = find_account(ws.db, "Birchwood Foods")
    assert acme is not None and birch is not None
    assert [(s.health, s.health_change) for s in snapshots(ws.db, acme.id)] == [(82.0, 4.0)]
    assert [(s.health, s.health_change) for s in snapshots(ws.db, birch.id)] == [(47.0, -8.0)]


def test_a_usage_trend_beside_the_usage_level(ws: Workspace) -> None:
    report = import_accounts(ws, EXPORTS / "totango_accounts.csv", as_of=AS_OF)
    assert report.outcome == "imported"
    drift = find_account(ws.db, "Driftwood Labs")
    assert drift is not None and drift.usage == 9.0
    latest = snapshots(ws.db, drift.id)[-1]
    assert (latest.usage, latest.usage_change) == (9.0, -30.0)


@pytest.mark.parametrize("file_name", sorted(EXPECTED))
def test_the_mapping_written_from_an_export_imports_it_the_same(
    tmp_path: Path, file_name: str
) -> None:
    stored = []
    mapping = tmp_path / "mapping.toml"
    for name, options in (("guessed", {"write_mapping": mapping}), ("mapped", {})):
        ws = open_workspace(tmp_path / f"{name}.db", clock=ManualClock("2026-12-01T09:00:00Z"))
        try:
            if name == "mapped":
                options = {"mapping_path": mapping}
            report = import_accounts(ws, EXPORTS / file_name, as_of=AS_OF, **options)  # type: ignore[arg-type]
            assert report.outcome == "imported", (report.message, report.rejected)
            rows = ws.db.query("SELECT * FROM accounts ORDER BY key")
            snaps = ws.db.query("SELECT * FROM metric_snapshots ORDER BY account_id")
        finally:
            ws.close()
        for row in rows:
            row.pop("created_at")
            row.pop("updated_at")
        stored.append((rows, snaps))
    assert stored[0] == stored[1]
