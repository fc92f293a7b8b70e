"""The one write path: every change handed over exactly once, faults typed and retried in order,
nothing queued ever dropped (the recovery file keeps it), and a replay that applies each once."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from reviewtui.services.changes import Change, operation
from reviewtui.services.database_location import recovery_path
from reviewtui.services.meeting import start_meeting
from reviewtui.services.recovery import Journal
from reviewtui.services.workspace import Workspace
from reviewtui.services.writer import Writer, WriterState

_gates: dict[str, threading.Event] = {}


@operation("test.count_people")
def _count_people(ws: Workspace) -> int:
    return len(ws.db.column("SELECT id FROM people"))


@operation("test.slow")
def _slow(ws: Workspace, *, gate: str, sleep: float = 0.0, value: Any = None) -> Any:
    if gate:
        _gates[gate].wait(5)
    time.sleep(sleep)
    return value


@operation("test.broken")
def _broken(ws: Workspace) -> None:
    raise ValueError("no such thing")


def _hold_write_lock(path: Path) -> tuple[sqlite3.Connection, None]:
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    return holder, None


def _notes(ws: Workspace) -> list[str]:
    return ws.db.column("SELECT text FROM notes ORDER BY id")


def test_a_quick_change_is_handed_back_to_the_caller(ws: Workspace) -> None:
    writer = Writer(ws)
    called: list[Any] = []
    try:
        written, result = writer.submit_and_wait(
            Change("test.count_people", {}), called.append, wait=5.0
        )
        assert written
        assert result == 0
        assert writer.flush(5)
        assert called == []  # the caller had it: the callback is not called as well
    finally:
        writer.close()


def test_a_slow_change_goes_to_the_callback_once_written(ws: Workspace) -> None:
    writer = Writer(ws)
    _gates["slow"] = threading.Event()
    called: list[Any] = []
    try:
        started = time.perf_counter()
        change = Change("test.slow", {"gate": "slow", "value": "written"})
        written, result = writer.submit_and_wait(change, called.append, wait=0.01)
        assert time.perf_counter() - started < 1.0  # gave up waiting; did not wait for it
        assert (written, result) == (False, None)
        assert called == []
        _gates["slow"].set()
        assert writer.flush(5)
        assert called == ["written"]
    finally:
        writer.close()


def test_every_result_is_handed_over_exactly_once_at_the_boundary(ws: Workspace) -> None:
    """Waits around the time a change takes, so that the two sides race for the result."""
    writer = Writer(ws)
    lock = threading.Lock()
    via_callback: list[int] = []
    via_caller: list[int] = []

    def done(result: int) -> None:
        with lock:
            via_callback.append(result)

    try:
        for number in range(300):
            change = Change(
                "test.slow", {"gate": "", "sleep": 0.0002 * (number % 5), "value": number}
            )
            written, result = writer.submit_and_wait(change, done, wait=0.0001 * (number % 7))
            if written:
                via_caller.append(result)
        assert writer.flush(10)
        assert sorted(via_caller + via_callback) == list(range(300))
        assert not set(via_caller) & set(via_callback)
        assert via_callback  # a wait of 0 never gets the result: the callback path ran
    finally:
        writer.close()


def test_errors_are_handed_over_not_raised_in_the_thread(ws: Workspace) -> None:
    writer = Writer(ws)
    try:
        written, result = writer.submit_and_wait(Change("test.broken", {}), None, wait=5.0)
        assert written
        assert isinstance(result, ValueError)
    finally:
        writer.close()


def test_an_in_memory_database_writes_in_line() -> None:
    from reviewtui.services.workspace import open_workspace

    memory = open_workspace(None)
    try:
        writer = Writer(memory)
        change = Change("test.count_people", {})
        assert writer.submit_and_wait(change, None, wait=0.0) == (True, 0)
        writer.close()
    finally:
        memory.close()


def test_a_long_read_gets_a_connection_of_its_own(ws: Workspace) -> None:
    """The health scan reads on its own connection: the app's is free meanwhile."""
    with ws.own_connection() as other:
        assert other.db is not ws.db and other.db.path == ws.db.path
        assert other.templates is ws.templates and other.clock is ws.clock
        with ws.db.write() as conn:  # the app's connection writes while the other is open
            conn.execute("INSERT INTO people (name, created_at) VALUES ('Ana Lima', '2026-11-26')")
        assert other.db.column("SELECT name FROM people") == ["Ana Lima"]
        inner = other.db
    assert ws.db.column("SELECT count(*) FROM people") == [1]
    try:
        inner.column("SELECT 1")
    except Exception as error:  # closed once the read is done
        assert "closed" in str(error).lower()
    else:
        raise AssertionError("the read's own connection was left open")


