"""Hostile data on a real terminal: nothing in the data reaches the terminal as a control.

Accounts, owners, series, attendees, notes and actions are loaded with every entry of
HOSTILE_TEXTS (escape sequences written raw into the file too, as an older version or a
hand-edited database could hold them). The installed app is then walked through every
screen in tmux while `pipe-pane` records every byte it writes. The terminal's title must not
change, no OSC 0/52 (title, clipboard) or raw SGR/bidi control from the data may be in the
output, markup-looking text shows literally, and the app neither crashes nor quits.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile import HOSTILE_TEXTS
from meeting_notes import add_note
from tmux import TARGET, Tmux

from reviewtui.services.meeting import MeetingSession, start_meeting
from reviewtui.services.workspace import open_workspace
from reviewtui.store import notes as note_store
from reviewtui.store.accounts import upsert_account

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

# The owner (the CSM the book-of-business meeting is scoped to) is hostile too.
OWNER = "[@click=app.quit]x[/] \x1b]0;PWNED\x07 顧客"
ESCAPES = [t for t in HOSTILE_TEXTS if "\x1b" in t or "\x9b" in t or "\u202e" in t]
SHOWN_NOTES = ["[bold]", "[/", "[link=x]y", "[@click=app.quit]x[/]"]


def build(db: Path) -> None:
    ws = open_workspace(db)
    try:
        now = ws.clock.now()
        for i, text in enumerate(HOSTILE_TEXTS):
            upsert_account(
                ws.db,
                {
                    "name": f"{text} {i}",
                    "owner": OWNER if i % 2 == 0 else text,
                    "status": "red",
                    "arr_cents": 100_000 * (i + 1),
                },
                now,
            )
        strategy = start_meeting(
            ws, "strategy", series=HOSTILE_TEXTS[4], attendees=[HOSTILE_TEXTS[8] + ":strategist"]
        )
        for text in SHOWN_NOTES:  # with the raw ones below, all fit in the notes list at 80x24
            add_note(strategy, text)
        for text in ESCAPES:  # raw, past the input cleaning: the display must still clean it
            note_store.add_note(
                ws.db,
                meeting_id=strategy.id,
                agenda_item_id=strategy.current.id,
                account_id=None,
                kind="note",
                text=f"raw {text}",
                at=now,
            )
        book = start_meeting(
            ws,
            "book-of-business",
            series=HOSTILE_TEXTS[9],
            scope="csm:" + OWNER,
            attendees=[OWNER + ":csm", "Lead:leader"],
        )
        session = MeetingSession(ws, book.id)
        for title, owner in [
            (HOSTILE_TEXTS[4], OWNER),
            (HOSTILE_TEXTS[5], "Lead"),
            (HOSTILE_TEXTS[12] + " deck", OWNER),
        ]:
            session.apply(session.closing.add_action(title, owner, "fri"))
    finally:
        ws.close()


def pane_title(term: Tmux) -> str:
    return term.tmux("display-message", "-p", "-t", TARGET, "#{pane_title}").strip()


def test_hostile_data_never_reaches_the_terminal_as_control(
    exe: Path, terminal: Callable[..., Tmux], tmp_path: Path
) -> None:
    db = tmp_path / "hostile.db"
    build(db)
    raw_file = tmp_path / "hostile.raw"
    term = terminal(width=80, height=24)
    term.shell()
    title_before = pane_title(term)
    term.tmux("pipe-pane", "-o", "-t", TARGET, f"cat >> {raw_file}")
    term.run_in_shell([exe, "--db", db])
    term.wait_for("Unfinished meetings", "Book-of-business review")
    pid = term.app_pid()

    # The newest live meeting: the book of business of the hostile owner, in its queues.
    term.send_keys("r")
    term.send_keys("Enter")
    screen = term.wait_for("Segment queues", "Red accounts", "[@click=app.quit]x[/] 顧客")
    assert "PWNED" not in screen
    for _ in range(3):
        term.send_keys("F8")
    term.wait_for("Wrap-up", "Ready to close", "[@click=app.quit]x[/]", "[bold red]Acme")
    term.send_keys("F1")
    term.wait_for("Keys on this screen")
    term.send_keys("Escape")
    term.wait_gone("Keys on this screen")
    term.send_keys("c")
    term.wait_for("Close the meeting and write the minutes?")
    term.send_keys("y")
    term.wait_for("Written to", "Attendees", "csm:")
    term.send_keys("Escape")
    term.wait_for("Past meetings", "Strategy-led account review")

    # The other live meeting: its notes, attendees and series are hostile.
    term.send_keys("r")
    term.send_keys("Enter")
    screen = term.wait_for("Overall strategy", "[@click=app.quit]x[/]", "[bold]")
    for literal in ("Note     [link=x]y", "Note     [/", "Note     [bold]", "raw evil.exe"):
        assert literal in screen, f"{literal!r} not shown literally:\n{screen}"
    term.send_keys("F1")
    term.wait_for("Keys on this screen")
    term.send_keys("Escape")
    term.wait_gone("Keys on this screen")
    for _ in range(7):
        term.send_keys("F8")
    term.wait_for("Wrap-up")
    term.send_keys("F7")
    term.wait_until(lambda s: "Wrap-up" not in s.splitlines()[0], "the section before wrap-up")

    # Still running, never quit (the [@click=app.quit] text was never a link).
    assert not term.pane_dead()
    assert term.app_pid() == pid
    term.tmux("pipe-pane", "-t", TARGET)
    size = -1
    while raw_file.stat().st_size != size:  # let `cat` finish writing
        size = raw_file.stat().st_size
        time.sleep(0.1)
    raw = raw_file.read_bytes()
    assert len(raw) > 10_000 and b"Red accounts" in raw, "the capture missed the app's output"
    text = raw.decode("utf-8", errors="replace")

    assert pane_title(term) == title_before
    assert b"PWNED" not in raw
    assert b"\x1b]0;" not in raw and b"\x1b]2;" not in raw, "the terminal title was set"
    assert b"\x1b]52;" not in raw, "the clipboard was written"
    assert b"SGVsbG8=" not in raw
    assert "\x1b[31mred" not in text
    assert "\x9b" not in text, "an 8-bit CSI reached the terminal"
    assert "\u202e" not in text and "\u202c" not in text, "a bidi override reached the terminal"
    assert "Traceback" not in term.capture()
