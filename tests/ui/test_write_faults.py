"""Ordinary faults never crash the app nor lose a word: a write lock held by another program, a
full disk, a hang-up with a dialog open, a second window on the same meeting, minutes that
cannot be written. Every key that writes goes through the one write path."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from ui_helpers import SMALL, hang_up_after, make_app, resumed, say, settle_writes, type_text

from reviewtui.app import ReviewApp
from reviewtui.domain.clock import ManualClock
from reviewtui.screens.dialogs import Confirm
from reviewtui.screens.help import HelpScreen
from reviewtui.screens.minutes import MinutesScreen
from reviewtui.screens.note_screen import NoteScreen
from reviewtui.screens.section import SectionScreen
from reviewtui.services.changes import LeaseLostError
from reviewtui.services.database_location import recovery_path
from reviewtui.services.meeting import MeetingSession, start_meeting
from reviewtui.services.recovery import Journal
from reviewtui.services.workspace import Workspace
from reviewtui.widgets.note_input import NoteInput


@contextmanager
def write_lock(path: Path) -> Iterator[None]:
    """Another program holds the database's write lock for the duration."""
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("COMMIT")
        holder.close()


def fill_disk(app: ReviewApp) -> None:
    """The database can grow no more: SQLite's own size limit on the writer's connection."""
    assert app.writer is not None and app.writer._own is not None
    conn = app.writer._own.db.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")


def notes(ws: Workspace) -> list[str]:
    return ws.db.column("SELECT text FROM notes WHERE deleted_at IS NULL ORDER BY id")


def input_value(app: ReviewApp) -> str:
    return app.screen.query_one(NoteInput).value


async def test_clock_and_agenda_keys_under_a_held_lock_then_quit_keep_every_note(
    ws: Workspace, clock: ManualClock
) -> None:
    session = start_meeting(ws, "strategy", series="Acme")
    assert ws.db.path is not None
    app = make_app(ws, session.id)
    with write_lock(ws.db.path):  # held until the app has exited
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            for word in ["first", "second", "third"]:
                await type_text(pilot, word)
                await pilot.press("enter")
            await pilot.pause()
            for key in ["f9", "f9", "f4", "f8", "f7", "f8"]:
                clock.advance(seconds=5)
                await pilot.press(key)
                await pilot.pause()
            assert isinstance(app.screen, SectionScreen)
            await type_text(pilot, "half typed")
            await pilot.press("f10")
            await pilot.pause()
            assert isinstance(app.screen, Confirm)
            await pilot.press("y")
            await pilot.pause()
            assert notes(ws) == []  # nothing could be written meanwhile
    kept, broken = Journal(recovery_path(ws.db.path)).read()
    assert broken == 0
    assert [c.words for c in kept if c.op == "note.add"] == ["first", "second", "third"]
    # The next start replays it, in order, once; the draft and the clock come back too.
    again = make_app(ws, session.id)
    async with again.run_test(size=SMALL) as pilot:
        await settle_writes(pilot)
        assert notes(ws) == ["first", "second", "third"]
        assert input_value(again) == "half typed"
        assert not recovery_path(ws.db.path).exists()
    reloaded = MeetingSession(ws, session.id)
    assert reloaded.current.id == session.items[2].id  # F8, F7, F8 from the second section


async def test_a_full_disk_crashes_nothing_and_says_so(ws: Workspace, clock: ManualClock) -> None:
    session = start_meeting(ws, "strategy", series="Acme")
    assert ws.db.path is not None
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        fill_disk(app)
        await say(pilot, "a long note " + "x" * 5000)
        for key in ["f9", "f9", "f4", "f8", "f7"]:
            clock.advance(seconds=5)
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause(0.2)
        shown = " ".join(str(n.message) for n in app._notifications)
        assert "full" in shown
        assert app.writer is not None and app.writer.fault is not None
        assert app.writer.fault.kind == "full"
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    kept, _ = Journal(recovery_path(ws.db.path)).read()
    assert any(c.words.startswith("a long note") for c in kept) or any(
        text.startswith("a long note") for text in notes(ws)
    )


