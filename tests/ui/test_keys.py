"""Keys never lose or overwrite words: restored drafts, Tab, typing outside the input, undo."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest
from meeting_notes import add_note
from textual.app import App
from ui_helpers import SMALL, hang_up_after, make_app, resumed, settle_writes, type_text

from reviewtui.domain.clock import ManualClock
from reviewtui.domain.entries import NoteKind
from reviewtui.screens.meeting_base import MeetingScreen
from reviewtui.services.meeting import MeetingSession, start_meeting
from reviewtui.services.workspace import Workspace
from reviewtui.widgets.note_input import NoteInput

PLACE = tuple[int, int | None]


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
    session.apply(session.notebook.save_draft("unfinished sentence"))
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        note_input = app.screen.query_one(NoteInput)
        assert note_input.selection.is_empty
        assert note_input.cursor_position == len("unfinished sentence")
        await _type_and_save(pilot, " and more")
    assert _texts(ws) == ["unfinished sentence and more"]


def _kinds_and_texts(ws: Workspace) -> list[tuple[str, str]]:
    return [(r["kind"], r["text"]) for r in ws.db.query("SELECT kind, text FROM notes ORDER BY id")]


def _shown_kind(app: App[Any]) -> tuple[NoteKind, str]:
    """The kind the note input will save as, and the label on its border."""
    note_input = app.screen.query_one(NoteInput)
    return NoteKind(note_input.kind), str(note_input.border_title)


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("we go with plan B", ("decision", "we go with plan B")),
        # A typed prefix still wins over the kind picked, as it did before the hang-up.
        ("r: the champion may leave", ("risk", "the champion may leave")),
    ],
)
async def test_a_hang_up_keeps_the_kind_picked_with_the_draft(
    ws: Workspace, typed: str, saved: tuple[str, str]
) -> None:
    """F2 picks a decision, the words are typed, the line drops: `resume` brings back the
    words and the decision, and Enter saves them as it would have before."""
    session = start_meeting(ws, "strategy")
    await hang_up_after(ws, session.id, ["f2", *typed])
    async with resumed(ws, session.id) as pilot:
        assert pilot.app.screen.query_one(NoteInput).value == typed
        assert _shown_kind(pilot.app) == (NoteKind.DECISION, "Decision")
        await pilot.press("enter")
        await settle_writes(pilot)
    assert _kinds_and_texts(ws) == [saved]


async def test_draft_carried_across_sections_is_continued_with_its_kind(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        first = app.screen
        await pilot.press("f2")
        await type_text(pilot, "we go")
        await pilot.press("f8")
        await pilot.pause()
        assert app.screen is not first
        assert _shown_kind(app) == (NoteKind.DECISION, "Decision")
        await type_text(pilot, " with plan B")
        await pilot.press("f7")
        await pilot.pause()
        assert _shown_kind(app) == (NoteKind.DECISION, "Decision")
        await settle_writes(pilot)
        # Kept in the file as well, for a hang-up now.
        kept = ws.db.query("SELECT text, kind FROM drafts WHERE meeting_id = ?", (session.id,))
        assert kept == [{"text": "we go with plan B", "kind": "decision"}]
        await _type_and_save(pilot, "")
    assert _kinds_and_texts(ws) == [("decision", "we go with plan B")]


async def test_tab_then_escape_keeps_the_text_unselected(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy")
    add_note(session, "an earlier note")
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
    assert MeetingSession(ws, session.id).notebook.draft() == ""


async def test_the_tick_keeps_the_draft_each_time_it_has_changed(ws: Workspace) -> None:
    """The once-a-second tick writes the draft when it changed since it was last written (no
    message goes up on every key for it), and not again until it changes."""
    session = start_meeting(ws, "strategy")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        kept: list[str] = []
        beat = app.persist_tick

        def persist_tick(live: MeetingSession, draft: str | None, place: PLACE, kind: str) -> None:
            if draft is not None:
                kept.append(draft)
            beat(live, draft, place, kind)

        app.persist_tick = persist_tick  # type: ignore[method-assign]
        screen.tick()
        assert kept == []  # nothing typed since it opened
        await type_text(pilot, "half a")
        screen.tick()
        screen.tick()
        await type_text(pilot, " thought")
        screen.tick()
        screen.tick()
        await settle_writes(pilot)
        # The clock's own tick may come in between, while a word is being typed.
        assert "half a" in kept and kept[-1] == "half a thought"
        assert all("half a thought".startswith(k) for k in kept)
        assert all(a != b for a, b in pairwise(kept))  # each change once
        assert session.notebook.draft() == "half a thought"
        await pilot.press("enter")  # saved: the draft is empty, and kept so
        await settle_writes(pilot)
        screen.tick()
        await settle_writes(pilot)
        assert kept[-1] == "" and session.notebook.draft() == ""
    assert _texts(ws) == ["half a thought"]


# -- 2. Tab completes in the note input; no single letter changes a saved note -----------


async def test_tab_completes_the_owner_and_never_edits_a_saved_note(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy", attendees=["Priya Raman:csm"])
    add_note(session, "budget is flat")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await type_text(pilot, "a: send the deck @pri")
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        note_input = app.screen.query_one(NoteInput)
        assert app.focused is note_input
        assert note_input.value == "a: send the deck @Priya"
        await _type_and_save(pilot, " next week")
        await pilot.press("tab")  # nothing to complete: stays in the input, harmlessly
        await _type_and_save(pilot, "tomorrow is fine")
    assert _live_texts(ws) == ["budget is flat", "send the deck next week", "tomorrow is fine"]
    action = ws.db.query("SELECT title, owner FROM actions")[0]
    assert action == {"title": "send the deck next week", "owner": "Priya Raman"}


async def test_tab_completes_a_due_word_in_an_action(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy", attendees=["Ana Ruiz:csm"])
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await type_text(pilot, "a: call them @Ana tom")
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        assert app.screen.query_one(NoteInput).value == "a: call them @Ana tomorrow"
        await type_text(pilot, " fri")
        await pilot.press("tab")
        await pilot.pause()
        assert app.screen.query_one(NoteInput).value == "a: call them @Ana tomorrow friday"


async def test_letters_typed_in_the_notes_list_go_to_the_input(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy")
    add_note(session, "budget is flat")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await type_text(pilot, "next ")
        await pilot.press("shift+tab")
        await pilot.pause()
        assert not isinstance(app.focused, NoteInput)
        await type_text(pilot, "step exit")  # e, x, d ... are no commands here
        assert isinstance(app.focused, NoteInput)
        await pilot.press("enter")
        await settle_writes(pilot)
    assert _live_texts(ws) == ["budget is flat", "next step exit"]


async def test_edit_with_enter_and_delete_with_undo(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy")
    add_note(session, "a: send deck @Ana fri")
    add_note(session, "first thought")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        note_input = app.screen.query_one(NoteInput)
        await pilot.press("shift+tab", "delete")  # the last note
        await pilot.pause()
        assert _live_texts(ws) == ["send deck"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert _live_texts(ws) == ["send deck", "first thought"]
        await pilot.press("shift+tab", "up", "enter")  # edit the action
        await pilot.pause()
        assert app.focused is note_input
        assert note_input.value == "send deck @Ana 2026-11-27"
        assert note_input.selection.is_empty
        await pilot.press("ctrl+u")
        await _type_and_save(pilot, "send the new deck @Bo eom")
        assert _live_texts(ws) == ["send the new deck", "first thought"]
        await pilot.press("ctrl+z")  # the edit is undone, action included
        await pilot.pause()
    assert _live_texts(ws) == ["send deck", "first thought"]
    action = ws.db.query("SELECT title, owner, due, status FROM actions")[0]
    assert action == {"title": "send deck", "owner": "Ana", "due": "2026-11-27", "status": "open"}


# -- 5. an edit does not change the kind of what is typed next ----------------------------


async def test_editing_an_action_leaves_the_chosen_kind(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy")
    add_note(session, "a: send deck @Ana fri")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        note_input = app.screen.query_one(NoteInput)
        await pilot.press("shift+tab", "enter")
        await pilot.pause()
        assert note_input.kind == "action"
        await pilot.press("enter")  # saved as it was
        await settle_writes(pilot)
        assert note_input.kind == "note"
        await _type_and_save(pilot, "plain words")
        await pilot.press("shift+tab", "up", "enter")  # edit, then cancel
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert note_input.kind == "note" and note_input.value == ""
        await _type_and_save(pilot, "more words")
    kinds = [(r["text"], r["kind"]) for r in ws.db.query("SELECT text, kind FROM notes")]
    assert kinds == [("send deck", "action"), ("plain words", "note"), ("more words", "note")]


async def test_changing_the_kind_in_an_edit_says_why_it_is_refused(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy")
    add_note(session, "the budget is flat")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        note_input = app.screen.query_one(NoteInput)
        await pilot.press("shift+tab", "enter")
        await pilot.pause()
        await pilot.press("home")
        await _type_and_save(pilot, "r: ")
        preview = app.screen.query_one("#preview")
        assert "stays a note" in str(preview.render())
        assert preview.has_class("-error")
        assert note_input.value == "r: the budget is flat"
    assert _live_texts(ws) == ["the budget is flat"]


# -- 3. typing on the queues screen always lands in the note input ------------------------


async def test_queues_typing_after_tab_or_with_a_queue_focused_is_saved(ws: Workspace) -> None:
    from reviewtui.importers.sample import load_sample
    from reviewtui.screens.queues import QueuesScreen
    from reviewtui.widgets.queue_column import QueueColumn

    load_sample(ws)
    session = start_meeting(ws, "book-of-business", scope="csm:Priya Raman")
    session.apply(session.clock.goto(next(i for i in session.items if i.kind == "queues").id))
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QueuesScreen)
        await pilot.press("tab")
        await _type_and_save(pilot, "renewal at risk")
        screen.query(QueueColumn).first().focus()  # the focus left the input (a mouse click)
        await pilot.pause()
        await _type_and_save(pilot, "sponsor left")
        assert isinstance(app.focused, NoteInput)
    rows = ws.db.query("SELECT text FROM notes WHERE meeting_id = ? ORDER BY id", [session.id])
    assert [r["text"] for r in rows] == ["renewal at risk", "sponsor left"]


# -- 4. last actions: typing is a note, triage keys cannot be typed, and they undo ---------


async def test_last_actions_typing_is_a_note_and_triage_undoes(
    ws: Workspace, clock: ManualClock
) -> None:
    from ui_helpers import say

    from reviewtui.screens.carryover import CarryoverScreen
    from reviewtui.screens.dialogs import AskText
    from reviewtui.store import actions as action_store

    first = start_meeting(ws, "book-of-business", series="Book: Ana")
    for text in ("a: call the sponsor @Ana fri", "a: fix invoices @Bo +2d", "a: plan QBR @Ana 2w"):
        add_note(first, text)
    first.apply(first.closing.close())
    clock.advance(minutes=60 * 24 * 7)
    second = start_meeting(ws, "book-of-business", series="Book: Ana")
    app = make_app(ws, second.id)

    def statuses() -> dict[str, str]:
        return {a.title: a.status for a in action_store.actions_for_meeting(ws.db, first.id)}

    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CarryoverScreen)
        assert isinstance(app.focused, NoteInput)
        await _type_and_save(pilot, "did the sponsor call, and dropped the old deck")
        assert set(statuses().values()) == {"open"}
        await pilot.press("down", "ctrl+o")  # "fix invoices" done
        await pilot.pause()
        assert statuses()["fix invoices"] == "done"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert set(statuses().values()) == {"open"}
        await pilot.press("ctrl+r")  # carry "fix invoices", the highlight stayed on it
        await pilot.pause()
        assert isinstance(app.screen, AskText)
        await say(pilot, "+3d")
        assert statuses()["fix invoices"] == "carried"
        assert len(action_store.actions_for_meeting(ws.db, second.id)) == 1
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert statuses()["fix invoices"] == "open"
        assert action_store.actions_for_meeting(ws.db, second.id) == []
        await pilot.press("up", "ctrl+g")
        await pilot.pause()
        await say(pilot, "no longer relevant")
        assert statuses()["call the sponsor"] == "dropped"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert set(statuses().values()) == {"open"}
        assert isinstance(app.focused, NoteInput)
    notes = ws.db.query("SELECT text, kind FROM notes WHERE meeting_id = ?", [second.id])
    assert notes == [{"text": "did the sponsor call, and dropped the old deck", "kind": "note"}]
    reopened = action_store.get_action(
        ws.db, action_store.actions_for_meeting(ws.db, first.id)[0].id
    )
    assert reopened is not None and reopened.drop_reason is None


async def test_text_being_typed_comes_back_after_an_edit(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy")
    add_note(session, "the budget is flat")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        note_input = app.screen.query_one(NoteInput)
        await type_text(pilot, "half typed")
        await pilot.press("shift+tab", "enter")  # edit the note, then cancel
        await pilot.pause()
        assert note_input.value == "the budget is flat"
        await pilot.press("escape")
        await pilot.pause()
        assert note_input.value == "half typed"
        await pilot.press("shift+tab", "enter")  # edit and save
        await _type_and_save(pilot, " again")
        assert note_input.value == "half typed"
        assert note_input.cursor_position == len("half typed")
        await pilot.press("shift+tab", "enter")
        await pilot.press("f8")  # moving on during an edit keeps the text being typed
        await pilot.pause()
        assert app.screen.query_one(NoteInput).value == "half typed"
    assert _live_texts(ws) == ["the budget is flat again"]


async def test_an_edit_left_unfinished_is_saved_not_lost(ws: Workspace) -> None:
    """An edit in progress when the facilitator moves on (F8) or the link drops is saved as
    it stands; one whose new text cannot be saved as an edit goes into the draft instead."""
    session = start_meeting(ws, "strategy")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await _type_and_save(pilot, "first words")
        await type_text(pilot, "half typed")
        await pilot.press("shift+tab", "enter")  # edit the saved note
        await pilot.pause()
        await type_text(pilot, " and more")
        await pilot.press("f8")
        await settle_writes(pilot)
        assert _live_texts(ws) == ["first words and more"]
        assert app.screen.query_one(NoteInput).value == "half typed"
        # Another edit, this time turned into another kind: it cannot stay an edit.
        await pilot.press("f7")
        await pilot.pause()
        note_input = app.screen.query_one(NoteInput)
        note_input.value = ""
        await pilot.press("shift+tab", "enter")
        await pilot.pause()
        note_input = app.screen.query_one(NoteInput)
        note_input.value = "d: a decision now"
        await pilot.pause()
        app._on_hangup()
        await pilot.pause()
    assert _live_texts(ws) == ["first words and more"]
    assert session.notebook.draft() == "d: a decision now"
