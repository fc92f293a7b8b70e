"""One segment queue as a column: a virtual list that fetches only the rows on screen."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from math import ceil
from typing import Self

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from reviewtui.domain.text import one_line


@dataclass(frozen=True)
class QueueRow:
    account_id: int
    name: str
    detail: str


# fetch(account ids of one page) -> their rows, in the same order
RowFetcher = Callable[[Sequence[int]], Sequence[QueueRow]]

PAGE = 100


def _same_thumb(bar: ScrollBar, old: float, new: float) -> bool:
    """Whether the scrollbar looks the same at both positions (drawn by its own renderer)."""
    window = bar.window_size if bar.window_size < bar.window_virtual_size else 0

    def drawn(position: float) -> list[Segment]:
        bars = bar.renderer.render_bar(
            size=bar.size.height,
            virtual_size=ceil(bar.window_virtual_size),
            window_size=ceil(window),
            position=bar.validate_position(position),
            thickness=bar.thickness,
            vertical=True,
        )
        return bars.segments

    return drawn(old) == drawn(new)


def queue_moves(step: str) -> list[Binding]:
    """Up/Down and PgUp/PgDn in a queue: `step(-1)`/`step(1)` and `page(-1)`/`page(1)`. The
    column binds them for itself and the queues screen for its note input (same ids, same
    words: a keymap moves both)."""
    return [
        Binding(
            "up",
            f"{step}(-1)",
            "Up",
            id="queue_up",
            show=False,
            tooltip="previous account in the queue (the account panel follows)",
        ),
        Binding(
            "down",
            f"{step}(1)",
            "Down",
            id="queue_down",
            show=False,
            tooltip="next account in the queue (the account panel follows)",
        ),
        Binding(
            "pageup",
            "page(-1)",
            "Page up",
            id="queue_page_up",
            show=False,
            tooltip="a page up the queue",
        ),
        Binding(
            "pagedown",
            "page(1)",
            "Page down",
            id="queue_page_down",
            show=False,
            tooltip="a page down the queue",
        ),
    ]


class QueueColumn(ScrollView, can_focus=True):
    """Rows are fetched a page at a time, so a queue of 100,000 accounts opens at once.

    A column made without its accounts (`account_ids=None`) is drawn as loading, its count
    a placeholder, until `show_accounts` gives them: the screen is up before its queues are
    evaluated."""

    COMPONENT_CLASSES = {"queue-column--cursor", "queue-column--reviewed"}
    DEFAULT_CSS = """
    QueueColumn {
        height: 1fr;
        width: 1fr;
        border: round $primary 40%;
        border-title-align: left;
        border-subtitle-align: right;
    }
    QueueColumn.-active { border: round $accent; }
    QueueColumn:focus { border: heavy $accent; }
    QueueColumn > .queue-column--cursor { background: $accent; color: $text; text-style: bold; }
    QueueColumn > .queue-column--reviewed { color: $text-muted; }
    """
    BINDINGS = [
        *queue_moves("cursor"),
        Binding(
            "home",
            "jump(0)",
            "First",
            id="queue_first",
            show=False,
            tooltip="first account in the queue",
        ),
        Binding(
            "end",
            "jump(-1)",
            "Last",
            id="queue_last",
            show=False,
            tooltip="last account in the queue",
        ),
    ]

    # Not repainted as a whole when it moves: `watch_cursor` repaints the two rows concerned.
    cursor: reactive[int] = reactive(0, repaint=False)

    class Highlighted(Message):
        def __init__(self, column: QueueColumn, account_id: int | None) -> None:
            super().__init__()
            self.column = column
            self.account_id = account_id

    def __init__(
        self,
        queue_id: str,
        name: str,
        order_label: str,
        account_ids: Sequence[int] | None,
        fetch: RowFetcher,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.queue_id = queue_id
        self.queue_name = name
        self.order_label = order_label
        self.loaded = False
        self.account_ids: tuple[int, ...] = ()
        self._members: set[int] = set()
        self.total = 0
        self._fetch = fetch
        self._pages: dict[int, Sequence[QueueRow]] = {}
        self.reviewed: set[int] = set()
        # Painted rows, so that scrolling by one row paints one new row, not the whole column.
        self._strips: dict[tuple[int, int, bool, bool, bool], Strip] = {}
        self._row_styles: dict[tuple[bool, bool, bool], Style] = {}
        # The lines last given to the compositor, and for which crop and size (see
        # `render_lines`); None once anything asks for a repaint.
        self._painted: tuple[Region, Size, list[Strip]] | None = None
        if account_ids is not None:
            self._set_accounts(account_ids)

    def _set_accounts(self, account_ids: Sequence[int]) -> None:
        self.account_ids = tuple(account_ids)
        self._members = set(self.account_ids)
        self.total = len(self.account_ids)
        self._pages.clear()
        self._strips.clear()
        self.loaded = True
        self.virtual_size = Size(0, self.total)

    def show_accounts(self, name: str, order_label: str, account_ids: Sequence[int]) -> None:
        """The queue, now evaluated: its name, its order and its accounts."""
        self.queue_name = name
        self.order_label = order_label
        self._set_accounts(account_ids)
        self.update_title()
        self.refresh()

    def on_mount(self) -> None:
        self.update_title()

    def on_resize(self, event: events.Resize) -> None:
        self.update_title()  # the name gets the room the new width leaves beside the count

    def update_title(self) -> None:
        # The count always shows: the name is cut to the room the border leaves it. Until the
        # queue is evaluated its count is not known, and says so.
        count = f"{self.reviewed_count()}/{self.total}" if self.loaded else "…"
        room = max(8, min(60, (self.size.width or 44) - 6 - len(count)))
        # Content, not str: a border title given as a str is parsed as markup.
        self.border_title = Content(f"{one_line(self.queue_name, room)} {count}")
        self.border_subtitle = Content(one_line(self.order_label, 40))

    def reviewed_count(self) -> int:
        return len(self._members & self.reviewed)

    def row(self, index: int) -> QueueRow | None:
        if not 0 <= index < self.total:
            return None
        page_number = index // PAGE
        page = self._pages.get(page_number)
        if page is None:
            start = page_number * PAGE
            page = self._fetch(self.account_ids[start : start + PAGE])
            self._pages[page_number] = page
        offset = index - page_number * PAGE
        return page[offset] if offset < len(page) else None

    @property
    def current(self) -> QueueRow | None:
        return self.row(self.cursor)

    def set_reviewed(self, reviewed: set[int]) -> None:
        self.reviewed = reviewed
        self.update_title()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._row_styles.clear()
        self._painted = None

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        self._painted = None
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def render_lines(self, crop: Region) -> list[Strip]:
        """The compositor asks every widget under a frame's changed box for its lines: when
        the account panel below changes, every column is asked. A column with nothing to
        repaint gives back the lines it gave last time, without painting them again."""
        painted = self._painted
        if painted is not None and painted[0] == crop and painted[1] == self.size:
            return painted[2]
        strips = super().render_lines(crop)
        self._painted = (crop, self.size, strips)
        return strips

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if not self.loaded:
            text = " loading…" if y == 0 else ""
            style = self._row_style(True, False, False)  # muted, as reviewed rows are
            return Strip([Segment(text, style)], len(text)).crop_extend(0, width, style)
        row = self.row(index)
        if row is None:
            return Strip([Segment(" " * width, self.rich_style)], width)
        reviewed = row.account_id in self.reviewed
        key = (
            index,
            width,
            reviewed,
            index == self.cursor,
            self.has_class("-active") or self.has_focus,
        )
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) > 4 * PAGE:
                self._strips.clear()
            strip = self._strips[key] = self._render_row(row, key)
        return strip

    def _render_row(self, row: QueueRow, key: tuple[int, int, bool, bool, bool]) -> Strip:
        _index, width, reviewed, is_cursor, active = key
        mark = "✓ " if reviewed else "  "
        detail = f" {row.detail}" if row.detail else ""
        name_width = max(width - len(mark) - len(detail), 1)
        head = Strip([Segment(mark + one_line(row.name))]).crop_extend(
            0, len(mark) + name_width, None
        )
        style = self._row_style(reviewed, is_cursor, active)
        return Strip([*head, Segment(detail)]).apply_style(style).crop_extend(0, width, style)

    def _row_style(self, reviewed: bool, is_cursor: bool, active: bool) -> Style:
        key = (reviewed, is_cursor, active)
        style = self._row_styles.get(key)
        if style is None:
            style = self.rich_style
            if reviewed:
                style = style + self.get_component_rich_style("queue-column--reviewed")
            if is_cursor:
                if active:
                    style = style + self.get_component_rich_style("queue-column--cursor")
                else:
                    style = style + Style(bold=True)
            self._row_styles[key] = style
        return style

    def watch_cursor(self, old: int, new: int) -> None:
        before = self.scroll_offset.y
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, immediate=True)
        if self.scroll_offset.y == before:
            # Only the two rows that changed are painted again.
            self.refresh_line(old)
            self.refresh_line(new)
        # Else every row moved: `watch_scroll_y` repaints them (the border stays), each
        # but the new one from the rows already painted.
        row = self.current
        self.post_message(self.Highlighted(self, row.account_id if row else None))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """As a ScrollView does, but the scrollbar is repainted only when its thumb moves:
        over 100,000 rows that is once in hundreds of rows, not at every row scrolled."""
        if self.show_vertical_scrollbar:
            bar = self.vertical_scrollbar
            if _same_thumb(bar, bar.position, new_value):
                bar.set_reactive(ScrollBar.position, bar.validate_position(new_value))
            else:
                bar.position = new_value
        if round(old_value) != round(new_value):
            self.refresh(self.size.region)

    def select_account(self, account_id: int) -> bool:
        """Put the cursor on this account, when it is in the queue."""
        if account_id not in self._members:
            return False
        self.cursor = self.account_ids.index(account_id)
        return True

    def action_cursor(self, delta: int) -> None:
        if self.total:
            self.cursor = max(0, min(self.total - 1, self.cursor + delta))

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * max(self.scrollable_content_region.height - 1, 1))

    def action_jump(self, index: int) -> None:
        if self.total:
            self.cursor = self.total - 1 if index < 0 else index

    def next_unreviewed(self) -> None:
        """Move to the next account not yet reviewed (wrapping to the top once)."""
        for step in range(1, self.total + 1):
            index = (self.cursor + step) % self.total
            if self.account_ids[index] not in self.reviewed:
                self.cursor = index
                return