async def test_text_typed_while_notes_are_queued_is_kept_as_the_draft(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy")
    assert ws.db.path is not None
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        with write_lock(ws.db.path):
            await type_text(pilot, "queued note")
            await pilot.press("enter")
            await type_text(pilot, "still typing")
            screen = app.screen
            assert isinstance(screen, SectionScreen)
            screen.tick()  # the once-a-second tick, called rather than waited for
            screen.tick()
        await settle_writes(pilot)
        assert notes(ws) == ["queued note"]
        assert session.notebook.draft() == "still typing"


async def test_a_hang_up_with_a_dialog_open_keeps_the_draft(ws: Workspace) -> None:
    for overlay in ["f1", "f10", "ctrl+p"]:
        session = start_meeting(ws, "strategy")
        app = make_app(ws, session.id)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            await type_text(pilot, f"said before {overlay}")
            await pilot.press(overlay)
            await pilot.pause()
            assert not isinstance(app.screen, NoteScreen)
            app._on_hangup()
            await pilot.pause()
        assert session.notebook.draft() == f"said before {overlay}", overlay


async def test_a_hang_up_between_enter_and_its_save_keeps_the_text(ws: Workspace) -> None:
    """Enter empties the input at once and hands the text to the screen in a message: a
    hang-up before the screen has taken it still keeps the text (as the draft)."""
    session = start_meeting(ws, "strategy")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await type_text(pilot, "entered just before the line dropped")
        note_input = app.screen.query_one(NoteInput)
        await note_input.action_submit()  # Enter read; its message not handled yet
        assert note_input.value == ""
        app._on_hangup()  # the hang-up is handled before the message
        app.flush_writes()
        kept = session.notebook.draft()
        await pilot.pause()
    assert kept == "entered just before the line dropped"


async def test_help_then_hang_up_is_not_needed_to_save_help_itself(ws: Workspace) -> None:
    """The help screen on top of a meeting is not a meeting screen, but the draft is found."""
    session = start_meeting(ws, "strategy")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await type_text(pilot, "x")
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.meeting_screen() is not None


async def test_a_meeting_closed_in_another_window_refuses_notes_and_keeps_the_text(
    ws: Workspace,
) -> None:
    session = start_meeting(ws, "strategy")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        other = MeetingSession(ws, session.id)
        for n in range(3):
            other.apply(other.closing.add_action(f"act {n}", "Ana", "fri"))
        other.apply(other.closing.close())
        await type_text(pilot, "said after the close")
        await pilot.press("enter")
        await settle_writes(pilot)
        assert "said after the close" not in notes(ws)
        assert input_value(app) == "said after the close"
        preview = str(app.screen.query_one("#preview").render())
        assert "Not saved" in preview and "closed" in preview


async def test_a_second_window_is_told_and_can_take_over(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy")
    first = MeetingSession(ws, session.id, lease="the-first-window")
    first.apply(first.clock.beat())
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, Confirm)  # open in another window: take over?
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MinutesScreen)  # read-only view of the notes so far
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle_writes(pilot)
        assert isinstance(app.screen, SectionScreen)
        await say(pilot, "mine now")
        assert notes(ws) == ["mine now"]
        # The first window lost the meeting: what it sends is refused, not saved.
        with pytest.raises(LeaseLostError):
            first.apply(
                first.notebook.add(first.notebook.understand("lost?"), first.current.id, None)
            )
        await pilot.press("f10")
        await pilot.press("y")
        await pilot.pause()
    assert notes(ws) == ["mine now"]
    assert not first.clock.held_elsewhere()  # the window that took over let go when it left


async def test_minutes_that_cannot_be_written_leave_the_meeting_closed_and_retry(
    ws: Workspace,
) -> None:
    session = start_meeting(ws, "strategy")
    for n in range(3):
        session.apply(session.closing.add_action(f"act {n}", "Ana", "fri"))
    assert ws.db.path is not None
    blocker = ws.db.path.parent / "minutes"
    blocker.write_text("a file where the minutes folder goes")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await type_text(pilot, "left in the input")
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle_writes(pilot)
        assert isinstance(app.screen, MinutesScreen)
        shown = " ".join(str(n.message) for n in app._notifications)
        assert "not written" in shown
    row = ws.db.query_one(
        "SELECT status, minutes_path, minutes_text FROM meetings WHERE id = ?", (session.id,)
    )
    assert row is not None
    assert row["status"] == "closed" and row["minutes_path"] is None
    assert "left in the input" in row["minutes_text"]  # the draft was saved, in the minutes
    assert "left in the input" in notes(ws)
    blocker.unlink()
    again = make_app(ws)
    async with again.run_test(size=SMALL) as pilot:
        await settle_writes(pilot)
    path = ws.db.query_one("SELECT minutes_path FROM meetings WHERE id = ?", (session.id,))
    assert path is not None and path["minutes_path"]
    written = Path(path["minutes_path"])
    assert written.read_text(encoding="utf-8") == row["minutes_text"]
    assert written.stat().st_mode & 0o777 == 0o600


