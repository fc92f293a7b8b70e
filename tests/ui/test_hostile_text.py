"""Hostile text everywhere it can be shown: names, notes, owners, series, templates, segments.

The app must not crash, must show the text literally (never as markup, never running an
action), and must never hand a control sequence from data to the terminal.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import FORBIDDEN_ON_SCREEN, HOSTILE_TEXTS, control_characters, poison_text_columns
from meeting_notes import add_note
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList
from ui_helpers import LARGE, SMALL, make_app, say

from reviewtui.domain.clock import ManualClock
from reviewtui.domain.entries import EntryError
from reviewtui.domain.text import clean_input
from reviewtui.screens.actions import ActionsScreen
from reviewtui.screens.carryover import CarryoverScreen
from reviewtui.screens.dialogs import AskText
from reviewtui.screens.minutes import MinutesScreen
from reviewtui.services.meeting import MeetingSession, start_meeting
from reviewtui.services.workspace import Workspace, open_workspace
from reviewtui.store.accounts import add_snapshots, upsert_account
from reviewtui.widgets.fitted_table import FittedTable

SHOWN = [t for t in HOSTILE_TEXTS if t.strip()]
MARKUP = "[@click=app.quit]x[/]"


def _screen_text(app: object) -> str:
    """Everything on screen, as the terminal would draw it (without styles)."""
    screen = app.screen  # type: ignore[attr-defined]
    lines = []
    for widget in screen.query("*"):
        if isinstance(widget, OptionList):
            lines.extend(str(option.prompt) for option in widget.options)
            continue
        if isinstance(widget, DataTable):
            for row in range(widget.row_count):
                lines.append(" ".join(str(cell) for cell in widget.get_row_at(row)))
            continue
        try:
            rendered = widget.render()
        except Exception:  # containers and widgets without a simple render
            continue
        lines.append(str(rendered))
    return "\n".join(lines)


def _hostile_book(ws: Workspace, clock: ManualClock) -> MeetingSession:
    for index, text in enumerate(SHOWN):
        name = f"{text[:200]} #{index}"
        account_id = upsert_account(
            ws.db,
            {
                "name": name,
                "owner": text[:60] or "nobody",
                "health": 20.0 + index,
                "status": "red",
                "arr_cents": 100_000 * (index + 1),
                "tier": "strategic",
                "lifecycle": "active",
            },
            clock.now(),
        )
        add_snapshots(ws.db, {account_id: [{"as_of": clock.today(), "health": 20.0 + index}]})
    session = start_meeting(
        ws,
        "book-of-business",
        series=SHOWN[4],
        attendees=[f"{SHOWN[5]}:csm", f"{SHOWN[8]}:leader"],
    )
    for text in SHOWN:
        try:
            add_note(session, text[:3000])
        except EntryError:
            assert not clean_input(text).strip()  # only text that is nothing but controls
    add_note(session, f"a: {MARKUP} @{SHOWN[0]} fri")
    add_note(session, f"i: {SHOWN[2]} #market")
    return session


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
async def test_every_screen_survives_hostile_text(
    ws: Workspace, clock: ManualClock, size: tuple[int, int]
) -> None:
    session = _hostile_book(ws, clock)
    app = make_app(ws, session.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for item in session.items:
            app.screen.go_to(item.id)  # type: ignore[attr-defined]
            await pilot.pause()
            await pilot.press("down")
            await pilot.press("f1")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            assert app.is_running, f"the app stopped on {item.title}"
            text = _screen_text(app)
            for forbidden in FORBIDDEN_ON_SCREEN:
                assert forbidden not in text, (item.title, repr(forbidden))
        # The markup-looking action shows literally in the wrap-up.
        assert MARKUP[:17] in _screen_text(app)
        await pilot.press("c")  # one action only: closing asks for a reason, given hostile
        await pilot.pause()
        await say(pilot, f"{MARKUP} \x1b]0;PWNED\x07 reason")
        assert isinstance(app.screen, MinutesScreen)
        for _ in range(5):
            await pilot.pause()
        minutes = _screen_text(app)
        # Escaped in the Markdown, shown formatted: the text as typed, never markup.
        assert "[@click=app.quit]x[/] reason" in minutes
        assert "\x1b" not in minutes
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


async def test_hostile_user_template_and_segment_files(tmp_path: Path) -> None:
    config = tmp_path / "config"
    (config / "templates").mkdir(parents=True)
    (config / "segments").mkdir(parents=True)
    (config / "templates" / "evil.toml").write_text(
        'id = "evil"\nname = "[@click=app.quit]Evil[/] \\u001b]0;PWNED\\u0007"\n'
        "[[sections]]\n"
        'title = "[bold]Section[/bold]"\nkind = "discussion"\nminutes = 5\n'
        'prompts = ["[link=x]y", "\\u001b[31mred", "顧客 👩‍💼"]\n'
        "[[sections]]\n"
        'title = "Wrap-up"\nkind = "wrapup"\nminutes = 5\nprompts = ["a", "b", "c"]\n',
        encoding="utf-8",
    )
    clock = ManualClock("2026-11-26T14:00:00Z")
    ws = open_workspace(tmp_path / "t.db", clock=clock, config=config)
    try:
        assert "evil" in ws.templates, ws.problems
        app = make_app(ws)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            text = _screen_text(app)
            assert "[@click=app.quit]Evil[/]" in text
            assert "\x1b" not in text
        session = start_meeting(ws, "evil")
        app = make_app(ws, session.id)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            text = _screen_text(app)
            assert "[bold]Section[/bold]" in text
            assert "[link=x]y" in text
            assert app.is_running
    finally:
        ws.close()


async def _toasts(pilot: Pilot) -> list[str]:
    """The text of every toast on the current screen, as drawn (title and message)."""
    from textual.widgets._toast import Toast

    pilot.app._refresh_notifications()  # a toast raised under a closing dialog moves up
    await pilot.pause()
    await pilot.pause()
    return [str(toast.render()) for toast in pilot.app.screen.query(Toast)]


async def test_toasts_show_typed_text_literally(ws: Workspace, clock: ManualClock) -> None:
    first = start_meeting(ws, "scrum", series="Toasts")
    add_note(first, "a: [/...] unclosed @Ana fri")
    add_note(first, "a: [@click=app.quit]click me[/] @Bo fri")
    first.apply(first.closing.close())
    clock.advance(minutes=60 * 24)
    second = start_meeting(ws, "scrum", series="Toasts")
    app = make_app(ws, second.id)
    async with app.run_test(size=LARGE, notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CarryoverScreen)
        # A due date that looks like broken markup: the carry dialog keeps it to fix, and its
        # hint quotes it as typed.
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, AskText)
        await say(pilot, "next [/")
        assert app.is_running
        await pilot.pause()
        assert isinstance(app.screen, AskText)
        assert "next [/" in str(app.screen.query_one("#hint").render())
        assert app.screen.query_one(Input).value == "next [/"
        await pilot.press("escape")
        await pilot.pause()
        app.clear_notifications()
        await pilot.press("f10")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    app = make_app(ws)
    async with app.run_test(size=LARGE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ActionsScreen)
        titles = [line.action.title for line in app.screen._lines]
        for expected in ("[/...] unclosed", "[@click=app.quit]click me[/]"):
            row = titles.index(expected)
            app.screen.query_one(FittedTable).move_cursor(row=row)
            await pilot.pause()
            await pilot.press("d")
            await pilot.pause()
            assert app.is_running
            assert any(f"Done: {expected}" in toast for toast in await _toasts(pilot))
            titles.pop(row)
        # The markup-looking title is not a link: clicking the toast does not quit.
        from textual.widgets._toast import Toast

        toast = app.screen.query(Toast).last()
        await pilot.click(toast)
        await pilot.pause()
        assert app.is_running


async def test_notify_never_parses_markup_or_passes_controls(ws: Workspace) -> None:
    app = make_app(ws)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await pilot.pause()
        app.screen.notify("[/", title="\x1b]0;PWNED\x07[b]t[/b]", markup=True)
        app.notify("[@click=app.quit]x[/] \x1b[2J\x9b31m")
        await pilot.pause()
        shown = "\n".join(await _toasts(pilot))
        assert "[/" in shown
        assert "[b]t[/b]" in shown
        assert "[@click=app.quit]x[/]" in shown
        for forbidden in FORBIDDEN_ON_SCREEN:
            assert forbidden not in shown
        assert app.is_running


def _drawn(app: object) -> str:
    """What the terminal would be sent for the current screen: every cell's text."""
    strips = app.screen._compositor.render_strips()  # type: ignore[attr-defined]
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def _poisoned_book(tmp_path: Path) -> tuple[Path, list[int]]:
    """The sample book with two live meetings, then hostile text in every free-text column."""
    from reviewtui.importers.sample import load_sample

    path = tmp_path / "poisoned.db"
    clock = ManualClock("2026-11-26T14:00:00Z")
    ws = open_workspace(path, clock=clock, config=tmp_path / "config")
    try:
        load_sample(ws)
        live = []
        for template, series in (
            ("book-of-business", "Book review: Priya Raman"),
            ("strategy", "Strategy review: Lanternfish Outdoor Co."),
        ):
            session = start_meeting(ws, template, series=series, attendees=["Ana Ruiz:csm"])
            add_note(session, "a: call the sponsor @Ana fri")
            add_note(session, "r: budget freeze")
            live.append(session.id)
            session.apply(session.clock.beat("half-typed", (session.current.id, None)))
    finally:
        ws.close()
    written = poison_text_columns(path)
    assert ("accounts", "tier") in written and ("accounts", "lifecycle") in written
    assert ("actions", "drop_reason") in written and ("drafts", "text") in written, written
    return path, live


