"""All actions across meetings: filters, marking done, moving dates, and edit conflicts."""

from __future__ import annotations

from meeting_notes import add_note
from ui_helpers import SMALL, make_app, say

from reviewtui.domain.clock import ManualClock
from reviewtui.screens.actions import ActionsScreen
from reviewtui.screens.dialogs import AskText
from reviewtui.screens.report import ReportScreen
from reviewtui.services.meeting import start_meeting
from reviewtui.services.workspace import Workspace
from reviewtui.store import actions as action_store
from reviewtui.widgets.fitted_table import FittedTable


def _book(ws: Workspace, clock: ManualClock) -> None:
    meeting = start_meeting(ws, "scrum", series="Team scrum")
    add_note(meeting, "a: renew the contract @Ana fri")  # due 2026-11-27
    add_note(meeting, "a: send the deck @Bo +3d")  # due 2026-11-29
    add_note(meeting, "a: fix the tracking @Ana 2026-12-10")
    meeting.apply(meeting.closing.close())
    clock.advance(minutes=60 * 24 * 5)  # 2026-12-01: the first two are late


async def test_filter_mark_done_and_redate(ws: Workspace, clock: ManualClock) -> None:
    _book(ws, clock)
    app = make_app(ws)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ActionsScreen)
        table = screen.query_one(FittedTable)
        assert table.row_count == 3
        await pilot.press("v")  # overdue only
        await pilot.pause()
        assert [line.action.title for line in screen._lines] == [
            "renew the contract",
            "send the deck",
        ]
        assert [line.days_overdue for line in screen._lines] == [4, 2]
        await pilot.press("o")  # first owner: Ana
        await pilot.pause()
        assert screen.owner == "Ana"
        assert [line.action.title for line in screen._lines] == ["renew the contract"]
        await pilot.press("d")
        await pilot.pause()
        assert screen._lines == []
        await pilot.press("v", "o")  # all open actions, next owner: Bo
        await pilot.pause()
        assert screen.owner == "Bo"
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, AskText)
        await say(pilot, "fri")
        assert [(line.action.title, str(line.action.due)) for line in screen._lines] == [
            ("send the deck", "2026-12-04")
        ]
    statuses = {a.title: a.status for a in action_store.list_actions(ws.db)}
    assert statuses == {
        "renew the contract": "done",
        "send the deck": "open",
        "fix the tracking": "open",
    }


async def test_a_change_made_elsewhere_is_not_overwritten(
    ws: Workspace, clock: ManualClock
) -> None:
    _book(ws, clock)
    app = make_app(ws)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        first = app.screen._lines[0].action  # type: ignore[attr-defined]
        # Another window re-dates the same action after this list was read.
        action_store.update_action(
            ws.db, first.id, expected_version=first.version, at=clock.now(), title="renamed"
        )
        await pilot.press("d")
        await pilot.pause()
        assert "changed elsewhere" in " ".join(str(n.message) for n in app._notifications)
    assert action_store.get_action(ws.db, first.id).status == "open"  # type: ignore[union-attr]


async def test_follow_up_report_screen(ws: Workspace, clock: ManualClock) -> None:
    _book(ws, clock)
    app = make_app(ws)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = str(screen.query_one("#report-text").render())
        # Two of the three actions fell due by 2026-12-01 and neither was done on time.
        assert "everyone: 0% (0 of 2)" in text
        assert "Timeboxes (1 closed meetings" in text
        await pilot.press("w")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "the last 30 days" in str(screen.query_one("#report-window").render())


async def test_the_cursor_follows_a_redated_action_and_changes_undo(
    ws: Workspace, clock: ManualClock
) -> None:
    _book(ws, clock)
    app = make_app(ws)

    def state() -> dict[str, tuple[str, str]]:
        rows = ws.db.query("SELECT title, status, due FROM actions")
        return {r["title"]: (r["status"], r["due"]) for r in rows}

    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ActionsScreen)
        table = screen.query_one(FittedTable)
        assert table.cursor_row == 0  # "renew the contract", due first
        await pilot.press("r")
        await pilot.pause()
        await say(pilot, "2026-12-20")  # now due last: the list re-sorts
        assert [line.action.title for line in screen._lines][-1] == "renew the contract"
        assert table.cursor_row == 2  # the cursor went with it
        await pilot.press("d")
        await pilot.pause()
        assert state()["renew the contract"] == ("done", "2026-12-20")
        assert state()["send the deck"][0] == "open"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert state()["renew the contract"] == ("open", "2026-12-20")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert state()["renew the contract"] == ("open", "2026-11-27")
        assert screen._selected() is not None
        assert screen._selected().title == "renew the contract"  # type: ignore[union-attr]
    completed = ws.db.query("SELECT completed_at FROM actions WHERE title = 'renew the contract'")
    assert completed == [{"completed_at": None}]
