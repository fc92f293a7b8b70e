"""`reviewtui search`: find what was said in any meeting (notes and action titles)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from reviewtui.commands.common import fail, iso_date, workspace
from reviewtui.domain.entries import NOTE_KINDS
from reviewtui.domain.text import json_text


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    search = sub.add_parser(
        "search",
        parents=[common],
        help="search what was said in every meeting",
        description="Search notes, decisions, risks, insights, blockers and action titles of"
        " every meeting. Every word must match; a word ending in * matches as a prefix."
        " Newest first, with the meeting, its date, the section, the account and the words"
        " around the match (the match between « and »). Exit 1 when nothing matches.",
    )
    search.add_argument("query", metavar="QUERY", nargs="+", help="the words to look for")
    search.add_argument("--account", metavar="NAME", help="only what was said about this account")
    search.add_argument(
        "--owner", metavar="NAME", help="only accounts this person owns (and their actions)"
    )
    search.add_argument("--kind", choices=NOTE_KINDS, help="only this kind of note")
    search.add_argument(
        "--since", type=iso_date, metavar="DATE", help="only meetings on or after DATE"
    )
    search.add_argument(
        "--limit", type=int, default=50, metavar="N", help="at most N hits (default 50)"
    )
    search.add_argument("--json", action="store_true", help="print JSON (a list of hits)")
    search.set_defaults(func=run_search)


def run_search(args: argparse.Namespace) -> int:
    from reviewtui.domain.text import one_line, plain_snippet
    from reviewtui.services.search import SearchError, meeting_day, search

    query = " ".join(args.query)
    if args.limit < 1:
        fail("--limit must be 1 or more")
    ws = workspace(args)
    try:
        result = search(
            ws,
            query,
            account=args.account,
            owner=args.owner,
            kind=args.kind,
            since=args.since,
            limit=args.limit,
        )
        if isinstance(result, SearchError):
            fail(result.message)
        days = [meeting_day(ws, hit) for hit in result]
    finally:
        ws.close()
    if not result:
        fail(f"nothing matches {one_line(query, 60)!r}")
    if args.json:
        document = [
            {
                "source": hit.source,
                "id": hit.id,
                "meeting_id": hit.meeting_id,
                "meeting": hit.meeting_title,
                "date": day.isoformat(),
                "section": hit.section,
                "account": hit.account,
                "kind": hit.kind,
                "created_at": hit.created_at,
                "snippet": plain_snippet(hit.snippet),
            }
            for hit, day in zip(result, days, strict=True)
        ]
        print(json_text(json.dumps(document, ensure_ascii=False, indent=2)))
        return 0
    for hit, day in zip(result, days, strict=True):
        where = [one_line(hit.meeting_title, 40)]
        if hit.section:
            where.append(one_line(hit.section, 30))
        if hit.account:
            where.append(one_line(hit.account, 30))
        print(f"{day.isoformat()}  {' · '.join(where)}  [{hit.kind}]  (meeting {hit.meeting_id})")
        print(f"    {plain_snippet(hit.snippet)}")
    return 0
