"""Meetings, their agenda, attendance, clock spans and drafts."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

import pendulum

from reviewtui.domain.models import AgendaItem, Attendee, Meeting, MeetingStatus, Series
from reviewtui.domain.timing import Span
from reviewtui.store.convert import instant, parse_instant
from reviewtui.store.db import Database


@dataclass(frozen=True)
class PlannedItem:
    title: str
    kind: str
    planned_seconds: int
    prompts: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Draft:
    meeting_id: int
    agenda_item_id: int | None
    account_id: int | None
    text: str
    updated_at: pendulum.DateTime
    kind: str | None = None  # picked for the note being typed; None: a note


_MEETING_SELECT = (
    "SELECT m.*, s.name AS series_name FROM meetings m LEFT JOIN series s ON s.id = m.series_id"
)


def _meeting(row: dict) -> Meeting:
    started = parse_instant(row["started_at"])
    assert started is not None
    return Meeting(
        id=row["id"],
        series_id=row["series_id"],
        series_name=row["series_name"],
        template=row["template"],
        title=row["title"],
        status=MeetingStatus(row["status"]),
        scope=row["scope"],
        started_at=started,
        ended_at=parse_instant(row["ended_at"]),
        current_item_id=row["current_item_id"],
        min_actions=row["min_actions"],
        max_actions=row["max_actions"],
        override_reason=row["override_reason"],
        focus_account_id=row["focus_account_id"],
        minutes_path=row["minutes_path"],
        abandoned_at=parse_instant(row["abandoned_at"]),
        abandon_reason=row["abandon_reason"],
    )


def _item(row: dict) -> AgendaItem:
    return AgendaItem(
        id=row["id"],
        meeting_id=row["meeting_id"],
        position=row["position"],
        title=row["title"],
        kind=row["kind"],
        planned_seconds=row["planned_seconds"],
        extra_seconds=row["extra_seconds"],
        actual_seconds=row["actual_seconds"],
        prompts=tuple(json.loads(row["prompts"])),
        segments=tuple(json.loads(row["segments"])),
        started_at=parse_instant(row["started_at"]),
        ended_at=parse_instant(row["ended_at"]),
    )


def get_or_create_series(
    db: Database, name: str, template: str, now: pendulum.DateTime, scope: str | None = None
) -> Series:
    with db.write() as conn:
        row = conn.execute("SELECT id FROM series WHERE name = ?", (name,)).fetchone()
        if row is None:
            db.insert(
                "series",
                {"name": name, "template": template, "scope": scope, "created_at": instant(now)},
            )
    found = db.query_one("SELECT * FROM series WHERE name = ?", (name,))
    assert found is not None
    return Series(id=found["id"], name=found["name"], template=found["template"])


def list_series(db: Database) -> list[Series]:
    return [
        Series(id=r["id"], name=r["name"], template=r["template"])
        for r in db.query("SELECT * FROM series ORDER BY name COLLATE NOCASE")
    ]


def create_meeting(
    db: Database,
    *,
    series_id: int | None,
    template: str,
    title: str,
    scope: str | None,
    started_at: pendulum.DateTime,
    items: Sequence[PlannedItem],
    min_actions: int,
    max_actions: int,
) -> int:
    with db.write():
        meeting_id = db.insert(
            "meetings",
            {
                "series_id": series_id,
                "template": template,
                "title": title,
                "scope": scope,
                "status": "live",
                "started_at": instant(started_at),
                "min_actions": min_actions,
                "max_actions": max_actions,
            },
        )
        db.insert_all(
            "agenda_items",
            ("meeting_id", "position", "title", "kind", "planned_seconds", "prompts", "segments"),
            [
                (
                    meeting_id,
                    position,
                    item.title,
                    item.kind,
                    item.planned_seconds,
                    json.dumps(list(item.prompts)),
                    json.dumps(list(item.segments)),
                )
                for position, item in enumerate(items)
            ],
        )
    return meeting_id


def get_meeting(db: Database, meeting_id: int) -> Meeting | None:
    row = db.query_one(f"{_MEETING_SELECT} WHERE m.id = ?", (meeting_id,))
    return _meeting(row) if row else None


def list_meetings(db: Database, status: str | None = None, limit: int = 200) -> list[Meeting]:
    if status:
        rows = db.query(
            f"{_MEETING_SELECT} WHERE m.status = ? ORDER BY m.started_at DESC LIMIT ?",
            (status, limit),
        )
    else:
        rows = db.query(f"{_MEETING_SELECT} ORDER BY m.started_at DESC LIMIT ?", (limit,))
    return [_meeting(r) for r in rows]


def agenda(db: Database, meeting_id: int) -> list[AgendaItem]:
    rows = db.query(
        "SELECT * FROM agenda_items WHERE meeting_id = ? ORDER BY position", (meeting_id,)
    )
    return [_item(r) for r in rows]


def spans(db: Database, meeting_id: int) -> list[Span]:
    rows = db.query(
        "SELECT agenda_item_id, started_at, ended_at FROM clock_spans WHERE meeting_id = ?"
        " ORDER BY id",
        (meeting_id,),
    )
    result = []
    for r in rows:
        started = parse_instant(r["started_at"])
        assert started is not None
        result.append(Span(r["agenda_item_id"], started, parse_instant(r["ended_at"])))
    return result


def close_open_span(db: Database, meeting_id: int, at: pendulum.DateTime) -> None:
    """End the running span (if any) at `at`, and fold its time into the item's actual_seconds."""
    with db.write() as conn:
        row = conn.execute(
            "SELECT id, agenda_item_id, started_at FROM clock_spans"
            " WHERE meeting_id = ? AND ended_at IS NULL",
            (meeting_id,),
        ).fetchone()
        if row is None:
            return
        span_id, item_id, started_at = row
        started = parse_instant(started_at)
        assert started is not None
        end = max(at, started)
        conn.execute("UPDATE clock_spans SET ended_at = ? WHERE id = ?", (instant(end), span_id))
        _refresh_actual(conn, item_id, end)


