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
    wide: int | None = None  # the width on a wide table (at least WIDE columns), if larger


class FittedTable(DataTable[Text]):
    """Rows are (key, cells); the flexible column is cut to fit, never scrolled sideways."""

    MIN_FLEX = 12
    WIDE = 100  # from this width on, fixed columns take their `wide` width

    def __init__(self, columns: Sequence[Column], *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.column_specs = list(columns)
        self._rows: list[tuple[str, list[Text]]] = []
        self._flex = 0
        self._wide = False

    def fixed_width(self, column: Column) -> int:
        """A fixed column's width at the table's present size (0 for the flexible one)."""
        if column.width is None:
            return 0
        if column.wide is not None and self.size.width >= self.WIDE:
            return max(column.width, column.wide)
        return column.width

    def flex_width(self) -> int:
        padding = 2 * self.cell_padding * len(self.column_specs)
        fixed = sum(self.fixed_width(c) for c in self.column_specs)
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
        self._wide = self.size.width >= self.WIDE
        self.clear(columns=True)
        widths = [self.fixed_width(c) or self._flex for c in self.column_specs]
        for column, width in zip(self.column_specs, widths, strict=True):
            self.add_column(column.label, key=column.key, width=width)
        for key, cells in self._rows:
            fitted = []
            for cell, width in zip(cells, widths, strict=True):
                cell = cell.copy()  # cut to its column with an ellipsis, never wrapped
                cell.truncate(width, overflow="ellipsis")
                fitted.append(cell)
            self.add_row(*fitted, key=key)
        if self._rows:
            self.move_cursor(row=min(max(row, 0), len(self._rows) - 1))

    def on_resize(self, event: events.Resize) -> None:
        if self.flex_width() != self._flex or self._wide != (self.size.width >= self.WIDE):
            self._rebuild()