async def _check(pilot: Pilot, where: str) -> str:
    await pilot.pause()
    app = pilot.app
    assert app.is_running, f"the app stopped on {where}"
    drawn = _drawn(app)
    bad = [line for line in drawn.splitlines() if control_characters(line)]
    assert not bad, (where, bad)
    return drawn


async def test_hostile_values_written_by_another_program_stay_text(tmp_path: Path) -> None:
    path, live = _poisoned_book(tmp_path)
    clock = ManualClock("2026-11-27T14:00:00Z")
    ws = open_workspace(path, clock=clock, config=tmp_path / "config")
    try:
        app = make_app(ws)
        async with app.run_test(size=LARGE, notifications=True) as pilot:
            drawn = await _check(pilot, "start")
            assert "[@click=app.quit]x[/]" in drawn or "[/ #" in drawn
            await pilot.press("n")
            await pilot.press("enter")
            await _check(pilot, "new meeting")
            await pilot.press("escape")
            await pilot.press("p")
            await pilot.press("enter")
            await _check(pilot, "past minutes")
            await pilot.press("escape")
            await pilot.press("a")
            await _check(pilot, "all actions")
            await pilot.press("o", "s", "v", "v", "d")
            await _check(pilot, "all actions, one marked done")
            await pilot.press("escape")
            await pilot.press("f")
            for _ in range(20):
                await pilot.pause(0.05)  # the report is worked out in a thread
            await _check(pilot, "report")
            await pilot.press("escape")
            await pilot.press("f1")
            await _check(pilot, "help")
            await pilot.press("escape")
        for meeting_id in live:
            app = make_app(ws, meeting_id)
            async with app.run_test(size=LARGE, notifications=True) as pilot:
                await _check(pilot, "resume")
                screen = app.screen
                for item in screen.session.items:  # type: ignore[attr-defined]
                    app.screen.go_to(item.id)  # type: ignore[attr-defined]
                    await pilot.pause()
                    await pilot.pause(0.2)  # queues and health checks load in a thread
                    await _check(pilot, item.title)
                    await pilot.press("down", "down")
                    await _check(pilot, item.title + ", two rows down")
                    if item.kind == "carryover":
                        await pilot.press("ctrl+r")
                        await pilot.pause()
                        await say(pilot, "next [/")
                        await _check(pilot, "carry with a bad date")
                        await pilot.press("ctrl+o")
                        await _check(pilot, "carry-over, one done")
                    await pilot.press("f1")
                    await _check(pilot, "help on " + item.title)
                    await pilot.press("escape")
                await pilot.press("ctrl+p")  # the palette lists every section by its title
                await pilot.pause()
                await pilot.press(*"go to")
                await pilot.pause(0.3)
                await _check(pilot, "command palette")
                await pilot.press("escape")
                await pilot.pause()
                await pilot.press("c")  # close (asks why with too few actions)
                await pilot.pause()
                if isinstance(app.screen, AskText):
                    await say(pilot, "[/] \x1b]0;PWNED\x07 reason")
                await _check(pilot, "minutes after close")
    finally:
        ws.close()
