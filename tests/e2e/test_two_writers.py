"""Two windows on one live meeting: the second is told and takes over only when asked, the
first then saves nothing more; nothing is lost, doubled or overwritten, while `reviewtui
export` reads the meeting again and again from a third process. Then an edit conflict: an
action changed by another handle after the app read it is refused with a clear message, and
the other change kept.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input
from tmux import Tmux, query, wait_db

from reviewtui.app import ReviewApp
from reviewtui.domain.clock import ManualClock
from reviewtui.screens.action_form import ActionForm
from reviewtui.screens.wrapup import WrapupScreen
from reviewtui.services.meeting import start_meeting
from reviewtui.services.workspace import Workspace, open_workspace
from reviewtui.store import actions as action_store

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PER_WRITER = 20
BAD = ("database is locked", "Traceback", "OperationalError", "Error:")


def _export_loop(
    exe: Path, db: Path, meeting: str, stop: threading.Event, runs: list[tuple[int, str, str]]
) -> None:
    while not stop.is_set():
        done = subprocess.run(
            [str(exe), "--db", str(db), "export", meeting, "--format", "json"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        runs.append((done.returncode, done.stdout, done.stderr))


def test_a_second_window_takes_over_while_exports_read_the_meeting(
    exe: Path, terminal: Callable[..., Tmux], tmp_path: Path
) -> None:
    """One live facilitator per meeting: the second window is told, and takes over only when
    asked to; the first then saves nothing more, and keeps what is typed in it on screen."""
    db = tmp_path / "two.db"
    created = subprocess.run(
        [str(exe), "--db", str(db), "start", "strategy", "--series", "Two", "--no-app"],
        check=True,
        capture_output=True,
        text=True,
        timeout=30,
    )
    meeting = created.stdout.strip()
    first, second = terminal(width=80, height=24), terminal(width=80, height=24)
    first.start([str(exe), "--db", str(db), "resume", meeting])
    first.wait_for("Overall strategy", "Type a note")
    first.send_lines(["alpha before"])
    first.wait_for("alpha before")
    second.start([str(exe), "--db", str(db), "resume", meeting])
    second.wait_for("open in another window")
    second.send_keys("y")
    second.wait_for("Overall strategy", "Type a note")

    stop = threading.Event()
    runs: list[tuple[int, str, str]] = []
    exporter = threading.Thread(target=_export_loop, args=(exe, db, meeting, stop, runs))
    exporter.start()
    try:
        for i in range(PER_WRITER):
            second.send_lines([f"beta {i:02d}"])
            if i % 5 == 4:  # now and then, let the screen catch up, and an export run
                second.wait_for(f"beta {i:02d}")
                exports = len(runs)
                deadline = time.monotonic() + 10
                while len(runs) == exports and time.monotonic() < deadline:
                    time.sleep(0.05)
        wait_db(
            db,
            "SELECT count(*) FROM notes WHERE meeting_id = ?",
            [(PER_WRITER + 1,)],
            timeout=10,
            params=[int(meeting)],
        )
        # The first window lost the meeting: its note is refused, visibly, and kept.
        first.send_lines(["alpha after"])
        screen = first.wait_for("Not saved", "alpha after")
        assert "another window" in screen
    finally:
        stop.set()
        exporter.join(timeout=30)

    typed = sorted(["alpha before"] + [f"beta {i:02d}" for i in range(PER_WRITER)])
    stored = sorted(row[0] for row in query(db, "SELECT text FROM notes"))
    assert stored == typed  # every note once: none lost, none doubled, none after the loss

    for term in (first, second):
        screen = term.capture()
        assert not term.pane_dead(), screen
        assert not any(bad in screen for bad in BAD), screen

    assert len(runs) >= 4, "the exports did not run alongside the typing"
    for code, out, err in runs:
        assert code == 0 and not any(bad in err for bad in BAD), err
        assert isinstance(json.loads(out), dict | list)  # every export is whole, valid JSON
    print(f"{len(runs)} exports ran while {PER_WRITER} notes were typed")


async def test_stale_wrapup_edit_is_refused_and_the_other_change_kept(
    ws: Workspace, clock: ManualClock, tmp_path: Path
) -> None:
    session = start_meeting(ws, "scrum", series="Conflict")
    saved = session.apply(session.closing.add_action("send the deck", "Ana", "fri"))
    assert saved.action is not None
    action_id = saved.action.id

    app = ReviewApp(ws, meeting_id=session.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f3")  # straight to the wrap-up
        await pilot.pause()
        assert isinstance(app.screen, WrapupScreen)
        await pilot.press("e")  # the app has read the action (version 1) for its form
        await pilot.pause()
        assert isinstance(app.screen, ActionForm)

        # Meanwhile another app on the same file changes it.
        other = open_workspace(tmp_path / "test.db", clock=clock, config=tmp_path / "config")
        try:
            current = action_store.get_action(other.db, action_id)
            assert current is not None
            action_store.update_action(
                other.db,
                action_id,
                expected_version=current.version,
                at=clock.now(),
                title="send the signed deck",
            )
        finally:
            other.close()

        title = app.screen.query_one("#title", Input)
        title.value = "send the old deck"
        notes: list[str] = []
        original = app.notify

        def record(message: str, *args: object, **kwargs: object) -> None:
            notes.append(str(message))
            original(message, *args, **kwargs)  # type: ignore[arg-type]

        app.notify = record  # type: ignore[method-assign]
        for _ in range(3):  # Enter through title, owner, due: the last one saves
            await pilot.press("enter")
            await pilot.pause()
        await pilot.pause()

        assert any("changed elsewhere" in n for n in notes), notes
        assert isinstance(app.screen, WrapupScreen)  # back on the wrap-up, still running

    rows = query(
        tmp_path / "test.db", "SELECT title, version FROM actions WHERE id = ?", [action_id]
    )
    assert rows == [("send the signed deck", 2)]
