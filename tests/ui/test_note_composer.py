"""The note composer on its own, in a real app: what it tells its screen (messages, in the
order the keys were typed), the draft it keeps (and when it says the draft may have changed),
and the preview line it draws."""

from __future__ import annotations

import pendulum
import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from reviewtui.domain.due_dates import describe_due
from reviewtui.domain.entries import EntryError, NoteKind, NotePreview, parse_entry
from reviewtui.domain.models import Note
from reviewtui.widgets.note_composer import NoteComposer, preview_text

TODAY = pendulum.date(2026, 11, 26)
PEOPLE = ["Ana Diaz"]


def understood(raw: str, kind: NoteKind) -> NotePreview:
    """The preview as a meeting makes it, without the meeting: the typed text understood."""
    if not raw.strip():
        return NotePreview(kind, typed=False)
    try:
        entry = parse_entry(raw, TODAY, kind, PEOPLE)
    except EntryError as error:
        return NotePreview(kind, error=str(error))
    return NotePreview(
        entry.kind,
        owner=entry.owner,
        new_owner=entry.owner is not None and entry.owner not in PEOPLE,
        due=describe_due(entry.due, TODAY) if entry.due else None,
        category=entry.category,
        warnings=entry.misspelt,
    )


class ComposerApp(App[None]):
    """A screen's part, played by the app: it records what the composer tells it."""

    BINDINGS = [
        Binding("escape", "cancel", "Type", id="focus_input"),
        Binding("f8", "next", "Next", id="next_section"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.heard: list[Message | str] = []

    def compose(self) -> ComposeResult:
        yield NoteComposer(PEOPLE, preview=understood)

    def on_mount(self) -> None:
        self.query_one(NoteComposer).focus_at_end()

    def on_note_composer_submitted(self, event: NoteComposer.Submitted) -> None:
        event.composer.took(event.text)  # as a screen does: the text is its to save now
        self.heard.append(event)

    def action_next(self) -> None:
        self.heard.append("next")

    def action_cancel(self) -> None:
        self.query_one(NoteComposer).cancel_edit()

    def submitted(self) -> list[NoteComposer.Submitted]:
        return [m for m in self.heard if isinstance(m, NoteComposer.Submitted)]

    def line(self) -> Static:
        return self.query_one("#preview", Static)


def _note(kind: NoteKind, text: str) -> Note:
    return Note(7, 1, 1, None, kind.value, text, None, None, pendulum.now("UTC"))


async def test_enter_posts_the_text_and_kind_and_empties_the_input() -> None:
    app = ComposerApp()
    async with app.run_test() as pilot:
        composer = app.query_one(NoteComposer)
        await pilot.press(*"budget")
        assert composer.cycle_kind()
        await pilot.pause()
        version = composer.draft_version
        await pilot.press("enter")
        await pilot.pause()
        (said,) = app.submitted()
        assert (said.text, said.kind, said.editing) == ("budget", NoteKind.DECISION, None)
        assert said.control is composer
        assert composer.input.value == "" and composer.draft == ""
        assert composer.draft_version > version  # the input emptied: the draft changed


async def test_keys_typed_behind_enter_reach_the_screen_after_the_note() -> None:
    app = ComposerApp()
    async with app.run_test() as pilot:
        await pilot.press(*"moves")
        await pilot.pause()
        app.heard.clear()
        # Arriving together, as over SSH: the note is heard before the key behind it.
        app.post_message(events.Key("enter", "\r"))
        app.post_message(events.Key("f8", None))
        await pilot.pause()
        order = [m if isinstance(m, str) else type(m).__name__ for m in app.heard]
        assert order.index("Submitted") < order.index("next"), order


async def test_the_draft_is_the_text_typed_and_set_aside_during_an_edit() -> None:
    app = ComposerApp()
    async with app.run_test() as pilot:
        composer = app.query_one(NoteComposer)
        version = composer.draft_version
        await pilot.press(*"half")
        await pilot.pause()
        assert composer.draft_version > version and composer.draft == "half"
        composer.begin_edit(_note(NoteKind.RISK, "churn"), "churn")
        await pilot.pause()
        assert composer.editing is not None and composer.input.value == "churn"
        assert composer.draft == "half"
        version = composer.draft_version
        await pilot.press(*"ed")
        await pilot.pause()
        assert composer.draft_version == version  # the edit's text is not the draft
        assert composer.input.border_title == "Editing risk"
        assert not composer.cycle_kind()  # the kind stays while editing
        await pilot.press("escape")
        await pilot.pause()
        assert composer.editing is None
        assert composer.input.value == "half" and composer.draft == "half"
        assert composer.draft_version > version
        assert composer.kind is NoteKind.NOTE and composer.input.border_title == "Note"


async def test_an_edit_left_unsaved_joins_the_draft() -> None:
    app = ComposerApp()
    async with app.run_test() as pilot:
        composer = app.query_one(NoteComposer)
        await pilot.press(*"half")
        composer.begin_edit(_note(NoteKind.RISK, "churn"), "d: churn")
        await pilot.pause()
        assert composer.edit_kind_problem("d: churn") is not None
        composer.input.value = ""
        composer.end_edit(keep="d: churn")
        await pilot.pause()
        assert composer.draft == "half d: churn"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", "Note · type and press Enter to save"),
        ("said", "Note"),
        ("d: budget moves", "Decision"),
        ("r: may churn", "Risk"),
        ("b: no budget", "Blocker"),
        ("i: search grows #market", "Insight · market"),
        ("a: call @ana 2026-11-27", "Action · owner Ana Diaz · due Fri 27 Nov 2026 (tomorrow)"),
        (
            "a: call @maria",
            "Action · owner Maria (new person)"
            " · no due date yet (today, fri, +3d, 2w, eom, 2026-12-04)",
        ),
    ],
)
async def test_the_preview_line_of_each_kind(typed: str, expected: str) -> None:
    app = ComposerApp()
    async with app.run_test() as pilot:
        composer = app.query_one(NoteComposer)
        composer.input.show_text(typed)
        await pilot.pause()
        shown = str(app.line().render())
        assert shown == expected
        assert not app.line().has_class("-error")


