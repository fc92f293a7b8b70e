"""The acceptance test: kill -9 the app mid-meeting; `reviewtui resume` loses nothing.

In a real terminal (tmux, 80x24) a facilitator starts a meeting, takes three notes and an
action, starts typing a fourth note and the process is killed outright. Resuming in the same
terminal must bring back every saved note, the half-typed text in the input, and the clocks
where they stood: the time the app was dead is not meeting time.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from tmux import Tmux, integrity, kill, query, read_clocks, wait_db, wait_exit

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

NOTES = [
    "Budget pacing is 8% under plan",
    "d: keep the search test running to month end",
    "r: sponsor [bold]moves[/bold] to EMEA in Q1",
]
ACTION = "a: send the deck @Ana fri"
DRAFT = "draft: the client hinted at a new chan"
OUTAGE = 3.0  # seconds the app stays dead: long enough that counting it would show


def test_kill_9_then_resume_restores_notes_draft_and_clocks(
    exe: Path, terminal: Callable[..., Tmux], tmp_path: Path
) -> None:
    db = tmp_path / "meeting.db"
    term = terminal(width=80, height=24)
    term.shell()
    term.run_in_shell(
        [exe, "--db", db, "start", "strategy", "--series", "Acme", "--attendee", "Ana:strategist"]
    )
    term.wait_for("Overall strategy", "Section ", "Type a note")

    shown = [
        "Budget pacing is 8% under plan",
        "keep the search test running to month end",
        "sponsor [bold]moves[/bold] to EMEA in Q1",
        "send the deck",
    ]
    for typed, visible in zip([*NOTES, ACTION], shown, strict=True):
        term.send_text(typed)
        term.send_keys("Enter")
        term.wait_for(visible)
    term.wait_for("→ Ana")

    term.send_text(DRAFT)  # no Enter: this is the half-typed note
    term.wait_until(lambda s: DRAFT in term.input_line(s), "the draft in the input")
    wait_db(db, "SELECT text FROM drafts", [(DRAFT,)], timeout=5.0)  # the once-a-second save

    pid = term.app_pid()
    before = read_clocks(term.capture())
    kill(pid, signal.SIGKILL)
    killed_at = time.monotonic()
    wait_exit(pid)

    # While it is down: the file is sound and holds every note that was shown as saved.
    assert integrity(db) == "ok"
    kinds = query(db, "SELECT kind, text FROM notes WHERE deleted_at IS NULL ORDER BY id")
    assert kinds == [
        ("note", "Budget pacing is 8% under plan"),
        ("decision", "keep the search test running to month end"),
        ("risk", "sponsor [bold]moves[/bold] to EMEA in Q1"),
        ("action", "send the deck"),
    ]
    assert query(db, "SELECT title, owner FROM actions") == [("send the deck", "Ana")]
    assert query(db, "SELECT status FROM meetings") == [("live",)]
    time.sleep(max(0.0, OUTAGE - (time.monotonic() - killed_at)))  # the outage itself

    term.run_in_shell([exe, "--db", db, "resume"])
    screen = term.wait_until(
        lambda s: (
            "Overall strategy" in s
            and DRAFT in term.input_line(s)
            and all(visible in s for visible in [*shown, "→ Ana"])
        ),
        "the resumed section: every note, and the draft in the input",
    )
    after = read_clocks(screen)
    assert abs(after.section - before.section) <= 2, (before, after)
    assert abs(after.meeting - before.meeting) <= 2, (before, after)

    # The resumed meeting takes notes as before, and the draft was not saved twice.
    term.send_keys("Enter")
    term.wait_for("Note     " + DRAFT)
    rows = query(db, "SELECT text FROM notes ORDER BY id")
    assert [r[0] for r in rows].count(DRAFT) == 1
    assert integrity(db) == "ok"
