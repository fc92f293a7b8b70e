"""The sample's own attendance record, as `reviewtui report` shows it over the loaded demo.

The sample's people were on the team before its first meeting (10 Sep 2026, on the reference
date 26 Nov 2026), so the attendance rules hold them to every month of its history. The
strategy template asks for a growth marketer at least once a month; the sample's strategy
reviews were held on 15 Oct (Wren Castillo there, Noor Haddad absent) and 12 Nov (Noor
there, Wren absent). By hand, from the first strategy month (October):

- up to 30 Nov: Noor missed October (a whole month), Wren November (not over yet);
- up to 15 Dec: the same two, November now over, and both have missed December so far.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pendulum
import pytest

from reviewtui.domain.clock import ManualClock
from reviewtui.importers.sample import load_sample
from reviewtui.services.workspace import open_workspace

REFERENCE = "2026-11-26T12:00:00Z"


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    ws = open_workspace(path, clock=ManualClock(REFERENCE), config=tmp_path / "config")
    try:
        load_sample(ws)
    finally:
        ws.close()
    return path


def _report(db: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TZ": "UTC", "REVIEWTUI_CONFIG_DIR": str(tmp_path / "config")}
    env.pop("REVIEWTUI_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "reviewtui", "--db", str(db), "report", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def test_the_samples_people_are_on_file_from_before_its_first_meeting(demo_db: Path) -> None:
    ws = open_workspace(demo_db, clock=ManualClock(REFERENCE))
    try:
        rows = ws.db.query("SELECT name, created_at FROM people ORDER BY name")
    finally:
        ws.close()
    assert len(rows) == 14
    first_meeting = pendulum.datetime(2026, 9, 10, 14)
    for row in rows:
        created = pendulum.parse(row["created_at"])
        assert created == first_meeting.subtract(days=1), row["name"]


def test_report_over_the_demo_shows_the_samples_attendance_breaches(
    demo_db: Path, tmp_path: Path
) -> None:
    done = _report(demo_db, tmp_path, "--as-of", "2026-11-30", "--json")
    assert done.returncode == 0, done.stderr
    attendance = json.loads(done.stdout)["attendance"]
    assert attendance["rules"] == [
        {"template": "strategy", "role": "growth marketer", "at_least_per_month": 1}
    ]
    assert [
        (b["person"], b["month"], b["attended"], b["required"], b["month_complete"])
        for b in attendance["breaches"]
    ] == [
        ("Noor Haddad", "2026-10", 0, 1, True),
        ("Wren Castillo", "2026-11", 0, 1, False),
    ]

    # Every role the templates expect was held at each of the sample's meetings.
    assert attendance["missing_roles"] == []
    assert [e["template"] for e in attendance["expected_roles"]] == ["book-of-business", "strategy"]

    later = _report(demo_db, tmp_path, "--as-of", "2026-12-15", "--json")
    assert later.returncode == 0, later.stderr
    assert [
        (b["person"], b["month"], b["month_complete"])
        for b in json.loads(later.stdout)["attendance"]["breaches"]
    ] == [
        ("Noor Haddad", "2026-10", True),
        ("Noor Haddad", "2026-12", False),
        ("Wren Castillo", "2026-11", True),
        ("Wren Castillo", "2026-12", False),
    ]

    text = _report(demo_db, tmp_path, "--as-of", "2026-11-30")
    assert text.returncode == 0, text.stderr
    assert (
        "! Noor Haddad (growth marketer) attended 0 of 1 strategy meetings in 2026-10\n"
        in text.stdout
    )
    assert (
        "! Wren Castillo (growth marketer) attended 0 of 1 strategy meetings in 2026-11"
        " (month not over)\n" in text.stdout
    )
