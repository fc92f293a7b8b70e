"""The queues of a meeting resumed on a queues section, evaluated while the app starts.

`reviewtui resume` knows the meeting before the terminal UI is even imported. When that
meeting stands on a queues section, its queues are evaluated at once in a thread of their own,
on a connection of their own: SQLite lets go of the interpreter while it reads, so they are
ready by the time the screen is built, and its first frame shows them. The screen takes them
only if they answer exactly its question (the same meeting, section, queues, scope and day);
otherwise, or when anything went wrong here, it evaluates them itself as it always does.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reviewtui.domain.models import AgendaItem, current_item
from reviewtui.domain.segment_fields import section_queue_ids
from reviewtui.services.workspace import Workspace
from reviewtui.store import meetings as meeting_store

if TYPE_CHECKING:
    from reviewtui.services.segments import SegmentQueue


@dataclass(frozen=True)
class QueueQuestion:
    """What a queues screen asks: these queues of this section, in this scope, on this day."""

    meeting_id: int
    item_id: int
    queue_ids: tuple[str, ...]
    scope: str | None
    as_of: dt.date

    @classmethod
    def of_section(
        cls, meeting_id: int, item: AgendaItem, scope: str | None, as_of: dt.date
    ) -> QueueQuestion:
        """The question of a queues section: the queues chosen for it, else the defaults."""
        return cls(meeting_id, item.id, tuple(section_queue_ids(item.segments)), scope, as_of)


class QueuePrefetch:
    """The queues of `meeting_id`'s current section, when it is a queues section, evaluated
    in a thread started here. Only a workspace on a database file is read from another
    thread: an in-memory database has the one connection, which the app uses."""

    def __init__(self, ws: Workspace, meeting_id: int) -> None:
        self._ws = ws
        self._meeting_id = meeting_id
        self._done = threading.Event()
        self._question: QueueQuestion | None = None
        self._queues: list[SegmentQueue] = []
        if ws.db.path is None:
            self._done.set()
            return
        threading.Thread(target=self._run, name="queues-prefetch", daemon=True).start()

    def _run(self) -> None:
        try:
            with self._ws.own_connection() as ws:
                question = _question(ws, self._meeting_id)
                if question is None:
                    return
                from reviewtui.services.segments import evaluate_segments

                self._queues = evaluate_segments(
                    ws, list(question.queue_ids), as_of=question.as_of, scope=question.scope
                )
                self._question = question
        except Exception:  # the screen evaluates them itself, and says what went wrong
            self._question = None
        finally:
            self._done.set()

    @property
    def ready(self) -> bool:
        return self._done.is_set()

    def queues_for(self, question: QueueQuestion, wait: bool = False) -> list[SegmentQueue] | None:
        """The queues evaluated here when they answer `question` (None otherwise, or when
        they are not ready and `wait` is false)."""
        if wait:
            self._done.wait()
        if not self._done.is_set() or self._question != question:
            return None
        return list(self._queues)


def _question(ws: Workspace, meeting_id: int) -> QueueQuestion | None:
    """What the screen of the meeting's current section will ask, if it shows queues."""
    meeting = meeting_store.get_meeting(ws.db, meeting_id)
    if meeting is None:
        return None
    item = current_item(meeting_store.agenda(ws.db, meeting_id), meeting.current_item_id)
    if item is None or item.kind != "queues":
        return None
    return QueueQuestion.of_section(meeting_id, item, meeting.scope, ws.clock.today())
