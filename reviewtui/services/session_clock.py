"""A meeting's clock and agenda, kept in memory and written through changes: reading the
clock never waits on the disk."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pendulum

from reviewtui.domain.entries import NoteKind
from reviewtui.domain.models import AgendaItem
from reviewtui.domain.timing import Budget, ClockReading, Span, elapsed_by_item, read_clock
from reviewtui.services.changes import Change
from reviewtui.services.operations import at_arg
from reviewtui.services.session_state import MeetingState
from reviewtui.store import live as live_store
from reviewtui.store import meetings as meeting_store


class MeetingClock:
    """The agenda's clock: start, moves, pause, extra time, the heartbeat and the lease.
    Each move returns the change that writes it; the state in memory moves at once."""

    def __init__(self, state: MeetingState, triage_left: Callable[[], bool]) -> None:
        self._state = state
        # Whether last meeting's actions wait for triage (the carry-over section opens).
        self._triage_left = triage_left
        # The later section the last +1 minute was taken from (None: the meeting grew).
        self.borrowed_from: AgendaItem | None = None

    @property
    def running(self) -> bool:
        return any(s.ended_at is None for s in self._state.spans)

    def reading(self) -> ClockReading:
        state = self._state
        budgets = [
            Budget(i.id, i.position, i.planned_seconds, i.extra_seconds) for i in state.items
        ]
        return read_clock(budgets, state.spans, state.current.id, state.ws.clock.now())

    def spent(self) -> dict[int, int]:
        return elapsed_by_item(self._state.spans, self._state.ws.clock.now())

    def _run_span(self, item_id: int, at: pendulum.DateTime) -> Change:
        state = self._state
        state.stop_span(at)
        state.spans.append(Span(item_id, at))
        self._set_current(item_id)
        return state.change("clock.run", meeting_id=state.id, item_id=item_id, at=at_arg(at))

    def _set_current(self, item_id: int, **more: Any) -> None:
        self._state.meeting = replace(self._state.meeting, current_item_id=item_id, **more)

    def start(self) -> Change:
        """Run the clock on the first section."""
        items = self._state.items
        first = items[0]
        if first.kind == "carryover" and not self._triage_left():
            # Nothing to triage: open on the first real section, ready to type.
            first = items[1] if len(items) > 1 else first
        return self._run_span(first.id, self._state.ws.clock.now())

    def recover(self) -> Change | None:
        """After a crash or a dropped link: the clock stopped where the app was last alive,
        and runs again from now. A meeting left with F10 (its clock stopped on the way out)
        comes back the same way: running, from now."""
        state = self._state
        open_spans = [s for s in state.spans if s.ended_at is None]
        if not open_spans:
            return self.resume() if state.live else None
        beat = meeting_store.last_heartbeat(state.ws.db, state.id) or open_spans[0].started_at
        now = state.ws.clock.now()
        item_id = open_spans[0].agenda_item_id
        state.stop_span(beat)
        state.spans.append(Span(item_id, now))
        self._set_current(item_id)
        return state.change(
            "clock.recover",
            meeting_id=state.id,
            item_id=item_id,
            last_alive=at_arg(beat),
            at=at_arg(now),
        )

    def goto(self, item_id: int) -> list[Change]:
        """Move to another section (time runs there if it was running)."""
        state = self._state
        state.require_live()
        target = state.item(item_id)
        changes = []
        if state.meeting.focus_account_id is not None:
            # An account chosen in a queue belongs to that section, not to the next one.
            changes.append(state.focus(None))
        if self.running:
            changes.append(self._run_span(target.id, state.ws.clock.now()))
        else:
            self._set_current(target.id)
            changes.append(state.change("agenda.current", meeting_id=state.id, item_id=target.id))
        return changes

    def next(self) -> list[Change]:
        """Move to the next section; no change on the last one."""
        state = self._state
        if state.index + 1 >= len(state.items):
            return []
        return self.goto(state.items[state.index + 1].id)

    def previous(self) -> list[Change]:
        """Move to the section before; no change on the first one."""
        state = self._state
        if state.index == 0:
            return []
        return self.goto(state.items[state.index - 1].id)

    def pause(self) -> Change:
        state = self._state
        now = state.ws.clock.now()
        state.stop_span(now)
        return state.change("clock.stop", meeting_id=state.id, at=at_arg(now))

    def resume(self) -> Change | None:
        """Run the clock again on this section; None when it runs already."""
        self._state.require_live()
        if self.running:
            return None
        return self._run_span(self._state.current.id, self._state.ws.clock.now())

    def toggle(self) -> Change:
        """Pause or resume; `running` says which it did."""
        if self.running:
            return self.pause()
        change = self.resume()
        assert change is not None
        return change

    def lender(self, seconds: int = 60) -> AgendaItem | None:
        """The later section that gives up time for this one: the last with that much of its
        timebox left (the wrap-up only when no other can), so the next one is not squeezed."""
        state = self._state
        spent = self.spent()
        later = [i for i in state.items if i.position > state.current.position]
        can = [
            i for i in later if i.planned_seconds + i.extra_seconds - spent.get(i.id, 0) >= seconds
        ]
        others = [i for i in can if i.kind != "wrapup"]
        choice = (others or can)[-1:]
        return choice[0] if choice else None

    def add_time(self, seconds: int = 60) -> Change:
        """A minute more for this section, borrowed from a later one (`lender`) so the meeting
        keeps its length and its pacing; only when none has time left does it grow."""
        state = self._state
        state.require_live()
        item = state.current
        lender = self.lender(seconds)
        self.borrowed_from = lender
        if lender is None:
            extra = max(item.extra_seconds + seconds, 0)
            state.items = [
                replace(i, extra_seconds=extra) if i.id == item.id else i for i in state.items
            ]
            return state.change("agenda.extra", item_id=item.id, seconds=seconds)
        state.items = [
            replace(i, extra_seconds=i.extra_seconds + seconds)
            if i.id == item.id
            else replace(i, extra_seconds=i.extra_seconds - seconds)
            if i.id == lender.id
            else i
            for i in state.items
        ]
        return state.change(
            "agenda.borrow", item_id=item.id, from_item_id=lender.id, seconds=seconds
        )

    def account_timebox(self) -> int | None:
        """Seconds per account in the current queue section, when its template sets one."""
        state = self._state
        # From the templates' outline: read from its checked cache, without validating them.
        for template in state.ws.config.outline().templates:
            if template.id == state.meeting.template:
                return template.account_timebox(state.current.title)
        return None

    def beat(
        self,
        draft: str | None = None,
        place: tuple[int, int | None] | None = None,
        kind: str = NoteKind.NOTE,
    ) -> Change:
        """The heartbeat (and the window's lease), with the draft when it changed, and the
        kind picked for it."""
        state = self._state
        item_id, account_id = place if place is not None else (None, None)
        return state.change(
            "meeting.beat",
            meeting_id=state.id,
            at=at_arg(state.ws.clock.now()),
            owner=state.lease,
            draft=draft,
            item_id=item_id,
            account_id=account_id,
            draft_kind=str(kind) if draft is not None else None,
        )

    def held_elsewhere(self) -> bool:
        """True when another window holds this live meeting."""
        state = self._state
        return state.lease is not None and live_store.held_elsewhere(
            state.ws.db, state.id, state.lease, state.ws.clock.now()
        )
