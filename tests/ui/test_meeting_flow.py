"""Each review template walked end to end with the keyboard, against a real database file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from meeting_notes import add_note
from textual.containers import VerticalScroll
from textual.widgets import Input, Static
from ui_helpers import SMALL, hang_up_after, make_app, resumed, say, settle_writes, type_text

from reviewtui.domain.clock import ManualClock
from reviewtui.screens.action_form import ActionForm
from reviewtui.screens.carryover import CarryoverScreen
from reviewtui.screens.dialogs import AskText, Confirm
from reviewtui.screens.help import HelpScreen
from reviewtui.screens.minutes import MinutesScreen
from reviewtui.screens.note_screen import NoteScreen
from reviewtui.screens.section import SectionScreen
from reviewtui.screens.wrapup import WrapupScreen
from reviewtui.services.meeting import MeetingSession, start_meeting
from reviewtui.services.workspace import Workspace
from reviewtui.store import actions as action_store
from reviewtui.store import meetings as meeting_store
from reviewtui.store.accounts import upsert_account
from reviewtui.widgets.note_input import NoteInput

TEMPLATES = ["strategy", "growth", "book-of-business", "account-planning", "scrum"]

ENTRIES = [
    ("plain note about pacing", "note"),
    ("d: keep the budget flat", "decision"),
    ("r: champion may leave", "risk"),
    ("i: new CFO is cost-focused #company", "insight"),
    ("b: waiting on data access", "blocker"),
]


def _raw(ws: Workspace, sql: str, *params: object) -> list[dict]:
    return ws.db.query(sql, params)


@pytest.mark.parametrize("template_id", TEMPLATES)
async def test_template_end_to_end(ws: Workspace, clock: ManualClock, template_id: str) -> None:
    session = start_meeting(
        ws, template_id, series=f"Series {template_id}", attendees=["Ana:csm", "Lee:leader"]
    )
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        # No earlier actions: the meeting opens on its first real section, input focused.
        assert isinstance(app.screen, NoteScreen)
        assert isinstance(app.focused, NoteInput)
        items = session.items
        discussion = [i for i in items if i.kind not in ("carryover", "wrapup")]
        for index, item in enumerate(discussion):
            screen = app.screen
            assert isinstance(screen, NoteScreen | WrapupScreen)
            assert screen.item.id == item.id
            if isinstance(screen, NoteScreen):
                for text, _ in ENTRIES:
                    await say(pilot, text)
                # The last section's action is the leader's: the book-of-business review
                # closes only with an action for each of its roles (csm, leader).
                owner = "@Lee" if index == len(discussion) - 1 else "@Ana"
                await say(pilot, f"a: follow up {index} {owner} +{index + 1}d")
            clock.advance(minutes=2)
            await pilot.press("f8")
            await pilot.pause()
        # Back and forth: previous section, then forward again.
        assert isinstance(app.screen, WrapupScreen)
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.item.id == discussion[-1].id
        clock.advance(seconds=30)
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, WrapupScreen)
        # Every kind in every section is stored, attached to its section.
        for item in discussion:
            kinds = {
                r["kind"]
                for r in _raw(ws, "SELECT kind FROM notes WHERE agenda_item_id = ?", item.id)
            }
            assert kinds == {"note", "decision", "risk", "insight", "blocker", "action"}
        # Time spent is recorded per section, including the revisit.
        last = _raw(ws, "SELECT actual_seconds FROM agenda_items WHERE id = ?", discussion[-1].id)
        assert last[0]["actual_seconds"] == 150
        # Too many actions for scrum-sized ranges? Trim to the template's maximum first.
        wrap = app.screen
        assert isinstance(wrap, WrapupScreen)
        actions = [a for a in session.closing.actions() if a.status == "open"]
        maximum = session.meeting.max_actions
        while len(actions) > maximum:
            await pilot.press("x")
            await pilot.pause()
            assert isinstance(app.screen, AskText)
            await say(pilot, "merged with another")
            actions = [a for a in session.closing.actions() if a.status == "open"]
        while len(actions) < session.meeting.min_actions:
            await pilot.press("n")
            await pilot.pause()
            await say(pilot, f"extra action {len(actions)}")
            await say(pilot, "Ana")
            await say(pilot, "eom")
            actions = [a for a in session.closing.actions() if a.status == "open"]
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MinutesScreen)
    row = _raw(ws, "SELECT status, ended_at FROM meetings WHERE id = ?", session.id)[0]
    assert row["status"] == "closed" and row["ended_at"]


async def test_wrapup_refuses_two_actions_then_accepts_three(
    ws: Workspace, clock: ManualClock
) -> None:
    session = start_meeting(ws, "strategy", series="Acme")
    add_note(session, "a: send the deck @Ana fri")
    add_note(session, "a: book the workshop @Bo +1w")
    wrap = next(i for i in session.items if i.kind == "wrapup")
    session.apply(session.clock.goto(wrap.id))
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WrapupScreen)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, AskText)
        assert "at least 3" in app.screen.question
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WrapupScreen)
        assert MeetingSession(ws, session.id).meeting.status == "live"
        await pilot.press("n")
        await say(pilot, "Share the renewal plan")
        await say(pilot, "@Ana")
        await say(pilot, "2026-12-04")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MinutesScreen)
    closed = MeetingSession(ws, session.id)
    assert closed.meeting.status == "closed"
    assert closed.meeting.override_reason is None
    minutes = (closed.meeting.minutes_path or "").strip()
    assert minutes
    text = Path(minutes).read_text(encoding="utf-8").splitlines()
    assert "| # | Action | Owner | Due | Account | Status |" in text
    assert "| 3 | Share the renewal plan | Ana | 2026-12-04 |   | open |" in text


async def test_override_with_reason_is_recorded(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy", series="Acme")
    add_note(session, "a: only one thing @Ana fri")
    add_note(session, "a: and another @Bo fri")
    session.apply(session.clock.goto(next(i for i in session.items if i.kind == "wrapup").id))
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await say(pilot, "client asked for a short list")
        assert isinstance(app.screen, MinutesScreen)
    closed = MeetingSession(ws, session.id)
    assert closed.meeting.override_reason == "client asked for a short list"
    assert "- Closed outside the action range: client asked for a short list" in (
        closed.closing.minutes().splitlines()
    )


async def test_last_actions_are_triaged_with_one_key_each(
    ws: Workspace, clock: ManualClock
) -> None:
    first = start_meeting(ws, "book-of-business", series="Book: Ana")
    for text in ("a: call the sponsor @Ana fri", "a: fix invoices @Bo +2d", "a: plan QBR @Ana 2w"):
        add_note(first, text)
    first.apply(first.closing.close())
    clock.advance(minutes=60 * 24 * 7)
    second = start_meeting(ws, "book-of-business", series="Book: Ana")
    app = make_app(ws, second.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CarryoverScreen)
        await pilot.press("ctrl+o")  # oldest first: "call the sponsor" is done
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, AskText)
        await say(pilot, "+3d")
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("enter")  # an empty reason is refused
        await pilot.pause()
        assert isinstance(app.screen, AskText)
        await say(pilot, "no longer relevant")
        assert isinstance(app.screen, CarryoverScreen)
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
    statuses = {a.title: a.status for a in action_store.actions_for_meeting(ws.db, first.id)}
    assert statuses == {
        "call the sponsor": "done",
        "fix invoices": "carried",
        "plan QBR": "dropped",
    }
    carried = action_store.actions_for_meeting(ws.db, second.id)
    assert [(a.title, a.due.isoformat() if a.due else None, a.times_carried) for a in carried] == [
        ("fix invoices", "2026-12-06", 1)
    ]


async def test_bad_entries_are_refused_with_the_text_kept(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        for bad, message in [
            ("a: call them @ fri", "needs a name"),
            ("a: call them @Ana +0d", "today or earlier"),
            ("a: call them @Ana 2026-02-30", "not a real date"),
            ("i: no category given", "category"),
        ]:
            await say(pilot, bad)
            preview = str(app.screen.query_one("#preview").render())
            assert message in preview, preview
            note_input = app.screen.query_one(NoteInput)
            assert note_input.value == bad
            note_input.value = ""
            await pilot.pause()
    assert ws.db.query("SELECT count(*) AS n FROM notes")[0]["n"] == 0
    assert ws.db.query("SELECT count(*) AS n FROM actions")[0]["n"] == 0


async def test_edit_and_delete_from_the_list(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await say(pilot, "a: send deck @Ana fri")
        await say(pilot, "first thought")
        await pilot.press("shift+tab")  # into the notes list; the last note is highlighted
        await pilot.press("up")
        await pilot.press("enter")
        await pilot.pause()
        note_input = app.screen.query_one(NoteInput)
        assert app.focused is note_input
        assert note_input.value == "send deck @Ana 2026-11-27"
        note_input.value = ""
        await say(pilot, "send the revised deck @Bo eom")
        await pilot.press("shift+tab", "delete")
        await pilot.pause()
    notes = ws.db.query("SELECT text, deleted_at FROM notes ORDER BY id")
    assert notes[0]["text"] == "send the revised deck" and notes[0]["deleted_at"] is None
    assert notes[1]["text"] == "first thought" and notes[1]["deleted_at"] is not None
    action = ws.db.query("SELECT title, owner, due FROM actions")[0]
    assert action == {"title": "send the revised deck", "owner": "Bo", "due": "2026-11-30"}


async def test_fast_typing_never_merges_notes(ws: Workspace) -> None:
    """Keys that arrive right after Enter belong to the next note, not the one being saved."""
    session = start_meeting(ws, "strategy")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press(*"first", "enter", *"second", "enter", *"third")
        await pilot.pause()
        assert app.screen.query_one(NoteInput).value == "third"
    texts = [r["text"] for r in ws.db.query("SELECT text FROM notes ORDER BY id")]
    assert texts == ["first", "second"]


async def test_pause_add_minute_and_draft(ws: Workspace, clock: ManualClock) -> None:
    session = start_meeting(ws, "strategy")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        clock.advance(seconds=90)
        await pilot.press("f9")  # pause
        await pilot.pause()
        clock.advance(minutes=10)  # paused time does not count
        await pilot.press("f4")
        await pilot.press("f9")  # resume
        await pilot.pause()
        reading = MeetingSession(ws, session.id).clock.reading()
        assert reading.section_elapsed == 90
        assert reading.section_remaining == 600 + 60 - 90
        await type_text(pilot, "half a thought")
        app.screen.save_state()  # what the once-a-second tick does
    assert MeetingSession(ws, session.id).notebook.draft() == "half a thought"


async def test_resume_puts_the_draft_back(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy")
    session.apply(session.notebook.save_draft("unfinished sentence"))
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        note_input = app.screen.query_one(Input)
        assert note_input.value == "unfinished sentence"
        assert app.focused is note_input


async def test_book_review_wrapup_counts_actions_for_csm_and_leader(ws: Workspace) -> None:
    session = start_meeting(
        ws,
        "book-of-business",
        series="Book: Priya",
        attendees=["Priya Raman:csm", "Dana Okafor:leader"],
        absent=["Sam Lee:growth marketer"],
    )
    add_note(session, "a: call the sponsor @Priya fri")
    add_note(session, "a: send the QBR deck @Priya +1w")
    add_note(session, "a: unblock the export fix @Dana 2w")
    session.apply(session.clock.goto(next(i for i in session.items if i.kind == "wrapup").id))
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        split = str(app.screen.query_one("#owner-split").render())
        assert "csm: 2" in split and "leader: 1" in split
    minutes = MeetingSession(ws, session.id).closing.minutes().splitlines()
    assert "- Priya Raman (csm)" in minutes
    assert "- Dana Okafor (leader)" in minutes
    assert "- Absent: Sam Lee" in minutes


async def test_a_wrap_up_refresh_reads_the_actions_and_the_attendance_once(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = start_meeting(
        ws, "book-of-business", series="Book: Priya", attendees=["Priya:csm", "Dana:leader"]
    )
    add_note(session, "a: call the sponsor @Priya fri")
    add_note(session, "a: unblock the export fix @Dana")
    session.apply(session.clock.goto(next(i for i in session.items if i.kind == "wrapup").id))
    reads: dict[str, int] = {"actions": 0, "attendance": 0}

    def counted(name: str, read: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any) -> Any:
            reads[name] += 1
            return read(*args)

        return wrapper

    monkeypatch.setattr(
        action_store, "actions_for_meeting", counted("actions", action_store.actions_for_meeting)
    )
    monkeypatch.setattr(
        meeting_store, "attendance", counted("attendance", meeting_store.attendance)
    )
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WrapupScreen)
        reads.update(actions=0, attendance=0)
        screen.reload()
        assert reads == {"actions": 1, "attendance": 1}
        status = str(screen.query_one("#closing-status").render())
        split = str(screen.query_one("#owner-split").render())
    assert "'unblock the export fix' needs a due date" in status
    assert "csm: 1" in split and "leader: 1" in split


async def test_command_palette_jumps_and_adds_time(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        commands = {c.title for c in app.get_system_commands(app.screen)}
        for title in ("Add a minute", "Go to wrap-up", "Show last minutes", "All actions"):
            if title == "Show last minutes":
                continue  # no closed meeting yet
            assert title in commands
        assert "Go to: Roadmap" in commands
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "Go to: Roadmap")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen)
        assert app.screen.item.title == "Roadmap"


async def test_help_lists_the_keys_of_the_screen(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        text = "\n".join(str(w.render()) for w in app.screen.query("Static"))
        words = ("next section", "pause / resume the clock", "change the kind of note")
        for expected in ("F8", "F9", "F2", *words, "a: ... @owner fri"):
            assert expected in text, expected
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen)


async def test_help_names_the_settings_file_data_directory_and_database(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "[bold]data"))
    app = make_app(ws, start_meeting(ws, "strategy").id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-places", Static).render())
        assert f"Settings        {ws.settings_path}" in text
        assert f"Data directory  {tmp_path / '[bold]data' / 'reviewtui'}" in text
        assert f"Database        {ws.db.path}" in text
        # At 80x24 they are below the keys: End scrolls down to them.
        scroll = app.screen.query_one("#help-scroll", VerticalScroll)
        assert scroll.max_scroll_y > 0
        await pilot.press("end")
        await pilot.wait_for_scheduled_animations()
        assert scroll.scroll_y == scroll.max_scroll_y
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen)


async def test_action_form_keeps_its_fields_when_the_date_is_wrong(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy")
    session.apply(session.clock.goto(next(i for i in session.items if i.kind == "wrapup").id))
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await say(pilot, "Send the renewal brief")
        await say(pilot, "Ana")
        await say(pilot, "bogus")
        form = app.screen
        assert isinstance(form, ActionForm)
        assert "not a due date" in str(form.query_one("#hint").render())
        assert form.query_one("#title", Input).value == "Send the renewal brief"
        due = form.query_one("#due", Input)
        assert app.focused is due
        due.value = ""
        await say(pilot, "fri")
        assert isinstance(app.screen, WrapupScreen)
    titles = [
        (a.title, a.owner, str(a.due)) for a in MeetingSession(ws, session.id).closing.actions()
    ]
    assert titles == [("Send the renewal brief", "Ana", "2026-11-27")]


async def test_a_note_longer_than_the_input_scrolls_to_the_cursor(ws: Workspace) -> None:
    """Typing repaints the input without laying out the screen; a long note still scrolls."""
    session = start_meeting(ws, "strategy")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        note_input = app.screen.query_one(NoteInput)
        layouts_before = app.screen._layout_updates
        head = "the renewal depends on the new procurement rules " * 3
        note_input.insert_text_at_cursor(head)
        await type_text(pilot, "tail end")
        assert note_input.scroll_offset.x > 0  # scrolled to keep the cursor in sight
        line = note_input.render_line(0).text
        assert "tail end" in line
        assert app.screen._layout_updates == layouts_before  # no layout for keys typed
        await pilot.press("home")
        await pilot.pause()
        assert note_input.scroll_offset.x == 0
        assert "the renewal" in note_input.render_line(0).text


def _ready_to_close(ws: Workspace, scope: str | None = None) -> MeetingSession:
    """A strategy review with the three actions its closing rule asks for."""
    session = start_meeting(ws, "strategy", series="Acme", scope=scope)
    for text in ("a: send the deck @Ana fri", "a: book the workshop @Ana +1w", "a: call @Ana 2w"):
        add_note(session, text)
    return session


async def _close_from_the_wrapup(pilot, typed: str, said: str) -> None:  # type: ignore[no-untyped-def]
    """On the wrap-up: c, the question says how the text left is saved, y."""
    app = pilot.app
    assert isinstance(app.screen, WrapupScreen)
    await pilot.press("c")
    await pilot.pause()
    question = app.screen
    assert isinstance(question, Confirm)
    assert f"'{typed}' is saved as {said} first" in question.detail
    await pilot.press("y")
    await settle_writes(pilot)
    assert isinstance(app.screen, MinutesScreen)


@pytest.mark.parametrize(
    ("typed", "said", "saved"),
    [
        ("d: we go with plan B", "a decision", ("decision", "we go with plan B", None, None)),
        (
            "a: send the recap @ana fri",
            "an action",
            ("action", "send the recap", "Ana 2026-11-27", None),
        ),
        ("r: &globex may churn", "a risk", ("risk", "may churn", None, "Globex")),
        # Not an insight without its category: a note, every word kept.
        ("i: the CFO is new", "a note", ("note", "i: the CFO is new", None, None)),
        # Nor an action without its owner, which the closing rule would not take.
        ("a: send the recap fri", "a note", ("note", "a: send the recap fri", None, None)),
    ],
)
async def test_text_in_the_input_at_close_is_saved_as_enter_would_save_it(
    ws: Workspace, typed: str, said: str, saved: tuple[str, str, str | None, str | None]
) -> None:
    upsert_account(ws.db, {"name": "Globex", "owner": "Priya Raman", "health": 50}, ws.clock.now())
    session = _ready_to_close(ws, scope="csm:Priya Raman")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.screen.query_one(NoteInput).insert_text_at_cursor(typed)
        await pilot.press("f3")
        await pilot.pause()
        await _close_from_the_wrapup(pilot, typed, said)
    closed = MeetingSession(ws, session.id)
    assert closed.meeting.status == "closed"
    last = closed.notebook.notes()[-1]
    action = closed.notebook.action_for_note(last.id)
    owner_due = f"{action.owner} {action.due}" if action is not None else None
    assert (last.kind, last.text, owner_due, last.account_name) == saved
    assert closed.notebook.draft() == ""


def _last_note(ws: Workspace, meeting_id: int) -> tuple[str, str]:
    last = MeetingSession(ws, meeting_id).notebook.notes()[-1]
    return last.kind, last.text


@pytest.mark.parametrize(
    ("typed", "said", "saved"),
    [
        ("we go with plan B", "a decision", ("decision", "we go with plan B")),
        # A typed prefix wins over the kind picked, as on Enter.
        ("r: the champion may leave", "a risk", ("risk", "the champion may leave")),
    ],
)
async def test_text_in_the_input_at_close_keeps_the_kind_picked_with_f2(
    ws: Workspace, typed: str, said: str, saved: tuple[str, str]
) -> None:
    session = _ready_to_close(ws)
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("f2")  # a decision
        app.screen.query_one(NoteInput).insert_text_at_cursor(typed)
        await pilot.press("f3")
        await pilot.pause()
        await _close_from_the_wrapup(pilot, typed, said)
    assert _last_note(ws, session.id) == saved
    assert MeetingSession(ws, session.id).notebook.draft() == ""


async def test_the_close_after_a_resume_keeps_the_kind_picked_with_f2(ws: Workspace) -> None:
    """The text went to the wrap-up with its kind, the line dropped there: resumed on the
    wrap-up, the close saves the decision picked, from the draft kept in the file."""
    session = _ready_to_close(ws)
    await hang_up_after(ws, session.id, ["f2", *"we go with plan B", "f3"])
    async with resumed(ws, session.id) as pilot:
        await _close_from_the_wrapup(pilot, "we go with plan B", "a decision")
    assert _last_note(ws, session.id) == ("decision", "we go with plan B")
