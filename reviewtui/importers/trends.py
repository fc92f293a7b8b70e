"""Trend cells: a change since the last period, not a level (`↑ 15%`, `↓ -3%`, `+12 pts`).

Exports put trends next to (or instead of) the value itself. A trend is stored as a change
(`usage_change`, `health_change`), never as the level, so an unknown level stays unknown
rather than wrong.
"""

from __future__ import annotations

import re

from reviewtui.importers.values import ValueParseError, parse_percent, show

_POINTS = re.compile(r"\s*(?:pts?|points?|pp|ppts?)\.?$", re.IGNORECASE)
_ARROWS = "↑▲△⬆⇧↗↓▼▽⬇⇩↘"
_MARKED = re.compile(
    r"^\s*(?:[" + _ARROWS + r"]|[+]|up\b|down\b)|[" + _ARROWS + r"]\s*$"
    r"|(?:pts?|points?|pp|ppts?)\.?\s*$",
    re.IGNORECASE,
)


def parse_change(raw: str | None, decimal_comma: bool = False) -> float | None:
    """A change in percent or points: `↑ 15%`, `↓ -3%`, `+12 pts`, `-3`, `down 2.5`, `0`."""
    if raw is None:
        return None
    text = raw.strip()
    if text.startswith(("↓", "▼", "▽", "⬇", "⇩", "↘")):
        # "↓ -3%" says the same thing twice: a fall of 3.
        rest = text[1:].lstrip()
        if rest.startswith(("-", "\u2212")):
            text = text[0] + rest[1:]
    stripped = _POINTS.sub("", text)
    try:
        return parse_percent(stripped if stripped else text, decimal_comma)
    except ValueParseError:
        raise ValueParseError(f"{show(text)} is not a change (like ↑ 15%, -3, +12 pts)") from None


def looks_like_trend(raw: str) -> bool:
    """Whether a cell is written as a change: an arrow, an explicit +, up/down, or points."""
    return bool(_MARKED.search(raw))
