"""The bundled sample book of business, loaded with its dates brought forward to today.

The files in `sample_data/` are written for a fixed reference date (in meetings.json). On
load every date and time moves by the days between that date and the workspace's today, so
"renews within 120 days" or "silent for 30 days" find accounts whenever the demo runs.
Everything is validated first and written in one transaction: a bad file changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Protocol

import pendulum

from reviewtui.domain.clock import Clock
from reviewtui.domain.templates import Template
from reviewtui.domain.text import clean_input, one_line
from reviewtui.importers.sample_files import SampleBook, SampleDataError, name_key, read_sample
from reviewtui.importers.sample_health import load_sample_health
from reviewtui.importers.sample_rows import (
    AccountRow,
    ActionSpec,
    MeetingSpec,
    NoteSpec,
    SeriesSpec,
    SnapshotRow,
)
from reviewtui.store import Database
from reviewtui.store import actions as action_store
from reviewtui.store import meetings as meeting_store
from reviewtui.store import notes as note_store
from reviewtui.store import people as people_store
from reviewtui.store.accounts import add_snapshots, upsert_account
from reviewtui.store.series_plan import set_cadence

__all__ = ["DateShift", "SampleBook", "SampleDataError", "cents", "load_sample", "read_sample"]


@dataclass(frozen=True)
class DateShift:
    """Moves the sample's dates by whole days, keeping times of day."""

    days: int

    def day(self, value: dt.date | None) -> pendulum.Date | None:
        if value is None:
            return None
        return pendulum.date(value.year, value.month, value.day).add(days=self.days)

    def instant(self, value: dt.datetime) -> pendulum.DateTime:
        return pendulum.instance(value).in_timezone("UTC").add(days=self.days)


def cents(amount: Decimal | None) -> int | None:
    """Dollars (at most two decimals, already checked) to integer cents, without float."""
    if amount is None:
        return None
    scaled = amount * 100
    if scaled != scaled.to_integral_value():
        raise SampleDataError(f"{amount} has more than two decimals")
    return int(scaled)


# -- writing -----------------------------------------------------------------------------


class Workspace(Protocol):
    """Where the sample book goes: the database, and the clock and time zone it is shifted to
    (a `services.workspace.Workspace` is one)."""

    db: Database
    clock: Clock
    tz: str


def load_sample(ws: Workspace, source: Path | None = None) -> str:
    """Load the sample book into `ws`, shifted to `ws.clock.today()`; returns a summary line.

    Accounts, snapshots and people are matched by name, so loading again updates them in
    place; a series that already has meetings keeps them and gets no second copy.
    """
    book = read_sample(source)
    today = ws.clock.today()
    shift = DateShift((dt.date(today.year, today.month, today.day) - book.reference_date).days)
    now = ws.clock.now()
    known_since = _history_start(book, shift, now)
    written = skipped = 0
    with ws.db.write():
        for person in book.people:
            people_store.upsert_person(
                ws.db,
                one_line(person.name),
                known_since,
                role=_text(person.role),
                team=_text(person.team),
                email=_text(person.email),
            )
        ids = {
            name_key(row.name): upsert_account(ws.db, _account_values(row, shift), now)
            for row in book.accounts
        }
        history: dict[str, list[dict[str, object]]] = defaultdict(list)
        for snap in book.snapshots:
            history[name_key(snap.account)].append(_snapshot_values(snap, shift))
        add_snapshots(ws.db, {ids[key]: values for key, values in history.items()})
        health = load_sample_health(ws, book.reference_date, today, source)
        for spec in book.series:
            count = _write_series(ws, spec, book.templates[spec.template], shift, ids, now)
            written += count
            skipped += len(spec.meetings) - count
    summary = (
        f"{len(book.accounts)} accounts, {len(book.snapshots)} snapshots,"
        f" {len(book.people)} people, {len(book.series)} series, {written} past meetings"
    )
    if skipped:
        summary += f" ({skipped} already there, kept as they were)"
    summary += f", {health[0]} benchmarks, {health[1]} plan values"
    return summary


