"""Plain typed records the services hand to the UI and CLI."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import pendulum

ACCOUNT_STATUSES = ("green", "yellow", "red")


class MeetingStatus(StrEnum):
    """A meeting is live until closed (an abandoned one is closed, with `abandoned_at`)."""

    LIVE = "live"
    CLOSED = "closed"


class ActionStatus(StrEnum):
    """Where an action stands; a carried one lives on as its continuation, open again."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"
    CARRIED = "carried"


# What an action in a list of actions can be: a carried one is listed as its continuation.
LISTED_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.DROPPED)


def days_past_due(status: str, due: pendulum.Date | None, today: pendulum.Date) -> int:
    """Whole days an open action is past its due date (0 when it is not late)."""
    if status != ActionStatus.OPEN or due is None or due >= today:
        return 0
    return (today - due).days


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    role: str | None = None
    team: str | None = None


@dataclass(frozen=True)
class Series:
    id: int
    name: str
    template: str


@dataclass(frozen=True)
class AgendaItem:
    id: int
    meeting_id: int
    position: int
    title: str
    kind: str
    planned_seconds: int
    extra_seconds: int
    actual_seconds: int
    prompts: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    started_at: pendulum.DateTime | None = None
    ended_at: pendulum.DateTime | None = None


def current_item(items: Sequence[AgendaItem], current_item_id: int | None) -> AgendaItem | None:
    """The agenda item a meeting stands on: the one it recorded, else its first (None for an
    empty agenda)."""
    for item in items:
        if item.id == current_item_id:
            return item
    return items[0] if items else None


@dataclass(frozen=True)
class Meeting:
    id: int
    series_id: int | None
    series_name: str | None
    template: str
    title: str
    status: MeetingStatus
    scope: str | None
    started_at: pendulum.DateTime
    ended_at: pendulum.DateTime | None
    current_item_id: int | None
    min_actions: int
    max_actions: int
    override_reason: str | None = None
    focus_account_id: int | None = None
    minutes_path: str | None = None
    abandoned_at: pendulum.DateTime | None = None
    abandon_reason: str | None = None


@dataclass(frozen=True)
class Note:
    id: int
    meeting_id: int
    agenda_item_id: int | None
    account_id: int | None
    kind: str
    text: str
    author: str | None
    category: str | None
    created_at: pendulum.DateTime
    deleted: bool = False
    account_name: str | None = None


@dataclass(frozen=True)
class Action:
    id: int
    meeting_id: int
    account_id: int | None
    title: str
    owner: str | None
    due: pendulum.Date | None
    status: ActionStatus
    carried_from: int | None
    created_at: pendulum.DateTime
    completed_at: pendulum.DateTime | None = None
    drop_reason: str | None = None
    account_name: str | None = None
    version: int = 1
    times_carried: int = 0
    note_id: int | None = None
    promised_due: pendulum.Date | None = None  # the first date promised; a re-date keeps it
    triaged_in: int | None = None  # the later meeting that marked it done or dropped

    def is_overdue(self, today: pendulum.Date) -> bool:
        return days_past_due(self.status, self.due, today) > 0

    def days_late(self, today: pendulum.Date) -> int:
        """Whole days an open action is past its due date; 0 when it is not late."""
        return days_past_due(self.status, self.due, today)

    @property
    def complete(self) -> bool:
        return bool(self.owner) and self.due is not None


@dataclass(frozen=True)
class Attendee:
    person: str
    present: bool
    role: str | None


@dataclass(frozen=True)
class Account:
    id: int
    key: str
    name: str
    owner: str | None
    arr_cents: int | None
    tcv_cents: int | None
    client_since: pendulum.Date | None
    renewal_date: pendulum.Date | None
    health: float | None
    status: str | None
    lifecycle: str | None
    last_touch: pendulum.Date | None
    last_engaged: pendulum.Date | None
    nps: int | None
    tier: str | None
    usage: float | None = None
    goals: str | None = None
    expansion: bool = False
    industry: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    status_changed_on: pendulum.Date | None = None
    is_media: bool = False