def test_an_in_memory_workspace_reads_on_its_only_connection() -> None:
    from reviewtui.services.workspace import open_workspace

    memory = open_workspace(None)
    try:
        with memory.own_connection() as same:
            assert same is memory
    finally:
        memory.close()


# -- faults ---------------------------------------------------------------------------------


def _writer(ws: Workspace, states: list[WriterState]) -> Writer:
    assert ws.db.path is not None
    return Writer(ws, on_state=states.append, journal=Journal(recovery_path(ws.db.path)))


def _wait_for(predicate: Any, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False


def test_a_busy_database_is_a_typed_fault_retried_in_order(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy")
    states: list[WriterState] = []
    writer = _writer(ws, states)
    assert ws.db.path is not None
    holder, _ = _hold_write_lock(ws.db.path)
    results: list[Any] = []
    try:
        for word in ["one", "two", "three"]:
            entry = session.notebook.understand(word)
            writer.submit(session.notebook.add(entry, session.current.id, None), results.append)
        assert _wait_for(lambda: bool(states))
        assert states[0].kind == "busy" and "busy" in states[0].message
        assert results == []  # nothing claimed saved while the lock is held
        # From the first fault on, everything queued is in the recovery file too.
        journaled, _ = Journal(recovery_path(ws.db.path)).read()
        assert [c.words for c in journaled] == ["one", "two", "three"]
    finally:
        holder.execute("COMMIT")
        holder.close()
    assert writer.flush(10)
    writer.close()
    assert _notes(ws) == ["one", "two", "three"]
    assert [type(r).__name__ for r in results] == ["Saved"] * 3
    assert states[-1].kind == "ok"
    assert not recovery_path(ws.db.path).exists()  # all written: the recovery file is gone


def test_a_full_disk_is_a_typed_fault_and_nothing_queued_is_lost(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy")
    states: list[WriterState] = []
    writer = _writer(ws, states)
    assert writer._own is not None  # the writer's own connection: where the disk "fills"
    conn = writer._own.db.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    words = [f"note {n} " + "x" * 3000 for n in range(4)]
    for word in words:
        writer.submit(
            session.notebook.add(session.notebook.understand(word), session.current.id, None)
        )
    assert _wait_for(lambda: any(s.kind == "full" for s in states))
    assert "full" in next(s for s in states if s.kind == "full").message
    # The app has to stop now: what could not be written is in the recovery file.
    left = writer.close(timeout=0.3)
    assert left, "the disk was full: something must have been left to keep"
    assert ws.db.path is not None
    kept, broken = Journal(recovery_path(ws.db.path)).read()
    assert broken == 0
    # What fitted before the disk filled is in the database, the rest in the recovery file.
    assert _notes(ws) + [c.words for c in kept] == words
    # The next start (room again) replays them, in order, once each.
    again = _writer(ws, [])
    assert again.resume_journal() == len(kept)
    assert again.flush(10)
    again.close()
    assert _notes(ws) == words
    assert not recovery_path(ws.db.path).exists()


def test_a_replay_interrupted_after_some_changes_applies_each_once(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy")
    assert ws.db.path is not None
    journal = Journal(recovery_path(ws.db.path))
    changes = [
        session.notebook.add(session.notebook.understand(f"word {n}"), session.current.id, None)
        for n in range(5)
    ]
    for change in changes:
        journal.append(change)
    first = _writer(ws, [])
    first.resume_journal()
    assert first.flush(10)
    first.close()
    # As if the file had not been removed (killed before the unlink): replay it again.
    for change in changes:
        journal.append(change)
    second = _writer(ws, [])
    assert second.resume_journal() == 5
    assert second.flush(10)
    second.close()
    assert _notes(ws) == [f"word {n}" for n in range(5)]


def test_a_torn_last_line_in_the_recovery_file_is_skipped(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy")
    assert ws.db.path is not None
    path = recovery_path(ws.db.path)
    journal = Journal(path)
    journal.append(
        session.notebook.add(session.notebook.understand("kept"), session.current.id, None)
    )
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"id": "x", "op": "note.ad')  # killed in the middle of a write
    changes, broken = journal.read()
    assert [c.words for c in changes] == ["kept"] and broken == 1


def test_drafts_queued_behind_a_lock_keep_the_latest_text(ws: Workspace) -> None:
    """Typing while notes are queued: the draft is never dropped, the newest one wins, and a
    draft is never merged across a note saved between two drafts."""
    session = start_meeting(ws, "strategy")
    writer = _writer(ws, [])
    assert ws.db.path is not None
    holder, _ = _hold_write_lock(ws.db.path)
    try:
        writer.submit(
            session.notebook.add(session.notebook.understand("saved"), session.current.id, None)
        )
        for text in ["d", "dr", "dra", "draft"]:
            writer.submit(session.clock.beat(text, (session.current.id, None)))
        writer.submit(session.clock.beat(None, (session.current.id, None)))
        assert writer.pending == 2  # the note, and one draft with the newest text
    finally:
        holder.execute("COMMIT")
        holder.close()
    assert writer.flush(10)
    writer.close()
    assert _notes(ws) == ["saved"]
    assert session.notebook.draft() == "draft"


def test_a_change_to_a_meeting_closed_elsewhere_is_refused_with_its_text(ws: Workspace) -> None:
    from reviewtui.services.changes import MeetingClosedError

    session = start_meeting(ws, "strategy")
    mine = type(session)(ws, session.id, lease="window-a")
    other = type(session)(ws, session.id, lease="window-b")
    for n in range(3):
        other.apply(other.closing.add_action(f"act {n}", "Ana", "fri"))
    other.apply(other.closing.close())
    with pytest.raises(MeetingClosedError):
        mine.apply(mine.notebook.add(mine.notebook.understand("too late"), mine.current.id, None))
    assert "too late" not in _notes(ws)


def test_a_window_whose_meeting_was_taken_over_writes_nothing(ws: Workspace) -> None:
    from reviewtui.services.changes import LeaseLostError

    session = start_meeting(ws, "strategy")
    first = type(session)(ws, session.id, lease="window-a")
    first.apply(first.clock.beat())
    second = type(session)(ws, session.id, lease="window-b")
    assert second.clock.held_elsewhere()
    with pytest.raises(LeaseLostError):
        second.apply(second.clock.beat())
    second.apply(
        Change(
            "meeting.claim",
            {
                "meeting_id": session.id,
                "owner": "window-b",
                "at": ws.clock.now().to_iso8601_string(),
            },
        )
    )
    with pytest.raises(LeaseLostError):
        first.apply(first.notebook.add(first.notebook.understand("mine"), first.current.id, None))
    second.apply(second.notebook.add(second.notebook.understand("theirs"), second.current.id, None))
    assert _notes(ws) == ["theirs"]


def test_a_command_writes_what_the_recovery_file_kept_before_it_reads(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    from reviewtui.cli import main

    session = start_meeting(ws, "strategy")
    assert ws.db.path is not None
    journal = Journal(recovery_path(ws.db.path))
    journal.append(
        session.notebook.add(
            session.notebook.understand("kept for later"), session.current.id, None
        )
    )
    assert main(["--db", str(ws.db.path), "export", str(session.id), "--format", "md"]) == 0
    out, err = capsys.readouterr()
    assert "kept for later" in out
    assert "1 unsaved change(s) from last time written" in err
    assert not journal.path.exists()
    assert _notes(ws) == ["kept for later"]


def test_a_command_that_writes_while_the_database_is_busy_says_so_in_one_line(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    from reviewtui.cli import main

    assert ws.db.path is not None
    holder, _ = _hold_write_lock(ws.db.path)
    try:
        with pytest.raises(SystemExit) as stopped:
            main(["--db", str(ws.db.path), "start", "strategy", "--no-app"])
    finally:
        holder.execute("COMMIT")
        holder.close()
    assert stopped.value.code == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "busy" in err and "Traceback" not in err
