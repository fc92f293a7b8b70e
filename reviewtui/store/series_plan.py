"""What a series keeps between its meetings: its cadence, the series it follows, its queues."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from reviewtui.store.db import Database

CADENCES = ("weekly", "bi-weekly", "monthly", "quarterly")


@dataclass(frozen=True)
class SeriesPlan:
    id: int
    name: str
    template: str
    cadence: str | None
    follows_series_id: int | None
    queues: tuple[str, ...]


def _plan(row: dict) -> SeriesPlan:
    try:
        queues = json.loads(row["queues"]) if row["queues"] else []
    except ValueError:
        queues = []
    kept = tuple(q for q in queues if isinstance(q, str)) if isinstance(queues, list) else ()
    return SeriesPlan(
        row["id"], row["name"], row["template"], row["cadence"], row["follows_series_id"], kept
    )


def series_plan(db: Database, series_id: int) -> SeriesPlan | None:
    row = db.query_one("SELECT * FROM series WHERE id = ?", (series_id,))
    return _plan(row) if row else None


def all_series_plans(db: Database) -> list[SeriesPlan]:
    return [_plan(r) for r in db.query("SELECT * FROM series ORDER BY name COLLATE NOCASE")]


def set_series_queues(db: Database, series_id: int, queues: Sequence[str]) -> None:
    with db.write() as conn:
        conn.execute(
            "UPDATE series SET queues = ? WHERE id = ?", (json.dumps(list(queues)), series_id)
        )


def set_cadence(db: Database, series_id: int, cadence: str | None) -> None:
    if cadence is not None and cadence not in CADENCES:
        raise ValueError(f"cadence {cadence!r}: use one of {', '.join(CADENCES)}")
    with db.write() as conn:
        conn.execute("UPDATE series SET cadence = ? WHERE id = ?", (cadence, series_id))


def set_follows(db: Database, series_id: int, follows_id: int | None) -> None:
    """Link a series (a scrum) to the planning series whose goals it follows; None unlinks."""
    with db.write() as conn:
        conn.execute(
            "UPDATE series SET follows_series_id = ? WHERE id = ?", (follows_id, series_id)
        )


def meeting_days(db: Database, series_id: int) -> list[str]:
    """The start instants (UTC ISO text) of the series' meetings, oldest first."""
    return db.column(
        "SELECT started_at FROM meetings WHERE series_id = ? ORDER BY started_at", (series_id,)
    )


def series_scope(db: Database, series_id: int) -> str | None:
    row = db.query_one("SELECT scope FROM series WHERE id = ?", (series_id,))
    return row["scope"] if row else None


def latest_series_of_template(
    db: Database, template: str, scope: str | None, before: str
) -> int | None:
    """The series of `template` with the same scope whose latest meeting started before
    `before` most recently (a scrum's account planning)."""
    row = db.query_one(
        "SELECT s.id FROM series s JOIN meetings m ON m.series_id = s.id"
        " WHERE s.template = ? AND s.scope IS ? AND m.started_at <= ?"
        " ORDER BY m.started_at DESC LIMIT 1",
        (template, scope, before),
    )
    return int(row["id"]) if row else None


def latest_meeting(db: Database, series_id: int) -> int | None:
    row = db.query_one(
        "SELECT id FROM meetings WHERE series_id = ? ORDER BY started_at DESC, id DESC LIMIT 1",
        (series_id,),
    )
    return int(row["id"]) if row else None
