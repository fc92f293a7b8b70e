"""Cadence in the app: the start screen names the series due and overdue, the report says how
well each kept its cadence, and a scrum shows the goals and open actions of its planning."""

from __future__ import annotations

from meeting_notes import add_note
from textual.widget import Widget
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


def _scrum_after_planning(ws: Workspace, notes: list[str]) -> int:
    """A scrum on its goals section, following a planning meeting closed with these notes."""
    planning = start_meeting(ws, "account-planning", series="Acme planning", scope=None)
    for text in notes:
        add_note(planning, text)
    _clock(ws).advance(minutes=45)
    planning.apply(planning.closing.close(override_reason="test"))
    scrum = start_meeting(ws, "scrum", series="Acme scrum")
    scrum.apply(scrum.clock.goto(next(i for i in scrum.items if i.kind == "goals").id))
    return scrum.id


async def test_a_scrum_shows_its_planning_goals_and_open_actions(ws: Workspace) -> None:
    notes = [
        f"d: {HOSTILE} for Q1",
        "d: win the second business unit",
        "a: map the buying centre @Ana fri",
        "just a note, not a goal",
    ]
    app = make_app(ws, _scrum_after_planning(ws, notes))
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, GoalsScreen)
        text = "\n".join(_shown(app.screen.query_one("#planning")))
        assert "Goals (2)" in text and "win the second business unit" in text
        assert "[bold]Big[/bold] plan" in text and "\x1b" not in text
        assert "Open actions (1)" in text and "map the buying centre" in text
        assert "just a note" not in text


def _shown(planning: Widget) -> list[str]:
    """The lines of the planning box that show."""
    return [str(line.render()) for line in planning.query(Static) if line.display]


async def test_the_goals_follow_the_terminal_height(ws: Workspace) -> None:
    """Below 36 lines the prompts give way and three goals and three actions show; from 36,
    the prompts and six of each. A resize changes it."""
    notes = [f"d: goal {n}" for n in range(7)] + [f"a: action {n} @Ana fri" for n in range(7)]
    app = make_app(ws, _scrum_after_planning(ws, notes))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GoalsScreen)
        prompts, box = screen.query_one("#prompts"), screen.query_one("#planning")

        def listed() -> tuple[list[str], list[str]]:
            lines = _shown(box)
            goals = [line for line in lines if line.startswith("• goal ")]
            actions = [line.split("  ")[0] for line in lines if line.startswith("☐ action ")]
            return goals, actions

        short = ([f"• goal {n}" for n in range(3)], [f"☐ action {n}" for n in range(3)])
        tall = ([f"• goal {n}" for n in range(6)], [f"☐ action {n}" for n in range(6)])
        assert screen.has_class("-short") and not prompts.display
        assert listed() == short
        await pilot.resize_terminal(*LARGE)
        await pilot.pause()
        assert screen.has_class("-tall") and prompts.display
        assert listed() == tall
        assert "Goals (7)" in _shown(box) and "Open actions (7)" in _shown(box)
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        assert not prompts.display and listed() == short
