"""`reviewtui import accounts` and `reviewtui export`: the book in, the minutes out."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewtui.commands.common import fail, iso_date, workspace
from reviewtui.commands.health_import import register_kinds
from reviewtui.domain.text import json_text
from reviewtui.store.db import ACCOUNT_TABLES

if TYPE_CHECKING:
    from reviewtui.services.importing import ImportReport

SHOWN_REJECTIONS = 50

_IMPORT_EPILOG = """\
Columns are recognised by their headers in any case and spacing (Client, Account, Customer,
Company -> name; ARR -> arr; Renewal Date -> renewal_date; CSM, Account Owner -> owner;
Health Score -> health; Status, Pulse -> status; ...). Name the others in a mapping file:

    [columns]
    "Their Header" = "our_field"      # or "ignore"

Matching: by the id column when the file has one, else by the account name (case and
spacing ignored). Columns in the file overwrite what is stored, an empty cell clears it;
columns not in the file are left alone. Every imported account gets a metric snapshot
dated --as-of.

All or nothing: the whole file is checked first. If any row is rejected nothing is
written, unless --skip-bad-rows imports the good rows and lists the rest.

Exit status: 0 imported, 3 imported with rows skipped, 1 nothing imported, 2 usage error.
"""


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    importing = sub.add_parser(
        "import",
        parents=[common],
        help="bring a book of business in from a CSV/TSV file",
        description="Bring data in from files.",
    )
    kinds = importing.add_subparsers(title="what to import", metavar="KIND", dest="kind")
    kinds.required = True
    accounts = kinds.add_parser(
        "accounts",
        parents=[common],
        help="accounts from a CSV or TSV export (CRM, spreadsheet)",
        description="Import accounts from a CSV or TSV file in any common encoding\n"
        "(UTF-8, UTF-16, Windows-1252) and delimiter (comma, semicolon, tab).",
        epilog=_IMPORT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    accounts.add_argument("file", type=Path, help="the CSV/TSV file")
    accounts.add_argument(
        "--as-of",
        type=iso_date,
        metavar="DATE",
        help="date of the metric snapshot and of 'N days ago' values (default: today)",
    )
    accounts.add_argument(
        "--mapping", type=Path, metavar="FILE", help='TOML: [columns] "Header" = "field"'
    )
    accounts.add_argument(
        "--dry-run", action="store_true", help="check the file and report; write nothing"
    )
    accounts.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="import the good rows even when some are rejected (exit status 3)",
    )
    accounts.add_argument(
        "--day-first", action="store_true", help="read 03/04/2026 as 3 April (default: March 4)"
    )
    accounts.add_argument(
        "--decimal-comma",
        action="store_true",
        help="amounts use ',' as the decimal mark and '.' for thousands (€12.500,00)",
    )
    accounts.add_argument("--json", action="store_true", help="print the report as JSON")
    accounts.set_defaults(func=run_import_accounts)
    register_kinds(kinds, common)

    export = sub.add_parser(
        "export",
        parents=[common],
        help="write a meeting's minutes (md), data (json) or actions (csv)",
        description="Write a meeting out: its minutes as Markdown, the whole meeting as JSON,"
        " or its actions as CSV (safe to open in a spreadsheet). Files are created readable"
        " by you only.",
    )
    export.add_argument("meeting", type=int, help="meeting id (see `reviewtui meetings`)")
    export.add_argument(
        "--format", "-f", choices=("md", "json", "csv"), default="md", help="default: md"
    )
    export.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE (default: stdout)"
    )
    export.set_defaults(func=run_export)


def run_import_accounts(args: argparse.Namespace) -> int:
    from reviewtui.services.importing import ImportUsageError, import_accounts

    ws = workspace(args, create=True, check=ACCOUNT_TABLES)
    try:
        report = import_accounts(
            ws,
            args.file,
            as_of=args.as_of,
            mapping_path=args.mapping,
            dry_run=args.dry_run,
            skip_bad_rows=args.skip_bad_rows,
            day_first=args.day_first,
            decimal_comma=args.decimal_comma,
        )
    except ImportUsageError as error:
        fail(str(error), 2)
    finally:
        ws.close()
    if args.json:
        print(json_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=2)))
    else:
        _print_report(report)
    return report.exit_code


def _print_report(report: ImportReport) -> None:
    from reviewtui.domain.text import one_line

    out = sys.stdout
    where = f"{report.encoding}, {report.delimiter} separated" if report.encoding else None
    out.write(f"Importing accounts from {one_line(report.file, 80)}")
    out.write(f" ({where})\n" if where else "\n")
    if report.mapped or report.ignored:
        out.write("Columns:\n")
        width = min(max((len(one_line(h, 30)) for h, _, _ in report.mapped), default=0), 30)
        for header, target, how in report.mapped:
            note = "  (mapping file)" if how == "mapping file" else ""
            out.write(f"  {one_line(header, 30):<{width}}  -> {target}{note}\n")
        if report.ignored:
            ignored = ", ".join(one_line(h, 30) for h in report.ignored)
            out.write(f"  ignored: {one_line(ignored, 400)}\n")
    for warning in report.warnings:
        out.write(f"Warning: {one_line(warning, 200)}\n")
    if report.rows_read:
        out.write(
            f"Rows: {report.rows_read} read, {report.new} new, {report.updated} updated,"
            f" {report.rejected_rows} rejected\n"
        )
    if report.rejected:
        out.write("Rejected:\n")
        for r in report.rejected[:SHOWN_REJECTIONS]:
            column = f"{one_line(r.column, 30)}: " if r.column else ""
            out.write(f"  row {r.row:<6} {column}{one_line(r.reason, 160)}\n")
        more = len(report.rejected) - SHOWN_REJECTIONS
        if more > 0:
            out.write(f"  ... and {more} more problems (--json lists them all)\n")
    if report.outcome == "failed":
        out.flush()
        print(f"reviewtui: {one_line(report.message)}", file=sys.stderr)
    else:
        out.write(f"{one_line(report.message)[:1].upper()}{one_line(report.message)[1:]}\n")


def run_export(args: argparse.Namespace) -> int:
    from reviewtui.services.exporting import export_meeting, write_private
    from reviewtui.services.meeting import MeetingError

    ws = workspace(args)
    try:
        text = export_meeting(ws, args.meeting, args.format)
    except MeetingError as error:
        fail(str(error))
    finally:
        ws.close()
    if args.output is None or str(args.output) == "-":
        sys.stdout.write(text)
        return 0
    try:
        write_private(args.output, text)
    except OSError as error:
        fail(f"{args.output}: cannot write: {error.strerror or error}")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0