def _history_start(book: SampleBook, shift: DateShift, now: pendulum.DateTime) -> pendulum.DateTime:
    """When the sample's people are on file from: the day before its first meeting (they were
    on the team when its history begins, so the attendance rules hold them to every month of
    it), or now for a sample without meetings."""
    starts = [meeting.started_at for series in book.series for meeting in series.meetings]
    if not starts:
        return now
    return min(shift.instant(start) for start in starts).subtract(days=1)


def _text(value: str | None) -> str | None:
    """Optional one-line text: cleaned, and None when nothing is left."""
    return (one_line(value) or None) if value is not None else None


def _account_values(row: AccountRow, shift: DateShift) -> dict[str, object]:
    return {
        "name": one_line(row.name),
        "external_id": _text(row.external_id),
        "owner": _text(row.owner),
        "arr_cents": cents(row.arr),
        "tcv_cents": cents(row.tcv),
        "client_since": shift.day(row.client_since),
        "renewal_date": shift.day(row.renewal_date),
        "health": row.health,
        "status": row.status,
        "status_changed_on": shift.day(row.status_changed_on),
        "lifecycle": row.lifecycle,
        "last_touch": shift.day(row.last_touch),
        "last_engaged": shift.day(row.last_engaged),
        "nps": row.nps,
        "tier": row.tier,
        "usage": row.usage,
        "goals": row.goals,
        "expansion": row.expansion,
        "industry": _text(row.industry),
        "is_media": row.is_media,
        "churned_on": shift.day(row.churned_on),
        "renewed_on": shift.day(row.renewed_on),
    }


def _snapshot_values(snap: SnapshotRow, shift: DateShift) -> dict[str, object]:
    return {
        "as_of": shift.day(snap.as_of),
        "health": snap.health,
        "usage": snap.usage,
        "nps": snap.nps,
        "arr_cents": cents(snap.arr),
        "status": snap.status,
        "spend_cents": cents(snap.spend),
        "cost_per_lead_cents": cents(snap.cost_per_lead),
        "leads": snap.leads,
    }


@dataclass
class _SeriesState:
    """What writing one series needs to remember between its meetings."""

    series_id: int
    template: Template
    shift: DateShift
    accounts: dict[str, int]
    action_ids: dict[str, int]
    endings: list[tuple[int, ActionSpec]]


def _write_series(
    ws: Workspace,
    spec: SeriesSpec,
    template: Template,
    shift: DateShift,
    accounts: dict[str, int],
    now: pendulum.DateTime,
) -> int:
    series = meeting_store.get_or_create_series(
        ws.db, one_line(spec.name), template.id, now, _text(spec.scope)
    )
    if spec.cadence is not None:
        set_cadence(ws.db, series.id, spec.cadence)
    if meeting_store.meeting_ids_in_series(ws.db, series.id):
        return 0
    state = _SeriesState(series.id, template, shift, accounts, {}, [])
    for meeting in spec.meetings:
        _write_meeting(ws, spec, meeting, state)
    # Actions end (done, dropped) after the meetings that made them: apply that last.
    for action_id, action in state.endings:
        current = action_store.get_action(ws.db, action_id)
        assert current is not None
        ended = action.completed_at if action.status == "done" else action.dropped_at
        assert ended is not None
        action_store.update_action(
            ws.db,
            action_id,
            expected_version=current.version,
            at=shift.instant(ended),
            status=action.status,
            drop_reason=one_line(action.drop_reason) if action.drop_reason else None,
        )
    return len(spec.meetings)


