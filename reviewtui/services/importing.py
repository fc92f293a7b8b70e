"""Importing a book of business from a CSV/TSV file: all or nothing, with a report.

The file is read twice, never held in memory:

1. A streaming pass reads every row through the row model, matches it to an existing
   account (by external id, then by name key), and notes duplicates within the file. Only
   keys and problems stay in memory; accepted rows are spooled, already parsed, to a private
   temporary file, so the write cannot disagree with what was checked.
2. If the file is acceptable (no rejected rows, or `skip_bad_rows`), the spool is written
   in one transaction in executemany batches: accounts upserted, one metric snapshot each
   dated `as_of`. Otherwise nothing is written at all.
"""

from __future__ import annotations

import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pendulum

from reviewtui.importers.accounts import (
    ACCOUNT_COLUMNS,
    SNAPSHOT_ONLY_COLUMNS,
    AccountRow,
    ParseOptions,
    RowReader,
    RowRejected,
    storage_layout,
)
from reviewtui.importers.columns import ColumnMap, MappingError, load_mapping, map_columns
from reviewtui.importers.csv_files import CsvFileError, open_table
from reviewtui.importers.values import show
from reviewtui.services.workspace import Workspace
from reviewtui.store import account_bulk

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3
CHUNK_ROWS = 2000
REBUILD_INDEXES_FROM = 20_000  # rows written; below this, maintaining indexes is cheaper


class ImportUsageError(ValueError):
    """The request itself is wrong (a bad mapping file); nothing was read or written."""


@dataclass(frozen=True)
class Rejection:
    row: int
    column: str | None
    reason: str


@dataclass
class ImportReport:
    """What an import found and did. `outcome`: imported, partial or failed."""

    file: str
    as_of: pendulum.Date
    dry_run: bool
    skip_bad_rows: bool
    encoding: str | None = None
    delimiter: str | None = None
    mapping_file: str | None = None
    mapped: list[tuple[str, str, str]] = field(default_factory=list)  # header, field, how
    ignored: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows_read: int = 0
    new: int = 0
    updated: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    written: bool = False
    outcome: str = "failed"
    message: str = ""

    @property
    def rejected_rows(self) -> int:
        return len({r.row for r in self.rejected})

    @property
    def accepted(self) -> int:
        return self.new + self.updated

    @property
    def exit_code(self) -> int:
        return {"imported": EXIT_OK, "partial": EXIT_PARTIAL}.get(self.outcome, EXIT_FAILED)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "as_of": self.as_of.isoformat(),
            "dry_run": self.dry_run,
            "skip_bad_rows": self.skip_bad_rows,
            "outcome": self.outcome,
            "written": self.written,
            "exit_code": self.exit_code,
            "message": self.message,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "mapping_file": self.mapping_file,
            "rows": {
                "read": self.rows_read,
                "new": self.new,
                "updated": self.updated,
                "rejected": self.rejected_rows,
            },
            "columns": {
                "mapped": [{"header": h, "field": f, "from": how} for h, f, how in self.mapped],
                "ignored": self.ignored,
            },
            "warnings": self.warnings,
            "rejected": [
                {"row": r.row, "column": r.column, "reason": r.reason} for r in self.rejected
            ],
        }


@dataclass
class _Check:
    """The first pass's bounded state: keys seen (row numbers, negative for rows that
    update an existing account), rows dropped, counts."""

    columns: ColumnMap
    account_fields: list[str]
    snapshot_fields: list[str]
    report: ImportReport
    spool: IO[bytes] | None
    db_has_external_ids: bool = False
    ext_index: dict[str, tuple[int, str]] | None = None  # loaded when first needed
    account_layout: list[Any] = field(default_factory=list)
    snapshot_layout: list[Any] = field(default_factory=list)
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
        source = open_table(path)
        report.encoding, report.delimiter = source.encoding, source.delimiter_name
        columns = map_columns(source.header, mapping)
    except (CsvFileError, MappingError) as error:
        report.message = str(error)
        return report
    report.mapped, report.ignored = list(columns.used), list(columns.ignored)
    report.warnings = list(columns.warnings)
    present = columns.present
    options = ParseOptions(when, day_first=day_first, decimal_comma=decimal_comma)
    with tempfile.TemporaryFile(prefix="reviewtui-import-") as spool:
        check = _Check(
            columns=columns,
            account_fields=[f for f in ACCOUNT_COLUMNS if f in present],
            snapshot_fields=[f for f in SNAPSHOT_ONLY_COLUMNS if f in present],
            report=report,
            spool=None if dry_run else spool,
            db_has_external_ids="external_id" in present and account_bulk.has_external_ids(ws.db),
        )
        check.account_layout = storage_layout(check.account_fields)
        check.snapshot_layout = storage_layout(check.snapshot_fields)
        try:
            _first_pass(ws, source.rows(), RowReader(columns, options), check)
        except CsvFileError as error:
            report.message = f"{error}; nothing was imported"
            report.outcome = "failed"
            return report
        report.rejected.sort(key=lambda r: r.row)
        _decide(report)
        if report.outcome == "failed" or dry_run:
            return report
        spool.seek(0)
        _write(ws, spool, check, when)
    report.written = True
    return report


