"""The text report of `reviewtui import accounts`: what was read, per column what it became
and why, what was rejected, and the outcome in one line."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from reviewtui.domain.text import one_line

if TYPE_CHECKING:
    from reviewtui.services.importing import ImportReport

SHOWN_REJECTIONS = 50
_LABEL_WIDTH = 26
_FIELD_WIDTH = 17


def _source(report: ImportReport) -> str:
    if report.sheet is not None:
        return f" (workbook, sheet {one_line(report.sheet, 40)!r})"
    if report.encoding:
        return f" ({report.encoding}, {report.delimiter} separated)"
    return ""


def print_report(report: ImportReport) -> None:
    out = sys.stdout
    out.write(f"Importing accounts from {one_line(report.file, 80)}{_source(report)}\n")
    if report.profile:
        out.write(f"Looks like {one_line(report.profile, 100)}.\n")
    if report.columns:
        out.write("Columns:\n")
        width = min(max(len(one_line(c.label, _LABEL_WIDTH)) for c in report.columns), 26)
        for column in report.columns:
            name = one_line(column.label, _LABEL_WIDTH)
            if column.field is None:
                what = f"{'ignored':<{_FIELD_WIDTH + 3}}"
            else:
                what = f"-> {column.field:<{_FIELD_WIDTH}}"
            why = one_line(column.why, 160)
            if column.source == "mapping file":
                why = f"(mapping file) {why}" if why != "mapping file" else "(mapping file)"
            out.write(f"  {name:<{width}} {what} {why}\n")
            if column.sample:
                sample = one_line(" | ".join(column.sample), 76)
                out.write(f"  {'':<{width}} {'':<{_FIELD_WIDTH + 3}} e.g. {sample}\n")
    for warning in report.warnings:
        out.write(f"Warning: {one_line(warning, 200)}\n")
    if report.mapping_written:
        out.write(f"Wrote the column mapping to {one_line(report.mapping_written, 120)}\n")
    if report.rows_read or report.blank_rows:
        blank = f", {report.blank_rows} blank skipped" if report.blank_rows else ""
        if report.footer_rows:
            blank += f", {report.footer_rows} report footer lines skipped"
        out.write(
            f"Rows: {report.rows_read} read{blank}, {report.new} new, {report.updated} updated,"
            f" {report.rejected_rows} rejected\n"
        )
    if report.rejected:
        out.write("Rejected:\n")
        for r in report.rejected[:SHOWN_REJECTIONS]:
            where = f"{one_line(r.column, 30)}: " if r.column else ""
            out.write(f"  row {r.row:<6} {where}{one_line(r.reason, 160)}\n")
        more = len(report.rejected) - SHOWN_REJECTIONS
        if more > 0:
            out.write(f"  ... and {more} more problems (--json lists them all)\n")
    message = one_line(report.message)
    if report.outcome == "failed":
        out.flush()
        print(f"reviewtui: {message}", file=sys.stderr)
    else:
        out.write(f"{message[:1].upper()}{message[1:]}\n")