async def test_quitting_while_the_database_is_busy_says_nothing_is_unsaved(
    ws: Workspace,
) -> None:
    """Every note is in the recovery file: none is called unsaved at exit (a heartbeat, never
    kept there, is no reason to)."""
    session = start_meeting(ws, "strategy")
    assert ws.db.path is not None
    app = make_app(ws, session.id)
    with write_lock(ws.db.path):
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            await type_text(pilot, "kept")
            await pilot.press("enter")
            app.save_state()  # a heartbeat queued behind the note
            app.write(session.clock.beat())
            await pilot.press("f10")
            await pilot.press("y")
            await pilot.pause()
        kept, _ = Journal(recovery_path(ws.db.path)).read()
        assert [c.words for c in kept if c.op == "note.add"] == ["kept"]
        assert app.unsaved_at_exit == []


async def test_a_draft_still_in_the_recovery_file_at_resume_comes_back_and_stays(
    ws: Workspace,
) -> None:
    """Hung up while another program writes; resumed while it still does: the screen opens with
    the draft waiting in the recovery file, and the next draft saved keeps it."""
    session = start_meeting(ws, "strategy")
    assert ws.db.path is not None
    with write_lock(ws.db.path):
        app = make_app(ws, session.id)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            await type_text(pilot, "said before the hang-up")
            app._on_hangup()
            await pilot.pause()
        again = make_app(ws, session.id)
        async with again.run_test(size=SMALL) as pilot:
            await pilot.pause()
            if isinstance(again.screen, Confirm):  # its own lease, not yet released: take over
                await pilot.press("y")
                await pilot.pause()
            assert input_value(again) == "said before the hang-up"
            await type_text(pilot, " and after")
            screen = again.screen
            assert isinstance(screen, SectionScreen)
            screen.tick()
            await pilot.pause()
    assert session.notebook.draft() == ""  # nothing written while the lock was held
    final = make_app(ws, session.id)
    async with final.run_test(size=SMALL) as pilot:
        await settle_writes(pilot)
        if isinstance(final.screen, Confirm):
            await pilot.press("y")
            await settle_writes(pilot)
        assert input_value(final) == "said before the hang-up and after"


async def test_a_draft_in_the_recovery_file_comes_back_with_its_kind(ws: Workspace) -> None:
    """The kind picked with F2 waits in the recovery file with the words: resumed while the
    lock is still held, the input is a decision again; once written, so is the draft."""
    session = start_meeting(ws, "strategy")
    assert ws.db.path is not None
    with write_lock(ws.db.path):
        await hang_up_after(ws, session.id, ["f2", *"we go with plan B"])
        async with resumed(ws, session.id) as pilot:
            note_input = pilot.app.screen.query_one(NoteInput)
            assert (note_input.value, note_input.kind) == ("we go with plan B", "decision")
            assert isinstance(pilot.app, ReviewApp)
            pilot.app._on_hangup()
            await pilot.pause()
    async with resumed(ws, session.id) as pilot:
        await settle_writes(pilot)
        note_input = pilot.app.screen.query_one(NoteInput)
        assert (note_input.value, note_input.kind) == ("we go with plan B", "decision")
        assert note_input.border_title == "Decision"


async def test_the_palette_asked_to_open_again_under_the_quit_question_crashes_nothing(
    ws: Workspace,
) -> None:
    session = start_meeting(ws, "strategy")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await type_text(pilot, "kept")
        await pilot.press("ctrl+p", "f10", "ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("n", "escape")
        await pilot.pause()
        assert input_value(app) == "kept"
