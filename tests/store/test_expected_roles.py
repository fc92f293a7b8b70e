"""The roles a template expects (`attendees` in its TOML), checked by the report meeting by
meeting, against values worked out by hand.

Seven meetings run through the real services on a manual clock (UTC):

  1  Mon 2 Mar   book-of-business  Priya (csm), Helena (leader)          -> nothing missing
  2  Mon 9 Mar   book-of-business  Priya (csm); Helena (leader) absent   -> leader
  3  Mon 16 Mar  book-of-business  `priya raman:CSM`, `Helena Brandt:  Leader`
                                   (roles match without case or spaces) -> nothing missing
  4  Mon 23 Mar  strategy          Dana (strategist), Gail (growth marketer);
                                   Gus (lead growth marketer) absent    -> senior strategist,
                                                                           lead growth marketer
  5  Mon 30 Mar  strategy          Dana only, abandoned                 -> not counted
  6  Mon 6 Apr   scrum             Owen (campaigns lead)                -> account executive,
                                   sales development rep, account manager, marketing manager
  7  Mon 13 Apr  strategy          Dana only, still live                -> not counted (yet)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pendulum
import pytest

from reviewtui.domain.clock import ManualClock
from reviewtui.domain.expected_roles import HeldMeeting, missing_roles
from reviewtui.services.meeting import start_meeting
from reviewtui.services.report_text import report_lines
from reviewtui.services.reporting import build_report, report_as_dict
from reviewtui.services.workspace import Workspace, open_workspace

AS_OF = pendulum.date(2026, 4, 15)
BOB = "book-of-business"
JSON_AS_OF = ("--as-of", "2026-04-15", "--json")
SCRUM_MISSING = [
    "account executive",
    "sales development rep",
    "account manager",
    "marketing manager",
]


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    clock = ManualClock("2026-03-02T10:00:00Z")
    workspace = open_workspace(tmp_path / "roles.db", clock=clock, config=tmp_path / "config")

    def held(template: str, series: str, present: list[str], absent: Sequence[str] = ()) -> None:
        session = start_meeting(
            workspace, template, series=series, attendees=present, absent=list(absent)
        )
        clock.advance(minutes=30)
        session.apply(session.closing.close(override_reason="no actions in this test"))
        clock.advance(minutes=60 * 24 * 7 - 30)

    held(BOB, "Book: Priya", ["Priya Raman:csm", "Helena Brandt:leader"])
    held(BOB, "Book: Priya", ["Priya Raman:csm"], ["Helena Brandt:leader"])
    held(BOB, "Book: Priya", ["priya raman:CSM", "Helena Brandt:  Leader"])
    held(
        "strategy",
        "Acme strategy",
        ["Dana:strategist", "Gail:growth marketer"],
        ["Gus:lead growth marketer"],
    )
    mistake = start_meeting(workspace, "strategy", series="Acme strategy", attendees=["Dana"])
    mistake.apply(mistake.record.abandon("wrong day"))
    clock.advance(minutes=60 * 24 * 7)
    held("scrum", "Team Atlas", ["Owen:campaigns lead"])
    start_meeting(workspace, "strategy", series="Acme strategy", attendees=["Dana:strategist"])
    try:
        yield workspace
    finally:
        workspace.close()


def _gaps(ws: Workspace, **window: pendulum.Date) -> list[tuple[int, str, str, list[str]]]:
    report = build_report(ws, **window)
    return [
        (m.meeting_id, m.template, m.held_on.isoformat(), list(m.roles))
        for m in report.attendance.missing_roles
    ]


def test_meetings_where_an_expected_role_was_held_by_nobody_present(ws: Workspace) -> None:
    assert _gaps(ws, as_of=AS_OF) == [
        (2, BOB, "2026-03-09", ["leader"]),
        (4, "strategy", "2026-03-23", ["senior strategist", "lead growth marketer"]),
        (6, "scrum", "2026-04-06", SCRUM_MISSING),
    ]
    expected = build_report(ws, as_of=AS_OF).attendance.expected
    assert [template for template, _ in expected] == [BOB, "scrum", "strategy"]
    assert dict(expected)[BOB] == ("csm", "leader")


def test_the_window_narrows_the_meetings_checked(ws: Workspace) -> None:
    since = {"since": pendulum.date(2026, 3, 20), "as_of": AS_OF}
    assert [gap[0] for gap in _gaps(ws, **since)] == [4, 6]
    assert [t for t, _ in build_report(ws, **since).attendance.expected] == ["scrum", "strategy"]
    assert [gap[0] for gap in _gaps(ws, as_of=pendulum.date(2026, 3, 20))] == [2]


def test_report_text_and_json_name_the_missing_roles(ws: Workspace, tmp_path: Path) -> None:
    report = build_report(ws, as_of=AS_OF)
    lines = report_lines(report)
    assert "  expected at every book-of-business meeting: csm, leader" in lines
    assert "  ! meeting 2 (book-of-business, 2026-03-09): nobody present as leader" in lines
    assert (
        "  ! meeting 4 (strategy, 2026-03-23): nobody present as senior strategist,"
        " lead growth marketer" in lines
    )
    path = ws.db.path
    assert path is not None
    ws.close()
    env = {**os.environ, "TZ": "UTC", "REVIEWTUI_CONFIG_DIR": str(tmp_path / "config")}
    done = subprocess.run(
        [sys.executable, "-m", "reviewtui", "--db", str(path), "report", *JSON_AS_OF],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)["attendance"]
    assert data == report_as_dict(report)["attendance"]
    assert data["missing_roles"][0] == {
        "meeting_id": 2,
        "title": data["missing_roles"][0]["title"],
        "template": BOB,
        "held_on": "2026-03-09",
        "roles": ["leader"],
    }
    assert "Book: Priya" in data["missing_roles"][0]["title"]
    assert {"template": BOB, "roles": ["csm", "leader"]} in data["expected_roles"]


def test_missing_roles_over_plain_records() -> None:
    day = pendulum.date(2026, 5, 4)
    meetings = [
        HeldMeeting(1, "t", "one", day),
        HeldMeeting(2, "t", "two", day.add(days=1)),
        HeldMeeting(3, "other", "three", day),
        HeldMeeting(4, "t", "later", day.add(days=30)),
    ]
    present = {1: ["Lead", None, "Tomás"], 2: ["lead"], 3: []}
    expected = {"t": ["lead", "tomas", "  "]}
    found = missing_roles(meetings, present, expected, None, day.add(days=2))
    # 1: both held (case and accents aside; the blank role expects nothing); 2: no tomas;
    # 3: its template expects nothing; 4: after the as-of date.
    assert [(m.meeting_id, m.roles) for m in found] == [(2, ("tomas",))]
