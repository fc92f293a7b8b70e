"""Cadence in the app: the start screen names the series due and overdue, the report says how
well each kept its cadence, and a scrum shows the goals and open actions of its planning."""

from __future__ import annotations

from meeting_notes import add_note
from textual.widgets import Static
from ui_helpers import LARGE, SMALL, make_app

from reviewtui.domain.clock import ManualClock
from reviewtui.screens.goals import GoalsScreen
from reviewtui.services.meeting import start_meeting
from reviewtui.services.report_text import report_lines
from reviewtui.services.reporting import build_report, report_as_dict
from reviewtui.services.workspace import Workspace

HOSTILE = "[bold]Big[/bold] plan \x1b]0;PWNED\x07"


def _clock(ws: Workspace) -> ManualClock:
    assert isinstance(ws.clock, ManualClock)
    return ws.clock


def _held(ws: Workspace, template: str, series: str, scope: str | None = None) -> None:
    session = start_meeting(ws, template, series=series, scope=scope)
    _clock(ws).advance(minutes=30)
    session.apply(session.closing.close(override_reason="test"))


async def test_the_start_screen_names_overdue_and_due_series(ws: Workspace) -> None:
    _held(ws, "scrum", "Team scrum")  # bi-weekly
    _held(ws, "book-of-business", "Ana's book")  # monthly
    _clock(ws).advance(minutes=60 * 24 * 24)  # 24 days on: the scrum is overdue, Ana's due
    app = make_app(ws)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        text = str(app.screen.query_one("#series-due", Static).render())
        lines = text.splitlines()
        assert lines[0].startswith("Overdue: Team scrum (bi-weekly, last")
        assert lines[1].startswith("Due: Ana's book (monthly, last")
    report = build_report(ws)
    kept = {s.name: s for s in report.cadence}
    assert kept["Team scrum"].state == "overdue"
    assert kept["Team scrum"].adherence is not None
    # Its second fortnight is still running: not yet missed.
    assert kept["Team scrum"].adherence.words() == "met in 1 of 1 periods (100%)"
    assert any("Team scrum" in line and "OVERDUE" in line for line in report_lines(report))
    assert report_as_dict(report)["cadence"][0]["name"] == "Team scrum"


async def test_nothing_due_shows_nothing(ws: Workspace) -> None:
    app = make_app(ws)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#series-due").display


async def test_a_scrum_shows_its_planning_goals_and_open_actions(ws: Workspace) -> None:
    planning = start_meeting(ws, "account-planning", series="Acme planning", scope=None)
    add_note(planning, f"d: {HOSTILE} for Q1")
    add_note(planning, "d: win the second business unit")
    add_note(planning, "a: map the buying centre @Ana fri")
    add_note(planning, "just a note, not a goal")
    _clock(ws).advance(minutes=45)
    planning.apply(planning.closing.close(override_reason="test"))
    scrum = start_meeting(ws, "scrum", series="Acme scrum")
    scrum.apply(scrum.clock.goto(next(i for i in scrum.items if i.kind == "goals").id))
    app = make_app(ws, scrum.id)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, GoalsScreen)
        text = str(app.screen.query_one("#planning", Static).render())
        assert "Goals (2)" in text and "win the second business unit" in text
        assert "[bold]Big[/bold] plan" in text and "\x1b" not in text
        assert "Open actions (1)" in text and "map the buying centre" in text
        assert "just a note" not in text
