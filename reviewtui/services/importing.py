"""Importing a book of business from a CSV/TSV file or a workbook: all or nothing, with a
report.

The file is read twice (a CSV's encoding is checked over the whole file first), never held
in memory:

1. A streaming pass reads and checks every row (`RowReader`), matches it to an existing
   account (by external id, then by name key), and notes duplicates within the file. Only
   keys and problems stay in memory; accepted rows are spooled, already in their stored
   form, to a private temporary file, so the write cannot disagree with what was checked.
2. If the file is acceptable (no rejected rows, or `skip_bad_rows`), the spool is written
   in one transaction in executemany batches: accounts upserted, one metric snapshot each
   dated `as_of`. Otherwise nothing is written at all.

The first rows of that pass (`SAMPLE_ROWS`) are read before the rest, to decide which
column holds which field from their values as well as their headers (column_choice.py);
they are then checked and imported with the others, so choosing adds no pass.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pendulum

from reviewtui.importers.accounts import (
    ACCOUNT_COLUMNS,
    SNAPSHOT_ONLY_COLUMNS,
    ParseOptions,
    Problem,
    RowReader,
)
from reviewtui.importers.column_choice import SAMPLE_ROWS, choose_columns
from reviewtui.importers.columns import ColumnMap, MappingError, load_mapping
from reviewtui.importers.csv_files import CsvFileError
from reviewtui.importers.mapping_file import mapping_text
from reviewtui.importers.tables import open_any, sampled
from reviewtui.importers.values import show
from reviewtui.importers.xlsx_files import XlsxSource
from reviewtui.services.import_report import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_PARTIAL,
    ImportReport,
    Rejection,
    decide,
)
from reviewtui.services.private_files import write_private
from reviewtui.services.workspace import Workspace
from reviewtui.store import account_bulk, trends
from reviewtui.store.accounts import account_key

CHUNK_ROWS = 2000
REBUILD_INDEXES_FROM = 20_000  # rows written; below this, maintaining indexes is cheaper


class ImportUsageError(ValueError):
    """The request itself is wrong (a bad mapping file); nothing was read or written."""


# A spooled row: (row number, id of the account it updates or None, renamed, key, the
# row's values as stored in the order of `RowReader.fields`).
_Record = tuple[int, "int | None", bool, str, tuple[Any, ...]]


@dataclass
class _Check:
    """The first pass's bounded state: keys seen (row numbers, negative for rows that
    update an existing account), rows dropped, counts."""

    columns: ColumnMap
    reader: RowReader
    report: ImportReport
    spool: IO[bytes] | None
    db_has_external_ids: bool = False
    ext_index: dict[str, tuple[int, str]] | None = None  # loaded when first needed
    seen_key: dict[str, int] = field(default_factory=dict)
    seen_ext: dict[str, int] = field(default_factory=dict)
    dropped: set[int] = field(default_factory=set)

    def reject(self, row: int, column: str | None, reason: str) -> None:
        self.report.rejected.append(Rejection(row, column, reason))

    def by_external_id(self, ws: Workspace, ext: str) -> tuple[int, str] | None:
        """The account holding this external id: (id, key)."""
        if not self.db_has_external_ids:
            return None
        if self.ext_index is None:
            self.ext_index = account_bulk.external_id_index(ws.db)
        return self.ext_index.get(ext)


def import_accounts(
    ws: Workspace,
    path: Path,
    *,
    as_of: pendulum.Date | None = None,
    mapping_path: Path | None = None,
    dry_run: bool = False,
    skip_bad_rows: bool = False,
    day_first: bool = False,
    decimal_comma: bool = False,
    sheet: str | None = None,
    write_mapping: Path | None = None,
) -> ImportReport:
    """Check the whole file, then write it in one transaction, or write nothing."""
    when = as_of or ws.clock.today()
    report = ImportReport(str(path), when, dry_run, skip_bad_rows)
    mapping = None
    if mapping_path is not None:
        report.mapping_file = str(mapping_path)
        try:
            mapping = load_mapping(mapping_path)
        except MappingError as error:
            raise ImportUsageError(str(error)) from None
    try:
        source = open_any(path, sheet)
    except CsvFileError as error:
        report.message = str(error)
        return report
    if isinstance(source, XlsxSource):
        report.sheet = source.sheet
        epoch = source.epoch
    else:
        report.encoding, report.delimiter = source.encoding, source.delimiter_name
        epoch = None
    options = ParseOptions(
        when, day_first=day_first, decimal_comma=decimal_comma, excel_epoch=epoch
    )
    head, rows = sampled(source.rows(), SAMPLE_ROWS)
    columns = choose_columns(source.header, [cells for _, cells in head], options, mapping)
    report.columns, report.profile = list(columns.columns), columns.profile
    report.warnings = list(columns.warnings)
    if write_mapping is not None:
        try:
            write_private(write_mapping, mapping_text(columns, path.name))
        except OSError as error:
            raise ImportUsageError(
                f"{write_mapping}: cannot write: {error.strerror or error}"
            ) from None
        report.mapping_written = str(write_mapping)
    if columns.problem is not None:
        report.message = columns.problem
        return report
    with tempfile.TemporaryFile(prefix="reviewtui-import-") as spool:
        check = _Check(
            columns=columns,
            reader=RowReader(columns, options),
            report=report,
            spool=None if dry_run else spool,
            db_has_external_ids="external_id" in columns.present
            and account_bulk.has_external_ids(ws.db),
        )
        try:
            _first_pass(ws, rows, check)
        except CsvFileError as error:
            report.message = f"{error}; nothing was imported"
            report.outcome = "failed"
            return report
        finally:
            report.blank_rows = check.reader.blank_rows
            report.footer_rows = check.reader.footer_rows
            report.rows_read -= report.blank_rows + report.footer_rows
        report.rejected.sort(key=lambda r: r.row)
        decide(report)
        if report.outcome == "failed" or dry_run:
            return report
        spool.seek(0)
        _write(ws, spool, check, when)
    report.written = True
    return report


def _first_pass(ws: Workspace, rows: Iterable[tuple[int, list[str]]], check: _Check) -> None:
    pending: list[tuple[int, list[str]]] = []
    accepted: list[tuple[int, tuple[Any, ...]]] = []
    read_count = 0
    try:
        for row in rows:
            read_count += 1
            pending.append(row)
            if len(pending) >= CHUNK_ROWS:
                accepted = _read(ws, pending, accepted, check)
                pending = []
    except CsvFileError:
        _read(ws, pending, accepted, check)  # what came before the error counts, as read
        raise
    finally:
        check.report.rows_read += read_count
    accepted = _read(ws, pending, accepted, check)
    if accepted:
        _resolve(ws, accepted, check)


def _read(
    ws: Workspace,
    rows: list[tuple[int, list[str]]],
    accepted: list[tuple[int, tuple[Any, ...]]],
    check: _Check,
) -> list[tuple[int, tuple[Any, ...]]]:
    """Check `rows` and resolve the accepted ones CHUNK_ROWS at a time, all in row order
    (so a file that cannot be read to the end reports what it would have row by row); the
    accepted rows left over (fewer) are returned to wait for more."""
    good, bad = check.reader.read_many(rows)
    position = 0
    for number, stored in good:
        while position < len(bad) and bad[position][0] < number:
            _reject_all(check, *bad[position])
            position += 1
        accepted.append((number, stored))
        if len(accepted) >= CHUNK_ROWS:
            _resolve(ws, accepted, check)
            accepted = []
    for rejected in bad[position:]:
        _reject_all(check, *rejected)
    return accepted


def _reject_all(check: _Check, number: int, problems: list[Problem]) -> None:
    for problem in problems:
        check.reject(number, problem.column, problem.reason)


def _resolve(ws: Workspace, chunk: list[tuple[int, tuple[Any, ...]]], check: _Check) -> None:
    """Match each row to an account, reject conflicts and in-file duplicates, spool the rest."""
    keys = [account_key(row[0]) for _, row in chunk]  # the name comes first
    existing = account_bulk.accounts_by_keys(ws.db, keys)
    name_header = check.columns.header_for("name")
    ext_header = check.columns.header_for("external_id")
    fields = check.reader.fields
    ext_at = fields.index("external_id") if "external_id" in fields else -1
    seen_key, seen_ext = check.seen_key, check.seen_ext
    report = check.report
    records: list[_Record] = []
    for (number, row), key in zip(chunk, keys, strict=True):
        ext: str | None = row[ext_at] if ext_at >= 0 else None
        hit = existing.get(key)
        target: int | None = None
        current_key = key  # the key the matched account has now (differs on a rename)
        if ext is not None and not (hit is not None and hit[1] == ext):
            owner = check.by_external_id(ws, ext)
            if owner is not None:
                target, current_key = owner
                if key != current_key and hit is not None and hit[0] != target:
                    check.reject(
                        number,
                        name_header,
                        f"another account is already called {show(row[0])}",
                    )
                    continue
            elif hit is not None and hit[1] is not None:
                check.reject(
                    number,
                    ext_header,
                    f"{show(row[0])} already exists with the id {show(hit[1])}",
                )
                continue
            elif hit is not None:
                target = hit[0]
        elif hit is not None:
            target = hit[0]
        is_new = target is None
        mark = number if is_new else -number
        # Claim the row's name, the matched account's current name (on a rename) and its
        # external id; whatever another row claimed first makes both rows duplicates.
        # (Values are unique per row, so setdefault returning `mark` means "unclaimed".)
        held = seen_key.setdefault(key, mark)
        first = held if held != mark else None
        renamed = current_key != key
        if renamed:
            held = seen_key.setdefault(current_key, mark)
            if first is None and held != mark:
                first = held
        if ext is not None:
            held = seen_ext.setdefault(ext, mark)
            if first is None and held != mark:
                first = held
        if first is not None:
            _duplicate(check, number, first, name_header)
            continue
        if is_new:
            report.new += 1
        else:
            report.updated += 1
        records.append((number, target, renamed, key, row))
    if check.spool is not None and records:
        pickle.dump(records, check.spool, protocol=pickle.HIGHEST_PROTOCOL)


def _duplicate(check: _Check, number: int, first: int, header: str) -> None:
    """Both rows go: the file does not say which of them is right. `first` is the earlier
    row's number, negative when it updates an existing account."""
    first_row = abs(first)
    check.dropped.add(number)
    if first_row not in check.dropped:
        check.dropped.add(first_row)
        if first > 0:
            check.report.new -= 1
        else:
            check.report.updated -= 1
        check.reject(first_row, header, f"the same account appears again in row {number}")
    check.reject(number, header, f"the same account as row {first_row}")