def _write_meeting(
    ws: Workspace, series: SeriesSpec, spec: MeetingSpec, state: _SeriesState
) -> None:
    db, template = ws.db, state.template
    started = state.shift.instant(spec.started_at)
    day = started.in_timezone(ws.tz).format("D MMM YYYY")
    items = [
        meeting_store.PlannedItem(
            title=section.title,
            kind=section.kind,
            planned_seconds=planned.planned_seconds,
            prompts=tuple(section.prompts),
            segments=tuple(section.segments),
        )
        for section, planned in zip(template.sections, spec.agenda, strict=True)
    ]
    meeting_id = meeting_store.create_meeting(
        db,
        series_id=state.series_id,
        template=template.id,
        title=f"{template.name} · {one_line(series.name)} · {day}",
        scope=_text(series.scope),
        started_at=started,
        items=items,
        min_actions=template.min_actions,
        max_actions=template.max_actions,
    )
    for attendee in spec.attendees:
        person = people_store.get_or_create_person(
            db, one_line(attendee.name), started, _text(attendee.role)
        )
        meeting_store.set_attendance(
            db, meeting_id, person.id, attendee.present, _text(attendee.role)
        )
    # Run the clock through the agenda as it went: one span per section.
    windows: dict[str, tuple[int, pendulum.DateTime, int]] = {}
    moment = started
    for item, timing in zip(meeting_store.agenda(db, meeting_id), spec.agenda, strict=True):
        meeting_store.open_span(db, meeting_id, item.id, moment)
        windows[item.title] = (item.id, moment, timing.actual_seconds)
        moment = moment.add(seconds=timing.actual_seconds)
    meeting_store.close_open_span(db, meeting_id, moment)
    _write_entries(ws, meeting_id, spec, state, windows)
    meeting_store.close_meeting(db, meeting_id, moment, None, None)


def _default_section(template: Template, kind: str, fallback: int) -> str:
    for section in template.sections:
        if section.kind == kind:
            return section.title
    return template.sections[fallback].title


def _write_entries(
    ws: Workspace,
    meeting_id: int,
    spec: MeetingSpec,
    state: _SeriesState,
    windows: dict[str, tuple[int, pendulum.DateTime, int]],
) -> None:
    """Notes and actions, each timed inside the section it was said in, evenly spaced."""
    db = ws.db
    carryover = _default_section(state.template, "carryover", 0)
    wrapup = _default_section(state.template, "wrapup", -1)
    by_section: dict[str, list[NoteSpec | ActionSpec]] = defaultdict(list)
    for note in spec.notes:
        by_section[note.section].append(note)
    for action in spec.actions:
        default = carryover if action.carried_from else wrapup
        by_section[action.section or default].append(action)
    for section, entries in by_section.items():
        item_id, start, seconds = windows[section]
        for position, entry in enumerate(entries, start=1):
            at = start.add(seconds=seconds * position // (len(entries) + 1))
            if isinstance(entry, ActionSpec):
                _write_action(ws, meeting_id, item_id, entry, at, state)
                continue
            note_store.add_note(
                db,
                meeting_id=meeting_id,
                agenda_item_id=item_id,
                account_id=_account_id(state, entry.account),
                kind=entry.kind,
                text=clean_input(entry.text).strip(),
                at=at,
                author=_text(entry.author),
                category=_text(entry.category),
            )


def _account_id(state: _SeriesState, name: str | None) -> int | None:
    return state.accounts[name_key(name)] if name is not None else None


def _write_action(
    ws: Workspace,
    meeting_id: int,
    item_id: int,
    spec: ActionSpec,
    at: pendulum.DateTime,
    state: _SeriesState,
) -> None:
    db = ws.db
    due = state.shift.day(spec.due)
    if spec.carried_from is not None:
        original = action_store.get_action(db, state.action_ids[spec.carried_from])
        assert original is not None
        action_id = action_store.carry_action(db, original, meeting_id, at, due=due)
    else:
        assert spec.title is not None and spec.owner is not None
        title = one_line(spec.title)
        account_id = _account_id(state, spec.account)
        note_id = note_store.add_note(
            db,
            meeting_id=meeting_id,
            agenda_item_id=item_id,
            account_id=account_id,
            kind="action",
            text=title,
            at=at,
        )
        action_id = action_store.add_action(
            db,
            meeting_id=meeting_id,
            title=title,
            owner=one_line(spec.owner),
            due=due,
            at=at,
            account_id=account_id,
            note_id=note_id,
        )
    state.action_ids[spec.id] = action_id
    if spec.status in ("done", "dropped"):
        state.endings.append((action_id, spec))
