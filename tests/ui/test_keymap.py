"""A user's keys: `[keys]` in config.toml remaps bindings by id; a bad entry is one line naming
its id and leaves that binding's keys as they were. F1 lists the screen's own keys first and
the text-editing keys last; Ctrl+C and Ctrl+Z say what they do instead of nothing. The note
input's own keys (save, complete) follow the keymap too, in the order typed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import events
from textual.widgets import Static
from ui_helpers import SMALL, settle_writes, type_text

from reviewtui.app import ReviewApp
from reviewtui.domain.clock import ManualClock
from reviewtui.domain.settings import load_settings
from reviewtui.screens.help import HelpScreen
from reviewtui.screens.meeting_base import MeetingScreen
from reviewtui.screens.start import StartScreen
from reviewtui.services.meeting import start_meeting
from reviewtui.services.workspace import Workspace, open_workspace
from reviewtui.widgets.note_input import NoteInput


def workspace(tmp_path: Path, config_text: str) -> Workspace:
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "config.toml").write_text(config_text, encoding="utf-8")
    return open_workspace(
        tmp_path / "t.db", clock=ManualClock("2026-11-26T14:00:00Z"), config=config
    )


def help_text(app: ReviewApp) -> str:
    assert isinstance(app.screen, HelpScreen)
    return str(app.screen.query_one("#help-text", Static).render())


async def test_a_remapped_key_works_and_the_old_one_does_not(tmp_path: Path) -> None:
    ws = workspace(tmp_path, '[keys]\nstart_actions = "ctrl+b"\nhelp = "f2"\n')
    app = ReviewApp(ws)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert not [n for n in app._notifications if "[keys]" in n.message]
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert type(app.screen).__name__ == "ActionsScreen"
        await pilot.press("escape")
        await pilot.press("f2")
        await pilot.pause()
        text = help_text(app)
        assert "Ctrl+B" in text and "all actions across meetings" in text
    ws.close()


async def test_bad_entries_are_one_line_each_with_their_id(tmp_path: Path) -> None:
    ws = workspace(
        tmp_path,
        '[keys]\nno_such_binding = "f5"\nstart_search = "ctl+s"\nstart_new = "ctrl+b"\n'
        "start_past = 5\n",
    )
    assert any("start_past" in p for p in ws.problems)  # not text: said by the settings
    app = ReviewApp(ws)
    async with app.run_test(size=SMALL) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        problems = sorted(n.message for n in app._notifications if "[keys]" in n.message)
        assert len(problems) == 2
        assert "no_such_binding" in problems[0] and "no key binding" in problems[0]
        assert "start_search" in problems[1] and "'ctl'" in problems[1]
        assert all("\n" not in p for p in problems)
        assert app.keymap_in_use == {"no_such_binding": "f5", "start_new": "ctrl+b"}
        await pilot.press("s")  # the default stays
        await pilot.pause()
        assert type(app.screen).__name__ == "SearchScreen"
    ws.close()


def test_settings_keep_their_other_values_when_a_key_entry_is_bad(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\n[keys]\nundo = ["ctrl+u"]\nhelp = "f2"\n', encoding="utf-8")
    settings, problems = load_settings(path)
    assert settings.theme == "nord" and settings.keys == {"help": "f2"}
    assert len(problems) == 1 and "undo" in problems[0]


async def test_help_lists_the_screens_keys_first_and_editing_keys_last(tmp_path: Path) -> None:
    ws = workspace(tmp_path, "")
    session = start_meeting(ws, "scrum", series="Help")
    app = ReviewApp(ws, meeting_id=session.id)
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("f1")
        await pilot.pause()
        text = help_text(app)
        own = text.index("Keys on this screen")
        editing = text.index("Editing text")
        assert own < text.index("next section") < text.index("Everywhere") < editing
        assert text.index("save the typed note") < editing
        assert "Move cursor left a word" in text[editing:]
        assert "Move cursor left a word" not in text[:editing]
    ws.close()


async def test_ctrl_c_and_ctrl_z_say_what_they_do(tmp_path: Path) -> None:
    ws = workspace(tmp_path, "")
    app = ReviewApp(ws)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+c")
        await pilot.press("ctrl+z")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any("F10" in m and "quits" in m for m in said), said
        assert any("Nothing to undo" in m for m in said), said
        assert app.is_running  # Ctrl+C did not quit
    ws.close()


# -- the note input's own keys, remapped -------------------------------------------------


def _notes(ws: Workspace) -> list[str]:
    return [r["text"] for r in ws.db.query("SELECT text FROM notes ORDER BY id")]


def meeting_app(tmp_path: Path, keys: str, **options: Any) -> tuple[Workspace, ReviewApp]:
    """The app on a live meeting, `keys` the `[keys]` table of its config."""
    ws = workspace(tmp_path, f"[keys]\n{keys}\n")
    session = start_meeting(ws, "strategy", **options)
    return ws, ReviewApp(ws, meeting_id=session.id)


async def test_a_remapped_save_key_saves_and_enter_keeps_the_text(tmp_path: Path) -> None:
    ws, app = meeting_app(tmp_path, 'save_note = "ctrl+s"')
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        note_input = app.screen.query_one(NoteInput)
        assert app.focused is note_input
        assert "press Ctrl+S to save" in str(app.screen.query_one("#preview", Static).render())
        await type_text(pilot, "budget is flat")
        await pilot.press("enter")  # no longer the save key: nothing is saved, nothing lost
        await pilot.press("ctrl+j")  # Enter before raw mode: only ever an alias of Enter
        await settle_writes(pilot)
        assert _notes(ws) == []
        assert note_input.value == "budget is flat" and app.focused is note_input
        await pilot.press("ctrl+s")
        await settle_writes(pilot)
        assert _notes(ws) == ["budget is flat"]
        assert note_input.value == ""
        # Keys typed behind the save key, arriving together: they start the next note.
        await type_text(pilot, "second")
        for key, char in (("ctrl+s", None), ("n", "n"), ("e", "e"), ("x", "x")):
            app.post_message(events.Key(key, char))
        await settle_writes(pilot)
        assert _notes(ws) == ["budget is flat", "second"]
        assert note_input.value == "nex"
    ws.close()


async def test_enter_and_ctrl_j_save_while_save_note_keeps_enter(tmp_path: Path) -> None:
    ws, app = meeting_app(tmp_path, 'save_note = "enter,ctrl+s"')
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        for text, key in (("one", "enter"), ("two", "ctrl+j"), ("three", "ctrl+s")):
            await type_text(pilot, text)
            await pilot.press(key)
            await settle_writes(pilot)
        assert _notes(ws) == ["one", "two", "three"]
    ws.close()


async def test_a_remapped_complete_key_completes_and_tab_does_not(tmp_path: Path) -> None:
    ws, app = meeting_app(tmp_path, 'complete = "ctrl+l"', attendees=["Priya Raman:csm"])
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        note_input = app.screen.query_one(NoteInput)
        await type_text(pilot, "a: send the deck @pri")
        await pilot.press("tab")  # the old key completes nothing
        await pilot.pause()
        assert note_input.value == "a: send the deck @pri"
        note_input.focus_at_end()
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert note_input.value == "a: send the deck @Priya"
        # In the order typed: the completion comes before the letters typed behind it.
        note_input.show_text("a: send the deck @pri")
        for key, char in (("ctrl+l", None), ("space", " "), ("x", "x")):
            app.post_message(events.Key(key, char))
        await pilot.pause()
        assert note_input.value == "a: send the deck @Priya x"
        await pilot.press("f1")
        await pilot.pause()
        text = help_text(app)
        assert "Ctrl+L" in text[: text.index("Editing text")]
    ws.close()
