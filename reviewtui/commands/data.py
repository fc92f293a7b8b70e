"""`reviewtui import accounts` and `reviewtui export`: the book in, the minutes out."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from reviewtui.commands.common import fail, iso_date, meeting_id_type, workspace
from reviewtui.commands.health_import import register_kinds
from reviewtui.domain.text import json_text
from reviewtui.store.db import ACCOUNT_TABLES

_IMPORT_EPILOG = """\
Columns are recognised by their headers in any case, spacing or CamelCase (Client, Account,
Customer, Company -> name; ARR -> arr; Renewal Date -> renewal_date; CSM, Account Owner ->
owner; HealthScore, anything "... score" -> health; Status, Pulse -> status; ...), and by the
exports of ClientSuccess, Gainsight, ChurnZero, Totango, Vitally, Planhat, HubSpot and
Salesforce reports. The values of the first rows confirm each column: a column whose values
do not fit its field is ignored (the report says why), a trend (up 15%, +12 pts) is kept as
a change. --write-mapping FILE writes what was chosen, to edit and pass back with --mapping:

    [columns]
    "Their Header" = "our_field"      # or "ignore"

Blank rows are skipped. Matching: by the id column when the file has one, else by the
account name (case and spacing ignored). Columns in the file overwrite what is stored, an
empty cell clears it; columns not in the file are left alone. Every imported account gets
a metric snapshot dated --as-of.

All or nothing: the whole file is checked first. If any row is rejected nothing is
written, unless --skip-bad-rows imports the good rows and lists the rest.

Exit status: 0 imported, 3 imported with rows skipped, 1 nothing imported.
"""


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    importing = sub.add_parser(
        "import",
        parents=[common],
        help="bring a book of business in from a CSV, TSV or Excel file",
        description="Bring data in from files.",
    )
    kinds = importing.add_subparsers(title="what to import", metavar="KIND", dest="kind")
    kinds.required = True
    accounts = kinds.add_parser(
        "accounts",
        parents=[common],
        help="accounts from a CSV, TSV or Excel export (CRM, CS platform, spreadsheet)",
        description="Import accounts from a CSV or TSV file in any common encoding\n"
        "(UTF-8, UTF-16, Windows-1252) and delimiter (comma, semicolon, tab), or from an\n"
        "Excel workbook (.xlsx: the first sheet, or --sheet NAME).",
        epilog=_IMPORT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    accounts.add_argument("file", type=Path, help="the CSV, TSV or .xlsx file")
    accounts.add_argument(
        "--sheet", metavar="NAME", help="the workbook's sheet to read (default: the first)"
    )
    accounts.add_argument(
        "--write-mapping",
        type=Path,
        metavar="FILE",
        help="write the columns chosen as a mapping file to edit and pass to --mapping",
    )
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
    export.add_argument(
        "meeting",
        type=meeting_id_type("reviewtui meetings"),
        help="meeting id (see `reviewtui meetings`)",
    )
    export.add_argument(
        "--format", "-f", choices=("md", "json", "csv"), default="md", help="default: md"
    )
    export.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE (default: stdout)"
    )
    export.set_defaults(func=run_export)


def run_import_accounts(args: argparse.Namespace) -> int:
    from reviewtui.commands.import_report import print_report
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
            sheet=args.sheet,
            write_mapping=args.write_mapping,
        )
    except ImportUsageError as error:
        fail(str(error))
    finally:
        ws.close()
    if args.json:
        print(json_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=2)))
    else:
        print_report(report)
    return report.exit_code


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
