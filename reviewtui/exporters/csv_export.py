"""Actions as CSV that spreadsheets open as data, never as formulas.

Any cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with a
single quote, so a title like `=HYPERLINK(...)` shows as text instead of running.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

import pendulum

from reviewtui.domain.models import Action
from reviewtui.domain.text import clean_input

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

ACTION_HEADER = (
    "id",
    "meeting_id",
    "meeting",
    "title",
    "owner",
    "due",
    "status",
    "account",
    "times_carried",
    "carried_from",
    "created_at",
    "completed_at",
    "drop_reason",
)


def safe_cell(value: object) -> str:
    """The cell as text, defused if a spreadsheet would read it as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, pendulum.DateTime):
        text = value.in_timezone("UTC").to_iso8601_string()
    elif isinstance(value, pendulum.Date):
        text = value.isoformat()
    else:
        # Terminal escapes go; carriage returns stay (a cell may hold CRLF line breaks).
        text = "\r".join(clean_input(part) for part in str(value).split("\r"))
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def render_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV document (RFC 4180 quoting, CRLF line ends) with every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()


def action_row(action: Action, meeting_title: str | None) -> tuple[object, ...]:
    return (
        action.id,
        action.meeting_id,
        meeting_title,
        action.title,
        action.owner,
        action.due,
        action.status,
        action.account_name,
        action.times_carried,
        action.carried_from,
        action.created_at,
        action.completed_at,
        action.drop_reason,
    )


def render_actions_csv(actions: Sequence[Action], meeting_title: str | None) -> str:
    """One meeting's actions, one row each, in the order they were recorded."""
    return render_csv(ACTION_HEADER, (action_row(a, meeting_title) for a in actions))
