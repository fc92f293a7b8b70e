"""Every change to the record as data: a named operation with plain arguments.

A `Change` can be queued, retried, written to the recovery file and replayed at the next start
exactly once, because it says what to do rather than holding code. The operations themselves
are registered in `reviewtui.services.operations`; `apply_change` runs one in its own write
transaction. This is the one way the program changes a meeting's record.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reviewtui.domain.models import MeetingStatus
from reviewtui.services.workspace import Workspace
from reviewtui.store import live as live_store

Operation = Callable[..., Any]

_OPERATIONS: dict[str, Operation] = {}
# Operations that may still be applied once their meeting is closed (writing its minutes).
_AFTER_CLOSE: set[str] = set()


class MeetingClosedError(ValueError):
    """The meeting was closed (here or in another window): nothing more is written to it."""


class LeaseLostError(ValueError):
    """Another window took this live meeting over; this one only reads it now."""


def lease_owner() -> str:
    """A new window's claim on the meetings it runs (this machine, this process, a token)."""
    return live_store.owner_id(uuid.uuid4().hex)


def operation(name: str, *, after_close: bool = False) -> Callable[[Operation], Operation]:
    """Register `fn(ws, **args)` as the operation `name`."""

    def register(fn: Operation) -> Operation:
        if name in _OPERATIONS:
            raise ValueError(f"operation {name!r} registered twice")
        _OPERATIONS[name] = fn
        if after_close:
            _AFTER_CLOSE.add(name)
        return fn

    return register


@dataclass
class Change:
    """One change to the record. `args` holds only JSON values (dates as ISO text)."""

    op: str
    args: dict[str, Any]
    meeting_id: int | None = None
    lease: str | None = None  # the window that asked for it, checked against the meeting's
    id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def to_json(self) -> str:
        return json.dumps(
            {
                "id": self.id,
                "op": self.op,
                "args": self.args,
                "meeting_id": self.meeting_id,
                "lease": self.lease,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, line: str) -> Change:
        data = json.loads(line)
        if not isinstance(data, dict) or not isinstance(data.get("op"), str):
            raise ValueError("not a change")
        args = data.get("args")
        if not isinstance(args, dict):
            raise ValueError("a change without arguments")
        return cls(
            op=data["op"],
            args=args,
            meeting_id=data.get("meeting_id"),
            lease=data.get("lease"),
            id=str(data.get("id") or uuid.uuid4().hex),
        )

    @property
    def words(self) -> str:
        """Typed text this change carries (a note, a draft), for the fault messages."""
        text = self.args.get("text")
        if not isinstance(text, str):
            text = self.args.get("draft")  # a heartbeat carries the draft it keeps
        return text if isinstance(text, str) else ""


def _load() -> None:
    # The operations module registers itself on import; imported here, not at the top, since
    # it imports this module.
    import reviewtui.services.operations
    import reviewtui.services.operations_health  # noqa: F401


# After these the write-ahead log is folded into the database file (see Database.checkpoint).
_CHECKPOINT_AFTER = frozenset({"meeting.close", "minutes.write"})


def apply_change(ws: Workspace, change: Change, *, journaled: bool = False) -> Any:
    """Apply one change in one write transaction and return what its operation returns.

    `journaled` changes were written to the recovery file: their id is recorded in the same
    transaction, and a change whose id is already recorded is not applied again. Raises what
    the operation raises (the writer turns storage faults into typed ones and retries them).
    """
    _load()
    try:
        fn = _OPERATIONS[change.op]
    except KeyError:
        raise ValueError(f"unknown change {change.op!r}") from None
    with ws.db.write():
        if journaled and live_store.was_applied(ws.db, change.id):
            return None
        if change.meeting_id is not None and change.lease is not None:
            _check_meeting(ws, change)
        result = fn(ws, **change.args)
        if journaled:
            live_store.record_applied(ws.db, change.id, change.op, ws.clock.now())
    if change.op in _CHECKPOINT_AFTER:
        ws.checkpoint()  # a closed meeting is in the .db file itself, not only in its log
    return result


def _check_meeting(ws: Workspace, change: Change) -> None:
    assert change.meeting_id is not None and change.lease is not None
    status, lease = live_store.status_and_lease(ws.db, change.meeting_id)
    if status is None:
        raise MeetingClosedError(f"meeting {change.meeting_id} no longer exists")
    if status != MeetingStatus.LIVE and change.op not in _AFTER_CLOSE:
        raise MeetingClosedError("this meeting has been closed; nothing more is saved into it")
    if live_store.holds_elsewhere(lease, change.lease, ws.clock.now()):
        raise LeaseLostError("another window has taken this meeting over; this one only reads it")
