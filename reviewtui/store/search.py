"""Full-text search of what was said: notes' text and actions' titles (the FTS5 indexes of
schema version 4).

The user's query is never handed to FTS5 as syntax: each word becomes a quoted string (a
trailing `*` keeps a prefix search), so quotes, brackets, `NEAR(`, `AND`, `-` and the like
are only words. Anything FTS5 still refuses comes back as a `SearchError` with one line.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from reviewtui.domain.text import MATCH_END, MATCH_START
from reviewtui.store.db import Database
from reviewtui.store.segments import ScopeFilter, scope_where

# The match inside a snippet is wrapped in MATCH_START ... MATCH_END (never markup: the
# display splits them out with domain.text.snippet_parts and styles the pieces).
ELLIPSIS = "…"
SNIPPET_TOKENS = 16
# A query is its first words only: thousands of terms (a pasted page) make FTS5's snippet slow.
MAX_WORDS = 32


@dataclass(frozen=True)
class SearchHit:
    source: str  # "note" or "action"
    id: int
    meeting_id: int
    meeting_started_at: str  # ISO 8601, UTC
    meeting_title: str
    section: str | None
    account: str | None
    kind: str
    created_at: str  # ISO 8601, UTC
    snippet: str  # the matched words wrapped in MATCH_START ... MATCH_END


@dataclass(frozen=True)
class SearchError:
    message: str  # one line


def fts_query(text: str) -> str:
    """`text` as an FTS5 query of quoted words, all required; '' when it holds no word.

    A word ending in `*` (after at least one other character) is a prefix search. Only the
    first MAX_WORDS words count."""
    terms: list[str] = []
    for word in text.split():
        if len(terms) == MAX_WORDS:
            break
        prefix = word.endswith("*")
        word = word.rstrip("*")
        if not word:
            continue
        quoted = '"' + word.replace('"', '""') + '"'
        terms.append(quoted + ("*" if prefix else ""))
    return " ".join(terms)


# The filters are uncorrelated subqueries (each worked out once per search), not joins: a
# common word matches tens of thousands of notes, and each join costs a lookup per match.
_NOTES = """
SELECT 'note' AS source, n.id, n.created_at
FROM notes_fts
JOIN notes n ON n.id = notes_fts.rowid
WHERE notes_fts MATCH :query AND n.deleted_at IS NULL
  AND (n.kind <> 'action' OR NOT EXISTS (SELECT 1 FROM actions x WHERE x.note_id = n.id))
  AND (:account IS NULL
       OR n.account_id IN (SELECT id FROM accounts WHERE name = :account COLLATE NOCASE))
  AND (:owner IS NULL
       OR n.account_id IN (SELECT id FROM accounts WHERE owner = :owner COLLATE NOCASE))
  AND (:kind IS NULL OR n.kind = :kind)
  AND (:since IS NULL OR n.meeting_id IN (SELECT id FROM meetings WHERE started_at >= :since))
  AND (:within IS NULL OR n.account_id IN (SELECT value FROM json_each(:within))
       OR (n.account_id IS NULL
           AND n.meeting_id IN (SELECT id FROM meetings WHERE series_id = :series)))
"""

_ACTIONS = """
SELECT 'action' AS source, ac.id, ac.created_at
FROM actions_fts
JOIN actions ac ON ac.id = actions_fts.rowid
WHERE actions_fts MATCH :query
  AND (:account IS NULL
       OR ac.account_id IN (SELECT id FROM accounts WHERE name = :account COLLATE NOCASE))
  AND (:owner IS NULL OR ac.owner = :owner COLLATE NOCASE
       OR ac.account_id IN (SELECT id FROM accounts WHERE owner = :owner COLLATE NOCASE))
  AND (:kind IS NULL OR :kind = 'action')
  AND (:since IS NULL OR ac.meeting_id IN (SELECT id FROM meetings WHERE started_at >= :since))
  AND (:within IS NULL OR ac.account_id IN (SELECT value FROM json_each(:within))
       OR (ac.account_id IS NULL
           AND ac.meeting_id IN (SELECT id FROM meetings WHERE series_id = :series)))
"""

_NOTE_DETAILS = """
SELECT n.id, n.meeting_id, m.started_at AS meeting_started_at, m.title AS meeting_title,
       i.title AS section, a.name AS account, n.kind, n.created_at,
       snippet(notes_fts, 0, :start, :end, :ellipsis, :tokens) AS snippet,
       notes_fts.rank AS rank
FROM notes_fts
JOIN notes n ON n.id = notes_fts.rowid
JOIN meetings m ON m.id = n.meeting_id
LEFT JOIN agenda_items i ON i.id = n.agenda_item_id
LEFT JOIN accounts a ON a.id = n.account_id
WHERE notes_fts MATCH :query AND notes_fts.rowid >= :low AND notes_fts.rowid <= :high
  AND +notes_fts.rowid IN (SELECT value FROM json_each(:ids))
