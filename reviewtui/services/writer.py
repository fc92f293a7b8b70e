"""The one write path: every change is queued here and written in the order it was made.

One background thread with a database connection of its own applies `Change`s, so typing
never waits for the disk. Nothing raises into the screens: a change's result, or the error
that refused it (a conflict, a closed meeting), goes to its callback. A database busy in
another program or a full disk are typed faults: the writer says so once (`on_state`), keeps
every change queued and retries them in order. From the first fault on, queued changes are
also appended to the recovery file next to the database, so that quitting, a hang-up or a
kill loses none of them: the next start replays them, once each.

An in-memory database cannot be shared between connections, so there the changes run in line.
"""

from __future__ import annotations

import collections
import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reviewtui.services.changes import Change, apply_change
from reviewtui.services.recovery import Journal
from reviewtui.services.workspace import Workspace
from reviewtui.store.db import open_another_connection
from reviewtui.store.faults import WriteFault, classify

RETRY_PAUSE = {"busy": 0.25, "full": 1.0}  # seconds between attempts, by fault
WRITER_BUSY_TIMEOUT_MS = 200  # short, so that a stop request is seen between attempts
# Changes kept as state, not history: a newer one replaces a queued one for the same meeting.
_STATE_OPS = ("meeting.beat", "draft.save")

Done = Callable[[Any], None]


@dataclass(frozen=True)
class WriterState:
    """What the writer is doing: "ok", "busy" or "full", with how many changes wait."""

    kind: str
    pending: int
    message: str = ""
    journal_failed: bool = False


@dataclass
class _Task:
    change: Change
    done: Done | None
    journaled: bool = False
    # For `submit_and_wait`: whoever gets there first, under `lock`, takes the result.
    lock: threading.Lock = field(default_factory=threading.Lock)
    finished: threading.Event = field(default_factory=threading.Event)
    waited_for: bool = False
    result: Any = None


