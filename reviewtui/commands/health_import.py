"""`reviewtui import benchmarks FILE` and `reviewtui import plan FILE`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from reviewtui.commands.common import fail, workspace
from reviewtui.store.db import ACCOUNT_TABLES


def register_kinds(kinds: Any, common: argparse.ArgumentParser) -> None:
    benchmarks = kinds.add_parser(
        "benchmarks",
        parents=[common],
        help="benchmarks per tier, industry or group (CSV: metric,value,tier|industry|group)",
        description="Import benchmarks from a CSV file with the columns metric and value, and"
        " at most one of tier, industry or group (none: every account). A group row may list"
        " its accounts in an `accounts` column, separated by ';'. Money in dollars. All or"
        " nothing: a bad row imports nothing.",
    )
    benchmarks.add_argument("file", type=Path, help="the CSV file")
    benchmarks.set_defaults(func=run_import_benchmarks)
    plan = kinds.add_parser(
        "plan",
        parents=[common],
        help="a monthly plan per account (CSV: account,month,metric,value)",
        description="Import each account's plan per month (month as 2026-12), e.g. its media"
        " spend, so the data-and-health section shows pacing. Money in dollars. All or"
        " nothing: a bad row imports nothing.",
    )
    plan.add_argument("file", type=Path, help="the CSV file")
    plan.set_defaults(func=run_import_plan)


def _run(args: argparse.Namespace, what: str) -> int:
    from reviewtui.importers.benchmarks import BenchmarkFileError
    from reviewtui.services.benchmarks import import_benchmarks, import_plan

    ws = workspace(args, create=True, check=ACCOUNT_TABLES)
    try:
        run = import_benchmarks if what == "benchmarks" else import_plan
        print(run(ws, args.file))
    except BenchmarkFileError as error:
        fail(str(error))
    finally:
        ws.close()
    return 0


def run_import_benchmarks(args: argparse.Namespace) -> int:
    return _run(args, "benchmarks")


def run_import_plan(args: argparse.Namespace) -> int:
    return _run(args, "plan")
