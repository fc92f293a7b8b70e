"""Reading CSV/TSV files as people have them: any common encoding, any common delimiter.

Encodings: UTF-8 with or without a byte-order mark, UTF-16/UTF-32 with a mark (or UTF-16
without one, recognised by its zero bytes), and Windows-1252 for files that are not UTF-8.
Delimiters: comma, semicolon, tab or pipe, sniffed from the first lines (an Excel `sep=;`
first line is honoured). Rows are streamed; the file is never held in memory.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
_SAMPLE_CHARS = 64 * 1024
_CHUNK = 1 << 20


class CsvFileError(ValueError):
    """The file cannot be read as a table; the message says why, in one line."""


def detect_encoding(path: Path) -> str:
    """The Python codec name the file is written in."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as error:
        raise CsvFileError(f"{path}: cannot read: {error.strerror or error}") from None
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        encoding = "utf-32"
    elif head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif head and head.count(0) * 4 >= len(head):
        # Mostly-ASCII UTF-16 without a mark: every other byte is zero.
        even = head[0::2].count(0)
        odd = head[1::2].count(0)
        encoding = "utf-16-be" if even > odd else "utf-16-le"
    else:
        encoding = "utf-8"
    if _decodes(path, encoding):
        return encoding
    if encoding == "utf-8" and _decodes(path, "cp1252"):
        return "cp1252"
    raise CsvFileError(
        f"{path}: cannot tell the text encoding (not UTF-8 or Windows-1252); save it as UTF-8"
    )


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _records(text: str, delimiter: str) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:
        return []


def sniff_delimiter(sample: str, prefer_tab: bool = False) -> str:
    """The delimiter whose first non-blank row splits into the most columns that the next
    rows agree with. A one-column file reads as comma-separated."""
    cut = sample.rfind("\n")
    if cut > 0:
        sample = sample[:cut]
    best = "\t" if prefer_tab else ","
    best_score = (0, 0, 0)
    for delimiter in DELIMITERS:
        rows = [r for r in _records(sample, delimiter) if any(c.strip() for c in r)]
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        agreeing = sum(1 for r in rows[1:] if len(r) == width)
        score = (agreeing, width, 1 if prefer_tab and delimiter == "\t" else 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


@dataclass(frozen=True)
class CsvSource:
    """A table file: how to read it, its header, and its data rows on demand."""

    path: Path
    encoding: str
    delimiter: str
    header: tuple[str, ...]
    header_row: int  # 1-based: the row number a spreadsheet would show
    skip_first_line: bool = False

    @property
    def delimiter_name(self) -> str:
        return DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(row number, cells) for every record after the header, blank ones included."""
        return self.records(after=self.header_row)

    def records(self, after: int = 0) -> Iterator[tuple[int, list[str]]]:
        """(row number, cells) for every record numbered above `after`."""
        number = 1 if self.skip_first_line else 0
        with self.path.open("r", encoding=self.encoding, newline="") as handle:
            if self.skip_first_line:
                handle.readline()
            reader = csv.reader(handle, delimiter=self.delimiter)
            try:
                for record in reader:
                    number += 1
                    if number > after:
                        yield number, record
            except csv.Error as error:
                raise CsvFileError(
                    f"{self.path}: row {number + 1}: cannot read the file past here: {error}"
                ) from None
            except UnicodeDecodeError:
                raise CsvFileError(f"{self.path}: the file changed while being read") from None


def open_table(path: Path) -> CsvSource:
    """Inspect a file: its encoding, delimiter and header row."""
    if not path.is_file():
        if os.path.lexists(path) and not path.is_dir():
            what = "not a regular file (a pipe, socket, device or dangling link)"
        else:
            what = "a directory" if path.is_dir() else "no such file"
        raise CsvFileError(f"{path}: {what}; give the path of a CSV or TSV file")
    not_text = f"{path}: not a text table; export the sheet as CSV (or TSV) and import that"
    try:
        with path.open("rb") as handle:
            if handle.read(16) == b"SQLite format 3\x00":
                raise CsvFileError(
                    f"{path}: a SQLite database, not a CSV or TSV file; import a CSV export"
                )
        encoding = detect_encoding(path)
        with path.open("r", encoding=encoding, newline="") as handle:
            sample = handle.read(_SAMPLE_CHARS)
    except UnicodeDecodeError:
        raise CsvFileError(not_text) from None
    except OSError as error:
        raise CsvFileError(f"{path}: cannot read: {error.strerror or error}") from None
    if sample.count("\x00") * 100 > len(sample):  # a stray NUL in a cell is cleaned later
        raise CsvFileError(not_text)
    skip_first = False
    first_line = sample.split("\n", 1)[0].rstrip("\r").strip('"')
    if first_line.casefold().startswith("sep=") and len(first_line) == 5:
        delimiter = first_line[4]
        skip_first = True
    else:
        prefer_tab = path.suffix.casefold() in (".tsv", ".tab")
        delimiter = sniff_delimiter(sample, prefer_tab)
    source = CsvSource(path, encoding, delimiter, (), 0, skip_first)
    header: list[str] | None = None
    header_row = 0
    for number, record in source.records():
        if any(cell.strip() for cell in record):
            header, header_row = record, number
            break
    if header is None:
        raise CsvFileError(f"{path}: the file is empty (no header row)")
    return CsvSource(path, encoding, delimiter, tuple(header), header_row, skip_first)