def open_span(db: Database, meeting_id: int, item_id: int, at: pendulum.DateTime) -> None:
    """Start running time in `item_id` (closing any open span first) and make it current."""
    with db.write() as conn:
        close_open_span(db, meeting_id, at)
        # Plain SQL: resuming a meeting opens a span before its first frame, without
        # sqlite-utils (loaded after that frame, see `Database.preload_utils`).
        conn.execute(
            "INSERT INTO clock_spans (meeting_id, agenda_item_id, started_at) VALUES (?, ?, ?)",
            (meeting_id, item_id, instant(at)),
        )
        conn.execute(
            "UPDATE agenda_items SET started_at = coalesce(started_at, ?) WHERE id = ?",
            (instant(at), item_id),
        )
        conn.execute(
            "UPDATE meetings SET current_item_id = ?, heartbeat_at = ? WHERE id = ?",
            (item_id, instant(at), meeting_id),
        )


def set_current_item(db: Database, meeting_id: int, item_id: int) -> None:
    db.execute("UPDATE meetings SET current_item_id = ? WHERE id = ?", (item_id, meeting_id))


def _refresh_actual(conn: sqlite3.Connection, item_id: int, ended: pendulum.DateTime) -> None:
    rows = conn.execute(
        "SELECT started_at, ended_at FROM clock_spans WHERE agenda_item_id = ?"
        " AND ended_at IS NOT NULL",
        (item_id,),
    ).fetchall()
    total = 0
    for started_at, ended_at in rows:
        start, end = parse_instant(started_at), parse_instant(ended_at)
        assert start is not None and end is not None
        total += max(int((end - start).total_seconds()), 0)
    conn.execute(
        "UPDATE agenda_items SET actual_seconds = ?, ended_at = ? WHERE id = ?",
        (total, instant(ended), item_id),
    )


def heartbeat(db: Database, meeting_id: int, at: pendulum.DateTime) -> None:
    db.execute("UPDATE meetings SET heartbeat_at = ? WHERE id = ?", (instant(at), meeting_id))


def last_heartbeat(db: Database, meeting_id: int) -> pendulum.DateTime | None:
    row = db.query_one("SELECT heartbeat_at FROM meetings WHERE id = ?", (meeting_id,))
    return parse_instant(row["heartbeat_at"]) if row else None


