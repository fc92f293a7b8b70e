"""Hostile text for tests: anything a user, a CSV cell or a pasted note might contain.

Import it from any test under tests/ (conftest.py puts this folder on the import path):

    from hostile import HOSTILE_TEXTS

Every entry must survive storage byte for byte, and must never be rendered as Rich markup
or reach the terminal as an escape sequence.
"""

from __future__ import annotations

HUGE_TEXT = ("Renewal risk 顧客 👩‍💼 [b]x[/b] \\ " * 400)[:10_000]

HOSTILE_TEXTS: list[str] = [
    "[bold]",
    "[/]",
    "[/",
    "[link=x]y",
    "[@click=app.quit]x[/]",
    "[bold red]Acme[/bold red] \\[escaped\\]",
    "back\\slash \\\\ and trailing \\",
    "C:\\Users\\acme\\notes.txt",
    "\x1b]0;PWNED\x07",
    "\x1b]52;c;SGVsbG8=\x07",
    "\x1b[31mred\x1b[0m",
    "\x9b31m",
    "\u202eevil.exe\u202c reversed",
    "👨\u200d👩\u200d👧\u200d👦 family, zwj\u200djoined",
    "顧客レビュー",
    "👩‍💼📈",
    '=HYPERLINK("http://x","y")',
    "Robert'); DROP TABLE accounts;--",
    "line one\nline two\ttabbed",
    HUGE_TEXT,
    "",
]

# The characters that must never survive cleaning for display (terminal controls, bidi).
FORBIDDEN_ON_SCREEN = ("\x1b", "\x9b", "\x9d", "\x07", "\u202e", "\u202c")

# Written into the database with plain SQL, as any other program could: one per row, in turn.
STORED_HOSTILE: list[str] = [
    "[bold]",
    "[/]",
    "[/",
    "[@click=app.quit]x[/]",
    "\x1b]0;PWNED\x07",
    "\x1b]52;c;SGVsbG8=\x07",
    "\x1b[2J",
    "\x9b31m\x9d0;x\x9c",
    "\u202eevil.exe\u202c",
    "顧客 👩‍💼📈 wide",
    "ctl\x00\x01\x08\x0b\x0c\x0e\x1f\x7f\x85end",
    "x" * 5_000,
]

# Columns the app parses (dates, timestamps, enumerations, JSON, scopes): garbage there may
# legitimately be refused, so only free-text columns get hostile values.
PARSED_COLUMNS = {
    ("*", "status"),
    ("*", "kind"),
    ("*", "template"),
    ("*", "scope"),
    ("accounts", "goals"),
    ("agenda_items", "prompts"),
    ("agenda_items", "segments"),
    ("actions", "due"),
    ("actions", "promised_due"),
    ("action_redates", "old_due"),
    ("action_redates", "new_due"),
    ("metric_snapshots", "as_of"),
    # The snapshots' derived summaries (store/trends.py): dates and statuses, never shown.
    ("account_trends", "as_of"),
    ("account_trends", "prev_status"),
    ("status_changes", "as_of"),
    ("status_changes", "previous"),
    ("accounts", "client_since"),
    ("accounts", "renewal_date"),
    ("accounts", "last_touch"),
    ("accounts", "last_engaged"),
    ("account_reviews", "renewal_date"),
    ("series", "cadence"),
    ("benchmarks", "scope_kind"),
    ("benchmarks", "metric"),
    ("plans", "month"),
    ("plans", "metric"),
}
SKIPPED_TABLES = {"schema_migrations"}


def _parsed(table: str, column: str) -> bool:
    if column.endswith(("_at", "_on")):
        return True
    return (table, column) in PARSED_COLUMNS or ("*", column) in PARSED_COLUMNS


def poison_text_columns(path: object) -> list[tuple[str, str]]:
    """Overwrite every free-text column of every table in the SQLite file at `path` with
    hostile text, through plain sqlite3; returns the (table, column) pairs written."""
    import sqlite3

    conn = sqlite3.connect(str(path))
    written: list[tuple[str, str]] = []
    try:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND sql NOT LIKE 'CREATE VIRTUAL%' AND instr(name, '_fts') = 0"
                " AND name NOT LIKE 'sqlite!_%' ESCAPE '!'"
            )
        ]
        for table in tables:
            if table in SKIPPED_TABLES:
                continue
            for _, column, kind, *_ in conn.execute(f"PRAGMA table_info({table})").fetchall():
                if kind.upper() != "TEXT" or _parsed(table, column):
                    continue
                rows = conn.execute(f"SELECT rowid FROM {table}").fetchall()
                for (rowid,) in rows:
                    value = STORED_HOSTILE[rowid % len(STORED_HOSTILE)] + f" #{rowid}"
                    conn.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", (value, rowid))
                written.append((table, column))
        conn.commit()
    finally:
        conn.close()
    return written


def control_characters(text: str) -> set[str]:
    """The characters in `text` a terminal would act on: C0 (but newline and tab), DEL, C1,
    and bidi overrides."""
    return {
        c
        for c in text
        if (ord(c) < 0x20 and c not in "\n\t")
        or 0x7F <= ord(c) <= 0x9F
        or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    }
