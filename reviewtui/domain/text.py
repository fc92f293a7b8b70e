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
