"""A row-cursor table whose one flexible column takes the width the fixed columns leave."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.widgets import DataTable


@dataclass(frozen=True)
class Column:
    label: str
    key: str
    width: int | None = None  # None: the flexible column (exactly one)


class FittedTable(DataTable[Text]):
    """Rows are (key, cells); the flexible column is cut to fit, never scrolled sideways."""

    MIN_FLEX = 12

    def __init__(self, columns: Sequence[Column], *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.column_specs = list(columns)
        self._rows: list[tuple[str, list[Text]]] = []
        self._flex = 0

    def flex_width(self) -> int:
        padding = 2 * self.cell_padding * len(self.column_specs)
        fixed = sum(c.width or 0 for c in self.column_specs)
        return max(self.MIN_FLEX, self.size.width - fixed - padding - 1)

    def set_rows(self, rows: Sequence[tuple[str, list[Text]]], follow: str | None = None) -> None:
        """Show these rows. The cursor stays on the row it was on, or, with `follow`, on the
        row with that key wherever it moved to (if it is still there)."""
        self._rows = list(rows)
        self._rebuild(follow)

    def _rebuild(self, follow: str | None = None) -> None:
        row = self.cursor_row
        keys = [key for key, _ in self._rows]
        if follow is not None and follow in keys:
            row = keys.index(follow)
        self._flex = self.flex_width()
        self.clear(columns=True)
        for column in self.column_specs:
            self.add_column(column.label, key=column.key, width=column.width or self._flex)
        flex_index = next(i for i, c in enumerate(self.column_specs) if c.width is None)
        for key, cells in self._rows:
            cells = list(cells)
            cell = cells[flex_index].copy()
            cell.truncate(self._flex, overflow="ellipsis")
            cells[flex_index] = cell
            self.add_row(*cells, key=key)
        if self._rows:
            self.move_cursor(row=min(max(row, 0), len(self._rows) - 1))

    def on_resize(self, event: events.Resize) -> None:
        if self.flex_width() != self._flex:
            self._rebuild()
