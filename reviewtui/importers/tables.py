"""Any table file an import reads: a CSV/TSV file or a workbook's sheet, and its first rows
read ahead (to choose the columns by) without a second pass over the file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from reviewtui.importers.csv_files import CsvFileError, CsvSource, open_table
from reviewtui.importers.xlsx_files import (
    OLE_MAGIC,
    XLSX_SUFFIXES,
    ZIP_MAGIC,
    XlsxSource,
    open_workbook,
)


def open_any(path: Path, sheet: str | None) -> CsvSource | XlsxSource:
    """The table in `path`: a workbook's sheet, or a CSV/TSV file."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError:
        head = b""  # open_table says why
    if path.suffix.casefold() in XLSX_SUFFIXES or head.startswith(ZIP_MAGIC):
        return open_workbook(path, sheet)
    if head.startswith(OLE_MAGIC):
        raise CsvFileError(f"{path}: an old Excel .xls workbook; save it as .xlsx (or CSV)")
    if sheet is not None:
        raise CsvFileError(f"{path}: --sheet is for a workbook (.xlsx), not a CSV file")
    return open_table(path)


def sampled(
    rows: Iterator[tuple[int, list[str]]], sample_rows: int
) -> tuple[list[tuple[int, list[str]]], Iterator[tuple[int, list[str]]]]:
    """The first sample_rows non-blank rows (and the blank ones among them), and every row
    again from the first: the sampled ones from memory, the rest from the file."""
    head: list[tuple[int, list[str]]] = []
    failure: CsvFileError | None = None
    filled = 0
    try:
        for row in rows:
            head.append(row)
            if any(cell.strip() for cell in row[1]):
                filled += 1
                if filled >= sample_rows:
                    break
    except CsvFileError as error:
        failure = error

    def again() -> Iterator[tuple[int, list[str]]]:
        yield from head
        if failure is not None:
            raise failure
        yield from rows

    return head, again()
