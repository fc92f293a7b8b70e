"""Small pictures of numbers: sparklines, and what changed since an account was last reviewed."""

from __future__ import annotations

from collections.abc import Sequence

BARS = "▁▂▃▄▅▆▇█"


def sparkline(
    values: Sequence[float | None], low: float | None = None, high: float | None = None
) -> str:
    """One character per value, scaled between `low` and `high` (default: the values' range).

    Missing values show as a space, so gaps in the history stay visible.
    """
    present = [v for v in values if v is not None]
    if not present:
        return ""
    bottom = min(present) if low is None else low
    top = max(present) if high is None else high
    span = top - bottom
    chars = []
    for value in values:
        if value is None:
            chars.append(" ")
        elif span <= 0:
            chars.append(BARS[len(BARS) // 2])
        else:
            ratio = (min(max(value, bottom), top) - bottom) / span
            chars.append(BARS[min(int(ratio * len(BARS)), len(BARS) - 1)])
    return "".join(chars)


def money(cents: int | None) -> str:
    """$1.2M, $85k, $950 — amounts as people say them in a meeting."""
    if cents is None:
        return "-"
    dollars = cents / 100
    sign = "-" if dollars < 0 else ""
    dollars = abs(dollars)
    if dollars >= 1_000_000:
        return f"{sign}${dollars / 1_000_000:.1f}M"
    if dollars >= 10_000:
        return f"{sign}${dollars / 1000:.0f}k"
    if dollars >= 1000:
        return f"{sign}${dollars / 1000:.1f}k"
    return f"{sign}${dollars:.0f}"


def change(
    label: str, before: float | None, after: float | None, fmt: str = "{:.0f}"
) -> str | None:
    """'health 62 → 48 (-14)', or None when nothing changed or a side is unknown."""
    if before is None or after is None or before == after:
        return None
    delta = after - before
    sign = "+" if delta > 0 else "-"
    return f"{label} {fmt.format(before)} → {fmt.format(after)} ({sign}{fmt.format(abs(delta))})"
