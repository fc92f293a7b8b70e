"""What every cell parser shares: the error it raises, the "no value" cells, the clean-up
of a cell before it is read, and how a cell is quoted in a message."""

from __future__ import annotations

import re
import unicodedata

from reviewtui.domain.text import clean_input

MAX_VALUE_LENGTH = 100  # a typed cell longer than this is not a value, whatever it says
MAX_CENTS = 10**15  # ten trillion in any currency: anything bigger is a broken cell
_YEAR_RANGE = (1900, 2200)


class ValueParseError(ValueError):
    """A cell that cannot be read as the value its column holds."""


# Cells that mean "no value" in exports (compared after case-folding).
NULL_TOKENS = frozenset({"", "-", "--", "—", "–", "n/a", "na", "#n/a", "null", "none", "nil"})
_SPREADSHEET_ERRORS = re.compile(r"^#(?:value!|ref!|div/0!|name\?|num!|null!|spill!|calc!)$")


def _clean(raw: str) -> str:
    """clean_input, skipped for printable text (most cells), which it cannot change: every
    character it removes (controls, escapes, bidi marks) is non-printable."""
    if raw.isprintable():
        return raw
    return clean_input(raw)


def _prepare(raw: str | None) -> str | None:
    """Cleaned, width-normalised cell text; None for an empty or "no value" cell."""
    if raw is None:
        return None
    if raw.isascii():
        text = _clean(raw).strip()
    else:
        text = unicodedata.normalize("NFKC", _clean(raw)).strip()
    if not text:
        return None
    if len(text) <= 4 and text.casefold() in NULL_TOKENS:
        return None
    if text[0] == "#" and _SPREADSHEET_ERRORS.match(text.casefold()):
        raise ValueParseError(f"the cell holds the spreadsheet error {text}")
    if len(text) > MAX_VALUE_LENGTH:
        raise ValueParseError(f"{len(text)} characters is too long for a value")
    return text


def show(text: str, limit: int = 40) -> str:
    """A cell quoted for a message: one line, bounded."""
    flat = " ".join(clean_input(text).split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return f"'{flat}'"
