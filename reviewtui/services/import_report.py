"""What an import of accounts found and did: the report the command prints (as text or
JSON), per column and per rejected row."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pendulum

from reviewtui.importers.columns import Column

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_PARTIAL = 3


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
    sheet: str | None = None
    mapping_file: str | None = None
    mapping_written: str | None = None
    profile: str | None = None  # the export the headers look like
    columns: list[Column] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows_read: int = 0  # rows with something in them
    blank_rows: int = 0  # skipped
    footer_rows: int = 0  # a report export's footer lines, skipped
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
            "sheet": self.sheet,
            "mapping_file": self.mapping_file,
            "mapping_written": self.mapping_written,
            "profile": self.profile,
            "rows": {
                "read": self.rows_read,
                "blank": self.blank_rows,
                "footer": self.footer_rows,
                "new": self.new,
                "updated": self.updated,
                "rejected": self.rejected_rows,
            },
            "columns": [
                {
                    "column": c.index + 1,
                    "header": c.label,
                    "field": c.field,
                    "from": c.source or None,
                    "why": c.why,
                    "sample": list(c.sample),
                }
                for c in self.columns
            ],
            "warnings": self.warnings,
            "rejected": [
                {"row": r.row, "column": r.column, "reason": r.reason} for r in self.rejected
            ],
        }


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def decide(report: ImportReport) -> None:
    """The outcome and its one-line message, from what the check found."""
    rejected = report.rejected_rows
    if report.rows_read == 0:
        report.message = "the file has a header but no rows; nothing to import"
        if report.blank_rows:
            report.message = (
                f"the file has a header and {report.blank_rows} blank"
                f" row{_s(report.blank_rows)}, no accounts; nothing to import"
            )
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
