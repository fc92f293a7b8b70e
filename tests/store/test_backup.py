"""Backups that hold everything: `reviewtui backup FILE` while another connection writes, and
the write-ahead log folded into the database file when a meeting closes and when the app
quits, even with another connection still open."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

from meeting_notes import add_note

from reviewtui.app import ReviewApp
from reviewtui.domain.clock import ManualClock
from reviewtui.services.meeting import start_meeting
from reviewtui.services.workspace import Workspace, open_workspace


def cli(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reviewtui", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        cwd=cwd,
        env=dict(os.environ),
    )


def count_notes(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM notes").fetchone()[0])
    finally:
        conn.close()


def wal_size(db: Path) -> int:
    wal = Path(f"{db}-wal")
    return wal.stat().st_size if wal.exists() else 0


def test_backup_while_another_connection_keeps_writing(tmp_path: Path) -> None:
    db = tmp_path / "reviews.db"
    writer_ws = open_workspace(db, clock=ManualClock("2026-11-26T14:00:00Z"))
    session = start_meeting(writer_ws, "scrum")
    add_note(session, "the first note")
    stop = threading.Event()
    written = [0]
    errors: list[BaseException] = []

    def keep_writing() -> None:
        try:
            while not stop.is_set():
                add_note(session, f"note {written[0]}")
                written[0] += 1
        except BaseException as error:  # reported by the test below
            errors.append(error)

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        while written[0] < 20:
            stop.wait(0.01)
        copies = [tmp_path / f"copy{n}.db" for n in range(3)]
        for copy in copies:
            result = cli("--db", str(db), "backup", str(copy), cwd=tmp_path)
            assert result.returncode == 0, result.stderr
    finally:
        stop.set()
        thread.join()
        writer_ws.close()
    assert not errors
    for copy in copies:
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
        assert not Path(f"{copy}-wal").exists()
        conn = sqlite3.connect(copy)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        finally:
            conn.close()
        assert 1 <= count_notes(copy) <= count_notes(db)
    assert count_notes(copies[-1]) > 1


def test_backup_never_overwrites(tmp_path: Path) -> None:
    db = tmp_path / "reviews.db"
    open_workspace(db).close()
    existing = tmp_path / "existing.db"
    existing.write_text("mine", encoding="utf-8")
    for target, says in ((existing, "already exists"), (db, "the database itself")):
        result = cli("--db", str(db), "backup", str(target), cwd=tmp_path)
        assert result.returncode == 1
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and says in lines[0] and str(target) in lines[0]
        assert "Traceback" not in result.stderr
    assert existing.read_text(encoding="utf-8") == "mine"
    missing_dir = cli("--db", str(db), "backup", str(tmp_path / "no" / "x.db"), cwd=tmp_path)
    assert missing_dir.returncode == 1 and len(missing_dir.stderr.splitlines()) == 1


def test_closing_a_meeting_folds_the_log_into_the_file(ws: Workspace) -> None:
    assert ws.db.path is not None
    reader = sqlite3.connect(ws.db.path)
    try:
        reader.execute("SELECT count(*) FROM meetings").fetchone()
        session = start_meeting(ws, "scrum")
        add_note(session, "a note")
        assert wal_size(ws.db.path) > 0
        session.apply(session.closing.close(override_reason="backup test"))
        assert wal_size(ws.db.path) == 0
    finally:
        reader.close()


async def test_quitting_the_app_folds_the_log_into_the_file(ws: Workspace) -> None:
    assert ws.db.path is not None
    session = start_meeting(ws, "scrum")
    add_note(session, "before the app")
    reader = sqlite3.connect(ws.db.path)
    try:
        reader.execute("SELECT count(*) FROM notes").fetchone()
        app = ReviewApp(ws, meeting_id=session.id)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.flush_writes()
            assert wal_size(ws.db.path) > 0
            await pilot.press("f10")
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
        assert wal_size(ws.db.path) == 0
        # The file alone, copied as a plain file, holds everything written.
        copy = ws.db.path.with_name("plain-copy.db")
        copy.write_bytes(ws.db.path.read_bytes())
        assert count_notes(copy) == count_notes(ws.db.path) >= 1
    finally:
        reader.close()
