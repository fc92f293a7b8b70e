"""The data-health checks written plainly in Python, one account's history at a time.

The product finds flags in SQL (`store.health_scan`) and only writes their sentences in
Python (`domain.health.describe`). This is the independent reading the tests hold the SQL
against, message for message: any disagreement fails `tests/store/test_health_scan.py`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from typing import Any

from reviewtui.domain.health import (
    HIGH,
    JUMP_METRICS,
    KIND_RANK,
    MEDIUM,
    STEEP_FALL,
    HealthFlag,
    _as_of,
    _between,
    _day,
    _number,
    _ordered,
    _value,
    check_factor,
    check_run,
)

DEFAULT_FACTOR = 3.0
DEFAULT_THRESHOLD = 40.0
DEFAULT_RUN = 3


def sort_key(flag: HealthFlag) -> tuple[int, int, float, int]:
    """Most severe first; then low health, falling usage, jumps; then the biggest, the newest."""
    return (-flag.severity, KIND_RANK[flag.kind], -flag.score, -flag.as_of.toordinal())


def sort_flags(flags: Iterable[HealthFlag]) -> list[HealthFlag]:
    return sorted(flags, key=sort_key)


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
        f" ({_number(old)}% to {_number(new)}%)"
    )
    severity = HIGH if fall >= STEEP_FALL else MEDIUM
    return [HealthFlag("usage-decline", "usage", severity, fall, message, _as_of(last))]


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
