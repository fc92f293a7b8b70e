"""The clock protocol: everything time-based asks an injected clock, never the wall."""

from __future__ import annotations

from typing import Protocol

import pendulum


class Clock(Protocol):
    tz: str  # the user's time zone name, for "today" and for showing times

    def now(self) -> pendulum.DateTime:
        """The current instant, in UTC."""
        ...

    def today(self) -> pendulum.Date:
        """Today's date in the user's time zone."""
        ...


class SystemClock:
    """The real clock. `tz` is the user's zone for "today" (local by default)."""

    def __init__(self, tz: str | None = None) -> None:
        zone = pendulum.timezone(tz) if tz else pendulum.local_timezone()  # type: ignore[operator,unused-ignore]
        self.tz: str = zone.name

    def now(self) -> pendulum.DateTime:
        return pendulum.now("UTC")

    def today(self) -> pendulum.Date:
        return pendulum.now(self.tz).date()


class ManualClock:
    """A clock that only moves when told to; for tests and replay."""

    def __init__(self, start: pendulum.DateTime | str, tz: str = "UTC") -> None:
        if isinstance(start, str):
            parsed = pendulum.parse(start)
            assert isinstance(parsed, pendulum.DateTime)
            start = parsed
        self._now = start.in_timezone("UTC")
        self.tz: str = tz

    def now(self) -> pendulum.DateTime:
        return self._now

    def today(self) -> pendulum.Date:
        return self._now.in_timezone(self.tz).date()

    def advance(self, seconds: float = 0, minutes: float = 0) -> None:
        self._now = self._now.add(seconds=int(seconds) + int(minutes * 60))

    def set(self, moment: pendulum.DateTime) -> None:
        self._now = moment.in_timezone("UTC")
