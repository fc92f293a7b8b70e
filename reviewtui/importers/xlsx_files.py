"""Reading Excel workbooks (.xlsx) as tables: the first sheet or a named one, streamed.

openpyxl is imported only when a workbook is read, in read-only mode: rows are streamed,
the workbook is never held in memory. Each cell becomes the text a CSV export of the sheet
would hold, so the rest of the import reads it the same way: dates as ISO dates, whole
numbers without a decimal point, percentages with their % sign. A date without a date
format arrives as its serial day number, which the date fields of a workbook accept.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewtui.importers.csv_files import CsvFileError
from reviewtui.importers.excel_dates import EPOCH_1900, EPOCH_1904

XLSX_SUFFIXES = (".xlsx", ".xlsm")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls


def cell_text(value: object, number_format: str = "General") -> str:
    """A cell's value as a CSV export of the sheet would write it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.isoformat()
    if isinstance(value, int | float):
        if "%" in number_format:  # 0.85 shown as 85%
            return f"{_number(value * 100)}%"
        return str(value) if isinstance(value, int) else _number(value)
    return str(value)


def _number(value: float) -> str:
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(round(value, 10))


@dataclass(frozen=True)
class XlsxSource:
    """One sheet of a workbook: its header and its data rows on demand."""

    path: Path
    sheet: str
    header: tuple[str, ...]
    header_row: int
    epoch: datetime.date

    encoding = None
    delimiter_name = None

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(row number, cells) for every row after the header, blank ones included."""
        for number, cells in _sheet_rows(self.path, self.sheet):
            if number > self.header_row:
                yield number, cells


def _workbook(path: Path) -> Any:
    import zipfile

    from openpyxl import load_workbook  # only when a workbook is imported

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as error:
        detail = getattr(error, "strerror", None) or str(error) or type(error).__name__
        raise CsvFileError(f"{path}: cannot read the workbook: {detail}") from None


def _sheet_rows(path: Path, sheet: str) -> Iterator[tuple[int, list[str]]]:
    book = _workbook(path)
    try:
        worksheet = book[sheet]
        worksheet.reset_dimensions()  # trust the cells, not a stated size
        for number, row in enumerate(worksheet.iter_rows(), 1):
            cells = [cell_text(c.value, getattr(c, "number_format", "General")) for c in row]
            while cells and not cells[-1]:
                cells.pop()
            yield number, cells
    except (KeyError, ValueError, TypeError, OSError) as error:
        raise CsvFileError(f"{path}: cannot read the sheet {sheet!r} past here: {error}") from None
    finally:
        book.close()


def open_workbook(path: Path, sheet: str | None = None) -> XlsxSource:
    """Inspect a workbook: the sheet to read (the first, or `sheet`) and its header row."""
    book = _workbook(path)
    try:
        names = list(book.sheetnames)
        epoch = EPOCH_1904 if book.epoch == datetime.datetime(1904, 1, 1) else EPOCH_1900
    finally:
        book.close()
    if not names:
        raise CsvFileError(f"{path}: the workbook has no sheets")
    if sheet is None:
        chosen = names[0]
    else:
        matches = [n for n in names if n == sheet] or [
            n for n in names if n.casefold() == sheet.casefold()
        ]
        if not matches:
            listed = ", ".join(repr(n) for n in names[:20])
            raise CsvFileError(f"{path}: no sheet called {sheet!r} (the sheets: {listed})")
        chosen = matches[0]
    for number, cells in _sheet_rows(path, chosen):
        if any(cell.strip() for cell in cells):
            return XlsxSource(path, chosen, tuple(cells), number, epoch)
    raise CsvFileError(f"{path}: the sheet {chosen!r} is empty (no header row)")
