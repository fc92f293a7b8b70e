"""A dropped link (SIGHUP) or a polite stop (SIGTERM): the app saves the draft and exits.

The half-typed note is written by the signal handler itself: the test types the last words
of the draft after the once-a-second save has stored its beginning and signals at once, so in
nearly every run only the handler can have saved the whole text.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from pathlib import Path

import pytest
from tmux import Tmux, integrity, kill, query, read_clocks, wait_db, wait_exit

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

DRAFT_START = "half a thought about the renewal"
DRAFT_END = " and the [red]pricing[/red] 定价"


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_signal_keeps_draft_and_meeting_live(
    exe: Path, terminal: Callable[..., Tmux], tmp_path: Path, sig: signal.Signals
) -> None:
    db = tmp_path / "meeting.db"
    term = terminal(width=80, height=24)
    term.shell()
    term.run_in_shell([exe, "--db", db, "start", "strategy", "--series", "Acme"])
    term.wait_for("Overall strategy", "Type a note")
    for text in ("first point", "r: churn risk at Q2"):
        term.send_text(text)
        term.send_keys("Enter")
    term.wait_for("first point", "churn risk at Q2")

    term.send_text(DRAFT_START)
    wait_db(db, "SELECT text FROM drafts", [(DRAFT_START,)])
    term.send_text(DRAFT_END)
    screen = term.wait_until(lambda s: "定价" in term.input_line(s), "the end of the draft")
    before = read_clocks(screen)
    pid = term.app_pid()
    kill(pid, sig)
    wait_exit(pid, timeout=5)

    assert query(db, "SELECT text FROM drafts") == [(DRAFT_START + DRAFT_END,)]
    assert query(db, "SELECT status FROM meetings") == [("live",)]
    assert [r[0] for r in query(db, "SELECT text FROM notes ORDER BY id")] == [
        "first point",
        "churn risk at Q2",
    ]
    assert integrity(db) == "ok"
    # The terminal was given back: the shell shows a fresh prompt on the normal screen.
    term.wait_until(lambda s: any(line == "$" for line in s.splitlines()), "a fresh prompt")

    term.run_in_shell([exe, "--db", db, "resume"])
    screen = term.wait_until(
        lambda s: (
            "Overall strategy" in s
            and "定价" in term.input_line(s)
            and "first point" in s
            and "churn risk at Q2" in s
        ),
        "the resumed notes and draft",
    )
    assert term.input_line(screen) == DRAFT_START + DRAFT_END
    after = read_clocks(screen)
    assert abs(after.section - before.section) <= 2, (before, after)


@pytest.mark.parametrize("attempt", [1, 2, 3])
def test_terminal_closed_while_drawing(
    exe: Path, terminal: Callable[..., Tmux], tmp_path: Path, attempt: int
) -> None:
    """The terminal vanishes while the app is redrawing: it exits at once, nothing is lost."""
    db = tmp_path / "gone.db"
    term = terminal()
    term.start([str(exe), "--db", str(db), "start", "strategy", "--series", "Gone"])
    term.wait_for("Overall strategy", "Type a note")
    pid = term.app_pid()
    term.send_text("saved before the hangup")
    term.send_keys("Enter")
    term.wait_for("Note     saved before the hangup")
    typing = "typing while the link drops"
    term.send_keys("F1", "Escape", "F2", "F2", typing)  # each key redraws part of the screen
    term.kill()  # the terminal closes: output fails, input ends, SIGHUP
    wait_exit(pid, timeout=10)

    assert integrity(db) == "ok"
    assert query(db, "SELECT text FROM notes") == [("saved before the hangup",)]
    assert query(db, "SELECT status FROM meetings") == [("live",)]
    draft = query(db, "SELECT text FROM drafts")
    assert draft == [] or typing.startswith(draft[0][0]), draft
