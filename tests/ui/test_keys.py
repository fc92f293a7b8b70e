"""Keys never lose or overwrite words: restored drafts, Tab, typing outside the input, undo."""

from __future__ import annotations

from ui_helpers import SMALL, make_app, settle_writes, type_text

from reviewtui.services.meeting import MeetingSession, start_meeting
from reviewtui.services.workspace import Workspace
from reviewtui.widgets.note_input import NoteInput


def _texts(ws: Workspace) -> list[str]:
    return [r["text"] for r in ws.db.query("SELECT text FROM notes ORDER BY id")]


def _live_texts(ws: Workspace) -> list[str]:
    rows = ws.db.query("SELECT text FROM notes WHERE deleted_at IS NULL ORDER BY id")
    return [r["text"] for r in rows]


async def _type_and_save(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await type_text(pilot, text)
    await pilot.press("enter")
    await settle_writes(pilot)


# -- 1. a restored draft comes back with the cursor at its end, not selected -------------


async def test_resumed_draft_is_continued_not_replaced(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy")
    session.save_draft("unfinished sentence")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        note_input = app.screen.query_one(NoteInput)
        assert note_input.selection.is_empty
        assert note_input.cursor_position == len("unfinished sentence")
        await _type_and_save(pilot, " and more")
    assert _texts(ws) == ["unfinished sentence and more"]


async def test_draft_carried_across_sections_is_continued(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        first = app.screen
        await type_text(pilot, "half")
        await pilot.press("f8")
        await pilot.pause()
        assert app.screen is not first
        await type_text(pilot, " a")
        await pilot.press("f7")
        await pilot.pause()
        await _type_and_save(pilot, " thought")
    assert _texts(ws) == ["half a thought"]


async def test_tab_then_escape_keeps_the_text_unselected(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy")
    session.add("an earlier note")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await type_text(pilot, "typed so far")
        await pilot.press("shift+tab")  # to the notes list
        await pilot.press("escape")  # back to typing
        await pilot.pause()
        assert isinstance(app.focused, NoteInput)
        await _type_and_save(pilot, " and more")
    assert _texts(ws) == ["an earlier note", "typed so far and more"]
    assert MeetingSession(ws, session.id).draft() == ""
