"""`reviewtui templates`: the review types that meetings can follow."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "templates",
        parents=[common],
        help="list review templates",
        description="List the review templates (built-in and your own).",
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="show each section")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from reviewtui.domain.templates import load_templates
    from reviewtui.domain.text import one_line
    from reviewtui.services.workspace import config_dir

    templates, problems = load_templates([config_dir() / "templates"])
    for problem in problems:
        print(f"reviewtui: warning: {problem}", file=sys.stderr)
    for template in sorted(templates.values(), key=lambda t: t.id):
        print(
            f"{template.id:<18} {one_line(template.name, 40):<40}"
            f" {len(template.sections):>2} sections {template.total_minutes:>4.0f} min"
        )
        if args.verbose:
            for section in template.sections:
                print(
                    f"    {section.minutes:>4.0f} min  {section.kind:<10} {one_line(section.title)}"
                )
    return 0
