"""Progress against the goals set at account planning: the planning meeting's decisions and
its open actions stand above the notes, so a scrum checks them one by one."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from reviewtui.domain.models import Action
from reviewtui.domain.text import one_line
from reviewtui.screens.note_screen import NoteScreen
from reviewtui.screens.section import prompts_content
from reviewtui.services.series_cadence import PlanningCarry, planning_for
from reviewtui.widgets.note_list import NoteList

TALL = 36  # from this many lines (`-tall`) the prompts show, and more goals and actions
SHORT_LIST = 3  # goals, and open actions, shown below it
LONG_LIST = 6  # shown from it


def carry_lines(carry: PlanningCarry | None) -> list[tuple[Content, bool]]:
    """The planning box's lines, each with whether it is a goal or an action past the first
    three of its list, which only a tall screen shows."""
    if carry is None:
        note = "No account-planning meeting to follow yet: its goals and open actions show here."
        return [(Content.styled(note, "dim"), False)]
    title = one_line(carry.meeting_title, 60)
    lines = [(Content.assemble(("From ", "dim"), (title, "bold"), (" (planning)", "dim")), False)]
    if carry.goals:
        lines.append((Content.styled(f"Goals ({len(carry.goals)})", "bold"), False))
        lines += _listed(
            Content.assemble(("• ", "dim"), one_line(goal.text, 110)) for goal in carry.goals
        )
    else:
        lines.append((Content.styled("No goals (decisions) were recorded there.", "dim"), False))
    if carry.open_actions:
        lines.append((Content.styled(f"Open actions ({len(carry.open_actions)})", "bold"), False))
        lines += _listed(_action_line(action) for action in carry.open_actions)
    return lines


def _action_line(action: Action) -> Content:
    due = action.due.isoformat() if action.due else "no date"
    owner = one_line(action.owner or "no owner", 20)
    return Content.assemble(("☐ ", "dim"), one_line(action.title, 80), (f"  {owner}, {due}", "dim"))


def _listed(items: Iterable[Content]) -> list[tuple[Content, bool]]:
    """The first six items, those past the first three marked as for a tall screen."""
    return [(item, n >= SHORT_LIST) for n, item in enumerate(itertools.islice(items, LONG_LIST))]


class GoalsScreen(NoteScreen):
    """A discussion section with the followed planning meeting's goals and actions on top.

    Below 36 lines (`-short`, set again on each resize) the prompts are left out and three
    goals and three actions show, from 36 (`-tall`) six of each (meeting.tcss)."""

    VERTICAL_BREAKPOINTS = [(0, "-short"), (TALL, "-tall")]

    def compose(self) -> ComposeResult:
        yield from self.compose_timer()
        with Vertical(id="section-body"):
            yield Static(prompts_content(self.item.prompts), id="prompts")
            carry = planning_for(
                self.session.ws, self.session.meeting.series_id, self.session.meeting.template
            )
            with Vertical(id="planning"):
                for line, more in carry_lines(carry):
                    yield Static(line, classes="-more" if more else None)
            yield NoteList(id="notes")
        yield self.note_composer()
        yield from self.compose_footer()
