"""Series and their cadence: which are due or overdue, how well each kept its rhythm, and
what a scrum brings over from the account planning it follows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import pendulum

from reviewtui.domain.cadence import (
    CADENCES,
    Adherence,
    Cadence,
    State,
    adherence,
    next_due,
    state,
)
from reviewtui.domain.entries import NoteKind
from reviewtui.domain.models import Action, ActionStatus, Note
from reviewtui.domain.names import closest, same_name
from reviewtui.domain.text import one_line
from reviewtui.services.changes import Change, apply_change
from reviewtui.services.workspace import Workspace
from reviewtui.store import series_plan as series_store
from reviewtui.store.actions import actions_for_meeting
from reviewtui.store.convert import parse_instant
from reviewtui.store.notes import notes_for_meeting

STATE_ORDER: dict[str, int] = {"overdue": 0, "due": 1, "never met": 2, "on track": 3}


class SeriesError(ValueError):
    """A series request that cannot be answered; the message is for the user."""


@dataclass(frozen=True)
class SeriesStatus:
    id: int
    name: str
    template: str
    cadence: Cadence | None
    meetings: int
    last: pendulum.Date | None
    next_due: pendulum.Date | None
    state: State | None  # None without a cadence
    adherence: Adherence | None
    follows: str | None

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "template": self.template,
            "cadence": self.cadence,
            "meetings": self.meetings,
            "last": self.last.isoformat() if self.last else None,
            "next_due": self.next_due.isoformat() if self.next_due else None,
            "state": self.state,
            "adherence": (
                {"periods": self.adherence.periods, "met": self.adherence.met}
                if self.adherence
                else None
            ),
            "follows": self.follows,
        }


def _cadence(ws: Workspace, plan: series_store.SeriesPlan) -> Cadence | None:
    if plan.cadence in CADENCES:
        return cast(Cadence, plan.cadence)
    # From the templates' outline: the start screen names due series without their models.
    outline = next((t for t in ws.config.outline().templates if t.id == plan.template), None)
    if outline is not None and outline.cadence in CADENCES:
        return cast(Cadence, outline.cadence)
    return None


def series_statuses(ws: Workspace, as_of: pendulum.Date | None = None) -> list[SeriesStatus]:
    """Every series, overdue first, then due, never met, on track; by name within."""
    today = as_of or ws.clock.today()
    plans = series_store.all_series_plans(ws.db)
    names = {p.id: p.name for p in plans}
    found = []
    for plan in plans:
        days = []
        for text in series_store.meeting_days(ws.db, plan.id):
            moment = parse_instant(text)
            if moment is not None and moment.in_timezone(ws.tz).date() <= today:
                days.append(moment.in_timezone(ws.tz).date())
        last = max(days) if days else None
        cadence = _cadence(ws, plan)
        follows = names.get(plan.follows_series_id) if plan.follows_series_id else None
        found.append(
            SeriesStatus(
                id=plan.id,
                name=plan.name,
                template=plan.template,
                cadence=cadence,
                meetings=len(days),
                last=last,
                next_due=next_due(last, cadence) if cadence and last else None,
                state=state(last, cadence, today) if cadence else None,
                adherence=adherence(days, cadence, today) if cadence else None,
                follows=follows,
            )
        )
    found.sort(key=lambda s: (STATE_ORDER.get(s.state or "", 9), s.name.casefold()))
    return found


def due_series(ws: Workspace) -> list[SeriesStatus]:
    """The series a facilitator should hold now: overdue, then due."""
    return [s for s in series_statuses(ws) if s.state in ("overdue", "due")]


def _named_series(ws: Workspace, name: str) -> series_store.SeriesPlan:
    """The series of that name (case aside); SeriesError naming the closest ones if none."""
    plans = series_store.all_series_plans(ws.db)
    plan = next((p for p in plans if same_name(p.name, name)), None)
    if plan is None:
        near = closest(name, [p.name for p in plans])
        hint = f"; closest: {', '.join(repr(n) for n in near)}" if near else ""
        raise SeriesError(f"no series named {one_line(name, 60)!r}{hint}")
    return plan


def set_series_follows(ws: Workspace, name: str, planning: str | None) -> None:
    """Link the series `name` (a scrum) to the planning series it follows; None unlinks it
    (the scrum then follows the latest planning series with its scope, if any)."""
    plan = _named_series(ws, name)
    target = _named_series(ws, planning) if planning is not None else None
    if target is not None and target.id == plan.id:
        raise SeriesError(f"{one_line(name, 60)!r} cannot follow itself")
    follows_id = target.id if target is not None else None
    apply_change(ws, Change("series.follows", {"series_id": plan.id, "follows_id": follows_id}))


def set_series_cadence(ws: Workspace, name: str, cadence: str | None) -> None:
    if cadence is not None and cadence not in CADENCES:
        raise SeriesError(f"cadence {cadence!r}: use one of {', '.join(CADENCES)}")
    plan = _named_series(ws, name)
    apply_change(ws, Change("series.cadence", {"series_id": plan.id, "cadence": cadence}))


@dataclass(frozen=True)
class PlanningCarry:
    """What a scrum brings from the latest meeting of the planning series it follows."""

    series: str
    meeting_title: str
    goals: tuple[Note, ...]  # its decisions: what the planning meeting settled
    open_actions: tuple[Action, ...]


def planning_for(ws: Workspace, series_id: int | None, template: str) -> PlanningCarry | None:
    """The planning a series follows: the one it is linked to, else the latest series of the
    template's `follows` with the same scope."""
    if series_id is None:
        return None
    plan = series_store.series_plan(ws.db, series_id)
    spec = ws.templates.get(template)
    if plan is None:
        return None
    target = plan.follows_series_id
    if target is None and spec is not None and spec.follows:
        now = ws.clock.now().in_timezone("UTC").to_iso8601_string()
        scope = series_store.series_scope(ws.db, series_id)
        target = series_store.latest_series_of_template(ws.db, spec.follows, scope, now)
    if target is None:
        return None
    followed = series_store.series_plan(ws.db, target)
    meeting_id = series_store.latest_meeting(ws.db, target)
    if followed is None or meeting_id is None:
        return None
    notes = notes_for_meeting(ws.db, meeting_id)
    from reviewtui.store.meetings import get_meeting

    meeting = get_meeting(ws.db, meeting_id)
    return PlanningCarry(
        series=followed.name,
        meeting_title=meeting.title if meeting else followed.name,
        goals=tuple(n for n in notes if n.kind == NoteKind.DECISION),
        open_actions=tuple(
            a for a in actions_for_meeting(ws.db, meeting_id) if a.status == ActionStatus.OPEN
        ),
    )