def _first_pass(ws: Workspace, rows: Any, reader: RowReader, check: _Check) -> None:
    chunk: list[tuple[int, AccountRow]] = []
    for number, cells in rows:
        check.report.rows_read += 1
        try:
            chunk.append((number, reader.read(cells)))
        except RowRejected as rejected:
            for problem in rejected.problems:
                check.reject(number, problem.column, problem.reason)
            continue
        if len(chunk) >= CHUNK_ROWS:
            _resolve(ws, chunk, check)
            chunk = []
    if chunk:
        _resolve(ws, chunk, check)


def _resolve(ws: Workspace, chunk: list[tuple[int, AccountRow]], check: _Check) -> None:
    """Match each row to an account, reject conflicts and in-file duplicates, spool the rest."""
    keys = [row.key for _, row in chunk]
    existing = account_bulk.accounts_by_keys(ws.db, keys)
    name_header = check.columns.header_for("name")
    ext_header = check.columns.header_for("external_id")
    records: list[tuple[object, ...]] = []
    for (number, row), key in zip(chunk, keys, strict=True):
        ext = row.external_id
        hit = existing.get(key)
        target: int | None = None
        current_key = key  # the key the matched account has now (differs on a rename)
        if ext is not None and not (hit is not None and hit[1] == ext):
            owner = check.by_external_id(ws, ext)
            if owner is not None:
                target, current_key = owner
                if key != current_key and hit is not None and hit[0] != target:
                    check.reject(
                        number, name_header, f"another account is already called {show(row.name)}"
                    )
                    continue
            elif hit is not None and hit[1] is not None:
                check.reject(
                    number,
                    ext_header,
                    f"{show(row.name)} already exists with the id {show(hit[1])}",
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
        first: int | None = None
        for seen, claim in (
            (check.seen_key, key),
            (check.seen_key, current_key if current_key != key else None),
            (check.seen_ext, ext),
        ):
            if claim is not None:
                held = seen.setdefault(claim, mark)
                if first is None and held != mark:
                    first = held
        if first is not None:
            _duplicate(check, number, first, name_header)
            continue
        if is_new:
            check.report.new += 1
        else:
            check.report.updated += 1
        if check.spool is not None:
            records.append(
                (
                    number,
                    target,
                    key,
                    row.stored_values(check.account_layout),
                    row.stored_values(check.snapshot_layout),
                    current_key != key,  # renamed
                )
            )
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


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def _decide(report: ImportReport) -> None:
    rejected = report.rejected_rows
    if report.rows_read == 0:
        report.message = "the file has a header but no rows; nothing to import"
    elif report.accepted == 0:
        report.message = f"none of the {report.rows_read} rows can be imported; nothing changed"
    elif rejected and not report.skip_bad_rows:
        report.message = (
            f"{rejected} of {report.rows_read} row{_s(report.rows_read)} rejected; nothing changed"
            " (fix them, or import the rest with --skip-bad-rows)"
        )
    else:
        report.outcome = "partial" if rejected else "imported"
        would = "would " if report.dry_run else ""
        count = report.accepted
        report.message = (
            f"{would}{'import' if would else 'imported'} {count} account{_s(count)}"
            f" ({report.new} new, {report.updated} updated)"
            + (
                f", {would}{'skip' if would else 'skipped'} {rejected} rejected row{_s(rejected)}"
                if rejected
                else ""
            )
            + f", snapshot dated {report.as_of.isoformat()}"
            + ("; dry run, nothing written" if report.dry_run else "")
        )
        return
    report.outcome = "failed"
    if report.dry_run:
        report.message += " (dry run)"


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
    columns = [ACCOUNT_COLUMNS[f] for f in check.account_fields]
    extras = [SNAPSHOT_ONLY_COLUMNS[f] for f in check.snapshot_fields]
    track_status = "status" in check.account_fields and "status_changed_on" not in columns
    now = ws.clock.now()
    with ws.db.write(), account_bulk.bulk_load(ws.db, _rebuild_indexes(ws, check.report)):
        while True:
            try:
                records = pickle.load(spool)
            except EOFError:
                break
            kept = [r for r in records if r[0] not in check.dropped]
            new = [(r[2], *r[3]) for r in kept if r[1] is None]
            if new:
                account_bulk.insert_accounts(ws.db, columns, new, now)
            for renamed in (False, True):
                old = [(r[1], r[2], *r[3]) for r in kept if r[1] is not None and r[5] is renamed]
                if old:
                    account_bulk.update_accounts(
                        ws.db, columns, old, now, as_of if track_status else None, set_key=renamed
                    )
            account_bulk.snapshot_accounts(ws.db, as_of, extras, [(r[2], *r[4]) for r in kept])
