"""500 notes typed as fast as tmux can deliver them, and kill -9 halfway through.

Whatever the app had shown as saved must be in the database; what is in the database must be
whole notes, in order, each once: never two notes run together, never a note split or saved
twice, never a gap. The file must pass SQLite's integrity check.
"""

from __future__ import annotations

import re
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from tmux import POLL, Tmux, integrity, kill, query, wait_exit

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

TOTAL = 500
KILL_AFTER = 250
CHUNK = 25
MIDWAY = 100
SHOWN = re.compile(r"^ Note +(note \d{3})\s*$", re.MULTILINE)


def wait_until_count(db: Path, count: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while query(db, "SELECT count(*) FROM notes")[0][0] < count:
        assert time.monotonic() < deadline, f"fewer than {count} notes saved in {timeout}s"
        time.sleep(POLL)


def test_burst_of_notes_survives_kill_9(
    exe: Path, terminal: Callable[..., Tmux], tmp_path: Path
) -> None:
    db = tmp_path / "burst.db"
    term = terminal(width=80, height=40)
    term.start([str(exe), "--db", str(db), "start", "strategy", "--series", "Burst"])
    term.wait_for("Overall strategy", "Type a note")
    pid = term.app_pid()

    notes = [f"note {n:03d}" for n in range(1, TOTAL + 1)]
    term.send_lines(notes[:CHUNK])
    term.wait_until(lambda s: SHOWN.search(s), "a first saved note on screen")
    for start in range(CHUNK, KILL_AFTER, CHUNK):
        term.send_lines(notes[start : start + CHUNK])
    # Kill while the app is still working through the backlog: once it is well into it (the
    # screen lags behind: Textual repaints when the keys stop coming).
    wait_until_count(db, MIDWAY)
    screen = term.capture()
    kill(pid, signal.SIGKILL)
    wait_exit(pid)
    for start in range(KILL_AFTER, TOTAL, CHUNK):  # the rest goes nowhere; the pane is dead
        term.send_lines(notes[start : start + CHUNK])

    assert integrity(db) == "ok"
    saved = [row[0] for row in query(db, "SELECT text FROM notes ORDER BY id")]
    shown = SHOWN.findall(screen)
    assert shown, screen
    assert set(shown) <= set(saved), f"shown but not saved: {set(shown) - set(saved)}"
    # Whole notes only, each once, in the order typed, with no gap: exactly a prefix.
    assert all(re.fullmatch(r"note \d{3}", text) for text in saved), saved
    assert len(set(saved)) == len(saved)
    assert saved == notes[: len(saved)]
    assert len(saved) <= KILL_AFTER
    # A half-typed note, if the tick caught one, is the start of the next note, nothing else.
    drafts = query(db, "SELECT text FROM drafts")
    if drafts and drafts[0][0]:
        following = notes[len(saved)] if len(saved) < TOTAL else ""
        assert following.startswith(drafts[0][0]), drafts
    print(f"saved {len(saved)} of {KILL_AFTER} sent before the kill; screen showed {shown[-1]}")
