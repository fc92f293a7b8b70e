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
