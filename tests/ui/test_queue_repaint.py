"""Moving through a queue repaints what changed and no more, and the terminal still ends up
showing exactly what a full redraw would.

Every frame the app sends is applied, as a terminal would apply it, to a grid of cells (character
and style); after each move that grid must equal the screen drawn whole. The regions marked for
repaint are counted per widget: one row down within the page is the two rows and the panel lines
that changed; a scroll is the column's rows, and the scrollbar only when its thumb moves.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import pytest
from rich.console import Console
from rich.segment import ControlType, Segment
from rich.style import Style
from textual._compositor import Compositor
from textual.app import App
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from ui_helpers import LARGE, SMALL, make_app, queues_loaded

from reviewtui.importers.sample import load_sample
from reviewtui.screens.queues import QueuesScreen
from reviewtui.services.meeting import start_meeting
from reviewtui.services.workspace import Workspace
from reviewtui.store.accounts import upsert_account
from reviewtui.widgets.account_panel import AccountPanel
from reviewtui.widgets.queue_column import QueueColumn, _same_thumb

Cell = tuple[str, Style | None]


class Terminal:
    """The cells on screen, changed only by the frames the app sends."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.cells: list[list[Cell]] = [[(" ", None)] * width for _ in range(height)]
        self.console = Console(width=width, height=height, color_system="truecolor")

    def apply(self, segments: Iterator[Segment]) -> None:
        x = y = 0
        for segment in segments:
            if segment.control:
                for control in segment.control:
                    if control[0] == ControlType.CURSOR_MOVE_TO:
                        x, y = int(control[1]), int(control[2])  # type: ignore[misc]
                continue
            if segment.text == "\n":
                continue
            for char in segment.text:
                if 0 <= y < self.height and 0 <= x < self.width:
                    self.cells[y][x] = (char, segment.style)
                x += 1

    def frame(self, update: object) -> None:
        render = getattr(update, "__rich_console__", None)
        if render is not None:
            self.apply(render(self.console, self.console.options))


def full_redraw(app: App) -> list[list[Cell]]:
    strips = app.screen._compositor.render_strips()
    cells: list[list[Cell]] = []
    for strip in strips:
        line: list[Cell] = []
        for segment in strip:
            line.extend((char, segment.style) for char in segment.text)
        cells.append(line)
    return cells


def queues_meeting(ws: Workspace) -> int:
    """The sample book, with enough red accounts for the first queue to scroll; some have an
    owner, a tier, a renewal, some not, so the panel's lines differ from one to the next."""
    load_sample(ws)
    for n in range(40):
        values: dict[str, object] = {
            "name": f"Red account {n:02d}",
            "status": "red",
            "health": float(n % 50),
            "arr_cents": 100_000_00 + n * 1_000_00,
        }
        if n % 3:
            values.update(owner=f"Owner {n % 4}", tier="enterprise" if n % 2 else "smb")
        if n % 4 == 0:
            values.update(renewal_date="2027-01-15", nps=n - 20)
        upsert_account(ws.db, values, ws.clock.now())
    session = start_meeting(ws, "book-of-business", series="Repaint")
    session.apply(session.clock.goto(next(i for i in session.items if i.kind == "queues").id))
    return session.id


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
async def test_moves_repaint_only_what_changed(
    ws: Workspace, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = Terminal(*size)
    display = App._display

    def shown(self: App, screen: object, update: object) -> None:
        terminal.frame(update)
        display(self, screen, update)  # type: ignore[arg-type]

    repainted: dict[str, list[Region]] = defaultdict(list)
    update_widgets = Compositor.update_widgets

    def dirty(self: Compositor, widgets: set[Widget]) -> None:
        for widget in widgets:
            repainted[type(widget).__name__].extend(widget._repaint_regions)
        update_widgets(self, widgets)

    # The columns painted again (not given back as they were last painted).
    painted: list[Widget] = []
    render_lines = Widget.render_lines

    def paint(self: Widget, crop: Region) -> list[Strip]:
        if isinstance(self, QueueColumn):
            painted.append(self)
        return render_lines(self, crop)

    monkeypatch.setattr(App, "_display", shown)
    monkeypatch.setattr(Compositor, "update_widgets", dirty)
    monkeypatch.setattr(Widget, "render_lines", paint)
    app = make_app(ws, queues_meeting(ws))
    async with app.run_test(size=size) as pilot:
        await queues_loaded(pilot)
        screen = app.screen
        assert isinstance(screen, QueuesScreen)
        column = screen.queue_columns[screen.active_queue]
        panel = screen.query_one(AccountPanel)
        page = column.scrollable_content_region.height
        assert column.total > page + 3, "the sample's first queue must scroll"
        bar = column.vertical_scrollbar
        await pilot.pause()
        screen._on_timer_update()  # what the first frames left to paint
        within = scrolled = narrowed = 0
        for _ in range(page + 3):
            before, thumb = column.scroll_offset.y, bar.position
            repainted.clear()
            painted.clear()
            await pilot.press("down")
            await pilot.pause()
            screen._on_timer_update()
            assert terminal.cells == full_redraw(app)
            rows = repainted.pop("QueueColumn", [])
            lines = repainted.pop("AccountPanel", [])
            if repainted.pop("ScrollBar", None):  # only when the thumb moves
                assert not _same_thumb(bar, thumb, bar.position)
            # The clock ticks on its own; nothing else is repainted by a move.
            assert set(repainted) <= {"Static", "NoteInput"}, repainted
            assert sum(r.height for r in lines) < panel.size.height
            # The panel's changed lines are repainted from their first changed cell to their
            # last, and the other columns under the frame's box are not painted again.
            narrowed += any(r.width < panel.size.width for r in lines)
            assert set(painted) <= {column}, painted
            if column.scroll_offset.y == before:
                within += 1
                assert [r.height for r in rows] == [1, 1]  # the row left and the row reached
            else:
                scrolled += 1
                assert all(r.height <= page for r in rows)  # the rows, not the border
        assert within and scrolled and narrowed