def _rebuild_indexes(ws: Workspace, report: ImportReport) -> list[str]:
    """Tables whose indexes are cheaper to rebuild once than to maintain row by row: when
    the import writes many rows and a good share of the table."""
    touched = report.accepted
    if touched < REBUILD_INDEXES_FROM:
        return []
    return [
        table
        for table in account_bulk.BULK_TABLES
        if touched * 4 >= account_bulk.row_estimate(ws.db, table)
    ]


def _write(ws: Workspace, spool: IO[bytes], check: _Check, as_of: pendulum.Date) -> None:
    reader = check.reader
    columns = [ACCOUNT_COLUMNS[f] for f in reader.account_fields]
    extras = [SNAPSHOT_ONLY_COLUMNS[f] for f in reader.snapshot_fields]
    split = len(columns)  # a row's account values, then its snapshot values
    track_status = "status" in reader.account_fields and "status_changed_on" not in columns
    dropped = check.dropped
    now = ws.clock.now()
    with (
        ws.db.write(),
        trends.kept_fresh(ws.db, day=as_of),
        account_bulk.bulk_load(ws.db, _rebuild_indexes(ws, check.report)),
    ):
        while True:
            try:
                records: list[_Record] = pickle.load(spool)
            except EOFError:
                break
            if dropped:
                records = [r for r in records if r[0] not in dropped]
            new = [(r[3], *r[4][:split]) for r in records if r[1] is None]
            if new:
                account_bulk.insert_accounts(ws.db, columns, new, now)
            for renamed in (False, True):
                old = [
                    (r[1], r[3], *r[4][:split])
                    for r in records
                    if r[1] is not None and r[2] is renamed
                ]
                if old:
                    account_bulk.update_accounts(
                        ws.db, columns, old, now, as_of if track_status else None, set_key=renamed
                    )
            account_bulk.snapshot_accounts(
                ws.db, as_of, extras, [(r[3], *r[4][split:]) for r in records]
            )


__all__ = [
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_PARTIAL",
    "ImportReport",
    "ImportUsageError",
    "Rejection",
    "import_accounts",
]
