"""Queries behind the follow-up report: raw rows, turned into figures by domain.reporting."""

from __future__ import annotations

from reviewtui.store.db import Database
from reviewtui.store.segments import ScopeFilter, scope_where

_ACTIONS = (
    "WITH RECURSIVE chain(id, root, depth) AS ("
    " SELECT id, id, 0 FROM actions WHERE carried_from IS NULL"
    " UNION ALL SELECT a.id, chain.root, chain.depth + 1 FROM actions a"
    " JOIN chain ON a.carried_from = chain.id)"
    " SELECT x.id, x.title, x.owner, x.due, x.status, x.created_at, x.completed_at,"
    " x.meeting_id, acc.name AS account, coalesce(chain.depth, 0) AS times_carried,"
    " coalesce(root.created_at, x.created_at) AS first_created_at,"
    " coalesce(x.promised_due, root.due, x.due) AS promised_due"
    " FROM actions x LEFT JOIN chain ON chain.id = x.id"
    " LEFT JOIN actions root ON root.id = chain.root"
    " LEFT JOIN accounts acc ON acc.id = x.account_id"
    " JOIN meetings mx ON mx.id = x.meeting_id WHERE mx.abandoned_at IS NULL"
    " ORDER BY x.id"
)


def action_rows(db: Database) -> list[dict]:
    """Every action with its carry depth, when the first action of its chain was made and
    the date first promised (abandoned meetings left out)."""
    return db.query(_ACTIONS)


def agenda_rows(db: Database) -> list[dict]:
    """Planned and spent seconds of every section of every closed meeting."""
    return db.query(
        "SELECT m.id AS meeting_id, m.template, m.started_at, i.title, i.planned_seconds,"
        " i.actual_seconds FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id"
        " WHERE m.status = 'closed' AND m.abandoned_at IS NULL"
        " ORDER BY m.started_at, m.id, i.position"
    )


def attendance_rows(db: Database) -> list[dict]:
    """Who was recorded at which meeting, present or not, in which role."""
    return db.query(
        "SELECT a.meeting_id, m.template, m.started_at, p.name AS person,"
        " coalesce(a.role, p.role) AS role, a.present, p.created_at AS person_since"
        " FROM attendance a JOIN meetings m ON m.id = a.meeting_id"
        " JOIN people p ON p.id = a.person_id WHERE m.abandoned_at IS NULL"
        " ORDER BY m.started_at, p.name"
    )


def held_meeting_rows(db: Database) -> list[dict]:
    """Every closed meeting, abandoned ones aside: what the expected roles are checked on."""
    return db.query(
        "SELECT id AS meeting_id, template, title, started_at FROM meetings"
        " WHERE status = 'closed' AND abandoned_at IS NULL ORDER BY started_at, id"
    )


def people_rows(db: Database) -> list[dict]:
    return db.query("SELECT name, role, created_at FROM people ORDER BY name")


def account_rows(
    db: Database, reviewed_before: str, scope: ScopeFilter | None = None
) -> list[dict]:
    """Every account in scope with the time of its last review before `reviewed_before`
    (UTC text), in meetings not abandoned."""
    where, params = scope_where(scope, "a")
    return db.query(
        "SELECT a.id, a.name, a.owner, a.churned_on, max(r.reviewed_at) AS last_reviewed_at"
        " FROM accounts a LEFT JOIN (SELECT r.* FROM account_reviews r JOIN meetings m"
        " ON m.id = r.meeting_id WHERE m.abandoned_at IS NULL) r"
        " ON r.account_id = a.id AND r.reviewed_at < ?"
        f" WHERE {where} GROUP BY a.id ORDER BY a.id",
        (reviewed_before, *params),
    )


def insight_rows(db: Database) -> list[dict]:
    """When each insight about an account was recorded (deleted ones left out)."""
    return db.query(
        "SELECT n.account_id, n.created_at FROM notes n JOIN meetings m ON m.id = n.meeting_id"
        " WHERE n.kind = 'insight' AND n.deleted_at IS NULL AND n.account_id IS NOT NULL"
        " AND m.abandoned_at IS NULL"
    )
