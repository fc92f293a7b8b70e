"""Progress against the goals set at account planning: the planning meeting's decisions and
its open actions stand above the notes, so a scrum checks them one by one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from reviewtui.domain.text import one_line
from reviewtui.screens.note_screen import NoteScreen
from reviewtui.screens.section import prompts_content
from reviewtui.services.series_cadence import PlanningCarry, planning_for
from reviewtui.widgets.note_list import NoteList


def carry_content(carry: PlanningCarry | None, shown: int = 6) -> Content:
    if carry is None:
        return Content.styled(
            "No account-planning meeting to follow yet: its goals and open actions show here.",
            "dim",
        )
    lines = [
        Content.assemble(
            ("From ", "dim"), (one_line(carry.meeting_title, 60), "bold"), (" (planning)", "dim")
        )
    ]
    if carry.goals:
        lines.append(Content.styled(f"Goals ({len(carry.goals)})", "bold"))
        lines += [
            Content.assemble(("• ", "dim"), one_line(goal.text, 110))
            for goal in carry.goals[:shown]
        ]
    else:
        lines.append(Content.styled("No goals (decisions) were recorded there.", "dim"))
    if carry.open_actions:
        lines.append(Content.styled(f"Open actions ({len(carry.open_actions)})", "bold"))
        for action in carry.open_actions[:shown]:
            due = action.due.isoformat() if action.due else "no date"
            owner = one_line(action.owner or "no owner", 20)
            lines.append(
                Content.assemble(
                    ("☐ ", "dim"), one_line(action.title, 80), (f"  {owner}, {due}", "dim")
                )
            )
    return Content("\n").join(lines)


class GoalsScreen(NoteScreen):
    """A discussion section with the followed planning meeting's goals and actions on top."""

    def compose(self) -> ComposeResult:
        yield from self.compose_timer()
        with Vertical(id="section-body"):
            yield Static(prompts_content(self.item.prompts), id="prompts")
            carry = planning_for(
                self.session.ws, self.session.meeting.series_id, self.session.meeting.template
            )
            yield Static(
                carry_content(carry, 6 if self.app.size.height >= 36 else 3), id="planning"
            )
            yield NoteList(id="notes")
        yield self.note_composer()
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#prompts").display = self.size.height >= 36
