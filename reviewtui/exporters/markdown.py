"""Minutes as Markdown that any CommonMark renderer shows as written, whatever the notes hold."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pendulum

from reviewtui.domain.entries import NoteKind
from reviewtui.domain.models import Action, AgendaItem, Attendee, Meeting, Note
from reviewtui.domain.names import fold
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
class TriageLine:
    """What became of one of last meeting's actions at the start of this one."""

    title: str
    owner: str | None
    account: str | None
    outcome: str  # done, carried, dropped, open (left open); or done/dropped before the meeting
    old_due: pendulum.Date | None = None
    new_due: pendulum.Date | None = None  # carried: the date it carries
    reason: str | None = None  # dropped: why


@dataclass(frozen=True)
class ReviewedAccount:
    """An account reviewed in the meeting with the values it had then."""

    name: str
    health: float | None
    status: str | None
    arr_cents: int | None
    nps: int | None
    renewal_date: pendulum.Date | None


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
    triage: Sequence[TriageLine] = ()
    reviewed: Sequence[ReviewedAccount] = ()
    owner_roles: Sequence[str] = ()  # the template's action roles, in order (csm, leader)
    roles: dict[str, str] = field(default_factory=dict)  # folded owner name -> role
    expected_roles: Sequence[str] = ()  # the roles the template expects (`attendees`)


_KIND_HEADINGS = (
    (NoteKind.DECISION, "Decisions"),
    (NoteKind.RISK, "Risks"),
    (NoteKind.BLOCKER, "Blockers"),
    (NoteKind.INSIGHT, "Insights"),
    (NoteKind.NOTE, "Notes"),
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
    here = {fold(p.role or "") for p in present}
    missing = [role for role in data.expected_roles if fold(role) not in here]
    if missing:
        lines.append(f"- Expected but not here: {', '.join(inline(r) for r in missing)}")
    lines.append("")
    if m.abandoned_at is not None:
        lines.append(f"Abandoned: {inline(m.abandon_reason or '')}")
        lines.append("")
    lines.extend(reviewed_lines(data))
    for item in data.agenda:
        lines.append(f"## {inline(item.title)}")
        lines.append("")
        allowed = item.planned_seconds + item.extra_seconds
        if item.actual_seconds == 0 and item.started_at is None:
            lines.append(f"Time: not reached ({format_seconds(allowed)} planned)")
        else:
            lines.append(
                f"Time: {format_seconds(item.actual_seconds)} spent of"
                f" {format_seconds(allowed)} planned"
            )
        lines.append("")
        if item.kind == "carryover":
            lines.extend(triage_lines(data))
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
    lines.extend(action_lines(data))
    return "\n".join(lines)


def _day(value: pendulum.Date | None) -> str:
    return value.isoformat() if value is not None else "-"


def triage_lines(data: MinutesData) -> list[str]:
    """Each of last meeting's actions and what became of it at the start of this one."""
    if not data.triage:
        return ["Nothing was left open by the last meeting.", ""]
    lines = ["| Action | Owner | Account | Outcome |", "|---|---|---|---|"]
    for t in data.triage:
        if t.outcome == "carried":
            outcome = (
                f"carried, due {_day(t.old_due)} → {_day(t.new_due)}"
                if t.new_due != t.old_due
                else f"carried, still due {_day(t.old_due)}"
            )
        elif t.outcome == "dropped":
            outcome = f"dropped: {inline(t.reason or 'no reason given')}"
        elif t.outcome == "done":
            outcome = "done"
        elif t.outcome == "done before the meeting":
            outcome = "done before the meeting"
        elif t.outcome == "dropped before the meeting":
            outcome = f"dropped before the meeting: {inline(t.reason or 'no reason given')}"
        else:
            outcome = f"left open (due {_day(t.old_due)})"
        lines.append(f"| {cell(t.title)} | {cell(t.owner)} | {cell(t.account)} | {outcome} |")
    lines.append("")
    return lines


def reviewed_lines(data: MinutesData) -> list[str]:
    """The accounts reviewed, with the values they had when reviewed."""
    if not data.reviewed:
        return []
    lines = ["## Accounts reviewed", ""]
    lines.append("| Account | Health | Status | ARR | NPS | Renewal |")
    lines.append("|---|---|---|---|---|---|")
    for r in data.reviewed:
        health = f"{r.health:g}" if r.health is not None else "-"
        arr = f"${r.arr_cents / 100:,.0f}" if r.arr_cents is not None else "-"
        nps = str(r.nps) if r.nps is not None else "-"
        lines.append(
            f"| {cell(r.name)} | {health} | {r.status or '-'} | {arr} | {nps} |"
            f" {_day(r.renewal_date)} |"
        )
    lines.append("")
    return lines


def _table(actions: Sequence[Action], numbered_from: int) -> list[str]:
    lines = ["| # | Action | Owner | Due | Account | Status |", "|---|---|---|---|---|---|"]
    for number, a in enumerate(actions, start=numbered_from):
        lines.append(
            f"| {number} | {cell(a.title)} | {cell(a.owner)} |"
            f" {_day(a.due)} | {cell(a.account_name)} | {a.status} |"
        )
    return lines


def action_lines(data: MinutesData) -> list[str]:
    """This meeting's actions, by role when the template names the roles that own them."""
    lines = ["## Actions", ""]
    actions = [a for a in data.actions if a.status != "carried"]
    if not actions:
        return [*lines, "No actions.", ""]
    if not data.owner_roles:
        return [*lines, *_table(actions, 1), ""]
    groups: dict[str, list[Action]] = {role: [] for role in data.owner_roles}
    others: list[Action] = []
    for a in actions:
        role = data.roles.get(fold(a.owner or ""), "")
        if role in groups:
            groups[role].append(a)
        else:
            others.append(a)
    number = 1
    for heading, group in [*groups.items(), ("other owners", others)]:
        if not group and heading == "other owners":
            continue
        lines += [f"### For the {inline(heading)}", ""]
        if group:
            lines += _table(group, number)
            number += len(group)
        else:
            lines.append("None.")
        lines.append("")
    return lines
