"""A meeting as JSON, in a stable shape other tools can rely on.

The document (version 1) is one object; keys are always present, `null` when unknown:

    {
      "format": "reviewtui-meeting",
      "version": 1,
      "meeting": {
        "id": int, "title": str, "template": str, "template_name": str,
        "series": str | null, "scope": str | null, "status": "live" | "closed",
        "started_at": str, "ended_at": str | null,        # UTC, ISO-8601
        "min_actions": int, "max_actions": int, "override_reason": str | null,
        "planned_seconds": int, "actual_seconds": int      # whole agenda
      },
      "attendees": [{"name": str, "role": str | null, "present": bool}],
      "agenda": [{
        "id": int, "position": int, "title": str, "kind": str,
        "planned_seconds": int,     # the template's timebox
        "extra_seconds": int,       # time added during the meeting
        "actual_seconds": int       # time spent
      }],
      "notes": [{                   # deleted notes are left out
        "id": int, "agenda_item_id": int | null, "section": str | null,
        "kind": "note" | "decision" | "risk" | "insight" | "blocker" | "action",
        "text": str, "category": str | null, "account": str | null,
        "author": str | null, "created_at": str
      }],
      "actions": [{
        "id": int, "title": str, "owner": str | null, "due": "YYYY-MM-DD" | null,
        "status": "open" | "done" | "dropped" | "carried",   # carried: continued later
        "account": str | null, "carried_from": int | null, "times_carried": int,
        "created_at": str, "completed_at": str | null, "drop_reason": str | null,
        "promised_due": "YYYY-MM-DD" | null           # first date promised; re-dates keep it
      }],
      "triage": [{                  # last meeting's actions, as triaged at the start
        "title": str, "owner": str | null, "account": str | null,
        "outcome": "done" | "carried" | "dropped" | "open"   # at the start of this one
                   | "done before the meeting" | "dropped before the meeting",
        "old_due": "YYYY-MM-DD" | null, "new_due": "YYYY-MM-DD" | null, "reason": str | null
      }],
      "accounts_reviewed": [{       # with the values they had when reviewed
        "account": str, "health": float | null, "status": str | null,
        "arr_cents": int | null, "nps": int | null, "renewal_date": "YYYY-MM-DD" | null
      }]
    }

A closed meeting's document is frozen at close: exporting it later gives the same text.
An abandoned meeting has `"status": "abandoned"` and its reason in `"abandon_reason"`.

Lists keep the meeting's order (agenda by position, notes and actions as recorded).
New keys may be added in later versions; existing keys keep their meaning.
"""

from __future__ import annotations

import json
from typing import Any

import pendulum

from reviewtui.domain.models import Action, Note
from reviewtui.domain.text import clean_input, json_text
from reviewtui.exporters.markdown import MinutesData

FORMAT = "reviewtui-meeting"
VERSION = 1


def _text(value: str | None) -> str | None:
    return clean_input(value) if value is not None else None


def _instant(value: pendulum.DateTime | None) -> str | None:
    return value.in_timezone("UTC").to_iso8601_string() if value is not None else None


def _action(a: Action) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": _text(a.title),
        "owner": _text(a.owner),
        "due": a.due.isoformat() if a.due else None,
        "status": a.status,
        "account": _text(a.account_name),
        "carried_from": a.carried_from,
        "times_carried": a.times_carried,
        "created_at": _instant(a.created_at),
        "completed_at": _instant(a.completed_at),
        "drop_reason": _text(a.drop_reason),
        "promised_due": _day(a.promised_due or a.due),
    }


def _day(value: pendulum.Date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _note(n: Note, sections: dict[int, str]) -> dict[str, Any]:
    return {
        "id": n.id,
        "agenda_item_id": n.agenda_item_id,
        "section": sections.get(n.agenda_item_id) if n.agenda_item_id is not None else None,
        "kind": n.kind,
        "text": _text(n.text),
        "category": _text(n.category),
        "account": _text(n.account_name),
        "author": _text(n.author),
        "created_at": _instant(n.created_at),
    }


def meeting_document(data: MinutesData) -> dict[str, Any]:
    """The version-1 document described in this module's docstring."""
    m = data.meeting
    sections = {item.id: item.title for item in data.agenda}
    return {
        "format": FORMAT,
        "version": VERSION,
        "meeting": {
            "id": m.id,
            "title": _text(m.title),
            "template": m.template,
            "template_name": _text(data.template_name),
            "series": _text(m.series_name),
            "scope": _text(m.scope),
            "status": "abandoned" if m.abandoned_at is not None else m.status,
            "abandon_reason": _text(m.abandon_reason),
            "started_at": _instant(m.started_at),
            "ended_at": _instant(m.ended_at),
            "min_actions": m.min_actions,
            "max_actions": m.max_actions,
            "override_reason": _text(m.override_reason),
            "planned_seconds": sum(i.planned_seconds for i in data.agenda),
            "actual_seconds": sum(i.actual_seconds for i in data.agenda),
        },
        "attendees": [
            {"name": _text(a.person), "role": _text(a.role), "present": a.present}
            for a in data.attendees
        ],
        "agenda": [
            {
                "id": i.id,
                "position": i.position,
                "title": _text(i.title),
                "kind": i.kind,
                "planned_seconds": i.planned_seconds,
                "extra_seconds": i.extra_seconds,
                "actual_seconds": i.actual_seconds,
            }
            for i in sorted(data.agenda, key=lambda item: item.position)
        ],
        "notes": [_note(n, sections) for n in data.notes if not n.deleted],
        "actions": [_action(a) for a in data.actions],
        "triage": [
            {
                "title": _text(t.title),
                "owner": _text(t.owner),
                "account": _text(t.account),
                "outcome": t.outcome,
                "old_due": _day(t.old_due),
                "new_due": _day(t.new_due),
                "reason": _text(t.reason),
            }
            for t in data.triage
        ],
        "accounts_reviewed": [
            {
                "account": _text(r.name),
                "health": r.health,
                "status": r.status,
                "arr_cents": r.arr_cents,
                "nps": r.nps,
                "renewal_date": _day(r.renewal_date),
            }
            for r in data.reviewed
        ],
    }


def render_json(data: MinutesData) -> str:
    return json_text(json.dumps(meeting_document(data), ensure_ascii=False, indent=2)) + "\n"
