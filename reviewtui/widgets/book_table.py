"""A book's accounts as a table: a virtual list that fetches only the rows on screen.

One header line names the columns (the sorted one marked ▲/▼, so the order reads without
colour); the columns shown depend on the width. A change is written with its sign, and bad news
is marked with "!" and a flat one reads "=", again without relying on colour.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reviewtui.domain.metric_lines import BY_NAME, show
from reviewtui.domain.text import one_line
from reviewtui.services.health_data import BookRow

PAGE = 100
RowFetcher = Callable[[Sequence[int]], Sequence[BookRow]]


@dataclass(frozen=True)
class Column:
    key: str  # the sort key (store.book_metrics.SORT_KEYS)
    title: str
    width: int
    priority: int  # lower shows first when space is short


COLUMNS: tuple[Column, ...] = (
    Column("status", "St", 3, 0),
    Column("red_since", "Since", 6, 3),
    Column("health", "Hlth", 5, 0),
    Column("health_change", "Δ3m", 6, 1),
    Column("usage", "Use", 5, 1),
    Column("usage_change", "Δ3m", 6, 2),
    Column("nps", "NPS", 5, 2),
    Column("nps_change", "Δ3m", 6, 4),
    Column("arr_cents", "ARR", 7, 1),
    Column("spend_cents", "Spend", 7, 5),
    Column("cost_per_lead_cents", "CPL", 8, 5),
    Column("leads", "Leads", 6, 6),
)
SORTABLE = ("name", *(c.key for c in COLUMNS))
NAME_MIN = 16
STATUS_MARKS = {"red": "R", "yellow": "Y", "green": "G"}


def _change(metric: str, value: float | None) -> str:
    if value is None:
        return "-"
    spec = BY_NAME[metric]
    if abs(value) < spec.flat:
        return "="
    worse = spec.higher_is_better is not None and (value > 0) != spec.higher_is_better
    return f"{value:+.0f}{'!' if worse else ' '}"


def cell(row: BookRow, key: str, today_days: Callable[[BookRow], int | None]) -> str:
    if key == "status":
        return STATUS_MARKS.get(row.status or "", "-")
    if key == "red_since":
        days = today_days(row)
        return "-" if days is None else f"{days}d"
    if key.endswith("_change"):
        metric = key.removesuffix("_change")
        return _change(metric, getattr(row, key))
    value = getattr(row, key)
    return show(BY_NAME[key], None if value is None else float(value))


class BookTable(ScrollView, can_focus=True):
    """Rows are fetched a page at a time, so a book of 100,000 accounts opens at once."""

    COMPONENT_CLASSES = {"book-table--cursor", "book-table--header"}
    DEFAULT_CSS = """
    BookTable {
        height: 1fr;
        padding: 0 1;
    }
    BookTable > .book-table--cursor { background: $accent; color: $text; text-style: bold; }
    BookTable > .book-table--header { color: $text-muted; text-style: bold; }
    """

    cursor: reactive[int] = reactive(0)

    class Highlighted(Message):
        def __init__(self, table: BookTable, account_id: int | None) -> None:
            super().__init__()
            self.table = table
            self.account_id = account_id

    def __init__(
        self,
        fetch: RowFetcher,
        days_in_status: Callable[[BookRow], int | None],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._fetch = fetch
        self._days = days_in_status
        self.account_ids: tuple[int, ...] = ()
        self.sort = "health"
        self.descending = False
        self._pages: dict[int, Sequence[BookRow]] = {}
        self._strips: dict[tuple[int, int, bool], Strip] = {}
        self.first_row_painted: float | None = None

    def show_ids(
        self,
        ids: Sequence[int],
        sort: str,
        descending: bool,
        first: Sequence[BookRow] = (),
        *,
        keep: int | None = None,
    ) -> None:
        """A new order of the book (with its first page when already read): the cursor stays
        on the account `keep` when it is in the book (the one being talked about, through a
        re-sort or a resumed meeting), else it goes back to the top."""
        self.account_ids = tuple(ids)
        self.sort, self.descending = sort, descending
        self._pages.clear()
        if first:
            self._pages[0] = list(first)
        self._strips.clear()
        # One line for the header, then a line per account.
        self.virtual_size = Size(0, len(self.account_ids) + 1)
        index = self.account_ids.index(keep) if keep is not None and keep in ids else 0
        self.set_reactive(BookTable.cursor, index)
        # The kept account a few rows from the top, so what comes before it shows too.
        self.scroll_to(0, max(0, index - 3), animate=False, immediate=True)
        self.refresh()
        self.post_message(self.Highlighted(self, self.account_ids[index] if ids else None))

    @property
    def total(self) -> int:
        return len(self.account_ids)

    def row(self, index: int) -> BookRow | None:
        if not 0 <= index < self.total:
            return None
        number = index // PAGE
        page = self._pages.get(number)
        if page is None:
            start = number * PAGE
            page = self._pages[number] = list(self._fetch(self.account_ids[start : start + PAGE]))
        offset = index - number * PAGE
        return page[offset] if offset < len(page) else None

    @property
    def current(self) -> BookRow | None:
        return self.row(self.cursor)

    def columns_for(self, width: int) -> list[Column]:
        """The columns that fit beside a name of at least NAME_MIN, in their order."""
        chosen: list[Column] = []
        room = width - NAME_MIN
        for column in sorted(COLUMNS, key=lambda c: c.priority):
            if column.width <= room:
                chosen.append(column)
                room -= column.width
        return [c for c in COLUMNS if c in chosen]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        columns = self.columns_for(width)
        name_width = width - sum(c.width for c in columns)
        if y == 0:
            return self._header(columns, name_width, width)
        index = self.scroll_offset.y + y - 1
        row = self.row(index)
        if row is None:
            return Strip([Segment(" " * width, self.rich_style)], width)
        if self.first_row_painted is None:
            self.first_row_painted = time.perf_counter()  # what the benchmark waits for
        key = (index, width, index == self.cursor)
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) > 4 * PAGE:
                self._strips.clear()
            text = one_line(row.name, name_width - 1).ljust(name_width)[:name_width]
            text += "".join(" " + cell(row, c.key, self._days).rjust(c.width - 1) for c in columns)
            style = self.rich_style
            if index == self.cursor:
                style = style + self.get_component_rich_style("book-table--cursor")
            strip = Strip([Segment(text, style)]).crop_extend(0, width, style)
            self._strips[key] = strip
        return strip

    def _header(self, columns: list[Column], name_width: int, width: int) -> Strip:
        arrow = "▼" if self.descending else "▲"

        def title(key: str, text: str) -> str:
            return f"{text}{arrow}" if key == self.sort else text

        text = f"Account ({self.total:,})"
        text = title("name", text).ljust(name_width)[:name_width]
        text += "".join(" " + title(c.key, c.title).rjust(c.width - 1) for c in columns)
        style = self.rich_style + self.get_component_rich_style("book-table--header")
        return Strip([Segment(text, style)]).crop_extend(0, width, style)

    def watch_cursor(self, old: int, new: int) -> None:
        before = self.scroll_offset.y
        # Row `new` sits on line new + 1 (the header is line 0 and stays in view).
        height = max(self.scrollable_content_region.height - 1, 1)
        top = self.scroll_offset.y
        if new < top:
            self.scroll_to(0, new, animate=False, immediate=True)
        elif new >= top + height:
            self.scroll_to(0, new - height + 1, animate=False, immediate=True)
        if self.scroll_offset.y == before:
            self.refresh_line(old - before + 1)
            self.refresh_line(new - before + 1)
        else:
            self.refresh()
        row = self.current
        self.post_message(self.Highlighted(self, row.account_id if row else None))

    def action_cursor(self, delta: int) -> None:
        if self.total:
            self.cursor = max(0, min(self.total - 1, self.cursor + delta))

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * max(self.scrollable_content_region.height - 2, 1))
