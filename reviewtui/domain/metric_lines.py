"""Every metric of an account as a line a meeting can read out: value, unit, picture, trend.

    health 62  ▆▆▅▄▃  down 9 over 3 months
    spend $48k ▃▄▅▄▄  on pace: 48% of the month's plan at 50% of the month
    cost per lead $41.82 vs benchmark $30.00: $11.82 worse (39%)

Also how long an account has had its status ("red since 14 Oct (49 days)"). Pure functions
over snapshots (anything with `as_of` and the metric attributes, oldest first or not): no
clock, no database; the day is always passed in.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from reviewtui.domain.trends import sparkline

TREND_DAYS = 90  # a trend compares the latest value with the one about this long before


@dataclass(frozen=True)
class MetricSpec:
    attr: str  # the snapshot attribute
    label: str
    unit: str  # shown after the value ("" for money, which carries its $)
    money: bool = False
    higher_is_better: bool | None = True  # None: neither (spend is planned, not "better")
    additive: bool = False  # a month's values add up (spend, leads): paced against a plan
    flat: float = 1.0  # a change smaller than this is "flat" (cents for money)
    low: float | None = None  # the sparkline's fixed scale, when the metric has one
    high: float | None = None


METRICS: tuple[MetricSpec, ...] = (
    MetricSpec("health", "health", "/100", flat=2, low=0, high=100),
    MetricSpec("usage", "usage", "%", flat=2, low=0, high=100),
    MetricSpec("nps", "NPS", "", flat=3, low=-100, high=100),
    MetricSpec("arr_cents", "ARR", "", money=True, flat=100),
    MetricSpec("spend_cents", "spend", "/mo", money=True, higher_is_better=None, additive=True),
    MetricSpec("cost_per_lead_cents", "cost per lead", "", money=True, higher_is_better=False),
    MetricSpec("leads", "leads", "/mo", additive=True),
)
BY_NAME = {m.attr: m for m in METRICS}
# Names people write in a CSV or config.toml for each metric.
ALIASES = {
    "health": "health",
    "usage": "usage",
    "nps": "nps",
    "arr": "arr_cents",
    "spend": "spend_cents",
    "cost_per_lead": "cost_per_lead_cents",
    "cpl": "cost_per_lead_cents",
    "leads": "leads",
    **{m.attr: m.attr for m in METRICS},
}


def metric_name(text: str) -> str | None:
    """The snapshot attribute a written metric name means ("cost per lead" -> ...), or None."""
    return ALIASES.get("_".join(text.strip().lower().replace("-", " ").split()))


def _day_of(snapshot: Any) -> dt.date:
    value = snapshot.as_of
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def short_day(day: dt.date, today: dt.date | None = None) -> str:
    text = f"{day.day} {day.strftime('%b')}"
    return text if today is None or today.year == day.year else f"{text} {day.year}"


def show(spec: MetricSpec, value: float | None) -> str:
    """A value as said in a meeting: $41.82 per lead, $1.2M ARR, 62 health."""
    if value is None:
        return "-"
    if spec.money:
        dollars = value / 100
        if abs(dollars) >= 1_000_000:
            return f"${dollars / 1_000_000:.1f}M"
        if abs(dollars) >= 10_000:
            return f"${dollars / 1000:.0f}k"
        if abs(dollars) >= 1000:
            return f"${dollars / 1000:.1f}k"
        return f"${dollars:,.2f}"
    return f"{value:,.0f}" if float(value).is_integer() or abs(value) >= 10 else f"{value:.1f}"


def _months(days: int) -> str:
    if days >= 28:
        months = max(1, round(days / 30.44))
        return "1 month" if months == 1 else f"{months} months"
    return "1 day" if days == 1 else f"{days} days"


@dataclass(frozen=True)
class Trend:
    """How a metric moved: its latest value against the one `span_days` before it."""

    latest: float
    earlier: float | None
    span_days: int
    direction: str  # "up", "down", "flat" or "new"

    @property
    def delta(self) -> float:
        return 0.0 if self.earlier is None else self.latest - self.earlier


def trend(spec: MetricSpec, history: Iterable[Any], days: int = TREND_DAYS) -> Trend | None:
    """The latest value against the newest one at least `days` older (else the oldest known);
    None when the metric was never recorded."""
    points = sorted(
        (
            (_day_of(s), v)
            for s in history
            if (v := _number(getattr(s, spec.attr, None))) is not None
        ),
        key=lambda p: p[0],
    )
    if not points:
        return None
    last_day, latest = points[-1]
    if len(points) == 1:
        return Trend(latest, None, 0, "new")
    cutoff = last_day - dt.timedelta(days=days)
    older = [p for p in points[:-1] if p[0] <= cutoff]
    first_day, earlier = older[-1] if older else points[0]
    delta = latest - earlier
    direction = "flat" if abs(delta) < spec.flat else ("up" if delta > 0 else "down")
    return Trend(latest, earlier, (last_day - first_day).days, direction)


def trend_words(spec: MetricSpec, found: Trend | None) -> str:
    """'health 62, down 9 over 3 months'; 'usage 40, flat over 2 months'; 'NPS 12 (one reading)'."""
    if found is None:
        return f"{spec.label}: no data"
    head = f"{spec.label} {show(spec, found.latest)}"
    if found.direction == "new" or found.earlier is None:
        return f"{head} (one reading)"
    span = _months(found.span_days)
    if found.direction == "flat":
        return f"{head}, flat over {span}"
    change = show(spec, abs(found.delta))
    if spec.money or spec.attr in ("leads",):
        percent = abs(found.delta) / abs(found.earlier) * 100 if found.earlier else None
        if percent is not None:
            change = f"{percent:.0f}%"
            if percent >= 200:  # a jump reads better as a multiple
                low, high = sorted((abs(found.earlier), abs(found.latest)))
                change = f"{high / low:.1f}x" if low else change
    return f"{head}, {found.direction} {change} over {span}"


def verdict(spec: MetricSpec, direction: str) -> str:
    """A mark that reads without colour: + better, - worse, = flat, ~ neither."""
    if direction in ("flat", "new") or spec.higher_is_better is None:
        return "=" if direction == "flat" else "~"
    better = (direction == "up") == spec.higher_is_better
    return "+" if better else "-"


@dataclass(frozen=True)
class MetricLine:
    spec: MetricSpec
    value: str
    spark: str
    words: str
    mark: str  # + better, - worse, = flat, ~ neither


def metric_lines(history: Sequence[Any]) -> list[MetricLine]:
    """One line per metric with at least one value in `history`, in the fixed metric order."""
    lines = []
    ordered = sorted(history, key=_day_of)
    for spec in METRICS:
        found = trend(spec, ordered)
        if found is None:
            continue
        values = [_number(getattr(s, spec.attr, None)) for s in ordered]
        lines.append(
            MetricLine(
                spec,
                show(spec, found.latest) + spec.unit,
                sparkline(values, spec.low, spec.high),
                trend_words(spec, found),
                verdict(spec, found.direction),
            )
        )
    return lines


# -- status history ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusSince:
    status: str
    since: dt.date
    days: int
    at_least: bool  # the history starts with this status: it may have been so even longer

    def words(self, today: dt.date | None = None) -> str:
        """'red since 14 Oct (49 days)'."""
        prefix = "at least since" if self.at_least else "since"
        days = "1 day" if self.days == 1 else f"{self.days} days"
        return f"{self.status} {prefix} {short_day(self.since, today)} ({days})"


def status_since(
    status: str | None,
    changed_on: dt.date | None,
    history: Iterable[Any],
    today: dt.date,
) -> StatusSince | None:
    """Since when the account has had its current `status` (red or yellow; green is no news).

    The recorded change date wins when there is one; otherwise the first snapshot of the
    latest unbroken run with this status."""
    if status not in ("red", "yellow"):
        return None
    if changed_on is not None and changed_on <= today:
        return StatusSince(status, changed_on, (today - changed_on).days, False)
    snaps = [s for s in sorted(history, key=_day_of) if _day_of(s) <= today]
    start: dt.date | None = None
    index = len(snaps) - 1
    while index >= 0 and getattr(snaps[index], "status", None) == status:
        start = _day_of(snaps[index])
        index -= 1
    if start is None:
        return None
    return StatusSince(status, start, (today - start).days, index < 0)


# -- pacing against a plan and comparing with benchmarks ---------------------------------------


@dataclass(frozen=True)
class Pacing:
    spec: MetricSpec
    planned: float
    actual: float
    share_of_plan: float  # actual / planned
    share_of_month: float  # days gone / days in the month
    reported: bool = True  # a snapshot of this month exists

    @property
    def state(self) -> str:
        gap = self.share_of_plan - self.share_of_month
        if abs(gap) <= 0.1:
            return "on pace"
        return "ahead of plan" if gap > 0 else "behind plan"

    def words(self) -> str:
        """'spend on pace: 48% of the month's plan at 50% of the month'."""
        if not self.reported:
            return (
                f"{self.spec.label}: no figure for this month yet"
                f" (plan {show(self.spec, self.planned)},"
                f" {self.share_of_month:.0%} of the month gone)"
            )
        return (
            f"{self.spec.label} {self.state}: {self.share_of_plan:.0%} of the month's plan"
            f" ({show(self.spec, self.actual)} of {show(self.spec, self.planned)})"
            f" at {self.share_of_month:.0%} of the month"
        )


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def pacing(spec: MetricSpec, planned: float, history: Iterable[Any], today: dt.date) -> Pacing:
    """How far this month has got against the month's plan: a snapshot holds the month so
    far (spend to date), so the latest one of this month counts (none yet: nothing so far);
    and how much of the month has gone (today counted as gone)."""
    first = today.replace(day=1)
    this_month = sorted(
        (_day_of(s), v)
        for s in history
        if first <= _day_of(s) <= today and (v := _number(getattr(s, spec.attr, None))) is not None
    )
    actual = this_month[-1][1] if this_month else 0.0
    days = calendar.monthrange(today.year, today.month)[1]
    share = actual / planned if planned else 0.0
    return Pacing(spec, planned, actual, share, today.day / days, bool(this_month))


@dataclass(frozen=True)
class Benchmarked:
    spec: MetricSpec
    value: float
    benchmark: float
    scope: str  # "tier enterprise", "industry Retail", "group Q4 launch", "all accounts"

    @property
    def gap(self) -> float:
        return self.value - self.benchmark

    @property
    def mark(self) -> str:
        """✓ better than the benchmark, ✗ worse, = level (readable without colour)."""
        if abs(self.gap) < self.spec.flat or self.spec.higher_is_better is None:
            return "="
        better = (self.gap > 0) == self.spec.higher_is_better
        return "✓" if better else "✗"

    def words(self) -> str:
        """'cost per lead $41.82 vs benchmark $30.00 (tier enterprise): $11.82 worse (39%)'."""
        head = (
            f"{self.spec.label} {show(self.spec, self.value)} vs benchmark"
            f" {show(self.spec, self.benchmark)} ({self.scope})"
        )
        if self.mark == "=":
            return f"{head}: = level"
        percent = f" ({abs(self.gap) / abs(self.benchmark):.0%})" if self.benchmark else ""
        judged = "better" if self.mark == "✓" else "worse"
        return f"{head}: {show(self.spec, abs(self.gap))} {judged}{percent}"
