"""The account in focus: money, renewal, health and usage trends, open actions, past notes."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from reviewtui.domain.entries import KIND_LABELS
from reviewtui.domain.text import one_line
from reviewtui.domain.trends import money, sparkline
from reviewtui.services.accounts import AccountView

STATUS_STYLES = {"red": "bold red", "yellow": "bold yellow", "green": "bold green"}


def _days(days: int | None) -> str:
    if days is None:
        return ""
    if days == 0:
        return " (today)"
    return f" (in {days} days)" if days > 0 else f" ({-days} days ago)"


def _or_dash(value: object) -> str:
    return "-" if value is None else str(value)


def panel_content(view: AccountView) -> Content:
    a = view.account
    lines: list[Content] = []
    lines.append(
        Content.assemble(
            (one_line(a.name, 60), "bold"),
            (f"  · {one_line(a.owner, 30)}" if a.owner else "", "dim"),
            (f"  · {one_line(a.tier, 20)}" if a.tier else "", "dim"),
            (f"  · {one_line(a.lifecycle, 20)}" if a.lifecycle else "", "dim"),
        )
    )
    renewal = a.renewal_date.isoformat() + _days(view.days_to_renewal) if a.renewal_date else "-"
    status = one_line(a.status or "-", 12).upper()
    lines.append(
        Content.assemble(
            f"ARR {money(a.arr_cents)} · renews {renewal} · NPS {_or_dash(a.nps)} · ",
            (status, STATUS_STYLES.get(a.status or "", "")),
        )
    )
    health = f"{a.health:.0f}" if a.health is not None else "-"
    usage = f"{a.usage:.0f}%" if a.usage is not None else "-"
    lines.append(
        Content.assemble(
            f"Health {health:>3} ",
            (sparkline(view.health_trend, 0, 100), "bold"),
            f"   Usage {usage:>4} ",
            (sparkline(view.usage_trend, 0, 100), "bold"),
        )
    )
    touch = a.last_touch.isoformat() if a.last_touch else "-"
    engaged = a.last_engaged.isoformat() if a.last_engaged else "-"
    lines.append(Content(f"Last touch {touch} · last engaged {engaged}"))
    if view.last_reviewed is not None:
        changed = "; ".join(view.changes) if view.changes else "no change in the numbers"
        when = view.last_reviewed.format("D MMM")
        lines.append(Content.assemble(("Since review " + when + ": ", "bold"), changed))
    else:
        lines.append(Content.styled("Not reviewed before.", "dim"))
    if view.open_actions:
        parts = [
            f"{one_line(x.title, 40)} ({one_line(x.owner or '?', 15)}, "
            f"{x.due.isoformat() if x.due else 'no date'})"
            for x in view.open_actions[:3]
        ]
        lines.append(
            Content.assemble(
                (f"Open actions ({len(view.open_actions)}): ", "bold"), "; ".join(parts)
            )
        )
    for note in view.last_notes:
        lines.append(
            Content.assemble(
                (f"{KIND_LABELS[note.kind]}: ", "dim bold"),
                (one_line(note.text, 100), "dim"),
            )
        )
    return Content("\n").join(lines)


class AccountPanel(Static):
    DEFAULT_CSS = """
    AccountPanel {
        height: 7;
        padding: 0 1;
        border-top: solid $primary 40%;
    }
    """

    def show_view(self, view: AccountView | None) -> None:
        if view is None:
            self.update(Content.styled("No account selected.", "dim"), layout=False)
        else:
            # A fixed height: moving through a queue repaints the panel, not the whole screen.
            self.update(panel_content(view), layout=False)
