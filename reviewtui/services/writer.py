"""Saving what is typed without ever making the keyboard wait.

Notes, drafts and heartbeats are written by one background thread with a database connection
of its own, in the order they were typed. If another process holds the write lock, the writer
waits and retries (telling the screen so) and the input keeps taking keys meanwhile. Nothing
is reported saved before its transaction has committed.

An in-memory database cannot be shared between connections, so there the writes run in line.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reviewtui.services.workspace import Workspace
from reviewtui.store import open_database

RETRY_PAUSE = 0.25  # seconds between attempts while the database is locked elsewhere

Job = Callable[[Workspace], Any]
Done = Callable[[Any], None]
Waiting = Callable[[bool], None]


@dataclass
class _Task:
    job: Job
    done: Done | None
    # For `submit_and_wait`: whoever gets there first, under `lock`, takes the result.
    lock: threading.Lock = field(default_factory=threading.Lock)
    finished: threading.Event = field(default_factory=threading.Event)
    waited_for: bool = False
    result: Any = None


def _locked(error: BaseException) -> bool:
    text = str(error).lower()
    return isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


class Writer:
    """A single writer thread. `submit` returns at once; `done` gets the result or the error."""

    def __init__(self, ws: Workspace, on_waiting: Waiting | None = None) -> None:
        self._ws = ws
        self._on_waiting = on_waiting
        self._queue: queue.Queue[_Task | None] = queue.Queue()
        self._idle = threading.Event()
        self._idle.set()
        self._pending = 0
        self._lock = threading.Lock()
        self._own: Workspace | None = None
        self._thread: threading.Thread | None = None
        if ws.db.path is not None:
            self._own = Workspace(
                db=open_database(ws.db.path),
                clock=ws.clock,
                templates=ws.templates,
                problems=[],
                tz=ws.tz,
                settings=ws.settings,
            )
            self._thread = threading.Thread(target=self._run, name="reviewtui-writer", daemon=True)
            self._thread.start()

    @property
    def pending(self) -> int:
        with self._lock:
            return self._pending

    def submit(self, job: Job, done: Done | None = None) -> None:
        if self._own is None:
            self._finish(_Task(job, done), self._attempt(job, self._ws))
            return
        self._enqueue(_Task(job, done))

    def _enqueue(self, task: _Task) -> None:
        with self._lock:
            self._pending += 1
            self._idle.clear()
        self._queue.put(task)

    def submit_and_wait(self, job: Job, done: Done | None, wait: float) -> tuple[bool, Any]:
        """Submit `job` and wait up to `wait` seconds for it to be written.

        `(True, result)` if it was written in time: `done` is then not called. Otherwise
        `(False, None)` at once, and `done` gets the result once it is written. A commit takes
        well under a millisecond, so the caller can say "saved" in the same frame, and it
        never waits longer than `wait` when another process holds the database.
        """
        if self._own is None:
            return True, self._attempt(job, self._ws)
        task = _Task(job, done, waited_for=True)
        self._enqueue(task)
        task.finished.wait(wait)
        with task.lock:
            if task.finished.is_set():
                return True, task.result
            task.waited_for = False  # gave up waiting: the thread calls `done`
        return False, None

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until everything submitted so far is written; False if it timed out."""
        return self._idle.wait(timeout)

    def close(self, timeout: float = 5.0) -> None:
        if self._thread is not None:
            self.flush(timeout)
            self._queue.put(None)
            self._thread.join(timeout)
            self._thread = None
        if self._own is not None:
            self._own.db.close()
            self._own = None

    # -- the thread ----------------------------------------------------------------------

    @staticmethod
    def _attempt(job: Job, ws: Workspace) -> Any:
        try:
            return job(ws)
        except Exception as error:  # handed to the caller's callback, never lost
            return error

    def _run(self) -> None:
        assert self._own is not None
        while True:
            task = self._queue.get()
            if task is None:
                return
            waiting = False
            while True:
                result = self._attempt(task.job, self._own)
                if isinstance(result, BaseException) and _locked(result):
                    if not waiting and self._on_waiting is not None:
                        self._on_waiting(True)
                    waiting = True
                    time.sleep(RETRY_PAUSE)
                    continue
                break
            if waiting and self._on_waiting is not None:
                self._on_waiting(False)
            with task.lock:
                task.result = result
                task.finished.set()
                taken = task.waited_for
            if not taken:
                self._finish(task, result)
            del task, result  # the next wait must not keep the last job's callback alive
            with self._lock:
                self._pending -= 1
                if self._pending == 0:
                    self._idle.set()

    @staticmethod
    def _finish(task: _Task, result: Any) -> None:
        if task.done is not None:
            task.done(result)
