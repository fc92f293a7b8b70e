"""What the screens use of the app they run in, as a protocol: screens never import the app.

`ReviewApp` provides all of it (mypy checks that in `reviewtui/app/review_app.py`); a screen
reaches it with `host(self)`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    # Types only: the start screen imports this before any meeting's modules are needed.
    from textual.dom import DOMNode

    from reviewtui.services.changes import Change
    from reviewtui.services.meeting import MeetingSession
    from reviewtui.services.queue_prefetch import QueuePrefetch
    from reviewtui.services.search import SearchHit
    from reviewtui.services.workspace import Workspace
    from reviewtui.services.writer import Writer

Done = Callable[[Any], None]


class ReviewHost(Protocol):
    """The app as the screens see it: the one write path and the moves between meetings."""

    writer: Writer | None
    ws: Workspace
    session: MeetingSession | None

    def write(self, change: Change | None, done: Done | None = None) -> None: ...

    def write_soon(self, change: Change, done: Done, wait: float = ...) -> None: ...

    def flush_writes(self, timeout: float = ...) -> None: ...

    def persist_tick(
        self,
        session: MeetingSession,
        draft: str | None,
        place: tuple[int, int | None],
        kind: str,
    ) -> None: ...

    def bounce(self, text: str, error: BaseException) -> None: ...

    def hold_keys_until(self) -> None: ...

    def release_keys(self) -> None: ...

    def screen_loaded(self) -> None: ...

    def take_prefetched_queues(self) -> QueuePrefetch | None: ...

    def ask_new_meeting(self, template_id: str) -> None: ...

    def open_meeting(self, meeting_id: int) -> bool: ...

    def show_current(self, session: MeetingSession, push: bool = False) -> None: ...

    def show_minutes(
        self, session: MeetingSession, text: str, path: Path | None = None
    ) -> None: ...

    def minutes_written(self, result: object) -> None: ...

    def show_past_minutes(self, meeting_id: int, hit: SearchHit | None = None) -> None: ...

    def search_meeting(self, session: MeetingSession) -> None: ...


def host(node: DOMNode) -> ReviewHost:
    """The app `node` runs in, as a `ReviewHost`."""
    return cast(ReviewHost, node.app)
