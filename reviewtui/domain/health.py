"""Data health: anomalies in an account's metric history, explained in plain words.

Three checks over the snapshots of one account (oldest first; anything with `as_of` and the
metric attributes, such as `store.accounts.Snapshot`):

- a jump: a metric moved by more than `factor` (default 3x) between two consecutive
  snapshots, up or down, e.g. "cost per lead up 10.2x between 2 Nov and 6 Nov (4.10 to 41.82)";
- low health: the latest health score is below `threshold` (default 40);
- falling usage: each of the last `run` snapshots (default 3) shows lower usage than the one
  before it.

Pure functions: no clock, no database. Empty values are skipped, never guessed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

DEFAULT_FACTOR = 3.0
DEFAULT_THRESHOLD = 40.0
DEFAULT_RUN = 3
STEEP_FALL = 0.5  # falling usage that lost at least this share is severe

HIGH, MEDIUM, LOW = 3, 2, 1
SEVERITY_LABELS = {HIGH: "high", MEDIUM: "medium", LOW: "low"}

# Metric attribute -> (words, money in cents?)
JUMP_METRICS: dict[str, tuple[str, bool]] = {
    "cost_per_lead_cents": ("cost per lead", True),
    "spend_cents": ("spend", True),
    "usage": ("usage", False),
    "health": ("health", False),
    "leads": ("leads", False),
}

FlagKind = Literal["jump", "low-health", "usage-decline"]


@dataclass(frozen=True)
class HealthFlag:
    """One anomaly: what, how bad, and a sentence a meeting can read out."""

    kind: FlagKind
    metric: str
    severity: int  # HIGH, MEDIUM or LOW
    score: float  # size of the anomaly, to order flags of the same severity
    message: str
    as_of: dt.date  # the snapshot where it shows

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]


def _as_of(snapshot: Any) -> dt.date:
    value = snapshot.as_of
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _ordered(history: Iterable[Any]) -> list[Any]:
    return sorted(history, key=_as_of)


def _day(value: dt.date, other: dt.date | None = None) -> str:
    text = f"{value.day} {value.strftime('%b')}"
    return f"{text} {value.year}" if other is not None and other.year != value.year else text


def _between(first: dt.date, second: dt.date) -> str:
    return f"between {_day(first, second)} and {_day(second, first)}"


def _number(value: float, money: bool = False) -> str:
    if money:
        return f"{value / 100:,.2f}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def _value(snapshot: Any, metric: str) -> float | None:
    value = getattr(snapshot, metric, None)
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def check_factor(factor: float) -> None:
    if factor <= 1:
        raise ValueError("the factor must be more than 1")


def check_run(run: int) -> None:
    if run < 1:
        raise ValueError("the run must be at least 1")


def jumps(
    history: Iterable[Any],
    factor: float = DEFAULT_FACTOR,
    metrics: Sequence[str] = tuple(JUMP_METRICS),
) -> list[HealthFlag]:
    """A flag for each metric that moved by more than `factor` between consecutive snapshots."""
    check_factor(factor)
    snaps = _ordered(history)
    flags = []
    for metric in metrics:
        words, money = JUMP_METRICS.get(metric, (metric.replace("_", " "), False))
        for before, after in itertools.pairwise(snaps):
            old, new = _value(before, metric), _value(after, metric)
            if old is None or new is None or old < 0 or new < 0 or old == new:
                continue
            when = _between(_as_of(before), _as_of(after))
            values = f"({_number(old, money)} to {_number(new, money)})"
            if old == 0 or new == 0:
                change = "up from zero" if old == 0 else "down to zero"
                message = f"{words} {change} {when} {values}"
                flags.append(HealthFlag("jump", metric, HIGH, math.inf, message, _as_of(after)))
                continue
            ratio = new / old if new > old else old / new
            if ratio <= factor:
                continue
            direction = "up" if new > old else "down"
            message = f"{words} {direction} {ratio:.1f}x {when} {values}"
            severity = HIGH if ratio >= 2 * factor else MEDIUM
            flags.append(HealthFlag("jump", metric, severity, ratio, message, _as_of(after)))
    return flags


def low_health(history: Iterable[Any], threshold: float = DEFAULT_THRESHOLD) -> list[HealthFlag]:
    """A flag when the latest health score is below `threshold`, saying since when."""
    snaps = [s for s in _ordered(history) if _value(s, "health") is not None]
    if not snaps:
        return []
    latest = snaps[-1]
    health = _value(latest, "health")
    assert health is not None
    if health >= threshold:
        return []
    limit = _number(threshold)
    start = len(snaps) - 1
    while start > 0 and (_value(snaps[start - 1], "health") or 0) < threshold:
        start -= 1
    if start == 0 and len(snaps) > 1:
        message = (
            f"health {_number(health)} is below {limit};"
            f" it has been below since at least {_day(_as_of(snaps[0]), _as_of(latest))}"
        )
    elif start == 0:
        message = f"health {_number(health)} is below {limit} ({_day(_as_of(latest))})"
    else:
        before = snaps[start - 1]
        crossed = _as_of(snaps[start])
        old = _value(before, "health")
        assert old is not None
        message = (
            f"health fell below {limit} {_between(_as_of(before), crossed)}"
            f" ({_number(old)} to {_number(_value(snaps[start], 'health') or 0)})"
        )
        if start < len(snaps) - 1:
            message += f"; now {_number(health)}"
    return [HealthFlag("low-health", "health", HIGH, threshold - health, message, _as_of(latest))]


def usage_decline(history: Iterable[Any], run: int = DEFAULT_RUN) -> list[HealthFlag]:
    """A flag when usage dropped at each of the last `run` snapshots (or more, counted)."""
    check_run(run)
    snaps = _ordered(history)
    drops = 0
    index = len(snaps) - 1
    while index > 0:
        old, new = _value(snaps[index - 1], "usage"), _value(snaps[index], "usage")
        if old is None or new is None or new >= old:
            break
        drops += 1
        index -= 1
    if drops < run:
        return []
    first, last = snaps[index], snaps[-1]
    old, new = _value(first, "usage"), _value(last, "usage")
    assert old is not None and new is not None
    fall = (old - new) / old if old else 0.0
    message = (
        f"usage dropped {drops} snapshots in a row {_between(_as_of(first), _as_of(last))}"
        f" ({_number(old)} to {_number(new)})"
    )
    severity = HIGH if fall >= STEEP_FALL else MEDIUM
    return [HealthFlag("usage-decline", "usage", severity, fall, message, _as_of(last))]


KIND_RANK: dict[FlagKind, int] = {"low-health": 0, "usage-decline": 1, "jump": 2}


def sort_key(flag: HealthFlag) -> tuple[int, int, float, int]:
    """Most severe first; then low health, falling usage, jumps; then the biggest, the newest."""
    return (-flag.severity, KIND_RANK[flag.kind], -flag.score, -flag.as_of.toordinal())


def summary(kind: FlagKind, metric: str) -> str:
    """A short sentence for a flag whose full explanation is not at hand."""
    if kind == "low-health":
        return "health is below the threshold"
    if kind == "usage-decline":
        return "usage keeps falling"
    words = JUMP_METRICS.get(metric, (metric.replace("_", " "), False))[0]
    return f"{words} jumped"


def sort_flags(flags: Iterable[HealthFlag]) -> list[HealthFlag]:
    return sorted(flags, key=sort_key)


def health_flags(
    history: Iterable[Any],
    *,
    factor: float = DEFAULT_FACTOR,
    threshold: float = DEFAULT_THRESHOLD,
    run: int = DEFAULT_RUN,
) -> list[HealthFlag]:
    """Every anomaly in one account's history, most severe first."""
    snaps = _ordered(history)
    return sort_flags(
        [*low_health(snaps, threshold), *usage_decline(snaps, run), *jumps(snaps, factor)]
    )
