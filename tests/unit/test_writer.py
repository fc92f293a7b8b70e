"""The background writer: `submit_and_wait` hands each result over exactly once, either to the
caller in time or to the callback later, never both and never neither."""

from __future__ import annotations

import threading
import time
from typing import Any

from reviewtui.services.workspace import Workspace
from reviewtui.services.writer import Writer


def _count_people(ws: Workspace) -> int:
    return len(ws.db.column("SELECT id FROM people"))


def test_a_quick_job_is_handed_back_to_the_caller(ws: Workspace) -> None:
    writer = Writer(ws)
    called: list[Any] = []
    try:
        written, result = writer.submit_and_wait(_count_people, called.append, wait=5.0)
        assert written
        assert result == 0
        assert writer.flush(5)
        assert called == []  # the caller had it: the callback is not called as well
    finally:
        writer.close()


def test_a_slow_job_goes_to_the_callback_once_written(ws: Workspace) -> None:
    writer = Writer(ws)
    release = threading.Event()
    called: list[Any] = []

    def slow(inner: Workspace) -> str:
        release.wait(5)
        return "written"

    try:
        started = time.perf_counter()
        written, result = writer.submit_and_wait(slow, called.append, wait=0.01)
        assert time.perf_counter() - started < 1.0  # gave up waiting; did not wait for the job
        assert (written, result) == (False, None)
        assert called == []
        release.set()
        assert writer.flush(5)
        assert called == ["written"]
    finally:
        writer.close()


def test_every_result_is_handed_over_exactly_once_at_the_boundary(ws: Workspace) -> None:
    """Waits around the time a job takes, so that the two sides race for the result."""
    writer = Writer(ws)
    lock = threading.Lock()
    via_callback: list[int] = []
    via_caller: list[int] = []

    def job_for(number: int) -> Any:
        def job(inner: Workspace) -> int:
            time.sleep(0.0002 * (number % 5))
            return number

        return job

    def done(result: int) -> None:
        with lock:
            via_callback.append(result)

    try:
        for number in range(300):
            written, result = writer.submit_and_wait(
                job_for(number), done, wait=0.0001 * (number % 7)
            )
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

    def broken(inner: Workspace) -> None:
        raise ValueError("no such thing")

    try:
        written, result = writer.submit_and_wait(broken, None, wait=5.0)
        assert written
        assert isinstance(result, ValueError)
    finally:
        writer.close()


def test_an_in_memory_database_writes_in_line() -> None:
    from reviewtui.services.workspace import open_workspace

    memory = open_workspace(None)
    try:
        writer = Writer(memory)
        assert writer.submit_and_wait(_count_people, None, wait=0.0) == (True, 0)
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