class Writer:
    """A single writer thread. `submit` returns at once; `done` gets the result or the error."""

    def __init__(
        self,
        ws: Workspace,
        on_state: Callable[[WriterState], None] | None = None,
        journal: Journal | None = None,
    ) -> None:
        self._ws = ws
        self._on_state = on_state
        self.journal = journal
        self._tasks: collections.deque[_Task] = collections.deque()
        self._cond = threading.Condition()
        self._busy_task: _Task | None = None
        self._stopping = False
        self._fault: WriteFault | None = None
        self._journal_failed = False
        self._own: Workspace | None = None
        self._thread: threading.Thread | None = None
        if ws.db.path is not None:
            db = open_another_connection(ws.db.path)
            db.set_busy_timeout(WRITER_BUSY_TIMEOUT_MS)
            self._own = ws.on_connection(db)
            self._thread = threading.Thread(target=self._run, name="reviewtui-writer", daemon=True)
            self._thread.start()

    @property
    def pending(self) -> int:
        with self._cond:
            return len(self._tasks) + (self._busy_task is not None)

    @property
    def fault(self) -> WriteFault | None:
        return self._fault

    def submit(self, change: Change, done: Done | None = None) -> None:
        self._enqueue(_Task(change, done))

    def resume_journal(self, done: Done | None = None) -> int:
        """Queue the changes left in the recovery file by an earlier run, ahead of anything
        new; each is applied once (its id is recorded with it). Returns how many there were."""
        if self.journal is None:
            return 0
        changes, _broken = self.journal.to_replay()
        for change in changes:
            self._enqueue(_Task(change, done, journaled=True))
        if changes or _broken:
            self.journal.written = True  # cleared once they are all written
        return len(changes)

    def submit_and_wait(self, change: Change, done: Done | None, wait: float) -> tuple[bool, Any]:
        """Submit `change` and wait up to `wait` seconds for it to be written.

        `(True, result)` if it was written in time: `done` is then not called. Otherwise
        `(False, None)` at once, and `done` gets the result once it is written. A commit takes
        well under a millisecond, so the caller can say "saved" in the same frame, and it
        never waits longer than `wait` when another process holds the database.
        """
        task = _Task(change, done, waited_for=True)
        if not self._enqueue(task):
            return True, task.result
        task.finished.wait(wait)
        with task.lock:
            if task.finished.is_set():
                return True, task.result
            task.waited_for = False  # gave up waiting: the thread calls `done`
        return False, None

    def _enqueue(self, task: _Task) -> bool:
        """Queue a task; False when it was run in line (no thread) or was merged away."""
        if self._own is None:
            task.result = self._attempt(task)
            task.finished.set()
            if not task.waited_for:
                self._finish(task)
            return False
        with self._cond:
            if self._stopping:
                # Too late to write: straight to the recovery file.
                self._journal_task(task)
                task.result = WriteFault("the app is closing; kept in the recovery file")
                task.finished.set()
                return False
            if self._merge(task):
                return False
            if self._fault is not None:
                self._journal_task(task)
            self._tasks.append(task)
            self._cond.notify()
        return True

    def _merge(self, task: _Task) -> bool:
        """A heartbeat or draft replaces the one queued just before it (never across others:
        a note saved between two drafts clears the first)."""
        change = task.change
        if change.op not in _STATE_OPS or not self._tasks or task.waited_for:
            return False
        last = self._tasks[-1]
        if (
            last.change.op not in _STATE_OPS
            or last.change.meeting_id != change.meeting_id
            or last.waited_for
        ):
            return False
        if change.op == "meeting.beat" and change.args.get("draft") is None:
            return True  # the queued one beats as well
        if last.journaled:
            self._journal_task(task)
        self._tasks[-1] = task
        return True

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until everything submitted so far is written; False if it timed out."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._tasks or self._busy_task is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
        return True

    def close(self, timeout: float = 2.0) -> list[Change]:
        """Write what can be written within `timeout`, then stop. Returns the changes that
        could not be written; they are in the recovery file (if it could be written)."""
        if self._thread is None:
            self._close_db()
            return []
        self.flush(timeout)
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._thread.join(timeout + 1.0)
        with self._cond:
            left = list(self._tasks)
            self._tasks.clear()
            if self._busy_task is not None:  # the thread did not stop in time
                left.insert(0, self._busy_task)
        for task in left:
            self._journal_task(task)
        self._thread = None
        self._close_db()
        return [task.change for task in left]

    def _close_db(self) -> None:
        if self._own is not None:
            self._own.db.close()
            self._own = None

    # -- the thread ----------------------------------------------------------------------

    def _attempt(self, task: _Task) -> Any:
        ws = self._own or self._ws
        try:
            return apply_change(ws, task.change, journaled=task.journaled)
        except Exception as error:  # handed to the caller's callback, never raised
            return classify(error) or error

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._tasks and not self._stopping:
                    self._cond.wait()
                if self._stopping:
                    return
                task = self._tasks.popleft()
                self._busy_task = task
            result = self._attempt(task)
            while isinstance(result, WriteFault) and result.retry:
                self._set_fault(result)
                time.sleep(RETRY_PAUSE.get(result.kind, 1.0))
                with self._cond:
                    if self._stopping:
                        return  # `close` journals the task
                result = self._attempt(task)
            if self._fault is not None:
                self._clear_fault()
            with task.lock:
                task.result = result
                task.finished.set()
                taken = task.waited_for
            if not taken:
                self._finish(task)
            with self._cond:
                self._busy_task = None  # done, its callback called: `flush` may return
                if not self._tasks and self.journal is not None and self.journal.written:
                    self._clear_journal()
                self._cond.notify_all()
            del task, result  # the next wait must not keep the last change's callback alive

    def _set_fault(self, fault: WriteFault) -> None:
        with self._cond:
            first = self._fault is None or self._fault.kind != fault.kind
            self._fault = fault
            if self._busy_task is not None:
                self._journal_task(self._busy_task)
            for queued in self._tasks:
                self._journal_task(queued)
        if first:
            self._report()

    def _clear_fault(self) -> None:
        self._fault = None
        self._report()

    def _clear_journal(self) -> None:
        """Everything in the recovery file has been written to the database: it can go."""
        assert self.journal is not None
        # If it cannot go, it is replayed at the next start: once each, nothing applied twice.
        with contextlib.suppress(OSError):
            self.journal.clear()

    def _report(self) -> None:
        if self._on_state is None:
            return
        fault = self._fault
        state = WriterState(
            kind=fault.kind if fault else "ok",
            pending=self.pending,
            message=str(fault) if fault else "",
            journal_failed=self._journal_failed,
        )
        self._on_state(state)

    def _journal_task(self, task: _Task) -> None:
        """Append the task's change to the recovery file once (the caller holds the lock)."""
        if task.journaled or self.journal is None:
            return
        if task.change.op == "meeting.beat" and task.change.args.get("draft") is None:
            return  # a heartbeat alone is not worth keeping
        try:
            self.journal.append(task.change)
        except OSError:
            self._journal_failed = True
            return
        task.journaled = True

    @staticmethod
    def _finish(task: _Task) -> None:
        if task.done is not None:
            task.done(task.result)
