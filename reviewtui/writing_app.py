"""The app's side of the one write path: the writer thread, the recovery file it replays at
start, and the callbacks that bring each change's result back onto the app's loop.

Every screen writes through `write` (or `write_soon`, for Enter); nothing here raises into a
screen, and nothing queued is dropped: what cannot be written before the app stops is in the
recovery file, or, when not even that could be written, in `unsaved_at_exit` for the exit
message.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from reviewtui.domain.text import one_line
from reviewtui.services.changes import Change
from reviewtui.services.recovery import Journal
from reviewtui.services.workspace import Workspace
from reviewtui.services.writer import Writer, WriterState
from reviewtui.type_ahead import TypeAhead

if TYPE_CHECKING:
    from reviewtui.services.meeting import MeetingSession

# Seconds Enter waits for its note's commit (half a frame) before it says "Saving…" instead.
SAVE_WAIT = 0.008


class WritingApp(TypeAhead):
    """An App whose every change goes through one writer thread."""

    ws: Workspace

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.writer: Writer | None = None
        self._writer_loop: asyncio.AbstractEventLoop | None = None
        self._callback_context: contextvars.Context | None = None
        self._state_notice: str = ""
        self.unsaved_at_exit: list[Change] = []

    def _beat_done(self, result: object) -> None:
        """Hook: a heartbeat was written, or refused (the meeting was taken over or closed)."""

    def start_writer(self) -> None:
        """Start the writer and queue what the recovery file kept from an earlier run."""
        self._writer_loop = asyncio.get_running_loop()
        # Callbacks from the writer thread run in the app's context (its active app and
        # screen), as if they were the app's own messages.
        self._callback_context = contextvars.copy_context()
        recovery_file = self.ws.location.recovery_file
        journal = Journal(recovery_file) if recovery_file is not None else None
        self.writer = Writer(
            self.ws,
            on_state=lambda state: self._later(self._writer_state, state),
            journal=journal,
        )
        recovered = self.writer.resume_journal(lambda result: self._later(self._recovered, result))
        if recovered:
            self.writer.flush(1.0)  # the meeting opens with what was recovered, if it can
            waiting = " (waiting for the database)" if self.writer.pending else ""
            self.notify(
                f"Recovered {recovered} unsaved change(s) from last time{waiting}.",
                timeout=6,
                markup=False,
            )

    def _recovered(self, result: object) -> None:
        if isinstance(result, BaseException):
            self.notify(
                f"A change from the recovery file could not be applied: {one_line(str(result))}",
                severity="warning",
                markup=False,
            )

    def stop_writer(self, timeout: float = 2.0) -> None:
        """Write what can be written in `timeout`; the rest goes to the recovery file."""
        if self.writer is None:
            return
        writer, self.writer = self.writer, None
        left = writer.close(timeout)
        # Only typed text that is in neither place is said at exit: a heartbeat without a
        # draft is never kept in the recovery file, and is no reason to call notes unsaved.
        kept = self._journaled_ids(writer) if left else set()
        self.unsaved_at_exit = [c for c in left if c.words and c.id not in kept]

    @staticmethod
    def _journaled_ids(writer: Writer) -> set[str]:
        journal = writer.journal
        if journal is None:
            return set()
        return {c.id for c in journal.read()[0]}

    def _later(self, callback: Callable[..., None], *args: object) -> None:
        """Run `callback` on the app's loop, from any thread; dropped once the app has gone."""
        loop = self._writer_loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(callback, *args, context=self._callback_context)

    def write(self, change: Change | None, done: Callable[[Any], None] | None = None) -> None:
        """Queue a change on the writer; `done` runs on the app's loop with its result (or
        the error that refused it). Never raises, never drops the change."""
        if change is None:
            return
        if self.writer is None:
            self.unsaved_at_exit.append(change)
            return
        callback = None if done is None else (lambda result: self._later(done, result))
        self.writer.submit(change, callback)

    def write_soon(
        self, change: Change, done: Callable[[Any], None], wait: float = SAVE_WAIT
    ) -> None:
        """Like `write`, but when the commit is done within `wait` seconds, `done` runs at once,
        so Enter and "saved" land in the same frame; otherwise it runs once written."""
        if self.writer is None:
            self.write(change, done)
            return
        written, result = self.writer.submit_and_wait(
            change, lambda result: self._later(done, result), wait
        )
        if written:
            done(result)

    def flush_writes(self, timeout: float = 5.0) -> None:
        if self.writer is not None:
            self.writer.flush(timeout)

    def persist_tick(
        self,
        session: MeetingSession,
        draft: str | None,
        place: tuple[int, int | None],
        kind: str,
    ) -> None:
        """The heartbeat, the lease and the draft (with the kind picked for it); a newer one
        replaces one still queued."""
        self.write(session.clock.beat(draft, place, kind), self._beat_done)

    def _writer_state(self, state: WriterState) -> None:
        """The database is busy or full, or free again: said once, in one line."""
        if state.kind == "ok":
            if self._state_notice:
                self._state_notice = ""
                self.notify("Saved: everything queued is in the database.", timeout=3)
            return
        what = "busy (another program is writing)" if state.kind == "busy" else "full"
        text = f"Database {what}: changes queued, saved in order when it can take them."
        if state.journal_failed:
            text += " The recovery file cannot be written either."
        if text != self._state_notice:
            self._state_notice = text
            self.notify(text, title="Not saved yet", severity="warning", timeout=8, markup=False)

    def unwritten_draft(self, meeting_id: int) -> tuple[str, str | None] | None:
        """The meeting's latest draft in the recovery file while the writer has not replayed
        it yet, and the kind picked for it (None, as an older version wrote it: a note); None
        when there is none (or everything is written)."""
        writer = self.writer
        if writer is None or writer.journal is None or not writer.pending:
            return None
        draft: tuple[str, str | None] | None = None
        for change in writer.journal.read()[0]:
            args = change.args
            if args.get("meeting_id", change.meeting_id) != meeting_id:
                continue
            if change.op == "meeting.beat" and isinstance(args.get("draft"), str):
                draft = (args["draft"], args.get("draft_kind"))
            elif change.op == "draft.save" and isinstance(args.get("text"), str):
                draft = (args["text"], args.get("kind"))
            elif change.op == "note.add" and not args.get("keep_draft"):
                draft = ("", None)  # saving a note clears the draft
        return draft
