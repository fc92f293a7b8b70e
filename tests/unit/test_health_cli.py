"""`reviewtui import benchmarks`, `import plan` and `series`, run as real processes against a
real database file: all or nothing, one line for a bad file, hostile text kept as text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import FORBIDDEN_ON_SCREEN

from reviewtui.domain.clock import ManualClock
from reviewtui.services.meeting import start_meeting
from reviewtui.services.workspace import open_workspace
from reviewtui.store.accounts import upsert_account
from reviewtui.store.benchmarks import all_benchmarks, plan_for

REPO_ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "\x1b[31m[bold]Evil[/bold] 顧客 \x07"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "cli.db"
    ws = open_workspace(path, clock=ManualClock("2026-11-26T09:00:00Z"), config=tmp_path / "c")
    try:
        for name in ("Acme", HOSTILE):
            upsert_account(ws.db, {"name": name, "tier": "enterprise"}, ws.clock.now())
    finally:
        ws.close()
    return path


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "reviewtui", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=REPO_ROOT,
        timeout=120,
    )


def _stored(db_path: Path) -> tuple[list[object], dict[str, float]]:
    ws = open_workspace(db_path, config=db_path.parent / "c")
    try:
        return list(all_benchmarks(ws.db)), plan_for(ws.db, 1, "2026-12")
    finally:
        ws.close()


def test_benchmarks_import_with_money_in_dollars(db_path: Path, tmp_path: Path) -> None:
    csv = tmp_path / "b.csv"
    csv.write_text(
        "metric,value,tier,industry,group,accounts\n"
        "cost per lead,30.50,enterprise,,,\n"
        "usage,60,,,,\n"
        f'nps,40,,,Launch,"Acme; {HOSTILE}"\n',
        encoding="utf-8",
    )
    result = run_cli("import", "benchmarks", str(csv), "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "3 benchmarks imported, 2 group members"
    stored, _ = _stored(db_path)
    values = {(b.scope_kind, b.metric): b.value for b in stored}  # type: ignore[attr-defined]
    assert values == {
        ("tier", "cost_per_lead_cents"): 3050,
        ("all", "usage"): 60,
        ("group", "nps"): 40,
    }


def test_a_bad_row_imports_nothing_and_says_where(db_path: Path, tmp_path: Path) -> None:
    csv = tmp_path / "b.csv"
    csv.write_text(
        f"metric,value,tier,industry\nusage,60,,\n{HOSTILE},1,,\nusage,lots,,\nnps,5,smb,Retail\n",
        encoding="utf-8",
    )
    result = run_cli("import", "benchmarks", str(csv), "--db", str(db_path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for fragment in ("row 3: unknown metric", "row 4: value 'lots'", "row 5: give at most one"):
        assert fragment in result.stderr
    assert not any(bad in result.stderr for bad in FORBIDDEN_ON_SCREEN)
    assert _stored(db_path)[0] == []
    missing = run_cli("import", "benchmarks", str(tmp_path / "none.csv"), "--db", str(db_path))
    assert missing.returncode == 1 and "cannot read" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_plan_import_by_account_name_and_month(db_path: Path, tmp_path: Path) -> None:
    csv = tmp_path / "p.csv"
    csv.write_text(
        "account,month,metric,value\n ACME ,2026-12,spend,15500.00\nacme,2026-12,leads,250\n",
        encoding="utf-8",
    )
    result = run_cli("import", "plan", str(csv), "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2 plan values imported for 1 accounts"
    assert _stored(db_path)[1] == {"spend_cents": 1_550_000, "leads": 250}
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "account,month,metric,value\nNobody,2026-12,spend,1\nacme,2026-13,spend,1\n",
        encoding="utf-8",
    )
    result = run_cli("import", "plan", str(bad), "--db", str(db_path))
    assert result.returncode == 1
    assert "row 2: no account named 'Nobody'" in result.stderr
    assert "row 3: month '2026-13' is not like 2026-12" in result.stderr


def test_series_lists_cadence_last_next_and_state(db_path: Path) -> None:
    ws = open_workspace(
        db_path, clock=ManualClock("2026-10-01T09:00:00Z"), config=db_path.parent / "c"
    )
    try:
        start_meeting(ws, "book-of-business", series=f"Book {HOSTILE}")
        start_meeting(ws, "scrum", series="Scrum")
    finally:
        ws.close()
    result = run_cli("series", "--json", "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    found = {s["template"]: s for s in json.loads(result.stdout)}
    book = found["book-of-business"]
    assert book["name"] == "Book [bold]Evil[/bold] 顧客"  # cleaned when it was typed
    assert (book["cadence"], book["last"], book["next_due"]) == (
        "monthly",
        "2026-10-01",
        "2026-11-01",
    )
    assert found["scrum"]["cadence"] == "bi-weekly"
    assert book["state"] == found["scrum"]["state"] == "overdue"  # it is later than that now
    text = run_cli("series", "--db", str(db_path))
    assert text.returncode == 0 and "OVERDUE" in text.stdout
    assert not any(bad in text.stdout for bad in FORBIDDEN_ON_SCREEN)
    changed = run_cli("series", "--db", str(db_path), "--set-cadence", "scrum", "quarterly")
    assert changed.returncode == 0, changed.stderr
    assert "quarterly" in changed.stdout
    wrong = run_cli("series", "--db", str(db_path), "--set-cadence", "Nope", "weekly")
    assert wrong.returncode == 1 and "no series named 'Nope'" in wrong.stderr
    assert "Traceback" not in wrong.stderr
