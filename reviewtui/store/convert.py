"""Column values <-> Python values: UTC ISO-8601 text for instants, ISO dates for days."""

from __future__ import annotations

import pendulum


def instant(value: pendulum.DateTime) -> str:
    return value.in_timezone("UTC").to_iso8601_string()


def parse_instant(value: str | None) -> pendulum.DateTime | None:
    if value is None:
        return None
    parsed = pendulum.parse(value)
    assert isinstance(parsed, pendulum.DateTime)
    return parsed.in_timezone("UTC")


def day(value: pendulum.Date | None) -> str | None:
    return value.isoformat() if value is not None else None


def parse_day(value: str | None) -> pendulum.Date | None:
    if not value:
        return None
    year, month, dom = (int(part) for part in value[:10].split("-"))
    return pendulum.date(year, month, dom)
