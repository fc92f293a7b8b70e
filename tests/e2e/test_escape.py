"""Escape, then typing at once: the Escape acts and not one typed character is lost.

Terminals send Alt+h as ESC h, so an Escape that reaches the app together with the next key
looks like Alt+key. It does reach the app together: tmux (escape-time 500 ms by default) sends
Escape pressed just before a letter as ESC+letter itself, and over SSH, or while the app is
busy, both arrive in one read. The app must read it as Escape, then the letter: the help
closes and the letter starts the next note. These tests send exactly those bytes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from tmux import Tmux, query, wait_db

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

HELP = "Keys on this screen"


def open_meeting(term: Tmux, exe: Path, db: Path) -> None:
    term.start([str(exe), "--db", str(db), "start", "strategy", "--series", "Esc"])
    term.wait_for("Overall strategy", "Type a note")


def notes(db: Path) -> list[str]:
    return [row[0] for row in query(db, "SELECT text FROM notes ORDER BY id")]


def test_escape_and_letters_in_one_read_close_help_and_type(
    exe: Path, terminal: Callable[..., Tmux], tmp_path: Path
) -> None:
    db = tmp_path / "esc.db"
    term = terminal()
    open_meeting(term, exe, db)
    term.send_keys("F1")
    term.wait_for(HELP)
    term.send_keys("Escape", "hello", "Enter")  # one tmux call: ESC h e l l o CR in one write
    term.wait_gone(HELP)
    wait_db(db, "SELECT text FROM notes", [("hello",)])
    term.wait_for("Note     hello")


def test_escape_then_a_long_burst_types_no_stray_caret(
    exe: Path, terminal: Callable[..., Tmux], tmp_path: Path
) -> None:
    db = tmp_path / "esc.db"
    term = terminal()
    open_meeting(term, exe, db)
    long_note = "the budget owner changed and nobody told the account team"
    term.send_keys("F1")
    term.wait_for(HELP)
    term.send_keys("Escape", long_note, "Enter")
    term.wait_gone(HELP)
    wait_db(db, "SELECT text FROM notes", [(long_note,)])
    # In the input itself, Escape then typing keeps every character too.
    term.send_keys("Escape", "r: second", "Enter")
    wait_db(db, "SELECT kind, text FROM notes ORDER BY id DESC LIMIT 1", [("risk", "second")])
    assert notes(db) == [long_note, "second"]


def test_escape_through_a_tmux_client_with_default_escape_time(
    exe: Path, terminal: Callable[..., Tmux], tmp_path: Path
) -> None:
    """Keys typed into a tmux client, as a person in tmux types them (escape-time 500 ms)."""
    db = tmp_path / "esc.db"
    inner = terminal()
    open_meeting(inner, exe, db)
    outer = terminal()  # a terminal in which a tmux client is attached to the app's session
    outer.start([inner.exe, "-L", inner.socket, "attach-session", "-t", "e2e"])
    outer.wait_for("Overall strategy")

    outer.send_keys("F1")
    inner.wait_for(HELP)
    pressed = time.monotonic()
    outer.send_keys("Escape")  # alone: tmux waits its escape-time, the app its own delay
    inner.wait_gone(HELP, timeout=3)
    assert time.monotonic() - pressed < 1.5

    outer.send_keys("F1")
    inner.wait_for(HELP)
    outer.send_keys("Escape", "quick", "Enter")  # within escape-time: tmux sends M-q, ESC q
    inner.wait_gone(HELP)
    wait_db(db, "SELECT text FROM notes", [("quick",)])
    inner.wait_for("Note     quick")