"""

_ACTION_DETAILS = """
SELECT ac.id, ac.meeting_id, m.started_at AS meeting_started_at, m.title AS meeting_title,
       i.title AS section, a.name AS account, 'action' AS kind, ac.created_at,
       snippet(actions_fts, 0, :start, :end, :ellipsis, :tokens) AS snippet,
       actions_fts.rank AS rank
FROM actions_fts
JOIN actions ac ON ac.id = actions_fts.rowid
JOIN meetings m ON m.id = ac.meeting_id
LEFT JOIN notes n ON n.id = ac.note_id
LEFT JOIN agenda_items i ON i.id = n.agenda_item_id
LEFT JOIN accounts a ON a.id = ac.account_id
WHERE actions_fts MATCH :query AND actions_fts.rowid >= :low AND actions_fts.rowid <= :high
  AND +actions_fts.rowid IN (SELECT value FROM json_each(:ids))
"""


def search(
    db: Database,
    query: str,
    account: str | None = None,
    owner: str | None = None,
    kind: str | None = None,
    since: str | None = None,
    limit: int = 50,
    within: Sequence[int] | None = None,
    series_id: int | None = None,
) -> list[SearchHit] | SearchError:
    """Notes (not deleted) and actions matching every word of `query`, newest first (the
    better match first among equally new), at most `limit`.

    `account`: the account's name; `owner`: the account's owner (or the action's); `kind`: a
    note kind, or 'action'; `since`: an ISO date or instant, meetings started from then on;
    `within`: only these accounts' notes and actions, and those on no account said in the
    meetings of series `series_id`."""
    match = fts_query(query)
    if not match:
        return SearchError("nothing to search for: type a word")
    with_actions = kind is None or kind == "action"
    parts = f"{_NOTES} UNION ALL {_ACTIONS}" if with_actions else _NOTES
    params: dict[str, object] = {
        "query": match,
        "account": account,
        "owner": owner,
        "kind": kind,
        "since": since,
        "within": None if within is None else json.dumps([int(i) for i in within]),
        "series": series_id,
    }
    # bm25 is the costly part of a query matching many rows, so it is worked out only for
    # the newest hits: those up to `limit` plus any as new as the last of them (a tie there
    # is settled by the better match).
    limit = max(0, int(limit))
    newest = f"SELECT source, id, created_at FROM ({parts}) ORDER BY created_at DESC, id DESC"
    try:
        with db.read_snapshot() as conn:
            extra = limit + 50
            candidates = conn.execute(f"{newest} LIMIT :n", {**params, "n": extra}).fetchall()
            if limit and len(candidates) > limit:
                cutoff = candidates[limit - 1][2]
                if candidates[-1][2] == cutoff:  # the tie runs on: take all of it
                    tied = conn.execute(
                        f"SELECT source, id, created_at FROM ({parts}) WHERE created_at = :cutoff",
                        {**params, "cutoff": cutoff},
                    ).fetchall()
                    candidates = [c for c in candidates if c[2] > cutoff] + tied
                else:
                    candidates = [c for c in candidates if c[2] >= cutoff]
            ranked: list[tuple[SearchHit, float]] = []
            for source, sql in (("note", _NOTE_DETAILS), ("action", _ACTION_DETAILS)):
                ids = [i for s, i, _ in candidates if s == source]
                if not ids:
                    continue
                rows = conn.execute(
                    sql,
                    {
                        "query": match,
                        # The range lets FTS5 read only that stretch of its index (fast);
                        # `IN` alone would walk every match.
                        "low": min(ids),
                        "high": max(ids),
                        "ids": "[" + ",".join(str(int(i)) for i in ids) + "]",
                        "start": MATCH_START,
                        "end": MATCH_END,
                        "ellipsis": ELLIPSIS,
                        "tokens": SNIPPET_TOKENS,
                    },
                ).fetchall()
                ranked += [(SearchHit(source, *row[:-1]), float(row[-1])) for row in rows]
    except sqlite3.OperationalError as error:
        return SearchError(f"cannot search for {query.strip()[:60]!r}: {one_line(str(error))}")
    ranked.sort(key=lambda pair: (_Desc(pair[0].created_at), pair[1], -pair[0].id))
    return [hit for hit, _ in ranked[:limit]]


class _Desc:
    """Sorts strings backwards (newest ISO instant first)."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __lt__(self, other: _Desc) -> bool:
        return self.value > other.value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Desc) and self.value == other.value


def one_line(text: str) -> str:
    return " ".join(text.split())


def scope_account_ids(db: Database, scope: ScopeFilter) -> list[int]:
    """The ids of the accounts a scope covers."""
    where, params = scope_where(scope, "a")
    return db.column(f"SELECT a.id FROM accounts a WHERE {where}", tuple(params))
