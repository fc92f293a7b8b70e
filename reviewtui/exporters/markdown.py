"""Minutes as Markdown that any CommonMark renderer shows as written, whatever the notes hold."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pendulum

from reviewtui.domain.models import Action, AgendaItem, Attendee, Meeting, Note
from reviewtui.domain.text import clean_input
from reviewtui.domain.timing import format_seconds

# `#` anywhere: a trailing run of #s would otherwise close a heading and vanish.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]|~!#])")
_BLOCK_MARK = re.compile(r"^[+=-]")
_ORDERED_MARK = re.compile(r"^(\d+)([.)])")


def inline(text: str) -> str:
    """One line of untrusted text as literal Markdown inline content (in a line or a cell)."""
    flat = " ".join(clean_input(text).split())
    escaped = _INLINE_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))
    escaped = _BLOCK_MARK.sub(lambda m: "\\" + m.group(0), escaped)
    return _ORDERED_MARK.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def cell(text: str | None) -> str:
    return inline(text or "") or " "


@dataclass(frozen=True)
class MinutesData:
    meeting: Meeting
    template_name: str
    attendees: Sequence[Attendee]
    agenda: Sequence[AgendaItem]
    notes: Sequence[Note]
    actions: Sequence[Action]
    carried: Sequence[Action]
    tz: str = "UTC"


_KIND_HEADINGS = (
    ("decision", "Decisions"),
    ("risk", "Risks"),
    ("blocker", "Blockers"),
    ("insight", "Insights"),
    ("note", "Notes"),
)


def _when(moment: pendulum.DateTime | None, tz: str) -> str:
    if moment is None:
        return "-"
    return moment.in_timezone(tz).format("YYYY-MM-DD HH:mm")


def render_minutes(data: MinutesData) -> str:
    m = data.meeting
    lines = [f"# {inline(m.title)}", ""]
    lines.append(f"- Review: {inline(data.template_name)}")
    if m.series_name:
        lines.append(f"- Series: {inline(m.series_name)}")
    if m.scope:
        lines.append(f"- Scope: {inline(m.scope)}")
    lines.append(f"- Started: {_when(m.started_at, data.tz)}")
    lines.append(f"- Ended: {_when(m.ended_at, data.tz)}")
    planned = sum(i.planned_seconds + i.extra_seconds for i in data.agenda)
    spent = sum(i.actual_seconds for i in data.agenda)
    lines.append(f"- Time: {format_seconds(spent)} spent of {format_seconds(planned)} planned")
    if m.override_reason:
        lines.append(f"- Closed outside the action range: {inline(m.override_reason)}")
    lines.append("")
    lines.append("## Attendees")
    lines.append("")
    present = [a for a in data.attendees if a.present]
    absent = [a for a in data.attendees if not a.present]
    if not data.attendees:
        lines.append("Nobody was recorded.")
    for person in present:
        role = f" ({inline(person.role)})" if person.role else ""
        lines.append(f"- {inline(person.person)}{role}")
    if absent:
        lines.append(f"- Absent: {', '.join(inline(p.person) for p in absent)}")
    lines.append("")
    if data.carried:
        lines.append("## Carried over from earlier meetings")
        lines.append("")
        for a in data.carried:
            lines.append(f"- {inline(a.title)} ({cell(a.owner)}, due {a.due or '-'})")
        lines.append("")
    for item in data.agenda:
        lines.append(f"## {inline(item.title)}")
        lines.append("")
        allowed = item.planned_seconds + item.extra_seconds
        lines.append(
            f"Time: {format_seconds(item.actual_seconds)} spent of"
            f" {format_seconds(allowed)} planned"
        )
        lines.append("")
        notes = [n for n in data.notes if n.agenda_item_id == item.id and not n.deleted]
        for kind, heading in _KIND_HEADINGS:
            group = [n for n in notes if n.kind == kind]
            if not group:
                continue
            lines.append(f"### {heading}")
            lines.append("")
            for n in group:
                prefix = f"\\[{inline(n.category)}\\] " if n.category else ""
                account = f" ({inline(n.account_name)})" if n.account_name else ""
                lines.append(f"- {prefix}{inline(n.text)}{account}")
            lines.append("")
    lines.append("## Actions")
    lines.append("")
    open_actions = [a for a in data.actions if a.status != "carried"]
    if not open_actions:
        lines.append("No actions.")
    else:
        lines.append("| # | Action | Owner | Due | Account | Status |")
        lines.append("|---|---|---|---|---|---|")
        for number, a in enumerate(open_actions, start=1):
            lines.append(
                f"| {number} | {cell(a.title)} | {cell(a.owner)} |"
                f" {a.due.isoformat() if a.due else '-'} | {cell(a.account_name)} |"
                f" {a.status} |"
            )
    lines.append("")
    return "\n".join(lines)
