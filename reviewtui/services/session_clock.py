"""A meeting's clock and agenda, kept in memory and written through changes: reading the
clock never waits on the disk."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pendulum

from reviewtui.domain.models import AgendaItem
from reviewtui.domain.timing import Budget, ClockReading, Span, elapsed_by_item, read_clock
from reviewtui.services.changes import Change
from reviewtui.services.operations import at_arg
from reviewtui.services.session_core import SessionCore
from reviewtui.store import live as live_store
from reviewtui.store import meetings as meeting_store


class ClockPart(SessionCore):
    """The agenda and the clock: moves, pause, extra time, the heartbeat and the lease."""

    @property
    def running(self) -> bool:
        return any(s.ended_at is None for s in self.spans)

    def reading(self) -> ClockReading:
        budgets = [Budget(i.id, i.position, i.planned_seconds, i.extra_seconds) for i in self.items]
        return read_clock(budgets, self.spans, self.current.id, self.ws.clock.now())

    def spent(self) -> dict[int, int]:
        return elapsed_by_item(self.spans, self.ws.clock.now())

    def _run_span(self, item_id: int, at: pendulum.DateTime) -> Change:
        self._stop_span(at)
        self.spans.append(Span(item_id, at))
        self._set_current(item_id)
        return self.change("clock.run", meeting_id=self.id, item_id=item_id, at=at_arg(at))

    def _set_current(self, item_id: int, **more: Any) -> None:
        self.meeting = replace(self.meeting, current_item_id=item_id, **more)

    def start_clock_change(self) -> Change:
        first = self.items[0]
        if first.kind == "carryover" and not self.carryover():
            # Nothing to triage: open on the first real section, ready to type.
            first = self.items[1] if len(self.items) > 1 else first
        return self._run_span(first.id, self.ws.clock.now())

    def recover_change(self) -> Change | None:
        """After a crash or a dropped link: the clock stopped where the app was last alive,
        and runs again from now. A meeting left with F10 (its clock stopped on the way out)
        comes back the same way: running, from now."""
        open_spans = [s for s in self.spans if s.ended_at is None]
        if not open_spans:
            return self.resume_change() if self.live else None
        beat = meeting_store.last_heartbeat(self.ws.db, self.id) or open_spans[0].started_at
        now = self.ws.clock.now()
        item_id = open_spans[0].agenda_item_id
        self._stop_span(beat)
        self.spans.append(Span(item_id, now))
        self._set_current(item_id)
        return self.change(
            "clock.recover",
            meeting_id=self.id,
            item_id=item_id,
            last_alive=at_arg(beat),
            at=at_arg(now),
        )

    def goto_change(self, item_id: int) -> list[Change]:
        """Move to another section (time runs there if it was running)."""
        self._require_live()
        target = self.item(item_id)
        changes = []
        if self.meeting.focus_account_id is not None:
            # An account chosen in a queue belongs to that section, not to the next one.
            changes.append(self.focus_change(None))
        if self.running:
            changes.append(self._run_span(target.id, self.ws.clock.now()))
        else:
            self._set_current(target.id)
            changes.append(self.change("agenda.current", meeting_id=self.id, item_id=target.id))
        return changes

    def goto(self, item_id: int) -> AgendaItem:
        for change in self.goto_change(item_id):
            self.apply(change)
        return self.current

    def next(self) -> AgendaItem | None:
        if self.index + 1 >= len(self.items):
            return None
        return self.goto(self.items[self.index + 1].id)

    def previous(self) -> AgendaItem | None:
        if self.index == 0:
            return None
        return self.goto(self.items[self.index - 1].id)

    def pause_change(self) -> Change:
        now = self.ws.clock.now()
        self._stop_span(now)
        return self.change("clock.stop", meeting_id=self.id, at=at_arg(now))

    def resume_change(self) -> Change | None:
        self._require_live()
        if self.running:
            return None
        return self._run_span(self.current.id, self.ws.clock.now())

    def toggle_change(self) -> Change:
        """Pause or resume; `running` says which it did."""
        if self.running:
            return self.pause_change()
        change = self.resume_change()
        assert change is not None
        return change

    def lender(self, seconds: int = 60) -> AgendaItem | None:
        """The later section that gives up time for this one: the last with that much of its
        timebox left (the wrap-up only when no other can), so the next one is not squeezed."""
        now = self.ws.clock.now()
        spent = elapsed_by_item(self.spans, now)
        later = [i for i in self.items if i.position > self.current.position]
        can = [
            i for i in later if i.planned_seconds + i.extra_seconds - spent.get(i.id, 0) >= seconds
        ]
        others = [i for i in can if i.kind != "wrapup"]
        choice = (others or can)[-1:]
        return choice[0] if choice else None

    def add_time_change(self, seconds: int = 60) -> Change:
        """A minute more for this section, borrowed from a later one (`lender`) so the meeting
        keeps its length and its pacing; only when none has time left does it grow."""
        self._require_live()
        item = self.current
        lender = self.lender(seconds)
        self.borrowed_from = lender
        if lender is None:
            extra = max(item.extra_seconds + seconds, 0)
            self.items = [
                replace(i, extra_seconds=extra) if i.id == item.id else i for i in self.items
            ]
            return self.change("agenda.extra", item_id=item.id, seconds=seconds)
        self.items = [
            replace(i, extra_seconds=i.extra_seconds + seconds)
            if i.id == item.id
            else replace(i, extra_seconds=i.extra_seconds - seconds)
            if i.id == lender.id
            else i
            for i in self.items
        ]
        return self.change(
            "agenda.borrow", item_id=item.id, from_item_id=lender.id, seconds=seconds
        )

    def choose_queues_change(self, segment_ids: Sequence[str]) -> Change:
        """The queues the current queues section shows in this meeting."""
        self._require_live()
        item = self.current
        chosen = tuple(segment_ids)
        self.items = [replace(i, segments=chosen) if i.id == item.id else i for i in self.items]
        return self.change("agenda.queues", item_id=item.id, segments=list(chosen))

    def account_timebox(self) -> int | None:
        """Seconds per account in the current queue section, when its template sets one."""
        template = self.ws.templates.get(self.meeting.template)
        if template is None:
            return None
        for section in template.sections:
            if section.title == self.current.title and section.account_minutes:
                return round(section.account_minutes * 60)
        return None

    def beat_change(
        self, draft: str | None = None, place: tuple[int, int | None] | None = None
    ) -> Change:
        """The heartbeat (and the window's lease), with the draft when it changed."""
        item_id, account_id = place if place is not None else (None, None)
        return self.change(
            "meeting.beat",
            meeting_id=self.id,
            at=at_arg(self.ws.clock.now()),
            owner=self.lease,
            draft=draft,
            item_id=item_id,
            account_id=account_id,
        )

    def heartbeat(self) -> None:
        if self.live:
            self.apply(self.beat_change())

    def held_elsewhere(self) -> bool:
        """True when another window holds this live meeting."""
        return self.lease is not None and live_store.held_elsewhere(
            self.ws.db, self.id, self.lease, self.ws.clock.now()
        )
