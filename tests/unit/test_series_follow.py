"""A scrum series linked by name to the account planning it follows, from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from meeting_notes import add_note

from reviewtui.domain.clock import ManualClock
from reviewtui.services.meeting import start_meeting
from reviewtui.services.series_cadence import planning_for
from reviewtui.services.workspace import Workspace


def reviewtui(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reviewtui", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_linked_scrum_shows_the_planning_it_names_whatever_the_scopes(
    ws: Workspace, clock: ManualClock
) -> None:
    planning = start_meeting(ws, "account-planning", series="Acme planning")
    add_note(planning, "d: win the second business unit")
    add_note(planning, "a: map the buying centre @Ana fri")
    planning.apply(planning.closing.close(override_reason="test"))
    clock.advance(minutes=24 * 60)
    other = start_meeting(ws, "account-planning", series="Globex planning")
    add_note(other, "d: a goal of another account")
    other.apply(other.closing.close(override_reason="test"))
    scrum = start_meeting(ws, "scrum", series="Acme scrum")
    # Unlinked, a scrum follows the latest planning series of its scope: Globex's here.
    found = planning_for(ws, scrum.meeting.series_id, "scrum")
    assert found is not None and found.series == "Globex planning"
    db = ws.db.path
    ws.db.conn.commit()
    linked = reviewtui(db, "series", "--follow", "acme SCRUM", "Acme planning", "--json")
    assert linked.returncode == 0, linked.stderr
    rows = {row["name"]: row for row in json.loads(linked.stdout)}
    assert rows["Acme scrum"]["follows"] == "Acme planning"
    found = planning_for(ws, scrum.meeting.series_id, "scrum")
    assert found is not None and found.series == "Acme planning"
    assert [n.text for n in found.goals] == ["win the second business unit"]
    assert [a.title for a in found.open_actions] == ["map the buying centre"]
    # none unlinks it again.
    assert reviewtui(db, "series", "--follow", "Acme scrum", "none").returncode == 0
    found = planning_for(ws, scrum.meeting.series_id, "scrum")
    assert found is not None and found.series == "Globex planning"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (
            ("Acme scrum", "Acme plannnig"),
            "no series named 'Acme plannnig'; closest: 'Acme planning'",
        ),
        (("Nobody", "Acme planning"), "no series named 'Nobody'"),
        (("Acme scrum", "Acme scrum"), "'Acme scrum' cannot follow itself"),
    ],
)
def test_a_bad_link_is_one_line_and_exit_1(ws: Workspace, args: tuple[str, str], says: str) -> None:
    planning = start_meeting(ws, "account-planning", series="Acme planning")
    planning.apply(planning.closing.close(override_reason="t"))
    start_meeting(ws, "scrum", series="Acme scrum")
    done = reviewtui(ws.db.path, "series", "--follow", *args)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], done.stderr
    assert "Traceback" not in done.stderr
