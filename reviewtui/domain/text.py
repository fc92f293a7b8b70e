"""Untrusted text made safe to show: no terminal controls, no bidi tricks, bounded length."""

from __future__ import annotations

import re

# C0 controls except tab/newline, DEL, C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidi embeddings/overrides/isolates that can reorder what a reader sees.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# Full escape sequences: CSI, OSC (to BEL or ST), and two-byte escapes.
_ESCAPE_SEQ = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS / SOS / PM / APC
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x9d[^\x07\x9c]*(?:\x07|\x9c)?"  # 8-bit OSC
    r"|\x1b[@-Z\\-_]"  # other two-byte escapes
)


def clean_input(text: str) -> str:
    """Text as stored: escape sequences and control characters removed; tab/newline kept."""
    text = _ESCAPE_SEQ.sub("", text)
    text = _CONTROL.sub("", text)
    return _BIDI.sub("", text)


def one_line(text: str, limit: int | None = None) -> str:
    """Text for a single display line: cleaned, whitespace folded, optionally shortened."""
    flat = " ".join(clean_input(text).split())
    if limit is not None and len(flat) > limit:
        return flat[: max(limit - 1, 0)] + "…"
    return flat


# Left raw by json.dumps(ensure_ascii=False), yet acted on by terminals or reordering text.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]")


def json_text(document: str) -> str:
    """JSON text with DEL, C1 controls and bidi marks written as \\u escapes: the same data,
    safe to print to a terminal. (These characters can only occur inside JSON strings.)"""
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", document)


# A search snippet wraps each match in these two characters (chosen by the store's search);
# they are split out here, before cleaning, and never become markup.
MATCH_START = "\x01"
MATCH_END = "\x02"
_SNIPPET_MARKS = re.compile("([\x01\x02])")
_SPACES = re.compile(r"\s+")


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """A search snippet as (text, is_match) pieces, each cleaned for one display line."""
    parts: list[tuple[str, bool]] = []
    inside = False
    for piece in _SNIPPET_MARKS.split(snippet):
        if piece == MATCH_START:
            inside = True
        elif piece == MATCH_END:
            inside = False
        else:
            text = _SPACES.sub(" ", clean_input(piece))
            if text:
                parts.append((text, inside))
    if parts:
        first, match = parts[0]
        parts[0] = (first.lstrip(), match)
        last, match = parts[-1]
        parts[-1] = (last.rstrip(), match)
    return [(text, match) for text, match in parts if text]


def plain_snippet(snippet: str, start: str = "«", end: str = "»") -> str:
    """A search snippet for plain text: each match between `start` and `end`."""
    return "".join(
        f"{start}{text}{end}" if match else text for text, match in snippet_parts(snippet)
    )


def person_key(name: str) -> str:
    """A name as compared to find the same person: accents, case and spacing ignored
    ("José  Ortiz", "jose ortiz" and "JOSE ORTIZ" are one key)."""
    from reviewtui.domain.names import fold

    return fold(one_line(name))


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`1 action`, `2 actions`, `1,204 accounts`: a count with its noun agreeing."""
    word = noun if count == 1 else (plural or noun + "s")
    return f"{count:,} {word}"
