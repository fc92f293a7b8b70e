"""Typing ahead of the screen: keys sent in one burst land where they were meant to.

A facilitator who knows the app types without waiting for the screen: the new-meeting dialog,
the first note, the next section, the quit question. Over SSH, or while the app is busy, all
of it can arrive in one read. Every key must still go to the screen it was typed for.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tmux import Tmux, query, wait_db

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_one_burst_from_the_start_screen_to_the_second_section(
    exe: Path, terminal: Callable[..., Tmux], tmp_path: Path
) -> None:
    db = tmp_path / "ahead.db"
    term = terminal()
    term.start([str(exe), "--db", str(db), "demo"])
    term.wait_for("Start a new meeting", timeout=20)
    # Start screen Enter, the dialog's three fields, two notes, F8, a note, F10 and "n", then
    # half a note: all in one tmux call, so in one write to the app.
    term.send_keys(
        "Enter",
        "Ahead series",
        "Enter",
        "team:Growth",
        "Enter",
        "Ana:strategist",
        "Enter",
        "first note",
        "Enter",
        "d: second note",
        "Enter",
        "F8",
        "in the next section",
        "Enter",
        "F10",
        "n",
        "still typing",
    )
    screen = term.wait_until(
        lambda s: "still typing" in term.input_line(s) and "in the next section" in s,
        "the note saved in the next section, and the last words in the input",
    )
    assert "Blockers" in screen.splitlines()[0], screen
    meeting = query(db, "SELECT id, scope FROM meetings WHERE status = 'live'")
    assert len(meeting) == 1 and meeting[0][1] == "team:Growth"
    assert query(
        db,
        "SELECT s.name FROM series s JOIN meetings m ON m.series_id = s.id WHERE m.id = ?",
        (meeting[0][0],),
    ) == [("Ahead series",)]
    people = query(
        db,
        "SELECT p.name, a.role FROM attendance a JOIN people p ON p.id = a.person_id"
        " WHERE a.meeting_id = ?",
        (meeting[0][0],),
    )
    assert people == [("Ana", "strategist")]
    rows = query(
        db,
        "SELECT i.title, n.kind, n.text FROM notes n JOIN agenda_items i ON i.id = n.agenda_item_id"
        " WHERE n.meeting_id = ? ORDER BY n.id",
        (meeting[0][0],),
    )
    assert rows == [
        ("Progress vs quarterly goals", "note", "first note"),
        ("Progress vs quarterly goals", "decision", "second note"),
        ("Blockers", "note", "in the next section"),
    ]
    wait_db(db, "SELECT text FROM drafts", [("still typing",)])


def test_keys_typed_while_the_app_starts_reach_the_note_input(
    exe: Path, terminal: Callable[..., Tmux], tmp_path: Path
) -> None:
    db = tmp_path / "ahead.db"
    term = terminal()
    term.shell()
    term.run_in_shell(
        [exe, "--db", db, "start", "strategy", "--series", "Early", "--attendee", "Ana"]
    )
    # Typed before the app has drawn anything: the terminal holds the keys until it reads.
    term.send_keys("typed before the first frame")
    term.wait_until(
        lambda s: "typed before the first frame" in term.input_line(s), "the early text"
    )
    term.send_keys("Enter")
    wait_db(db, "SELECT text FROM notes", [("typed before the first frame",)])


def test_a_pasted_block_of_lines_is_kept_whole(
    exe: Path, terminal: Callable[..., Tmux], tmp_path: Path
) -> None:
    db = tmp_path / "paste.db"
    term = terminal()
    term.start([str(exe), "--db", str(db), "start", "strategy", "--series", "Paste"])
    term.wait_for("Overall strategy", "Type a note")
    term.send_text("from the call: ")
    term.paste("renewal at risk\nCFO wants [b]numbers[/b]\n\n  by Friday  \n")
    whole = "from the call: renewal at risk CFO wants [b]numbers[/b] by Friday"
    term.wait_until(lambda s: term.input_line(s) == whole, "every pasted line in the input")
    term.send_keys("Enter")
    wait_db(db, "SELECT text FROM notes", [(whole,)])
