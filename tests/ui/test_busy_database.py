"""Typing never waits for the database: another process holding the write lock only delays
the save, which happens, in order, once the lock is released."""

from __future__ import annotations

import sqlite3
import threading
import time

from ui_helpers import SMALL, make_app, settle_writes

from reviewtui.services.meeting import start_meeting
from reviewtui.services.workspace import Workspace
from reviewtui.store.db import BUSY_TIMEOUT_MS
from reviewtui.widgets.note_input import NoteInput

HOLD_LIMIT = 30.0  # the holder lets go when the test says so, or after this long


def _hold_write_lock(path: str, started: threading.Event, release: threading.Event) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    started.set()
    release.wait(HOLD_LIMIT)
    conn.execute("COMMIT")
    conn.close()


async def test_notes_typed_while_another_process_writes(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy")
    assert ws.db.path is not None
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        started, release = threading.Event(), threading.Event()
        holder = threading.Thread(target=_hold_write_lock, args=(str(ws.db.path), started, release))
        holder.start()
        assert started.wait(5)
        try:
            slowest = 0.0
            for key in [*"first", "enter", *"second", "enter", *"still typing"]:
                begin = time.perf_counter()
                await pilot.press(key)
                slowest = max(slowest, time.perf_counter() - begin)
            await pilot.pause()
            note_input = app.screen.query_one(NoteInput)
            # Every key echoed at once although nothing could be written (the lock is held
            # until this test lets go of it).
            assert note_input.value == "still typing"
            # Not a speed check (that is the benchmarks' job, and a loaded machine slows
            # every key): a key that waited on the lock would take SQLite's busy timeout.
            assert slowest < BUSY_TIMEOUT_MS / 1000 / 2, f"a key took {slowest:.2f} s"
            assert "Saving" in str(app.screen.query_one("#preview").render())
            saved = ws.db.query("SELECT count(*) AS n FROM notes")[0]["n"]
            assert saved == 0
        finally:
            release.set()
            holder.join()
        await settle_writes(pilot)
        texts = [r["text"] for r in ws.db.query("SELECT text FROM notes ORDER BY id")]
        assert texts == ["first", "second"]
        assert "saved" in str(app.screen.query_one("#preview").render())
