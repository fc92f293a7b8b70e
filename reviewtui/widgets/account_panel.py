"""The account in focus: money, renewal, health and usage trends, open actions, past notes."""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.segment import Segment
from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget

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


def _since(words: str | None, wide: bool) -> str:
    """' since 14 Oct (49 days)' from 'red since 14 Oct (49 days)' (without the days when
    narrow, so the line fits 80 columns)."""
    if not words or " " not in words:
        return ""
    since = " " + words.split(" ", 1)[1]
    return since if wide else since.split(" (", 1)[0]


def _or_dash(value: object) -> str:
    return "-" if value is None else str(value)


def panel_content(view: AccountView, wide: bool = False) -> Content:
    """The panel's lines; `wide` (a tall, wide terminal) gives names their full length and
    adds a line per metric trend."""
    a = view.account
    room = 200 if wide else 60
    lines: list[Content] = []
    lines.append(
        Content.assemble(
            (one_line(a.name, room), "bold"),
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
            (_since(view.status_since, wide), "dim"),
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
    if wide and view.trends:
        lines.append(Content.assemble(("Trends: ", "bold"), "; ".join(view.trends)))
    if view.open_actions:
        title_room = 80 if wide else 40
        parts = [
            f"{one_line(x.title, title_room)} ({one_line(x.owner or '?', 15)}, "
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
                (one_line(note.text, 300 if wide else 100), "dim"),
            )
        )
    return Content("\n").join(lines)


def _same_cells(before: Iterable[Segment], after: Iterable[Segment], backwards: bool) -> int:
    """How many cells two lines share from their start (or, `backwards`, from their end).
    Segments split differently end the count early: the answer may be short, never long."""
    cells = 0
    for old, new in zip(before, after, strict=False):
        if old == new:
            cells += cell_len(old.text)
            continue
        if old.style == new.style and not old.control and not new.control:
            a, b = (old.text[::-1], new.text[::-1]) if backwards else (old.text, new.text)
            same = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), None)
            cells += cell_len(a[: min(len(a), len(b)) if same is None else same])
        break
    return cells


def changed_cells(before: Strip, after: Strip, width: int) -> tuple[int, int]:
    """The cells [start, end) outside which two lines of `width` cells are the same."""
    start = _same_cells(before, after, backwards=False)
    end = width - _same_cells(reversed(list(before)), reversed(list(after)), backwards=True)
    return min(start, width), max(end, min(start, width))


class AccountPanel(Widget):
    """The panel of the account in focus. Moving to the next account repaints only the cells
    whose text (or style) changed, line by line: the blank lines, those the two accounts share,
    and the unchanged start and end of the others are left alone, so a move through a long
    queue sends the terminal a few short pieces of lines."""

    DEFAULT_CSS = """
    AccountPanel {
        height: 7;
        padding: 0 1;
        border-top: solid $primary 40%;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self._content = Content("")
        self._lines: list[Strip] = []
        self._lines_size: Size | None = None  # the size `_lines` were rendered for

    def render(self) -> Content:
        """What the panel shows (its height is set by the screen, not by this)."""
        return self._content

    def show_view(self, view: AccountView | None) -> None:
        if view is None:
            self.show(Content.styled("No account selected.", "dim"))
        else:
            wide = self.size.width >= 100 and self.size.height >= 10
            self.show(panel_content(view, wide=wide))

    def show(self, content: Content) -> None:
        self._content = content
        size = self.size
        if not self.is_mounted or self._lines_size != size:
            self._lines_size = None
            self.refresh()
            return
        before = self._lines
        after = self._render_lines(size)
        blank = Strip.blank(size.width, self.visual_style.rich_style)
        for y in range(size.height):
            old = before[y] if y < len(before) else blank
            new = after[y] if y < len(after) else blank
            if old != new:
                # Only the cells from the first that differs to the last: the line's
                # unchanged ends are not sent again.
                start, end = changed_cells(old, new, size.width)
                if start < end:
                    self.refresh(Region(start, y, end - start, 1))

    def _render_lines(self, size: Size) -> list[Strip]:
        self._lines = Visual.to_strips(
            self, self._content, size.width, size.height, self.visual_style
        )
        self._lines_size = size
        return self._lines

    def render_line(self, y: int) -> Strip:
        size = self.size
        lines = self._lines if self._lines_size == size else self._render_lines(size)
        if y < len(lines):
            return lines[y]
        return Strip.blank(size.width, self.visual_style.rich_style)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines_size = None  # another theme or class: rendered again