async def test_an_error_and_a_warning_are_drawn_as_problems() -> None:
    app = ComposerApp()
    async with app.run_test() as pilot:
        composer = app.query_one(NoteComposer)
        composer.input.show_text("i: no category here")
        await pilot.pause()
        assert str(app.line().render()).startswith("! an insight needs a category")
        assert app.line().has_class("-error")
        composer.input.show_text("a: call @ana tomorow")
        await pilot.pause()
        assert "! 'tomorow' is no date: tomorrow?" in str(app.line().render())
        assert app.line().has_class("-error")
        composer.input.show_text("a: call @ana tomorrow")
        await pilot.pause()
        assert not app.line().has_class("-error")


async def test_a_refusal_stays_up_until_the_next_key() -> None:
    app = ComposerApp()
    async with app.run_test() as pilot:
        composer = app.query_one(NoteComposer)
        await pilot.press(*"new")
        composer.put_back("kept", "Not saved: the disk is full")
        await pilot.pause()
        assert composer.input.value == "kept new"
        assert str(app.line().render()) == "! Not saved: the disk is full"
        assert app.line().has_class("-error")
        await pilot.press("s")
        await pilot.pause()
        assert str(app.line().render()) == "Note"
        composer.saving("note")
        assert str(app.line().render()) == "Saving note…" and app.line().has_class("-saved")
        assert composer.saved() == 0


def test_preview_text_cleans_what_it_shows() -> None:
    preview = NotePreview(NoteKind.ACTION, owner="Ana\x1b[31m Diaz", account="Glo\nbex")
    assert preview_text(preview) == (
        "Action · owner Ana Diaz · no due date yet (today, fri, +3d, 2w, eom, 2026-12-04)"
        " · on Glo bex"
    )
    assert preview_text(NotePreview(NoteKind.NOTE, error="bad\x07 word")) == "! bad word"