def add_extra_seconds(db: Database, item_id: int, seconds: int) -> None:
    db.execute(
        "UPDATE agenda_items SET extra_seconds = max(extra_seconds + ?, 0) WHERE id = ?",
        (seconds, item_id),
    )


def set_focus_account(db: Database, meeting_id: int, account_id: int | None) -> None:
    db.execute("UPDATE meetings SET focus_account_id = ? WHERE id = ?", (account_id, meeting_id))


def record_untriaged(db: Database, meeting_id: int, count: int) -> None:
    db.execute("UPDATE meetings SET untriaged_carryover = ? WHERE id = ?", (count, meeting_id))


def close_meeting(
    db: Database,
    meeting_id: int,
    at: pendulum.DateTime,
    override_reason: str | None,
    minutes_path: str | None,
) -> None:
    with db.write() as conn:
        close_open_span(db, meeting_id, at)
        conn.execute(
            "UPDATE meetings SET status = 'closed', ended_at = ?, override_reason = ?,"
            " minutes_path = ? WHERE id = ? AND status = 'live'",
            (instant(at), override_reason, minutes_path, meeting_id),
        )
        conn.execute("DELETE FROM drafts WHERE meeting_id = ?", (meeting_id,))


def set_minutes_path(db: Database, meeting_id: int, path: str) -> None:
    db.execute("UPDATE meetings SET minutes_path = ? WHERE id = ?", (path, meeting_id))


def set_attendance(
    db: Database, meeting_id: int, person_id: int, present: bool, role: str | None
) -> None:
    db.execute(
        "INSERT INTO attendance (meeting_id, person_id, present, role) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (meeting_id, person_id) DO UPDATE SET present = excluded.present,"
        " role = excluded.role",
        (meeting_id, person_id, int(present), role),
    )


def attendance(db: Database, meeting_id: int) -> list[Attendee]:
    rows = db.query(
        "SELECT p.name, a.present, coalesce(a.role, p.role) AS role FROM attendance a"
        " JOIN people p ON p.id = a.person_id WHERE a.meeting_id = ?"
        " ORDER BY a.present DESC, p.name COLLATE NOCASE",
        (meeting_id,),
    )
    return [Attendee(person=r["name"], present=bool(r["present"]), role=r["role"]) for r in rows]


def save_draft(
    db: Database,
    meeting_id: int,
    text: str,
    agenda_item_id: int | None,
    account_id: int | None,
    at: pendulum.DateTime,
    kind: str | None = None,
) -> None:
    """Keep the text typed and not saved, with the kind picked for it (None: a note); empty
    text clears the draft."""
    with db.write() as conn:
        if text:
            db.upsert(
                "drafts",
                {
                    "meeting_id": meeting_id,
                    "agenda_item_id": agenda_item_id,
                    "account_id": account_id,
                    "text": text,
                    "updated_at": instant(at),
                    "kind": kind,
                },
                pk="meeting_id",
            )
        else:
            conn.execute("DELETE FROM drafts WHERE meeting_id = ?", (meeting_id,))
        conn.execute("UPDATE meetings SET heartbeat_at = ? WHERE id = ?", (instant(at), meeting_id))


def get_draft(db: Database, meeting_id: int) -> Draft | None:
    row = db.query_one("SELECT * FROM drafts WHERE meeting_id = ?", (meeting_id,))
    if row is None:
        return None
    updated = parse_instant(row["updated_at"])
    assert updated is not None
    return Draft(
        row["meeting_id"],
        row["agenda_item_id"],
        row["account_id"],
        row["text"],
        updated,
        row["kind"],
    )


def meeting_ids_in_series(db: Database, series_id: int) -> list[int]:
    """Every meeting of a series, live or closed, oldest first."""
    rows = db.query(
        "SELECT id FROM meetings WHERE series_id = ? ORDER BY started_at, id", (series_id,)
    )
    return [r["id"] for r in rows]


def set_item_segments(db: Database, item_id: int, segments: Sequence[str]) -> None:
    db.execute(
        "UPDATE agenda_items SET segments = ? WHERE id = ?", (json.dumps(list(segments)), item_id)
    )
