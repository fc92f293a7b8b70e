"""Data health: anomalies in an account's metric history, explained in plain words.

Three checks, found over a whole book in SQL (`store.health_scan`); this module holds what
they mean, how they rank, and `describe`, which writes the sentence for a flag the scan found
from that account's snapshots (oldest first; anything with `as_of` and the metric attributes,
such as `store.accounts.Snapshot`):

- a jump: a metric moved by more than `factor` (default 3x) between two consecutive
  snapshots, up or down, e.g. "cost per lead up 10.2x between 2 Nov and 6 Nov ($4.10 to $41.82)";
- low health: the latest health score is below `threshold` (default 40);
- falling usage: each of the last `run` snapshots (default 3) shows lower usage than the one
  before it.

Pure functions: no clock, no database. Empty values are skipped, never guessed.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

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
        return f"${value / 100:,.2f}"
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


KIND_RANK: dict[FlagKind, int] = {"low-health": 0, "usage-decline": 1, "jump": 2}


def summary(kind: FlagKind, metric: str) -> str:
    """A short sentence for a flag whose full explanation is not at hand."""
    if kind == "low-health":
        return "health is below the threshold"
    if kind == "usage-decline":
        return "usage keeps falling"
    words = JUMP_METRICS.get(metric, (metric.replace("_", " "), False))[0]
    return f"{words} jumped"


def _jump_message(history: Sequence[Any], metric: str, when: dt.date) -> str | None:
    snaps = _ordered(history)
    for before, after in itertools.pairwise(snaps):
        if _as_of(after) != when:
            continue
        old, new = _value(before, metric), _value(after, metric)
        if old is None or new is None:
            return None
        words, money = JUMP_METRICS.get(metric, (metric.replace("_", " "), False))
        span = _between(_as_of(before), _as_of(after))
        values = f"({_number(old, money)} to {_number(new, money)})"
        if old == 0 or new == 0:
            return f"{words} {'up from zero' if old == 0 else 'down to zero'} {span} {values}"
        ratio = new / old if new > old else old / new
        return f"{words} {'up' if new > old else 'down'} {ratio:.1f}x {span} {values}"
    return None


def _low_health_message(history: Sequence[Any], threshold: float) -> str | None:
    snaps = [s for s in _ordered(history) if _value(s, "health") is not None]
    if not snaps:
        return None
    latest = snaps[-1]
    health = _value(latest, "health") or 0.0
    limit = _number(threshold)
    start = len(snaps) - 1
    while start > 0 and (_value(snaps[start - 1], "health") or 0) < threshold:
        start -= 1
    if start == 0 and len(snaps) > 1:
        return (
            f"health {_number(health)} is below {limit};"
            f" it has been below since at least {_day(_as_of(snaps[0]), _as_of(latest))}"
        )
    if start == 0:
        return f"health {_number(health)} is below {limit} ({_day(_as_of(latest))})"
    before = snaps[start - 1]
    crossed = _as_of(snaps[start])
    message = (
        f"health fell below {limit} {_between(_as_of(before), crossed)}"
        f" ({_number(_value(before, 'health') or 0)} to"
        f" {_number(_value(snaps[start], 'health') or 0)})"
    )
    if start < len(snaps) - 1:
        message += f"; now {_number(health)}"
    return message


def _usage_message(history: Sequence[Any]) -> str | None:
    snaps = _ordered(history)
    drops, index = 0, len(snaps) - 1
    while index > 0:
        old, new = _value(snaps[index - 1], "usage"), _value(snaps[index], "usage")
        if old is None or new is None or new >= old:
            break
        drops += 1
        index -= 1
    if not drops:
        return None
    first, last = snaps[index], snaps[-1]
    return (
        f"usage dropped {drops} snapshots in a row {_between(_as_of(first), _as_of(last))}"
        f" ({_number(_value(first, 'usage') or 0)}% to {_number(_value(last, 'usage') or 0)}%)"
    )


def describe(
    kind: FlagKind, metric: str, when: dt.date, history: Sequence[Any], threshold: float
) -> str:
    """The sentence for a flag the scan found on `when`, from the same window of snapshots it
    read (`summary` only if those snapshots cannot explain it, which the tests rule out)."""
    if kind == "jump":
        message = _jump_message(history, metric, when)
    elif kind == "low-health":
        message = _low_health_message(history, threshold)
    else:
        message = _usage_message(history)
    return message or summary(kind, metric)
